"""A local server for the Karat and Unicat APIs, driven by spec/*.yaml: `python -m mockserver` or MockServer."""

from __future__ import annotations

from .config import FaultPlan, ServerConfig
from .server import MockServer
from .state import LoggedRequest, SelfCheckError

__all__ = ["FaultPlan", "LoggedRequest", "MockServer", "SelfCheckError", "ServerConfig"]
