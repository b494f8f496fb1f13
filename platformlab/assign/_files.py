"""Reading and writing the instructor's CSV files: one place for encodings, delimiters and
atomic writes (used by grading, marks, rosters, exports and the Gradescope results).

LMS exports come as UTF-8 (with or without a byte-order mark), as UTF-16 with a BOM
(Blackboard's Grade Centre download), comma-, semicolon- (decimal-comma locales) or
tab-separated. :func:`read_table` accepts all of these; :func:`write_atomic` writes a file whole
or not at all (a temporary file in the same folder, flushed to disk, then renamed over the
target), so an error never leaves a half-written file.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from pathlib import Path
from typing import Any

__all__ = ["TableError", "read_table", "decode", "csv_text", "write_atomic", "requirement_lines"]


class TableError(ValueError):
    """A CSV file cannot be read; the message names the file, row and column."""


def decode(path: Path, raw: bytes, error: type[ValueError] = TableError) -> str:
    """The text of a file: UTF-16 if it starts with a UTF-16 byte-order mark, else UTF-8
    (a UTF-8 BOM is dropped); ``error`` names the row and column of a byte that is not UTF-8."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as err:
            raise error(f"{path}: not valid UTF-16 text (byte {err.start})") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        before = raw[: err.start]
        line = before.count(b"\n") + 1
        column = before.rsplit(b"\n", 1)[-1].count(b",") + 1
        raise error(f"{path}: row {line}, column {column}: not UTF-8 text (byte {err.start}); "
                    "save the file as CSV UTF-8") from None


def delimiter_of(header: str) -> str:
    """The delimiter a header line uses: the most frequent of comma, semicolon and tab."""
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


def read_table(path: Path | str, error: type[ValueError] = TableError,
               delimiter: str | None = None) -> tuple[list[list[str]], str]:
    """(rows, delimiter) of a CSV file in any of the encodings and delimiters above.

    Trailing blank lines are dropped. ``error`` (a ValueError subclass) is raised with a message
    naming the file, and the row for malformed CSV.
    """
    path = Path(path)
    if not path.is_file():
        raise error(f"{path} not found")
    text = decode(path, path.read_bytes(), error)
    delimiter = delimiter or delimiter_of(text.split("\n", 1)[0])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[list[str]] = []
    try:
        for record in reader:
            rows.append(record)
    except csv.Error as err:
        raise error(f"{path}: row {len(rows) + 1}, column 1: not valid CSV ({err})") from None
    while rows and not any(cell.strip() for cell in rows[-1]):
        rows.pop()
    return rows, delimiter


def csv_text(rows: list[list[Any]], delimiter: str = ",", newline: str = "\n") -> str:
    """CSV text of ``rows`` (minimal quoting)."""
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator=newline).writerows(rows)
    return buf.getvalue()


def write_atomic(path: Path | str, text: str, bom: bool = False, durable: bool = True) -> None:
    """Write ``text`` (UTF-8, with a BOM if asked) to ``path`` whole or not at all.

    ``durable`` also flushes the file to disk before the rename (a few milliseconds): worth it
    for grades and exports, not for each of a thousand feedback files."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
            handle.write(text)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def requirement_lines(path: Path | str) -> list[str]:
    """The requirement lines of a pip requirements file (comments and blank lines dropped)."""
    lines = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            lines.append(line)
    return lines
