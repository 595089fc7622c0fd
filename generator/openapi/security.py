"""What a security scheme asks of a client: the one classification the lint and the IR share."""

from __future__ import annotations

from typing import Any

BEARER, BASIC, API_KEY, EXTERNAL = "bearer", "basic", "apiKey", "external"


def credential_kind(scheme: dict[str, Any]) -> str:
    """`bearer` (http bearer, oauth2, openIdConnect), `basic`, `apiKey` (header, query or cookie, named), else
    `external`: a scheme the SDK does not send (http digest and others, mutualTLS); the client's http_client must."""
    kind, http = str(scheme.get("type", "")).lower(), str(scheme.get("scheme", "")).lower()
    if kind in ("oauth2", "openidconnect") or (kind == "http" and http == "bearer"):
        return BEARER
    if kind == "http" and http == "basic":
        return BASIC
    if kind == "apikey" and scheme.get("in") in ("header", "query", "cookie") and isinstance(scheme.get("name"), str):
        return API_KEY
    return EXTERNAL
