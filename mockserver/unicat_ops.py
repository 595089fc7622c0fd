"""The Unicat operations: bulk get of records and of schema items, with selections, cursors and renewals."""

from __future__ import annotations

import itertools
from typing import Any

from . import envelopes
from .auth import TokenStore
from .calls import Call, Problem, Reply
from .config import ServerConfig
from .envelopes import ApiError
from .ids import TokenCodec
from .paging import Pager
from .unicat_data import UnicatData
from .unicat_search import evaluate, record_property, record_text, schema_property, schema_text, text_matches

Entry = tuple[str, bool]  # (gid as selected, whether it resolves)


class UnicatApp:
    """Answers the Unicat document's operations from seeded data."""

    def __init__(self, data: UnicatData, config: ServerConfig, tokens: TokenStore) -> None:
        self.data = data
        self.config = config
        self.tokens = tokens
        self.pager = Pager(TokenCodec(f"unicat:{config.seed}".encode(), "c1."))
        self._served = itertools.count(1)
        self.kinds = {
            **dict.fromkeys(data.definitions, "definition"),
            **dict.fromkeys(data.classes, "class"),
            **dict.fromkeys(data.fields, "field"),
        }
        names = {str(f["name"]) for f in data.fields.values()}
        self.record_resolver = record_property(data.classes, data.definitions, names | {f"{n}/key" for n in names})
        self.schema_resolver = schema_property(self.kinds)

    def authorize(self, call: Call) -> None:
        """403 when the project is not this server's (the user is no member of it)."""
        if call.path_params.get("project_gid") != self.data.project_gid:
            raise envelopes.unicat(403, {"project_gid": call.path_params.get("project_gid")})

    def prevalidate(self, call: Call, raw_query: dict[str, str]) -> None:
        """Nothing takes precedence over generic validation here."""

    def invalid(self, call: Call, problems: list[Problem]) -> ApiError:
        """A bad selection or cursor is application error 1006; anything else is 400 Bad request."""
        selection = [
            p for p in problems if p.location == "body" and p.name.split("/")[1:2] in (["selection"], ["page.cursor"])
        ]
        if selection:
            return envelopes.unicat(1006, {p.name.lstrip("/"): p.message[:200] for p in selection})
        return envelopes.unicat(400, {(p.name.lstrip("/") or p.location): p.message[:200] for p in problems})

    def decorate(self, call: Call, reply: Reply) -> None:
        """Every `renew_every`-th answer carries a renewed JWT in `Authorization` (no Bearer prefix)."""
        every = self.config.renew_every
        if every and next(self._served) % every == 0:
            reply.headers["Authorization"] = self.tokens.renew(call.token, self.data.project_gid)

    def handles(self, operation_id: str) -> bool:
        """getRecordsBulk and getSchemaBulk have handlers."""
        return operation_id in ("getRecordsBulk", "getSchemaBulk")

    def handle(self, call: Call) -> Reply:
        """Dispatch by operationId."""
        if call.operation.operation_id == "getRecordsBulk":
            return self.records_bulk_get(call)
        return self.schema_bulk_get(call)

    # ------------------------------------------------------------------ paging

    def _page(self, body: dict[str, Any], entries: list[Entry]) -> tuple[list[str], int, str | None]:
        query = {"selection": body["selection"]}
        offset = 0
        cursor = body.get("page.cursor")
        if cursor is not None:
            found = self.pager.offset(cursor, query)
            if found is None:
                raise envelopes.unicat(1006, {"page.cursor": "unknown or expired cursor"})
            offset = found
        size = int(body.get("page.size", 100))
        page, next_cursor = self.pager.page(entries, offset, size, query)
        invalid_seen = sum(1 for _, ok in entries[: offset + size] if not ok)
        return [gid for gid, ok in page if ok], len(entries) - invalid_seen, next_cursor

    @staticmethod
    def _dedupe(entries: list[Entry]) -> list[Entry]:
        seen: set[str] = set()
        found = []
        for gid, ok in entries:
            if gid not in seen:
                seen.add(gid)
                found.append((gid, ok))
        return found

    # ----------------------------------------------------------------- records

    def _languages(self, body: dict[str, Any]) -> tuple[str, ...]:
        wanted = [*([body["language"]] if "language" in body else []), *body.get("languages", [])]
        unknown = [lang for lang in wanted if lang not in self.data.languages]
        if unknown:
            raise envelopes.unicat(1001, {"language": f"not a project language: {', '.join(unknown)}"})
        return tuple(dict.fromkeys(wanted)) or self.data.languages

    def _children(self, item: dict[str, Any]) -> list[str]:
        parent = item["children"]
        if parent not in self.data.records:
            raise envelopes.unicat(1006, {"children": f"unknown record {parent}"})
        children = self.data.children(parent)
        if "channel" in item:
            children = [c for c in children if item["channel"] in c["channels"]]
        if "ordering" in item:
            key = item["ordering"]
            children.sort(
                key=lambda c: (key not in c["orderings"], c["orderings"].get(key, 0), c["orderings"].get("__all__", 0))
            )
        return [c["gid"] for c in children]

    def _resolve_records(self, selection: list[Any]) -> list[Entry]:
        entries: list[Entry] = []
        for item in selection:
            if isinstance(item, str):
                entries.append((item, item in self.data.records))
                continue
            if "children" in item:
                gids = self._children(item)
            else:
                search = item["search"]
                language = search.get("language")
                gids = [
                    r["gid"]
                    for r in self.data.records.values()
                    if text_matches(search.get("q", ""), record_text(r, language))
                    and ("filter" not in search or evaluate(r, search["filter"], self.record_resolver, language))
                ]
            excluded = set(item.get("exclude", []))
            entries.extend((gid, True) for gid in gids if gid not in excluded)
        return self._dedupe(entries)

    def _localize(self, record: dict[str, Any], languages: tuple[str, ...]) -> dict[str, Any]:
        if languages == self.data.languages:
            return record
        title = {k: v for k, v in record["title"].items() if k in languages}
        fields = {k: v for k, v in record["fields"].items() if k in languages}
        return {**record, "title": title, "fields": fields}

    def records_bulk_get(self, call: Call) -> Reply:
        """A page of the selected records; `records.size` counts the selection, amended for invalid gids met."""
        body = call.body
        languages = self._languages(body)
        gids, total, cursor = self._page(body, self._resolve_records(body["selection"]))
        records = {gid: self._localize(self.data.records[gid], languages) for gid in gids}
        result = {"records": gids, "records.size": total, "page.cursor": cursor}
        return Reply(200, {"success": True, "result": result, "data": {"records": records}})

    # ------------------------------------------------------------------ schema

    def _resolve_schema(self, selection: list[Any]) -> list[Entry]:
        entries: list[Entry] = []
        for item in selection:
            if isinstance(item, str):
                entries.append((item, item in self.kinds))
                continue
            search = item["search"]
            language = search.get("language")
            gids = [
                gid
                for gid in self.kinds
                if (obj := self.data.schema_item(gid)) is not None
                and text_matches(search.get("q", ""), schema_text(obj[1], language))
                and ("filter" not in search or evaluate(obj[1], search["filter"], self.schema_resolver, language))
            ]
            excluded = set(item.get("exclude", []))
            entries.extend((gid, True) for gid in gids if gid not in excluded)
        return self._dedupe(entries)

    def schema_bulk_get(self, call: Call) -> Reply:
        """A page of the selected schema items, as typed references, and their objects by kind."""
        body = call.body
        gids, total, cursor = self._page(body, self._resolve_schema(body["selection"]))
        refs = [{"type": self.kinds[gid], "item": gid} for gid in gids]
        data: dict[str, dict[str, Any]] = {}
        collection = {"definition": "definitions", "class": "classes", "field": "fields"}
        for ref in refs:
            found = self.data.schema_item(ref["item"])
            assert found is not None
            data.setdefault(collection[ref["type"]], {})[ref["item"]] = found[1]
        result = {"schema_items": refs, "schema_items.size": total, "page.cursor": cursor}
        return Reply(200, {"success": True, "result": result, "data": data})
