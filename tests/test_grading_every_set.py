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
