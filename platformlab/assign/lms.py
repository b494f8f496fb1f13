"""Marks out: export the final marks of a graded set for Canvas, Moodle or any spreadsheet.

``platformlab-assign grade`` writes ``graded/grades.csv``; once the free-text questions are
marked (``platformlab-assign marks graded/``), one of these writes the file the LMS imports:

:func:`export_canvas`
    the instructor's own Canvas gradebook export (Grades > Export), cut down to the identity
    columns and ONE column for the set, with the ``Points Possible`` row; every other assignment
    and every read-only total is dropped, so importing it changes nothing but the set's column.
:func:`export_moodle`
    two columns, a user field (``idnumber`` by default) and one grade column; no "max points"
    row and no user Moodle would not find (Moodle's CSV import stops at the first unknown user).
:func:`export_generic`
    ``student,name,lms_user,points,max_points,percent,<questions>,file`` for anything else.

Each writes atomically (a temporary file in the output's folder, then :func:`os.replace`), so
an error never leaves a half-written file and an existing file is either replaced whole or left
as it was. Each returns an :class:`ExportReport`: rows written and rows left out with the reason
(no student id, not in the gradebook or roster, a row that needs the instructor's decision, two
counted submissions for one student). Nothing is dropped without being listed.

Bad input raises an :class:`ExportError` (a :class:`ValueError`) with one message naming the
file, the row (as a spreadsheet numbers it: the header is row 1) and the column.

The formats, and where they are documented
------------------------------------------
Canvas (Instructor Guide, "How do I export grades in the Gradebook?",
https://community.canvaslms.com/t5/Instructor-Guide/How-do-I-export-grades-in-the-Gradebook/ta-p/809,
and "How do I import grades in the Gradebook?",
https://community.canvaslms.com/t5/Instructor-Guide/How-do-I-import-grades-in-the-Gradebook/ta-p/807):

* header ``Student, ID, SIS User ID, SIS Login ID, [Integration ID,] [Root Account,] Section``,
  then one column per assignment titled ``<name> (<assignment id>)``, then read-only columns
  (``Current Score``, ``Final Score``, ``Unposted ...``, assignment-group totals, grades);
* the second row is ``    Points Possible`` (leading spaces) with each assignment's points; a
  manual-posting row (empty first cell, ``Manual Posting`` under each manually posted
  assignment; Canvas's ``gradebook_exporter.rb``) may come before it; a ``Student, Test`` row
  is the test student;
* on import, a column whose header is not an existing assignment creates a new assignment,
  read-only columns are ignored, and a student is found by ``ID`` / ``SIS User ID`` /
  ``SIS Login ID``; a delimiter of ``;`` is used when the user's setting asks for it.

Moodle ("Grade import", https://docs.moodle.org/en/Grade_import):

* one CSV column is mapped to a user field ("Map from" / "Map to": ``userid``, ``useridnumber``,
  ``useremail``, ``username``), the other columns to grade items (or a new grade item);
* a row whose user is not found stops the whole import, so no extra rows are written;
* grades above the item's maximum are refused unless the site allows them, so every value here
  is within 0..max of the set.
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from platformlab.assign._files import csv_text as _csv_text, decode, read_table, write_atomic
from platformlab.assign.grade import GRADES_COLUMNS
from platformlab.assign.identity import is_canvas_extra_row

__all__ = [
    "ExportError", "GradesFormatError", "GradebookFormatError", "UnmarkedError",
    "GradeRow", "GradesTable", "ExportReport", "LeftOut",
    "read_grades", "export_canvas", "export_moodle", "export_generic",
    "MOODLE_FIELDS", "default_canvas_column", "default_moodle_item", "add_export_arguments",
    "run_export",
]

_META = GRADES_COLUMNS  # the identity columns of grades.csv (one definition, in grade.py)
_REQUIRED = ("student", "file", "total")
_ID = re.compile(r"[a-z0-9._-]{1,64}")
MAX_ROW_LABEL = "max points"


class ExportError(ValueError):
    """An export cannot be written; the message names the file, row and column at fault."""


class GradesFormatError(ExportError):
    """``grades.csv`` is not in the shape ``platformlab-assign grade`` writes."""


class GradebookFormatError(ExportError):
    """The Canvas gradebook export (or a Moodle roster) is not in a shape this module knows."""


class UnmarkedError(ExportError):
    """Counted rows still have empty (unmarked) question cells and ``partial`` was not given."""


def _where(path: Path, row: int | str, column: int | str) -> str:
    col = column if isinstance(column, int) else repr(column)
    return f"{path}: row {row}, column {col}"


# -- grades.csv ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class GradeRow:
    """One row of ``grades.csv`` below the max-points row."""

    row: int
    student: str
    name: str
    lms_user: str
    file: str
    counted: bool
    variant: str
    scores: dict[str, float | None]
    total: float | None
    problems: str
    attention: str

    @property
    def points(self) -> float:
        """The sum of the non-empty question cells (the mark exported)."""
        return sum(v for v in self.scores.values() if v is not None)

    def unmarked(self) -> list[str]:
        """Question ids whose cell is empty."""
        return [q for q, v in self.scores.items() if v is None]

    @property
    def valid_student(self) -> bool:
        return bool(_ID.fullmatch(self.student))

    def lms_id(self, system: str) -> str | None:
        """The id after ``<system>:`` in ``lms_user`` (``canvas:48214`` -> ``48214``), or None."""
        prefix = system + ":"
        if self.lms_user.startswith(prefix) and len(self.lms_user) > len(prefix):
            return self.lms_user[len(prefix):]
        return None

    @property
    def who(self) -> str:
        label = self.student or self.name or self.lms_user or "(no student id)"
        return f"{label} ({self.file}, row {self.row})"


@dataclass
class GradesTable:
    """``grades.csv`` read and checked: questions, their maxima and the rows."""

    path: Path
    questions: list[str]
    max_points: dict[str, float]
    manual: list[str]
    rows: list[GradeRow]

    @property
    def max_total(self) -> float:
        """The set's maximum: every question, the hand-marked ones included."""
        return sum(self.max_points.values())


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def read_grades(graded: Path | str) -> GradesTable:
    """Read ``graded/grades.csv`` (or the file itself) and check its shape.

    Raises
    ------
    GradesFormatError
        Naming the file, the row (header = row 1) and the column: a missing column, a ragged
        row, a second row that is not ``max points``, a cell that is not a number or is outside
        0..max, a ``counted`` cell other than yes/no.
    """
    path = Path(graded)
    if path.is_dir():
        path = path / "grades.csv"
    if not path.is_file():
        raise GradesFormatError(f"{path}: not found (run platformlab-assign grade first)")
    rows, _ = read_table(path, GradesFormatError, delimiter=",")
    if not rows:
        raise GradesFormatError(f"{_where(path, 1, 1)}: the file is empty")
    header = [h.strip() for h in rows[0]]
    seen: set[str] = set()
    for i, name in enumerate(header, 1):
        if not name:
            raise GradesFormatError(f"{_where(path, 1, i)}: empty column header")
        if name in seen:
            raise GradesFormatError(f"{_where(path, 1, name)}: the header repeats this column")
        seen.add(name)
    for name in _REQUIRED:
        if name not in header:
            raise GradesFormatError(
                f"{_where(path, 1, name)}: missing; expected the header of grades.csv "
                "(student,name,lms_user,file,counted,variant,<questions>,total,problems,"
                "attention)")
    t = header.index("total")
    questions = [h for h in header[:t] if h not in _META]
    if not questions:
        raise GradesFormatError(f"{_where(path, 1, 'total')}: no question columns before 'total'")
    col = {name: i for i, name in enumerate(header)}

    def cells(r: int) -> list[str]:
        record = rows[r - 1]
        if len(record) != len(header):
            where = (len(header) + 1 if len(record) > len(header) else header[len(record)])
            raise GradesFormatError(f"{_where(path, r, where)}: the row has {len(record)} "
                                    f"cells but the header has {len(header)}")
        return record

    if len(rows) < 2:
        raise GradesFormatError(f"{_where(path, 2, 'student')}: missing the 'max points' row")
    max_cells = cells(2)
    if max_cells[col["student"]].strip().lower() != MAX_ROW_LABEL:
        raise GradesFormatError(f"{_where(path, 2, 'student')}: expected {MAX_ROW_LABEL!r}, "
                                f"found {max_cells[col['student']]!r}")
    max_points = {}
    for q in questions:
        value = _number(max_cells[col[q]].strip())
        if value is None or value < 0:
            raise GradesFormatError(f"{_where(path, 2, q)}: the max points must be a number "
                                    f">= 0, found {max_cells[col[q]]!r}")
        max_points[q] = value
    manual: list[str] = []
    if "problems" in col:
        note = re.search(r"manual:\s*(.*)", max_cells[col["problems"]])
        if note:
            manual = [q for q in re.split(r"[\s,]+", note.group(1)) if q in max_points]

    def get(record: list[str], name: str, default: str = "") -> str:
        return record[col[name]].strip() if name in col else default

    out = []
    for r in range(3, len(rows) + 1):
        record = cells(r)
        if not any(cell.strip() for cell in record):
            continue
        counted_text = get(record, "counted", "yes").lower()
        if counted_text not in ("yes", "no"):
            raise GradesFormatError(f"{_where(path, r, 'counted')}: expected yes or no, found "
                                    f"{record[col['counted']]!r}")
        scores: dict[str, float | None] = {}
        for q in questions:
            text = record[col[q]].strip()
            if not text:
                scores[q] = None
                continue
            value = _number(text)
            if value is None or value < 0 or value > max_points[q] + 1e-9:
                raise GradesFormatError(f"{_where(path, r, q)}: expected points from 0 to "
                                        f"{max_points[q]:g} or an empty cell, found {text!r}")
            scores[q] = value
        total_text = get(record, "total")
        total = _number(total_text) if total_text else None
        if total_text and total is None:
            raise GradesFormatError(f"{_where(path, r, 'total')}: not a number: {total_text!r}")
        out.append(GradeRow(
            row=r, student=get(record, "student"), name=get(record, "name"),
            lms_user=get(record, "lms_user"), file=get(record, "file"),
            counted=counted_text == "yes", variant=get(record, "variant"), scores=scores,
            total=total, problems=get(record, "problems"), attention=get(record, "attention")))
    return GradesTable(path, questions, max_points, manual, out)


