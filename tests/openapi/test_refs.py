"""The one $ref resolver: following, sibling keys, missing targets, cycles."""

from __future__ import annotations

import pytest

from generator.openapi.refs import RefCycleError, deref, iter_refs, ref_cycles, ref_pointer

DOC = {
    "components": {
        "schemas": {
            "Name": {"type": "string"},
            "Alias": {"$ref": "#/components/schemas/Name"},
            "Described": {"$ref": "#/components/schemas/Alias", "description": "a name"},
            "Tree": {
                "type": "object",
                "properties": {"children": {"type": "array", "items": {"$ref": "#/components/schemas/Tree"}}},
            },
            "Self": {"$ref": "#/components/schemas/Self"},
            "Ping": {"$ref": "#/components/schemas/Pong"},
            "Pong": {"$ref": "#/components/schemas/Ping"},
            "IntoLoop": {"$ref": "#/components/schemas/Self"},
            "Dangling": {"$ref": "#/components/schemas/Missing"},
            "Elsewhere": {"$ref": "other.yaml#/components/schemas/Name"},
        }
    }
}


def test_ref_pointer_is_local_only() -> None:
    assert ref_pointer("#/components/schemas/A") == "/components/schemas/A"
    assert ref_pointer("#") == ""
    assert ref_pointer("other.yaml#/A") is None


def test_iter_refs_names_where_each_ref_is() -> None:
    refs = dict(iter_refs({"a": [{"$ref": "#/x"}], "b~c": {"$ref": "#/y"}}))
    assert refs == {"/a/0/$ref": "#/x", "/b~0c/$ref": "#/y"}


def test_deref_follows_a_chain_to_the_value_and_its_pointer() -> None:
    node, pointer = deref(DOC, {"$ref": "#/components/schemas/Alias"}, "/paths/x")
    assert (node, pointer) == ({"type": "string"}, "/components/schemas/Name")


def test_deref_leaves_a_value_and_a_remote_ref_alone() -> None:
    assert deref(DOC, {"type": "integer"}, "/here") == ({"type": "integer"}, "/here")
    remote = DOC["components"]["schemas"]["Elsewhere"]
    assert deref(DOC, remote, "/e") == (remote, "/e")


def test_sibling_keys_are_kept_only_when_asked() -> None:
    described = DOC["components"]["schemas"]["Described"]
    assert deref(DOC, described)[0] == {"type": "string"}
    assert deref(DOC, described, merge_siblings=True)[0] == {"type": "string", "description": "a name"}


def test_missing_target_raises_or_stops_when_lenient() -> None:
    dangling = DOC["components"]["schemas"]["Dangling"]
    with pytest.raises(KeyError):
        deref(DOC, dangling)
    assert deref(DOC, dangling, "/d", lenient=True) == (dangling, "/d")


def test_a_cycle_raises_with_its_chain_or_stops_when_lenient() -> None:
    with pytest.raises(RefCycleError) as raised:
        deref(DOC, {"$ref": "#/components/schemas/Ping"})
    assert str(raised.value) == (
        "$ref cycle: #/components/schemas/Ping -> #/components/schemas/Pong -> #/components/schemas/Ping"
    )
    node, _ = deref(DOC, {"$ref": "#/components/schemas/Self"}, lenient=True)
    assert node == {"$ref": "#/components/schemas/Self"}


def test_ref_cycles_reports_each_pure_cycle_once_and_not_recursive_schemas() -> None:
    cycles = sorted(str(c) for c in ref_cycles(DOC))
    assert cycles == [
        "$ref cycle: #/components/schemas/Ping -> #/components/schemas/Pong -> #/components/schemas/Ping",
        "$ref cycle: #/components/schemas/Self -> #/components/schemas/Self",
    ]
    assert ref_cycles({"components": {"schemas": {"Tree": DOC["components"]["schemas"]["Tree"]}}}) == []


def test_a_fragment_is_percent_decoded_as_rfc_6901_says() -> None:
    data = {"paths": {"/keys/{id}": {"get": {"x": 1}}, "/a%b": 2}}
    assert ref_pointer("#/paths/~1keys~1%7Bid%7D/get") == "/paths/~1keys~1{id}/get"
    assert deref(data, {"$ref": "#/paths/~1keys~1%7Bid%7D/get"})[0] == {"x": 1}
    assert deref(data, {"$ref": "#/paths/~1a%25b"})[0] == 2
    assert ref_pointer("other.yaml#/a%20b") is None
