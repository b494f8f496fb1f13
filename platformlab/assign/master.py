"""Read an exercise master, list its questions and strip its solutions.

A master (``exercises/source/<set>.ipynb``) is an ordinary notebook with nbgrader's markers:

* code between ``### BEGIN SOLUTION`` and ``### END SOLUTION`` is the solution; in the student
  version it becomes ``answer_qN = ...  # YOUR ANSWER HERE`` in a graded cell (so the notebook
  still runs top to bottom and says "not attempted"), ``# YOUR CODE HERE`` elsewhere;
* a graded cell carries ``metadata.platformlab = {"id": "q1", "kind": "number", "points": 2,
  ...}``; ``kind`` is one of :data:`platformlab.exercises.answers.KINDS`;
* a ``free_text`` question is a markdown cell whose whole text becomes ``YOUR ANSWER HERE``;
  its ``rubric`` stays in the master (the grader exports it with the answers);
* ``metadata.platformlab.set`` at notebook level names the set.

nbgrader
--------
A master is also an nbgrader source notebook that nbgrader 0.9 accepts unchanged
(``nbgrader generate_assignment`` / ``autograde``). Its ``metadata.nbgrader`` (schema 3) is
derived from ``metadata.platformlab`` by :func:`nbgrader_metadata` and checked by
:func:`nbgrader_problems` whenever a master is read, so the two cannot drift apart:

* an automatic question's answer cell is an nbgrader *solution* cell without points
  (``solution: true, grade: false, locked: false, grade_id: "q1"``);
* right after it comes a locked *hidden test* cell (cell id ``q1-test``, ``metadata.platformlab
  = {"test": "q1"}``, ``metadata.nbgrader = {grade: true, solution: false, locked: true,
  points: <the question's points>, grade_id: "q1-test"}``) whose whole source is a
  ``### BEGIN HIDDEN TESTS`` region calling :func:`platformlab.assign.hidden_tests.check_answer`
  with the answer variable and ``STUDENT_ID``: it judges with the installed key, not with the
  notebook's ``ex.check``. The build skips these cells and the student version leaves them out;
* the ``free_text`` markdown cell is an nbgrader manually graded answer (``solution: true,
  grade: true, points: <points>, task: false``);
* every other cell holding a solution region (a plot, a helper) is a solution cell without
  points, with its cell id as ``grade_id``.

So nbgrader counts exactly the master's points: the automatic ones through the hidden tests,
the free-text one for manual grading.

Master-only metadata (``rubric``, ``synonyms``, the ``nbgrader`` block) and the hidden test
cells never reach the student version.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import nbformat

from platformlab.exercises.answers import KINDS

__all__ = ["MasterError", "BEGIN", "END", "HIDDEN_BEGIN", "HIDDEN_END", "read_master",
           "masters_in", "question_specs", "student_version", "PUBLIC_FIELDS", "is_hidden_test",
           "hidden_test_source", "nbgrader_metadata", "nbgrader_problems", "nbgrader_release"]

BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
HIDDEN_BEGIN, HIDDEN_END = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"
#: nbgrader's cell metadata schema version written into the masters.
NBGRADER_SCHEMA = 3
_GRADE_ID = re.compile(r"[A-Za-z0-9_-]+")
_MARKER = re.compile(r"^([ \t]*)### (BEGIN|END) SOLUTION[ \t]*$")
#: Where a master names its own set besides its metadata: the ``start("<set>", ...)`` call of its
#: setup cell, and the file name students are told to upload (``<your id>_<set>.ipynb``).
_OWN_NAME = (re.compile(r"\bstart\(\s*(?:set_name\s*=\s*)?[\"']([^\"']*)[\"']"),
             re.compile(r"<your id>_([A-Za-z0-9_]*)\.ipynb"))
#: Question fields copied into the key file and the student notebook's cell metadata.
PUBLIC_FIELDS = ("id", "kind", "points", "answer_var", "cell_id", "tolerance", "options", "shape",
                 "cases", "hint")
_CELL_FIELDS = ("id", "kind", "points")


class MasterError(ValueError):
    """A master notebook is missing or malformed; the message names the file and the cell."""


def masters_in(folder: Path) -> str:
    """The sets whose masters are in ``folder``, for a message: ``"intro, matching"`` or
    ``"none"``."""
    return ", ".join(p.stem for p in sorted(Path(folder).glob("*.ipynb"))) or "none"


def read_master(path: Path) -> nbformat.NotebookNode:
    """Read and validate a master notebook; :class:`MasterError` if it is missing or invalid."""
    if not path.is_file():
        raise MasterError(f"master notebook {path} not found (masters there: "
                          f"{masters_in(path.parent)})")
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception as err:  # noqa: BLE001 - nbformat raises several types
        raise MasterError(f"{path}: not a readable notebook ({err})") from None
    set_name = nb.metadata.get("platformlab", {}).get("set")
    if set_name != path.stem:
        raise MasterError(f"{path}: metadata.platformlab.set must be {path.stem!r}; got {set_name!r}")
    wrong = [f"cell {cell.get('id', '?')} names set {match.group(1)!r} ({match.group(0)!r})"
             for cell in nb.cells for pattern in _OWN_NAME for match in pattern.finditer(cell.source)
             if match.group(1) != set_name]
    if wrong:
        raise MasterError(
            f"{path}: " + "; ".join(wrong) + f". A master names its own set, {set_name!r}, "
            "everywhere (a copied master keeps the old name; its cell ids may stay as they are)")
    question_specs(nb, path)  # validates the questions
    problems = nbgrader_problems(nb)
    if problems:
        raise MasterError(f"{path}: nbgrader metadata out of step with metadata.platformlab "
                          f"(run tools/nbgrader_metadata.py): " + "; ".join(problems))
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
        if kind == "function":
            from platformlab.exercises.functions import QUESTIONS

            if meta.get("cases") not in QUESTIONS:
                raise MasterError(f"{place}: a function question needs 'cases', one of "
                                  f"{sorted(QUESTIONS)}; got {meta.get('cases')!r}")
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
    """The student notebook: solutions replaced, hidden test cells, master-only metadata and
    outputs removed."""
    nb = copy.deepcopy(master)
    nb.cells = [cell for cell in nb.cells if not is_hidden_test(cell)]
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


# -- nbgrader ---------------------------------------------------------------------------------


def is_hidden_test(cell: Any) -> bool:
    """True for a master's hidden test cell (``metadata.platformlab.test`` or hidden tests)."""
    meta = cell.get("metadata", {}).get("platformlab")
    return (isinstance(meta, dict) and "test" in meta) or HIDDEN_BEGIN in cell.get("source", "")