# -- reports -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class LeftOut:
    """A counted row of grades.csv that is not in the output, and why."""

    row: int
    who: str
    reason: str


@dataclass
class ExportReport:
    """What an export wrote and what it left out."""

    format: str
    out: Path
    set_name: str
    column: str
    max_points: float
    written: int = 0
    left_out: list[LeftOut] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """Lines for the terminal: what was written, then every row left out, then notes."""
        lines = [f"wrote {self.out}: {self.written} mark(s) of set {self.set_name!r} in column "
                 f"{self.column!r} (max {_fmt(self.max_points)} points) for {self.format}"]
        if self.left_out:
            lines.append(f"left out {len(self.left_out)} row(s) of grades.csv:")
            lines += [f"  - {item.who}: {item.reason}" for item in self.left_out]
        lines += [f"note: {note}" for note in self.notes]
        return "\n".join(lines)


def _fmt(x: float) -> str:
    """A number as an LMS reads it: no exponent, at most 4 decimals, no trailing zeros."""
    text = f"{round(x, 4):.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


# -- shared selection ----------------------------------------------------------------------------
def _check_key(grades: GradesTable, set_name: str) -> list[str]:
    """Compare grades.csv with the set's key; return the hand-marked question ids."""
    from platformlab.exercises.sets import read_key

    key = read_key(set_name)
    specs = {q["id"]: q for q in key["questions"]}
    if list(specs) != grades.questions:
        raise GradesFormatError(
            f"{_where(grades.path, 1, grades.questions[0])}: the question columns "
            f"{' '.join(grades.questions)} are not those of set {set_name!r} "
            f"({' '.join(specs)}); is this the grades.csv of another set?")
    for qid, spec in specs.items():
        if abs(float(spec["points"]) - grades.max_points[qid]) > 1e-9:
            raise GradesFormatError(
                f"{_where(grades.path, 2, qid)}: max points {grades.max_points[qid]:g}, but the "
                f"key of set {set_name!r} gives {spec['points']:g}; is this the grades.csv of "
                f"another set, or was the key rebuilt after grading?")
    return sorted(set(grades.manual) | {q for q, s in specs.items() if s["kind"] == "free_text"},
                  key=grades.questions.index)


