"""Re-execute notebooks so that their stored outputs stay verified.

``python -m platformlab.notebooks execute chapters`` (or ``make execute``) runs every notebook
under the given paths in a fresh kernel, in its own folder, and writes the outputs back:
execution timing is not recorded and widget state is stored (so widgets render in the HTML
book). ``pytest --nbval`` then checks that the stored text outputs are what the code produces.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

__all__ = ["execute_notebook", "main"]


def execute_notebook(path: str | Path, timeout: int = 300) -> None:
    """Execute the notebook at ``path`` in place, storing outputs and widget state."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no such notebook")
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent.resolve())}},
        record_timing=False,
        store_widget_state=True,
    )
    client.execute()
    nb.metadata.pop("papermill", None)
    nbformat.validate(nb)
    nbformat.write(nb, path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m platformlab.notebooks", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("execute", help="re-execute notebooks in place")
    run.add_argument("paths", nargs="+", help="notebooks or folders of notebooks")
    args = parser.parse_args(argv)
    notebooks: list[Path] = []
    for item in map(Path, args.paths):
        if item.is_dir():
            notebooks += sorted(p for p in item.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
        elif item.suffix == ".ipynb" and item.is_file():
            notebooks.append(item)
        else:
            print(f"error: {item} is not a notebook or a folder", file=sys.stderr)
            return 2
    for nb_path in notebooks:
        print(f"executing {nb_path}")
        execute_notebook(nb_path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
