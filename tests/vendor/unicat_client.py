"""The vendor's own Python client (`unicat` on PyPI) against the local server: run by tests/e2e/test_vendor_clients.py.

Runs in the vendor venv (tests/vendor/requirements.lock), not the project's; reads its settings as JSON on stdin
and prints what the client got as JSON on stdout. The client logs in with an API key (`/auth`), which the local
server does not serve: the test's token is set as the JWT the login would have given.
"""

from __future__ import annotations

import json
import sys
from types import SimpleNamespace
from typing import Any

from unicat import Unicat, UnicatError
from unicat.record import UnicatRecord


def main() -> None:
    settings = json.load(sys.stdin)
    unicat = Unicat(settings["base_url"], settings["project_gid"], "unused-api-key", None)
    unicat.api.update_jwt(settings["token"])
    committed_or_not = [["is_committed", "is_true", None], ["is_committed", "is_false", None]]
    everything = SimpleNamespace(q="", filter=["or", "", committed_or_not])
    schema = [(total, item.gid, type(item).__name__) for total, item in unicat.walk_schema_query("en", everything)]
    records = [(total, record.gid) for total, record in unicat.walk_record_query("en", everything, limit=None)]
    limited = [r.gid for _, r in unicat.walk_record_query("nl", everything, limit=settings["limit"])]
    success, result = unicat.api.call("/records/bulk/get", {"selection": settings["record_gids"]})
    batch = [UnicatRecord(unicat, gid).gid for gid in result["records"]] if success else result
    report: dict[str, Any] = {
        "schema": schema,
        "records": records,
        "limited": limited,
        "batch": batch,
        "titles": {gid: unicat.records[gid]["title"] for gid in settings["record_gids"] if gid in unicat.records},
    }
    try:
        list(unicat.walk_record_query("en", SimpleNamespace(q="", filter=["no_such_property", "is", 1])))
    except UnicatError as error:
        report["error"] = {"type": type(error).__name__, "code": error.code, "info": error.info}
    print(json.dumps(report))


if __name__ == "__main__":
    main()
