"""Marks out: grades.csv -> Canvas, Moodle and a generic CSV (platformlab.assign.lms).

The fixtures follow the published formats; the fields these tests rely on:

Canvas -- "How do I export grades in the Gradebook?" and "How do I import grades in the
Gradebook?" (Canvas Instructor Guide,
https://community.canvaslms.com/t5/Instructor-Guide/How-do-I-export-grades-in-the-Gradebook/ta-p/809,
https://community.canvaslms.com/t5/Instructor-Guide/How-do-I-import-grades-in-the-Gradebook/ta-p/807):

* header: ``Student, ID, SIS User ID, SIS Login ID, Section``, then one column per assignment
  titled ``<name> (<assignment id>)``, then read-only columns (``Current Points``,
  ``Final Points``, ``Current Score``, ``Unposted Current Score``, ``Final Score``,
  ``Unposted Final Score``); changes to read-only columns are ignored on import;
* second row: ``    Points Possible`` (four leading spaces), then each assignment's points and
  ``(read only)`` under the read-only columns;
* one row per student (``"Last, First"``, numeric Canvas user ``ID``); ``Student, Test`` is the
  course's test student;
* on import a header that is no existing assignment creates a new assignment.

Moodle -- "Grade import" (https://docs.moodle.org/en/Grade_import): the CSV's first row is a
header; one column is mapped to a user field (``useridnumber``, ``username``, ``useremail``,
``userid``), the others to grade items; an unknown user stops the import, so the file holds a
header and one row per known user, nothing else.
"""

from __future__ import annotations

import argparse
import csv
import io
from pathlib import Path

import pytest

from platformlab.assign import lms
from platformlab.exercises.sets import read_key

KEY = read_key("intro")
QIDS = [q["id"] for q in KEY["questions"]]
MAX = {q["id"]: float(q["points"]) for q in KEY["questions"]}
MAX_TOTAL = sum(MAX.values())
MANUAL = [q["id"] for q in KEY["questions"] if q["kind"] == "free_text"]
HEADER = ["student", "name", "lms_user", "file", "counted", "variant", *QIDS, "total",
          "problems", "attention"]


def _row(student, name, lms_user, file, counted, scores, attention="", total=None):
    cells = ["" if s is None else f"{s:g}" for s in scores]
    points = sum(s for s in scores if s is not None)
    return [student, name, lms_user, file, counted, "3", *cells,
            f"{points if total is None else total:g}", "", attention]


FULL = [MAX[q] for q in QIDS]
SOME = [MAX[q] if i % 2 else 0.0 for i, q in enumerate(QIDS)]
ROWS = [
    _row("s1001", "Li Wei", "canvas:501", "Li Wei_501_9001_intro.ipynb", "yes", FULL),
    _row("s1002", "Wang Fang", "canvas:502", "Wang Fang_502_9002_intro.ipynb", "yes", SOME),
    _row("s1003", "Zhang Min", "", "s1003.ipynb", "no", [0.0] * len(QIDS)),
    _row("s1003", "Zhang Min", "", "s1003-1.ipynb", "yes", [*FULL[:-1], 1.5]),
    _row("", "", "canvas:504", "orphan.ipynb", "yes", SOME),
    _row("s1005", "Zhao Lei", "", "s1005.ipynb", "yes", FULL,
         attention="STUDENT_ID s1009 in the notebook; 14 points with its variant, 4 with s1005's"),
    _row("s1006", "Not Enrolled", "", "s1006.ipynb", "yes", FULL),
    _row("jdoe7", "Jane Doe", "", "jdoe7.ipynb", "yes", [*SOME[:-1], 2.0]),
]
MAX_ROW = ["max points", "", "", "", "", "", *(f"{MAX[q]:g}" for q in QIDS), f"{MAX_TOTAL:g}",
           f"manual: {' '.join(MANUAL)}", ""]


def _csv(rows) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return buf.getvalue()


def _write_grades(folder: Path, rows=ROWS, header=HEADER, max_row=MAX_ROW) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "grades.csv").write_text(_csv([header, max_row, *rows]), encoding="utf-8")
    return folder


@pytest.fixture
def graded(tmp_path: Path) -> Path:
    return _write_grades(tmp_path / "graded")


