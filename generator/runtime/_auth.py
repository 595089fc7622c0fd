"""Bearer-token credentials: a fixed token or a provider, renewed from response headers, never shown."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable

from ._errors import MissingTokenError

REDACTED = "[REDACTED]"
_MIN_REDACT_LENGTH = 4


class TokenAuth:
    """Supplies the `Authorization: Bearer ...` header for every request.

    `token_provider`, when given, is called before every attempt, so a rotated token is
    picked up without rebuilding the client. A token renewed by the server (see
    `renew`) wins over both the fixed token and the provider until it is renewed again.
    """

    def __init__(
        self,
        token: str | None = None,
        token_provider: Callable[[], str] | None = None,
        *,
        env_var: str | None = None,
    ) -> None:
        if not token and token_provider is None:
            hint = f"pass token=... or set the {env_var} environment variable" if env_var else "pass token=..."
            raise MissingTokenError(f"No API token configured: {hint}.")
        self.env_var = env_var
        self._token = token or None
        self._provider = token_provider
        self._renewed: str | None = None
        self._seen: deque[str] = deque(maxlen=8)
        if self._token:
            self._remember(self._token)

    def token(self) -> str:
        """Return the token to send now: the renewed one, else the provider's, else the fixed one."""
        value = self._renewed
        if value is None and self._provider is not None:
            value = self._provider()
            if not value:
                raise MissingTokenError("The token provider returned no token.")
        if value is None:
            value = self._token
        if not value:
            raise MissingTokenError("No API token available.")
        self._remember(value)
        return value

    def headers(self) -> dict[str, str]:
        """Return the authorization header for one request."""
        return {"Authorization": f"Bearer {self.token()}"}

    def renew(self, value: str) -> None:
        """Replace the token with one the server sent back (an optional `Bearer ` prefix is dropped)."""
        scheme, _, rest = value.strip().partition(" ")
        value = rest.strip() if scheme.lower() == "bearer" else value.strip()
        if value:
            self._renewed = value
            self._remember(value)

    def redact(self, text: str) -> str:
        """Return `text` with every token this object has handled replaced by a placeholder."""
        for secret in self._seen:
            if len(secret) >= _MIN_REDACT_LENGTH and secret in text:
                text = text.replace(secret, REDACTED)
        return text

    def _remember(self, value: str) -> None:
        if value not in self._seen:
            self._seen.append(value)

    def __repr__(self) -> str:
        source = "provider" if self._provider is not None else "static"
        renewed = ", renewed" if self._renewed is not None else ""
        return f"TokenAuth(token={REDACTED!r}, source={source}{renewed})"
