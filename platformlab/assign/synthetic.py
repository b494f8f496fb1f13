"""Synthetic submissions, for tests and the grading benchmark.

A "solved" submission is the committed student version with the student's id typed in and each
answer cell's code taken from the master (read from ``exercises/source/`` at run time: the
package itself holds no solutions). An unsolved one is the student version with only the id.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import nbformat

from platformlab.exercises.sets import exercises_dir

__all__ = ["make_submission", "write_submission"]


def make_submission(set_name: str, student_id: str, solved: bool = True,
                    folder: Path | None = None, free_text: str = "SIM cards are not people."
                    ) -> nbformat.NotebookNode:
    """A notebook as a student would submit it: id typed in, answers solved or not."""
    folder = folder or exercises_dir()
    nb = nbformat.read(folder / f"{set_name}.ipynb", as_version=4)
    master = nbformat.read(folder / "source" / f"{set_name}.ipynb", as_version=4)
    by_id: dict[str, Any] = {c.get("id"): c for c in master.cells}
    for cell in nb.cells:
        meta = cell.metadata.get("platformlab", {})
        if meta.get("kind") == "setup":
            cell.source = cell.source.replace('STUDENT_ID = ""', f'STUDENT_ID = "{student_id}"')
        elif solved and meta.get("kind") == "free_text":
            cell.source = free_text
        elif solved and meta and cell.cell_type == "code" and cell.get("id") in by_id:
            cell.source = copy.deepcopy(by_id[cell.get("id")].source)
    return nb


def write_submission(path: Path, nb: Any) -> Path:
    """Write ``nb`` to ``path`` and return the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path