def _candidates(grades: GradesTable, set_name: str, partial: bool, report: ExportReport
                ) -> list[GradeRow]:
    """Counted rows that may be exported; rows needing a decision go to ``report.left_out``.

    Raises :class:`UnmarkedError` if a counted row has an empty question cell and ``partial`` is
    false.
    """
    manual = _check_key(grades, set_name)
    counted = [r for r in grades.rows if r.counted]
    skipped = len(grades.rows) - len(counted)
    if skipped:
        report.notes.append(f"{skipped} row(s) with counted = no (superseded resubmissions or "
                            "files that are not notebooks) are not exported")
    unmarked = [r for r in counted if r.unmarked() and not r.attention]
    if unmarked and not partial:
        first = unmarked[0]
        listing = "; ".join(f"{r.student or r.file} ({' '.join(r.unmarked())})"
                            for r in unmarked[:10])
        more = f" and {len(unmarked) - 10} more" if len(unmarked) > 10 else ""
        hand = f" (marked by hand: {' '.join(manual)})" if manual else ""
        raise UnmarkedError(
            f"{_where(grades.path, first.row, first.unmarked()[0])}: {len(unmarked)} counted "
            f"row(s) have no mark yet{hand}: {listing}{more}. Type the marks in the points column "
            f"of free_text.csv and run platformlab-assign marks {grades.path.parent}/ (or fill "
            f"the cells of {grades.path.name}), or export the automatic points only with "
            f"--partial")
    out = []
    for r in counted:
        if r.attention:
            report.left_out.append(LeftOut(r.row, r.who, f"needs your decision: {r.attention}"))
            continue
        if r.unmarked():
            report.notes.append(f"{r.who}: exported without {' '.join(r.unmarked())} "
                                "(not marked yet; --partial)")
        if r.total is not None and abs(r.total - r.points) > 1e-6:
            report.notes.append(f"{r.who}: total {_fmt(r.total)} is not the sum of the question "
                                f"cells; exported the sum, {_fmt(r.points)}")
        out.append(r)
    return out


