# The hand-written SDK runtime, copied by `make generate` from generator/runtime/; do not edit. See README.md.

"""Bearer-token credentials: a fixed token or a provider, renewed from response headers, never shown."""

from __future__ import annotations

from collections.abc import Callable

from ._errors import InvalidTokenError, MissingTokenError
from ._redact import REDACTED, Redactor

__all__ = ["REDACTED", "TokenAuth", "check_token"]


def check_token(value: str, source: str) -> str:
    """Return `value` when it can go in a header: printable ASCII without spaces; else raise, never showing it."""
    for position, char in enumerate(value):
        if not "!" <= char <= "~":
            if char < " " or char == "\x7f":
                kind = "a control character"
            else:
                kind = "a space" if char == " " else "a non-ASCII character"
            hint = " (a token read from a file often ends with a newline: strip it)" if char in "\r\n" else ""
            raise InvalidTokenError(f"The {source} contains {kind} at position {position}{hint}; it was not sent.")
    return value


class TokenAuth:
    """Supplies the `Authorization: Bearer ...` header for every request.

    `token_provider`, when given, is called before every attempt, so a rotated token is
    picked up without rebuilding the client. A token renewed by the server (see
    `renew`) wins over both the fixed token and the provider until it is renewed again.
    Every token it ever handled is redacted by `redact`, whole, escaped or in fragments.
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
        self._redactor = Redactor()
        if token:
            self._redactor.add(token)  # remembered first: a refused token is still never shown
            check_token(token, "API token")
        self._token = token or None
        self._provider = token_provider
        self._renewed: str | None = None

    def token(self) -> str:
        """Return the token to send now: the renewed one, else the provider's, else the fixed one."""
        value = self._renewed
        if value is None and self._provider is not None:
            value = self._provider()
            if not value:
                raise MissingTokenError("The token provider returned no token.")
            self._redactor.add(value)
            check_token(value, "token returned by the token provider")
        if value is None:
            value = self._token
        if not value:
            raise MissingTokenError("No API token available.")
        return value

    def headers(self) -> dict[str, str]:
        """Return the authorization header for one request."""
        return {"Authorization": f"Bearer {self.token()}"}

    def renew(self, value: str) -> bool:
        """Adopt a token the server sent back (an optional `Bearer ` prefix is dropped).

        Returns False, keeping the current token, when the value cannot be sent as a header.
        """
        scheme, _, rest = value.strip().partition(" ")
        value = rest.strip() if scheme.lower() == "bearer" else value.strip()
        if not value:
            return False
        self._redactor.add(value)
        try:
            check_token(value, "renewed token")
        except InvalidTokenError:
            return False
        self._renewed = value
        return True

    def superseded(self, sent: str | None) -> bool:
        """True when the token a request carried (`Authorization` value) is not the one that would be sent now."""
        if sent is None or (self._renewed is None and self._provider is None):
            return False
        try:
            return f"Bearer {self.token()}" != sent
        except MissingTokenError:
            return False

    def redact(self, text: str) -> str:
        """Return `text` with every token this object has handled replaced by a placeholder."""
        return self._redactor.redact(text)

    @property
    def redactor(self) -> Redactor:
        """What `redact` uses: every token seen, for redacting header values too."""
        return self._redactor

    def __repr__(self) -> str:
        source = "provider" if self._provider is not None else "static"
        renewed = ", renewed" if self._renewed is not None else ""
        return f"TokenAuth(token={REDACTED!r}, source={source}{renewed})"
