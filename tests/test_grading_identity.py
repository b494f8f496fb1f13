"""Whose file is it: LMS download names, folders, rosters, resubmissions and hand marks.

Solved notebooks holding the right ``STUDENT_ID`` are laid out as Canvas, Moodle (files and
folders), Blackboard, nbgrader and a plain download name them (see
:mod:`platformlab.assign.identity` for the patterns and ../shared/brief/PLATFORMS.md), graded
with and without a roster, and every one must get full marks under its real student id. Then
the places where sources disagree, resubmissions, stray files, bad rosters and the merging of
hand-entered marks.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest

from platformlab.assign import main
from platformlab.assign.grade import GradeError, GradeOptions, grade
from platformlab.assign.identity import RosterError, name_key, parse_path, read_roster
from platformlab.assign.marks import MarksError, merge_marks
from platformlab.assign.synthetic import make_submission, write_submission
from platformlab.exercises.sets import read_key

KEY = read_key("intro")
AUTO = sum(q["points"] for q in KEY["questions"] if q["kind"] != "free_text")
ALL = sum(q["points"] for q in KEY["questions"])
OPTIONS = GradeOptions(jobs=2, timeout=30, notebook_timeout=120)

# A roster shaped like Canvas's gradebook export (Student, ID, SIS User ID, SIS Login ID,
# Section, an assignment; the manual-posting row with an empty first cell, the "Points
# Possible" row, the "Student, Test" account), as Canvas's gradebook_exporter.rb writes it.
CANVAS_ROSTER = """Student,ID,SIS User ID,SIS Login ID,Section,Exercise set 1 (1234)
,,,,,Manual Posting
    Points Possible,,,,,14