def _drop_duplicates(rows: Iterable[tuple[Any, GradeRow]], what: str, report: ExportReport
                     ) -> list[tuple[Any, GradeRow]]:
    """Keep (key, row) pairs whose key is unique; list the others as left out."""
    rows = list(rows)
    by_key: dict[Any, list[GradeRow]] = {}
    for k, r in rows:
        by_key.setdefault(k, []).append(r)
    kept = []
    for k, r in rows:
        group = by_key[k]
        if len(group) == 1:
            kept.append((k, r))
        else:
            others = ", ".join(f"row {g.row}" for g in group if g is not r)
            report.left_out.append(LeftOut(
                r.row, r.who, f"two counted submissions for {what} {k} (also {others}); set "
                "counted = no on the one that does not count"))
    return kept


# -- writing ---------------------------------------------------------------------------------------
def _write_atomic(out: Path, text: str, inputs: Iterable[Path] = (), bom: bool = False) -> None:
    """Write ``text`` to ``out`` via a temporary file in the same folder and :func:`os.replace`."""
    out = Path(out)
    for source in inputs:
        if source is not None and out.resolve() == Path(source).resolve():
            raise ExportError(f"{out}: the output would overwrite an input file; choose "
                              "another --out")
    if not out.parent.is_dir():
        raise ExportError(f"{out}: the folder {out.parent} does not exist")
    write_atomic(out, text, bom=bom)


# -- Canvas --------------------------------------------------------------------------------------
CANVAS_IDENTITY = ("Student", "ID", "SIS User ID", "SIS Login ID", "Integration ID",
                   "Root Account", "Section")
_ASSIGNMENT = re.compile(r"^(?P<title>.*\S)\s+\((?P<id>\d+)\)$")
def default_canvas_column(set_name: str) -> str:
    """The title of the assignment column created in Canvas for a set."""
    return f"Exercise set: {set_name}"


@dataclass
class _Gradebook:
    path: Path
    delimiter: str
    newline: str
    bom: bool
    header: list[str]
    identity: list[int]
    points_row: list[str] | None
    students: list[tuple[int, list[str]]]  # (row number, cells)
    raw: list[list[str]]  # every record's cells as written in the file (quotes included)


