"""The Karat operations: getRecordsBatch, searchRecords and listFiles, with their documented errors."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from . import envelopes
from .calls import Call, Problem, Reply
from .config import ServerConfig
from .envelopes import ApiError
from .ids import IdSequence, TokenCodec
from .karat_data import KaratData
from .karat_filters import matches
from .paging import Pager

UUID_LIKE = re.compile(r"^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$")
VALID_COMBINATIONS = [
    [],
    ["branchId"],
    ["endTransactionRid"],
    ["branchId", "endTransactionRid"],
    ["startTransactionRid", "endTransactionRid"],
    ["branchId", "startTransactionRid", "endTransactionRid"],
]
DEFAULT_BRANCH = "master"


class KaratApp:
    """Answers the Karat document's operations from seeded data."""

    def __init__(self, data: KaratData, config: ServerConfig, instance_ids: IdSequence) -> None:
        self.data = data
        self.config = config
        self.ids = instance_ids
        self.records_by_rid = data.records_by_rid
        self.pager = Pager(TokenCodec(f"karat:{config.seed}".encode(), "v1."))

    def error(self, status: int, name: str, code: str, parameters: dict[str, Any] | None = None) -> ApiError:
        """A documented error in the Foundry envelope, with a fresh instance id."""
        return envelopes.foundry(status, code, name, self.ids.next_uuid(), parameters)

    def authorize(self, call: Call) -> None:
        """ApiUsageDenied when the token lacks the operation's OAuth2 scope."""
        granted = self.config.token_scopes.get(call.token)
        if granted is None:
            return
        missing = [scope for scope in call.operation.scopes if scope not in granted]
        if missing:
            raise self.error(403, "ApiUsageDenied", "PERMISSION_DENIED", {"missingScope": missing[0]})

    def prevalidate(self, call: Call, raw_query: dict[str, str]) -> None:
        """The preview flag and a zero or negative page size answer their documented 400s first."""
        param = call.operation.preview_param
        if param is not None and raw_query.get(param) in (None, "false"):
            raise self.error(400, "ApiFeaturePreviewUsageOnly", "INVALID_ARGUMENT")
        size: Any = raw_query.get("pageSize")
        if isinstance(call.body, dict) and "pageSize" in call.body:
            size = call.body["pageSize"]
        if isinstance(size, str) and re.fullmatch(r"-?[0-9]+", size):
            size = int(size)
        if isinstance(size, int) and not isinstance(size, bool) and size <= 0:
            raise self.error(400, "InvalidPageSize", "INVALID_ARGUMENT", {"pageSize": size})

    def invalid(self, call: Call, problems: list[Problem]) -> ApiError:
        """A request the API cannot deserialize: 422 Conjure:UnprocessableEntity (class INVALID_ARGUMENT)."""
        first = problems[0]
        parameters = {"location": first.location, "name": first.name, "reason": first.message[:300]}
        return self.error(422, "Conjure:UnprocessableEntity", "INVALID_ARGUMENT", parameters)

    def decorate(self, call: Call, reply: Reply) -> None:
        """Karat sends no extra headers."""

    def handles(self, operation_id: str) -> bool:
        """getRecordsBatch, searchRecords and listFiles have handlers."""
        return operation_id in self._handlers

    @property
    def _handlers(self) -> dict[str, Callable[[Call], Reply]]:
        return {
            "getRecordsBatch": self.get_records_batch,
            "searchRecords": self.search_records,
            "listFiles": self.list_files,
        }

    def handle(self, call: Call) -> Reply:
        """Dispatch by operationId."""
        return self._handlers[call.operation.operation_id](call)

    def get_records_batch(self, call: Call) -> Reply:
        """The records found, keyed by rid; unknown rids are left out."""
        found = {}
        for element in call.body:
            record = self.records_by_rid.get(element["recordRid"])
            if record is not None:
                found[record["rid"]] = record
        return Reply(200, {"data": found})

    def search_records(self, call: Call) -> Reply:
        """One page of the matching records, newest first unless sortDirection is ASC."""
        if call.token in self.config.search_denied_tokens:
            raise self.error(403, "SearchRecordsPermissionDenied", "PERMISSION_DENIED")
        body = call.body
        direction = body.get("sortDirection", "DESC")
        query = {"where": body["where"], "sort": direction}
        hits = [r for r in self.data.records if matches(r, body["where"]["filter"])]
        hits.sort(key=lambda r: (r["createdAt"], r["rid"]), reverse=direction == "DESC")
        return self._page(hits, body.get("pageToken"), int(body.get("pageSize", 100)), query)

    def list_files(self, call: Call) -> Reply:
        """One page of the files of a dataset view, by branch and/or transactions."""
        dataset_rid = call.path_params["datasetRid"]
        q = call.query
        provided = [name for name in ("branchId", "startTransactionRid", "endTransactionRid") if name in q]
        if provided not in VALID_COMBINATIONS:
            parameters = {"validCombinations": VALID_COMBINATIONS, "providedParameters": provided}
            raise self.error(400, "InvalidParameterCombination", "INVALID_ARGUMENT", parameters)
        branch = q.get("branchId")
        if branch is not None and (not branch.strip() or branch.startswith("ri.") or UUID_LIKE.match(branch)):
            raise self.error(400, "InvalidBranchId", "INVALID_ARGUMENT", {"branchId": branch})
        dataset = self.data.datasets.get(dataset_rid)
        if dataset is None:
            raise self.error(404, "DatasetNotFound", "NOT_FOUND", {"datasetRid": dataset_rid})
        for name in ("startTransactionRid", "endTransactionRid"):
            rid = q.get(name)
            if rid is not None and rid not in dataset.transactions:
                raise self.error(
                    404, "TransactionNotFound", "NOT_FOUND", {"datasetRid": dataset_rid, "transactionRid": rid}
                )
        branch_name = branch or DEFAULT_BRANCH
        if branch_name not in dataset.branches and "endTransactionRid" not in q:
            raise self.error(404, "BranchNotFound", "NOT_FOUND", {"datasetRid": dataset_rid, "branchId": branch_name})
        if branch is not None and branch not in dataset.branches:
            raise self.error(404, "BranchNotFound", "NOT_FOUND", {"datasetRid": dataset_rid, "branchId": branch})
        end = q.get("endTransactionRid") or dataset.branches[branch_name]
        files = dataset.view(end, q.get("startTransactionRid"))
        query = {"dataset": dataset_rid, "branch": branch, "start": q.get("startTransactionRid"), "end": end}
        return self._page(files, q.get("pageToken"), int(q.get("pageSize", 1000)), query)

    def _page(self, items: list[Any], page_token: Any, page_size: int, query: dict[str, Any]) -> Reply:
        """The page at `page_token` (the first without one) of `items`: `{data, nextPageToken?}`."""
        offset = 0
        if page_token is not None:
            found_offset = self.pager.offset(page_token, query)
            if found_offset is None:
                raise self.error(400, "InvalidPageToken", "INVALID_ARGUMENT", {"pageToken": page_token})
            offset = found_offset
        data, token = self.pager.page(items, offset, min(page_size, self.config.max_page_size), query)
        answer: dict[str, Any] = {"data": data}
        if token is not None:
            answer["nextPageToken"] = token
        return Reply(200, answer)
