"""Shared fixtures: the repository root, and a scratch copy of data/ to break on purpose."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of data/ (tables and datapackage.json)."""
    target = tmp_path / "data"
    shutil.copytree(ROOT / "data", target, ignore=shutil.ignore_patterns("scripts"))
    return target
