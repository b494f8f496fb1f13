"""Grade a folder of submitted notebooks for one exercise set.

``platformlab-assign grade intro submissions/ --out graded/`` writes into ``graded/``:

``grades.csv``
    a header, a ``max points`` row, then one row per submitted file: ``student``, ``file``, one
    column per question (free-text columns are left empty for manual marking), ``total``
    (automatically graded points) and ``problems`` (short codes; details in the log);
``feedback/<file>.txt``
    per submission: the score and a line per question, with hints;
``grading_log.csv``
    one row per problem met: ``file, student, problem, reason`` (a submission that could not be
    fully graded always has at least one row); cells are numbered from 1 (``cell #3``);
``free_text.csv``
    ``student, file, question, answer, rubric`` for manual marking.

How a submission is graded
--------------------------
1. The file is read in this process: an empty file, corrupt JSON, something that is not a
   notebook, a notebook of another set are recorded and get 0, without running anything.
2. Cells are matched to questions by ``metadata.platformlab.id`` or by the master's cell id, so
   reordered cells are fine; a deleted answer cell scores 0 for its question; duplicated answer
   cells are reported (the value after the last of them ran counts).
3. The code cells run in a separate process with limits (:mod:`platformlab.assign.runner`), in a
   fresh working folder holding a copy of the file; the submissions folder is never written to
   (it is fingerprinted before and after, and a change would be logged).
4. That process only reports the answer variables' values; the verdicts come from the key,
   loaded here before any submission ran, so nothing a submission redefines (``check``, the
   package, the key file on disk) changes a score.
5. The variant is the one of the id in the file name (``s1234567.ipynb`` or
   ``s1234567_intro.ipynb``). If ``STUDENT_ID`` in the notebook differs, that is flagged, with the
   score the notebook would get with its own id's variant.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat

from platformlab.assign.runner import RunResult, RunTask, run_all
from platformlab.exercises.answers import judge
from platformlab.exercises.sets import (
    PRACTICE, check_set_name, exercises_dir, normalise_id, read_key, variant_index,
)

__all__ = ["GradeError", "GradeOptions", "GradeReport", "grade", "fingerprint"]

MAX_FILE_MB = 20
_PLACEHOLDER = "YOUR ANSWER HERE"


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
    file_id: str | None
    problems: list[tuple[str, str]] = field(default_factory=list)
    nb: Any = None
    answer_cells: dict[str, list[int]] = field(default_factory=dict)
    free_text: dict[str, str] = field(default_factory=dict)
    run: RunResult | None = None
    scores: dict[str, float | None] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)

    def problem(self, code: str, reason: str) -> None:
        self.problems.append((code, reason))


@dataclass
class GradeReport:
    """The result of :func:`grade`: per-submission rows and where the files went."""

    set_name: str
    out: Path
    submissions: list[Submission]
    max_points: dict[str, float]

    def summary(self) -> str:
        """A few lines for the terminal."""
        n = len(self.submissions)
        flagged = sum(1 for s in self.submissions if s.problems)
        total = sum(self.max_points.values())
        return (f"graded {n} submission(s) of {self.set_name!r} (max {total:g} points); "
                f"{flagged} with problems, see {self.out / 'grading_log.csv'}\n"
                f"wrote {self.out / 'grades.csv'}, {self.out / 'feedback'}/, "
                f"{self.out / 'free_text.csv'}")


def fingerprint(folder: Path) -> str:
    """sha256 over the relative paths and contents of every file under ``folder``."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _file_id(stem: str, set_name: str) -> str | None:
    low = stem.strip().lower()
    for sep in ("_", "-", "."):
        if low.endswith(sep + set_name):
            low = low[: -len(set_name) - 1]
            break
    norm, problem = normalise_id(low)
    return None if problem else norm


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


