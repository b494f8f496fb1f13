"""Where the package finds its data and exercise files, however it was installed.

The repository keeps one copy of each: ``data/`` (tables and ``datapackage.json``) and
``exercises/`` (``variants/`` and ``keys/``; the masters in ``exercises/source/`` are for
instructors and are never installed). The build backend maps those folders into the wheel
as ``platformlab/_data`` and ``platformlab/_exercises`` (see ``[tool.setuptools.package-dir]``
in ``pyproject.toml``), so a non-editable install (``pip install .``, a wheel,
``pip install git+<url>``) carries them, and a source checkout or an editable install reads
the repository's own folders.

The search order, the same for both kinds of file:

1. the folder named by an environment variable (``PLATFORMLAB_DATA``,
   ``PLATFORMLAB_EXERCISES``), for an instructor who keeps their own copy;
2. the copy inside the installed package (``platformlab/_data``, ``platformlab/_exercises``);
3. the repository's folder next to the package's source (``data/``, ``exercises/``).

Errors about a missing or broken file append :func:`install_description`, which says which of
those was used and how the package was installed, so that the fix is clear.
"""

from __future__ import annotations

import json
import os
from importlib import metadata
from pathlib import Path

__all__ = ["DATA_ENV", "EXERCISES_ENV", "data_dir", "exercises_dir", "install_description"]

DATA_ENV = "PLATFORMLAB_DATA"
EXERCISES_ENV = "PLATFORMLAB_EXERCISES"

_PACKAGE = Path(__file__).resolve().parent
_SOURCE_ROOT = _PACKAGE.parent


def _bundled(name: str) -> Path:
    return _PACKAGE / name


def data_dir() -> Path:
    """The folder holding the tables and ``datapackage.json``."""
    env = os.environ.get(DATA_ENV)
    if env:
        return Path(env)
    bundled = _bundled("_data")
    if bundled.is_dir():
        return bundled
    return _SOURCE_ROOT / "data"


def exercises_dir() -> Path:
    """The folder holding ``variants/`` and ``keys/`` (and, in a checkout, ``source/``)."""
    env = os.environ.get(EXERCISES_ENV)
    if env:
        return Path(env)
    bundled = _bundled("_exercises")
    if bundled.is_dir():
        return bundled
    return _SOURCE_ROOT / "exercises"


def _distribution_kind() -> str:
    """How pip (or another installer) installed this copy, from its ``direct_url.json``."""
    if (_SOURCE_ROOT / "pyproject.toml").is_file() and (_SOURCE_ROOT / "data").is_dir():
        return f"platformlab imported from the source checkout {_SOURCE_ROOT}"
    try:
        dist = metadata.distribution("platformlab")
    except metadata.PackageNotFoundError:
        return "not installed: imported from the source folder"
    files = dist.files or []
    located = [f for f in files if str(f).endswith("platformlab/__init__.py")]
    version = dist.version
    direct = dist.read_text("direct_url.json")
    if direct:
        try:
            info = json.loads(direct)
        except json.JSONDecodeError:
            info = {}
        url = info.get("url", "?")
        if "vcs_info" in info:
            return f"platformlab {version}, installed from {info['vcs_info'].get('vcs', 'vcs')}+{url}"
        return f"platformlab {version}, installed from {url}"
    where = dist.locate_file(located[0]).parent if located else "site-packages"
    return f"platformlab {version}, installed from an index or a wheel into {where}"


def install_description(kind: str = "data", folder: Path | None = None,
                        fix: str | None = None, *, fix_installed: bool = False) -> str:
    """One sentence: which folder was read, how the package was installed, and the fix.

    ``folder`` is the folder actually read, when a caller passed one; by default the folder the
    search order above gives. ``fix`` replaces the usual fix (restore or reinstall the file)
    where the file is one a person edits, except in the copy installed with the package (there
    too with ``fix_installed``, for a fix that is not about the file, such as a mistyped name).
    """
    env = DATA_ENV if kind == "data" else EXERCISES_ENV
    default = data_dir() if kind == "data" else exercises_dir()
    folder = Path(folder) if folder is not None else default
    installed = folder.resolve().parent == _PACKAGE
    if folder != default:
        source, hint = f"the folder {folder} passed by the caller", "check that folder"
    elif os.environ.get(env):
        source, hint = (f"${env} points to {folder}",
                        f"unset ${env} or point it to a complete copy")
    elif installed:
        source = f"the copy installed with the package, {folder}"
        hint = "reinstall the package (pip install --force-reinstall --no-deps <wheel or git URL>)"
    else:
        source = f"the repository folder {folder}"
        hint = "restore the file from the repository (git checkout -- <file>)"
        if kind == "exercises":
            hint += " or rebuild it (make exercises)"
    if fix and (fix_installed or not installed):
        hint = fix
    return f"[{kind} from {source}; {_distribution_kind()}; to fix: {hint}]"
