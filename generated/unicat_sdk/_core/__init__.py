# The hand-written SDK runtime, copied by `make generate` from generator/runtime/; do not edit. See README.md.

"""Hand-written runtime core of the generated SDKs: transport, retries, errors, auth and pagination.

The generator copies this package verbatim into each SDK as `<package>/_core/`, so every
import inside it is relative and it depends only on the standard library, httpx and pydantic.

The public names (_api.py) are imported on first use, not with the package: a standard-library-only module
(_media.py, _status.py, _wire.py) can then be imported alone without httpx and pydantic. The generator
imports those three when it renders a client, and `make generate` would otherwise load all the runtime.
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._api import *  # the names, for type checkers; at run time __getattr__ finds them

else:

    def __getattr__(name: str) -> Any:
        """A public name of the runtime (_api.py); the first one asked for imports the whole runtime."""
        # The public names have no leading underscore; `from . import _media` (a submodule) or a probe for a
        # dunder (copy, pickle, inspect) asks for one that has, and need not load the runtime.
        if not name.startswith("_"):
            api = import_module("._api", __name__)
            if name in api.__all__:
                return getattr(api, name)
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