def grade(set_name: str, submissions: Path, out: Path, options: GradeOptions | None = None,
          folder: Path | None = None) -> GradeReport:
    """Grade every file in ``submissions`` for ``set_name`` and write the results to ``out``.

    Raises
    ------
    GradeError
        If the submissions folder is missing or not a folder, ``out`` is inside it, an option is
        out of range, or the set's key is missing (:class:`~platformlab.exercises.sets.SetError`).
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
    before = fingerprint(submissions)
    specs = key["questions"]
    n_variants = key["n_variants"]
    subs = []
    for path in sorted(p for p in submissions.iterdir() if p.is_file() and not p.name.startswith(".")):
        file_id = _file_id(path.stem, set_name)
        sub = Submission(path, file_id or path.stem, file_id)
        try:
            _read(sub, set_name, specs)
        except OSError as err:
            sub.problem("unreadable", f"could not read the file ({err.strerror})")
        subs.append(sub)

    answer_vars = [s["answer_var"] for s in specs if s["kind"] != "free_text"]
    with tempfile.TemporaryDirectory(prefix="platformlab-grade-") as tmp:
        tasks = []
        for i, sub in enumerate(subs):
            if sub.nb is None:
                continue
            workdir = Path(tmp) / f"{i:05d}"
            workdir.mkdir()
            shutil.copyfile(sub.path, workdir / "submission.ipynb")
            cells = [(j, c.source) for j, c in enumerate(sub.nb.cells) if c.cell_type == "code"]
            tasks.append((sub, RunTask(sub.path.name, cells, answer_vars, str(workdir),
                                       options.timeout, options.notebook_timeout,
                                       options.memory_mb)))
        for (sub, _), result in zip(tasks, run_all([t for _, t in tasks], options.jobs)):
            sub.run = result

    for sub in subs:
        _finish(sub, key, set_name, n_variants)
    if fingerprint(submissions) != before:  # pragma: no cover - the guard should prevent it
        for sub in subs:
            sub.problem("submissions_changed", "the submissions folder changed during grading")
    max_points = {s["id"]: float(s["points"]) for s in specs}
    _write(out, set_name, subs, specs, max_points, rubrics)
    return GradeReport(set_name, out, subs, max_points)


def _finish(sub: Submission, key: dict[str, Any], set_name: str, n_variants: int) -> None:
    run = sub.run
    if run is not None:
        for cell, why in sorted(run.skipped.items()):
            sub.problem("cell_stopped_kernel", f"cell #{cell + 1} {why}; run again without it")
        for cell, error in sorted(run.cell_errors.items()):
            code = "timeout" if error.startswith("timed out") else "cell_error"
            sub.problem(code, f"cell #{cell + 1}: {error}")
        for what in run.blocked:
            sub.problem("blocked_action", f"refused: {what}")
        if run.output_bytes > 10_000_000:
            sub.problem("large_output", f"printed {run.output_bytes / 1e6:.0f} MB (not kept)")
        if run.failure:
            sub.problem("not_run", run.failure + "; no answers could be collected")
    notebook_id = None
    if run is not None and run.values is not None:
        notebook_id, id_problem = normalise_id(run.student_id)
        if id_problem and sub.file_id:
            sub.problem("no_student_id", f"STUDENT_ID in the notebook: {id_problem}")
    graded_id = sub.file_id or notebook_id
    if sub.file_id is None and notebook_id is not None:
        sub.student = notebook_id
        sub.problem("id_from_notebook", f"no valid id in the file name {sub.path.name!r}; "
                    f"used the notebook's STUDENT_ID {notebook_id!r}")
    elif graded_id is None and sub.nb is not None:
        sub.problem("no_valid_id", "no valid student id in the file name or the notebook; "
                    "graded with the practice variant")
    variant = _variant(set_name, graded_id, n_variants)
    sub.scores, sub.lines = _score(sub, key, variant)
    if sub.file_id and notebook_id and notebook_id != sub.file_id:
        other, _ = _score(sub, key, _variant(set_name, notebook_id, n_variants))
        sub.problem("id_mismatch", f"the notebook's STUDENT_ID is {notebook_id!r} but the file "
                    f"name says {sub.file_id!r}; graded with the file name's variant "
                    f"({_total(sub.scores):g} points; {_total(other):g} with the notebook's id)")
    if sub.nb is None:
        sub.lines = [f"{spec['id']}: 0/{spec['points']:g}" for spec in key["questions"]]


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


def _csv_text(rows: list[list[Any]]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return buf.getvalue()


def _fmt(x: float | None) -> str:
    return "" if x is None else f"{x:g}"


def _write(out: Path, set_name: str, subs: list[Submission], specs: list[dict[str, Any]],
           max_points: dict[str, float], rubrics: dict[str, str]) -> None:
    qids = [s["id"] for s in specs]
    auto_total = sum(p for s, p in zip(specs, max_points.values()) if s["kind"] != "free_text")
    manual = [s["id"] for s in specs if s["kind"] == "free_text"]
    grades = [["student", "file", *qids, "total", "problems"],
              ["max points", "", *(_fmt(max_points[q]) for q in qids), _fmt(auto_total),
               f"manual: {' '.join(manual)}" if manual else ""]]
    log = [["file", "student", "problem", "reason"]]
    free = [["student", "file", "question", "answer", "rubric"]]
    (out / "feedback").mkdir(parents=True, exist_ok=True)
    for sub in subs:
        codes = sorted({code for code, _ in sub.problems})
        grades.append([sub.student, sub.path.name, *(_fmt(sub.scores.get(q)) for q in qids),
                       _fmt(_total(sub.scores)), " ".join(codes)])
        log += [[sub.path.name, sub.student, code, reason] for code, reason in sub.problems]
        for qid in manual:
            free.append([sub.student, sub.path.name, qid, sub.free_text.get(qid, ""),
                         rubrics.get(qid, "(see the master)")])
        text = [f"Exercise set {set_name!r} - {sub.path.name} (student {sub.student})",
                f"Automatically graded points: {_total(sub.scores):g} of {auto_total:g}"
                + (f" (plus {' '.join(manual)}, marked by hand)" if manual else ""), "",
                *sub.lines]
        if sub.problems:
            text += ["", "Problems found:", *(f"- {reason}" for _, reason in sub.problems)]
        (out / "feedback" / f"{sub.path.stem}.txt").write_text("\n".join(text) + "\n",
                                                               encoding="utf-8")
    (out / "grades.csv").write_text(_csv_text(grades), encoding="utf-8")
    (out / "grading_log.csv").write_text(_csv_text(log), encoding="utf-8")
    (out / "free_text.csv").write_text(_csv_text(free), encoding="utf-8")
