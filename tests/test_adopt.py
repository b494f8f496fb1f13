"""The book's page "Adopt this module" (``adopt.md``) says what works: its commands are run here
as the page gives them, and the settings it names are the ones the build reads."""

from __future__ import annotations

import copy
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
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


def _copied_master(set_name: str, title: str) -> nbformat.NotebookNode:
    """The intro master copied as step 1 of the page says: the three places it lists that name
    the set (metadata, the setup cell's start(...), the upload file name) now name ``set_name``."""
    master = nbformat.read(ROOT / "exercises" / "source" / "intro.ipynb", as_version=4)
    master.metadata["platformlab"] = {"set": set_name, "title": title}
    for cell in master.cells:
        cell.source = (cell.source.replace('start("intro"', f'start("{set_name}"')
                       .replace("<your id>_intro.ipynb", f"<your id>_{set_name}.ipynb"))
    return master


def _hand_written_table(rows: int) -> str:
    """A variants table written by hand: intro's columns, a practice row and ``rows`` rows."""
    lines = (ROOT / "exercises" / "variants" / "intro.csv").read_text().splitlines()
    return "\n".join(lines[: rows + 2]) + "\n"


def _run(command: str, env: dict, cwd: Path) -> None:
    bin_dir = Path(sys.executable).parent
    command = command.replace(".venv/bin/", f"{bin_dir}/")
    proc = subprocess.run(command, shell=True, env=env, cwd=cwd, capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, f"{command}\n{proc.stdout}{proc.stderr}"


def test_a_copied_master_that_still_names_intro_is_stopped_by_the_build(tmp_path: Path):
    """Each of the three places step 1 lists, left as `intro`, stops the build naming its cell."""
    from platformlab.assign.build import build
    from platformlab.assign.master import MasterError

    assert 'ex = start("intro", ...)' in PAGE and "`<your id>_intro.ipynb`" in PAGE
    folder = tmp_path / "exercises"
    for sub in ("source", "variants", "keys"):
        (folder / sub).mkdir(parents=True)
    (folder / "variants" / "week3.csv").write_text(_hand_written_table(4))
    good = _copied_master("week3", "Week 3")
    for missed, message in (("start", "names set 'intro' ('start(\"intro\"')"),
                            ("keyword", "names set 'intro' ('start(set_name=\"intro\"')"),
                            ("upload", "names set 'intro' ('<your id>_intro.ipynb')"),
                            ("metadata", "metadata.platformlab.set must be 'week3'; got 'intro'")):
        master = copy.deepcopy(good)
        if missed == "metadata":
            master.metadata["platformlab"]["set"] = "intro"
        old = {"start": ('start("week3"', 'start("intro"'),
               "keyword": ('start("week3"', 'start(set_name="intro"'),
               "upload": ("_week3.ipynb", "_intro.ipynb")}.get(missed)
        for cell in master.cells if old else ():
            cell.source = cell.source.replace(*old)
        nbformat.write(master, folder / "source" / "week3.ipynb")
        with pytest.raises(MasterError, match=re.escape(message)):
            build("week3", folder, write=False)
    both = copy.deepcopy(good)  # two places missed: one message names both, with their cells
    for cell in both.cells:
        cell.source = cell.source.replace('start("week3"', 'start("intro"').replace(
            "_week3.ipynb", "_intro.ipynb")
    nbformat.write(both, folder / "source" / "week3.ipynb")
    with pytest.raises(MasterError, match=r"cell \S+ names set 'intro' \('start\(\"intro\"'\); "
                                          r"cell \S+ names set 'intro' \('<your id>_intro"):
        build("week3", folder, write=False)
    assert not (folder / "week3.ipynb").exists()


def test_an_own_set_in_the_repository_passes_the_forks_exercise_tests(tmp_path: Path):
    """Step 5 of the page followed in a copy of the repository (a fork): its commands build the
    set, and the fork's own exercise tests then pass for it: student version and key fresh, the
    hand-written table well formed, the master's solutions graded full marks, an empty notebook
    zero; the tests tied to the module's own widget questions report it as skipped."""
    from platforms import copy_repository

    fork = copy_repository(tmp_path / "fork")
    nbformat.write(_copied_master("week3", "Week 3"), fork / "exercises" / "source" / "week3.ipynb")
    (fork / "exercises" / "variants" / "week3.csv").write_text(_hand_written_table(6))
    env = {**os.environ, "PYTHONPATH": str(fork), "PLATFORMLAB_NO_PREWARM": "1"}
    env.pop("PLATFORMLAB_EXERCISES", None)
    step = PAGE[PAGE.index("## 5. Add an exercise set"):PAGE.index("## 6.")]
    commands = re.findall(r"`(\.venv/bin/[^`]+)`", step)
    assert len(commands) == 3, commands  # the check, the hidden tests, the build
    for command in commands:
        _run(command.replace("<set>", "week3"), env, fork)
    toc = (fork / "_toc.yml").read_text()
    (fork / "_toc.yml").write_text(toc.replace("      - file: exercises/privacy\n",
                                               "      - file: exercises/privacy\n"
                                               "      - file: exercises/week3\n"))
    tests = ["tests/test_exercises_build.py", "tests/test_grading_every_set.py",
             "tests/test_variant_sliders.py", "tests/test_widget_answers.py"]
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rA", "-p", "no:cacheprovider", *tests,
         "-k", "week3 or generator_module or every_master or variants_check"],
        cwd=fork, env=env, capture_output=True, text=True, timeout=600)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out[-6000:]
    passed = set(re.findall(r"^PASSED (\S+)", out, re.M))
    for test in ("test_exercises_build.py::test_committed_key_is_not_stale[week3]",
                 "test_exercises_build.py::test_committed_student_version_is_not_stale[week3]",
                 "test_exercises_build.py::test_no_solution_code_in_the_student_version[week3]",
                 "test_exercises_build.py::test_variants_table_is_generated_or_well_formed"
                 "[week3]",
                 "test_exercises_build.py::test_every_set_has_one_generator_module_listed_by_name",
                 "test_grading_every_set.py::test_solutions_earn_full_marks_and_an_empty_notebook"
                 "_none[week3]"):
        assert f"tests/{test}" in passed, (test, out[-4000:])
    assert len(re.findall(r"^SKIPPED .*week3 is an added set", out, re.M)) == 2, out[-3000:]
    assert str(fork) in subprocess.run(
        [sys.executable, "-c", "import platformlab; print(platformlab.__file__)"], cwd=fork,
        env=env, capture_output=True, text=True).stdout  # the fork's own package was tested