def _test_of(cell: Any) -> str | None:
    meta = cell.get("metadata", {}).get("platformlab")
    return meta.get("test") if isinstance(meta, dict) else None


def hidden_test_source(set_name: str, spec: dict[str, Any]) -> str:
    """The source of the hidden test cell of an automatic question."""
    var = spec.get("answer_var", f"answer_{spec['id']}")
    return "\n".join([
        HIDDEN_BEGIN,
        f"# {spec['points']} point{'' if spec['points'] == 1 else 's'} if {var} is right "
        "for the variant of STUDENT_ID "
        "(judged with the installed key).",
        "from platformlab.assign.hidden_tests import check_answer",
        f'check_answer("{set_name}", "{spec["id"]}", {var}, STUDENT_ID)',
        HIDDEN_END,
    ])


def _solution_meta(grade_id: str) -> dict[str, Any]:
    return {"grade": False, "grade_id": grade_id, "locked": False,
            "schema_version": NBGRADER_SCHEMA, "solution": True}


def _manual_meta(spec: dict[str, Any]) -> dict[str, Any]:
    return {"grade": True, "grade_id": spec["id"], "locked": False, "points": spec["points"],
            "schema_version": NBGRADER_SCHEMA, "solution": True, "task": False}


def _test_meta(spec: dict[str, Any]) -> dict[str, Any]:
    return {"grade": True, "grade_id": f"{spec['id']}-test", "locked": True,
            "points": spec["points"], "schema_version": NBGRADER_SCHEMA, "solution": False}


def _wanted_nbgrader(cell: Any) -> dict[str, Any] | None:
    """The nbgrader metadata a (non-test) cell of a master should carry, or None."""
    meta = _spec(cell)
    if meta is not None:
        return _manual_meta(meta) if meta["kind"] == "free_text" else _solution_meta(meta["id"])
    if BEGIN in cell.source or END in cell.source:
        return _solution_meta(cell.get("id") or "")
    return None


def nbgrader_metadata(master: Any) -> nbformat.NotebookNode:
    """A copy of ``master`` with the nbgrader metadata and hidden test cells it should have.

    Derived from ``metadata.platformlab`` only (see the module docstring); existing hidden test
    cells are replaced, everything else (sources, outputs, cell ids) is kept. Applying it
    twice changes nothing; :func:`nbgrader_problems` of the result is empty.
    """
    nb = copy.deepcopy(master)
    set_name = nb.metadata["platformlab"]["set"]
    specs = {s["id"]: s for s in question_specs(nb)}
    cells = []
    for cell in nb.cells:
        if is_hidden_test(cell):
            continue
        wanted = _wanted_nbgrader(cell)
        if wanted is None:
            cell.metadata.pop("nbgrader", None)
        else:
            cell.metadata["nbgrader"] = wanted
        cells.append(cell)
        meta = _spec(cell)
        if meta is not None and meta["kind"] != "free_text":
            spec = specs[meta["id"]]
            cells.append(nbformat.v4.new_code_cell(
                hidden_test_source(set_name, spec), id=f"{spec['id']}-test",
                metadata={"nbgrader": _test_meta(spec), "platformlab": {"test": spec["id"]}}))
    nb.cells = cells
    return nb


