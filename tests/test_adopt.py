"""The book's page "Adopt this module" (``adopt.md``) says what works: its commands are run here
as the page gives them, and the settings it names are the ones the build reads."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import yaml

from conftest import ROOT
from platformlab.assign.master import solution_regions
from test_book import toc_files

PAGE = (ROOT / "adopt.md").read_text(encoding="utf-8")


def test_the_page_is_in_the_book_and_names_the_real_settings():
    assert "adopt" in toc_files()
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    assert "url" in config["repository"] and "branch" in config["repository"]
    assert "baseurl" in config["html"]
    assert "exercises/source" in config["exclude_patterns"]
    for phrase in ("repository:\n  url: https://github.com/<you>/<name>", "html.baseurl",
                   "Source** to\n**GitHub Actions**", "`make test`", "`make book`",
                   ".github/workflows/book.yml", "PLATFORMLAB_EXERCISES"):
        assert phrase in PAGE, phrase
    assert (ROOT / ".github" / "workflows" / "book.yml").is_file()


def _page_commands() -> list[str]:
    block = re.search(r"```bash\n(.*?)```", PAGE, re.S).group(1)
    return [line for line in block.splitlines() if line and not line.startswith("export ")]


def test_an_own_set_built_from_private_masters_as_the_page_says(tmp_path: Path):
    """A master kept in a private folder is built with the page's commands into a student
    version and a key there; neither holds a line of its solutions, and the repository's own
    exercises folder is not touched."""
    private = tmp_path / "private" / "exercises"
    for sub in ("source", "variants", "keys"):
        (private / sub).mkdir(parents=True)
    master = nbformat.read(ROOT / "exercises" / "source" / "intro.ipynb", as_version=4)
    master.metadata["platformlab"] = {"set": "week3", "title": "Week 3"}
    nbformat.write(master, private / "source" / "week3.ipynb")
    rows = (ROOT / "exercises" / "variants" / "intro.csv").read_text().splitlines()[:4]
    (private / "variants" / "week3.csv").write_text("\n".join(rows) + "\n")
    before = sorted(p.name for p in (ROOT / "exercises").rglob("*"))

    env = {**os.environ, "PLATFORMLAB_EXERCISES": str(private)}
    bin_dir = Path(sys.executable).parent
    for command in _page_commands():
        command = command.replace("<set>", "week3").replace(".venv/bin/", f"{bin_dir}/")
        command = command.replace("tools/", f"{ROOT}/tools/")
        proc = subprocess.run(command, shell=True, env=env, cwd=tmp_path, capture_output=True,
                              text=True, timeout=300)
        assert proc.returncode == 0, f"{command}\n{proc.stdout}{proc.stderr}"

    student = (private / "week3.ipynb").read_text()
    key = (private / "keys" / "week3.json").read_text()
    assert '"set": "week3"' in key and "BEGIN SOLUTION" not in student
    solutions = [line.strip() for cell in nbformat.read(private / "source" / "week3.ipynb", 4).cells
                 for region in solution_regions(cell.source) for line in region.splitlines()
                 if len(line.strip()) > 24 and "answer_q" not in line]
    assert solutions
    for line in solutions:
        assert line not in student and line not in key, line
    assert sorted(p.name for p in (ROOT / "exercises").rglob("*")) == before
    shutil.rmtree(tmp_path / "private")
