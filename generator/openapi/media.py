"""Media types as OpenAPI documents name them."""

from __future__ import annotations


def is_json_media(media: str) -> bool:
    """`application/json` and `application/<anything>+json` (parameters ignored)."""
    base = media.split(";")[0].strip().lower()
    return base == "application/json" or (base.startswith("application/") and base.endswith("+json"))
