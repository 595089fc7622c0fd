"""`generate --spec` from a user's folder: it never replaces what it did not write, names come from the command
line, and the output is an installable project (pyproject.toml, README.md, py.typed)."""

from __future__ import annotations

import re
import textwrap
import tomllib
from pathlib import Path

import pytest

from tests.conftest import run_generator

SHOP = """
openapi: 3.1.0
info: {title: "Spotify Web API with fixes and improvements", version: "2024.5.1"}
servers: [{url: "https://api.example.com/v1"}]
paths:
  /items/{itemId}:
    get:
      operationId: getItem
      parameters:
        - {name: itemId, in: path, required: true, schema: {type: string}, example: apple}
      responses:
        "200":
          description: one item
          content:
            application/json:
              schema:
                type: object
                properties: {name: {type: string}}
"""


@pytest.fixture
def spec(tmp_path: Path) -> Path:
    path = tmp_path / "shop.yaml"
    path.write_text(textwrap.dedent(SHOP).lstrip(), encoding="utf-8")
    return path


def test_a_folder_holding_a_users_files_is_refused_and_left_byte_for_byte(spec: Path, tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    (mine / "src").mkdir(parents=True)
    notes, app = mine / "notes.txt", mine / "src" / "app.py"
    notes.write_bytes(b"my notes\r\n\x00binary\xff")
    app.write_text("print('mine')\n", encoding="utf-8")
    before = {p: p.read_bytes() for p in mine.rglob("*") if p.is_file()}

    result = run_generator("generate", "--spec", str(spec), "--output", str(mine), cwd=tmp_path)

    assert result.returncode == 2, result.stderr
    assert f"--output {mine} is a folder that is not empty and holds no MANIFEST of ours" in result.stderr
    assert "left untouched" in result.stderr
    assert {p: p.read_bytes() for p in mine.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine", "shop.yaml"]  # no staging folder left behind
    # --force regenerates a folder of ours; it does not override the refusal
    forced = run_generator("generate", "--spec", str(spec), "--output", str(mine), "--force", cwd=tmp_path)
    assert forced.returncode == 2 and notes.read_bytes() == before[notes]


def test_a_file_as_output_is_refused(spec: Path, tmp_path: Path) -> None:
    target = tmp_path / "out"
    target.write_text("a file\n", encoding="utf-8")
    result = run_generator("generate", "--spec", str(spec), "--output", str(target), cwd=tmp_path)
    assert result.returncode == 2 and f"--output {target} is a file" in result.stderr
    assert target.read_text(encoding="utf-8") == "a file\n"


def test_an_empty_folder_is_used_and_a_folder_of_ours_is_replaced(spec: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    assert run_generator("generate", "--spec", str(spec), "--output", str(out), cwd=tmp_path).returncode == 0
    (out / "stale.txt").write_text("left over\n", encoding="utf-8")  # inside a folder of ours: replaced with it
    result = run_generator("generate", "--spec", str(spec), "--output", str(out), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert not (out / "stale.txt").exists() and (out / "MANIFEST").is_file()


def test_the_output_of_one_spec_is_an_installable_project(spec: Path, tmp_path: Path) -> None:
    (spec.parent / "x.yaml").write_text(spec.read_text().replace("info: {", "x-sdk: {license: MIT}\ninfo: {"))
    out = tmp_path / "out"
    result = run_generator("generate", "--spec", "x.yaml", "--output", "out", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    project = tomllib.loads((out / "pyproject.toml").read_text(encoding="utf-8"))
    package = "spotify_web_api_with_fixes_and_improvements_sdk"
    assert project["build-system"]["build-backend"] == "flit_core.buildapi"
    assert project["project"]["name"] == package.replace("_", "-")
    assert project["project"]["version"] == "2024.5.1"  # info.version
    assert project["project"]["requires-python"] == ">=3.11"
    assert project["project"]["license"] == "MIT"  # x-sdk.license
    assert all(re.fullmatch(r"[a-z-]+>=[\d.]+,<[\d.]+", d) for d in project["project"]["dependencies"])
    assert {d.split(">=")[0] for d in project["project"]["dependencies"]} >= {"httpx", "pydantic"}
    assert project["tool"]["flit"]["module"]["name"] == package
    assert (out / package / "py.typed").is_file()
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert "pip install ." in readme
    usage = re.search(r"```python\n(.*?)```", readme, re.DOTALL)
    assert usage is not None and 'client.default.get_item("apple")' in usage.group(1)
    compile(usage.group(1), "README usage", "exec")


def test_the_output_of_several_specs_is_a_folder_of_packages(spec: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.yaml"
    other.write_text(spec.read_text().replace("Spotify Web API", "Other"), encoding="utf-8")
    result = run_generator("generate", "--spec", str(spec), "--spec", str(other), "--output", "out", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "out" / "pyproject.toml").exists()


@pytest.mark.parametrize(
    ("flags", "client", "variable"),
    [
        (["--package", "spotify_sdk"], "SpotifyClient", "SPOTIFY_BASE_URL"),
        (["--package", "spotify_sdk", "--client-name", "Tunes"], "TunesClient", "TUNES_BASE_URL"),
        (
            ["--package", "spotify_sdk", "--client-name", "TunesClient", "--env-prefix", "MUSIC"],
            "TunesClient",
            "MUSIC_BASE_URL",
        ),
        ([], "SpotifyWebApiWithFixesAndImprovementsClient", "SPOTIFY_WEB_API_WITH_FIXES_AND_IMPROVEMENTS_BASE_URL"),
    ],
)
def test_names_from_the_command_line(spec: Path, tmp_path: Path, flags: list[str], client: str, variable: str) -> None:
    result = run_generator("generate", "--spec", str(spec), "--output", "out", *flags, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    (package,) = [p for p in (tmp_path / "out").iterdir() if p.is_dir()]
    assert package.name == ("spotify_sdk" if flags else "spotify_web_api_with_fixes_and_improvements_sdk")
    source = (package / "_client.py").read_text(encoding="utf-8")
    assert f"class {client}:" in source and f'{variable}"' in source


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (["--env-prefix", "lower"], "--env-prefix 'lower': use capital letters, digits and _"),
        (["--client-name", "not valid"], "--client-name 'not valid' is not a capitalized Python identifier"),
        (["--package", "a-b"], "--package 'a-b' is not a Python identifier"),
    ],
)
def test_bad_names_exit_with_status_2(spec: Path, tmp_path: Path, flags: list[str], message: str) -> None:
    result = run_generator("generate", "--spec", str(spec), "--output", "out", *flags, cwd=tmp_path)
    assert result.returncode == 2 and message in result.stderr
    assert not (tmp_path / "out").exists()


def test_names_need_one_spec(tmp_path: Path) -> None:
    result = run_generator("generate", "--client-name", "Shop", "--output", str(tmp_path / "out"))
    assert result.returncode == 2 and "--client-name needs exactly one --spec" in result.stderr


def test_a_method_without_a_description_has_one_blank_line_after_its_summary(spec: Path, tmp_path: Path) -> None:
    described = spec.read_text(encoding="utf-8").replace(
        "operationId: getItem", "operationId: getItem\n      summary: Get an item"
    )
    spec.write_text(described, encoding="utf-8")
    assert run_generator("generate", "--spec", str(spec), "--output", "out", cwd=tmp_path).returncode == 0
    (resource,) = (tmp_path / "out").glob("*/resources/default.py")
    source = resource.read_text(encoding="utf-8")
    assert '"""Get an item\n\n        Args:\n' in source
    assert not [doc for doc in re.findall(r'"""(.*?)"""', source, re.DOTALL) if re.search(r"\n\s*\n\s*\n", doc)]


def test_a_version_pip_cannot_read_is_a_located_warning_and_0_0_0(spec: Path, tmp_path: Path) -> None:
    spec.write_text(spec.read_text(encoding="utf-8").replace('version: "2024.5.1"', 'version: "v1-beta.x"'))
    result = run_generator("generate", "--spec", str(spec), "--output", "out", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"{spec.name}:2:" in result.stderr
    assert "warning: info.version 'v1-beta.x' is not a PEP 440 version: the project's version is 0.0.0" in result.stderr
    assert tomllib.loads((tmp_path / "out" / "pyproject.toml").read_text())["project"]["version"] == "0.0.0"


def test_publish_refuses_a_dist_folder_it_did_not_write(tmp_path: Path) -> None:
    mine = tmp_path / "dist"
    mine.mkdir()
    (mine / "release-notes.md").write_bytes(b"mine\n")
    result = run_generator("publish", "--dist", str(mine))
    assert result.returncode == 2
    assert f"--dist {mine} is a folder that is not empty and holds no SHA256SUMS of ours" in result.stderr
    assert [p.name for p in mine.iterdir()] == ["release-notes.md"] and (
        mine / "release-notes.md"
    ).read_bytes() == b"mine\n"
