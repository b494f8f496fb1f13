"""What the student versions' texts promise holds when a student runs them.

* Every model module a text names (`privacy.generalise`, `help(privacy.simulate_survey)`,
  `matching.deferred_acceptance`, ...) is imported by the time the student runs the next code
  cell, so the name never gives a NameError.
* Every question that asks for a chart says whether the chart is graded.
* Each set's stated time is the one the instructor guide derives from the timed trial.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
from pathlib import Path

import nbformat
import pytest

from conftest import OWN_SETS

ROOT = Path(__file__).resolve().parents[1]
SETS = OWN_SETS  # the texts and rubrics checked here are the module's own
MODULES = ("connectivity", "matching", "logistics", "diffusion", "human_capital", "privacy")
#: `privacy.generalise`, `help(privacy.simulate_survey)`, `matching.deferred_acceptance(...)`
_MENTION = re.compile(r"`(?:help\()?(" + "|".join(MODULES) + r")\.(\w+)")


def _student(set_name: str) -> list[dict]:
    return json.loads((ROOT / "exercises" / f"{set_name}.ipynb").read_text("utf-8"))["cells"]


def test_the_mention_pattern():
    text = "use `privacy.generalise` or see `help(privacy.simulate_survey)`; `platformlab.models`"
    assert _MENTION.findall(text) == [("privacy", "generalise"), ("privacy", "simulate_survey")]


@pytest.mark.parametrize("set_name", SETS)
def test_every_module_a_text_names_is_imported_by_the_next_code_cell(set_name):
    import matplotlib

    matplotlib.use("Agg")
    from platformlab.explore import Explorer

    namespace: dict = {}
    pending: list[tuple[str, str, str]] = []
    mentioned = 0
    with Explorer.headless():
        for cell in _student(set_name):
            source = "".join(cell["source"])
            if cell["cell_type"] == "markdown":
                pending += [(cell["id"], module, name) for module, name in _MENTION.findall(source)]
                continue
            with contextlib.redirect_stdout(io.StringIO()):
                exec(compile(source, cell["id"], "exec"), namespace)  # blank answers run too
            for where, module, name in pending:
                assert module in namespace, (f"{set_name}: cell {where} names `{module}.{name}` "
                                             f"but no cell up to {cell['id']} imports {module}")
                assert hasattr(namespace[module], name), (where, module, name)
                mentioned += 1
            pending = []
    assert not pending, pending
    if set_name in ("matching", "social_commerce", "privacy"):
        assert mentioned  # the pattern finds the names these sets do mention


@pytest.mark.parametrize("set_name", SETS)
def test_every_chart_a_question_asks_for_says_whether_it_is_graded(set_name):
    for cell in _student(set_name):
        text = " ".join("".join(cell["source"]).split())
        if cell["cell_type"] == "markdown" and text.startswith("## Question") and re.search(
                r"\bdraw\b", text, re.IGNORECASE):
            assert "not graded" in text, (set_name, cell["id"])


def test_each_sets_stated_time_is_the_one_the_instructor_guide_derives():
    """Issue 16: the time on a set's first line is the guide's table, which says where it comes
    from (the timed trial, or the earlier estimate scaled by the trial's factor)."""
    guide = (ROOT / "instructors.md").read_text(encoding="utf-8")
    section = guide.split("## How long a set takes", 1)[1].split("\n## ", 1)[0]
    table = dict(re.findall(r"^\| `(\w+)` \| about (\d+) minutes \|", section, re.M))
    assert sorted(table) == sorted(SETS)
    trial, stated_then = (int(x) for x in re.search(r"took \*\*(\d+) minutes\*\* against the (\d+)",
                                                    section).groups())
    for set_name in SETS:
        master = nbformat.read(ROOT / "exercises" / "source" / f"{set_name}.ipynb", as_version=4)
        stated = re.search(r"\*\*Time:\*\* about (\d+) minutes", master.cells[0].source
                           + "".join(c.source for c in master.cells[1:3]))
        assert stated and stated.group(1) == table[set_name], set_name
        row = re.search(rf"^\| `{set_name}` \|[^|]*\| (.*) \|$", section, re.M).group(1)
        earlier = re.search(r"the earlier (\d+) minutes × (\d+)/(\d+)", row)
        if earlier:  # scaled: the arithmetic, rounded to 5 minutes
            value = int(earlier.group(1)) * trial / stated_then
            assert int(table[set_name]) == 5 * round(value / 5), set_name
        else:  # timed
            assert f"timed: {trial} minutes" in row and abs(int(table[set_name]) - trial) <= 2.5
