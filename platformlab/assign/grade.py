"""Grade a folder of submitted notebooks for one exercise set.

``platformlab-assign grade intro submissions/ --out graded/ [--roster roster.csv]`` reads every
file under ``submissions/`` (at any depth: LMS downloads, one folder per student, nbgrader's
``submitted/<user>/<assignment>/``) and writes into ``graded/``:

``grades.csv``
    a header, a ``max points`` row, then one row per file: ``student`` (the student id the
    marks belong to), ``name``, ``lms_user`` (``canvas:48214``, ``moodle:…``, ``blackboard:…``,
    ``nbgrader:…``), ``file`` (relative path), ``counted`` (``yes``, or ``no`` for a superseded
    resubmission or a file that is not a notebook), ``variant``, one column per question
    (free-text columns stay empty until marks are merged, see :mod:`platformlab.assign.marks`),
    ``total`` (the points in the question columns), ``problems`` (short codes; details in the
    log) and ``attention`` (what the instructor must decide: ids that disagree in a way that
    changes the score, resubmissions that scored differently);
``feedback/<file>.txt``
    per file: the score and a line per question, with hints;
``grading_log.csv``
    one row per problem met: ``file, student, problem, reason``; cells are numbered from 1;
``free_text.csv``
    ``student, file, question, max_points, points, answer, rubric`` for manual marking (type
    the marks in ``points``, then ``platformlab-assign marks graded/``);
``grading_run.json``
    the set, the roster and the rules used.

How a submission is graded
--------------------------
1. The file is read in this process: an empty file, corrupt JSON, something that is not a
   notebook, a notebook of another set are recorded and get 0, without running anything.
2. Cells are matched to questions by ``metadata.platformlab.id`` or by the master's cell id, so
   reordered cells are fine; a deleted answer cell scores 0 for its question; duplicated answer
   cells are reported (the value after the last of them ran counts).
3. The code cells run in a separate process with limits (:mod:`platformlab.assign.runner`, on
   the preloaded workers of :mod:`platformlab.assign.pool`), in a fresh working folder holding
   a copy of the file; the submissions folder is never written to (it is fingerprinted before
   and after, and a change would be logged).
4. That process only reports the answer variables' values; the verdicts come from the key,
   loaded here before any submission ran, so nothing a submission redefines (``check``, the
   package, the key file on disk) changes a score.

Whose file it is, and which variant
-----------------------------------
* The **owner** (the ``student`` column) is the student id the path points to: a plain name
  (``s1234567.ipynb``), nbgrader's user name, or an LMS user, login or name looked up in the
  roster
  (:mod:`platformlab.assign.identity`); without either, the notebook's ``STUDENT_ID``.
* The **variant** is the one of the notebook's ``STUDENT_ID`` — the parameters the student saw
  and ``ex.check`` judged — or the owner's if ``STUDENT_ID`` is empty or invalid.
* When the notebook's id and the path's id differ (or ``STUDENT_ID`` is empty), the notebook is
  scored with each of their variants; if the scores differ the row's ``attention`` says so with
  both scores, and the run's summary lists the row. Nothing is decided silently.
* **Resubmissions** (several notebooks of one owner): the latest counts, by the LMS's own order
  (Canvas ``-1``/``-2`` suffix and attachment id, Blackboard attempt time, nbgrader
  ``timestamp.txt``), else by the file's modification time; every file keeps its row, the
  others say ``counted = no``, and differing scores go to ``attention``.
"""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import nbformat

from platformlab.assign._files import csv_text as _csv_text, write_atomic as _write_atomic
from platformlab.assign.identity import PathIdentity, Roster, owner_from_path, parse_path
from platformlab.assign.pool import run_all
from platformlab.assign.runner import RunResult, RunTask, explorer_settings
from platformlab.exercises.answers import judge
from platformlab.exercises.sets import (
    PRACTICE, check_set_name, exercises_dir, list_sets, normalise_id, read_key, variant_index,
)

__all__ = ["GradeError", "GradeOptions", "GradeReport", "grade", "fingerprint", "GRADES_COLUMNS"]