def test_an_own_set_built_from_private_masters_as_the_page_says(tmp_path: Path):
    """A master kept in a private folder is built with the page's commands into a student
    version and a key there; neither holds a line of its solutions, and the repository's own
    exercises folder is not touched."""
    private = tmp_path / "private" / "exercises"
    for sub in ("source", "variants", "keys"):
        (private / sub).mkdir(parents=True)
    nbformat.write(_copied_master("week3", "Week 3"), private / "source" / "week3.ipynb")
    (private / "variants" / "week3.csv").write_text(_hand_written_table(2))
    before = sorted(p.name for p in (ROOT / "exercises").rglob("*"))

    env = {**os.environ, "PLATFORMLAB_EXERCISES": str(private)}
    for command in _page_commands():
        command = command.replace("<set>", "week3").replace("tools/", f"{ROOT}/tools/")
        _run(command, env, tmp_path)

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


def test_a_private_sets_student_version_follows_the_forks_repository(tmp_path: Path):
    """The three files of a private set copied into a fork that then names its own repository:
    `make colab-cells` (setup-cells) rewrites the student version's Colab setup cell too (it
    has no master in the fork to be rebuilt from), and the fork's own setup-cell and address
    tests pass for it."""
    from platforms import copy_repository

    private = tmp_path / "private" / "exercises"
    for sub in ("source", "variants", "keys"):
        (private / sub).mkdir(parents=True)
    nbformat.write(_copied_master("week4", "Week 4"), private / "source" / "week4.ipynb")
    (private / "variants" / "week4.csv").write_text(_hand_written_table(3))
    env = {**os.environ, "PLATFORMLAB_EXERCISES": str(private)}
    for command in _page_commands():
        _run(command.replace("<set>", "week4").replace("tools/", f"{ROOT}/tools/"), env, tmp_path)

    fork = copy_repository(tmp_path / "fork")
    for name in ("week4.ipynb", "keys/week4.json", "variants/week4.csv"):
        shutil.copy(private / name, fork / "exercises" / name)
    config = fork / "_config.yml"
    old = yaml.safe_load(config.read_text())["repository"]["url"]
    config.write_text(config.read_text().replace(old, "https://github.com/econ-dept/course"))
    env = {**os.environ, "PYTHONPATH": str(fork), "PLATFORMLAB_NO_PREWARM": "1"}
    env.pop("PLATFORMLAB_EXERCISES", None)
    # `make colab-cells` runs this, then rebuilds the student versions that have a master here
    # (tested in test_platform_config); a private set's has none.
    assert "$(BIN)/python -m platformlab.notebooks setup-cells\n" in (fork / "Makefile").read_text()
    _run(".venv/bin/python -m platformlab.notebooks setup-cells", env, fork)

    student = nbformat.read(fork / "exercises" / "week4.ipynb", as_version=4)
    setup = next(cell for cell in student.cells if cell.cell_type == "code")
    assert "git+https://github.com/econ-dept/course@" in setup.source
    assert old not in nbformat.writes(student)
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rA", "-p", "no:cacheprovider",
         "tests/test_platform_config.py", "-k", "week4 or setup_cells_command"],
        cwd=fork, env=env, capture_output=True, text=True, timeout=600)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out[-6000:]
    assert ("PASSED tests/test_platform_config.py::test_every_notebook_opens_with_the_same_setup"
            "_cell[exercises/week4.ipynb]") in out, out[-4000:]
    assert "PASSED tests/test_platform_config.py::test_setup_cells_command_reports_nothing_stale" \
        in out, out[-4000:]
