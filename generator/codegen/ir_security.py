"""The client's credential settings, from the document's security schemes (one rule, one home).

Each scheme kind becomes constructor arguments with an environment variable beside each:

- `http` bearer, `oauth2`, `openIdConnect`: one bearer token for all of them, `token` / `token_provider`,
  `$<PREFIX>_TOKEN`;
- `http` basic: `username` and `password`, `$<PREFIX>_USERNAME` and `$<PREFIX>_PASSWORD`;
- `apiKey` (header, query or cookie): one argument per scheme, the scheme's name in snake_case
  (`X-API-Key` -> `x_api_key`), `$<PREFIX>_<ARGUMENT>`; a name already taken (by another argument of
  the client, or another scheme's) gets `_2`, `_3`, ...;
- any other `http` scheme (digest, ...), `mutualTLS`, and a name a requirement uses that no scheme
  declares: not sent by the SDK (lint rule `security` warns); the client's own `http_client` carries
  it, and the client counts it as held (after every alternative the SDK sends itself).

A document without schemes gives a client without credentials. When some operation needs
credentials, the client is refused at construction without any (with one setting, that one).
"""

from __future__ import annotations

from ..openapi.naming import python_name
from ..openapi.security import API_KEY, BASIC, BEARER
from .ir import ClientSecurity, CredentialKind, CredentialSetting, Operation, SecurityRequirement, SecurityScheme

# Every other argument of a generated client's constructor (client path parameters are added per service).
CLIENT_ARGUMENTS = frozenset(
    {
        "self",
        "base_url",
        "token",
        "token_provider",
        "username",
        "password",
        "server_variables",
        "timeout",
        "deadline",
        "max_retries",
        "retry_policy",
        "http_client",
        "max_response_bytes",
        "batch_concurrency",
        "prefetch_pages",
        "max_empty_pages",
    }
)


def requirements(raw: list[SecurityRequirement]) -> tuple[tuple[str, ...], ...]:
    """`security` alternatives as tuples of scheme names (scopes dropped: the SDK sends no scope)."""
    return tuple(tuple(name for name, _ in r.schemes) for r in raw)


def client_security(
    schemes: tuple[SecurityScheme, ...],
    default: tuple[SecurityRequirement, ...] | None,
    operations: list[Operation],
    env_prefix: str,
    taken: tuple[str, ...],
) -> ClientSecurity:
    """The client's settings for `schemes` (document order); the lint warns of a scheme the SDK does not send.

    `taken`: other argument names of the client (its path parameters) an apiKey argument must avoid.
    """
    used = set(CLIENT_ARGUMENTS) | set(taken)
    bearer, basic, external, keys = [], [], [], []
    for scheme in schemes:
        if scheme.credential == BEARER:
            bearer.append(scheme.name)
        elif scheme.credential == BASIC:
            basic.append(scheme.name)
        elif scheme.credential == API_KEY:
            argument = _unique(python_name(scheme.name, "api_key"), used)
            keys.append(
                CredentialSetting(
                    CredentialKind.API_KEY,
                    (scheme.name,),
                    (argument,),
                    (f"{env_prefix}_{argument.upper()}",),
                    scheme.location or "",
                    scheme.parameter or "",
                )
            )
        else:
            external.append(scheme.name)
    settings: list[CredentialSetting] = []
    if bearer:
        settings.append(
            CredentialSetting(
                CredentialKind.BEARER, tuple(bearer), ("token", "token_provider"), (f"{env_prefix}_TOKEN",)
            )
        )
    if basic:
        env = (f"{env_prefix}_USERNAME", f"{env_prefix}_PASSWORD")
        settings.append(CredentialSetting(CredentialKind.BASIC, tuple(basic), ("username", "password"), env))
    settings += keys
    declared = {scheme.name for scheme in schemes}
    named = [*(default or ()), *(r for op in operations for r in op.security or ())]
    external += [name for name in dict.fromkeys(n for r in named for n, _ in r.schemes) if name not in declared]
    if external:
        settings.append(CredentialSetting(CredentialKind.EXTERNAL, tuple(external)))
    document = requirements(list(default)) if default is not None else None
    security = ClientSecurity(tuple(settings), False, document)
    return ClientSecurity(security.settings, _needs_credentials(security, operations), document)


def _unique(name: str, used: set[str]) -> str:
    """`name`, else `name_2`, `name_3`, ... (the first one not used); recorded as used."""
    found, count = name, 2
    while found in used:
        found, count = f"{name}_{count}", count + 1
    used.add(found)
    return found


def _needs_credentials(security: ClientSecurity, operations: list[Operation]) -> bool:
    """True when some operation can be sent only with a credential the client must be given."""
    given = {name for s in security.settings if s.kind != CredentialKind.EXTERNAL for name in s.schemes}
    if not given:
        return False
    free = {name for s in security.settings if s.kind == CredentialKind.EXTERNAL for name in s.schemes}
    for op in operations:
        if op.security is not None:
            alternatives: tuple[tuple[str, ...], ...] | None = requirements(list(op.security))
        else:
            alternatives = security.default
        if alternatives is None:
            return True  # the client sends what it has: it must have something
        if alternatives and not any(set(alternative) <= free for alternative in alternatives):
            return True
    return False


def client_settings(security: ClientSecurity, env_prefix: str) -> tuple[list[str], list[str], list[str]]:
    """What a client reads, in words (`base URL`, `token`, ...), from which variables and which arguments."""
    words, env_vars, arguments = ["base URL"], [f"{env_prefix}_BASE_URL"], ["base_url"]
    for setting in security.settings:
        if setting.kind == CredentialKind.EXTERNAL:
            continue
        named = [a for a in setting.arguments if a != "token_provider"]
        words += named if setting.kind != CredentialKind.API_KEY else [f"API key {a}" for a in named]
        env_vars += setting.env_vars
        arguments += named
    return words, env_vars, arguments


def and_join(items: list[str]) -> str:
    """`a`, `a and b`, `a, b and c`."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