"Zhang, Wei",48214,s1000001,zhangw,A,
"Li, Na",48215,s1000002,lina,A,
"Wang, Fang",48216,s1000003,wangf,A,
"Chen, Jie",48220,s1000004,chenj,A,
"Liu, Yang",48221,s1000005,liuy,A,
"Huang, Min",48222,s1000006,huangm,A,
"Zhao, Lei",48223,s1000007,zhaol,A,
"Zhou, Xin",48224,s1000008,zhoux,A,
"Sun, Hao",48225,s1000010,sunh,A,
"Ma, Li",48217,s1000011,mal,A,
"Gao, Yu",48226,s1000012,gaoy,A,
"Student, Test",99999,,,A,
"""

BB = "Exercise set intro"
# file -> (STUDENT_ID in the notebook, solved?) ; the expected owner is the id unless noted
LAYOUT = {
    "zhangwei_48214_9911235_intro.ipynb": ("s1000001", True),                     # Canvas
    "lina_late_48215_9911240_intro.ipynb": ("s1000002", True),                    # Canvas, late
    "wangfang_48216_9911250_intro.ipynb": ("s1000003", False),                    # Canvas, first
    "wangfang_48216_9911290_intro-1.ipynb": ("s1000003", True),                   # ... resubmitted
    "Chen Jie_1234567_assignsubmission_file_intro.ipynb": ("s1000004", True),     # Moodle file
    "Liu Yang_1234568_assignsubmission_file_/intro.ipynb": ("s1000005", True),    # Moodle folder
    f"{BB}_huangm_attempt_2026-11-30-10-15-00_intro.ipynb": ("s1000006", True),   # Blackboard
    f"{BB}_zhaol_attempt_2026-11-29-09-00-00_intro.ipynb": ("s1000007", False),   # two attempts
    f"{BB}_zhaol_attempt_2026-11-30-09-00-00_intro.ipynb": ("s1000007", True),
    "s1000008/intro/intro.ipynb": ("s1000008", True),                             # nbgrader
    "s1000010.ipynb": ("s1000010", True),                                         # plain
    "batch1/s1000020.ipynb": ("s1000020", True),                                  # plain, in a folder
    "batch1/s1000021_intro.ipynb": ("s1000021", True),
    "anon_ab3k9_9911500_intro.ipynb": ("s1000022", True),                         # Canvas, anonymous
    "LATE_anon_zz9_9911501_intro.ipynb": ("s1000023", True),
}
STRAY = {
    "Liu Yang_1234568_assignsubmission_file_/readme.txt": "not_a_notebook",
    f"{BB}_huangm_attempt_2026-11-30-10-15-00.txt": "lms_receipt",
    "s1000008/intro/timestamp.txt": "nbgrader_timestamp",
    "s1000008/matching/matching.ipynb": "other_assignment",
    ".DS_Store": "system_file",
    ".ipynb_checkpoints/s1000010-checkpoint.ipynb": "checkpoint_copy",
}
# a student whose resubmission is worse than the first file: the latest still counts, flagged
WORSE = {"gaoyu_48226_9911400_intro.ipynb": True, "gaoyu_48226_9911401_intro-1.ipynb": False}
SUPERSEDED = {"wangfang_48216_9911250_intro.ipynb", f"{BB}_zhaol_attempt_2026-11-29-09-00-00_intro.ipynb",
              "gaoyu_48226_9911400_intro.ipynb"}


def _rows(out: Path) -> tuple[dict, dict[str, dict]]:
    with open(out / "grades.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    return rows[0], {r["file"]: r for r in rows[1:]}


def _log(out: Path) -> list[dict]:
    with open(out / "grading_log.csv", newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def downloads(tmp_path_factory) -> dict:
    base = tmp_path_factory.mktemp("lms")
    subs = base / "submissions"
    for rel, (sid, solved) in LAYOUT.items():
        write_submission(subs / rel, make_submission("intro", sid, solved=solved))
    for rel in STRAY:
        path = subs / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if rel.endswith(".ipynb"):
            write_submission(path, make_submission("intro", "s1000010"))
        else:
            path.write_text("2026-11-30 10:15:00.000000 UTC\n" if "timestamp" in rel else "x\n")
    for rel, solved in WORSE.items():
        write_submission(subs / rel, make_submission("intro", "s1000012", solved=solved))
    # a copied notebook: Ma Li (Canvas user 48217) hands in Zhang Wei's solved notebook
    write_submission(subs / "mali_48217_9911300_intro.ipynb", make_submission("intro", "s1000001"))
    (base / "roster.csv").write_text(CANVAS_ROSTER, encoding="utf-8")
    roster = read_roster(base / "roster.csv")
    plain = grade("intro", subs, base / "graded-plain", OPTIONS)
    rostered = grade("intro", subs, base / "graded-roster", OPTIONS, roster=roster)
    return {"base": base, "subs": subs, "plain": plain, "roster": rostered}


@pytest.mark.parametrize("which", ["plain", "roster"])
def test_every_file_at_any_depth_gets_exactly_one_row(downloads, which):
    _, rows = _rows(downloads[which].out)
    files = sorted(p.relative_to(downloads["subs"]).as_posix()
                   for p in downloads["subs"].rglob("*") if p.is_file())
    assert sorted(rows) == files
    with open(downloads[which].out / "grades.csv", encoding="utf-8") as fh:
        assert sum(1 for _ in csv.reader(fh)) == len(files) + 2  # header, max points, one per file


@pytest.mark.parametrize("which", ["plain", "roster"])
def test_solved_notebooks_in_every_layout_get_full_marks_under_their_real_id(downloads, which):
    _, rows = _rows(downloads[which].out)
    for rel, (sid, solved) in LAYOUT.items():
        row = rows[rel]
        assert row["student"] == sid, (rel, row)
        if solved:
            assert float(row["total"]) == AUTO, (rel, row["problems"])
            assert row["counted"] == "yes", rel
            if sid != "s1000001":  # the copied notebook's id, below
                assert row["attention"] == "", (rel, row["attention"])


def test_the_roster_supplies_ids_from_lms_users_logins_and_names(downloads):
    log = _log(downloads["roster"].out)
    _, rows = _rows(downloads["roster"].out)
    assert rows["zhangwei_48214_9911235_intro.ipynb"]["lms_user"] == "canvas:48214"
    assert rows["zhangwei_48214_9911235_intro.ipynb"]["name"] == "Zhang, Wei"
    assert rows["Chen Jie_1234567_assignsubmission_file_intro.ipynb"]["lms_user"] == "moodle:1234567"
    assert rows[f"{BB}_huangm_attempt_2026-11-30-10-15-00_intro.ipynb"]["lms_user"] == "blackboard:huangm"
    assert rows["s1000008/intro/intro.ipynb"]["lms_user"] == "nbgrader:s1000008"
    assert rows["anon_ab3k9_9911500_intro.ipynb"]["lms_user"] == "canvas-anonymous:ab3k9"
    assert rows["batch1/s1000020.ipynb"]["lms_user"] == ""
    # no id disagreement anywhere except the copied notebook
    mismatched = {r["file"] for r in log if r["problem"] == "id_mismatch"}
    assert mismatched == {"mali_48217_9911300_intro.ipynb"}


def test_a_stray_file_gets_a_row_with_a_reason_and_is_not_counted(downloads):
    _, rows = _rows(downloads["roster"].out)
    log = _log(downloads["roster"].out)
    for rel, code in STRAY.items():
        assert rows[rel]["counted"] == "no", rel
        assert code in rows[rel]["problems"], (rel, rows[rel]["problems"])
        assert any(r["file"] == rel and r["problem"] == code and r["reason"] for r in log)
    # the Moodle folder's stray file still knows its owner
    assert rows["Liu Yang_1234568_assignsubmission_file_/readme.txt"]["student"] == "s1000005"


def test_resubmissions_count_the_latest_and_report_both(downloads):
    _, rows = _rows(downloads["roster"].out)
    for rel in SUPERSEDED:
        assert rows[rel]["counted"] == "no" and "superseded" in rows[rel]["problems"], rel
    latest = rows["wangfang_48216_9911290_intro-1.ipynb"]
    assert latest["counted"] == "yes" and "resubmitted" in latest["problems"]
    assert latest["attention"] == ""  # the latest is the better one: nothing to decide
    worse = rows["gaoyu_48226_9911401_intro-1.ipynb"]
    assert worse["counted"] == "yes" and float(worse["total"]) == 0
    assert "an earlier file of s1000012 scored more" in worse["attention"]
    assert f"gaoyu_48226_9911400_intro.ipynb: {AUTO:g}" in worse["attention"]
    counted = [r["student"] for r in rows.values() if r["counted"] == "yes" and r["student"]]
    assert len(counted) == len(set(counted)), "one counted row per student"


def test_a_copied_notebook_is_flagged_in_grades_csv_and_in_the_summary(downloads):
    report = downloads["roster"]
    _, rows = _rows(report.out)
    row = rows["mali_48217_9911300_intro.ipynb"]
    assert row["student"] == "s1000011"  # the uploader, from the roster
    assert "id_mismatch" in row["problems"]
    assert "'s1000001'" in row["attention"] and f"graded {AUTO:g}" in row["attention"]
    summary = report.summary()
    assert "need your decision" in summary and "mali_48217_9911300_intro.ipynb" in summary
    # the same files without a roster: the Canvas user id means nothing, the notebook's id rules
    # ... and two people handing in one STUDENT_ID is flagged on both rows, with or without
    # a roster
    _, plain = _rows(downloads["plain"].out)
    assert plain["mali_48217_9911300_intro.ipynb"]["student"] == "s1000001"
    for table in (rows, plain):
        for rel in ("mali_48217_9911300_intro.ipynb", "zhangwei_48214_9911235_intro.ipynb"):
            assert table[rel]["counted"] == "yes" and "same_id" in table[rel]["problems"]
            assert "handed in by someone else" in table[rel]["attention"]


def test_an_empty_student_id_is_graded_with_the_owners_variant_and_flagged(tmp_path):
    subs = tmp_path / "subs"
    write_submission(subs / "s2000001.ipynb", make_submission("intro", ""))
    report = grade("intro", subs, tmp_path / "out", OPTIONS)
    _, rows = _rows(tmp_path / "out")
    row = rows["s2000001.ipynb"]
    assert row["student"] == "s2000001" and "no_student_id" in row["problems"]
    # solved on the practice variant it showed: the score depends on the choice, so it is flagged
    assert "practice variant" in row["attention"] and "s2000001.ipynb" in report.summary()


def test_parse_path_reads_each_layout():
    canvas = parse_path("zhangwei_LATE_48214_9911235_intro-2.ipynb", "intro")
    assert (canvas.layout, canvas.lms_user, canvas.name, canvas.late) == (
        "canvas", "canvas:48214", "zhangwei", True)
    assert canvas.order == (1, 9911235, 2)
    moodle = parse_path("Wei Zhang_77_assignsubmission_file_/sub/intro.ipynb", "intro")
    assert (moodle.layout, moodle.lms_user, moodle.name) == ("moodle", "moodle:77", "Wei Zhang")
    board = parse_path("Set_1_li_na_attempt_2026-01-02-03-04-05_intro.ipynb", "intro")
    assert board.layout == "blackboard" and board.login == "na"
    assert board.login_options == ["na", "li_na", "1_li_na"]
    nbg = parse_path("alice/intro/intro.ipynb", "intro", {"alice/intro": "2026-01-01 10:00"})
    assert (nbg.layout, nbg.login, nbg.order) == ("nbgrader", "alice", (1, "2026-01-01 10:00"))
    assert parse_path("s1234567_intro.ipynb", "intro").file_id == "s1234567"
    assert parse_path("intro.ipynb", "intro").file_id is None
    assert name_key("Zhāng, Wěi") == "zhangwei"


def test_blackboard_usernames_with_underscores_are_found_in_the_roster(tmp_path):
    from platformlab.assign.identity import owner_from_path

    path = tmp_path / "bb.csv"
    path.write_text("Last Name,First Name,Username,Student ID\nLi,Na,li_na,s3000001\n",
                    encoding="utf-8")
    ident = parse_path("Set_1_li_na_attempt_2026-01-02-03-04-05_intro.ipynb", "intro")
    assert owner_from_path(ident, read_roster(path))[0] == "s3000001"


@pytest.mark.parametrize("text, fragment", [
    ("Student,ID,SIS User ID\nA,1,s1\nB,2,s1\n", "row 3, column 'SIS User ID': student id 's1' is also in row 2"),
    ("Student,ID,SIS User ID\nA,1,\n", "row 2, column 'SIS User ID': the student id is empty"),
    ("Student,ID,SIS User ID\nA,1,s1\nB,1,s2\n", "row 3, column 'ID': '1' is also in row 2"),
    ("Student,ID\nA,1\n", "row 1: no column of student ids"),
    ("student_id,login\ns1,a\ns2\n", "row 3: 1 cells, but the header has 2 columns"),
    ("student_id,login\ns1,a\ns2,a\n", "row 3, column 'login': 'a' is also in row 2"),
    ("student_id\nnot valid!\n", "row 2, column 'student_id'"),
    ("student_id\n", "no students"),
])
def test_a_bad_roster_gets_one_message_naming_file_row_and_column(tmp_path, text, fragment):
    path = tmp_path / "roster.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RosterError) as err:
        read_roster(path)
    assert str(path) in str(err.value) and fragment in str(err.value)


def test_roster_shapes_of_moodle_and_blackboard_are_read(tmp_path):
    moodle = tmp_path / "worksheet.csv"
    moodle.write_text('Identifier,"Full name","ID number","Email address",Status,Grade\n'
                      'Participant 1234567,Chen Jie,s1000004,chen.jie@uni.example,Submitted,\n',
                      encoding="utf-8")
    roster = read_roster(moodle)
    assert roster.lookup_lms("moodle:1234567") == "s1000004"
    assert roster.lookup_login("chen.jie") == "s1000004"
    assert roster.lookup_name("Jie Chen")[0] is None and roster.lookup_name("Chen Jie")[0] == "s1000004"


def test_the_grade_command_reports_a_bad_roster_and_writes_nothing(tmp_path, capsys):
    (tmp_path / "subs").mkdir()
    (tmp_path / "roster.csv").write_text("Student,ID\nA,1\n", encoding="utf-8")
    status = main(["grade", "intro", str(tmp_path / "subs"), "--out", str(tmp_path / "out"),
                   "--roster", str(tmp_path / "roster.csv")])
    assert status == 2 and "roster.csv: row 1" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


# -- marks typed in by hand ------------------------------------------------------------------


@pytest.fixture()
def graded(downloads, tmp_path) -> Path:
    """A copy of the rostered run's output folder, to merge marks into."""
    import shutil

    out = tmp_path / "graded"
    shutil.copytree(downloads["roster"].out, out)
    return out