def _read_canvas(path: Path) -> _Gradebook:
    path = Path(path)
    if not path.is_file():
        raise GradebookFormatError(f"{path}: not found (export it from Canvas: Grades > Export)")
    raw = path.read_bytes()
    bom = raw.startswith(b"\xef\xbb\xbf")
    text = decode(path, raw, GradebookFormatError)
    first = text.split("\n", 1)[0]
    newline = "\r\n" if first.endswith("\r") else "\n"
    rows, delimiter = read_table(path, GradebookFormatError)
    if not rows:
        raise GradebookFormatError(f"{_where(path, 1, 1)}: the file is empty")
    header = rows[0]
    names = [h.strip() for h in header]
    for required in ("Student", "ID"):
        if required not in names:
            raise GradebookFormatError(
                f"{_where(path, 1, required)}: missing; this is not a Canvas gradebook export "
                f"(its header starts Student,ID,SIS User ID,SIS Login ID,Section); found "
                f"{','.join(names[:6])}")
    for i, name in enumerate(names):
        if name in CANVAS_IDENTITY and names.index(name) != i:
            raise GradebookFormatError(f"{_where(path, 1, name)}: the header repeats this column")
    identity = [i for i, name in enumerate(names) if name in CANVAS_IDENTITY]
    id_col = names.index("ID")
    points_row = None
    students = []
    for r, record in enumerate(rows[1:], 2):
        if len(record) != len(header):
            where = len(header) + 1 if len(record) > len(header) else names[len(record)]
            raise GradebookFormatError(f"{_where(path, r, where)}: the row has {len(record)} "
                                       f"cells but the header has {len(header)}")
        label = record[0].strip()
        if not record[id_col].strip() and is_canvas_extra_row(record):
            if label == "Points Possible":
                points_row = record
            continue
        if not record[id_col].strip().isdigit():
            raise GradebookFormatError(f"{_where(path, r, 'ID')}: expected a Canvas user id "
                                       f"(digits), found {record[id_col]!r}")
        students.append((r, record))
    if not students:
        raise GradebookFormatError(f"{_where(path, 2, 'Student')}: no student rows")
    raw = _split_raw(text, delimiter)
    if [len(r) for r in raw[:len(rows)]] != [len(r) for r in rows]:  # pragma: no cover
        raw = [[_quote(c, delimiter) for c in record] for record in rows]
    return _Gradebook(path, delimiter, newline, bom, header, identity, points_row, students, raw)


def _split_raw(text: str, delimiter: str) -> list[list[str]]:
    """Records of a CSV text as lists of the cells' exact text (quotes kept), so that copied
    cells are written back byte for byte."""
    records: list[list[str]] = []
    cells: list[str] = []
    start, i, n, quoted = 0, 0, len(text), False
    while i < n:
        c = text[i]
        if quoted:
            if c == '"':
                if i + 1 < n and text[i + 1] == '"':
                    i += 2
                    continue
                quoted = False
        elif c == '"':
            quoted = True
        elif c == delimiter:
            cells.append(text[start:i])
            start = i + 1
        elif c in "\r\n":
            cells.append(text[start:i])
            records.append(cells)
            cells = []
            if c == "\r" and i + 1 < n and text[i + 1] == "\n":
                i += 1
            start = i + 1
        i += 1
    if start < n or cells:
        cells.append(text[start:n])
        records.append(cells)
    return records


def _quote(value: str, delimiter: str) -> str:
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="").writerow([value])
    return buf.getvalue()


def _canvas_target(book: _Gradebook, column: str | None, set_name: str) -> tuple[int | None, str]:
    """(index of an existing assignment column or None, title of the output column)."""
    names = [h.strip() for h in book.header]
    wanted = (column or default_canvas_column(set_name)).strip()
    if wanted in names and _ASSIGNMENT.match(wanted):
        return names.index(wanted), book.header[names.index(wanted)]
    same_title = [i for i, n in enumerate(names)
                  if (m := _ASSIGNMENT.match(n)) and m.group("title") == wanted]
    if len(same_title) == 1:
        return same_title[0], book.header[same_title[0]]
    if len(same_title) > 1:
        raise GradebookFormatError(
            f"{_where(book.path, 1, wanted)}: {len(same_title)} assignments have this title; "
            f"pass the full column title, e.g. {names[same_title[0]]!r}")
    if _ASSIGNMENT.match(wanted) or wanted in names or wanted in CANVAS_IDENTITY:
        listing = ", ".join(repr(n) for n in names if _ASSIGNMENT.match(n)) or "none"
        raise GradebookFormatError(
            f"{_where(book.path, 1, wanted)}: not an assignment column of this gradebook export "
            f"(assignment columns: {listing})")
    return None, wanted


