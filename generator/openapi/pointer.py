"""JSON pointers (RFC 6901): escape, join, split, and the value a pointer names."""

from __future__ import annotations

from typing import Any


def escape_pointer_token(token: str | int) -> str:
    """Escape one JSON pointer reference token (RFC 6901)."""
    return str(token).replace("~", "~0").replace("/", "~1")


def join_pointer(*tokens: str | int) -> str:
    """Build a JSON pointer from unescaped tokens."""
    return "".join("/" + escape_pointer_token(t) for t in tokens)


def split_pointer(pointer: str) -> list[str]:
    """Split a JSON pointer into unescaped tokens."""
    if not pointer:
        return []
    if not pointer.startswith("/"):
        raise ValueError(f"not a JSON pointer: {pointer!r}")
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer[1:].split("/")]


def resolve_pointer(data: Any, pointer: str) -> Any:
    """The value at a JSON pointer; KeyError when there is none."""
    node = data
    for token in split_pointer(pointer):
        if isinstance(node, list):
            if not (token.isascii() and token.isdigit() and int(token) < len(node)):
                raise KeyError(pointer)
            node = node[int(token)]
        elif isinstance(node, dict) and token in node:
            node = node[token]
        else:
            raise KeyError(pointer)
    return node


def pointer_exists(data: Any, pointer: str) -> bool:
    """Whether a JSON pointer names a value of `data`."""
    try:
        resolve_pointer(data, pointer)
    except KeyError:
        return False
    return True
