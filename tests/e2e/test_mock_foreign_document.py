"""`make mock SPEC=<a foreign document>`: the banner's export line names that SDK's variables, paths whose
segments mix literals and parameters are served, and errors come in a neutral body, not a vendor's envelope."""

from __future__ import annotations

import textwrap
from pathlib import Path

import httpx

from mockserver import MockServer
from mockserver.banner import banner_lines

AUTH = {"Authorization": "Bearer anything"}
DOC = """
openapi: 3.0.3
info: {title: "Tiny Things", version: "1.0"}
servers: [{url: "https://tiny.example/api"}]
paths:
  /t/{id}.json:
    get:
      operationId: getThing
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        "200":
          description: a thing
          content:
            application/json:
              schema: {type: object, properties: {id: {type: string}}}
              example: {id: "t1"}
  /v{major}-{minor}/info:
    get:
      operationId: getInfo
      parameters:
        - {name: major, in: path, required: true, schema: {type: integer}}
        - {name: minor, in: path, required: true, schema: {type: integer}}
      responses:
        "200": {description: info, content: {application/json: {schema: {type: object}, example: {ok: true}}}}
"""


def test_a_foreign_document_is_served_with_its_own_export_line_and_templated_segments(tmp_path: Path) -> None:
    spec = tmp_path / "tiny.yaml"
    spec.write_text(textwrap.dedent(DOC).lstrip(), encoding="utf-8")
    with MockServer(port=0, specs=(spec,), self_check=True) as server, httpx.Client(headers=AUTH) as http:
        export = banner_lines(server)[-1]
        assert export == (
            f"  point the SDKs here: export TINY_THINGS_BASE_URL={server.url}/api TINY_THINGS_TOKEN=anything"
        )
        assert http.get(f"{server.url}/api/t/t1.json").json() == {"id": "t1"}
        assert http.get(f"{server.url}/api/v1-2/info").json() == {"ok": True}
        missing = http.get(f"{server.url}/api/t/t1.xml")
        assert missing.status_code == 404
        assert missing.json() == {"status": 404, "message": "Not found", "details": {"path": "/api/t/t1.xml"}}
        assert server.violations == []
