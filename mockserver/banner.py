"""What `python -m mockserver` prints on start: where each API is, ids that exist, and how to point the SDKs here."""

from __future__ import annotations

from generator.openapi.sdk_names import sdk_names

from .karat_data import KaratData
from .server import MockServer
from .state import HAND_WRITTEN
from .unicat_data import NAME_FIELD, ROOT, SERIES_DEFINITION, UnicatData

_SHOWN_DATASETS = 3


def banner_lines(server: MockServer) -> list[str]:
    """The start banner: one line per served API, then seeded ids and the environment of the SDKs."""
    lines = [f"mockserver: {s.title} ({s.path.name}) at {server.url}" for s in server.state.services]
    token = "<one of the --token values>" if server.config.tokens else "anything"
    exports: list[str] = []
    if server.state.karat is not None:
        lines += _karat_lines(server.karat)
        exports += [f"KARAT_BASE_URL={server.url}", f"KARAT_TOKEN={token}"]
    if server.state.unicat is not None:
        lines += _unicat_lines(server.unicat)
        exports += [f"UNICAT_BASE_URL={server.url}", f"UNICAT_TOKEN={token}"]
        exports.append(f"UNICAT_PROJECT_GID={server.unicat.project_gid}")
    for service in server.state.services:
        names = sdk_names(service.doc)
        if names.package not in HAND_WRITTEN:  # any other document: its SDK's variables, derived as it derives them
            exports += [
                f"{names.env_prefix}_BASE_URL={server.url}{service.base_path}",
                f"{names.env_prefix}_TOKEN={token}",
            ]
    lines.append("  point the SDKs here: export " + " ".join(exports))
    return lines


def _karat_lines(data: KaratData) -> list[str]:
    shown = list(data.datasets.items())[:_SHOWN_DATASETS]
    datasets = "; ".join(f"{rid} (branches {', '.join(d.branches)})" for rid, d in shown)
    more = len(data.datasets) - len(shown)
    return [
        f"  Karat: {len(data.records)} checkpoint records, e.g. {data.records[0]['rid']}",
        f"  Karat datasets: {datasets}" + (f"; {more} more" if more > 0 else ""),
    ]


def _unicat_lines(data: UnicatData) -> list[str]:
    root = data.records[ROOT]
    children = data.children(ROOT)[:2]
    records = ", ".join(f"{r['gid']} ({r['title'].get('en', '')})" for r in [root, *children])
    definition = data.definitions[SERIES_DEFINITION]["name"]
    field = data.fields[NAME_FIELD]["name"]
    return [
        f"  Unicat: project_gid {data.project_gid}, {len(data.records)} records, e.g. {records}",
        f"  Unicat schema: definition {SERIES_DEFINITION} ({definition}), field {NAME_FIELD} ({field})",
    ]
