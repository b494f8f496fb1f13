"""Where an exercise set's files live, and which variant a student id selects.

An exercise set ``name`` has three committed files under the exercises folder:

``exercises/<name>.ipynb``
    the student version (generated from ``exercises/source/<name>.ipynb``);
``exercises/variants/<name>.csv``
    the frozen table of variants: a ``variant`` column (``practice``, ``0``, ``1``, ...) and one
    column per parameter;
``exercises/keys/<name>.json``
    the question specs and, per variant and question, a salt and salted hashes (no answers).
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from pathlib import Path
from typing import Any

from platformlab import _resources

__all__ = [
    "PRACTICE",
    "ID_PATTERN",
    "SetError",
    "exercises_dir",
    "normalise_id",
    "variant_index",
    "read_variants",
    "read_key",
    "check_key_fits_table",
    "list_sets",
]

#: Label of the practice variant (the row used without a valid student id).
PRACTICE = "practice"
#: What a normalised student id may look like.
ID_PATTERN = re.compile(r"[a-z0-9._-]{1,64}")
_SET_PATTERN = re.compile(r"[a-z][a-z0-9_]{0,40}")


class SetError(ValueError):
    """An exercise set is unknown, or one of its files is missing or malformed."""


def exercises_dir() -> Path:
    """The exercises folder: ``$PLATFORMLAB_EXERCISES`` if set, else the copy installed with the
    package, else the repository's ``exercises/`` (see :mod:`platformlab._resources`)."""
    return _resources.exercises_dir()


def _where(folder: Path | None = None, fix: str | None = None, *,
           fix_installed: bool = False) -> str:
    """Where the file was read, and the fix: the usual one (restore, reinstall, unset the
    variable) unless ``fix`` gives another, which applies to the copy installed with the package
    too only with ``fix_installed`` (a fix that is not about the file, such as a mistyped name)."""
    return " " + _resources.install_description("exercises", folder, fix=fix,
                                                fix_installed=fix_installed)


def _table_fix(set_name: str) -> str:
    """The fix for a variants table of the wrong form: correct it by hand."""
    return (f"correct the table, then check it with platformlab-assign variants {set_name} "
            f"--check (a table of the module's own sets: git checkout -- <file>)")


def check_set_name(name: Any) -> str:
    """Return ``name`` if it is a valid set name, else raise :class:`SetError` naming it."""
    if not isinstance(name, str) or not _SET_PATTERN.fullmatch(name):
        stem, dot, suffix = name.rpartition(".") if isinstance(name, str) else ("", "", "")
        stem = stem.rpartition("/")[2]
        hint = (f" (give the set's name, {stem!r}, not a file name)"
                if dot and suffix in ("ipynb", "csv", "json") and _SET_PATTERN.fullmatch(stem)
                else "")
        raise SetError(
            f"exercise set name must be lower-case letters, digits or '_' starting with a letter; "
            f"got {name!r}{hint}"
        )
    return name


def list_sets(folder: Path | None = None) -> list[str]:
    """Names of the sets that have a variants table."""
    folder = folder or exercises_dir()
    return sorted(p.stem for p in (folder / "variants").glob("*.csv"))


def normalise_id(student_id: Any) -> tuple[str | None, str | None]:
    """Normalise a student id (strip, lower-case) and validate it.

    Returns
    -------
    (str, None) or (None, str)
        The normalised id, or ``None`` and a message saying what is wrong with it.
    """
    if student_id is None:
        return None, "no student id given"
    if not isinstance(student_id, str):
        return None, f"the student id must be text in quotes, got {type(student_id).__name__}"
    norm = student_id.strip().lower()
    if not norm:
        return None, "the student id is empty"
    if not ID_PATTERN.fullmatch(norm):
        shown = norm if len(norm) <= 40 else norm[:37] + "..."
        return None, (
            f"the student id {shown!r} is not valid: use 1-64 letters, digits, '.', '_' or '-'"
        )
    return norm, None


def variant_index(set_name: str, normalised_id: str, n_variants: int) -> int:
    """``int(sha256(f"{set}:{id}"), 16) % n_variants``: the variant of a (normalised) id."""
    digest = hashlib.sha256(f"{set_name}:{normalised_id}".encode()).hexdigest()
    return int(digest, 16) % n_variants


def _typed(text: str) -> Any:
    if re.fullmatch(r"[+-]?\d+", text):
        return int(text)
    try:
        return float(text)
    except ValueError:
        return text