# Canvas's export: raw lines, so that identity columns can be compared byte for byte.
CANVAS_IDENTITY = [
    ('"Li, Wei"', "501", "S1001", "wli", "Section A"),
    ('"Wang, Fang"', "502", "s1002", "wfang", "Section A"),
    ('"Zhang, Min"', "503", "s1003", "zmin", '"Section A and Section B"'),
    ('"Orphan, Olga"', "504", "", "oorphan", "Section B"),
    ('"Zhao, Lei"', "505", "s1005", "zlei", "Section B"),
    ('"Doe, Jane"', "507", "", "jdoe7", "Section B"),
    ('"Absent, Ann"', "508", "s1008", "aann", "Section B"),
    ('"Student, Test"', "509", "", "4e2f9c1d7a", "Section A"),
]
CANVAS_HEADER = ("Student,ID,SIS User ID,SIS Login ID,Section,Exercise set intro (4567),"
                 "Essay 1 (4568),Current Points,Final Points,Current Score,"
                 "Unposted Current Score,Final Score,Unposted Final Score")
CANVAS_POINTS = ("    Points Possible,,,,,14.00,10.00,(read only),(read only),(read only),"
                 "(read only),(read only),(read only)")


def _canvas_lines(header=CANVAS_HEADER) -> list[str]:
    lines = [header, CANVAS_POINTS]
    for i, ident in enumerate(CANVAS_IDENTITY):
        existing = "5.00" if ident[1] == "508" else ""
        lines.append(",".join(ident) + f",{existing},{i}.00,{i}.00,{i}.00,50.00,50.00,40.00,40.00")
    return lines


def _write_canvas(path: Path, lines=None, newline="\n", bom=False) -> Path:
    text = newline.join(lines or _canvas_lines()) + newline
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


