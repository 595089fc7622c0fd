"""Server options and the fault-injection plan."""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

FAULT_KINDS = ("429", "500", "503", "drop", "truncate")
DOCS_PROJECT_GID = "3f6c1d2e-9a8b-4c7d-8e5f-0a1b2c3d4e5f"


@dataclass(frozen=True)
class FaultPlan:
    """Which fraction of requests fail, and how: `429`, `500`, `503`, `drop` (no answer), `truncate` (cut body).

    The choice for the n-th request depends only on the seed and n, so a run is repeatable.
    `retry_after` is the `Retry-After` (seconds) sent with 429 and 503.
    """

    rates: Mapping[str, float] = field(default_factory=dict)
    retry_after: float = 1.0

    def __post_init__(self) -> None:
        unknown = set(self.rates) - set(FAULT_KINDS)
        if unknown:
            raise ValueError(f"unknown fault kinds {sorted(unknown)}; known: {', '.join(FAULT_KINDS)}")
        if any(not 0 <= rate <= 1 for rate in self.rates.values()) or sum(self.rates.values()) > 1:
            raise ValueError("fault rates must be between 0 and 1 and add up to at most 1")
        if self.retry_after < 0:
            raise ValueError("retry_after must be >= 0")

    @classmethod
    def parse(cls, text: str, retry_after: float = 1.0) -> FaultPlan:
        """Parse `429=0.1,503=0.05,drop=0.02,truncate=0.02` (an empty string injects nothing)."""
        rates: dict[str, float] = {}
        for part in filter(None, (p.strip() for p in text.split(","))):
            kind, sep, value = part.partition("=")
            if not sep:
                raise ValueError(f"expected KIND=FRACTION, got {part!r}")
            rates[kind.strip()] = float(value)
        return cls(rates, retry_after)

    def choose(self, seed: int, serial: int) -> str | None:
        """The fault for request number `serial` (from 1), or None."""
        if not self.rates:
            return None
        draw = random.Random(f"{seed}:fault:{serial}").random()  # noqa: S311 - test faults, not cryptography
        for kind in FAULT_KINDS:
            draw -= self.rates.get(kind, 0.0)
            if draw < 0:
                return kind
        return None


@dataclass(frozen=True)
class ServerConfig:
    """Everything the server can be told; the defaults serve both specs on a free port of 127.0.0.1."""

    specs: tuple[Path, ...] = ()
    host: str = "127.0.0.1"
    port: int = 0
    seed: int = 0
    records: int = 500
    datasets: int = 4
    files_per_dataset: int = 120
    unicat_records: int = 300
    schema_items: int = 40
    latency_ms: float = 0.0
    faults: FaultPlan = field(default_factory=FaultPlan)
    tokens: tuple[str, ...] = ()
    token_scopes: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    search_denied_tokens: tuple[str, ...] = ()
    renew_every: int = 5
    revoke_on_renewal: bool = False
    project_gid: str = DOCS_PROJECT_GID
    max_page_size: int = 1000
    self_check: bool = False
    log_requests: bool = False

    def __post_init__(self) -> None:
        if min(self.records, self.datasets, self.files_per_dataset, self.unicat_records, self.schema_items) < 0:
            raise ValueError("data sizes must be >= 0")
        if self.latency_ms < 0 or self.renew_every < 0 or self.max_page_size < 1:
            raise ValueError("latency_ms and renew_every must be >= 0, max_page_size >= 1")