def export_canvas(grades: GradesTable, gradebook_export: Path | str, out: Path | str,
                  set_name: str, column: str | None = None, partial: bool = False,
                  missing_zero: bool = False) -> ExportReport:
    """Merge the set's marks into a Canvas gradebook export and write the file to import.

    ``column``: an existing assignment column (``"Exercise set intro (4567)"``, or its title
    without the id) to fill, or the title of a new assignment; by default
    ``"Exercise set: <set>"`` (reused if the gradebook already has it). A student with no
    submission gets an empty cell (``missing_zero``: 0); in an existing column their current
    grade is kept. A graded row is matched to a gradebook row by student id = ``SIS User ID``
    (case-insensitive), else ``canvas:<id>`` = ``ID``, else student id = ``SIS Login ID``.
    """
    gradebook_export, out = Path(gradebook_export), Path(out)
    book = _read_canvas(gradebook_export)
    target, title = _canvas_target(book, column, set_name)
    report = ExportReport("Canvas", out, set_name, title, grades.max_total)
    rows = _candidates(grades, set_name, partial, report)
    names = [h.strip() for h in book.header]

    def index(column_name: str, fold: bool) -> dict[str, list[int]]:
        found: dict[str, list[int]] = {}
        if column_name in names:
            c = names.index(column_name)
            for k, (_, record) in enumerate(book.students):
                value = record[c].strip()
                if value:
                    found.setdefault(value.lower() if fold else value, []).append(k)
        return found

    by_sis, by_id = index("SIS User ID", True), index("ID", False)
    by_login = index("SIS Login ID", True)
    matched: list[tuple[int, GradeRow]] = []
    for r in rows:
        hits, how = [], ""
        for key, table, label in ((r.student.lower(), by_sis, "SIS User ID"),
                                  (r.lms_id("canvas") or "", by_id, "ID"),
                                  (r.student.lower(), by_login, "SIS Login ID")):
            if key and key in table:
                hits, how = table[key], label
                break
        if not hits:
            why = ("no student id and no Canvas user in grades.csv" if not r.student
                   and not r.lms_id("canvas") else
                   "not in the gradebook export (no SIS User ID, ID or SIS Login ID matches)")
            report.left_out.append(LeftOut(r.row, r.who, why))
        elif len(hits) > 1:
            report.left_out.append(LeftOut(r.row, r.who, f"{len(hits)} gradebook rows have this "
                                           f"{how}; enter this mark by hand"))
        else:
            matched.append((hits[0], r))
    kept = dict(_drop_duplicates(matched, "gradebook row", report))

    if target is not None and book.points_row is not None:
        old = _number(book.points_row[target].strip())
        if old is not None and abs(old - grades.max_total) > 1e-9:
            report.notes.append(f"Points Possible of {title!r} is {_fmt(old)} in Canvas; the "
                                f"set's max is {_fmt(grades.max_total)} (written in the file)")
    d = book.delimiter
    points_row = [""] * len(book.identity)
    points_row[0] = "    Points Possible"
    title_raw = book.raw[0][target] if target is not None else _quote(title, d)
    lines = [[book.raw[0][i] for i in book.identity] + [title_raw],
             points_row + [_fmt(grades.max_total)]]
    for k, (r, record) in enumerate(book.students):
        raw = book.raw[r - 1]
        if k in kept:
            cell = _fmt(kept[k].points)
        elif target is not None and record[target].strip():
            cell = raw[target]  # a grade already in Canvas stays as it is
        else:  # Canvas's test student gets nothing, even with missing_zero
            cell = "0" if missing_zero and record[0].strip() != "Student, Test" else ""
        lines.append([raw[i] for i in book.identity] + [cell])
    text = "".join(d.join(cells) + book.newline for cells in lines)
    report.written = len(kept)
    no_submission = len(book.students) - len(kept)
    if no_submission:
        report.notes.append(f"{no_submission} student(s) of the gradebook have no mark in this "
                            f"export ({'0' if missing_zero else 'left empty'})")
    _write_atomic(out, text, (gradebook_export, grades.path), bom=book.bom)
    return report


# -- Moodle --------------------------------------------------------------------------------------
MOODLE_FIELDS = ("idnumber", "username", "email", "id")
_MOODLE_MAP_TO = {"idnumber": "useridnumber", "username": "username", "email": "useremail",
                  "id": "userid"}
_ROSTER_HEADERS = {
    "idnumber": ("idnumber", "id number", "id-number"),
    "username": ("username", "user name"),
    "email": ("email", "email address", "e-mail", "e-mail address"),
    "id": ("id", "userid", "user id"),
}


def default_moodle_item(set_name: str) -> str:
    """The grade column's header in the Moodle file."""
    return f"Exercise set {set_name}"