def _read_rows(path: Path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8-sig") as handle:
        return list(csv.reader(handle))


# -- grades.csv ----------------------------------------------------------------------------------
def test_read_grades_reads_the_spec_shape(graded):
    table = lms.read_grades(graded)
    assert table.questions == QIDS
    assert table.max_points == MAX and table.max_total == MAX_TOTAL
    assert table.manual == MANUAL
    assert [r.row for r in table.rows] == list(range(3, 3 + len(ROWS)))
    assert [r.counted for r in table.rows].count(False) == 1
    assert table.rows[0].lms_id("canvas") == "501" and table.rows[0].points == MAX_TOTAL


@pytest.mark.parametrize("edit, row, column", [
    (lambda rows: rows[3].__setitem__(8, "abc"), 4, "q3"),
    (lambda rows: rows[3].__setitem__(6, "9"), 4, "q1"),  # above the max of 2
    (lambda rows: rows[4].__setitem__(4, "maybe"), 5, "counted"),
    (lambda rows: rows[5].append("extra"), 6, len(HEADER) + 1),
    (lambda rows: rows[6].__delitem__(slice(-3, None)), 7, "total"),
    (lambda rows: rows[1].__setitem__(0, "s9999"), 2, "student"),
    (lambda rows: rows[0].__setitem__(0, "who"), 1, "student"),
])
def test_bad_grades_csv_names_file_row_and_column(tmp_path, edit, row, column):
    rows = [list(HEADER), list(MAX_ROW), *(list(r) for r in ROWS)]
    edit(rows)
    folder = tmp_path / "graded"
    folder.mkdir()
    (folder / "grades.csv").write_text(_csv(rows), encoding="utf-8")
    with pytest.raises(lms.GradesFormatError) as err:
        lms.read_grades(folder)
    message = str(err.value)
    assert str(folder / "grades.csv") in message
    assert f"row {row}," in message
    assert (f"column {column!r}" if isinstance(column, str) else f"column {column}:") in message


def test_grades_of_another_set_are_refused(graded, tmp_path):
    table = lms.read_grades(graded)
    with pytest.raises(lms.GradesFormatError, match="another set"):
        lms.export_generic(table, tmp_path / "out.csv", "privacy")
    assert not (tmp_path / "out.csv").exists()


# -- Canvas --------------------------------------------------------------------------------------
def test_canvas_export_keeps_identity_adds_one_column_and_points_possible(graded, tmp_path):
    book = _write_canvas(tmp_path / "canvas_export.csv")
    out = tmp_path / "canvas_import.csv"
    report = lms.export_canvas(lms.read_grades(graded), book, out, "intro")
    raw = out.read_text(encoding="utf-8").splitlines()
    rows = _read_rows(out)
    title = lms.default_canvas_column("intro")
    assert rows[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", title]
    assert rows[1] == ["    Points Possible", "", "", "", "", f"{MAX_TOTAL:g}"]
    assert len(rows) == 2 + len(CANVAS_IDENTITY)
    # identity columns byte for byte, in the export's order, one extra cell per row
    for line, ident in zip(raw[2:], CANVAS_IDENTITY):
        assert line.startswith(",".join(ident) + ",")
        assert line.count(",") - ",".join(ident).count(",") == 1
    marks = {r[1]: r[5] for r in rows[2:]}
    assert marks["501"] == f"{MAX_TOTAL:g}"  # SIS User ID S1001 = student s1001 (case folded)
    assert marks["502"] == f"{sum(SOME):g}"
    assert marks["503"] == f"{sum(FULL[:-1]) + 1.5:g}"  # the counted resubmission, not the other
    assert marks["504"] == f"{sum(SOME):g}"  # no student id, matched by canvas:504 = ID
    assert marks["507"] == f"{sum(SOME[:-1]) + 2:g}"  # matched by SIS Login ID
    assert marks["505"] == ""  # needs the instructor's decision
    assert marks["508"] == "" and marks["509"] == ""  # no submission: empty, not 0
    assert report.written == 5
    reasons = {item.who.split(" ")[0]: item.reason for item in report.left_out}
    assert set(reasons) == {"s1005", "s1006"}
    assert "needs your decision" in reasons["s1005"] and "not in the gradebook" in reasons["s1006"]
    assert "s1006" in report.summary() and "s1005" in report.summary()


def test_canvas_fills_an_existing_assignment_and_keeps_other_grades(graded, tmp_path):
    book = _write_canvas(tmp_path / "export.csv", newline="\r\n", bom=True)
    for column in ("Exercise set intro (4567)", "Exercise set intro"):
        out = tmp_path / "import.csv"
        report = lms.export_canvas(lms.read_grades(graded), book, out, "intro", column=column,
                                   missing_zero=True)
        data = out.read_bytes()
        assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data  # as Canvas wrote it
        rows = _read_rows(out)
        assert rows[0][-1] == "Exercise set intro (4567)" and len(rows[0]) == 6
        assert "Essay 1 (4568)" not in rows[0] and "Current Score" not in rows[0]
        marks = {r[1]: r[5] for r in rows[2:]}
        assert marks["508"] == "5.00"  # a grade already in Canvas is kept, not overwritten by 0
        assert marks["509"] == ""  # Canvas's test student: no 0 even with missing_zero
        assert report.column == "Exercise set intro (4567)"
    # a new column with missing_zero: 0 for a student without a submission, not for the test one
    lms.export_canvas(lms.read_grades(graded), book, tmp_path / "new.csv", "intro",
                      missing_zero=True)
    marks = {r[1]: r[-1] for r in _read_rows(tmp_path / "new.csv")[2:]}
    assert marks["508"] == "0" and marks["509"] == ""


def test_canvas_reuses_the_column_of_an_earlier_import(graded, tmp_path):
    header = CANVAS_HEADER.replace("Exercise set intro (4567)", "Exercise set: intro (9876)")
    book = _write_canvas(tmp_path / "export.csv", _canvas_lines(header))
    out = tmp_path / "import.csv"
    lms.export_canvas(lms.read_grades(graded), book, out, "intro")
    assert _read_rows(out)[0][-1] == "Exercise set: intro (9876)"


@pytest.mark.parametrize("mangle, row, column", [
    (lambda lines: ["Name,Login,Score"] + lines[1:], 1, "Student"),
    (lambda lines: lines[:4] + [lines[4] + ",extra"] + lines[5:], 5, 14),
    (lambda lines: lines[:3] + [lines[3].rsplit(",", 1)[0]] + lines[4:], 4, "Unposted Final Score"),
    (lambda lines: lines[:2] + [lines[2].replace(",501,", ",abc,")] + lines[3:], 3, "ID"),
])
def test_canvas_unknown_shape_names_file_row_column_and_writes_nothing(graded, tmp_path, mangle,
                                                                       row, column):
    book = _write_canvas(tmp_path / "export.csv", mangle(_canvas_lines()))
    table = lms.read_grades(graded)
    out = tmp_path / "import.csv"
    with pytest.raises(lms.GradebookFormatError) as err:
        lms.export_canvas(table, book, out, "intro")
    message = str(err.value)
    assert str(book) in message and f"row {row}," in message
    assert (f"column {column!r}" if isinstance(column, str) else f"column {column}:") in message
    assert not out.exists()
    out.write_text("the previous export\n")
    with pytest.raises(lms.GradebookFormatError):
        lms.export_canvas(table, book, out, "intro")
    assert out.read_text() == "the previous export\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


def test_unmarked_free_text_is_refused_unless_partial(tmp_path):
    rows = [list(r) for r in ROWS]
    rows[0][6 + QIDS.index(MANUAL[0])] = ""  # s1001's hand-marked question is not marked yet
    folder = _write_grades(tmp_path / "graded", rows)
    table = lms.read_grades(folder)
    book = _write_canvas(tmp_path / "export.csv")
    out = tmp_path / "import.csv"
    with pytest.raises(lms.UnmarkedError) as err:
        lms.export_canvas(table, book, out, "intro")
    message = str(err.value)
    assert "s1001" in message and MANUAL[0] in message and "platformlab-assign marks" in message
    assert "--partial" in message and "row 3," in message
    assert not out.exists()
    report = lms.export_canvas(table, book, out, "intro", partial=True)
    marks = {r[1]: r[5] for r in _read_rows(out)[2:]}
    assert marks["501"] == f"{MAX_TOTAL - MAX[MANUAL[0]]:g}"
    assert any("s1001" in note and "--partial" in note for note in report.notes)


def test_canvas_refuses_to_overwrite_its_input(graded, tmp_path):
    book = _write_canvas(tmp_path / "export.csv")
    before = book.read_bytes()
    with pytest.raises(lms.ExportError, match="overwrite an input"):
        lms.export_canvas(lms.read_grades(graded), book, book, "intro")
    assert book.read_bytes() == before


# -- Moodle --------------------------------------------------------------------------------------
ROSTER = ("First name,Last name,ID number,Email address\n"
          "Wei,Li,s1001,wei.li@example.edu\n"
          "Fang,Wang,S1002,fang.wang@example.edu\n"
          "Min,Zhang,s1003,min.zhang@example.edu\n"
          "Jane,Doe,jdoe7,jane.doe@example.edu\n"
          "Lei,Zhao,s1005,lei.zhao@example.edu\n"
          "Ann,Absent,s1008,ann@example.edu\n")


def _moodle_checks(rows: list[list[str]], field: str) -> dict[str, float]:
    assert rows[0] == [field, lms.default_moodle_item("intro")]
    assert all(len(r) == 2 for r in rows)
    assert all(r[0].strip().lower() != "max points" for r in rows)
    values = {r[0]: float(r[1]) for r in rows[1:]}
    assert all(0 <= v <= MAX_TOTAL for v in values.values())
    assert len(values) == len(rows) - 1  # one row per user
    return values


def test_moodle_without_roster_writes_valid_ids_only(graded, tmp_path):
    out = tmp_path / "moodle.csv"
    report = lms.export_moodle(lms.read_grades(graded), out, "intro")
    values = _moodle_checks(_read_rows(out), "idnumber")
    assert values == {"s1001": MAX_TOTAL, "s1002": sum(SOME), "s1003": sum(FULL[:-1]) + 1.5,
                      "s1006": MAX_TOTAL, "jdoe7": sum(SOME[:-1]) + 2}
    left = {item.row: item.reason for item in report.left_out}
    assert set(left) == {7, 8}  # the orphan (no student id) and the row needing a decision


def test_moodle_with_roster_writes_only_its_users(graded, tmp_path):
    roster = tmp_path / "participants.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    out = tmp_path / "moodle.csv"
    report = lms.export_moodle(lms.read_grades(graded), out, "intro", roster=roster)
    values = _moodle_checks(_read_rows(out), "idnumber")
    assert set(values) == {"s1001", "S1002", "s1003", "jdoe7"}  # the roster's own spelling
    assert any(item.who.startswith("s1006") and "roster" in item.reason
               for item in report.left_out)
    out_email = tmp_path / "moodle_email.csv"
    lms.export_moodle(lms.read_grades(graded), out_email, "intro", field="email", roster=roster,
                      item=None)
    emails = _moodle_checks(_read_rows(out_email), "email")
    assert emails["wei.li@example.edu"] == MAX_TOTAL and len(emails) == 4


def test_moodle_email_needs_a_roster_and_a_roster_needs_the_field(graded, tmp_path):
    table = lms.read_grades(graded)
    with pytest.raises(lms.ExportError, match="roster"):
        lms.export_moodle(table, tmp_path / "m.csv", "intro", field="email")
    roster = tmp_path / "participants.csv"
    roster.write_text("First name,Last name,ID number\nWei,Li,s1001\n", encoding="utf-8")
    with pytest.raises(lms.GradebookFormatError) as err:
        lms.export_moodle(table, tmp_path / "m.csv", "intro", field="username", roster=roster)
    assert str(roster) in str(err.value) and "row 1," in str(err.value)
    assert not (tmp_path / "m.csv").exists()


# -- generic -------------------------------------------------------------------------------------
def test_generic_csv_round_trips_the_totals(graded, tmp_path):
    table = lms.read_grades(graded)
    out = tmp_path / "marks.csv"
    report = lms.export_generic(table, out, "intro")
    with open(out, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == [*lms.GENERIC_HEADER, *QIDS, "file"]
    expected = {r.file: r.points for r in table.rows if r.counted and not r.attention}
    assert {r["file"]: float(r["points"]) for r in rows} == expected
    for r in rows:
        assert float(r["points"]) == pytest.approx(sum(float(r[q] or 0) for q in QIDS))
        assert float(r["max_points"]) == MAX_TOTAL
        assert float(r["percent"]) == pytest.approx(100 * float(r["points"]) / MAX_TOTAL, abs=0.01)
    assert report.written == len(rows)
    assert [item.row for item in report.left_out] == [8]


def test_export_command_prints_the_report(graded, tmp_path, capsys):
    parser = argparse.ArgumentParser()
    lms.add_export_arguments(parser)
    book = _write_canvas(tmp_path / "export.csv")
    args = parser.parse_args(["intro", str(graded), "--to", "canvas", "--gradebook", str(book),
                              "--out", str(tmp_path / "import.csv")])
    assert lms.run_export(args) == 0
    printed = capsys.readouterr().out
    assert "wrote" in printed and "s1006" in printed and "left out 2 row(s)" in printed
    args = parser.parse_args(["intro", str(graded), "--to", "canvas",
                              "--out", str(tmp_path / "x.csv")])
    with pytest.raises(lms.ExportError, match="--gradebook"):
        lms.run_export(args)


def test_canvas_exports_with_a_manual_posting_row_are_read(graded, tmp_path):
    """Canvas's gradebook_exporter.rb writes, for manually posted assignments, a row with an
    empty first cell and "Manual Posting" under each such assignment, before Points Possible."""
    header_cells = len(next(csv.reader([CANVAS_HEADER])))
    posting = ["", "", "", "", "", "Manual Posting"] + [""] * (header_cells - 6)
    lines = _canvas_lines()
    lines.insert(1, ",".join(posting))
    book = _write_canvas(tmp_path / "export.csv", lines)
    out = tmp_path / "import.csv"
    report = lms.export_canvas(lms.read_grades(graded), book, out, "intro")
    rows = _read_rows(out)
    assert rows[1][0].strip() == "Points Possible"
    assert not any("Manual Posting" in cell for row in rows for cell in row)
    assert {r[1] for r in rows[2:]} == {i[1] for i in CANVAS_IDENTITY}
    assert report.written
