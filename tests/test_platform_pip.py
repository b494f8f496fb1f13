"""A plain ``pip install``: the wheel built from the repository, in a fresh venv, used from a
folder outside the repository, finds every table, the data dictionary, the variants and keys.

This is what a JupyterHub image (``pip install git+<url>`` or a wheel), Colab's setup cell and
Binder's ``postBuild`` all do: a non-editable install, so the package must carry its files.
"""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import nbformat
import pytest
from platforms import (
    ROOT, assert_same_text, errors, feedback_lines, installed_versions, kernel_in, platform_venv,
    ran, run_many, run_pip,
)

from platformlab.assign.synthetic import make_submission, write_submission
from platformlab.exercises.sets import read_key

CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))
#: Sets with a master here (a solved submission can be made from it) ...
SETS = sorted(p.stem for p in (ROOT / "exercises" / "source").glob("*.ipynb"))
#: ... and every set the package ships, a set whose master is kept in a private folder included
#: (the book's page "Adopt this module"): its student version, key and table are committed.
SHIPPED = sorted(p.stem for p in (ROOT / "exercises" / "variants").glob("*.csv"))
DATA_FILES = sorted(p.name for p in (ROOT / "data").iterdir() if p.is_file())


def test_the_wheel_carries_data_and_exercise_files_but_no_masters(wheel: Path):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {f"platformlab/_data/{name}" for name in DATA_FILES} <= names
    for folder, suffix in (("keys", ".json"), ("variants", ".csv")):
        expected = {f"platformlab/_exercises/{folder}/{p.name}"
                    for p in (ROOT / "exercises" / folder).glob(f"*{suffix}")}
        assert len(expected) == len(SHIPPED) and expected <= names
    # Solutions never leave the repository, and neither do the data scripts.
    assert not [n for n in names if "source" in n.split("/") or n.endswith(".ipynb")]
    assert not [n for n in names if "scripts" in n.split("/")]
    # One copy in git: nothing under platformlab/ in the repository duplicates these files.
    assert not (ROOT / "platformlab" / "_data").exists()
    assert not (ROOT / "platformlab" / "_exercises").exists()


@pytest.fixture(scope="module")
def installed(wheel: Path) -> Path:
    """A fresh venv holding the wheel's own dependencies (as pip resolves them from the
    package's metadata, held to the versions the stored outputs were verified with) and a
    kernel, nothing else; the wheel installed in it (non-editably, replacing any earlier copy).
    The venv is cached while the dependency list and the pins are unchanged."""
    venv = platform_venv("pip")
    run_pip(venv / "bin" / "python",
            ["install", "--force-reinstall", "--no-deps", "--quiet", str(wheel)],
            "installing the wheel")
    versions = installed_versions(venv)
    assert "jupyterlab" not in versions and "platformlab" in versions
    check = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "check"],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stdout
    return venv


def _python(venv: Path, code: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(venv / "bin" / "python"), "-c", code], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def test_the_installed_package_finds_every_file_from_any_folder(installed: Path, tmp_path: Path):
    code = (
        "import json, platformlab\n"
        "from platformlab import data\n"
        "from platformlab.exercises.sets import exercises_dir, list_sets, read_key, read_variants\n"
        "tables = {name: len(data.load(name)) for name in data.list_tables()}\n"
        "sets = {s: (len(read_variants(s)), len(read_key(s)['questions'])) for s in list_sets()}\n"
        "print(json.dumps({'file': platformlab.__file__, 'data': str(data.data_dir()),\n"
        "                  'exercises': str(exercises_dir()), 'tables': tables, 'sets': sets}))\n"
    )
    proc = _python(installed, code, tmp_path)
    assert proc.returncode == 0, proc.stderr
    found = json.loads(proc.stdout)
    site = str(installed)
    assert found["file"].startswith(site) and found["data"].startswith(site)
    assert found["exercises"].startswith(site)
    package = json.loads((ROOT / "data" / "datapackage.json").read_text())
    assert sorted(found["tables"]) == sorted(r["name"] for r in package["resources"])
    for name, rows in found["tables"].items():
        path = ROOT / "data" / f"{name}.csv"
        with path.open(newline="", encoding="utf-8") as handle:
            assert rows == sum(1 for _ in csv.DictReader(handle)), name
    assert set(SETS) <= set(SHIPPED) and sorted(found["sets"]) == SHIPPED
    for name, (n_variants, n_questions) in found["sets"].items():
        assert n_questions == len(read_key(name)["questions"])
        assert n_variants >= 2


