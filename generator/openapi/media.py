"""Media types as OpenAPI documents name them."""

from __future__ import annotations


def media_essence(media: str) -> str:
    """The media type without its parameters, lower-cased (`Text/Plain; charset=latin-1` -> `text/plain`)."""
    return media.split(";")[0].strip().lower()


def media_charset(media: str) -> str | None:
    """The `charset` parameter of a media type (`text/plain; charset=latin-1` -> `latin-1`), if any."""
    for parameter in media.split(";")[1:]:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            return value.strip().strip('"')
    return None


def is_json_media(media: str) -> bool:
    """`application/json` and `application/<anything>+json` (parameters ignored)."""
    base = media_essence(media)
    return base == "application/json" or (base.startswith("application/") and base.endswith("+json"))
