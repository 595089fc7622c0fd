"""The SDK's names: from the x-sdk extension, or derived from info.title when it has none."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

from .naming import pascal_case, snake_case

FALLBACK_WORDS = "api"


@dataclass(frozen=True)
class SdkNames:
    """Package, client (the class is `<client>Client`) and environment-variable prefix; `derived_from` is the title they came from."""

    package: str
    client: str
    env_prefix: str
    derived_from: str | None = None


def title_words(data: dict[str, Any]) -> str:
    """info.title as snake_case words (`Swagger Petstore` -> `swagger_petstore`); `api` when it has none."""
    title = (data.get("info") or {}).get("title")
    ascii_title = (
        unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode() if isinstance(title, str) else ""
    )
    words = snake_case(ascii_title)
    words = words.strip("_") or FALLBACK_WORDS
    return f"{FALLBACK_WORDS}_{words}" if words[0].isdigit() else words


# Client names whose classes (`<client>Client`, `Async<client>Client`) would be the runtime's `SyncApiClient` or
# `AsyncApiClient`, which the client module imports: a derived one takes `Sdk`, one x-sdk gives is an error.
RUNTIME_CLIENTS = frozenset({"Api", "SyncApi", "AsyncApi"})


def sdk_names(data: dict[str, Any]) -> SdkNames:
    """The names x-sdk gives, each missing one derived from info.title (`<title>_sdk`, `<Title>` for `<Title>Client`, `<TITLE>`)."""
    raw = data.get("x-sdk")
    sdk: dict[str, Any] = raw if isinstance(raw, dict) else {}
    words = title_words(data)
    package = sdk.get("package") if isinstance(sdk.get("package"), str) else f"{words}_sdk"
    client = sdk.get("client") if isinstance(sdk.get("client"), str) else pascal_case(words)
    if "client" not in sdk and client in RUNTIME_CLIENTS:  # GoDaddy's title `API`: `ApiSdkClient`
        client = pascal_case(f"{words}_sdk")
    env_prefix = sdk.get("env-prefix")
    if not isinstance(env_prefix, str):
        env_prefix = str(client).upper() if "client" in sdk else words.upper()
    derived = None if {"package", "client"} <= set(sdk) else str((data.get("info") or {}).get("title", ""))
    return SdkNames(str(package), str(client), str(env_prefix), derived)


def name_overrides(
    sdk: dict[str, Any], package: str | None, client: str | None, env_prefix: str | None
) -> dict[str, str]:
    """The x-sdk names the command line sets: each one given, and those a given package or client name implies.

    `--package spotify_sdk` alone gives the client `Spotify` (class `SpotifyClient`) and the prefix `SPOTIFY`,
    where x-sdk names none; `--client-name PetShop` alone gives the prefix `PET_SHOP`.
    """
    found: dict[str, str] = {}
    if package:
        found["package"] = package
    if client:
        found["client"] = client
    elif package and "client" not in sdk:
        found["client"] = pascal_case(package.removesuffix("_sdk").strip("_") or package)
    if env_prefix:
        found["env-prefix"] = env_prefix
    elif "client" in found and "env-prefix" not in sdk:
        found["env-prefix"] = snake_case(found["client"]).strip("_").upper()
    return found
