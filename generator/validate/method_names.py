"""Method names that two operations of a resource share: one of them is named apart.

An operation without an operationId (or x-sdk-name) is named from its method and path, which drops the braces:
HERE's `GET /aliases/v2/{trackingId}` and `GET /aliases/v2/trackingId` both give `get_aliases_v2_tracking_id`.
Where lint rule `broken-operation` is not `error`, the one whose path has parameters is named with `by` before
each (`get_aliases_v2_by_tracking_id`, written as its x-sdk-name), with a warning under that rule, so neither is
left out. Two operationIds that make one method name (ClickSend's `List rules` and `List Rules`, both valid): the
later one is named from its method and path (`get_automations_sms_inbound`), likewise; a name still taken is
numbered (DaniWeb's `GET /users/~` beside `GET /users`: `get_users_2`). In this repository's spec/
(the rule at `error`) and under `--strict` the clash stays an error (extensions.check_method_names): a house-style
spec names its operations.
"""

from __future__ import annotations

import copy
import re
from collections import Counter
from dataclasses import replace

from ..openapi.diagnostics import Diagnostic
from ..openapi.load import SpecDocument
from ..openapi.naming import method_name, operation_tag, python_name, resource_name
from ..openapi.pointer import resolve_pointer
from ..openapi.walk import iter_operations
from .broken_operations import RULE
from .lint import Lint

_PARAMETER = re.compile(r"\{([^{}]*)\}")


def _by_parameters(path: str, method: str) -> str:
    """`get /aliases/v2/{trackingId}` -> `get_aliases_v2_by_tracking_id`."""
    return python_name(method + " " + _PARAMETER.sub(r"by \1", path), method)


def name_clashing_derived_methods(doc: SpecDocument, lint: Lint) -> tuple[SpecDocument, list[Diagnostic]]:
    """The document with an x-sdk-name on each templated operation whose derived name another operation of its
    resource also has, and a warning for each; unchanged under `--strict` or where `broken-operation` is `error`."""
    if lint.strict or lint.level(RULE) == "error":
        return doc, []
    operations = list(iter_operations(doc.data))
    names = {
        pointer: (resource_name(operation_tag(op)), method_name(path, method, op))
        for pointer, path, method, op in operations
    }
    taken = Counter(names.values())
    renamed: dict[str, str] = {}
    found: list[Diagnostic] = []
    earlier: set[tuple[str, str]] = set()
    for pointer, path, method, operation in operations:
        resource, name = names[pointer]
        first = (resource, name) not in earlier
        earlier.add((resource, name))
        by_id = not operation.get("x-sdk-name") and bool(str(operation.get("operationId") or "").strip())
        derived = not operation.get("x-sdk-name") and not by_id
        templated = derived and _PARAMETER.search(path) is not None
        if taken[(resource, name)] < 2 or not (templated or (by_id or derived) and not first):
            continue
        # a later operationId of the same name (ClickSend's `List rules` and `List Rules`): its method and path;
        # else `by` its parameters; else numbered (DaniWeb's `GET /users/~` beside `GET /users`: `get_users_2`)
        choices = [python_name(f"{method} {path}", method)] if by_id else []
        numbered = (f"{name}_{number}" for number in range(2, len(operations) + 2))
        by = next(c for c in [*choices, _by_parameters(path, method), *numbered] if not taken[(resource, c)])
        taken[(resource, name)] -= 1
        taken[(resource, by)] += 1
        renamed[pointer] = by
        others = ", ".join(
            f"{m.upper()} {p}" for at, p, m, _ in operations if names[at] == (resource, name) and at != pointer
        )
        message = f"method {name!r} of resource {resource!r} is also {others}'s: this one is named {by!r}"
        found += lint.check(doc, RULE, pointer, message)
    if not renamed:
        return doc, found
    data = copy.deepcopy(doc.data)  # the loaded document is shared (cache): changed on a copy only
    for pointer, by in renamed.items():
        resolve_pointer(data, pointer)["x-sdk-name"] = by
    return replace(doc, data=data), found
