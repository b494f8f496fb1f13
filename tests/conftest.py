"""Shared fixtures: the repository root, and a scratch copy of data/ to break on purpose."""

from __future__ import annotations

import contextlib
import re
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: The module's own exercise sets. Tests that hold a hand-made table per question (the sliders a
#: widget question needs, the widget answers graded three ways) cover exactly these; a set an
#: instructor adds (the book's page "Adopt this module") is reported as skipped by those tests
#: and checked by every generic one.
OWN_SETS = ("intro", "matching", "logistics", "social_commerce", "human_capital", "privacy")


#: The rule of platformlab._validate, read from a message: these phrases say the value was the
#: wrong kind of thing (a TypeError); every other refusal is a value not allowed (a ValueError).
WRONG_KIND = re.compile(
    r"must be a number or an array of numbers|must be a single number|must be an integer;|"
    r"must be an integer or an array of integers|must be an array of booleans|"
    r"must be a numpy\.random\.Generator|"
    # the models' own kind checks: preferences, matchings, tours, centres, tables, functions
    r"must be a 2-D integer array or a list of lists of integers|must contain integers|"
    r"must be an array of integers|must be a permutation of range\(\d+\); got '|"
    r"must be an array of village indices|must be True or False|must be a pandas DataFrame|"
    r"must be a column name or a list of column names|must be a function of one value|"
    r"needs a numeric column|alt text must be a string|needs a matplotlib Figure")


@contextlib.contextmanager
def raises_by_rule(match: str | None = None):
    """Like ``pytest.raises((TypeError, ValueError), match=...)``, and the type must be the one
    the validators' rule gives the message (``WRONG_KIND``): one exception type per rule."""
    with pytest.raises((TypeError, ValueError), match=match) as info:
        yield info
    message = str(info.value)
    expected = TypeError if WRONG_KIND.search(message) else ValueError
    assert info.type is expected, (
        f"{info.type.__name__}({message!r}): by the rule of platformlab._validate this message "
        f"is a {expected.__name__}")


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