def nbgrader_problems(nb: Any) -> list[str]:
    """What keeps a master from being an nbgrader source notebook worth its points.

    Checks, against ``metadata.platformlab``: each question's nbgrader metadata; a hidden test
    cell, with the expected id, metadata and source, right after each automatic question (and
    none elsewhere); every cell holding a solution region is a solution cell; grade ids are
    unique and valid; nbgrader's points add up to the master's. Returns one line per problem
    (empty: nbgrader 0.9 accepts the master and counts its points).
    """
    try:
        specs = {s["id"]: s for s in question_specs(nb)}
        set_name = nb.metadata["platformlab"]["set"]
    except (MasterError, KeyError, TypeError) as err:
        return [f"not a valid master ({err})"]
    problems: list[str] = []
    grade_ids: dict[str, str] = {}
    nbgrader_points = 0.0
    for index, cell in enumerate(nb.cells):
        where = f"cell {index} ({cell.get('id')})"
        have = cell.get("metadata", {}).get("nbgrader")
        qid = _test_of(cell)
        if is_hidden_test(cell):
            spec = specs.get(qid) if isinstance(qid, str) else None
            if spec is None or spec["kind"] == "free_text":
                problems.append(f"{where}: a hidden test cell must name an automatic question "
                                f"in metadata.platformlab.test; got {qid!r}")
                continue
            wanted = _test_meta(spec)
            previous = nb.cells[index - 1] if index else None
            if previous is None or (_spec(previous) or {}).get("id") != qid:
                problems.append(f"{where}: the hidden test of {qid!r} must come right after "
                                "its answer cell")
            if cell.get("id") != f"{qid}-test":
                problems.append(f"{where}: the hidden test of {qid!r} must have cell id "
                                f"{qid + '-test'!r}")
            if cell.cell_type != "code" or cell.source != hidden_test_source(set_name, spec):
                problems.append(f"{where}: the hidden test of {qid!r} must be the code cell "
                                f"tools/nbgrader_metadata.py writes, calling check_answer("
                                f"{set_name!r}, {qid!r}, ...)")
        else:
            wanted = _wanted_nbgrader(cell)
            meta = _spec(cell)
            if meta is None and cell.cell_type == "markdown" and wanted is not None:
                problems.append(f"{where}: a solution region in a markdown cell must be a "
                                "free_text question (nbgrader grades it by hand)")
            if meta is not None and meta["kind"] != "free_text":
                following = nb.cells[index + 1] if index + 1 < len(nb.cells) else None
                if following is None or _test_of(following) != meta["id"]:
                    problems.append(f"{where}: question {meta['id']!r} needs its hidden test "
                                    f"cell ({meta['id']}-test) right after it")
        if have != wanted:
            what = ("no metadata.nbgrader" if wanted is None
                    else f"metadata.nbgrader {json.dumps(wanted, sort_keys=True)}")
            problems.append(f"{where}: needs {what}; has {json.dumps(have, sort_keys=True)}")
        if not isinstance(have, dict):
            continue
        grade_id = have.get("grade_id")
        if not isinstance(grade_id, str) or not _GRADE_ID.fullmatch(grade_id):
            problems.append(f"{where}: nbgrader grade_id must be letters, digits, '_' or '-'; "
                            f"got {grade_id!r}")
        elif grade_id in grade_ids:
            problems.append(f"{where}: nbgrader grade_id {grade_id!r} is also used by "
                            f"{grade_ids[grade_id]}")
        else:
            grade_ids[grade_id] = where
        if have.get("grade"):
            nbgrader_points += float(have.get("points") or 0)
    points = float(sum(s["points"] for s in specs.values()))
    if not problems and nbgrader_points != points:
        problems.append(f"nbgrader counts {nbgrader_points:g} points; the questions are worth "
                        f"{points:g}")
    return problems


def nbgrader_release(nb: Any, resources: Any = None) -> tuple[Any, Any]:
    """An nbgrader preprocessor (a plain function) that keeps master-only metadata out of the
    released notebook: ``metadata.platformlab`` of each cell is cut down to ``id``, ``kind``,
    ``points`` and ``test``, so no ``rubric``, ``synonyms`` (accepted answers) or hints reach
    students. nbgrader copies cell metadata into ``release/`` as it is; add this to the end of
    ``c.GenerateAssignment.preprocessors`` in ``nbgrader_config.py`` (see the instructor guide).
    """
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("platformlab")
        if isinstance(meta, dict):
            cell.metadata["platformlab"] = {k: meta[k] for k in (*_CELL_FIELDS, "test")
                                            if k in meta}
    return nb, resources
