"""INSTALL TEST (marker `install`): the generator as a user gets it, and the project it writes, each in a fresh venv.

1. A fresh virtual environment; `pip install <this clone>` (the tool and its declared dependencies): the package
   `sdk_pipeline`, and no top-level `generator`.
2. From an empty temporary folder, `sdk-pipeline generate --spec <corpus document> --output out`: no
   `--templates`, no PYTHONPATH, nothing of the clone but the installed tool.
3. A second fresh virtual environment; `pip install out/`: the generated project with the dependencies its
   pyproject.toml declares (nothing borrowed from another environment).
4. Import the SDK there and make one call over `httpx.MockTransport`.

pip resolves from the configured index (or its cache); it takes about a minute.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import venv
from pathlib import Path

import pytest

from corpus.documents import corpus_dir
from tests.conftest import ROOT

pytestmark = pytest.mark.install

CORPUS = corpus_dir()
PETSTORE = CORPUS / "oas__petstore.yaml" if CORPUS else None

CALL = textwrap.dedent(
    """
    import json

    import httpx

    from swagger_petstore_sdk import SwaggerPetstoreClient

    seen = []


    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(f"{request.method} {request.url}")
        return httpx.Response(200, json={"id": 1, "name": "Rex", "tag": "dog"})


    with httpx.Client(transport=httpx.MockTransport(answer)) as http:
        with SwaggerPetstoreClient(http_client=http) as client:  # the document declares no security scheme
            pet = client.pets.show_pet_by_id("1")
    print(json.dumps({"type": type(pet).__name__, "name": pet.name, "seen": seen}))
    """
)


def fresh_venv(path: Path) -> Path:
    """A new virtual environment with pip and no access to any other's packages; its python."""
    venv.EnvBuilder(with_pip=True, system_site_packages=False, clear=True).create(path)
    return path / "bin" / "python"


def run(*command: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run a command with a clean environment (no PYTHONPATH, no virtual environment of the test run)."""
    passed = ("PIP_", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "no_proxy", "SSL_CERT_")
    env = {name: value for name, value in os.environ.items() if name.startswith(passed)}  # how pip reaches an index
    env |= {"PATH": "/usr/bin:/bin", "HOME": str(Path.home()), "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    result = subprocess.run([str(c) for c in command], cwd=cwd, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, f"{command} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


@pytest.mark.skipif(PETSTORE is None, reason="no corpus: ../shared/corpus/openapi is not beside the repository")
def test_install_the_tool_generate_from_an_empty_folder_install_the_sdk_and_call_it(tmp_path: Path) -> None:
    assert PETSTORE is not None and sys.version_info >= (3, 11)
    tool = fresh_venv(tmp_path / "tool-venv")
    run(tool, "-m", "pip", "install", "--quiet", ROOT, cwd=tmp_path)
    found = run(
        tool,
        "-c",
        "import importlib.util as u; print(bool(u.find_spec('sdk_pipeline')), bool(u.find_spec('generator')))",
        cwd=tmp_path,
    )
    assert found.stdout.split() == ["True", "False"]  # installed as sdk_pipeline: no top-level package `generator`
    assert "`python -m sdk_pipeline COMMAND --help`" in run(tool, "-m", "sdk_pipeline", "--help", cwd=tmp_path).stdout

    work = tmp_path / "empty"
    work.mkdir()
    generated = run(tool.parent / "sdk-pipeline", "generate", "--spec", PETSTORE, "--output", "out", cwd=work)
    assert "generated out/ from 1 spec(s)" in generated.stdout
    assert sorted(p.name for p in (work / "out").iterdir()) == [
        "MANIFEST",
        "README.md",
        "pyproject.toml",
        "swagger_petstore_sdk",
    ]

    sdk = fresh_venv(tmp_path / "sdk-venv")
    run(sdk, "-m", "pip", "install", "--quiet", work / "out", cwd=tmp_path)
    installed = run(sdk, "-m", "pip", "list", "--format=freeze", cwd=tmp_path).stdout
    assert {"swagger-petstore-sdk==1.0.0", "httpx==", "pydantic=="} <= {
        line if line.startswith("swagger") else line.split("==")[0] + "==" for line in installed.lower().splitlines()
    }
    script = tmp_path / "call.py"
    script.write_text(CALL, encoding="utf-8")
    out = run(sdk, script, cwd=tmp_path).stdout
    assert out.strip() == '{"type": "Pet", "name": "Rex", "seen": ["GET http://petstore.swagger.io/v1/pets/1"]}'
