# The hand-written SDK runtime, copied by `make generate` from generator/runtime/; do not edit. See README.md.

"""What stops a listing that cannot end: a repeated cursor, or an endless run of empty pages."""

from __future__ import annotations

import json
from typing import Any

from ._errors import PaginationError

# How many pages in a row may hold no item while the server keeps sending new cursors. Such pages
# are legitimate (a Unicat page whose keys are all missing from the body), an endless run of them is not.
DEFAULT_MAX_EMPTY_PAGES = 50


class CursorGuard:
    """Stops a listing that cannot end: a cursor the server sent again, or too many empty pages in a row."""

    def __init__(self, operation_id: str, max_empty_pages: int = DEFAULT_MAX_EMPTY_PAGES) -> None:
        self._operation_id = operation_id
        self._seen: set[str] = set()
        self._max_empty = max_empty_pages
        self._empty_run = 0

    @staticmethod
    def _marker(cursor: Any) -> str:
        return json.dumps(cursor, sort_keys=True, default=str)

    def is_new(self, cursor: Any) -> bool:
        """True when `cursor` was not followed yet in this listing (nothing is recorded)."""
        return self._marker(cursor) not in self._seen

    def check(self, next_cursor: Any, item_count: int, page_number: int) -> None:
        """Raise PaginationError when the page at `next_cursor` should not be fetched; else record the cursor."""
        marker = self._marker(next_cursor)
        if marker in self._seen:
            shown = marker if len(marker) <= 80 else marker[:77] + "..."
            raise PaginationError(
                f"{self._operation_id}: the server repeated cursor {shown} after page {page_number}; "
                "stopping instead of looping forever"
            )
        self._seen.add(marker)
        self._empty_run = self._empty_run + 1 if item_count == 0 else 0
        if self._empty_run > self._max_empty:
            raise PaginationError(
                f"{self._operation_id}: {self._empty_run} pages in a row (up to page {page_number}) held no item "
                f"while the server kept sending new cursors; stopping (the client's max_empty_pages is "
                f"{self._max_empty})"
            )