MAX_FILE_MB = 20
_PLACEHOLDER = "YOUR ANSWER HERE"
#: The identity columns of grades.csv, before the question columns.
GRADES_COLUMNS = ("student", "name", "lms_user", "file", "counted", "variant")
#: The columns of grades.csv after the question columns.
GRADES_TAIL = ("total", "problems", "attention")
RESUBMISSION_RULE = ("the latest file of a student counts: by the LMS's order (Canvas -1/-2 "
                     "suffix and attachment id, Blackboard attempt time, nbgrader timestamp.txt), "
                     "else by the file's modification time")
VARIANT_RULE = ("the variant of the notebook's STUDENT_ID (what the student saw); the owner's "
                "if STUDENT_ID is empty or invalid; disagreements that change the score are "
                "listed in 'attention'")


class GradeError(ValueError):
    """The grading run cannot start: the message names the folder, set or option at fault."""


@dataclass
class GradeOptions:
    """Limits of a grading run (see ``platformlab-assign grade --help``)."""

    jobs: int = 2
    timeout: float = 30.0
    notebook_timeout: float = 120.0
    memory_mb: int = 1024

    def validate(self) -> None:
        """Raise :class:`GradeError` naming the first option out of range."""
        if not isinstance(self.jobs, int) or not 1 <= self.jobs <= 64:
            raise GradeError(f"jobs must be an integer in [1, 64]; got {self.jobs!r}")
        for name in ("timeout", "notebook_timeout"):
            value = getattr(self, name)
            if not isinstance(value, (int, float)) or not 0 < value <= 86400:
                raise GradeError(f"{name} must be a number of seconds in (0, 86400]; got {value!r}")
        if not isinstance(self.memory_mb, int) or not 64 <= self.memory_mb <= 1_000_000:
            raise GradeError(f"memory_mb must be an integer in [64, 1000000]; got {self.memory_mb!r}")


@dataclass
class Submission:
    """One file and everything learnt about it."""

    path: Path
    student: str
    problems: list[tuple[str, str]] = field(default_factory=list)
    nb: Any = None
    answer_cells: dict[str, list[int]] = field(default_factory=dict)
    free_text: dict[str, str] = field(default_factory=dict)
    run: RunResult | None = None
    scores: dict[str, float | None] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)
    rel: str = ""
    ident: PathIdentity | None = None
    name: str = ""
    variant: str = ""
    counted: bool = True
    skip_reason: str = ""
    attention: list[str] = field(default_factory=list)
    notebook_id: str | None = None

    def problem(self, code: str, reason: str) -> None:
        self.problems.append((code, reason))

    @property
    def total(self) -> float:
        return _total(self.scores)


@dataclass
class GradeReport:
    """The result of :func:`grade`: per-file rows and where the files went."""

    set_name: str
    out: Path
    submissions: list[Submission]
    max_points: dict[str, float]

    @property
    def attention(self) -> list[Submission]:
        """The rows whose ``attention`` column is not empty."""
        return [s for s in self.submissions if s.attention]

    def summary(self) -> str:
        """A few lines for the terminal, ending with every row that needs a decision."""
        n = len(self.submissions)
        notebooks = sum(1 for s in self.submissions if s.nb is not None)
        counted = sum(1 for s in self.submissions if s.counted)
        flagged = sum(1 for s in self.submissions if s.problems)
        total = sum(self.max_points.values())
        lines = [f"graded {n} file(s) for {self.set_name!r} (max {total:g} points): "
                 f"{notebooks} notebook(s) run, {counted} row(s) counted, {flagged} with problems "
                 f"(see {self.out / 'grading_log.csv'})",
                 f"wrote {self.out / 'grades.csv'}, {self.out / 'feedback'}/, "
                 f"{self.out / 'free_text.csv'}"]
        rows = self.attention
        if rows:
            lines.append(f"{len(rows)} row(s) need your decision (column 'attention' of grades.csv):")
            lines += [f"  {s.rel} [{s.student or 'no id'}]: {' | '.join(s.attention)}" for s in rows]
        else:
            lines.append("no row needs a decision (no id disagreement changes a score)")
        return "\n".join(lines)


