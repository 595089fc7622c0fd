"""Entry point of `python -m mockserver`."""

from __future__ import annotations

from .cli import main

raise SystemExit(main())
