"""Binder: what repo2docker generates from ``.binder/``, and an image's pip steps reproduced.

repo2docker (from PyPI, in a venv of its own) renders the Dockerfile for a copy of the checkout
with ``--no-build``; the test reads the Python version and the install steps from it. Docker is
not needed. The same pip steps are then run in a fresh venv (``binder_venv``: the base image's
Jupyter packages, then ``.binder/requirements.txt``), ``.binder/postBuild`` runs in the copy as
repo2docker runs it, and every chapter is executed with ``chapters/`` as its folder.

Covered repo2docker versions: :data:`REPO2DOCKER` (2025.12.0 crashes on any ``pyproject.toml``
and is not covered; mybinder.org runs the 2026 behaviour).
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import nbformat
import pytest
from platforms import (
    BINDER, ROOT, REPO2DOCKER, assert_same_text, binder_base_layer, binder_python_version, errors,
    installed_versions, kernel_in, platform_venv, ran, requirement_lines, run_many,
)

CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))


def dockerfile(version: str, repository: Path, cwd: Path) -> tuple[str, Path]:
    venv = platform_venv(f"repo2docker-{version}")
    proc = subprocess.run(
        [str(venv / "bin" / "repo2docker"), "--no-build", "--debug", "--no-run",
         "--user-id", "1000", "--user-name", "jovyan", str(repository)],
        cwd=cwd, capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    # repo2docker escapes the names of the build files it copies ("-2e" for ".", "-2d" for "-").
    text = re.sub(r"-2([edf])", lambda m: {"e": ".", "d": "-", "f": "/"}[m.group(1)],
                  proc.stdout + proc.stderr)
    return text, venv


@pytest.mark.parametrize("version", sorted(REPO2DOCKER))
def test_repo2docker_uses_binder_folder_python_and_a_cached_requirements_layer(
        version: str, repo_copy: Path, tmp_path: Path):
    text, venv = dockerfile(version, repo_copy, tmp_path)
    python = binder_python_version()
    assert f"Building conda environment for python={python}" in text
    assert f"environment.py-{python}-linux-64.lock" in text
    label = re.search(r'repo2docker\.version="([\d.]+)"', text)
    assert label and [int(x) for x in label.group(1).split(".")] == [
        int(x) for x in version.split(".")], label
    lines = [line.strip() for line in text.splitlines()]
    copy_all = lines.index("COPY --chown=1000:1000 src/ ${REPO_DIR}/")
    install = [i for i, line in enumerate(lines) if "pip install" in line]
    # One pip step: the lean requirements, before the repository is copied (a cached layer).
    assert len(install) == 1, [lines[i] for i in install]
    assert '-r ".binder/requirements.txt"' in lines[install[0]] and install[0] < copy_all
    # No later step installs (and so replaces) the package from the repository root.
    assert not [line for line in lines if re.search(r"pip install\b.*(\s\.|-e)(\s|$)", line)]
    assert "RUN ./.binder/postBuild" in lines and lines.index("RUN ./.binder/postBuild") > copy_all
    # The base layer this test reproduces is the one this repo2docker installs.
    if version == max(REPO2DOCKER):
        lock = next(venv.glob(
            f"lib/python*/site-packages/repo2docker/buildpacks/conda/environment.py-{python}"
            "-linux-64.lock"))
        lock_text = lock.read_text()
        for pin in binder_base_layer():
            name, pinned = pin.split("==")
            conda = name.replace("_", "[-_]")
            found = re.search(rf"/{conda}-(\d[^-/]*)-[^/]*\.conda", lock_text)
            assert found and found.group(1) == pinned, f"{name}: lock has {found and found.group(1)}"


def test_binder_requirements_are_lean_and_pinned():
    lines = requirement_lines(BINDER / "requirements.txt")
    names = {re.split(r"[=<>!~\[ ]", line, maxsplit=1)[0].lower() for line in lines}
    assert all("==" in line for line in lines), lines
    assert not [line for line in lines if line.startswith(("-e", "."))]
    for tool in ("jupyter-book", "pytest", "nbval", "hypothesis", "playwright", "frictionless",
                 "axe-playwright-python", "beautifulsoup4", "sphinx-exercise"):
        assert tool not in names, f"{tool} is a build or test tool; Binder does not need it"
    # The root requirements include these pins rather than repeating them.
    root = (ROOT / "requirements.txt").read_text()
    assert "-r .binder/requirements.txt" in root
    for line in lines:
        assert line not in requirement_lines(ROOT / "requirements.txt")


@pytest.fixture(scope="module")
def binder_image(binder_venv: Path, repo_copy: Path) -> Path:
    """postBuild run in the copy of the repository with the venv's Python first on PATH."""
    subprocess.run([str(binder_venv / "bin" / "python"), "-m", "pip", "uninstall", "--yes",
                    "--quiet", "platformlab"], capture_output=True)
    assert "platformlab" not in installed_versions(binder_venv)
    env = {**os.environ, "PATH": f"{binder_venv / 'bin'}{os.pathsep}{os.environ['PATH']}",
           "VIRTUAL_ENV": str(binder_venv), "PIP_NO_INPUT": "1", "PIP_TIMEOUT": "20",
           "PIP_RETRIES": "2"}
    proc = subprocess.run(["bash", str(repo_copy / ".binder" / "postBuild")], cwd=repo_copy,
                          env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "platformlab" in installed_versions(binder_venv)
    check = subprocess.run([str(binder_venv / "bin" / "python"), "-m", "pip", "check"],
                           capture_output=True, text=True)
    assert check.returncode == 0, f"pip check in the Binder venv:\n{check.stdout}"
    return binder_venv


def test_the_package_in_the_image_is_not_the_repository_folder(binder_image: Path,
                                                               repo_copy: Path):
    proc = subprocess.run(
        [str(binder_image / "bin" / "python"), "-c",
         "import platformlab, platformlab.data as d; print(platformlab.__file__); print(d.data_dir())"],
        cwd=repo_copy / "chapters", capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    package, data = proc.stdout.split()
    assert package.startswith(str(binder_image)) and data.startswith(str(binder_image))


@pytest.fixture(scope="module")
def chapter_runs(binder_image: Path, repo_copy: Path) -> dict:
    """Every chapter run in the image's kernel with chapters/ of the copy as its folder."""
    folder = repo_copy / "chapters"
    jobs = {p.stem: (nbformat.read(folder / p.name, as_version=4), folder) for p in CHAPTERS}
    with kernel_in(binder_image, "platformlab-binder") as kernel:
        return run_many(jobs, kernel)


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_every_chapter_runs_in_the_binder_image(chapter_runs: dict, chapter: Path):
    stored = nbformat.read(chapter, as_version=4)
    fresh = ran(chapter_runs, chapter.stem)
    assert errors(fresh) == []
    assert_same_text(stored, fresh, chapter.name)
