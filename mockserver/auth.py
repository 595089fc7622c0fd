"""Bearer tokens: which are accepted, and the JWTs Unicat renews."""

from __future__ import annotations

import itertools
import threading

from .ids import mint_jwt


class TokenStore:
    """Accepts any non-empty token, or only the configured ones and those it issued; thread-safe."""

    def __init__(self, seed: int, tokens: tuple[str, ...] = (), revoke_on_renewal: bool = False) -> None:
        self._secret = f"jwt:{seed}".encode()
        self._open = not tokens
        self._valid = set(tokens)
        self._revoked: set[str] = set()
        self._revoke = revoke_on_renewal
        self._serial = itertools.count(1)
        self._lock = threading.Lock()
        self.issued: list[tuple[str, str]] = []

    def accepts(self, token: str | None) -> bool:
        """Whether a request with this bearer token is authenticated."""
        if not token:
            return False
        with self._lock:
            if token in self._revoked:
                return False
            return self._open or token in self._valid

    def renew(self, old: str, subject: str) -> str:
        """Issue a new JWT replacing `old` (which stops working when revocation is on)."""
        serial = next(self._serial)
        new = mint_jwt(self._secret, subject, serial, 1_700_000_000 + serial)
        with self._lock:
            self._valid.add(new)
            if self._revoke:
                self._revoked.add(old)
                self._valid.discard(old)
            self.issued.append((old, new))
        return new


def bearer(header: str | None) -> str | None:
    """The token of an `Authorization: Bearer <token>` header, or None."""
    if not header:
        return None
    scheme, _, token = header.strip().partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None
