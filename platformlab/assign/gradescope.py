"""Grade on Gradescope: an autograder bundle that grades one submission with this grader.

``platformlab-assign gradescope intro --out autograder_intro.zip`` (or :func:`make_bundle`)
writes the zip to upload as a Gradescope programming assignment's autograder. At the top of the
zip, as Gradescope requires:

``setup.sh``
    run once when Gradescope builds the image: a venv at ``/autograder/venv`` with the pinned
    scientific stack (``requirements.txt``, the lines of ``.binder/requirements.txt``) and the
    package (``platformlab_src/``: ``pyproject.toml``, ``README.md``, ``platformlab/``,
    ``data/``, ``exercises/keys/``, ``exercises/variants/`` -- never ``exercises/source/``,
    which holds the solutions);
``run_autograder``
    run per submission: ``python -m platformlab.assign.gradescope grade <set>``, which calls
    :func:`grade_submission` and writes ``/autograder/results/results.json``;
``SET``
    the set's name.

Both scripts read ``PLATFORMLAB_GRADESCOPE_ROOT`` (default ``/autograder``) and
``PLATFORMLAB_GRADESCOPE_PYTHON`` (setup: the Python that makes the venv, default ``python3``;
run: the Python that grades, default the venv's), so they can be run in a scratch folder.
Choose Gradescope's Ubuntu 24.04 base image (its Python 3.12; the package needs >= 3.11).

The results (Gradescope's "Autograder Specifications",
https://gradescope-autograders.readthedocs.io/en/latest/specs/, and "Submission Metadata",
https://gradescope-autograders.readthedocs.io/en/latest/submission_metadata/)
-----------------------------------------------------------------------------------------------
* ``score``: the automatically graded points (it overrides the sum of the tests, so it is given
  explicitly and equals that sum);
* ``output`` (``output_format`` ``simple_format``, the default for the top level; the text is
  HTML-escaped): a summary -- the score, the notebook graded, the ``STUDENT_ID`` and variant
  used, whether it differs from the ``sid`` of the Gradescope account(s) in
  ``submission_metadata.json`` (``users: [{email, id, name, sid}]``), and every problem found;
* ``tests``: one per question, in the key's order, with ``name``, ``number``, ``output`` (the
  grader's feedback line; ``test_output_format`` ``text``) and, for an automatically graded
  question, ``score`` and ``max_score`` (the key's points); the status is left to Gradescope
  (passed when score = max_score);
* a question marked by hand (``free_text``) is a test **without** ``score``/``max_score`` --
  the specification's "informational" test case -- so that it neither shows 0/3 nor counts in
  the autograder's total; its points go in ``extra_data.max_points``, and its output says it is
  marked by hand. Give the Gradescope assignment's autograder the automatic points and add a
  manually graded question for each such question (Gradescope's "Manual Grading" page);
  ``status`` is ``failed`` only when no answer was written;
* ``extra_data``: set, notebook, student id, variant, problem codes (for the instructor).

A submission without a notebook, with several, or with a file that is not a notebook still gets
a results.json: score 0, a test per question at 0, and an ``output`` that says what is wrong.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import shutil
import sys
import tempfile
import time
import traceback
import zipfile
from pathlib import Path
from typing import Any

from platformlab.assign._files import requirement_lines, write_atomic

__all__ = ["ROOT_ENV", "PYTHON_ENV", "BundleError", "grade_submission", "make_bundle", "main"]

ROOT_ENV = "PLATFORMLAB_GRADESCOPE_ROOT"
PYTHON_ENV = "PLATFORMLAB_GRADESCOPE_PYTHON"
DEFAULT_ROOT = "/autograder"
_TEMPLATES = Path(__file__).resolve().parent / "gradescope_bundle"
# A file name that is no student id: the grader then takes the id from the notebook itself.
_GRADED_NAME = "notebook (gradescope).ipynb"
_SKIP_DIRS = {"__MACOSX", ".ipynb_checkpoints", "__pycache__"}


class BundleError(ValueError):
    """The bundle cannot be built (no source checkout, unknown set)."""


# -- results.json --------------------------------------------------------------------------------
def _notebooks(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).parts
        if any(p in _SKIP_DIRS or p.startswith(".") for p in rel):
            continue
        if path.is_file() and path.suffix.lower() == ".ipynb":
            found.append(path)
    return found


def _all_files(folder: Path, limit: int = 8) -> str:
    if not folder.is_dir():
        return "(no submission folder)"
    files = sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())
    if not files:
        return "(no files)"
    more = f", and {len(files) - limit} more" if len(files) > limit else ""
    return ", ".join(files[:limit]) + more


def _metadata_sids(metadata_path: Path | None) -> tuple[list[str], str | None]:
    """(normalised sids of the submitting users, a note if the metadata could not be read)."""
    from platformlab.exercises.sets import normalise_id

    if metadata_path is None or not Path(metadata_path).is_file():
        return [], None
    try:
        data = json.loads(Path(metadata_path).read_text(encoding="utf-8"))
        users = data.get("users") or []
    except (OSError, ValueError, AttributeError) as err:
        return [], f"submission_metadata.json could not be read ({err})"
    sids = []
    for user in users:
        if isinstance(user, dict) and user.get("sid") not in (None, ""):
            norm, _ = normalise_id(str(user["sid"]))
            sids.append(norm or str(user["sid"]).strip())
    return sids, None


def _write_json(path: Path, data: dict[str, Any]) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, json.dumps(data, indent=1, ensure_ascii=False) + "\n")


def _tests(key: dict[str, Any], scores: dict[str, float | None], lines: list[str],
           answered: dict[str, bool]) -> list[dict[str, Any]]:
    by_q = {}
    for line in lines:
        head = line.split(":", 1)[0].split(" ", 1)[0]
        by_q.setdefault(head, line)
    tests = []
    for number, spec in enumerate(key["questions"], 1):
        qid, points = spec["id"], float(spec["points"])
        fallback = (f"{qid} ({points:g} points): marked by hand" if spec["kind"] == "free_text"
                    else f"{qid}: 0/{points:g}")
        line = by_q.get(qid, fallback)
        test: dict[str, Any] = {"name": qid, "number": str(number), "output": line}
        if spec["kind"] == "free_text":
            test["name"] = f"{qid} (marked by hand, {points:g} points)"
            test["output"] = (line + "\nThis answer is marked by your instructor; its points are "
                              "not part of the autograder's score.")
            test["extra_data"] = {"max_points": points, "marked_by_hand": True}
            if not answered.get(qid, False):
                test["status"] = "failed"
        else:
            value = scores.get(qid)
            test["score"] = float(value) if value is not None else 0.0
            test["max_score"] = points
        tests.append(test)
    return tests


def _results(set_name: str, key: dict[str, Any], summary: list[str],
             scores: dict[str, float | None], lines: list[str], answered: dict[str, bool],
             extra: dict[str, Any], started: float) -> dict[str, Any]:
    tests = _tests(key, scores, lines, answered)
    score = sum(t.get("score", 0.0) for t in tests)
    auto_max = sum(t.get("max_score", 0.0) for t in tests)
    manual = [s for s in key["questions"] if s["kind"] == "free_text"]
    head = f"Exercise set {set_name!r}: {score:g} of {auto_max:g} automatically graded points"
    if manual:
        head += (" (plus " + ", ".join(f"{s['id']}, {float(s['points']):g} points" for s in manual)
                 + ", marked by hand)")
    text = "\n".join([head, *summary])
    return {"score": score, "execution_time": int(round(time.monotonic() - started)),
            "output": html.escape(text, quote=False), "output_format": "simple_format",
            "test_output_format": "text", "test_name_format": "text",
            "tests": tests, "extra_data": extra}


def _is_id(text: str) -> bool:
    from platformlab.exercises.sets import normalise_id

    return normalise_id(text)[1] is None


def grade_submission(set_name: str, submission_dir: Path | str, results_path: Path | str,
                     metadata_path: Path | str | None = None, options: Any = None
                     ) -> dict[str, Any]:
    """Grade the one notebook in ``submission_dir`` and write Gradescope's ``results.json``.

    Never raises for a bad submission: no notebook, several, a broken file or a grader failure
    all give a results.json with score 0 and an ``output`` saying why. Returns the results.
    """
    from platformlab.assign.grade import GradeOptions, grade
    from platformlab.exercises.sets import normalise_id, read_key, variant_for

    started = time.monotonic()
    submission_dir, results_path = Path(submission_dir), Path(results_path)
    key = read_key(set_name)  # a missing key is the bundle's fault: raise
    zero = {q["id"]: (None if q["kind"] == "free_text" else 0.0) for q in key["questions"]}
    zero_lines = [f"{q['id']}: 0/{float(q['points']):g} - not graded" for q in key["questions"]
                  if q["kind"] != "free_text"]
    extra: dict[str, Any] = {"set": set_name}
    sids, meta_note = _metadata_sids(Path(metadata_path) if metadata_path else None)
    notes = [meta_note] if meta_note else []

    notebooks = _notebooks(submission_dir)
    if len(notebooks) != 1:
        if notebooks:
            why = (f"Your submission holds {len(notebooks)} notebooks ("
                   + ", ".join(str(p.relative_to(submission_dir)) for p in notebooks)
                   + f"); submit only your notebook of set {set_name!r} ({set_name}.ipynb).")
        else:
            why = (f"No Jupyter notebook (.ipynb) was found in your submission (files: "
                   f"{_all_files(submission_dir)}). Submit your notebook of set {set_name!r} "
                   f"({set_name}.ipynb, File > Download in Jupyter or Colab).")
        extra["problems"] = ["no_notebook" if not notebooks else "several_notebooks"]
        results = _results(set_name, key, [why, *notes], zero, zero_lines, {}, extra, started)
        _write_json(results_path, results)
        return results

    notebook = notebooks[0]
    extra["file"] = str(notebook.relative_to(submission_dir))
    try:
        with tempfile.TemporaryDirectory(prefix="platformlab-gradescope-") as tmp:
            subs, out = Path(tmp) / "submission", Path(tmp) / "graded"
            subs.mkdir()
            # With one Gradescope student id, the copy is named by it: the grader's own rules
            # then apply (the owner is the account; the variant is the notebook's STUDENT_ID's,
            # or the account's if STUDENT_ID is empty; a disagreement that changes the score is
            # reported). Otherwise the name is no id and the notebook's STUDENT_ID decides.
            graded_name = f"{sids[0]}.ipynb" if len(sids) == 1 and _is_id(sids[0]) else _GRADED_NAME
            shutil.copyfile(notebook, subs / graded_name)
            report = grade(set_name, subs, out, options or GradeOptions(jobs=1))
            if len(report.submissions) != 1:
                raise RuntimeError(f"the grader returned {len(report.submissions)} results")
            sub = report.submissions[0]
            run = getattr(sub, "run", None)
            notebook_id, _ = normalise_id(getattr(run, "student_id", None))
            variant = getattr(sub, "variant", None)
            if variant is None:
                variant = variant_for(set_name, notebook_id, int(key["n_variants"]))[0]
            answered = {q: bool(text) for q, text in (getattr(sub, "free_text", {}) or {}).items()}
            summary = [f"Notebook graded: {extra['file']}."]
            scores, lines = dict(sub.scores), list(sub.lines)
            if getattr(sub, "nb", None) is None:
                summary.append("The notebook could not be read (see the problems below); "
                               "fix it and submit again.")
            elif notebook_id:
                summary.append(f"STUDENT_ID in the notebook: {notebook_id!r}; graded with its "
                               f"variant ({variant}).")
            elif sub.student:
                summary.append(f"No valid STUDENT_ID in the notebook: graded with the variant "
                               f"of your Gradescope student id {sub.student!r} ({variant}). "
                               f"Type your student id in the first code cell and submit again.")
            else:  # the practice variant is the same for everyone: it earns nothing here
                scores, lines = zero, zero_lines
                summary.append("No valid STUDENT_ID in the notebook, and no student id in your "
                               "Gradescope account: the notebook cannot be graded (the "
                               "practice variant earns no points). Type your student id in "
                               "the first code cell and submit again.")
            if sids and notebook_id and notebook_id not in sids:
                summary.append(f"Note: your Gradescope account's student id is "
                               f"{' / '.join(repr(s) for s in sids)}, but the notebook's "
                               f"STUDENT_ID is {notebook_id!r}; the notebook's id was used. "
                               f"If that is not your id, correct it and submit again.")
            problems = list(getattr(sub, "problems", []))
            # the temporary file name means nothing to the student
            problems = [(c, r) for c, r in problems if c not in ("no_valid_id", "id_from_notebook")
                        or not notebook_id]
            problems = [(c, r.replace(graded_name, extra["file"])) for c, r in problems]
            if problems:
                summary.append("Problems found:")
                summary += [f"- {reason.replace(_GRADED_NAME, extra['file'])}"
                            for _, reason in problems]
            attention = getattr(sub, "attention", [])
            if attention:
                summary.append("Your instructor will check: " + " | ".join(attention))
            extra.update(student_id=notebook_id, variant=variant,
                         problems=sorted({c for c, _ in problems}))
            results = _results(set_name, key, summary + notes, scores, lines, answered, extra,
                               started)
    except Exception as err:  # noqa: BLE001 - a submission must always get a result
        traceback.print_exc()  # stdout/stderr are shown to the instructor only
        extra["problems"] = ["autograder_error"]
        why = (f"The autograder could not grade this notebook ({type(err).__name__}: {err}). "
               "This is not necessarily your fault; tell your instructor.")
        results = _results(set_name, key, [why, *notes], zero, zero_lines, {}, extra, started)
    _write_json(results_path, results)
    return results


# -- the bundle ----------------------------------------------------------------------------------
_BUNDLED_TREES = ("platformlab", "data", "exercises/keys", "exercises/variants")
_BUNDLED_FILES = ("pyproject.toml", "README.md")
_DATE = (1980, 1, 1, 0, 0, 0)


def _source_root() -> Path:
    root = Path(__file__).resolve().parents[2]
    if not (root / "pyproject.toml").is_file() or not (root / "exercises" / "keys").is_dir():
        raise BundleError(f"make_bundle needs the repository (a source checkout); {root} has no "
                          "pyproject.toml or exercises/keys/")
    return root


def _add(zf: zipfile.ZipFile, name: str, data: bytes, executable: bool = False) -> None:
    info = zipfile.ZipInfo(name, _DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 3  # Unix, so that the mode bits below are honoured
    info.external_attr = ((0o100755 if executable else 0o100644) & 0xFFFF) << 16
    zf.writestr(info, data)


def bundle_files(set_name: str, root: Path | None = None) -> dict[str, tuple[bytes, bool]]:
    """The bundle's files: ``{name in the zip: (bytes, executable)}``."""
    from platformlab.exercises.sets import check_set_name

    check_set_name(set_name)
    root = root or _source_root()
    if not (root / "exercises" / "keys" / f"{set_name}.json").is_file():
        raise BundleError(f"no key for set {set_name!r} in {root / 'exercises' / 'keys'}; run "
                          f"platformlab-assign build {set_name} first")
    files: dict[str, tuple[bytes, bool]] = {
        "setup.sh": ((_TEMPLATES / "setup.sh").read_bytes(), True),
        "run_autograder": ((_TEMPLATES / "run_autograder").read_bytes(), True),
        "SET": (f"{set_name}\n".encode(), False),
    }
    pins = requirement_lines(root / ".binder" / "requirements.txt")
    files["requirements.txt"] = (
        ("# pinned from .binder/requirements.txt\n" + "\n".join(pins) + "\n").encode(), False)
    for name in _BUNDLED_FILES:
        files[f"platformlab_src/{name}"] = ((root / name).read_bytes(), False)
    for tree in _BUNDLED_TREES:
        for path in sorted((root / tree).rglob("*")):
            rel = path.relative_to(root)
            if (not path.is_file() or "__pycache__" in rel.parts or path.suffix == ".pyc"
                    or any(p.startswith(".") for p in rel.parts)):
                continue
            if rel.parts[:2] == ("exercises", "source"):  # pragma: no cover - never listed
                continue
            files[f"platformlab_src/{rel.as_posix()}"] = (path.read_bytes(),
                                                         os.access(path, os.X_OK))
    return files


