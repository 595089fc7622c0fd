# The hand-written SDK runtime, copied by `make generate` from generator/runtime/; do not edit. See README.md.

"""Keeping secrets out of text: every token ever seen, in its escaped forms, whole or in fragments."""

from __future__ import annotations

import contextlib
import json
import threading
import urllib.parse
from collections.abc import Callable
from typing import Any

import httpx

REDACTED = "[REDACTED]"
MIN_SECRET_LENGTH = 4  # a shorter "token" would blank out ordinary words
FRAGMENT_LENGTH = 10  # a piece of a secret this long is redacted too (a body cut mid-token)
_GRAM = 8  # secrets are indexed by pieces this long, one every _STRIDE characters: every common
_STRIDE = FRAGMENT_LENGTH - _GRAM + 1  # run of FRAGMENT_LENGTH characters holds one indexed piece
_MAX_HITS = 32  # owners kept per piece (JWT headers are shared by every token of an issuer)
SENSITIVE_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key"})


def escaped_forms(secret: str) -> list[str]:
    """The ways a secret shows in text: as is, Python- and bytes-escaped, JSON-escaped, URL-encoded."""
    forms = [
        secret,
        repr(secret)[1:-1],
        repr(secret.encode("utf-8", "backslashreplace"))[2:-1],
        secret.encode("unicode_escape").decode("ascii"),
        json.dumps(secret)[1:-1],
        urllib.parse.quote(secret, safe=""),
        urllib.parse.quote_plus(secret, safe=""),
    ]
    return list(dict.fromkeys(forms))


class Redactor:
    """Replaces every secret it was given, in any escaped form and in fragments of 10+ characters.

    It forgets nothing: a message echoing the first of a thousand renewed tokens is still redacted.
    Memory per secret is small (one index entry per three characters of each distinct form).
    """

    def __init__(self) -> None:
        self._secrets: set[str] = set()
        self._short: tuple[str, ...] = ()  # forms too short for the fragment index, matched whole
        self._pieces: dict[str, list[tuple[str, int]]] = {}
        self._lock = threading.Lock()

    def add(self, secret: str) -> None:
        """Remember a secret (and its escaped forms); secrets under 4 characters are ignored."""
        if len(secret) < MIN_SECRET_LENGTH or secret in self._secrets:
            return
        with self._lock:
            for form in escaped_forms(secret):
                if form in self._secrets:
                    continue
                self._secrets.add(form)
                if len(form) < FRAGMENT_LENGTH:
                    self._short = (*self._short, form)
                    continue
                last = len(form) - _GRAM
                for offset in sorted({*range(0, last + 1, _STRIDE), last}):
                    owners = self._pieces.setdefault(form[offset : offset + _GRAM], [])
                    if len(owners) < _MAX_HITS:
                        owners.append((form, offset))

    def redact(self, text: str) -> str:
        """Return `text` with every remembered secret, and every fragment of one, replaced by [REDACTED]."""
        for form in self._short:
            if form in text:
                text = text.replace(form, REDACTED)
        spans = self._fragments(text)
        for start, end in reversed(spans):
            text = text[:start] + REDACTED + text[end:]
        return text

    def _fragments(self, text: str) -> list[tuple[int, int]]:
        """The merged spans of `text` that are fragments (FRAGMENT_LENGTH or longer) of a secret."""
        spans: list[tuple[int, int]] = []
        index = 0
        while index <= len(text) - _GRAM:
            reach = index
            for form, offset in self._pieces.get(text[index : index + _GRAM], ()):
                start, at = index, offset
                while start > 0 and at > 0 and text[start - 1] == form[at - 1]:
                    start, at = start - 1, at - 1
                end, at = index + _GRAM, offset + _GRAM
                while end < len(text) and at < len(form) and text[end] == form[at]:
                    end, at = end + 1, at + 1
                if end - start >= FRAGMENT_LENGTH:
                    spans.append((start, end))
                    reach = max(reach, end - _GRAM)
            index = reach + 1  # a found span is not searched again
        merged: list[tuple[int, int]] = []
        for start, end in sorted(spans):
            if merged and start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
            else:
                merged.append((start, end))
        return merged


Redact = Callable[[str], str]


def scrubbed_headers(headers: httpx.Headers, redact: Redact) -> httpx.Headers:
    """A copy of `headers` with credential headers blanked and every other value redacted."""
    return httpx.Headers(
        [
            (name, REDACTED if name.lower() in SENSITIVE_HEADERS else redact(value))
            for name, value in headers.multi_items()
        ]
    )


def scrubbed_request(request: httpx.Request, redact: Redact) -> httpx.Request:
    """A copy of `request` fit to keep in an error: its credential headers blanked, its URL redacted."""
    try:
        content: bytes | None = request.content
    except httpx.RequestNotRead:
        content = None
    return httpx.Request(
        request.method, redact(str(request.url)), headers=scrubbed_headers(request.headers, redact), content=content
    )


def scrubbed_response(response: httpx.Response, redact: Redact) -> httpx.Response:
    """A copy of a read `response` fit to keep in an error: no credential in its headers, body or request."""
    text = response.content.decode("utf-8", "replace")
    clean = redact(text)
    kept = httpx.Response(
        response.status_code,
        content=response.content if clean == text else clean.encode(),
        extensions={k: v for k, v in response.extensions.items() if k in ("http_version", "reason_phrase")},
    )
    kept.headers = scrubbed_headers(response.headers, redact)  # after the body, which is already decoded
    with contextlib.suppress(RuntimeError):
        kept.request = scrubbed_request(response.request, redact)
    with contextlib.suppress(RuntimeError):
        kept.elapsed = response.elapsed
    return kept


def redact_json(value: Any, redact: Redact) -> Any:
    """A parsed JSON value with every string (keys included) redacted; decoded bodies are at most 200 deep."""
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, list):
        return [redact_json(item, redact) for item in value]
    if isinstance(value, dict):
        return {redact(str(k)): redact_json(v, redact) for k, v in value.items()}
    return value
