# The hand-written SDK runtime, copied by `make generate` from generator/runtime/; do not edit. See README.md.

"""Parameter serialization: every OpenAPI 3.1 `style`/`explode` for primitives, arrays and objects.

One value becomes URL text with its delimiters kept and every name, key and value percent-encoded
(reserved characters too, unless `allow_reserved`), exactly as the OpenAPI 3.1 style table shows:

| style          | in            | array ["blue", "black"]          | object {"R": 100, "G": 200}    |
| -------------- | ------------- | -------------------------------- | ------------------------------ |
| simple         | path, header  | blue,black                       | R,100,G,200 / R=100,G=200 (x)  |
| label          | path          | .blue,black / .blue.black (x)    | .R,100,G,200 / .R=100.G=200    |
| matrix         | path          | ;color=blue,black / ;color=blue;color=black (x) | ;color=R,100,G,200 / ;R=100;G=200 |
| form           | query, cookie | color=blue,black / color=blue&color=black (x) | color=R,100,G,200 / R=100&G=200 |
| spaceDelimited | query         | color=blue%20black               | color=R%20100%20G%20200        |
| pipeDelimited  | query         | color=blue|black                 | color=R|100|G|200              |
| deepObject     | query         | color[0]=blue&color[1]=black (i) | color[R]=100&color[G]=200      |

(x): `explode: true`. `explode` defaults to true for `form`, false otherwise.
(i): OpenAPI defines deepObject for objects only; arrays, at the top or nested at any depth
(`items[0][price]=p1`), take the indices Stripe's own SDKs and `qs` (Node's default encoder) write,
which Rails, PHP, Express and Stripe read back as arrays; a primitive is the rule's base case,
`color=blue` (Stripe declares every query parameter deepObject, its scalars too). A `content`-typed
parameter (`ParamStyle(content="application/json")`) is sent as its compact JSON text, one value.
None, and None inside arrays and objects, is left out.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import quote

from pydantic import BaseModel

from ._sequences import listed
from ._wire import wire_text

Style = Literal["form", "spaceDelimited", "pipeDelimited", "deepObject", "label", "matrix", "simple"]
_RESERVED = ":/?#[]@!$&'()*+,;="
_DELIMITERS = {"spaceDelimited": "%20", "pipeDelimited": "|"}


@dataclass(frozen=True)
class ParamStyle:
    """How one parameter is serialized: its `style`, `explode` (None: the style's default), `allowReserved`.

    `content` is the media type of a `content`-typed parameter (its value is sent as JSON text).
    """

    style: Style = "form"
    explode: bool | None = None
    allow_reserved: bool = False
    content: str | None = None

    @property
    def exploded(self) -> bool:
        """`explode` as given, else true for `form` and false for every other style."""
        return self.style == "form" if self.explode is None else self.explode


FORM = ParamStyle()
SIMPLE = ParamStyle("simple")


def _plain(value: Any) -> Any:
    """Models as their wire mappings, any other sequence (a tuple, a deque) as a list; anything else as it is."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", by_alias=True, exclude_none=True)
    return listed(value)


def _json_text(value: Any) -> str:
    if isinstance(value, BaseModel):
        return value.model_dump_json(by_alias=True, exclude_none=True)
    return json.dumps(value, separators=(",", ":"), default=str)


Encode = Callable[[Any], str]


def _encoder(style: ParamStyle) -> Encode:
    safe = _RESERVED if style.allow_reserved else ""
    return lambda value: quote(wire_text(value), safe=safe)


def _items(value: Any) -> list[Any]:
    return [item for item in value if item is not None]


def _fields(value: Mapping[str, Any]) -> list[tuple[str, Any]]:
    return [(str(key), item) for key, item in value.items() if item is not None]


def expand_path(name: str, value: Any, style: ParamStyle = SIMPLE) -> str:
    """The text that replaces `{name}` in a path: `simple`, `label` or `matrix`."""
    value = _plain(value)
    enc = _encoder(style)
    if style.content is not None:
        return quote(_json_text(value), safe="")
    if style.style == "simple":
        return _joined(value, enc, ",", "=" if style.exploded else ",")
    if style.style == "label":
        if style.exploded:
            return "." + _joined(value, enc, ".", "=")
        return "." + _joined(value, enc, ",", ",")
    if style.style == "matrix":
        key = quote(name, safe="")
        if isinstance(value, list):
            if style.exploded:
                return "".join(f";{key}={enc(item)}" for item in _items(value)) or f";{key}"
            return f";{key}=" + ",".join(enc(item) for item in _items(value)) if _items(value) else f";{key}"
        if isinstance(value, Mapping):
            if style.exploded:
                return "".join(f";{quote(k, safe='')}={enc(v)}" for k, v in _fields(value))
            return f";{key}=" + _joined(value, enc, ",", ",")
        text = enc(value)
        return f";{key}={text}" if text else f";{key}"
    raise ValueError(f"style {style.style!r} is not a path style (simple, label, matrix)")