def _read_roster(path: Path) -> tuple[dict[str, int], list[tuple[int, list[str]]]]:
    path = Path(path)
    if not path.is_file():
        raise GradebookFormatError(f"{path}: not found")
    rows, _ = read_table(path, GradebookFormatError)
    if not rows:
        raise GradebookFormatError(f"{_where(path, 1, 1)}: the file is empty")
    header = [h.strip().lower() for h in rows[0]]
    columns = {}
    for fieldname, aliases in _ROSTER_HEADERS.items():
        for alias in aliases:
            if alias in header:
                columns[fieldname] = header.index(alias)
                break
    if not columns:
        raise GradebookFormatError(
            f"{_where(path, 1, rows[0][0] if rows[0] else 1)}: no user column; a Moodle roster "
            f"needs one of the headers ID number, Username, Email address or id")
    out = []
    for r, record in enumerate(rows[1:], 2):
        if not any(c.strip() for c in record):
            continue
        if len(record) != len(header):
            where = len(header) + 1 if len(record) > len(header) else rows[0][len(record)]
            raise GradebookFormatError(f"{_where(path, r, where)}: the row has {len(record)} "
                                       f"cells but the header has {len(header)}")
        out.append((r, record))
    return columns, out


def export_moodle(grades: GradesTable, out: Path | str, set_name: str, field: str = "idnumber",
                  item: str | None = None, roster: Path | str | None = None,
                  partial: bool = False, missing_zero: bool = False) -> ExportReport:
    """Write a two-column CSV for Moodle's grade import: ``<field>,<item>``.

    ``field`` is the user field Moodle maps the first column to (``idnumber`` = the student id,
    ``username``, ``email`` or ``id``). With a ``roster`` (a Moodle participants or user export
    CSV), a graded row is matched by student id (ID number, then username) or ``moodle:<id>``,
    the value written is the roster's own, and rows not in the roster are left out and listed;
    ``missing_zero`` then also writes 0 for roster users without a submission. Without a roster
    only rows with a valid student id (or a ``moodle:`` user for ``field="id"``) are written;
    ``email`` needs a roster.
    """
    out = Path(out)
    if field not in MOODLE_FIELDS:
        raise ExportError(f"unknown Moodle user field {field!r}; use one of "
                          f"{', '.join(MOODLE_FIELDS)}")
    item = (item or default_moodle_item(set_name)).strip()
    if not item:
        raise ExportError("the Moodle grade column needs a name")
    report = ExportReport("Moodle", out, set_name, item, grades.max_total)
    roster_rows: list[tuple[int, list[str]]] = []
    columns: dict[str, int] = {}
    if roster is not None:
        roster = Path(roster)
        columns, roster_rows = _read_roster(roster)
        if field not in columns:
            raise GradebookFormatError(
                f"{_where(roster, 1, field)}: the roster has no {field} column "
                f"({'/'.join(_ROSTER_HEADERS[field])}); choose another --moodle-field")
    elif field == "email":
        raise ExportError("the Moodle field 'email' needs a roster (--roster, a Moodle "
                          "participants export) to find each student's email address")
    rows = _candidates(grades, set_name, partial, report)

    pairs: list[tuple[str, GradeRow]] = []
    if roster is not None:
        def index(name: str) -> dict[str, int]:
            found: dict[str, int] = {}
            if name in columns:
                for k, (_, record) in enumerate(roster_rows):
                    value = record[columns[name]].strip().lower()
                    if value:
                        found.setdefault(value, k)
            return found

        by_idnumber, by_username, by_id = index("idnumber"), index("username"), index("id")
        matched: list[tuple[int, GradeRow]] = []
        for r in rows:
            k = None
            if r.student:
                k = by_idnumber.get(r.student.lower(), by_username.get(r.student.lower()))
            if k is None and r.lms_id("moodle"):
                k = by_id.get(r.lms_id("moodle").lower())
            if k is None:
                report.left_out.append(LeftOut(r.row, r.who, "not in the Moodle roster"))
            else:
                matched.append((k, r))
        for k, r in _drop_duplicates(matched, "roster row", report):
            value = roster_rows[k][1][columns[field]].strip()
            if not value:
                report.left_out.append(LeftOut(r.row, r.who, f"the roster has no {field} for "
                                               f"this student (row {roster_rows[k][0]})"))
            else:
                pairs.append((value, r))
        if missing_zero:
            done = {v.lower() for v, _ in pairs} | {
                roster_rows[k][1][columns[field]].strip().lower() for k, _ in matched}
            for _, record in roster_rows:
                value = record[columns[field]].strip()
                if value and value.lower() not in done:
                    pairs.append((value, None))  # type: ignore[arg-type]
                    done.add(value.lower())
    else:
        keyed = []
        for r in rows:
            value = r.lms_id("moodle") if field == "id" else (r.student if r.valid_student
                                                              else None)
            if not value:
                why = ("no moodle:<id> user in grades.csv" if field == "id"
                       else "no valid student id")
                report.left_out.append(LeftOut(r.row, r.who, why))
            else:
                keyed.append((value, r))
        pairs = _drop_duplicates(keyed, field, report)
    table = [[field, item]]
    for value, r in pairs:
        table.append([value, _fmt(r.points) if r is not None else "0"])
    report.written = sum(1 for _, r in pairs if r is not None)
    report.notes.append(f"in Moodle's import map the column {field!r} to the user field "
                        f"{_MOODLE_MAP_TO[field]!r} and {item!r} to the set's grade item "
                        f"(its maximum grade should be {_fmt(grades.max_total)})")
    _write_atomic(out, _csv_text(table), (grades.path, roster))
    return report