def fingerprint(folder: Path) -> str:
    """sha256 over the relative paths and contents of every file under ``folder``."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _skip_reason(rel: PurePosixPath, set_name: str, ident: PathIdentity) -> tuple[str, str]:
    """(code, reason) if a file is not a submission to grade, else ("", "")."""
    parts = rel.parts
    if any(p == ".ipynb_checkpoints" for p in parts):
        return "checkpoint_copy", "a copy Jupyter saves automatically, not the submission"
    if any(p.startswith(".") or p == "__MACOSX" for p in parts):
        return "system_file", "a hidden or system file (e.g. .DS_Store, __MACOSX), not a submission"
    if rel.name == "timestamp.txt" and ident.layout == "nbgrader":
        return "nbgrader_timestamp", "nbgrader's submission time (used to order resubmissions)"
    if ident.layout == "blackboard" and rel.suffix.lower() == ".txt":
        return "lms_receipt", "Blackboard's receipt of an attempt, not a submission"
    if ident.layout == "nbgrader" and len(parts) >= 3 and parts[-2].lower() != set_name:
        return "other_assignment", (f"in nbgrader assignment folder {parts[-2]!r}, "
                                    f"not {set_name!r}; not graded")
    if rel.suffix.lower() != ".ipynb":
        return "not_a_notebook", f"{rel.name} is not an .ipynb file"
    return "", ""


def _timestamps(submissions: Path, files: list[Path]) -> dict[str, str]:
    out = {}
    for path in files:
        if path.name == "timestamp.txt":
            try:
                text = path.read_text(encoding="utf-8", errors="replace").strip()[:64]
            except OSError:
                continue
            out[path.parent.relative_to(submissions).as_posix()] = text
    return out


def _matches(cell: Any, spec: dict[str, Any]) -> bool:
    meta = cell.get("metadata", {}).get("platformlab")
    if isinstance(meta, dict) and meta.get("id") == spec["id"]:
        return True
    return spec.get("cell_id") is not None and cell.get("id") == spec.get("cell_id")


def _read(sub: Submission, set_name: str, specs: list[dict[str, Any]]) -> None:
    """Read and check one file; on a problem that prevents running, leave ``sub.nb`` None."""
    path = sub.path
    if path.suffix.lower() != ".ipynb":
        sub.problem("not_a_notebook", f"{path.name} is not an .ipynb file")
        return
    size = path.stat().st_size
    if size == 0:
        sub.problem("empty_file", "the file is empty (0 bytes)")
        return
    if size > MAX_FILE_MB * 1024 * 1024:
        sub.problem("too_large", f"the file is {size / 2**20:.0f} MB; the limit is {MAX_FILE_MB} MB")
        return
    raw = path.read_bytes()
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        sub.problem("corrupt_json", "the file is not UTF-8 text (a binary or damaged file)")
        return
    except json.JSONDecodeError as err:
        sub.problem("corrupt_json", f"the file is not valid JSON ({err.msg}, line {err.lineno})")
        return
    if not isinstance(data, dict) or "cells" not in data or "nbformat" not in data:
        sub.problem("not_a_notebook", "valid JSON but not a notebook (no 'cells'/'nbformat')")
        return
    try:
        nb = nbformat.reads(raw.decode("utf-8"), as_version=4)
        nbformat.validate(nb)
    except Exception as err:  # noqa: BLE001 - nbformat raises several types
        sub.problem("not_a_notebook", f"not a valid notebook: {str(err).splitlines()[0][:200]}")
        return
    declared = nb.metadata.get("platformlab", {}).get("set") if isinstance(
        nb.metadata.get("platformlab"), dict) else None
    if declared is not None and declared != set_name:
        sub.problem("wrong_set", f"this notebook is for exercise set {declared!r}, not {set_name!r}")
        return
    found = {s["id"]: [i for i, c in enumerate(nb.cells) if _matches(c, s)] for s in specs}
    if declared is None and not any(found.values()):
        sub.problem("wrong_set", f"no question cells of set {set_name!r} found (another notebook?)")
        return
    sub.nb, sub.answer_cells = nb, found
    order = [cells[-1] for cells in found.values() if cells]
    if order != sorted(order):
        sub.problem("reordered", "answer cells are not in the original order (graded anyway)")
    for spec in specs:
        cells = found[spec["id"]]
        if not cells:
            sub.problem("deleted_cell", f"{spec['id']}: answer cell deleted; 0 points")
        elif len(cells) > 1:
            sub.problem("duplicated_cell", f"{spec['id']}: {len(cells)} answer cells (cells "
                        f"{', '.join(f'#{c + 1}' for c in cells)}); the value after the last one ran counts")
        if spec["kind"] == "free_text" and cells:
            text = nb.cells[cells[-1]].source.strip()
            sub.free_text[spec["id"]] = "" if text == _PLACEHOLDER else text


def _variant(set_name: str, norm_id: str | None, n: int) -> str:
    return PRACTICE if norm_id is None else str(variant_index(set_name, norm_id, n))


def _marks_already_entered(out: Path, manual: list[str]) -> str:
    """A message if ``out`` holds hand-entered marks that a new run would overwrite."""
    found = []
    path = out / "free_text.csv"
    if path.is_file():
        try:
            with path.open(newline="", encoding="utf-8") as fh:
                found += [r for r in csv.DictReader(fh) if (r.get("points") or "").strip()]
        except (OSError, UnicodeDecodeError, csv.Error):
            pass
    path = out / "grades.csv"
    if path.is_file() and manual:
        try:
            with path.open(newline="", encoding="utf-8") as fh:
                rows = list(csv.DictReader(fh))[1:]
            found += [r for r in rows for q in manual if (r.get(q) or "").strip()]
        except (OSError, UnicodeDecodeError, csv.Error):
            pass
    if not found:
        return ""
    return (f"{out} already holds {len(found)} hand-entered mark(s) (free_text.csv points or "
            f"free-text columns of grades.csv); grading again would overwrite them. Grade into "
            f"a new folder, or move those files away first")


def grade(set_name: str, submissions: Path, out: Path, options: GradeOptions | None = None,
          folder: Path | None = None, roster: Roster | None = None) -> GradeReport:
    """Grade every file under ``submissions`` for ``set_name`` and write the results to ``out``.

    Parameters
    ----------
    roster : Roster, optional
        Maps LMS user ids, logins and names in file and folder names to student ids
        (:func:`platformlab.assign.identity.read_roster`).

    Raises
    ------
    GradeError
        If the submissions folder is missing or not a folder, ``out`` is inside it or holds
        hand-entered marks, an option is out of range, or the set's key is missing
        (:class:`~platformlab.exercises.sets.SetError`).
    """
    options = options or GradeOptions()
    options.validate()
    check_set_name(set_name)
    folder = folder or exercises_dir()
    key = read_key(set_name, folder)  # loaded once, before any submission runs
    rubrics = _rubrics(folder / "source" / f"{set_name}.ipynb")
    submissions, out = Path(submissions), Path(out)
    if not submissions.is_dir():
        raise GradeError(f"submissions folder {submissions} does not exist or is not a folder")
    if out.resolve() == submissions.resolve() or submissions.resolve() in out.resolve().parents:
        raise GradeError(f"the output folder {out} must not be inside the submissions folder")
    specs = key["questions"]
    manual = [s["id"] for s in specs if s["kind"] == "free_text"]
    held = _marks_already_entered(out, manual)
    if held:
        raise GradeError(held)
    before = fingerprint(submissions)
    subs = _collect(submissions, set_name, specs, folder)  # 1. read every file
    _run(subs, specs, options)  # 2. run the notebooks, each in its own limited process
    for sub in subs:  # 3. whose file it is, its variant and its scores
        _run_problems(sub)
        _score_submission(sub, key, set_name, _identify(sub, roster))
    _resolve_resubmissions(subs)  # 4. which file of a student counts
    if fingerprint(submissions) != before:  # pragma: no cover - the guard should prevent it
        for sub in subs:
            sub.problem("submissions_changed", "the submissions folder changed during grading")
    max_points = {s["id"]: float(s["points"]) for s in specs}
    _write(out, set_name, subs, specs, max_points, rubrics, roster)  # 5. write the results
    return GradeReport(set_name, out, subs, max_points)


def _collect(submissions: Path, set_name: str, specs: list[dict[str, Any]],
             folder: Path) -> list[Submission]:
    """Step 1: a :class:`Submission` for every file under ``submissions``, with its path
    identity, read (notebooks) or skipped with the reason."""
    files = sorted((p for p in submissions.rglob("*") if p.is_file()),
                   key=lambda p: p.relative_to(submissions).as_posix())
    stamps = _timestamps(submissions, files)
    other_sets = tuple(s for s in list_sets(folder) if s != set_name)
    subs = []
    for path in files:
        rel = PurePosixPath(path.relative_to(submissions).as_posix())
        ident = parse_path(rel, set_name, stamps, other_sets)
        sub = Submission(path, "", rel=str(rel), ident=ident)
        code, reason = _skip_reason(rel, set_name, ident)
        if code in ("system_file", "checkpoint_copy"):  # its folder names no student
            ident = sub.ident = PathIdentity("plain")
        if code:
            sub.counted, sub.skip_reason = False, reason
            sub.problem(code, reason)
        else:
            try:
                _read(sub, set_name, specs)
            except OSError as err:
                sub.problem("unreadable", f"could not read the file ({err.strerror})")
        subs.append(sub)
    return subs


def _run(subs: list[Submission], specs: list[dict[str, Any]], options: GradeOptions) -> None:
    """Step 2: run every readable notebook (a copy, in a fresh folder) and keep what it
    reported in ``sub.run``."""
    answer_vars = [s["answer_var"] for s in specs if s["kind"] != "free_text"]
    function_specs = {s["answer_var"]: s for s in specs if s["kind"] == "function"}
    with tempfile.TemporaryDirectory(prefix="platformlab-grade-") as tmp:
        tasks = []
        for i, sub in enumerate(subs):
            if sub.nb is None:
                continue
            workdir = Path(tmp) / f"{i:05d}"
            workdir.mkdir()
            shutil.copyfile(sub.path, workdir / "submission.ipynb")
            cells = [(j, c.source) for j, c in enumerate(sub.nb.cells) if c.cell_type == "code"]
            # the explorers' saved settings, restored as the cells run (runner's docstring)
            tasks.append((sub, RunTask(sub.rel, cells, answer_vars, str(workdir),
                                       options.timeout, options.notebook_timeout,
                                       options.memory_mb, settings=explorer_settings(sub.nb),
                                       function_specs=function_specs,
                                       function_cells={
                                           s["answer_var"]: sub.answer_cells.get(s["id"], [])
                                           for s in function_specs.values()})))
        for (sub, _), result in zip(tasks, run_all([t for _, t in tasks], options.jobs)):
            sub.run = result


def _run_problems(sub: Submission) -> None:
    run = sub.run
    if run is None:
        return
    for cell, why in sorted(run.skipped.items()):
        sub.problem("cell_stopped_kernel", f"cell #{cell + 1} {why}; run again without it")
    for cell, error in sorted(run.cell_errors.items()):
        code = "timeout" if error.startswith("timed out") else "cell_error"
        sub.problem(code, f"cell #{cell + 1}: {error}")
    for what in run.blocked:
        sub.problem("blocked_action", f"refused: {what}")
    for what in run.settings_problems:
        sub.problem("explorer_settings", what)
    if run.output_bytes > 10_000_000:
        sub.problem("large_output", f"printed {run.output_bytes / 1e6:.0f} MB (not kept)")
    if run.failure:
        sub.problem("not_run", run.failure + "; no answers could be collected")


@dataclass
class _Ids:
    """Who a submission may belong to: the id its path gives (and where from), the notebook's
    ``STUDENT_ID`` (and what is wrong with it), and the owner chosen from them."""

    path_id: str | None
    source: str
    notebook_id: str | None
    id_problem: str | None
    owner: str | None
    owner_source: str


def _identify(sub: Submission, roster: Roster | None) -> _Ids:
    """Step 3a: the owner of the file, from its path (and the roster), else the notebook's
    ``STUDENT_ID``, else the LMS login; sets ``sub.student`` and ``sub.name``."""
    ident = sub.ident or PathIdentity("plain")
    path_id, source, why = owner_from_path(ident, roster)
    if sub.skip_reason and ident.layout == "plain":
        path_id = None  # a stray file's name (README.txt) names no student
    if why:
        sub.problem("not_in_roster", why)
    if roster is not None and path_id and not roster.knows(path_id):
        sub.problem("not_in_roster", f"the id {path_id!r} from the {source} is not in the roster")
    sub.name = ident.name or ""
    if roster is not None and path_id and roster.knows(path_id):
        sub.name = roster.students[path_id]["name"] or sub.name

    notebook_id, id_problem = None, None
    if sub.run is not None and sub.run.values is not None:
        notebook_id, id_problem = normalise_id(sub.run.student_id)
    sub.notebook_id = notebook_id
    login_id = None
    if path_id is None and ident.login and ident.layout != "plain":
        login_id, _ = normalise_id(ident.login)

    if path_id:
        owner, owner_source = path_id, source
    elif notebook_id:
        owner, owner_source = notebook_id, "the notebook's STUDENT_ID"
    elif login_id:
        owner, owner_source = login_id, f"the {ident.layout} user name"
    else:
        owner, owner_source = None, ""
    sub.student = owner or ""
    if roster is not None and notebook_id and path_id is None and not roster.knows(notebook_id):
        sub.problem("not_in_roster", f"the notebook's STUDENT_ID {notebook_id!r} is not in the "
                    f"roster and the file's path names no one in it")
    return _Ids(path_id, source, notebook_id, id_problem, owner, owner_source)


def _score_submission(sub: Submission, key: dict[str, Any], set_name: str, ids: _Ids) -> None:
    """Step 3b: the variant (the notebook's id, else the owner's), the scores, and a flag on
    any other id the notebook could belong to that would change the score."""
    n_variants = key["n_variants"]
    path_id, source, notebook_id = ids.path_id, ids.source, ids.notebook_id
    owner, owner_source, id_problem = ids.owner, ids.owner_source, ids.id_problem
    if sub.nb is None:
        sub.variant = ""
        sub.scores = {s["id"]: (None if s["kind"] == "free_text" else 0.0) for s in key["questions"]}
        sub.lines = [f"{spec['id']}: 0/{spec['points']:g}" for spec in key["questions"]]
        return

    graded_id = notebook_id or owner
    if sub.run is not None and sub.run.values is not None and id_problem and owner:
        sub.problem("no_student_id", f"STUDENT_ID in the notebook: {id_problem}; graded with "
                    f"the variant of {owner!r} ({owner_source})")
    if graded_id is None:
        sub.problem("no_valid_id", "no valid student id in the file's path, the roster or the "
                    "notebook; graded with the practice variant")
    sub.variant = _variant(set_name, graded_id, n_variants)
    sub.scores, sub.lines = _score(sub, key, sub.variant)

    # The same notebook under each other id it could belong to: flag any score that differs.
    others: list[tuple[str, str]] = []
    if notebook_id and path_id and notebook_id != path_id:
        others.append((f"the id {path_id!r} from the {source}", path_id))
    # (a login without a roster is in another name space than student ids: not compared)
    if notebook_id is None and owner and sub.run is not None and sub.run.values is not None:
        others.append(("the practice variant the notebook showed", None))
    scored = {sub.variant: _total(sub.scores)}
    for label, other_id in others:
        variant = _variant(set_name, other_id, n_variants)
        if variant not in scored:
            scored[variant] = _total(_score(sub, key, variant)[0])
        if notebook_id and other_id:
            sub.problem("id_mismatch", f"the notebook's STUDENT_ID is {notebook_id!r} but the "
                        f"{source} says {other_id!r}; scores: {scored[sub.variant]:g} with the "
                        f"notebook's id, {scored[variant]:g} with the other; graded with the "
                        "notebook's id (the variant the student saw)")
        if scored[variant] != scored[sub.variant]:
            sub.attention.append(
                f"graded {scored[sub.variant]:g} with the variant of "
                f"{repr(graded_id) if graded_id else 'practice'}; {scored[variant]:g} with "
                f"{label} - check which applies")


def _order_key(sub: Submission) -> tuple[Any, ...]:
    ident = sub.ident or PathIdentity("plain")
    try:
        mtime = sub.path.stat().st_mtime_ns
    except OSError:
        mtime = 0
    lms = tuple(str(x).zfill(24) for x in ident.order)
    return (1, *lms) if lms else (0, str(mtime).zfill(24), sub.rel)


def _resolve_resubmissions(subs: list[Submission]) -> None:
    """Keep one counted row per owner: the latest file (see :data:`RESUBMISSION_RULE`)."""
    groups: dict[str, list[Submission]] = {}
    for sub in subs:
        if not sub.counted:
            continue
        # one LMS user's files are one person's; two LMS users are never one person's
        # resubmissions, even if their notebooks hold the same STUDENT_ID (flagged below)
        lms_user = sub.ident.lms_user if sub.ident and sub.ident.lms_user else ""
        who = lms_user or sub.student
        if who:
            groups.setdefault(who, []).append(sub)
    for who, group in groups.items():
        if len(group) < 2:
            continue
        usable = [s for s in group if s.nb is not None] or group
        ordered = sorted(usable, key=_order_key)
        winner = ordered[-1]
        basis = ("the LMS's order" if all(_order_key(s)[0] == 1 for s in usable)
                 else "the files' modification times")
        names = ", ".join(s.rel for s in group)
        if winner.student and winner.student != who:
            who = f"{winner.student} ({who})"
        for sub in group:
            if sub is winner:
                sub.problem("resubmitted", f"{len(group)} files for {who}: {names}; this one "
                            f"counts (the latest by {basis})")
            else:
                sub.counted = False
                sub.problem("superseded", f"not counted: {winner.rel} is the latest file of "
                            f"{who} (by {basis})")
        totals = {s.rel: s.total for s in group if s.nb is not None}
        if totals and max(totals.values()) > winner.total:  # the rule costs the student points
            shown = ", ".join(f"{rel}: {t:g}" for rel, t in totals.items())
            winner.attention.append(f"an earlier file of {winner.student or who} scored more "
                                    f"({shown}); the latest ({winner.rel}) counts")
    # one STUDENT_ID (or owner) on the counted files of several people: a copy or a typo
    by_id: dict[str, list[Submission]] = {}
    for sub in subs:
        if sub.counted and sub.nb is not None:
            for sid in {sub.notebook_id, sub.student} - {None, ""}:
                by_id.setdefault(sid, []).append(sub)
    flagged: set[tuple[str, str]] = set()
    for student, group in by_id.items():
        people = {(s.ident.lms_user if s.ident and s.ident.lms_user else "") or s.student
                  for s in group}
        if len(group) < 2 or len(people) < 2:
            continue
        for sub in group:
            if (sub.rel, student) in flagged:
                continue
            flagged.add((sub.rel, student))
            others = ", ".join(o.rel for o in group if o is not sub)
            sub.problem("same_id", f"{student} is also the id of {others} (another person)")
            sub.attention.append(f"the id {student!r} is also on {others}, handed in by "
                                 "someone else - a copy or a mistyped STUDENT_ID?")
    # a file that is not a notebook, whose owner has no notebook at all: say so
    owners_with_notebooks = {s.student for s in subs if s.nb is not None and s.student}
    for sub in subs:
        if sub.skip_reason and sub.student and sub.student not in owners_with_notebooks \
                and sub.problems and sub.problems[0][0] == "not_a_notebook":
            sub.attention.append(f"the only file of {sub.student} is not a notebook")


def _score(sub: Submission, key: dict[str, Any], variant: str) -> tuple[dict[str, float | None], list[str]]:
    """Points per question and feedback lines for one variant."""
    scores: dict[str, float | None] = {}
    lines = []
    values = (sub.run.values if sub.run else None) or {}
    for spec in key["questions"]:
        qid, points = spec["id"], spec["points"]
        if spec["kind"] == "free_text":
            scores[qid] = None
            answered = bool(sub.free_text.get(qid))
            lines.append(f"{qid} ({points:g} points): marked by hand"
                         + ("" if answered else " - no answer written"))
            continue
        if not sub.answer_cells.get(qid):
            scores[qid] = 0.0
            lines.append(f"{qid}: 0/{points:g} - answer cell deleted")
            continue
        var = spec["answer_var"]
        if sub.run is None or sub.run.values is None:
            verdict_text, ok = "could not be run", False
        elif var not in values:
            verdict_text, ok = f"not attempted ({var} is not defined)", False
        else:
            entry = key["variants"].get(variant, {}).get(qid)
            verdict = judge(spec, entry, values[var])
            verdict_text, ok = verdict.message, verdict.correct
        scores[qid] = float(points) if ok else 0.0
        lines.append(f"{qid}: {scores[qid]:g}/{points:g} - {verdict_text}")
    return scores, lines


def _total(scores: dict[str, float | None]) -> float:
    return sum(v for v in scores.values() if v is not None)


def _rubrics(master: Path) -> dict[str, str]:
    if not master.is_file():
        return {}
    try:
        nb = nbformat.read(master, as_version=4)
    except Exception:  # noqa: BLE001
        return {}
    out = {}
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("platformlab", {})
        if isinstance(meta, dict) and meta.get("rubric"):
            out[meta.get("id")] = meta["rubric"]
    return out


def _fmt(x: float | None) -> str:
    return "" if x is None else f"{x:g}"


def feedback_name(rel: str) -> str:
    """The feedback file of a submission: its relative path flattened (``a/b.ipynb`` ->
    ``a__b.txt``)."""
    path = PurePosixPath(rel)
    stem = path.stem if path.suffix.lower() == ".ipynb" else path.name
    return "__".join([*path.parts[:-1], stem]) + ".txt"


def _write(out: Path, set_name: str, subs: list[Submission], specs: list[dict[str, Any]],
           max_points: dict[str, float], rubrics: dict[str, str], roster: Roster | None) -> None:
    qids = [s["id"] for s in specs]
    auto_total = sum(p for s, p in zip(specs, max_points.values()) if s["kind"] != "free_text")
    manual = [s["id"] for s in specs if s["kind"] == "free_text"]
    grades = [[*GRADES_COLUMNS, *qids, *GRADES_TAIL],
              ["max points", "", "", "", "", "", *(_fmt(max_points[q]) for q in qids),
               _fmt(sum(max_points.values())), f"manual: {' '.join(manual)}" if manual else "", ""]]
    log = [["file", "student", "problem", "reason"]]
    free = [["student", "file", "question", "max_points", "points", "answer", "rubric"]]
    feedback_dir = out / "feedback"
    feedback_dir.mkdir(parents=True, exist_ok=True)
    for sub in subs:
        codes = sorted({code for code, _ in sub.problems})
        grades.append([sub.student, sub.name, (sub.ident.lms_user if sub.ident else "") or "",
                       sub.rel, "yes" if sub.counted else "no", sub.variant,
                       *(_fmt(sub.scores.get(q)) for q in qids), _fmt(sub.total),
                       " ".join(codes), " | ".join(sub.attention)])
        log += [[sub.rel, sub.student, code, reason] for code, reason in sub.problems]
        if sub.counted and sub.nb is not None:
            for qid in manual:
                free.append([sub.student, sub.rel, qid, _fmt(max_points[qid]), "",
                             sub.free_text.get(qid, ""), rubrics.get(qid, "(see the master)")])
        who = f"student {sub.student}" if sub.student else "student unknown"
        text = [f"Exercise set {set_name!r} - {sub.rel} ({who}"
                + (f", variant {sub.variant})" if sub.variant else ")"),
                f"Automatically graded points: {sub.total:g} of {auto_total:g}"
                + (f" (plus {' '.join(manual)}, marked by hand)" if manual else ""), "",
                *sub.lines]
        if not sub.counted:
            text += ["", "Not counted: " + (sub.skip_reason or "a later file of the same "
                                            "student counts")]
        if sub.problems:
            text += ["", "Problems found:", *(f"- {reason}" for _, reason in sub.problems)]
        _write_atomic(feedback_dir / feedback_name(sub.rel), "\n".join(text) + "\n",
                      durable=False)
    run = {"set": set_name, "roster": str(roster.path) if roster else None,
           "files": len(subs), "counted": sum(1 for s in subs if s.counted),
           "variant_rule": VARIANT_RULE, "resubmission_rule": RESUBMISSION_RULE,
           "manual_questions": manual}
    _write_atomic(out / "grading_log.csv", _csv_text(log))
    _write_atomic(out / "free_text.csv", _csv_text(free))
    _write_atomic(out / "grading_run.json", json.dumps(run, indent=1) + "\n")
    _write_atomic(out / "grades.csv", _csv_text(grades))