def make_bundle(set_name: str, out_zip: Path | str, root: Path | None = None) -> Path:
    """Write the Gradescope autograder zip for ``set_name`` (atomically) and return its path."""
    out_zip = Path(out_zip)
    files = bundle_files(set_name, root)
    out_zip.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=out_zip.parent, prefix=f".{out_zip.name}.", suffix=".part")
    os.close(fd)
    try:
        with zipfile.ZipFile(tmp, "w") as zf:
            for name in sorted(files):
                data, executable = files[name]
                _add(zf, name, data, executable)
        os.replace(tmp, out_zip)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return out_zip


# -- command line --------------------------------------------------------------------------------
def add_bundle_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``platformlab-assign gradescope`` (an :mod:`argparse` sub-parser)."""
    parser.add_argument("set", help="the exercise set, e.g. intro")
    parser.add_argument("--out", help="the zip to write (default autograder_<set>.zip)")


def run_bundle(args: argparse.Namespace) -> int:
    """Run ``platformlab-assign gradescope``: write the bundle, print what to do with it."""
    out = make_bundle(args.set, args.out or f"autograder_{args.set}.zip")
    print(f"wrote {out}: upload it as the autograder of a Gradescope programming assignment "
          f"(base image Ubuntu 24.04); give the autograder the automatically graded points and "
          f"add a manually graded question for each free-text question")
    return 0


def main(argv: list[str] | None = None) -> int:
    """``python -m platformlab.assign.gradescope grade <set> [--root R]`` (run_autograder) or
    ``... bundle <set> [--out zip]``."""
    parser = argparse.ArgumentParser(prog="python -m platformlab.assign.gradescope")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("grade", help="grade $ROOT/submission, write $ROOT/results/results.json")
    p.add_argument("set")
    p.add_argument("--root", default=os.environ.get(ROOT_ENV, DEFAULT_ROOT),
                   help=f"the autograder folder (default ${ROOT_ENV} or {DEFAULT_ROOT})")
    p.add_argument("--submission", help="default <root>/submission")
    p.add_argument("--results", help="default <root>/results/results.json")
    p.add_argument("--metadata", help="default <root>/submission_metadata.json")
    add_bundle_arguments(sub.add_parser("bundle", help="write the autograder zip"))
    args = parser.parse_args(argv)
    try:
        if args.command == "bundle":
            return run_bundle(args)
        root = Path(args.root)
        results = grade_submission(
            args.set, Path(args.submission or root / "submission"),
            Path(args.results or root / "results" / "results.json"),
            Path(args.metadata or root / "submission_metadata.json"))
        print(json.dumps({"score": results["score"], "tests": len(results["tests"])}))
        return 0
    except (ValueError, OSError) as err:
        print(f"{parser.prog} {args.command}: error: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
