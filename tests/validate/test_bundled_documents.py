"""A document as bundlers write them (DigitalOcean's, Zoom's): `$ref`s percent-encoded and through other `$ref`s,
into inline schemas and into an operation left out, enum values described by `x-enum-descriptions`.

Each of these refused the whole document (or crashed the run); now it generates, says what it read and how,
and the SDK it gives works.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import TEMPLATES, run_generator

KEY = {"type": "object", "properties": {"id": {"type": "integer"}, "name": {"type": "string"}}}
LISTED = {"allOf": [{"properties": {"keys": {"type": "array", "items": KEY}}}]}
ACTION = {"type": "object", "properties": {"kind": {"type": "string"}}}
KEY_REF = "#/paths/~1keys/get/responses/200/content/application~1json/schema/allOf/0/properties/keys/items"
DOC = {
    "openapi": "3.0.0",
    "info": {"title": "Bundled", "version": "1"},
    "paths": {
        "/keys": {
            "get": {
                "operationId": "listKeys",
                "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": LISTED}}}},
            },
            "post": {  # the key's schema is the listing's items, hoisted to a class of its own meanwhile
                "operationId": "createKey",
                "requestBody": {"content": {"application/json": {"schema": {"$ref": KEY_REF}}}},
                "responses": {"201": {"$ref": "#/paths/~1keys~1%7Bid%7D/get/responses/200"}},  # %7B: `{`
            },
        },
        "/keys/{id}": {
            "get": {
                "operationId": "getKey",
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}],
                "responses": {
                    "200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": KEY_REF}}}}
                },
            }
        },
        "/actions": {
            "post": {  # its discriminator maps to a file the bundle left out: it is ignored, the operation kept
                "operationId": "act",
                "requestBody": {
                    "content": {
                        "application/json": {
                            "schema": {
                                "oneOf": [{"$ref": "#/components/schemas/Action"}],
                                "discriminator": {"propertyName": "kind", "mapping": {"a": "models/a.yml#/a"}},
                            }
                        }
                    }
                },
                "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": ACTION}}}},
            }
        },
        "/actions/last": {
            "get": {  # ... and this one keeps a copy of the part of it that it uses
                "operationId": "lastAction",
                "responses": {"200": {"$ref": "#/paths/~1actions/post/responses/200"}},
            }
        },
        "/modes": {
            "get": {
                "operationId": "getMode",
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Mode"}}},
                    }
                },
            }
        },
    },
    "components": {
        "schemas": {
            "Action": ACTION,
            "Mode": {
                "type": "object",
                "properties": {
                    "pay": {
                        "type": "string",
                        "enum": ["master", "sub"],
                        "x-enum-descriptions": ["the master account pays", "the sub account pays"],
                    }
                },
            },
        }
    },
}
SCRIPT = """
import httpx
from bundled_sdk import BundledClient
from bundled_sdk.models import Action

def answer(request):
    if request.method == "POST":
        return httpx.Response(200, json={"kind": request.read().decode()})
    return httpx.Response(200, json={"kind": "x"} if "actions" in request.url.path else {"id": 7, "name": "k", "pay": "sub"})

client = BundledClient(base_url="https://bundled.test", http_client=httpx.Client(transport=httpx.MockTransport(answer)))
print(client.default.get_key(7).name, client.default.last_action().kind, client.default.get_mode().pay.value)
print(client.default.act(body=Action(kind="a")).kind, hasattr(client.default, "create_key"))
"""


def test_a_bundled_document_generates_says_how_it_read_it_and_works(tmp_path: Path) -> None:
    (tmp_path / "bundled.json").write_text(json.dumps(DOC, indent=1), encoding="utf-8")
    shutil.copytree(TEMPLATES, tmp_path / "templates")
    result = run_generator("generate", "--spec", "bundled.json", "--output", "out", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    said = result.stderr.splitlines()
    assert not any("left out" in line for line in said), result.stderr
    ignored = "mapping 'a' is not a local $ref or schema name: 'models/a.yml#/a': the discriminator is ignored"
    assert any(ignored in line and "(lint rule broken-operation)" in line for line in said), result.stderr
    assert not any("%7B" in line or "unresolved" in line for line in said), result.stderr
    models = next((tmp_path / "out").glob("*/models.py")).read_text(encoding="utf-8")
    assert "- `sub`: the sub account pays" in models
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=tmp_path / "out", capture_output=True, text=True, check=False
    )
    assert (done.returncode, done.stdout) == (0, 'k x sub\n{"kind":"a"} True\n'), done.stderr


def test_a_pointer_through_another_ref_is_said_and_strict_refuses_it(tmp_path: Path) -> None:
    """Reading a `$ref` through another is lenient: a warning names what it was read as; `--strict` refuses."""
    through = {"$ref": "#/paths/~1keys/post/requestBody/content/application~1json/schema/properties/name"}
    doc = json.loads(json.dumps(DOC))
    doc["components"]["schemas"]["Named"] = {"type": "object", "properties": {"name": through}}
    doc["paths"]["/modes"]["get"]["responses"]["200"]["content"]["application/json"]["schema"] = {
        "$ref": "#/components/schemas/Named"
    }
    (tmp_path / "bundled.json").write_text(json.dumps(doc, indent=1), encoding="utf-8")
    shutil.copytree(TEMPLATES, tmp_path / "templates")
    result = run_generator("generate", "--spec", "bundled.json", "--output", "out", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    read = "passes through another $ref (a bundler's spelling): read as '#/paths/~1keys/get/responses/200/content"
    assert read in result.stderr
    strict = run_generator("generate", "--spec", "bundled.json", "--output", "out2", "--strict", cwd=tmp_path)
    assert strict.returncode == 1 and "unresolved $ref" in strict.stderr
