"""Build a set: run the master once per variant to make the hashed key, and strip it.

``platformlab-assign build intro`` reads ``exercises/source/intro.ipynb`` and the frozen table
``exercises/variants/intro.csv``, then

1. runs the master's code cells once per variant, in-process, each time in a fresh namespace
   with the variant forced and :meth:`~platformlab.exercises.Exercise.check` in record mode
   (printed output and widget displays are discarded), and reads the answer variables: the
   correct answers come from the master's own solution code, never from the package;
2. writes ``exercises/keys/intro.json``: question specs, and per variant and question a salt
   and salted hashes of the canonical answer (no answers);
3. writes the student version ``exercises/intro.ipynb`` (see
   :func:`platformlab.assign.master.student_version`).

Both outputs are deterministic, so a test can rebuild them and compare with the committed files.
"""

from __future__ import annotations

import contextlib
import io
import json
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat

from platformlab.assign.master import (
    MasterError, public_spec, question_specs, read_master, student_version,
)
from platformlab.exercises import recording
from platformlab.exercises.answers import make_entry, make_salt
from platformlab.exercises.sets import exercises_dir, read_variants

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


@contextlib.contextmanager
def _explorers_without_figures() -> Any:
    """Skip drawing and rendering figures while the build runs the master.

    The build needs the explorers' computed ``result`` only; drawing and rendering a figure
    costs tens of milliseconds per update. Explorers run headless and
    :meth:`matplotlib.figure.Figure.savefig` does nothing meanwhile.
    """
    from matplotlib.figure import Figure

    from platformlab.explore import Explorer

    savefig = Figure.savefig
    try:
        Figure.savefig = lambda self, *args, **kwargs: None
        with Explorer.headless():
            yield
    finally:
        Figure.savefig = savefig


def run_master(nb: Any, variant: str, params: dict[str, Any], specs: list[dict[str, Any]],
               ) -> dict[str, Any]:
    """Run the master's code cells for one variant and return ``{question id: answer}``.

    Raises :class:`MasterError` naming the cell if a cell fails or an answer variable is unset.
    """
    namespace: dict[str, Any] = {"__name__": "__main__"}
    set_name = nb.metadata["platformlab"]["set"]
    with recording(variant, params), contextlib.redirect_stdout(io.StringIO()), \
            _explorers_without_figures(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            try:
                code = compile(cell.source, f"<master {set_name} cell {index}>", "exec")
                exec(code, namespace)  # noqa: S102 - the instructor's own master
            except Exception as err:
                raise MasterError(
                    f"master {set_name!r}, variant {variant}: cell {index} ({cell.get('id')}) "
                    f"raised {type(err).__name__}: {err}"
                ) from err
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
    folder = folder or exercises_dir()
    out = out or folder
    master = read_master(folder / "source" / f"{set_name}.ipynb")
    specs = question_specs(master, folder / "source" / f"{set_name}.ipynb")
    table = read_variants(set_name, folder)
    answers = {label: run_master(master, label, params, specs) for label, params in table.items()}
    key_text = render_key(set_name, specs, answers)
    nb_text = render_notebook(student_version(master))
    key_path, nb_path = out / "keys" / f"{set_name}.json", out / f"{set_name}.ipynb"
    if write:
        key_path.parent.mkdir(parents=True, exist_ok=True)
        key_path.write_text(key_text, encoding="utf-8")
        nb_path.write_text(nb_text, encoding="utf-8")
    return BuildResult(set_name, key_text, nb_text, key_path, nb_path, len(table) - 1, answers)
