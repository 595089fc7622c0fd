"""Unique names for the operations' declarations in `_operations.py`.

Each operation's declaration is named from its operationId in capitals (`GET_PETS = Operation(...)`, with
`GET_PETS_PAGES`, `GET_PETS_BATCH`, ... beside it). Two operationIds can make one name (`getPets` and
`get_pets`, or `list` paginated and `listPages`), and a name can be one the module itself uses: the later
declaration would silently replace the earlier one, and a method would send another operation's request.
The later operation's declaration is numbered instead (`GET_PETS_2`); its methods keep their names.
"""

from __future__ import annotations

from dataclasses import replace

from ..openapi.naming import constant_name
from .ir import Operation

# The module-level names templates/client/_operations.py.jinja writes itself.
MODULE_NAMES = frozenset({"ENVELOPE", "SERVERS"})


def unique_declarations(resources: dict[str, list[Operation]]) -> None:
    """Number, in place, each operation whose declarations would take a name already taken (in document order);
    a `_stream` twin keeps its ordinary method's declaration with its own suffix."""
    taken = set(MODULE_NAMES)
    for ops in resources.values():
        twins = {op.method_name: op for op in ops if op.twin}
        for index, op in enumerate(ops):
            if op.twin:
                continue
            twin = twins.get(op.pair) if op.pair else None
            base = constant_name(op.operation_id)
            declaration, number = base, 1
            while not taken.isdisjoint(_names(op, twin, declaration)):
                number += 1
                declaration = f"{base}_{number}"
            if declaration != base:
                ops[index] = replace(op, declaration=declaration)
                if twin is not None:
                    ops[ops.index(twin)] = replace(twin, declaration=declaration)
            taken.update(_names(op, twin, declaration))


def _names(op: Operation, twin: Operation | None, declaration: str) -> set[str]:
    """The names an operation (and its twin) would take with this declaration."""
    return {
        name
        for each in (op, twin)
        if each is not None
        for name in replace(each, declaration=declaration).declared_names
    }