def _table_fault(rows: list[tuple[int, list[str]]]) -> str | None:
    """What is wrong with the form of a variants table (its non-blank ``(line, values)`` rows),
    as ``": ..."`` or ``", line N: ..."`` to follow the file's name; None if nothing is."""
    if not rows:
        return ": is empty; it needs a header line starting with 'variant', a 'practice' row " \
               "and rows numbered 0, 1, 2, ..."
    header = rows[0][1]
    for separator, name in ((";", "';'"), ("\t", "tabs")):
        if len(header) == 1 and separator in header[0]:
            return (f": its columns are separated by {name}, not ','; save it as CSV with "
                    "commas (in a spreadsheet: 'CSV UTF-8 (comma delimited)')")
    if len(header) > 1 and not header[-1].strip():
        return (": has columns with no name at the end of its header line (a spreadsheet's "
                "empty columns); delete them")
    if "variant" not in header:
        near = [name for name in header if name.strip().lower() == "variant"]
        if near:
            return f": the column {near[0]!r} must be named 'variant' (lower case, no spaces)"
        return f": needs a 'variant' column; its header line is {','.join(header)[:80]!r}"
    doubled = sorted({name for name in header if header.count(name) > 1})
    if doubled:
        return f": column {doubled[0]!r} appears twice"
    if not all(name.strip() for name in header):
        return f": column {[name.strip() for name in header].index('') + 1} has no name"
    if len(rows) == 1:
        return ": has a header but no rows; it needs a 'practice' row and rows 0, 1, 2, ..."
    expected, seen_practice = 0, False
    for number, line in rows[1:]:
        if len(line) != len(header):
            return f", line {number}: {len(line)} values for {len(header)} columns"
        empty = [name for name, value in zip(header, line) if not value.strip()]
        if empty:
            return f", line {number}: no value in column {empty[0]!r}"
        label = line[header.index("variant")]
        if label == PRACTICE and not seen_practice:
            seen_practice = True
        elif label == str(expected):
            expected += 1
        else:
            return (f", line {number}: variant {label!r} where "
                    f"{'practice or ' if not seen_practice else ''}{expected} comes next "
                    f"(variants must be 'practice' and 0, 1, 2, ... in order, each once)")
    if not seen_practice:
        return ": has no 'practice' row (variants must be 'practice' and 0, 1, 2, ... in order)"
    if expected == 0:
        return ": has only a 'practice' row; it needs rows numbered 0, 1, 2, ... too"
    return None


def read_variants(set_name: str, folder: Path | None = None) -> dict[str, dict[str, Any]]:
    """The variants table of a set, as ``{label: {parameter: value}}`` (``practice`` first).

    Integers and floats are converted; everything else stays text. Raises :class:`SetError`
    for an unknown set or a malformed table (no ``variant`` column, a column named twice, a row
    with too few or too many values or an empty cell, labels other than ``practice, 0, 1, ...``),
    naming the file and the line.
    """
    check_set_name(set_name)
    folder = folder or exercises_dir()
    path = folder / "variants" / f"{set_name}.csv"
    if not path.is_file():
        if (folder / "keys" / f"{set_name}.json").is_file():
            raise SetError(f"{path}: the variants table of set {set_name!r} is missing"
                           f"{_where(folder)}")
        known = ", ".join(list_sets(folder)) or "none"
        raise SetError(
            f"unknown exercise set {set_name!r}: {path} not found (known sets: {known})"
            f"{_where(folder, 'check the set name against the known sets', fix_installed=True)}"
        )
    try:
        # utf-8-sig: a table saved by Excel as "CSV UTF-8" starts with a byte-order mark;
        # blank lines (a trailing newline too many) are not rows
        with path.open(newline="", encoding="utf-8-sig") as fh:
            rows = [(reader.line_num, row) for reader in [csv.reader(fh)] for row in reader
                    if any(v.strip() for v in row)]
    except (UnicodeDecodeError, csv.Error) as err:
        raise SetError(f"{path}: cannot be read as UTF-8 CSV ({err}){_where(folder)}") from None
    fault = _table_fault(rows)
    if fault:
        raise SetError(f"{path}{fault}{_where(folder, _table_fix(set_name))}")
    header = rows[0][1]
    label = header.index("variant")
    return {line[label]: {k: _typed(v) for k, v in zip(header, line) if k != "variant"}
            for _, line in rows[1:]}


def read_key(set_name: str, folder: Path | None = None) -> dict[str, Any]:
    """The key file of a set (question specs, salts and hashes); :class:`SetError` if missing."""
    check_set_name(set_name)
    folder = folder or exercises_dir()
    path = folder / "keys" / f"{set_name}.json"
    try:
        key = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SetError(
            f"no key for exercise set {set_name!r}: {path} not found{_where(folder)}"
        ) from None
    except json.JSONDecodeError as err:
        raise SetError(
            f"{path}: not valid JSON ({err.msg}, line {err.lineno}){_where(folder)}"
        ) from None
    if not isinstance(key, dict) or key.get("set") != set_name or not isinstance(
        key.get("questions"), list
    ):
        raise SetError(f"{path}: is not the key of set {set_name!r}{_where(folder)}")
    return key


def check_key_fits_table(set_name: str, key: dict[str, Any], table: dict[str, Any],
                         folder: Path | None = None) -> None:
    """Raise :class:`SetError` unless the key was built from this variants table: the same
    number of variants. Otherwise the notebook would choose a student's variant from the table
    and the grader from the key, and judge the student against another variant's answers (a
    table changed after the key was built, or copied without it)."""
    folder = folder or exercises_dir()
    built_for, has = key.get("n_variants"), len(table) - 1
    if built_for != has:
        raise SetError(
            f"{folder / 'keys' / f'{set_name}.json'} was built for {built_for} variants, but "
            f"{folder / 'variants' / f'{set_name}.csv'} has {has}: build the key again from the "
            f"master (platformlab-assign build {set_name}) after changing the table"
            + _where(folder, f"run platformlab-assign build {set_name} where the master is; "
                     "for a private master, copy the new key and the table into the repository "
                     "together", fix_installed=True))


def variant_for(set_name: str, student_id: Any, n_variants: int) -> tuple[str, str | None, str | None]:
    """(variant label, normalised id or None, problem message or None) for a typed id."""
    norm, problem = normalise_id(student_id)
    if problem:
        return PRACTICE, None, problem
    return str(variant_index(set_name, norm, n_variants)), norm, None