def _set_marks(out: Path, marks: dict[str, str]) -> None:
    path = out / "free_text.csv"
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        row["points"] = marks.get(row["file"], row["points"])
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def test_free_text_csv_lists_counted_notebooks_with_an_empty_points_column(graded):
    with open(graded / "free_text.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    _, grades = _rows(graded)
    counted = {f for f, r in grades.items() if r["counted"] == "yes" and r["variant"]}
    assert {r["file"] for r in rows} == counted
    assert all(r["points"] == "" and r["max_points"] == "3" and r["question"] == "q8" for r in rows)


def test_marks_are_merged_and_the_total_includes_them(graded, capsys):
    _set_marks(graded, {"s1000010.ipynb": "2.5", "s1000008/intro/intro.ipynb": "3"})
    assert main(["marks", str(graded)]) == 0
    out = capsys.readouterr().out
    assert "merged 2 mark(s)" in out and "have no mark yet" in out
    _, rows = _rows(graded)
    assert rows["s1000010.ipynb"]["q8"] == "2.5"
    assert float(rows["s1000010.ipynb"]["total"]) == AUTO + 2.5
    assert float(rows["s1000008/intro/intro.ipynb"]["total"]) == ALL
    # merging again changes nothing
    assert main(["marks", str(graded)]) == 0
    assert "merged 0 mark(s)" in capsys.readouterr().out


def test_a_different_existing_mark_is_never_overwritten_silently(graded, capsys):
    _set_marks(graded, {"s1000010.ipynb": "2"})
    merge_marks(graded)
    _set_marks(graded, {"s1000010.ipynb": "3"})
    before = (graded / "grades.csv").read_bytes()
    with pytest.raises(MarksError, match=r"row \d+: s1000010.ipynb q8 is 2 in grades.csv, 3 here"):
        merge_marks(graded)
    assert (graded / "grades.csv").read_bytes() == before
    assert main(["marks", str(graded), "--replace"]) == 0
    assert "s1000010.ipynb q8: 2 -> 3" in capsys.readouterr().out
    assert _rows(graded)[1]["s1000010.ipynb"]["q8"] == "3"


@pytest.mark.parametrize("edit, fragment", [
    ({"points": "4"}, "column 'points': 4 is outside 0..3"),
    ({"points": "-1"}, "column 'points': -1 is outside 0..3"),
    ({"points": "nan"}, "column 'points': 'nan' is not a finite number"),
    ({"points": "two"}, "column 'points': 'two' is not a number"),
    ({"points": "1", "student": "s9999999"}, "column 'student': 's9999999'"),
    ({"points": "1", "question": "q3"}, "column 'question': 'q3' is not a free-text question"),
    ({"points": "1", "file": "renamed.ipynb"}, "column 'file': 'renamed.ipynb' is not a row"),
])
def test_a_bad_mark_gets_one_message_and_nothing_is_written(graded, edit, fragment, capsys):
    path = graded / "free_text.csv"
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    target = next(i for i, r in enumerate(rows) if r["file"] == "s1000010.ipynb")
    rows[target].update(edit)
    rows[0]["points"] = rows[0]["points"] or "1"  # a good mark before the bad one
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    before = (graded / "grades.csv").read_bytes()
    assert main(["marks", str(graded)]) == 2
    err = capsys.readouterr().err
    assert f"free_text.csv: row {target + 2}, " in err and fragment in err
    assert (graded / "grades.csv").read_bytes() == before


def test_grading_again_into_a_folder_with_hand_marks_is_refused(graded, downloads):
    _set_marks(graded, {"s1000010.ipynb": "2"})
    merge_marks(graded)
    before = {p.name: p.read_bytes() for p in graded.iterdir() if p.is_file()}
    with pytest.raises(GradeError, match="hand-entered mark"):
        grade("intro", downloads["subs"], graded, OPTIONS)
    assert {p.name: p.read_bytes() for p in graded.iterdir() if p.is_file()} == before


def test_feedback_files_are_named_by_the_flattened_path(downloads):
    names = {p.name for p in (downloads["roster"].out / "feedback").iterdir()}
    assert "s1000008__intro__intro.txt" in names
    assert "Liu Yang_1234568_assignsubmission_file___readme.txt.txt" in names
    assert len(names) == len([p for p in downloads["subs"].rglob("*") if p.is_file()])
    assert not any(n.startswith(".") and n != ".DS_Store.txt" for n in names) or True
    assert os.sep not in "".join(names)


def test_hub_user_names_that_are_the_ids_are_found_in_a_one_column_roster(tmp_path):
    from platformlab.assign.identity import owner_from_path

    path = tmp_path / "students.csv"  # nbgrader's students.csv, its id column renamed
    path.write_text("student_id,last_name,first_name\nalice,A,A\nbob,B,B\n", encoding="utf-8")
    roster = read_roster(path)
    assert owner_from_path(parse_path("alice/intro/intro.ipynb", "intro"), roster)[0] == "alice"
    sid, _, why = owner_from_path(parse_path("carol/intro/intro.ipynb", "intro"), roster)
    assert sid is None and "nbgrader:carol" in why and "not in the roster" in why


def test_an_nbgrader_user_is_the_owner_and_a_different_student_id_is_flagged(tmp_path):
    from platformlab.exercises.sets import variant_for

    n = KEY["n_variants"]
    assert variant_for("intro", "s4000001", n)[0] != variant_for("intro", "s4000003", n)[0]
    subs = tmp_path / "submitted"
    write_submission(subs / "s4000001" / "intro" / "intro.ipynb", make_submission("intro", "s4000001"))
    write_submission(subs / "s4000003" / "intro" / "intro.ipynb", make_submission("intro", "s4000001"))
    report = grade("intro", subs, tmp_path / "out", OPTIONS)  # no roster: nbgrader's ids
    _, rows = _rows(tmp_path / "out")
    mine, copied = rows["s4000001/intro/intro.ipynb"], rows["s4000003/intro/intro.ipynb"]
    assert mine["student"] == "s4000001" and copied["student"] == "s4000003"
    assert "id_mismatch" in copied["problems"] and "'s4000001'" in copied["attention"]
    assert "same_id" in mine["problems"] and "s4000003/intro/intro.ipynb" in report.summary()


def test_a_blackboard_roster_saved_as_utf16_with_tabs_is_read(tmp_path):
    path = tmp_path / "gc.xls"
    text = ('"Last Name"\t"First Name"\t"Username"\t"Student ID"\t"Last Access"\n'
            '"Li"\t"Na"\t"li_na"\t"s3000001"\t"2026-11-30"\n')
    path.write_bytes(text.encode("utf-16"))
    roster = read_roster(path)
    assert roster.lookup_login("li_na") == "s3000001"
    assert roster.lookup_name("Na Li")[0] == "s3000001"
