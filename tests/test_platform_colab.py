"""Colab: Colab's Python and package versions, the notebooks' own setup cell, every notebook.

A Python 3.13 venv holds Colab's versions of the packages the module and a kernel touch
(``tests/platform_files/colab-packages.txt``, with its source and date). Nothing of the module is
installed in it: the setup cell that opens every chapter and exercise notebook installs it, as on
Colab. Two things are simulated, because Colab itself cannot run here: ``google.colab`` in
``sys.modules`` (how the cell knows it is on Colab), and the package address (the cell's git URL
is replaced by the wheel built from this checkout; the repository's address is checked in
tests/test_platform_config.py).
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from platforms import (
    PLATFORM_FILES, ROOT, errors, execute, feedback_lines, installed_versions, kernel_in,
    platform_venv, ran, requirement_lines, run_many,
)

from platformlab.assign.synthetic import make_submission
from platformlab.exercises.sets import read_key
from platformlab.notebooks import SETUP_TAG, colab_setup_source, repository

CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))
SETS = sorted(p.stem for p in (ROOT / "exercises" / "source").glob("*.ipynb"))
KERNEL = "platformlab-colab"
FAKE_COLAB = ('import sys, types\n'
              'sys.modules.setdefault("google.colab", types.ModuleType("google.colab"))')
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def colab_versions() -> dict[str, str]:
    pins = {}
    for line in requirement_lines(PLATFORM_FILES / "colab-packages.txt"):
        name, version = line.split("==")
        pins[re.sub(r"[-_.]+", "-", name).lower()] = version
    return pins


def on_colab(nb, package: str):
    """``nb`` as it runs on Colab: google.colab present, the setup cell installing ``package``."""
    nb = nbformat.from_dict(nb)
    setup = next(c for c in nb.cells if c.cell_type == "code")
    assert SETUP_TAG in setup.metadata.get("tags", []), "the first code cell is not the setup cell"
    target = repository().pip_target
    assert target in setup.source
    setup.source = setup.source.replace(target, package)
    nb.cells.insert(0, nbformat.v4.new_code_cell(FAKE_COLAB))
    return nb


@pytest.fixture(scope="module")
def colab(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Colab's venv, the package installed by running a notebook's setup cell twice."""
    venv = platform_venv("colab")
    import subprocess

    subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "uninstall", "--yes", "--quiet",
                    "platformlab"], capture_output=True)
    before = installed_versions(venv)
    assert "platformlab" not in before
    source = colab_setup_source()
    target = repository().pip_target
    missing = tmp_path_factory.mktemp("nothing") / "platformlab-0-py3-none-any.whl"
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(FAKE_COLAB),
        # First run: installs from the wheel (in place of the repository's git URL).
        nbformat.v4.new_code_cell(source.replace(target, str(wheel))),
        # Second run: must not install again (this address does not exist: pip would fail).
        nbformat.v4.new_code_cell(source.replace(target, str(missing))),
        # No restart: the package imports in the same kernel and finds its data.
        nbformat.v4.new_code_cell(
            "import platformlab, platformlab.data as d\n"
            "print(platformlab.__file__)\nprint(len(d.load('meituan_riders')))"),
    ]
    work = tmp_path_factory.mktemp("colab")
    with kernel_in(venv, KERNEL) as kernel:
        ran = execute(nb, work, kernel)
    after = installed_versions(venv)
    return {"venv": venv, "before": before, "after": after, "setup": ran}


def test_the_setup_cell_installs_the_package_once_and_nothing_else(colab: dict):
    ran = colab["setup"]
    assert errors(ran) == []
    printed = "".join(o.get("text", "") for o in ran.cells[3].outputs)
    assert str(colab["venv"]) in printed.splitlines()[0]
    added = {k: v for k, v in colab["after"].items() if k not in colab["before"]}
    changed = {k: (colab["before"][k], v) for k, v in colab["after"].items()
               if k in colab["before"] and colab["before"][k] != v}
    assert set(added) == {"platformlab"} and changed == {}, (added, changed)
    # Colab's own versions are what the venv holds (the list is what the test claims it is).
    for name, version in colab_versions().items():
        assert colab["before"].get(name) == version, name


@pytest.fixture(scope="module")
def colab_runs(colab: dict, wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Every chapter and a solved submission of every set, as opened on Colab (setup cell
    first), in Colab's versions, two kernels at a time."""
    jobs = {p.stem: (on_colab(nbformat.read(p, as_version=4), str(wheel)),
                     tmp_path_factory.mktemp(p.stem)) for p in CHAPTERS}
    jobs |= {f"set-{s}": (on_colab(make_submission(s, "s1234567"), str(wheel)),
                          tmp_path_factory.mktemp(s)) for s in SETS}
    with kernel_in(colab["venv"], KERNEL) as kernel:
        return run_many(jobs, kernel)


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_every_chapter_runs_on_colab_versions(colab_runs: dict, chapter: Path):
    stored = nbformat.read(chapter, as_version=4)
    fresh = ran(colab_runs, chapter.stem)
    assert errors(fresh) == []
    # The explorers display as widgets on ipywidgets 7.7 too (one view per stored view).
    def views(nb):
        return sum(WIDGET_VIEW in o.get("data", {}) for c in nb.cells if c.cell_type == "code"
                   for o in c.get("outputs", []))
    assert views(fresh) == views(stored) > 0 or views(stored) == 0


@pytest.mark.parametrize("set_name", SETS)
def test_a_solved_submission_of_every_set_runs_on_colab_versions(colab_runs: dict,
                                                                 set_name: str):
    fresh = ran(colab_runs, f"set-{set_name}")
    assert errors(fresh) == []
    auto = [q["id"] for q in read_key(set_name)["questions"] if q["kind"] != "free_text"]
    lines = feedback_lines(fresh)
    assert sorted(line.split(":")[0] for line in lines) == sorted(auto), lines
    assert all(line.split(": ", 1)[1].startswith("correct") for line in lines), lines


DRIVE_EXPLORERS = '''
import inspect, ipywidgets
import platformlab.explore as explore_pkg
from platformlab.explore import base
import importlib, pkgutil
moved = []
for info in pkgutil.iter_modules(explore_pkg.__path__):
    module = importlib.import_module(f"platformlab.explore.{info.name}")
    for name, cls in vars(module).items():
        if not (inspect.isclass(cls) and issubclass(cls, base.Explorer)) or cls is base.Explorer:
            continue
        if cls.__module__ != module.__name__ or not cls.sliders:
            continue  # imported from elsewhere, or a private base without a declaration
        explorer = cls.example()  # the explorer the benchmark times (with data where needed)
        control_name, control = next(iter(explorer.controls.items()))
        before = (explorer.image.value, explorer.status.value)
        target = control.max if control.value != control.max else control.min
        control.value = target
        after = (explorer.image.value, explorer.status.value)
        assert after != before, f"{name}: moving {control_name} changed nothing"
        moved.append(name)
print(ipywidgets.__version__, sorted(moved))
'''


def test_explorers_recompute_when_a_slider_moves_on_ipywidgets_7(colab: dict, tmp_path: Path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(DRIVE_EXPLORERS)]
    with kernel_in(colab["venv"], KERNEL) as kernel:
        ran = execute(nb, tmp_path, kernel)
    printed = "".join(o.get("text", "") for o in ran.cells[0].outputs)
    version, names = printed.split(" ", 1)
    assert version == colab_versions()["ipywidgets"]
    assert len(eval(names)) == 15, names  # every declared explorer of the package