# -- generic -------------------------------------------------------------------------------------
GENERIC_HEADER = ("student", "name", "lms_user", "points", "max_points", "percent")


def export_generic(grades: GradesTable, out: Path | str, set_name: str, partial: bool = False
                   ) -> ExportReport:
    """``student,name,lms_user,points,max_points,percent,<question columns>,file`` per counted
    row (a row with neither a student id nor an LMS user is left out and listed)."""
    out = Path(out)
    report = ExportReport("a generic CSV", out, set_name, "points", grades.max_total)
    rows = _candidates(grades, set_name, partial, report)
    keyed = []
    for r in rows:
        if not r.student and not r.lms_user:
            report.left_out.append(LeftOut(r.row, r.who, "no student id and no LMS user"))
        else:
            keyed.append((r.student or r.lms_user, r))
    kept = _drop_duplicates(keyed, "student", report)
    table = [[*GENERIC_HEADER, *grades.questions, "file"]]
    for _, r in kept:
        percent = 100 * r.points / grades.max_total if grades.max_total else 0.0
        table.append([r.student, r.name, r.lms_user, _fmt(r.points), _fmt(grades.max_total),
                      f"{percent:.2f}",
                      *("" if r.scores[q] is None else _fmt(r.scores[q]) for q in grades.questions),
                      r.file])
    report.written = len(kept)
    _write_atomic(out, _csv_text(table), (grades.path,))
    return report


# -- command line (wired into platformlab-assign as ``export``) ----------------------------------
def add_export_arguments(parser: Any) -> None:
    """The options of ``platformlab-assign export`` (an :mod:`argparse` sub-parser)."""
    parser.add_argument("set", help="the exercise set, e.g. intro")
    parser.add_argument("graded", help="the folder written by platformlab-assign grade "
                        "(or its grades.csv)")
    parser.add_argument("--to", required=True, choices=("canvas", "moodle", "csv"),
                        help="the format: canvas (needs --gradebook), moodle, or a generic csv")
    parser.add_argument("--out", required=True, help="the file to write (replaced whole)")
    parser.add_argument("--gradebook", help="canvas: your gradebook export (Grades > Export)")
    parser.add_argument("--column", help="canvas: the assignment column to fill, e.g. "
                        "'Exercise set intro (4567)'; default: a new 'Exercise set: <set>'")
    parser.add_argument("--moodle-field", default="idnumber", choices=MOODLE_FIELDS,
                        help="moodle: the user field of the first column (default idnumber)")
    parser.add_argument("--item", help="moodle: the grade column's name "
                        "(default 'Exercise set <set>')")
    parser.add_argument("--roster", help="moodle: a participants export; only its users are "
                        "written")
    parser.add_argument("--missing-zero", action="store_true",
                        help="canvas/moodle: 0 for students without a submission (default: "
                        "left empty / not written)")
    parser.add_argument("--partial", action="store_true",
                        help="export even if hand-marked questions are not marked yet "
                        "(their points are missing from the total)")


def run_export(args: Any) -> int:
    """Run ``platformlab-assign export`` from parsed arguments; print the report; return 0."""
    grades = read_grades(args.graded)
    if args.to == "canvas":
        if not args.gradebook:
            raise ExportError("--to canvas needs --gradebook <your Canvas gradebook export>")
        report = export_canvas(grades, args.gradebook, args.out, args.set, column=args.column,
                               partial=args.partial, missing_zero=args.missing_zero)
    elif args.to == "moodle":
        report = export_moodle(grades, args.out, args.set, field=args.moodle_field,
                               item=args.item, roster=args.roster, partial=args.partial,
                               missing_zero=args.missing_zero)
    else:
        report = export_generic(grades, args.out, args.set, partial=args.partial)
    print(report.summary())
    return 0
