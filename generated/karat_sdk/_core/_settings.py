# The hand-written SDK runtime, copied by `make generate` from generator/runtime/; do not edit. See README.md.

"""Client settings from arguments or the environment, refused when the client is built if missing or empty."""

from __future__ import annotations

import os
from collections.abc import Callable

from ._auth import TokenAuth
from ._errors import ConfigurationError, MissingTokenError


def required_setting(
    value: str | None,
    *,
    argument: str,
    env_var: str,
    default: str | None = None,
    error: type[ConfigurationError] = ConfigurationError,
) -> str:
    """Return `value`, else $env_var, else `default`; a missing or blank setting is an error naming both."""
    if value is not None:
        if not value.strip():
            raise error(f"{argument} is empty: pass a value, or leave it out to use ${env_var}.")
        return value
    from_env = os.environ.get(env_var)
    if from_env is not None:
        if not from_env.strip():
            raise error(f"${env_var} is set but empty: set it to the {argument}, or pass {argument}=...")
        return from_env
    if default is not None:
        return default
    raise error(f"No {argument} configured: pass {argument}=... or set the {env_var} environment variable.")


def optional_setting(value: str | None, *, argument: str, env_var: str) -> str | None:
    """Return `value`, else $env_var, else None (a credential of an alternative scheme); blank is an error."""
    if value is not None:
        if not value.strip():
            raise ConfigurationError(f"{argument} is empty: pass a value, or leave it out to use ${env_var}.")
        return value
    from_env = os.environ.get(env_var)
    if from_env is not None and not from_env.strip():
        raise ConfigurationError(f"${env_var} is set but empty: set it to the {argument}, or pass {argument}=...")
    return from_env


def client_auth(token: str | None, token_provider: Callable[[], str] | None, *, env_var: str) -> TokenAuth:
    """The client's credentials: a token provider, else `token`, else $env_var; none or a blank one is refused."""
    if token_provider is not None and token is None:
        return TokenAuth(None, token_provider, env_var=env_var)
    fixed = required_setting(token, argument="token", env_var=env_var, error=MissingTokenError)
    return TokenAuth(fixed, token_provider, env_var=env_var)
