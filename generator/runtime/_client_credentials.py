"""A generated client's credentials: each setting from its argument, else its environment variable.

A generated client declares one setting per credential its document's schemes need (a bearer token,
HTTP basic's username and password, one API key per apiKey scheme, a scheme its http_client carries);
`client_credentials` reads them once, when the client is built. A blank value is refused, naming the
argument and the variable, never the value. `required`: some operation needs a credential, so a client
given none is refused (with one setting, as that setting's own error: `No token configured: ...`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from ._auth import TokenAuth
from ._errors import ConfigurationError
from ._security import (
    ApiKeyCredential,
    ApiKeyLocation,
    BasicCredential,
    BearerCredential,
    Credential,
    Credentials,
    ExternalCredential,
    MissingCredentialsError,
    Requirement,
)
from ._settings import client_auth, optional_setting, required_setting


class Setting(Protocol):
    """One credential setting of a client and the schemes it serves."""

    @property
    def schemes(self) -> tuple[str, ...]:
        """The document's security schemes this credential is sent for."""

    def resolve(self, required: bool) -> Credential | None:
        """The credential given (argument, else environment); None when none; required: refuse none."""

    def hint(self) -> str:
        """How to give it: `pass api_key=... or set $PET_API_KEY`."""


@dataclass(frozen=True)
class BearerSetting:
    """`token` / `token_provider` / `$<PREFIX>_TOKEN`, sent as a bearer token for each of `schemes`."""

    schemes: tuple[str, ...]
    token: str | None
    token_provider: Callable[[], str] | None
    env_var: str

    def resolve(self, required: bool) -> Credential | None:
        if required:
            return BearerCredential(client_auth(self.token, self.token_provider, env_var=self.env_var))
        token = optional_setting(self.token, argument="token", env_var=self.env_var)
        if token is None and self.token_provider is None:
            return None
        return BearerCredential(TokenAuth(token, self.token_provider, env_var=self.env_var))

    def hint(self) -> str:
        return f"pass token=... or token_provider=..., or set ${self.env_var}"


@dataclass(frozen=True)
class BasicSetting:
    """`username` and `password` (or `$<PREFIX>_USERNAME` / `$<PREFIX>_PASSWORD`), sent as HTTP basic auth."""

    schemes: tuple[str, ...]
    username: str | None
    password: str | None
    username_env: str
    password_env: str

    def resolve(self, required: bool) -> Credential | None:
        if required:
            username = required_setting(self.username, argument="username", env_var=self.username_env)
            password = required_setting(self.password, argument="password", env_var=self.password_env)
            return BasicCredential(username, password)
        user = optional_setting(self.username, argument="username", env_var=self.username_env)
        secret = optional_setting(self.password, argument="password", env_var=self.password_env)
        if user is None and secret is None:
            return None
        if user is None or secret is None:
            given, missing = ("username", "password") if secret is None else ("password", "username")
            env = self.password_env if secret is None else self.username_env
            raise ConfigurationError(f"{given} is given without {missing}: pass {missing}=... or set ${env}.")
        return BasicCredential(user, secret)

    def hint(self) -> str:
        return f"pass username=... and password=..., or set ${self.username_env} and ${self.password_env}"


@dataclass(frozen=True)
class ApiKeySetting:
    """One apiKey scheme's key: `argument` or `$env_var`, sent in the header, query parameter or cookie `name`."""

    scheme: str
    key: str | None
    argument: str
    env_var: str
    name: str
    location: ApiKeyLocation

    @property
    def schemes(self) -> tuple[str, ...]:
        return (self.scheme,)

    def resolve(self, required: bool) -> Credential | None:
        if required:
            key: str | None = required_setting(self.key, argument=self.argument, env_var=self.env_var)
        else:
            key = optional_setting(self.key, argument=self.argument, env_var=self.env_var)
        return None if key is None else ApiKeyCredential(key, name=self.name, location=self.location)

    def hint(self) -> str:
        return f"pass {self.argument}=... or set ${self.env_var}"


@dataclass(frozen=True)
class ExternalSetting:
    """Schemes the SDK does not send (http digest, mutualTLS): held, as the client's http_client carries them."""

    schemes: tuple[str, ...]

    def resolve(self, required: bool) -> Credential | None:
        return ExternalCredential()

    def hint(self) -> str:
        return "set it up on http_client"


def client_credentials(
    *settings: Setting, default: Sequence[Requirement] | None = None, required: bool = False
) -> Credentials:
    """The client's credentials by scheme: every setting given; `default` is the document's `security`."""
    given = [s for s in settings if not isinstance(s, ExternalSetting)]
    alone = required and len(given) == 1
    schemes: dict[str, Credential] = {}
    hints: dict[str, str] = {}
    for setting in settings:
        credential = setting.resolve(alone and setting is given[0])
        for scheme in setting.schemes:
            hints[scheme] = setting.hint()
            if credential is not None:
                schemes[scheme] = credential
    if required and given and not any(scheme in schemes for s in given for scheme in s.schemes):
        ways = "; or ".join(s.hint() for s in given)
        raise MissingCredentialsError(f"No credentials configured: {ways}.")
    return Credentials(schemes, default, hints)
