"""Build a set: run the master once per variant to make the hashed key, and strip it.

``platformlab-assign build intro`` reads ``exercises/source/intro.ipynb`` and the frozen table
``exercises/variants/intro.csv``, then

1. runs the master's code cells (except nbgrader's hidden test cells, see
   :mod:`platformlab.assign.master`) once per variant, in-process, each time in a fresh namespace
   with the variant forced and :meth:`~platformlab.exercises.Exercise.check` in record mode
   (printed output and widget displays are discarded), and reads the answer variables: the
   correct answers come from the master's own solution code, never from the package;
2. writes ``exercises/keys/intro.json``: question specs, and per variant and question a salt
   and salted hashes of the canonical answer (no answers);
3. writes the student version ``exercises/intro.ipynb`` (see
   :func:`platformlab.assign.master.student_version`), stored without outputs. Each cell that
   displays an explorer carries, in its metadata (``platformlab_explorer``), the recipe of the
   explorer the practice variant shows, so that the HTML book can put a live explorer there
   (``_ext/explorers.py``); Jupyter ignores it.

Both outputs are deterministic, so a test can rebuild them and compare with the committed files.
"""

from __future__ import annotations

import ast
import contextlib
import io
import json
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat

from platformlab.assign.master import (
    BEGIN, END, MasterError, is_hidden_test, public_spec, question_specs, read_master,
    student_version,
)
from platformlab._building import building
from platformlab.exercises.answers import make_entry, make_salt
from platformlab.exercises.sets import PRACTICE, check_set_name, exercises_dir, read_variants

__all__ = ["BuildResult", "build", "run_master", "render_key", "render_notebook"]

KEY_FORMAT = 1


@dataclass
class BuildResult:
    """What :func:`build` produced: the key and student notebook texts and where they went."""

    set_name: str
    key_text: str
    notebook_text: str
    key_path: Path
    notebook_path: Path
    n_variants: int
    answers: dict[str, dict[str, Any]]


#: Cell metadata key of the explorer a student notebook's cell displays (for the HTML book).
EXPLORER_KEY = "platformlab_explorer"


def _displayed_name(source: str) -> str | None:
    """The name a cell ends with (``pricing`` in ``pricing = ...; pricing``), if any."""
    try:
        body = ast.parse(source).body
    except SyntaxError:
        return None
    if body and isinstance(body[-1], ast.Expr) and isinstance(body[-1].value, ast.Name):
        return body[-1].value.id
    return None


def run_master(nb: Any, variant: str, params: dict[str, Any], specs: list[dict[str, Any]],
               displayed: dict[str, Any] | None = None) -> dict[str, Any]:
    """Run the master's code cells for one variant and return ``{question id: answer}``.

    If ``displayed`` is a dict, it receives, by cell id, the book recipe and title of each
    explorer a cell displays, as the cell left it (:func:`platformlab.explore.book.recipe_of`).

    Raises :class:`MasterError` naming the cell if a cell fails or an answer variable is unset.
    """
    from platformlab.explore import Explorer
    from platformlab.explore.book import explorer_title, recipe_of

    namespace: dict[str, Any] = {"__name__": "__main__"}
    set_name = nb.metadata["platformlab"]["set"]
    # the build switch: start() takes this variant, check() records, explorers draw nothing
    with building(variant, params), contextlib.redirect_stdout(io.StringIO()), \
            warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code" or is_hidden_test(cell):
                continue  # nbgrader's hidden tests judge with the key this build makes
            try:
                code = compile(cell.source, f"<master {set_name} cell {index}>", "exec")
                exec(code, namespace)  # noqa: S102 - the instructor's own master
            except Exception as err:
                missing = (isinstance(err, KeyError) and err.args and err.args[0] not in params
                           and f"[{err.args[0]!r}]" in cell.source.replace('"', "'"))
                column = (f": the variants table variants/{set_name}.csv has no column "
                          f"{err.args[0]!r} (its columns: {', '.join(params)})"
                          if missing else "")
                raise MasterError(
                    f"master {set_name!r}, variant {variant}: cell {index} ({cell.get('id')}) "
                    f"raised {type(err).__name__}: {err}{column}"
                ) from err
            shown = namespace.get(_displayed_name(cell.source) or "")
            if displayed is not None and isinstance(shown, Explorer):
                if BEGIN in cell.source or END in cell.source:  # its state may hold an answer
                    raise MasterError(
                        f"master {set_name!r}: cell {index} ({cell.get('id')}) displays an "
                        "explorer and holds a solution; display it in a cell of its own")
                recipe = recipe_of(shown)
                if recipe is None:
                    raise MasterError(
                        f"master {set_name!r}: cell {index} ({cell.get('id')}) displays "
                        f"{type(shown).__name__}, whose arguments cannot be stored for the book "
                        "(pass tables of data/ as loaded, or arrays of at most 5,000 numbers)")
                displayed[cell.get("id")] = {"title": explorer_title(shown), "recipe": recipe}
    answers = {}
    for spec in specs:
        if spec["kind"] == "free_text":
            continue
        if spec["answer_var"] not in namespace:
            raise MasterError(
                f"master {set_name!r}, variant {variant}: the solution of {spec['id']!r} does not "
                f"set {spec['answer_var']}"
            )
        answers[spec["id"]] = namespace[spec["answer_var"]]
    return answers


