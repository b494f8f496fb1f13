"""Helpers for the platform tests: venvs of their own, kernels in them, notebooks run in them.

A platform test reproduces what a platform does: it builds a virtual environment the way that
platform's image is built (from PyPI, with that platform's Python and package versions), installs
the package the way the platform would, and runs the notebooks in a kernel of that environment.

The venvs are kept between runs in ``.platform-venvs/`` (ignored by git), each in a folder named
by a hash of its Python version and requirement list: a second run reuses it, a changed list
builds a new one. pip runs with short network time-outs, so an unreachable package index ends
the test with a message that says so instead of hanging.
"""

from __future__ import annotations

import contextlib
import copy
import glob
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from platformlab.assign._files import requirement_lines  # noqa: F401 - one copy, used here

ROOT = Path(__file__).resolve().parent.parent
VENV_CACHE = Path(os.environ.get("PLATFORMLAB_VENV_CACHE", ROOT / ".platform-venvs"))
PIP_NETWORK = ["--timeout", "20", "--retries", "2", "--disable-pip-version-check"]
INSTALL_TIMEOUT = 1500  # seconds for one venv's whole install; a hang ends here

# Folders of the repository that are never part of what a platform copies.
_NOT_COPIED = {".git", ".venv", "_build", "_vendor", ".platform-venvs", "build", "__pycache__",
               ".pytest_cache", ".hypothesis", ".ipynb_checkpoints", "platformlab.egg-info"}


def find_python(version: str) -> str:
    """The path of a ``python<version>`` interpreter (on PATH or in pyenv), or fail clearly."""
    candidates = [shutil.which(f"python{version}")]
    pyenv_root = os.environ.get("PYENV_ROOT", os.path.expanduser("~/.pyenv"))
    candidates += sorted(glob.glob(f"{pyenv_root}/versions/{version}*/bin/python{version}"),
                         reverse=True)
    for candidate in candidates:
        if not candidate:
            continue
        probe = subprocess.run([candidate, "-c", "import sys, venv; print(sys.version)"],
                               capture_output=True, text=True)
        if probe.returncode == 0 and probe.stdout.startswith(version + "."):
            return candidate
    pytest.fail(f"no Python {version} interpreter with venv found (PATH, {pyenv_root}/versions); "
                f"install one, e.g. `pyenv install {version}`", pytrace=False)


def _network_message(log: str) -> str | None:
    signs = ("NewConnectionError", "Failed to establish a new connection", "ConnectTimeout",
             "Read timed out", "Temporary failure in name resolution", "Network is unreachable",
             "Could not fetch URL", "ProxyError", "SSLError", "Connection refused")
    for sign in signs:
        if sign in log:
            return f"the package index could not be reached ({sign})"
    return None


def run_pip(python: str | Path, args: list[str], what: str, timeout: float = INSTALL_TIMEOUT,
            cwd: Path | None = None) -> str:
    """Run ``python -m pip <args>``; fail the test with a clear message if it does not work."""
    cmd = [str(python), "-m", "pip", *args]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=cwd,
                              env={**os.environ, "PIP_NO_INPUT": "1"})
    except subprocess.TimeoutExpired:
        pytest.fail(f"{what}: pip did not finish within {timeout:.0f} s (is the package index "
                    f"reachable?): {' '.join(cmd)}", pytrace=False)
    log = proc.stdout + proc.stderr
    if proc.returncode != 0:
        reason = _network_message(log) or f"pip exited with {proc.returncode}"
        pytest.fail(f"{what}: {reason}\n$ {' '.join(cmd)}\n{log[-3000:]}", pytrace=False)
    return log


_VENV_LOCKS: dict[str, threading.Lock] = {}
_VENV_LOCKS_GUARD = threading.Lock()


def _venv_lock(name: str) -> threading.Lock:
    with _VENV_LOCKS_GUARD:
        return _VENV_LOCKS.setdefault(name, threading.Lock())


