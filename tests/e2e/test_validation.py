"""The server's fast validators give the same verdicts as plain JSON Schema validation with the document's $refs."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from mockserver import MockServer
from mockserver.specs import Service, load_services
from tests.e2e.conftest import BASE

SERVICES = {s.path.name: s for s in load_services()}


def _mutations(value: Any) -> list[Any]:
    """Broken copies of a valid value: a tag, a required key, a type and a format each spoiled where found."""
    found: list[Any] = []
    if isinstance(value, dict):
        for key in list(value)[:6]:
            for replacement in ("nope", 7, None, "not-a-date"):
                broken = copy.copy(value)
                broken[key] = replacement
                found.append(broken)
            dropped = copy.copy(value)
            del dropped[key]
            found.append(dropped)
            found.extend({**value, key: inner} for inner in _mutations(value[key])[:8])
    elif isinstance(value, list) and value:
        found.extend([inner, *value[1:]] for inner in _mutations(value[0])[:8])
    return found


def _pairs(service: Service, pointer: str, values: list[Any]) -> list[tuple[bool, bool]]:
    plain = service.validator(pointer)
    fast = service.fast_validator(pointer)
    return [(plain.is_valid(v), fast.is_valid(v)) for v in values]


@pytest.mark.parametrize("name", sorted(SERVICES))
def test_fast_validators_agree_with_plain_ones_on_examples_and_their_mutations(name: str) -> None:
    service = SERVICES[name]
    checked = 0
    for op in service.operations:
        for key, value in service.example_values.items():
            if not key.startswith(op.operation_id + "/"):
                continue
            where = key.split("/")[1]
            pointer = op.body_pointer if where == "request" else op.responses[where].schema_pointer
            assert pointer is not None
            pairs = _pairs(service, pointer, [value, *_mutations(value)])
            assert pairs[0] == (True, True)
            assert all(plain == fast for plain, fast in pairs), key
            assert any(not plain for plain, _ in pairs)  # the mutations did break something
            checked += len(pairs)
    assert checked > 100


def test_fast_validators_agree_on_the_served_data() -> None:
    with MockServer(BASE, records=60, unicat_records=60, self_check=False) as server:
        karat, unicat = SERVICES["karat.yaml"], SERVICES["unicat.yaml"]
        records = server.karat.records
        assert _pairs(karat, "/components/schemas/Record", records) == [(True, True)] * len(records)
        broken = [m for r in records[:10] for m in _mutations(r)]
        assert all(plain == fast for plain, fast in _pairs(karat, "/components/schemas/Record", broken))
        tree = list(server.unicat.records.values())
        assert _pairs(unicat, "/components/schemas/Record", tree) == [(True, True)] * len(tree)
        fields = list(server.unicat.fields.values())
        assert _pairs(unicat, "/components/schemas/Field", fields) == [(True, True)] * len(fields)
