"""Lint rule `security`: every security requirement names a declared scheme, and the SDK sends every scheme.

A requirement naming a scheme that `components/securitySchemes` does not declare, and a scheme the SDK
does not send itself (http digest, mutualTLS, ...), must be set up on the client's http_client, which the
client then counts as held.
"""

from __future__ import annotations

from typing import Any

from ..openapi.diagnostics import Diagnostic
from ..openapi.load import SpecDocument
from ..openapi.pointer import join_pointer
from ..openapi.refs import deref
from ..openapi.security import EXTERNAL, credential_kind
from ..openapi.walk import iter_operations
from .lint import Lint


def check_security(doc: SpecDocument, lint: Lint) -> list[Diagnostic]:
    """A warning (at the rule's level) per scheme the SDK does not send and per requirement naming no scheme."""
    found: list[Diagnostic] = []
    declared = (doc.data.get("components") or {}).get("securitySchemes") or {}
    for name, raw in declared.items():
        scheme, _ = deref(doc.data, raw, "")
        if isinstance(scheme, dict) and credential_kind(scheme) == EXTERNAL:
            what = f"http {scheme.get('scheme')}" if scheme.get("type") == "http" else scheme.get("type")
            found += lint.check(
                doc,
                "security",
                join_pointer("components", "securitySchemes", name),
                f"security scheme {name!r} ({what}) is not sent by the SDK: configure it on the client's "
                "http_client (an httpx auth or TLS setting); calls that accept it send no credential of their own",
            )
    places = [("/security", doc.data.get("security"))]
    places += [(f"{pointer}/security", raw.get("security")) for pointer, _, _, raw in iter_operations(doc.data)]
    for pointer, requirements in places:
        found += _undeclared(doc, lint, pointer, requirements, declared)
    return found


def _undeclared(doc: SpecDocument, lint: Lint, pointer: str, requirements: Any, declared: Any) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    for index, requirement in enumerate(requirements if isinstance(requirements, list) else []):
        for name in requirement if isinstance(requirement, dict) else {}:
            if name not in declared:
                found += lint.check(
                    doc,
                    "security",
                    f"{pointer}/{index}{join_pointer(name)}",
                    f"security requirement names {name!r}, which components/securitySchemes does not declare: "
                    "the SDK sends nothing for it (set it up on the client's http_client)",
                )
    return found