def cached_venv(name: str, python: str, *steps: list[str]) -> Path:
    """A venv with each list of requirements installed in turn (one ``pip install -r`` per list,
    as an image build runs them), reused while the Python and the lists are unchanged.

    Thread-safe: a venv that :func:`prewarm` is building in the background is waited for, not
    built twice; if the background build failed, this call builds it again and fails clearly."""
    version = subprocess.run([python, "-c", "import sys; print(sys.version)"],
                             capture_output=True, text=True, check=True).stdout.strip()
    text = "\n--\n".join("\n".join(step) for step in steps)
    digest = hashlib.sha256(f"{version}\n{text}".encode()).hexdigest()[:16]
    venv = VENV_CACHE / f"{name}-{digest}"
    done = venv / ".complete"
    with _venv_lock(venv.name):
        if done.is_file():
            os.utime(done)  # used now: see prune_venv_cache
            return venv
        shutil.rmtree(venv, ignore_errors=True)
        VENV_CACHE.mkdir(parents=True, exist_ok=True)
        subprocess.run([python, "-m", "venv", str(venv)], check=True, capture_output=True)
        for number, step in enumerate(steps, 1):
            with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as handle:
                handle.write("\n".join(step) + "\n")
            try:
                run_pip(venv / "bin" / "python",
                        ["install", *PIP_NETWORK, "--quiet", "-r", handle.name],
                        f"building the {name} venv ({venv}), step {number}")
            finally:
                os.unlink(handle.name)
        done.write_text(text + "\n")
    prune_venv_cache(venv)
    return venv


#: A cached venv that no test run has used for this many days is removed.
STALE_DAYS = 14


def prune_venv_cache(built: Path, now: float | None = None) -> list[str]:
    """Remove the cached venvs that ``built`` replaces, and those unused for :data:`STALE_DAYS`.

    The cache is keyed by content (the Python version and the requirement lists), so a changed
    pin leaves the old venv behind; in CI, where a cache restored from an earlier key is saved
    again under the new one, they would pile up run after run. Replaced: the same name with
    another digest. Unused: its ``.complete`` stamp, touched each time it is used, is older
    than :data:`STALE_DAYS`. Only finished venvs are considered. Returns the names removed.
    """
    now = time.time() if now is None else now
    name = built.name.rpartition("-")[0]
    removed = []
    for venv in sorted(built.parent.iterdir()):
        done = venv / ".complete"
        if venv == built or not done.is_file():
            continue
        replaced = venv.name.rpartition("-")[0] == name
        if replaced or now - done.stat().st_mtime > STALE_DAYS * 86400:
            with _venv_lock(venv.name):
                shutil.rmtree(venv, ignore_errors=True)
            removed.append(venv.name)
    return removed


#: The platform venvs the tests use, by name: each a function returning (name, python, steps)
#: for :func:`cached_venv`, and the test modules that use it (for :func:`prewarm`).
VENV_SPECS: dict[str, tuple[Any, tuple[str, ...]]] = {}


def venv_spec(name: str, *modules: str) -> Any:
    """Register a function returning ``(name, python, steps)`` under ``name`` (a decorator)."""
    def register(func: Any) -> Any:
        VENV_SPECS[name] = (func, modules)
        return func
    return register


def platform_venv(name: str) -> Path:
    """The venv registered as ``name``, built (or waited for) with :func:`cached_venv`."""
    func, _ = VENV_SPECS[name]
    venv_name, python, steps = func()
    return cached_venv(venv_name, python, *steps)


def prewarm(modules: set[str]) -> threading.Thread | None:
    """Build, in one background thread, the venvs that the collected test ``modules`` use.

    A cold run spends minutes in ``pip install`` (mostly waiting on the network and the disk);
    done while the other tests run, that time overlaps with theirs. A failure here is ignored:
    the test that needs the venv builds it again and reports the failure itself.
    """
    names = [n for n, (_, mods) in VENV_SPECS.items() if set(mods) & modules]
    if not names or os.environ.get("PLATFORMLAB_NO_PREWARM"):
        return None

    def build() -> None:
        for name in names:
            try:
                platform_venv(name)
            except BaseException:  # noqa: BLE001 - pytest.fail raises a BaseException
                pass

    thread = threading.Thread(target=build, name="prewarm-venvs", daemon=True)
    thread.start()
    return thread


def installed_versions(venv: Path) -> dict[str, str]:
    """``{normalised name: version}`` of what is installed in ``venv``."""
    out = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "list", "--format=json",
                          "--disable-pip-version-check"], capture_output=True, text=True, check=True)
    return {re.sub(r"[-_.]+", "-", p["name"]).lower(): p["version"] for p in json.loads(out.stdout)}


def copy_repository(target: Path) -> Path:
    """Copy the checkout as a platform would see it (no venvs, builds or git data)."""
    shutil.copytree(ROOT, target, ignore=lambda folder, names: [n for n in names if n in _NOT_COPIED])
    return target


