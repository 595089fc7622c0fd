"""Security as declared: the client's credentials per scheme, and which of them one call sends.

An operation declares `security` as alternatives (OpenAPI's list of requirement objects), each
a tuple of scheme names that are all sent together; `()` among them is "no credentials". The
client holds a `Credential` per scheme it has; a call sends the first alternative the client
holds every scheme of. Credentials are applied per attempt (a token provider is asked each
time) and every secret they handle is redacted from logs, errors and reprs.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol

from ._auth import TokenAuth
from ._errors import ConfigurationError
from ._redact import REDACTED, Redactor

Requirement = tuple[str, ...]
"""One alternative of an operation's `security`: the names of the schemes sent together."""

Security = tuple[Requirement, ...]
"""An operation's `security`: alternatives in order; `()` (no alternative) sends no credentials."""

ApiKeyLocation = Literal["header", "query", "cookie"]


class MissingCredentialsError(ConfigurationError):
    """An operation needs credentials of a scheme the client was not given."""


@dataclass
class Sent:
    """What the credentials of one attempt add to its request."""

    headers: dict[str, str] = field(default_factory=dict)
    query: list[tuple[str, str]] = field(default_factory=list)
    cookies: list[tuple[str, str]] = field(default_factory=list)


class Credential(Protocol):
    """The client's credential for one security scheme."""

    def apply(self, sent: Sent) -> None:
        """Add this credential to one attempt's request."""

    def redact(self, text: str) -> str:
        """Return `text` without any secret of this credential."""


class BearerCredential:
    """`http` bearer, `oauth2` and `openIdConnect`: `Authorization: Bearer <token>` from a TokenAuth."""

    def __init__(self, auth: TokenAuth) -> None:
        self.auth = auth

    def apply(self, sent: Sent) -> None:
        sent.headers.update(self.auth.headers())

    def redact(self, text: str) -> str:
        return self.auth.redact(text)

    def __repr__(self) -> str:
        return f"BearerCredential({self.auth!r})"


class BasicCredential:
    """`http` basic: `Authorization: Basic base64(username:password)`."""

    def __init__(self, username: str, password: str) -> None:
        if ":" in username:
            raise ConfigurationError("a basic-auth username may not contain ':'")
        self._redactor = Redactor()
        self._redactor.add(password)
        self._value = "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode("ascii")
        self._redactor.add(self._value.removeprefix("Basic "))

    def apply(self, sent: Sent) -> None:
        sent.headers["Authorization"] = self._value

    def redact(self, text: str) -> str:
        return self._redactor.redact(text)

    def __repr__(self) -> str:
        return f"BasicCredential(password={REDACTED!r})"


class ApiKeyCredential:
    """`apiKey`: the key sent in the header, query parameter or cookie the scheme names, exactly there."""

    def __init__(self, key: str, *, name: str, location: ApiKeyLocation) -> None:
        if location not in ("header", "query", "cookie"):
            raise ValueError(f"apiKey location must be header, query or cookie, not {location!r}")
        if location != "query" and any(not "!" <= char <= "~" for char in key):
            raise ConfigurationError(f"the API key for {name} cannot be sent in a {location} (it was not shown)")
        self._redactor = Redactor()
        self._redactor.add(key)
        self._key = key
        self.name = name
        self.location = location

    def apply(self, sent: Sent) -> None:
        if self.location == "header":
            sent.headers[self.name] = self._key
        elif self.location == "query":
            sent.query.append((self.name, self._key))
        else:
            sent.cookies.append((self.name, self._key))

    def redact(self, text: str) -> str:
        return self._redactor.redact(text)

    def __repr__(self) -> str:
        return f"ApiKeyCredential(name={self.name!r}, location={self.location!r}, key={REDACTED!r})"


class ExternalCredential:
    """A scheme the SDK does not send itself (http digest, mutualTLS): the client's http_client carries it."""

    def apply(self, sent: Sent) -> None:
        """Nothing: the httpx client's own auth or TLS settings do it."""

    def redact(self, text: str) -> str:
        return text

    def __repr__(self) -> str:
        return "ExternalCredential()"


class Credentials:
    """The client's credentials by scheme name, and its default `security` for undeclaring operations.

    `default` is the document-level `security`; None: every scheme the client holds, as alternatives
    in the order given (so a client built with one bearer token sends it on every operation).
    `hints` says, per scheme, how to give its credential (`pass api_key=... or set $PET_API_KEY`).
    """

    def __init__(
        self,
        schemes: Mapping[str, Credential],
        default: Sequence[Requirement] | None = None,
        hints: Mapping[str, str] | None = None,
    ) -> None:
        self._schemes = dict(schemes)
        self._hints = dict(hints or {})
        self.default: Security = tuple(default) if default is not None else tuple((name,) for name in self._schemes)

    @property
    def bearer(self) -> TokenAuth | None:
        """The TokenAuth of the first bearer scheme (the one a renewed token replaces), if any."""
        return next((c.auth for c in self._schemes.values() if isinstance(c, BearerCredential)), None)

    def choose(self, operation_id: str, security: Security | None) -> Requirement:
        """The first alternative of `security` (None: the default) whose every scheme the client holds.

        An alternative the client holds only through its http_client (ExternalCredential) is taken last,
        when no alternative the SDK sends itself is held.
        """
        alternatives = self.default if security is None else security
        for external in (False, True):
            for requirement in alternatives:
                held = [self._schemes.get(name) for name in requirement]
                if all(c is not None for c in held) and external == any(
                    isinstance(c, ExternalCredential) for c in held
                ):
                    return requirement
        if not alternatives:
            return ()
        wanted = " or ".join(" and ".join(self._wanted(name) for name in r) for r in alternatives)
        raise MissingCredentialsError(f"{operation_id} needs credentials for {wanted}; the client has none of them.")

    def held_hints(self) -> str:
        """How the credentials the client holds are given (`pass api_key=... or set $PET_API_KEY`), each once."""
        hints = [self._hints[name] for name in self._schemes if name in self._hints]
        return "; ".join(dict.fromkeys(hints))

    def _wanted(self, scheme: str) -> str:
        hint = self._hints.get(scheme)
        return f"{scheme} ({hint})" if hint and scheme not in self._schemes else scheme

    def apply(self, requirement: Requirement) -> Sent:
        """What one attempt sends for `requirement`."""
        sent = Sent()
        for name in requirement:
            self._schemes[name].apply(sent)
        return sent

    def redact(self, text: str) -> str:
        """`text` without any secret of any credential the client holds."""
        for credential in self._schemes.values():
            text = credential.redact(text)
        return text

    def __repr__(self) -> str:
        return f"Credentials({', '.join(self._schemes)})"