def render_key(set_name: str, specs: list[dict[str, Any]],
               answers: dict[str, dict[str, Any]]) -> str:
    """The key file's text: question specs and, per variant, salts and hashes."""
    variants = {}
    for variant, by_question in answers.items():
        entries = {}
        for spec in specs:
            if spec["kind"] == "free_text":
                continue
            salt = make_salt(set_name, variant, spec["id"])
            try:
                entries[spec["id"]] = make_entry(spec, by_question[spec["id"]], salt)
            except ValueError as err:
                raise MasterError(f"master {set_name!r}, variant {variant}: {err}") from None
        variants[variant] = entries
    key = {
        "set": set_name,
        "format": KEY_FORMAT,
        "n_variants": len(answers) - 1,
        "note": "Salted hashes of rounded answers, made by platformlab-assign build; no answers.",
        "questions": [public_spec(s) for s in specs],
        "variants": variants,
    }
    return json.dumps(key, indent=1, sort_keys=True) + "\n"


def render_notebook(nb: Any) -> str:
    """Notebook text as nbformat writes it (stable key order, one-space indent)."""
    return nbformat.writes(nb) + "\n"


def build(set_name: str, folder: Path | None = None, out: Path | None = None,
          write: bool = True) -> BuildResult:
    """Build the key and the student version of one set.

    Parameters
    ----------
    set_name : str
        The set, e.g. ``"intro"``.
    folder : Path, optional
        The exercises folder (``source/``, ``variants/``); default :func:`exercises_dir`.
    out : Path, optional
        Where to write ``<set>.ipynb`` and ``keys/<set>.json``; default ``folder``.
    write : bool
        Write the files (default) or only return their texts.
    """
    check_set_name(set_name)
    folder = folder or exercises_dir()
    out = out or folder
    master = read_master(folder / "source" / f"{set_name}.ipynb")
    specs = question_specs(master, folder / "source" / f"{set_name}.ipynb")
    table = read_variants(set_name, folder)
    displayed: dict[str, Any] = {}
    answers = {label: run_master(master, label, params, specs,
                                 displayed if label == PRACTICE else None)
               for label, params in table.items()}
    key_text = render_key(set_name, specs, answers)
    student = student_version(master)
    for cell in student.cells:
        if cell.get("id") in displayed:  # the explorer the practice variant shows, for the book
            cell.metadata[EXPLORER_KEY] = displayed[cell.get("id")]
    nb_text = render_notebook(student)
    key_path, nb_path = out / "keys" / f"{set_name}.json", out / f"{set_name}.ipynb"
    if write:
        key_path.parent.mkdir(parents=True, exist_ok=True)
        key_path.write_text(key_text, encoding="utf-8")
        nb_path.write_text(nb_text, encoding="utf-8")
    return BuildResult(set_name, key_text, nb_text, key_path, nb_path, len(table) - 1, answers)
