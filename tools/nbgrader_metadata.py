"""Write the nbgrader metadata and hidden test cells into the exercise masters.

    .venv/bin/python tools/nbgrader_metadata.py            # all masters in exercises/source/
    .venv/bin/python tools/nbgrader_metadata.py intro      # one set
    .venv/bin/python tools/nbgrader_metadata.py --check    # exit 1 if a master is out of step

The masters are read from ``exercises/source/`` of the exercises folder: this repository's, or
the folder named by ``$PLATFORMLAB_EXERCISES`` (an instructor's private masters).

Everything is derived from each cell's ``metadata.platformlab`` by
:func:`platformlab.assign.master.nbgrader_metadata` (see that module's docstring); the
notebook is written as nbformat writes it, with its cell ids, sources and outputs unchanged.
Run it after adding or changing a question, then ``platformlab-assign build <set>``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from platformlab.assign.master import (  # noqa: E402
    MasterError, masters_in, nbgrader_metadata, nbgrader_problems,
)
from platformlab._resources import EXERCISES_ENV  # noqa: E402
from platformlab.exercises.sets import SetError, check_set_name, exercises_dir  # noqa: E402


def main(argv: list[str]) -> int:
    check = "--check" in argv
    names = [a for a in argv if not a.startswith("--")]
    for name in names:
        try:
            check_set_name(name)
        except SetError as err:
            print(f"error: {err}", file=sys.stderr)
            return 2
    folder = exercises_dir() / "source"
    paths = [folder / f"{n}.ipynb" for n in names] or sorted(folder.glob("*.ipynb"))
    missing = [path for path in paths if not path.is_file()]
    if missing or not paths:
        what = f"no master {missing[0]}" if missing else f"no masters in {folder}"
        print(f"error: {what} (masters there: {masters_in(folder)}; the folder is "
              f"${EXERCISES_ENV} if set, else the repository's exercises/)", file=sys.stderr)
        return 2
    status = 0
    for path in paths:
        text = path.read_text(encoding="utf-8")
        try:
            fixed = nbgrader_metadata(nbformat.reads(text, as_version=4))
        except MasterError as err:
            print(f"{path}: {err}", file=sys.stderr)
            status = 1
            continue
        except Exception as err:  # noqa: BLE001 - nbformat raises several types for a bad file
            print(f"{path}: not a readable notebook ({type(err).__name__}: {err})", file=sys.stderr)
            status = 1
            continue
        new_text = nbformat.writes(fixed) + "\n"
        problems = nbgrader_problems(fixed)
        if problems:
            print(f"{path}: " + "; ".join(problems), file=sys.stderr)
            status = 1
            continue
        if new_text == text:
            print(f"{path.name}: up to date")
        elif check:
            print(f"{path.name}: out of step (run tools/nbgrader_metadata.py)")
            status = 1
        else:
            path.write_text(new_text, encoding="utf-8")
            print(f"{path.name}: written")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
