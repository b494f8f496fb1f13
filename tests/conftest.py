"""Shared fixtures: the repository root, and a scratch copy of data/ to break on purpose."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: The module's own exercise sets. Tests that hold a hand-made table per question (the sliders a
#: widget question needs, the widget answers graded three ways) cover exactly these; a set an
#: instructor adds (the book's page "Adopt this module") is reported as skipped by those tests
#: and checked by every generic one.
OWN_SETS = ("intro", "matching", "logistics", "social_commerce", "human_capital", "privacy")


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of data/ (tables and datapackage.json)."""
    target = tmp_path / "data"
    shutil.copytree(ROOT / "data", target, ignore=shutil.ignore_patterns("scripts"))
    return target


def jupyter_book_flags() -> list[str]:
    """The flags the Makefile builds the book with (so the tests build it the same way)."""
    for line in (ROOT / "Makefile").read_text().splitlines():
        if line.startswith("JB_FLAGS"):
            return line.split(":=", 1)[1].split()
    raise AssertionError("Makefile defines no JB_FLAGS")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the book from stored outputs into a scratch folder, as `make book` does; return the HTML folder."""
    import subprocess
    import sys

    out = tmp_path_factory.mktemp("book")
    jb = Path(sys.executable).parent / "jupyter-book"
    proc = subprocess.run(
        [str(jb), "build", str(ROOT), "--path-output", str(out), *jupyter_book_flags()],
        capture_output=True,
        text=True,
        timeout=600,
    )
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0, f"the book build failed:\n{log[-5000:]}"
    html = out / "_build" / "html"
    (html.parent / "build.log").write_text(log)
    return html


# -- platform tests (see tests/platforms.py) -------------------------------------------------
@pytest.fixture(scope="session")
def repo_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The checkout as a platform copies it (no .git, venvs or builds), in a scratch folder."""
    from platforms import copy_repository

    return copy_repository(tmp_path_factory.mktemp("platform") / "repository")


@pytest.fixture(scope="session")
def wheel(repo_copy: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The package's wheel, built from that copy by the build backend (nothing fetched)."""
    from platforms import build_wheel

    return build_wheel(repo_copy, tmp_path_factory.mktemp("dist"))


@pytest.fixture(scope="session")
def binder_venv() -> Path:
    """A venv built as Binder builds its image from .binder/: the base image's Jupyter packages
    (repo2docker's own lock for that Python), then ``pip install -r .binder/requirements.txt``."""
    from platforms import platform_venv

    return platform_venv("binder")


def pytest_collection_finish(session: pytest.Session) -> None:
    """Start building the platform venvs the collected tests need, in the background."""
    import sys

    sys.path.insert(0, str(Path(__file__).parent))
    from platforms import prewarm

    modules = {Path(str(item.fspath)).stem for item in session.items}
    prewarm(modules)