@pytest.fixture(scope="module")
def runs(installed: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Every chapter and a solved submission of every set, run in the installed venv, each from
    its own scratch folder outside the repository (two kernels at a time)."""
    jobs = {p.stem: (nbformat.read(p, as_version=4), tmp_path_factory.mktemp(p.stem))
            for p in CHAPTERS}
    jobs |= {f"set-{s}": (make_submission(s, "s1234567"), tmp_path_factory.mktemp(s))
             for s in SETS}
    with kernel_in(installed, "platformlab-wheel") as kernel:
        return run_many(jobs, kernel)


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_every_chapter_runs_from_outside_the_repository(runs: dict, chapter: Path):
    stored = nbformat.read(chapter, as_version=4)
    fresh = ran(runs, chapter.stem)
    assert errors(fresh) == []
    assert_same_text(stored, fresh, chapter.name)


@pytest.mark.parametrize("set_name", SETS)
def test_a_solved_submission_of_every_set_runs_and_is_correct(runs: dict, set_name: str):
    fresh = ran(runs, f"set-{set_name}")
    assert errors(fresh) == []
    auto = [q["id"] for q in read_key(set_name)["questions"] if q["kind"] != "free_text"]
    lines = feedback_lines(fresh)
    assert sorted(line.split(":")[0] for line in lines) == sorted(auto), lines
    assert all(line.split(": ", 1)[1].startswith("correct") for line in lines), lines


def test_the_installed_grader_gives_a_solved_submission_full_marks(installed: Path,
                                                                   tmp_path: Path):
    subs, out = tmp_path / "submissions", tmp_path / "graded"
    write_submission(subs / "s1234567_intro.ipynb", make_submission("intro", "s1234567"))
    proc = subprocess.run([str(installed / "bin" / "platformlab-assign"), "grade", "intro",
                           str(subs), "--out", str(out), "--jobs", "1"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    with open(out / "grades.csv", newline="") as handle:
        rows = {row["student"]: row for row in csv.DictReader(handle)}
    # full marks on every automatically graded question (the free-text one is marked by hand)
    auto = [q["id"] for q in read_key("intro")["questions"] if q["kind"] != "free_text"]
    assert float(rows["s1234567"]["total"]) == sum(float(rows["max points"][q]) for q in auto)
    assert all(rows["s1234567"][q] == rows["max points"][q] for q in auto)
    assert float(rows["s1234567"]["total"]) > 0


@pytest.mark.parametrize("kind, relative, call, expected", [
    ("data", "_data/meituan_riders.csv", "from platformlab import data; data.load('meituan_riders')",
     r"meituan_riders\.csv: file not found"),
    ("data", "_data/datapackage.json", "from platformlab import data; data.load('meituan_riders')",
     r"datapackage\.json: data dictionary not found"),
    ("exercises", "_exercises/keys/intro.json",
     "from platformlab.exercises import start; start('intro', 's1')",
     r"intro\.json not found"),
    ("exercises", "_exercises/variants/matching.csv",
     "from platformlab.exercises import start; start('matching', 's1')",
     r"matching\.csv: the variants table of set 'matching' is missing"),
])
def test_a_missing_file_in_an_installed_package_names_the_file_and_the_install(
        installed: Path, tmp_path: Path, kind: str, relative: str, call: str, expected: str):
    import re

    locate = _python(installed, "import platformlab, os; print(os.path.dirname(platformlab.__file__))",
                     tmp_path)
    target = Path(locate.stdout.strip()) / relative
    hidden = tmp_path / "hidden"
    shutil.move(target, hidden)
    try:
        proc = _python(installed, call, tmp_path)
    finally:
        shutil.move(hidden, target)
    assert proc.returncode != 0
    last = proc.stderr.strip().splitlines()[-1]
    assert re.search(expected, last), last
    assert "installed with the package" in last and "installed from" in last, last
    assert "reinstall" in last, last


@pytest.mark.parametrize("content, expected", [
    ("", "file is empty"),
    ("year,users\n2020,not a number\n", "internet_users.csv"),
    ("\xff\xfe\x00garbage", "internet_users.csv"),
])
def test_a_damaged_table_in_an_installed_package_names_the_file_and_the_install(
        installed: Path, tmp_path: Path, content: str, expected: str):
    locate = _python(installed, "import platformlab, os; print(os.path.dirname(platformlab.__file__))",
                     tmp_path)
    target = Path(locate.stdout.strip()) / "_data" / "internet_users.csv"
    original = target.read_bytes()
    target.write_bytes(content.encode("latin-1"))
    try:
        proc = _python(installed, "from platformlab import data; data.load('internet_users')",
                       tmp_path)
    finally:
        target.write_bytes(original)
    last = proc.stderr.strip().splitlines()[-1]
    assert expected in last and "installed with the package" in last, last
    assert "installed from" in last and "reinstall" in last, last


def test_a_broken_key_in_an_installed_package_names_the_file(installed: Path, tmp_path: Path):
    locate = _python(installed, "import platformlab, os; print(os.path.dirname(platformlab.__file__))",
                     tmp_path)
    target = Path(locate.stdout.strip()) / "_exercises" / "keys" / "privacy.json"
    original = target.read_bytes()
    target.write_text("{ not json")
    try:
        proc = _python(installed, "from platformlab.exercises import start; start('privacy', 's1')",
                       tmp_path)
    finally:
        target.write_bytes(original)
    last = proc.stderr.strip().splitlines()[-1]
    assert "privacy.json: not valid JSON" in last and "installed from" in last, last
