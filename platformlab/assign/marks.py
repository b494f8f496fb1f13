"""Merge hand-entered marks of free-text questions into ``grades.csv``.

After ``platformlab-assign grade``, ``graded/free_text.csv`` lists each counted submission's
free-text answers with the rubric and an empty ``points`` column. Type the marks there (any
spreadsheet; keep it CSV), then::

    platformlab-assign marks graded/            # merge; refuses to change a different mark
    platformlab-assign marks graded/ --replace  # ... or replace it, saying which

Every mark is checked before anything is written: a number within 0..max points, a file and
student that ``grades.csv`` has (and counts), a free-text question of the set, one mark per
file and question. Any problem stops the merge with one message naming the file, row and
column; ``grades.csv`` is only replaced (atomically) when every mark is good. A mark that
differs from one already in ``grades.csv`` is never overwritten without ``--replace``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

from platformlab.assign._files import csv_text, read_table, write_atomic

__all__ = ["MarksError", "MarksReport", "merge_marks", "read_grades_rows"]


class MarksError(ValueError):
    """A marks file or grades file is malformed; the message names file, row and column."""


@dataclass
class MarksReport:
    """What :func:`merge_marks` did."""

    merged: int = 0
    unchanged: int = 0
    replaced: list[str] = field(default_factory=list)
    not_marked: list[str] = field(default_factory=list)
    path: Path | None = None

    def summary(self) -> str:
        lines = [f"merged {self.merged} mark(s) into {self.path}; {self.unchanged} already there"]
        if self.replaced:
            lines.append(f"replaced {len(self.replaced)} different mark(s):")
            lines += [f"  {r}" for r in self.replaced]
        if self.not_marked:
            lines.append(f"{len(self.not_marked)} answer(s) have no mark yet: "
                         + ", ".join(self.not_marked[:10])
                         + (" ..." if len(self.not_marked) > 10 else ""))
        else:
            lines.append("every free-text answer of a counted submission is marked")
        return "\n".join(lines)


def _read_csv(path: Path) -> list[list[str]]:
    if not path.is_file():
        raise MarksError(f"{path} not found (run platformlab-assign grade first)")
    return read_table(path, MarksError)[0]


def read_grades_rows(path: Path) -> tuple[list[str], list[list[str]], list[str]]:
    """(header, rows including the max row, free-text question ids) of a grades.csv."""
    from platformlab.assign.grade import GRADES_COLUMNS, GRADES_TAIL

    rows = _read_csv(path)
    if len(rows) < 2:
        raise MarksError(f"{path}: row 2: needs a header and a 'max points' row")
    header = rows[0]
    n_id, n_tail = len(GRADES_COLUMNS), len(GRADES_TAIL)
    if tuple(header[:n_id]) != GRADES_COLUMNS or tuple(header[-n_tail:]) != GRADES_TAIL:
        raise MarksError(f"{path}: row 1: not a grades.csv of platformlab-assign grade "
                         f"(expected columns {', '.join(GRADES_COLUMNS)}, questions, "
                         f"{', '.join(GRADES_TAIL)})")
    for number, row in enumerate(rows[1:], start=2):
        if len(row) != len(header):
            raise MarksError(f"{path}: row {number}: {len(row)} cells, the header has "
                             f"{len(header)} columns")
    if rows[1][0] != "max points":
        raise MarksError(f"{path}: row 2, column 'student': expected 'max points'")
    note = rows[1][header.index("problems")]
    manual = note.removeprefix("manual:").split() if note.startswith("manual:") else []
    return header, rows[1:], manual


def _number(text: str, where: str) -> float:
    try:
        value = float(text.strip().replace(",", "."))
    except ValueError:
        raise MarksError(f"{where}: {text!r} is not a number") from None
    if not math.isfinite(value):
        raise MarksError(f"{where}: {text!r} is not a finite number")
    return value


def _fmt(x: float) -> str:
    return f"{x:g}"


def merge_marks(graded: Path | str, replace: bool = False,
                marks_file: Path | str | None = None) -> MarksReport:
    """Merge the ``points`` of ``free_text.csv`` into ``grades.csv`` in the folder ``graded``.

    Raises :class:`MarksError` (nothing written) for any bad mark, an unknown file, student or
    question, a duplicated mark, or a different existing mark without ``replace``.
    """
    graded = Path(graded)
    grades_path = graded / "grades.csv"
    marks_path = Path(marks_file) if marks_file else graded / "free_text.csv"
    header, rows, manual = read_grades_rows(grades_path)
    max_row, body = rows[0], rows[1:]
    col = {name: i for i, name in enumerate(header)}
    by_file = {row[col["file"]]: row for row in body}

    marks = _read_csv(marks_path)
    if not marks:
        raise MarksError(f"{marks_path}: row 1: empty file (no header)")
    mhead = [h.strip() for h in marks[0]]
    for needed in ("file", "question", "points", "student"):
        if needed not in mhead:
            raise MarksError(f"{marks_path}: row 1: no column {needed!r} "
                             f"(columns: {', '.join(mhead)})")
    mcol = {name: i for i, name in enumerate(mhead)}
    report = MarksReport(path=grades_path)
    seen: dict[tuple[str, str], int] = {}
    conflicts = []
    for number, row in enumerate(marks[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(mhead):
            raise MarksError(f"{marks_path}: row {number}: {len(row)} cells, the header has "
                             f"{len(mhead)} columns")
        file, qid = row[mcol["file"]].strip(), row[mcol["question"]].strip()
        where = f"{marks_path}: row {number}"
        if qid not in manual:
            raise MarksError(f"{where}, column 'question': {qid!r} is not a free-text question "
                             f"of this set ({', '.join(manual) or 'none'})")
        if file not in by_file:
            raise MarksError(f"{where}, column 'file': {file!r} is not a row of {grades_path}")
        target = by_file[file]
        student = row[mcol["student"]].strip()
        if student != target[col["student"]]:
            raise MarksError(f"{where}, column 'student': {student!r}, but {grades_path} has "
                             f"{target[col['student']]!r} for {file}; correct the id in "
                             "grades.csv's file, not here")
        if target[col["counted"]] != "yes":
            raise MarksError(f"{where}, column 'file': {file} is not counted (superseded or not "
                             "a notebook); mark the student's counted file")
        if (file, qid) in seen:
            raise MarksError(f"{where}, column 'question': a second mark for {file} {qid} "
                             f"(the first is row {seen[(file, qid)]})")
        seen[(file, qid)] = number
        text = row[mcol["points"]].strip()
        if not text:
            report.not_marked.append(f"{student or file} {qid}")
            continue
        value = _number(text, f"{where}, column 'points'") + 0.0  # -0 is 0
        top = _number(max_row[col[qid]], f"{grades_path}: row 2, column {qid!r}")
        if not 0 <= value <= top:
            raise MarksError(f"{where}, column 'points': {text} is outside 0..{top:g} "
                             f"(the points of {qid})")
        old = target[col[qid]].strip()
        if old and float(old) == value:
            report.unchanged += 1
            continue
        if old and not replace:
            conflicts.append(f"{where}: {file} {qid} is {old} in grades.csv, {text} here")
            continue
        if old:
            report.replaced.append(f"{file} {qid}: {old} -> {_fmt(value)}")
        target[col[qid]] = _fmt(value)
        report.merged += 1
    if conflicts:
        raise MarksError(f"{len(conflicts)} mark(s) differ from marks already in {grades_path}; "
                         "nothing was written. Pass --replace to replace them:\n  "
                         + "\n  ".join(conflicts))
    qids = header[header.index("variant") + 1:header.index("total")]
    for row in body:
        row[col["total"]] = _fmt(sum(float(row[col[q]]) for q in qids if row[col[q]].strip()))
    write_atomic(grades_path, csv_text([header, max_row, *body]))
    return report
