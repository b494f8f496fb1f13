"""Masters, student versions and keys: fresh, leak-free, runnable (platformlab.assign.build)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import OWN_SETS
from platformlab.assign import main
from platformlab.assign.build import build
from platformlab.assign.master import MasterError, solution_regions, student_version
from platformlab.assign.variants import GENERATORS, check_table, generate, to_csv
from platformlab.exercises.sets import (
    SetError, check_key_fits_table, exercises_dir, read_key, read_variants,
)

FOLDER = exercises_dir()
SETS = sorted(p.stem for p in (FOLDER / "source").glob("*.ipynb"))


@pytest.fixture(scope="module", params=SETS)
def fresh(request):
    return build(request.param, FOLDER, write=False)


def test_every_master_has_a_committed_student_version_key_and_variants():
    assert SETS, "no masters in exercises/source"
    for name in SETS:
        for path in (FOLDER / f"{name}.ipynb", FOLDER / "keys" / f"{name}.json",
                     FOLDER / "variants" / f"{name}.csv"):
            assert path.is_file(), f"{path} missing: run platformlab-assign build {name}"


def test_committed_student_version_is_not_stale(fresh):
    assert fresh.notebook_path.read_text(encoding="utf-8") == fresh.notebook_text, (
        f"{fresh.notebook_path} is stale: run platformlab-assign build {fresh.set_name}")


def test_committed_key_is_not_stale(fresh):
    assert fresh.key_path.read_text(encoding="utf-8") == fresh.key_text, (
        f"{fresh.key_path} is stale: run platformlab-assign build {fresh.set_name}")


@pytest.mark.parametrize("set_name", sorted(p.stem for p in (FOLDER / "keys").glob("*.json")))
def test_every_key_was_built_from_its_table(set_name: str):
    """Every committed key (a set whose master is private too) counts as many variants as its
    table: the notebook chooses a variant from the table, the grader from the key."""
    table = read_variants(set_name, FOLDER)
    assert read_key(set_name, FOLDER)["n_variants"] == len(table) - 1, (
        f"keys/{set_name}.json and variants/{set_name}.csv disagree: build the key again")
    check_key_fits_table(set_name, read_key(set_name, FOLDER), table, FOLDER)


def test_a_table_changed_after_its_key_is_refused_where_it_would_mislead(tmp_path, monkeypatch,
                                                                        capsys):
    """A row added to a table without building the key again: the student's notebook stops at
    start() and `variants --check` exits 1, each naming both files and the fix, instead of
    the notebook showing one variant while the grader judges another."""
    from platformlab.exercises import start

    folder = tmp_path / "exercises"
    shutil.copytree(FOLDER, folder)
    table = folder / "variants" / "intro.csv"
    lines = table.read_text().splitlines()
    last = lines[-1].split(",", 1)
    table.write_text("\n".join([*lines, f"{int(last[0]) + 1},{last[1]}"]) + "\n")
    n = len(lines) - 2
    expected = (f"keys/intro.json was built for {n} variants, but {table} has {n + 1}: build "
                f"the key again from the master (platformlab-assign build intro)")
    monkeypatch.setenv("PLATFORMLAB_EXERCISES", str(folder))
    with pytest.raises(SetError, match=re.escape(expected)):
        start("intro", "s1000001", show=False)
    assert main(["variants", "intro", "--check"]) == 1
    assert expected in capsys.readouterr().err


def test_a_mistyped_set_name_or_a_missing_column_is_named(tmp_path, monkeypatch, capsys):
    """What an instructor adding a set may type: a file name for a set name, a set with no
    master or no table, a table without a column the master reads. Each message names it and
    the fix (no restore-from-git advice for a name that is simply wrong)."""
    folder = tmp_path / "exercises"
    shutil.copytree(FOLDER, folder)
    monkeypatch.setenv("PLATFORMLAB_EXERCISES", str(folder))
    with pytest.raises(SetError, match=re.escape("got 'nosuchset.ipynb' (give the set's name, "
                                                 "'nosuchset', not a file name)")):
        build("nosuchset.ipynb", folder, write=False)
    with pytest.raises(MasterError, match=re.escape("nosuchset.ipynb not found (masters there: "
                                                    "human_capital, intro, logistics,")):
        build("nosuchset", folder, write=False)
    with pytest.raises(SetError, match=r"unknown exercise set 'weeek3'.*known sets: human_capital"
                                       r".*to fix: check the set name against the known sets\]"):
        read_variants("weeek3", folder)
    assert main(["variants", "weeek3", "--check"]) != 0
    assert "check the set name" in capsys.readouterr().err
    table = folder / "variants" / "intro.csv"
    header, *rows = table.read_text().splitlines()
    drop = header.split(",").index("start_year")
    table.write_text("\n".join(",".join(v for i, v in enumerate(line.split(",")) if i != drop)
                               for line in [header, *rows]) + "\n")
    with pytest.raises(MasterError, match=re.escape(
            "raised KeyError: 'start_year': the variants table variants/intro.csv has no column "
            "'start_year' (its columns: ")):
        build("intro", folder, write=False)


def test_variants_table_is_generated_or_well_formed(fresh):
    """The module's own tables (each keeps the seeded generator it came from) are byte for byte
    their generator's; an added set's hand-written table passes the form check (the same check ``platformlab-assign variants --check`` runs)."""
    path = FOLDER / "variants" / f"{fresh.set_name}.csv"
    if fresh.set_name in OWN_SETS or fresh.set_name in GENERATORS:
        assert path.read_text(encoding="utf-8") == to_csv(*generate(fresh.set_name))
        assert "matches the generator" in check_table(fresh.set_name)
    else:
        assert "written by hand" in check_table(fresh.set_name)


def test_every_set_has_one_generator_module_listed_by_name():
    """One module per own set in ``variant_sets`` (intro included), each listed, none registered
    by an import side effect; every generator belongs to a set."""
    import pkgutil

    from platformlab.assign import variant_sets

    modules = {info.name for info in pkgutil.iter_modules(variant_sets.__path__)}
    assert modules == set(GENERATORS) and set(OWN_SETS) <= set(GENERATORS) <= set(SETS)
    for name, (func, n, seed) in GENERATORS.items():
        assert func.__module__ == f"platformlab.assign.variant_sets.{name}"
        assert n >= 30 and seed > 0


def test_the_variants_check_names_what_is_wrong_with_a_table(tmp_path, monkeypatch, capsys):
    """A table written by hand is checked for form, and each fault is named with its line; a
    generated table that was edited is caught; the command exits 1 and changes nothing."""
    folder = tmp_path / "exercises"
    shutil.copytree(FOLDER, folder)
    good = (FOLDER / "variants" / "intro.csv").read_text().splitlines()[:5]
    faults = {
        "ragged": [good[0], good[1], good[2] + ",9"],
        "short": [good[0], good[1], good[2].rsplit(",", 1)[0]],
        "empty": [good[0], good[1], good[2].replace(",2013,", ",,")],
        "twice": [good[0] + ",period", *(line + ",x" for line in good[1:3])],
        "labels": [good[0], good[1], good[3]],
        "repeated": [*good[:4], good[3]],
        "nopractice": [good[0], *good[2:5]],
        "onlypractice": good[:2],
        "headeronly": good[:1],
        "nolabel": [good[0].replace("variant,", "row,"), *good[1:3]],
        "capital": [good[0].replace("variant,", "Variant,"), *good[1:3]],
        "semicolons": [line.replace(",", ";") for line in good],
        "tabs": [line.replace(",", "\t") for line in good],
        "trailing": [line + ",," for line in good],
    }
    expected = {"ragged": "line 3: 10 values for 9 columns", "short": "line 3: 8 values for 9",
                "empty": "line 3: no value in column 'start_year'",
                "twice": "column 'period' appears twice",
                "labels": "line 3: variant '1' where 0 comes next (variants must be 'practice' "
                          "and 0, 1, 2, ... in order, each once)",
                "repeated": "line 5: variant '1' where 2 comes next",
                "nopractice": "has no 'practice' row",
                "onlypractice": "has only a 'practice' row",
                "headeronly": "has a header but no rows",
                "nolabel": "needs a 'variant' column; its header line is 'row,",
                "capital": "the column 'Variant' must be named 'variant'",
                "semicolons": "its columns are separated by ';', not ','",
                "tabs": "its columns are separated by tabs, not ','",
                "trailing": "has columns with no name at the end of its header line"}
    for name, lines in faults.items():
        (folder / "variants" / f"w{name}.csv").write_text("\n".join(lines) + "\n")
        with pytest.raises(SetError, match=re.escape(expected[name])):
            check_table(f"w{name}", folder)
        with pytest.raises(SetError, match=re.escape(expected[name])) as err:
            read_variants(f"w{name}", folder)  # what the build, grader and notebook read
        # a table is fixed by editing it (and checking it again), not by restoring or rebuilding
        assert f"to fix: correct the table, then check it with platformlab-assign variants " \
               f"w{name} --check" in str(err.value)
        assert "make exercises" not in str(err.value)
    # what Excel's "CSV UTF-8" writes (a byte-order mark) and a blank line at the end are fine
    (folder / "variants" / "wgood.csv").write_text("\ufeff" + "\n".join(good) + "\n\n",
                                                   encoding="utf-8")
    assert list(read_variants("wgood", folder)) == ["practice", "0", "1", "2"]
    (folder / "variants" / "wgood.csv").write_text("\n".join(good) + "\n")
    assert check_table("wgood", folder).endswith("written by hand, its form is right "
                                                 "(3 variants + practice)")
    edited = (folder / "variants" / "intro.csv").read_text().replace("0.798", "0.799", 1)
    (folder / "variants" / "intro.csv").write_text(edited)
    with pytest.raises(SetError, match="differs from what its generator makes"):
        check_table("intro", folder)
    assert (folder / "variants" / "intro.csv").read_text() == edited

    monkeypatch.setenv("PLATFORMLAB_EXERCISES", str(folder))
    capsys.readouterr()
    assert main(["variants", "wgood", "--check"]) == 0
    assert "written by hand" in capsys.readouterr().out
    assert main(["variants", "wempty", "--check"]) == 1
    assert "no value in column 'start_year'" in capsys.readouterr().err
    assert main(["variants", "intro", "--check"]) == 1
    assert main(["variants", "wgood", "--force"]) == 2
    assert "written by hand" in capsys.readouterr().err
    assert (folder / "variants" / "wgood.csv").read_text() == "\n".join(good) + "\n"


def _number_spellings(value) -> set[str]:
    """Ways an answer could be written into a notebook (at least 3 significant digits)."""
    out = set()
    if isinstance(value, (list, tuple)):
        for v in value:
            out |= _number_spellings(v)
        return out
    x = float(value)
    for digits in (2, 3, 4):
        text = f"{x:.{digits}f}"
        if len(text.replace("-", "").replace(".", "").lstrip("0")) >= 3:
            out.add(text)
    return out


def test_no_solution_code_in_the_student_version(fresh):
    master = nbformat.read(FOLDER / "source" / f"{fresh.set_name}.ipynb", as_version=4)
    student = fresh.notebook_text
    assert "BEGIN SOLUTION" not in student and "END SOLUTION" not in student
    # Text the master itself shows students outside any solution (a function's signature in a
    # scaffold cell, an instruction quoting the line to write) is public by design; every other
    # solution line must not leak.
    public = []
    for cell in master.cells:
        outside = cell.source
        for region in solution_regions(cell.source):
            outside = outside.replace(region, "")
        public.append(outside)
    public = "\n".join(public)
    for cell in master.cells:
        for region in solution_regions(cell.source):
            for line in region.splitlines():
                line = line.strip()
                if len(line) > 12 and line not in public:
                    assert json.dumps(line)[1:-1] not in student, f"solution line leaked: {line}"
    assert '"rubric"' not in student and '"synonyms"' not in student


def test_no_answer_value_in_the_student_version_or_the_key(fresh):
    texts = {"student version": fresh.notebook_text, "key": fresh.key_text}
    for variant, answers in fresh.answers.items():
        for qid, value in answers.items():
            if callable(value):  # a function question: its outputs are in the key only hashed
                continue
            if isinstance(value, str):
                pattern = rf"answer_{qid}\s*=\s*[\"']{re.escape(value)}[\"']"
                for name, text in texts.items():
                    assert not re.search(pattern, text.replace('\\"', '"')), (name, qid)
                continue
            for spelling in _number_spellings(value):
                for name, text in texts.items():
                    assert spelling not in text, f"{qid} of variant {variant} ({spelling}) in {name}"


def test_student_version_has_no_outputs_and_declares_its_set(fresh):
    nb = nbformat.reads(fresh.notebook_text, as_version=4)
    assert nb.metadata["platformlab"]["set"] == fresh.set_name
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None


def test_cells_that_show_an_explorer_carry_its_practice_recipe_for_the_book(fresh):
    """The student version has no outputs, so a cell that displays an explorer carries how to
    build it (as the practice variant builds it) in its metadata; the book makes it live."""
    from platformlab.assign.build import EXPLORER_KEY
    from platformlab.explore import Explorer
    from platformlab.explore.book import book_sliders, rebuild

    nb = nbformat.reads(fresh.notebook_text, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    displays = [c.id for c in code if re.search(r"Explorer\b.*\n(\w+)\s*$", c.source, re.S)]
    carried = [c.id for c in code if EXPLORER_KEY in c.metadata]
    assert displays and carried == displays
    for cell in code:
        if EXPLORER_KEY in cell.metadata:
            stored = cell.metadata[EXPLORER_KEY]
            explorer = rebuild(stored["recipe"])
            assert isinstance(explorer, Explorer) and type(explorer).__name__ in cell.source
            assert stored["title"] and book_sliders(explorer)


def test_student_version_runs_top_to_bottom_and_says_not_attempted(fresh, tmp_path):
    nb = nbformat.reads(fresh.notebook_text, as_version=4)
    NotebookClient(nb, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    text = "".join(o.get("text", "") + str(o.get("data", {}).get("text/plain", ""))
                   for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    assert "PRACTICE" in text
    graded = [c for c in nb.cells if c.cell_type == "code" and "platformlab" in c.metadata
              and c.metadata["platformlab"]["kind"] != "setup"]
    for cell in graded:
        qid = cell.metadata["platformlab"]["id"]
        assert f"{qid}: not attempted" in str(cell.outputs), qid
    assert not any(o.get("output_type") == "error" for c in nb.cells
                   if c.cell_type == "code" for o in c.outputs)


def test_example_set_uses_every_question_kind():
    key = json.loads((FOLDER / "keys" / "intro.json").read_text())
    kinds = {q["kind"] for q in key["questions"]}
    assert {"number", "choice", "text", "vector", "free_text"} <= kinds
    tolerances = {next(iter(q["tolerance"])) for q in key["questions"] if q["kind"] == "number"}
    assert tolerances == {"abs", "sig", "rel"}
    master = (FOLDER / "source" / "intro.ipynb").read_text()
    assert master.count("explorer.") >= 1 and "AccessGapExplorer" in master


def _broken_copy(tmp_path: Path, old: str, new: str) -> Path:
    folder = tmp_path / "exercises"
    shutil.copytree(FOLDER, folder)
    path = folder / "source" / "intro.ipynb"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    return folder


@pytest.mark.parametrize("old, new, message", [
    ("### END SOLUTION\\n\",\n    \"ex.check(\\\"q1\\\"", "\\n\",\n    \"ex.check(\\\"q1\\\"",
     "without '### END SOLUTION'"),
    ('"id": "q2"', '"id": "q1"', "used twice"),
    ("answer_q1 = row", "answer_qx = row", "(q1-answer) raised NameError"),
    (r'AccessGapExplorer(population_million=p[\"population_million\"])',
     r'AccessGapExplorer(population_million=__import__(\"fractions\").Fraction(1405))',
     "displays AccessGapExplorer, whose arguments cannot be stored for the book"),
    (r'"ex.check(\"q4\", answer_q4)"', r'"ex.check(\"q4\", answer_q4)\n", "explorer"',
     "displays an explorer and holds a solution"),
    ('"kind": "number",\n     "points": 2', '"kind": "number",\n     "points": -1',
     "'points' must be a positive number"),
])
def test_broken_master_gives_a_message_naming_the_cell(tmp_path, old, new, message):
    folder = _broken_copy(tmp_path, old, new)
    with pytest.raises(MasterError, match=re.escape(message)):
        build("intro", folder, write=False)


def test_build_command_builds_into_the_exercises_folder(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "exercises"
    shutil.copytree(FOLDER, folder)
    (folder / "intro.ipynb").unlink()
    monkeypatch.setenv("PLATFORMLAB_EXERCISES", str(folder))
    assert main(["build", "intro"]) == 0
    assert (folder / "intro.ipynb").read_text() == (FOLDER / "intro.ipynb").read_text()
    assert main(["check", "intro"]) == 0
    assert main(["variants", "intro", "--check"]) == 0
    assert main(["build", "nosuchset"]) == 2
    assert "not found" in capsys.readouterr().err


def test_student_version_function_replaces_solutions_with_the_answer_variable():
    master = nbformat.read(FOLDER / "source" / "intro.ipynb", as_version=4)
    nb = student_version(master)
    sources = [c.source for c in nb.cells]
    assert any(s.startswith("answer_q1 = ...  # YOUR ANSWER HERE") for s in sources)
    assert "YOUR ANSWER HERE" in sources[[c.get("id") for c in nb.cells].index("q8-answer")]


def test_one_build_switch_draws_no_figure_and_patches_nothing(monkeypatch):
    """Issue 17: the build runs masters under one switch (platformlab._building); explorers
    compute without drawing, start() takes the variant given, and no third-party class is
    patched (matplotlib's Figure.savefig is the library's own throughout, and never called)."""
    from matplotlib.figure import Figure

    from platformlab import _building
    from platformlab.exercises import start
    from platformlab.explore.connectivity import AccessGapExplorer

    savefig, calls = Figure.savefig, []

    def watched(self, *args, **kwargs):
        calls.append(Figure.savefig is watched)  # still ours: nobody swapped it meanwhile
        return savefig(self, *args, **kwargs)

    monkeypatch.setattr(Figure, "savefig", watched)
    result = build("intro", FOLDER, write=False)
    assert result.answers and calls == [] and Figure.savefig is watched
    assert _building.current() is None
    with _building.building("7", {"urban_rate": 0.5}) as state:
        assert _building.current() is state
        ex = start("intro", student_id="s1")
        assert ex.variant == "7" and ex.params == {"urban_rate": 0.5}
        assert str(ex.check("q1", 1.0)) == "q1: answer recorded for the key"
        explorer = AccessGapExplorer()
        assert explorer.result is not None and explorer.image.value == b""
    assert _building.current() is None
    assert AccessGapExplorer().image.value != b""  # outside the build it draws again
    assert calls  # ... with the library's savefig