def build_wheel(source: Path, out: Path) -> Path:
    """Build the package's wheel from ``source`` with this venv's setuptools (nothing fetched)."""
    out.mkdir(parents=True, exist_ok=True)
    run_pip(sys.executable, ["wheel", "--no-deps", "--no-build-isolation", "--quiet", "-w",
                             str(out), str(source)], "building the wheel", timeout=300, cwd=source)
    wheels = sorted(out.glob("platformlab-*.whl"))
    assert len(wheels) == 1, f"expected one wheel in {out}, found {wheels}"
    return wheels[0]


@contextlib.contextmanager
def kernel_in(venv: Path, name: str) -> Iterator[str]:
    """A Jupyter kernel spec that starts ``venv``'s Python; yields its name for nbclient."""
    spec_root = Path(tempfile.mkdtemp(prefix="kernels-"))
    spec_dir = spec_root / "kernels" / name
    spec_dir.mkdir(parents=True)
    (spec_dir / "kernel.json").write_text(json.dumps({
        "argv": [str(venv / "bin" / "python"), "-m", "ipykernel_launcher", "-f",
                 "{connection_file}"],
        "display_name": name, "language": "python",
        "env": {"MPLBACKEND": "module://matplotlib_inline.backend_inline",
                "PYDEVD_DISABLE_FILE_VALIDATION": "1"},
    }))
    previous = os.environ.get("JUPYTER_PATH")
    os.environ["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(spec_root), previous]))
    try:
        yield name
    finally:
        if previous is None:
            os.environ.pop("JUPYTER_PATH", None)
        else:
            os.environ["JUPYTER_PATH"] = previous
        shutil.rmtree(spec_root, ignore_errors=True)


def execute(nb: Any, cwd: Path, kernel: str, timeout: int = 600) -> Any:
    """Execute a copy of ``nb`` with ``cwd`` as its folder; fail naming the cell on an error."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    nb = copy.deepcopy(nb)
    client = NotebookClient(nb, timeout=timeout, kernel_name=kernel,
                            resources={"metadata": {"path": str(cwd)}}, record_timing=False)
    try:
        client.execute()
    except CellExecutionError as err:
        pytest.fail(f"{nb.metadata.get('name', 'notebook')} raised in kernel {kernel!r}:\n"
                    f"{str(err)[-4000:]}", pytrace=False)
    return nb


_TEXT_TYPES = ("text/plain", "text/html", "text/latex", "text/markdown")


def text_outputs(nb: Any) -> list[list[str]]:
    """Per code cell, the text of its outputs (streams and text mimetypes), as nbval compares."""
    cells = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        texts: list[str] = []
        last_was_stream = False
        for out in cell.get("outputs", []):
            if out.output_type == "stream":
                # Consecutive writes to one stream may arrive as one output or several.
                head = f"{out.name}: "
                if texts and texts[-1].startswith(head) and last_was_stream:
                    texts[-1] += out.text
                else:
                    texts.append(head + out.text)
                last_was_stream = True
                continue
            last_was_stream = False
            if out.output_type in ("execute_result", "display_data"):
                data = out.get("data", {})
                texts += [f"{m}: {data[m]}" for m in _TEXT_TYPES if m in data]
            elif out.output_type == "error":
                texts.append(f"error: {out.ename}: {out.evalue}")
        cells.append(texts)
    return cells


def assert_same_text(stored: Any, fresh: Any, where: str) -> None:
    """The executed notebook shows the same text as the stored one, cell by cell."""
    old, new = text_outputs(stored), text_outputs(fresh)
    assert len(old) == len(new), f"{where}: {len(new)} code cells, stored {len(old)}"
    for index, (a, b) in enumerate(zip(old, new)):
        assert a == b, f"{where}: code cell {index} shows\n{b}\nstored:\n{a}"


def errors(nb: Any) -> list[str]:
    """Error outputs of an executed notebook (``ename: evalue`` per error)."""
    return [f"{o.ename}: {o.evalue}" for c in nb.cells if c.cell_type == "code"
            for o in c.get("outputs", []) if o.output_type == "error"]


def feedback_lines(nb: Any) -> list[str]:
    """The answer boxes' feedback lines an executed exercise notebook shows ("q1: correct...")."""
    lines = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for out in cell.get("outputs", []):
            text = out.get("text", "") if out.output_type == "stream" else out.get(
                "data", {}).get("text/plain", "")
            lines += [line for line in text.splitlines() if re.match(r"^q\d+[a-z]?: ", line)]
    return lines


# -- Binder -------------------------------------------------------------------------------------
BINDER = ROOT / ".binder"
PLATFORM_FILES = ROOT / "tests" / "platform_files"


def binder_python_version() -> str:
    """The Python version ``.binder/runtime.txt`` asks for (``python-3.11`` -> ``3.11``)."""
    text = (BINDER / "runtime.txt").read_text(encoding="utf-8").strip()
    match = re.fullmatch(r"python-(3\.\d+)", text)
    assert match, f".binder/runtime.txt must read python-3.X; got {text!r}"
    return match.group(1)


def binder_python() -> str:
    return find_python(binder_python_version())


def binder_base_layer() -> list[str]:
    return requirement_lines(PLATFORM_FILES / "binder-base.txt")


# -- the platform venvs (built by the tests that need them, and ahead of them by prewarm) ------

#: repo2docker versions the Binder test runs, each with the extra pins its own venv needs:
#: 2025.8.0 imports chardet's `universaldetector`, which chardet 6 removed.
REPO2DOCKER = {
    "2026.4.0": [],
    "2025.8.0": ["chardet==5.2.0"],
}


@venv_spec("binder", "test_platform_binder")
def _binder_spec() -> tuple[str, str, list[list[str]]]:
    """Binder's image: the base image's Jupyter packages (repo2docker's own lock for that
    Python), then ``pip install -r .binder/requirements.txt``."""
    return "binder", binder_python(), [binder_base_layer(),
                                       requirement_lines(BINDER / "requirements.txt")]


def _repo2docker_spec(version: str) -> Any:
    def spec() -> tuple[str, str, list[list[str]]]:
        return (f"repo2docker-{version}", binder_python(),
                [[f"jupyter-repo2docker=={version}", *REPO2DOCKER[version]]])
    return spec


for _version in REPO2DOCKER:
    venv_spec(f"repo2docker-{_version}", "test_platform_binder")(_repo2docker_spec(_version))


@venv_spec("pip", "test_platform_pip")
def _pip_spec() -> tuple[str, str, list[list[str]]]:
    """The wheel's own dependencies (from the package's metadata, held to the versions the
    stored outputs were verified with) and a kernel, nothing else."""
    import tomllib

    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    pins = BINDER / "requirements.txt"
    digest = hashlib.sha256(pins.read_bytes()).hexdigest()[:16]
    return "pip", binder_python(), [[*deps, "ipykernel", f"-c {pins}", f"# pins {digest}"]]


@venv_spec("colab", "test_platform_colab")
def _colab_spec() -> tuple[str, str, list[list[str]]]:
    """Colab's Python and package versions (tests/platform_files/colab-packages.txt)."""
    return ("colab-py3.13", find_python("3.13"),
            [requirement_lines(PLATFORM_FILES / "colab-packages.txt")])


#: The nbgrader release the nbgrader test runs (tests/test_nbgrader.py).
NBGRADER = "nbgrader==0.9.6"


@venv_spec("nbgrader", "test_nbgrader")
def _nbgrader_spec() -> tuple[str, str, list[list[str]]]:
    """nbgrader next to the stack the stored outputs were verified with (no pins clash)."""
    return "nbgrader", binder_python(), [[*requirement_lines(BINDER / "requirements.txt"),
                                          NBGRADER]]


def run_many(jobs: dict[str, tuple[Any, Path]], kernel: str, workers: int = 2) -> dict[str, Any]:
    """Execute several notebooks, ``workers`` kernels at a time (the machine has two cores).

    ``jobs`` maps a name to ``(notebook, folder)``. Returns ``{name: executed notebook}``, or
    ``{name: message}`` for a notebook that raised; each test then reports its own notebook.
    """
    from concurrent.futures import ThreadPoolExecutor

    def one(item: tuple[str, tuple[Any, Path]]) -> tuple[str, Any]:
        name, (nb, folder) = item
        nb.metadata["name"] = name
        try:
            return name, execute(nb, folder, kernel)
        except BaseException as err:  # noqa: BLE001 - pytest.fail raises a BaseException
            return name, f"{type(err).__name__}: {err}"

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return dict(pool.map(one, jobs.items()))


def ran(results: dict[str, Any], name: str) -> Any:
    """The executed notebook ``name`` from :func:`run_many`, or fail with what went wrong."""
    result = results[name]
    if isinstance(result, str):
        pytest.fail(f"{name}: {result}", pytrace=False)
    return result
