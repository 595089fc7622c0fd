"""Deterministic identifiers, timestamps and signed opaque tokens."""

from __future__ import annotations

import base64
import hashlib
import hmac
import itertools
import json
import random
import uuid
from datetime import UTC, datetime
from typing import Any


def rng_uuid(rng: random.Random) -> str:
    """A version-4 UUID drawn from a seeded generator."""
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def hashed_uuid(*parts: object) -> str:
    """A version-4-shaped UUID derived from the parts (the same parts give the same UUID)."""
    digest = hashlib.sha256(repr(parts).encode()).digest()
    return str(uuid.UUID(bytes=digest[:16], version=4))


def iso(moment: datetime) -> str:
    """An ISO-8601 UTC timestamp with milliseconds, as the Karat wire has it (`2023-11-14T09:30:00.000Z`)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def parse_iso(text: str) -> datetime:
    """Parse an RFC 3339 timestamp (`Z` or an offset) into an aware datetime."""
    moment = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class IdSequence:
    """Per-occurrence identifiers (error instance ids) from a seed and a thread-safe counter."""

    def __init__(self, seed: int, name: str) -> None:
        self._seed = seed
        self._name = name
        self._counter = itertools.count(1)

    def next_uuid(self) -> str:
        """The next UUID of the sequence."""
        return hashed_uuid(self._seed, self._name, next(self._counter))


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class TokenCodec:
    """Opaque, signed page tokens: a prefix and base64url of a JSON payload plus a short MAC."""

    def __init__(self, secret: bytes, prefix: str) -> None:
        self._secret = secret
        self._prefix = prefix

    def encode(self, payload: dict[str, Any]) -> str:
        """Encode a payload into an opaque token."""
        data = json.dumps(payload, separators=(",", ":"), sort_keys=True).encode()
        mac = hmac.new(self._secret, data, hashlib.sha256).digest()[:9]
        return self._prefix + _b64(mac + data)

    def decode(self, token: object) -> dict[str, Any] | None:
        """The payload of a token this codec made, or None for anything else."""
        if not isinstance(token, str) or not token.startswith(self._prefix):
            return None
        try:
            raw = _unb64(token[len(self._prefix) :])
        except (ValueError, TypeError):
            return None
        mac, data = raw[:9], raw[9:]
        if not hmac.compare_digest(mac, hmac.new(self._secret, data, hashlib.sha256).digest()[:9]):
            return None
        try:
            payload = json.loads(data)
        except ValueError:
            return None
        return payload if isinstance(payload, dict) else None


def mint_jwt(secret: bytes, subject: str, serial: int, issued_at: int) -> str:
    """A JWT-shaped token (HS256 over a small claim set); the mock only compares tokens, never parses them."""
    header = _b64(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
    claims = {"sub": subject, "jti": serial, "iat": issued_at, "exp": issued_at + 3600}
    body = _b64(json.dumps(claims, separators=(",", ":")).encode())
    signature = _b64(hmac.new(secret, f"{header}.{body}".encode(), hashlib.sha256).digest())
    return f"{header}.{body}.{signature}"
