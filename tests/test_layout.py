"""The generator's folders are its jobs: their imports form no cycle, and openapi/ and runtime/ are leaves."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

from tests.conftest import ROOT

GENERATOR = ROOT / "generator"


def _imported(path: Path, package: tuple[str, ...]) -> set[str]:
    """The top-level generator folders or modules one file imports."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = list(package[: len(package) - (node.level - 1)])
            target = base + (node.module.split(".") if node.module else [])
            found.add(target[0] if target else "")
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("generator."):
            found.add(str(node.module).split(".")[1])
        elif isinstance(node, ast.Import):
            found |= {a.name.split(".")[1] for a in node.names if a.name.startswith("generator.")}
    return found


def dependencies() -> dict[str, set[str]]:
    """Folder (or top-level module) -> the other folders and modules of generator/ it imports."""
    graph: dict[str, set[str]] = defaultdict(set)
    for path in GENERATOR.rglob("*.py"):
        parts = path.relative_to(GENERATOR).parts
        unit = parts[0] if len(parts) > 1 else parts[0].removesuffix(".py")
        graph[unit] |= _imported(path, parts[:-1]) - {unit}
    return graph


def test_openapi_and_runtime_import_nothing_else_from_the_generator() -> None:
    graph = dependencies()
    assert graph["openapi"] == set()
    assert graph["runtime"] == set()
    assert graph["validate"] == {"openapi"}


def test_the_folders_import_each_other_without_a_cycle() -> None:
    graph = dependencies()
    done: set[str] = set()

    def visit(unit: str, path: tuple[str, ...]) -> None:
        assert unit not in path, " -> ".join([*path, unit])
        if unit in done:
            return
        for other in sorted(graph.get(unit, set())):
            visit(other, (*path, unit))
        done.add(unit)

    for unit in sorted(graph):
        visit(unit, ())


def test_the_mock_server_uses_only_generator_openapi() -> None:
    for path in (ROOT / "mockserver").rglob("*.py"):
        used = {
            str(node.module)
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("generator")
        }
        assert all(m.startswith("generator.openapi") for m in used), (path, used)


BACKENDS = ("datamodel_code_generator", "openapi_python_client", "jinja2")
RENDERERS = ("render_models", "render_client", "client_view")
IR_MODULES = ("ir", "ir_types", "ir_models", "ir_extensions", "ir_operation", "ir_builder", "inline_schemas")


def _modules_imported(path: Path) -> set[str]:
    """Every module one file imports (absolute names; relative ones as `.name`), lazy imports included."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            module = "." * node.level + (node.module or "")
            found |= {module} | {f"{module}.{a.name}" for a in node.names}
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
    return found


def test_openapi_imports_no_backend() -> None:
    for path in (GENERATOR / "openapi").rglob("*.py"):
        used = _modules_imported(path)
        assert not [m for m in used if m.split(".")[0] in BACKENDS], path


def test_validate_and_the_ir_builder_import_no_renderer_and_no_backend() -> None:
    paths = [*(GENERATOR / "validate").rglob("*.py"), *(GENERATOR / "codegen" / f"{m}.py" for m in IR_MODULES)]
    for path in paths:
        used = _modules_imported(path)
        assert not [m for m in used if any(r in m.split(".") for r in RENDERERS)], path
        backends = [m for m in used if m.split(".")[0] in BACKENDS and path.parent.name == "codegen"]
        assert not backends, path


def test_the_modules_of_codegen_import_each_other_without_a_cycle(codegen: Path = GENERATOR / "codegen") -> None:
    graph = {
        path.stem: {m[1:].split(".")[0] for m in _modules_imported(path) if m[:1] == "." and m[1:2] != "."} - {""}
        for path in codegen.glob("*.py")
    }
    done: set[str] = set()

    def visit(module: str, path: tuple[str, ...]) -> None:
        assert module not in path, " -> ".join([*path, module])
        if module in done:
            return
        for other in sorted(graph.get(module, set())):
            visit(other, (*path, module))
        done.add(module)

    for module in sorted(graph):
        visit(module, ())
