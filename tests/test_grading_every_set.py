"""End to end for every exercise set: the master's solutions earn full marks, nothing earns zero.

A solved submission (the student version with the master's answer cells, see
:mod:`platformlab.assign.synthetic`) and an unsolved one are graded for each set with the real
grading command; this verifies each set's solutions against its hashed key through the same
path an instructor's grading takes.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from platformlab.assign.grade import GradeOptions, grade
from platformlab.assign.synthetic import make_submission, write_submission
from platformlab.exercises.sets import exercises_dir, read_key

SETS = sorted(p.stem for p in (exercises_dir() / "source").glob("*.ipynb"))


@pytest.mark.parametrize("set_name", SETS)
def test_solutions_earn_full_marks_and_an_empty_notebook_none(set_name: str, tmp_path: Path):
    subs, out = tmp_path / "submissions", tmp_path / "graded"
    write_submission(subs / f"s1234567_{set_name}.ipynb", make_submission(set_name, "s1234567"))
    write_submission(subs / f"s7654321_{set_name}.ipynb",
                     make_submission(set_name, "s7654321", solved=False))
    grade(set_name, subs, out, GradeOptions(jobs=2, timeout=60, notebook_timeout=240))
    with open(out / "grades.csv", newline="") as handle:
        rows = {row["student"]: row for row in csv.DictReader(handle)}
    key = read_key(set_name)
    auto = {q["id"]: float(q["points"]) for q in key["questions"] if q["kind"] != "free_text"}
    assert len(auto) >= 5
    solved, empty = rows["s1234567"], rows["s7654321"]
    for qid, points in auto.items():
        assert float(solved[qid]) == points, f"{set_name} {qid}: {solved[qid]} of {points}; {solved['problems']}"
        assert float(empty[qid] or 0) == 0
    assert float(solved["total"]) == sum(auto.values())
    assert float(empty["total"]) == 0
    assert sum(float(rows["max points"][q]) for q in auto) == sum(auto.values())
    assert float(rows["max points"]["total"]) == sum(float(q["points"]) for q in key["questions"])


def test_grading_workers_preload_everything_the_sets_import():
    """A grading worker imports the heavy modules once, before it forks a child per submission
    (platformlab.assign.runner.preload). A module it misses is imported again in every child:
    a lazy platformlab.explore once cut grading from ~620 to ~135 submissions a minute. After
    preload, the imports of every student version (and every topic's explore and model module)
    must add no platformlab, numpy, pandas or matplotlib module."""
    import json
    import subprocess
    import sys

    import nbformat

    lines = set()
    for path in sorted(exercises_dir().glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "code":
                lines |= {line.strip() for line in cell.source.splitlines()
                          if line.startswith(("import ", "from ")) and "platformlab" in line}
    assert any("platformlab.explore" in line for line in lines), lines
    code = (
        "import json, pkgutil, sys\n"
        "from platformlab.assign.runner import preload\n"
        "preload()\n"
        "before = set(sys.modules)\n"
        + "".join(f"{line}\n" for line in sorted(lines)) +
        "import platformlab.explore, platformlab.models\n"
        "for package in (platformlab.explore, platformlab.models):\n"
        "    for info in pkgutil.iter_modules(package.__path__):\n"
        "        __import__(f'{package.__name__}.{info.name}')\n"
        "new = sorted(m for m in set(sys.modules) - before\n"
        "             if m.split('.')[0] in ('platformlab', 'numpy', 'pandas', 'matplotlib'))\n"
        "print(json.dumps(new))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert json.loads(proc.stdout.splitlines()[-1]) == [], "imported per submission, not preloaded"
