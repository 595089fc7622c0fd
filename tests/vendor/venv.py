"""The vendor clients' own virtualenv, .venv-vendor/, from tests/vendor/requirements.lock.

`python -m tests.vendor.venv` makes it (or remakes it when the lock changed); `make test` runs that first, and
the vendor-client test does too, so a plain `pytest` on a fresh clone works (it needs the package index once).
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VENV = ROOT / ".venv-vendor"
LOCK = Path(__file__).with_name("requirements.lock")
STAMP = VENV / ".lock.sha256"


def python() -> Path:
    """The vendor venv's interpreter."""
    return VENV / "bin" / "python"


def _digest() -> str:
    return hashlib.sha256(LOCK.read_bytes()).hexdigest()


def current() -> bool:
    """Whether the venv exists and was made from the lock as it is now."""
    return python().is_file() and STAMP.is_file() and STAMP.read_text(encoding="utf-8").strip() == _digest()


def ensure() -> Path:
    """Make the venv from the lock unless it is current; return its interpreter."""
    if not current():
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(VENV)], check=True)
        pip = [str(python()), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-deps"]
        subprocess.run([*pip, "-r", str(LOCK)], check=True)
        STAMP.write_text(_digest() + "\n", encoding="utf-8")
    return python()


if __name__ == "__main__":
    print(ensure())
