"""Read an exercise master, list its questions and strip its solutions.

A master (``exercises/source/<set>.ipynb``) is an ordinary notebook with nbgrader's markers:

* code between ``### BEGIN SOLUTION`` and ``### END SOLUTION`` is the solution; in the student
  version it becomes ``answer_qN = ...  # YOUR ANSWER HERE`` in a graded cell (so the notebook
  still runs top to bottom and says "not attempted"), ``# YOUR CODE HERE`` elsewhere;
* a graded cell carries ``metadata.platformlab = {"id": "q1", "kind": "number", "points": 2,
  ...}`` (and the equivalent ``metadata.nbgrader``); ``kind`` is one of
  :data:`platformlab.exercises.answers.KINDS`;
* a ``free_text`` question is a markdown cell whose whole text becomes ``YOUR ANSWER HERE``;
  its ``rubric`` stays in the master (the grader exports it with the answers);
* ``metadata.platformlab.set`` at notebook level names the set.

Master-only metadata (``rubric``, ``synonyms``, the ``nbgrader`` block) never reaches the
student version.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import nbformat

from platformlab.exercises.answers import KINDS

__all__ = ["MasterError", "BEGIN", "END", "read_master", "question_specs", "student_version",
           "PUBLIC_FIELDS"]

BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
_MARKER = re.compile(r"^([ \t]*)### (BEGIN|END) SOLUTION[ \t]*$")
#: Question fields copied into the key file and the student notebook's cell metadata.
PUBLIC_FIELDS = ("id", "kind", "points", "answer_var", "cell_id", "tolerance", "options", "shape",
                 "hint")
_CELL_FIELDS = ("id", "kind", "points")


class MasterError(ValueError):
    """A master notebook is missing or malformed; the message names the file and the cell."""


def read_master(path: Path) -> nbformat.NotebookNode:
    """Read and validate a master notebook; :class:`MasterError` if it is missing or invalid."""
    if not path.is_file():
        raise MasterError(f"master notebook {path} not found")
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception as err:  # noqa: BLE001 - nbformat raises several types
        raise MasterError(f"{path}: not a readable notebook ({err})") from None
    set_name = nb.metadata.get("platformlab", {}).get("set")
    if set_name != path.stem:
        raise MasterError(f"{path}: metadata.platformlab.set must be {path.stem!r}; got {set_name!r}")
    question_specs(nb, path)  # validates the questions
    return nb


def _spec(cell: Any) -> dict[str, Any] | None:
    meta = cell.get("metadata", {}).get("platformlab")
    if not isinstance(meta, dict) or meta.get("kind") not in KINDS:
        return None
    return meta


def question_specs(nb: Any, where: Path | str = "master") -> list[dict[str, Any]]:
    """The questions of a master, in notebook order, with ``answer_var`` filled in.

    Raises :class:`MasterError` for a duplicated id, a missing field or a kind/cell mismatch.
    """
    specs, seen = [], set()
    for index, cell in enumerate(nb.cells):
        meta = _spec(cell)
        if meta is None:
            continue
        qid = meta.get("id")
        place = f"{where}: cell {index} ({qid!r})"
        if not isinstance(qid, str) or not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", qid):
            raise MasterError(f"{place}: question id must be an identifier such as 'q1'")
        if qid in seen:
            raise MasterError(f"{place}: question id {qid!r} is used twice")
        seen.add(qid)
        points = meta.get("points")
        if not isinstance(points, (int, float)) or isinstance(points, bool) or points <= 0:
            raise MasterError(f"{place}: 'points' must be a positive number; got {points!r}")
        kind = meta["kind"]
        wanted_type = "markdown" if kind == "free_text" else "code"
        if cell.cell_type != wanted_type:
            raise MasterError(f"{place}: a {kind} question must be a {wanted_type} cell")
        if kind in ("number", "vector", "table") and "tolerance" not in meta:
            raise MasterError(f"{place}: a {kind} question needs a 'tolerance'")
        if kind == "choice" and not meta.get("options"):
            raise MasterError(f"{place}: a choice question needs 'options'")
        if kind in ("vector", "table") and not meta.get("shape"):
            raise MasterError(f"{place}: a {kind} question needs a 'shape'")
        if BEGIN not in cell.source:
            raise MasterError(f"{place}: a graded cell needs a {BEGIN!r} region")
        spec = dict(meta)
        spec.setdefault("answer_var", f"answer_{qid}")
        spec["cell_id"] = cell.get("id")
        specs.append(spec)
    if not specs:
        raise MasterError(f"{where}: no graded cells (metadata.platformlab with id, kind, points)")
    return specs


def public_spec(spec: dict[str, Any]) -> dict[str, Any]:
    """The part of a question spec that students may see (no rubric, no synonyms)."""
    out = {k: spec[k] for k in PUBLIC_FIELDS if k in spec}
    if "options" in out:
        out["options"] = [{"label": o["label"]} for o in out["options"]]
    return out


def _strip_code(source: str, replacement: str, where: str) -> str:
    out, inside, indent = [], False, ""
    for line in source.splitlines():
        m = _MARKER.match(line)
        if m and m.group(2) == "BEGIN":
            if inside:
                raise MasterError(f"{where}: {BEGIN!r} inside another solution region")
            inside, indent = True, m.group(1)
            out.append(indent + replacement)
        elif m:
            if not inside:
                raise MasterError(f"{where}: {END!r} without {BEGIN!r}")
            inside = False
        elif not inside:
            out.append(line)
    if inside:
        raise MasterError(f"{where}: {BEGIN!r} without {END!r}")
    return "\n".join(out)


def solution_regions(source: str) -> list[str]:
    """The text inside each solution region of a cell's source (for leak checks)."""
    return [m.strip() for m in re.findall(
        r"### BEGIN SOLUTION[^\n]*\n(.*?)\n[ \t]*### END SOLUTION", source, flags=re.S)]


def student_version(master: Any) -> nbformat.NotebookNode:
    """The student notebook: solutions replaced, master-only metadata and outputs removed."""
    nb = copy.deepcopy(master)
    set_name = nb.metadata["platformlab"]["set"]
    for index, cell in enumerate(nb.cells):
        where = f"master {set_name!r}: cell {index} ({cell.get('id')})"
        meta = _spec(cell)
        cell.metadata.pop("nbgrader", None)
        if meta is not None:
            cell.metadata["platformlab"] = {k: meta[k] for k in _CELL_FIELDS}
        if cell.cell_type == "code":
            if BEGIN in cell.source or END in cell.source:
                var = (meta or {}).get("answer_var", f"answer_{meta['id']}") if meta else None
                replacement = f"{var} = ...  # YOUR ANSWER HERE" if var else "# YOUR CODE HERE"
                cell.source = _strip_code(cell.source, replacement, where)
            cell.outputs = []
            cell.execution_count = None
        elif cell.cell_type == "markdown" and (BEGIN in cell.source or END in cell.source):
            if meta is None:
                cell.source = _strip_code(cell.source, "YOUR ANSWER HERE", where)
            else:
                cell.source = "YOUR ANSWER HERE"
    nb.metadata["platformlab"] = {"set": set_name,
                                  "title": master.metadata["platformlab"].get("title", set_name)}
    return nb