def _joined(value: Any, enc: Encode, between: str, key_value: str) -> str:
    """A list's items, or an object's keys and values, joined; a primitive as it is."""
    if isinstance(value, list):
        return between.join(enc(item) for item in _items(value))
    if isinstance(value, Mapping):
        return between.join(f"{enc(k)}{key_value}{enc(v)}" for k, v in _fields(value))
    return enc(value)


def query_fragments(name: str, value: Any, style: ParamStyle = FORM) -> list[str]:
    """The `key=value` fragments of one query parameter (joined with `&` by the caller); None gives none."""
    if value is None:
        return []
    value = _plain(value)
    key = quote(name, safe="[]")
    enc = _encoder(style)
    if style.content is not None:
        return [f"{key}={quote(_json_text(value), safe='')}"]
    if style.style == "deepObject":
        return _deep(key, value, enc)
    if style.style in _DELIMITERS:
        delimiter = _DELIMITERS[style.style]
        if isinstance(value, Mapping):
            return [f"{key}=" + delimiter.join(f"{quote(k, safe='')}{delimiter}{enc(v)}" for k, v in _fields(value))]
        if isinstance(value, list):
            return [f"{key}=" + delimiter.join(enc(item) for item in _items(value))] if _items(value) else []
        return [f"{key}={enc(value)}"]
    if style.style != "form":
        raise ValueError(
            f"style {style.style!r} is not a query style (form, spaceDelimited, pipeDelimited, deepObject)"
        )
    if isinstance(value, list):
        if style.exploded:
            return [f"{key}={enc(item)}" for item in _items(value)]
        return [f"{key}=" + ",".join(enc(item) for item in _items(value))] if _items(value) else []
    if isinstance(value, Mapping):
        if style.exploded:
            return [f"{quote(k, safe='')}={enc(v)}" for k, v in _fields(value)]
        return [f"{key}=" + _joined(value, enc, ",", ",")]
    return [f"{key}={enc(value)}"]


def _deep(prefix: str, value: Any, enc: Encode) -> list[str]:
    """`prefix[key]=value` per field and `prefix[0]=value` per item (None left out, indices kept contiguous),
    nested to any depth."""
    value = _plain(value)
    if isinstance(value, Mapping):
        entries = [(quote(field, safe=""), item) for field, item in _fields(value)]
    elif isinstance(value, list):
        entries = [(str(index), item) for index, item in enumerate(_items(value))]
    else:
        return [f"{prefix}={enc(value)}"]
    fragments: list[str] = []
    for token, item in entries:
        fragments += _deep(f"{prefix}[{token}]", item, enc)
    return fragments


def header_value(value: Any, style: ParamStyle = SIMPLE) -> str:
    """A header parameter's value (`simple`): lists and objects comma-joined, nothing percent-encoded."""
    value = _plain(value)
    if style.content is not None:
        return _json_text(value)
    text = _joined(value, wire_text, ",", "=" if style.exploded else ",")
    if "\r" in text or "\n" in text:
        raise ValueError("a header value may not contain a line break")
    return text


def cookie_pairs(name: str, value: Any, style: ParamStyle = FORM) -> list[str]:
    """The `name=value` crumbs of one cookie parameter (`form`; values percent-encoded)."""
    if value is None:
        return []
    value = _plain(value)
    if style.content is not None:
        return [f"{name}={quote(_json_text(value), safe='')}"]
    enc = _encoder(style)
    if isinstance(value, list) and style.exploded:
        return [f"{name}={enc(item)}" for item in _items(value)]
    if isinstance(value, Mapping) and style.exploded:
        return [f"{quote(k, safe='')}={enc(v)}" for k, v in _fields(value)]
    return [f"{name}={_joined(value, enc, ',', ',')}"]
