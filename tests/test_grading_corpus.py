"""Grading a batch of good and bad submissions of the intro set, in one run.

The corpus is built from the committed student version (and the master's solution cells), then
graded once with short limits; every test below reads the same outputs.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell

from platformlab.assign import main
from platformlab.assign.grade import GradeOptions, fingerprint, grade
from platformlab.assign.synthetic import make_submission, write_submission
from platformlab.exercises.sets import exercises_dir, read_key

KEY = read_key("intro")
AUTO = {q["id"]: q["points"] for q in KEY["questions"] if q["kind"] != "free_text"}
FULL = sum(AUTO.values())


def _insert_after_setup(nb, source: str):
    nb.cells.insert(2, new_code_cell(source))
    return nb


def _cell_index(nb, qid: str) -> int:
    return next(i for i, c in enumerate(nb.cells) if c.metadata.get("platformlab", {}).get("id") == qid)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict:
    base = tmp_path_factory.mktemp("grading")
    subs, out, outside = base / "submissions", base / "graded", base / "outside"
    subs.mkdir()
    outside.mkdir()
    key_path = exercises_dir() / "keys" / "intro.json"
    solved = lambda sid: make_submission("intro", sid)  # noqa: E731
    write_submission(subs / "s100_intro.ipynb", solved("s100"))
    write_submission(subs / "s101.ipynb", make_submission("intro", "s101", solved=False))
    (subs / "empty.ipynb").write_bytes(b"")
    (subs / "corrupt.ipynb").write_text('{"cells": [', encoding="utf-8")
    (subs / "notanotebook.ipynb").write_text('{"hello": 1}', encoding="utf-8")
    write_submission(subs / "s102.ipynb", _insert_after_setup(solved("s102"), "while True:\n    pass"))
    write_submission(subs / "s103.ipynb", _insert_after_setup(solved("s103"), 'print("x" * 100_000_000)'))
    write_submission(subs / "s104.ipynb", _insert_after_setup(solved("s104"), "1 / 0"))
    nb = solved("s105")
    del nb.cells[_cell_index(nb, "q2")]
    write_submission(subs / "s105.ipynb", nb)
    nb = solved("s106")
    copy = nbformat.from_dict(json.loads(json.dumps(nb.cells[_cell_index(nb, "q1")])))
    copy.source, copy.id = "answer_q1 = 0.0", "dup-q1"
    nb.cells.insert(_cell_index(nb, "q1") + 1, copy)
    write_submission(subs / "s106.ipynb", nb)
    cheat = ("import platformlab.exercises as E, platformlab.exercises.answers as A\n"
             "A.judge = lambda *a, **k: A.Verdict('correct', 'correct')\n"
             "ex.check = lambda *a, **k: 'correct'\n"
             + "\n".join(f"answer_{q} = 1.0" for q in AUTO))
    nb = make_submission("intro", "s107", solved=False)
    nb.cells.append(new_code_cell(cheat))
    write_submission(subs / "s107.ipynb", nb)
    nb = make_submission("intro", "s108", solved=False)
    nb.cells.append(new_code_cell(
        f"import json\nkey = json.load(open({str(key_path)!r}))\n"
        "answer_q1 = key['variants'][ex.variant]['q1']['hashes'][0]"))
    write_submission(subs / "s108.ipynb", nb)
    evil = ", ".join(repr(str(p)) for p in (outside / "evil.txt", subs / "planted.txt"))
    write_submission(subs / "s109.ipynb", _insert_after_setup(
        solved("s109"), f"for target in [{evil}]:\n    open(target, 'w').write('x')"))
    write_submission(subs / "s110.ipynb", _insert_after_setup(solved("s110"), "import sys\nsys.exit(1)"))
    write_submission(subs / "s111.ipynb", _insert_after_setup(solved("s111"), "import os\nos._exit(1)"))
    nb = solved("s112")
    nb.metadata["platformlab"]["set"] = "matching"
    write_submission(subs / "s112.ipynb", nb)
    nb = solved("s113")
    q3 = nb.cells.pop(_cell_index(nb, "q3"))
    nb.cells.insert(2, q3)
    write_submission(subs / "s113.ipynb", nb)
    write_submission(subs / "s114.ipynb", solved("s999"))
    write_submission(subs / "s115.ipynb", _insert_after_setup(solved("s115"), "x = bytearray(8 * 1024**3)"))

    before = fingerprint(subs)
    report = grade("intro", subs, out, GradeOptions(jobs=2, timeout=4, notebook_timeout=30,
                                                    memory_mb=1024))
    with (out / "grades.csv").open() as fh:
        rows = list(csv.DictReader(fh))
    with (out / "grading_log.csv").open() as fh:
        log = list(csv.DictReader(fh))
    with (out / "free_text.csv").open() as fh:
        free = list(csv.DictReader(fh))
    return {"subs": subs, "out": out, "outside": outside, "before": before, "report": report,
            "max": rows[0], "rows": {r["file"]: r for r in rows[1:]}, "log": log, "free": free}


def _problems(corpus, file: str) -> set[str]:
    return {r["problem"] for r in corpus["log"] if r["file"] == file}


def test_every_file_gets_a_row_with_a_total(corpus):
    names = {p.name for p in corpus["subs"].iterdir()}
    assert set(corpus["rows"]) == names
    for row in corpus["rows"].values():
        float(row["total"])


def test_max_points_row_comes_first_and_matches_the_key(corpus):
    assert corpus["max"]["student"] == "max points"
    for q in KEY["questions"]:
        assert float(corpus["max"][q["id"]]) == q["points"]
    # the max row's total is the whole set's (free-text marks are merged into grades.csv later)
    assert float(corpus["max"]["total"]) == sum(q["points"] for q in KEY["questions"])
    assert sum(float(corpus["max"][q]) for q in AUTO) == FULL
    assert corpus["max"]["problems"] == "manual: q8"


def test_a_correct_submission_gets_full_marks_and_an_unsolved_one_zero(corpus):
    assert float(corpus["rows"]["s100_intro.ipynb"]["total"]) == FULL
    assert corpus["rows"]["s100_intro.ipynb"]["student"] == "s100"
    assert float(corpus["rows"]["s101.ipynb"]["total"]) == 0
    feedback = (corpus["out"] / "feedback" / "s101.txt").read_text()
    assert "not attempted" in feedback


@pytest.mark.parametrize("file, problem", [
    ("empty.ipynb", "empty_file"),
    ("corrupt.ipynb", "corrupt_json"),
    ("notanotebook.ipynb", "not_a_notebook"),
    ("s112.ipynb", "wrong_set"),
])
def test_unreadable_or_foreign_files_score_zero_with_a_reason(corpus, file, problem):
    assert float(corpus["rows"][file]["total"]) == 0
    assert problem in _problems(corpus, file)


@pytest.mark.parametrize("file, problem", [
    ("s102.ipynb", "timeout"),
    ("s103.ipynb", "large_output"),
    ("s104.ipynb", "cell_error"),
    ("s110.ipynb", "cell_error"),
    ("s111.ipynb", "cell_stopped_kernel"),
    ("s113.ipynb", "reordered"),
    ("s115.ipynb", "cell_error"),
])
def test_a_bad_cell_is_reported_and_the_other_answers_still_count(corpus, file, problem):
    assert problem in _problems(corpus, file)
    assert float(corpus["rows"][file]["total"]) == FULL


def test_memory_hog_hits_the_memory_limit(corpus):
    reasons = [r["reason"] for r in corpus["log"] if r["file"] == "s115.ipynb"]
    assert any("MemoryError" in r for r in reasons)


def test_deleted_answer_cell_scores_zero_for_that_question_only(corpus):
    row = corpus["rows"]["s105.ipynb"]
    assert "deleted_cell" in _problems(corpus, "s105.ipynb")
    assert float(row["q2"]) == 0
    assert float(row["total"]) == FULL - AUTO["q2"]


def test_duplicated_answer_cell_is_reported_and_the_last_value_counts(corpus):
    row = corpus["rows"]["s106.ipynb"]
    assert "duplicated_cell" in _problems(corpus, "s106.ipynb")
    assert float(row["q1"]) == 0
    assert float(row["total"]) == FULL - AUTO["q1"]


def test_redefining_the_check_code_in_the_notebook_earns_nothing(corpus):
    assert float(corpus["rows"]["s107.ipynb"]["total"]) == 0


def test_reading_the_key_gives_only_hashes(corpus):
    row = corpus["rows"]["s108.ipynb"]
    assert float(row["total"]) == 0
    assert "cell_error" not in _problems(corpus, "s108.ipynb")  # the read itself worked
    assert "expected a number" in (corpus["out"] / "feedback" / "s108.txt").read_text()


def test_writes_outside_the_working_folder_are_refused_and_reported(corpus):
    assert not (corpus["outside"] / "evil.txt").exists()
    assert not (corpus["subs"] / "planted.txt").exists()
    assert "blocked_action" in _problems(corpus, "s109.ipynb")
    assert float(corpus["rows"]["s109.ipynb"]["total"]) == FULL


def test_id_in_notebook_different_from_file_name_is_flagged(corpus):
    assert "id_mismatch" in _problems(corpus, "s114.ipynb")
    reason = next(r["reason"] for r in corpus["log"] if r["problem"] == "id_mismatch")
    assert "'s999'" in reason and f"{FULL:g} with the notebook's id" in reason


def test_submissions_folder_is_not_modified(corpus):
    assert fingerprint(corpus["subs"]) == corpus["before"]


def test_free_text_answers_are_exported_with_the_rubric(corpus):
    rows = [r for r in corpus["free"] if r["file"] == "s100_intro.ipynb"]
    assert len(rows) == 1 and rows[0]["question"] == "q8"
    assert rows[0]["answer"] and "SIM" in rows[0]["rubric"]
    assert corpus["max"]["q8"] and all(r["q8"] == "" for r in corpus["rows"].values())


def test_one_feedback_file_per_submission(corpus):
    names = sorted(p.stem for p in (corpus["out"] / "feedback").iterdir())
    assert names == sorted(Path(f).stem for f in corpus["rows"])


def test_outputs_are_deterministic_text(corpus):
    text = (corpus["out"] / "grades.csv").read_text() + (corpus["out"] / "grading_log.csv").read_text()
    assert "0x" not in text and str(corpus["subs"].parent) not in (corpus["out"] / "grades.csv").read_text()


def test_grade_command_rejects_a_missing_folder(tmp_path, capsys):
    status = main(["grade", "intro", str(tmp_path / "nope"), "--out", str(tmp_path / "o")])
    assert status == 2
    assert "does not exist" in capsys.readouterr().err


def test_grade_command_rejects_an_output_folder_inside_the_submissions(tmp_path, capsys):
    (tmp_path / "subs").mkdir()
    status = main(["grade", "intro", str(tmp_path / "subs"), "--out", str(tmp_path / "subs" / "o")])
    assert status == 2
    assert "must not be inside" in capsys.readouterr().err


def test_grade_command_rejects_an_unknown_set(tmp_path, capsys):
    (tmp_path / "subs").mkdir()
    status = main(["grade", "nosuchset", str(tmp_path / "subs"), "--out", str(tmp_path / "o")])
    assert status == 2
    assert "nosuchset" in capsys.readouterr().err
