"""Every variant is answerable as asked (issue 16): each explorer setting a question needs, for
every row of every variants table, lies inside the slider's range and on its grid -- or the
question says how to get the answer without it.

The ranges and steps come from the explorers' own slider declarations
(:meth:`platformlab.explore.base.Explorer.slider`), never from numbers typed here. A need is one
of:

* ``set``: the question gives the value to set (``p["cost"]``, or a value the student works out
  such as the efficiency raised by ``p["gain_pct"]`` percent): it must be inside the range and
  exactly on the grid;
* ``search``: the student moves the slider until something happens (the national rate reaches
  the target, the profit is highest): the value must be inside the range, and the answer read
  at the nearest step of the grid must be accepted by the key;
* ``compute``: the question tells the student to compute the answer rather than read it (the
  words in ``phrase`` must be in the question): the value must still be inside the range, so
  the slider can be used to look.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Any, Callable

import nbformat
import pytest

from conftest import OWN_SETS
from platformlab.exercises import start
from platformlab.exercises.sets import exercises_dir, read_variants
from platformlab.explore import connectivity as conn
from platformlab.explore import diffusion, human_capital, matching, privacy
from platformlab.explore import logistics
from platformlab.explore.base import Explorer


@dataclass(frozen=True)
class Need:
    """One explorer setting a question needs, as a function of the variant's row ``p``."""

    explorer: type
    slider: str
    value: Callable[[dict[str, Any]], float]
    how: str = "set"
    answer: Callable[[dict[str, Any], float], Any] | None = None  # search: answer at a step
    phrase: str | None = None  # compute: what the question says


def _group_best_discount(p: dict[str, Any]) -> float:
    with Explorer.headless():
        group = diffusion.GroupBuyingExplorer(contacts=p["contacts"], cost=0.4)
        group.update(team_size=p["team_size"])
        return float(group.result.best_discount)


def _lever_test_score(p: dict[str, Any]) -> float:
    with Explorer.headless():
        return float(human_capital.HCILeverExplorer().values()["test_score"]) + p["score_gain"]


NEEDS: dict[str, dict[str, list[Need]]] = {
    "intro": {
        "q4": [Need(conn.AccessGapExplorer, name, lambda p, n=name: p[n])
               for name in ("urban_rate", "rural_rate", "urban_share")],
        "q5": [Need(conn.AccessGapExplorer, "rural_rate",
                    lambda p: (p["target_rate"] - p["urban_share"] * p["urban_rate"])
                    / (1 - p["urban_share"]),
                    "search", answer=lambda p, at_step: 100 * at_step)],
    },
    "matching": {
        "q3": [Need(matching.TwoSidedPricingExplorer, name, lambda p, n=name: p[n])
               for name in ("alpha_1", "alpha_2", "cost_1", "cost_2")],
        "q4": [Need(matching.TwoSidedPricingExplorer, name, lambda p, n=name: p[n])
               for name in ("alpha_1", "alpha_2", "cost_1", "cost_2")],
        "q5": [Need(matching.MatchingFunctionExplorer, "efficiency", lambda p: p["efficiency"]),
               Need(matching.MatchingFunctionExplorer, "vacancies", lambda p: p["vacancies"]),
               Need(matching.MatchingFunctionExplorer, "efficiency",
                    lambda p: p["efficiency"] * (1 + p["gain_pct"] / 100)),
               Need(matching.MatchingFunctionExplorer, "vacancies",
                    lambda p: p["vacancies"] * (1 + p["gain_pct"] / 100) ** 2,
                    "compute", phrase="compute it exactly")],
    },
    "privacy": {
        "q1": [Need(privacy.SegmentPricingExplorer, "k", lambda p: p["k"])],
        "q2": [Need(privacy.DefaultsExplorer, "cost", lambda p: p["cost"]),
               Need(privacy.DefaultsExplorer, "mean", lambda p: p["mean"]),
               Need(privacy.DefaultsExplorer, "sd", lambda p: 1.0)],
        # not a widget question, but it asks the student to check the answer on the explorer
        "q6": [Need(privacy.PrivacyBudgetExplorer, "upper", lambda p: p["upper"]),
               Need(privacy.PrivacyBudgetExplorer, "epsilon",
                    lambda p: p["upper"] / 1000 / p["target_error"])],
    },
    "human_capital": {
        "q4": [Need(human_capital.HCILeverExplorer, "test_score", _lever_test_score)],
        "q5": [Need(human_capital.TrainingValueExplorer, "return_to_schooling", lambda p: p["r"]),
               Need(human_capital.TrainingValueExplorer, "extra_years",
                    lambda p: p["extra_years"])],
        "q6": [Need(human_capital.TaskExplorer, "automation_threshold",
                    lambda p: p["automation"]),
               Need(human_capital.TaskExplorer, "new_task_frontier", lambda p: p["new_tasks"]),
               Need(human_capital.TaskExplorer, "elasticity", lambda p: p["elasticity"])],
    },
    "logistics": {
        "q3": [Need(logistics.ServiceCentreExplorer, "fixed_cost", lambda p: p["fixed_cost"]),
               Need(logistics.ServiceCentreExplorer, "cost_per_parcel_km",
                    lambda p: p["haul_cost"])],
        "q4": [Need(logistics.LastMileExplorer, "area", lambda p: p["area"]),
               Need(logistics.LastMileExplorer, "n_parcels", lambda p: p["n_parcels"]),
               Need(logistics.LastMileExplorer, "n_pickup_points", lambda p: p["pickup_points"]),
               Need(logistics.LastMileExplorer, "cost_per_stop", lambda p: 0.5),
               Need(logistics.LastMileExplorer, "pickup_fee_per_parcel", lambda p: p["fee"])],
    },
    "social_commerce": {
        "q3": [Need(diffusion.BassExplorer, "p", lambda p: p["bass_p"]),
               Need(diffusion.BassExplorer, "q", lambda p: p["bass_q"]),
               Need(diffusion.BassExplorer, "m", lambda p: p["bass_m"])],
        "q4": [Need(diffusion.CriticalMassExplorer, "price", lambda p: p["price"])],
        "q5": [Need(diffusion.GroupBuyingExplorer, "team_size", lambda p: p["team_size"]),
               Need(diffusion.GroupBuyingExplorer, "discount", _group_best_discount, "search",
                    answer=lambda p, at_step: 100 * at_step)],
    },
}
SETS = sorted(p.stem for p in (exercises_dir() / "source").glob("*.ipynb"))


def _question_texts(set_name: str) -> dict[str, str]:
    master = nbformat.read(exercises_dir() / "source" / f"{set_name}.ipynb", as_version=4)
    texts = {}
    for cell in master.cells:
        if cell.cell_type == "markdown" and cell.source.startswith("## Question"):
            texts["q" + cell.source.split()[2]] = " ".join(cell.source.split())
    return texts


@pytest.mark.parametrize("set_name", SETS)
def test_every_widget_question_has_its_needs_declared(set_name):
    texts = _question_texts(set_name)
    widget = {q for q, text in texts.items() if "widget" in text.split(":")[0]}
    if set_name not in OWN_SETS and set_name not in NEEDS:
        pytest.skip(f"{set_name} is an added set: the sliders its widget questions "
                    f"{sorted(widget)} need are checked once they are declared in NEEDS here")
    assert widget <= set(NEEDS.get(set_name, {})), (set_name, widget)
    for qid in set(NEEDS.get(set_name, {})) - widget:  # asks for an explorer all the same
        assert re.search("explorer|slider", texts[qid], re.I), (set_name, qid)


def _steps(slider: Any, value: float) -> float:
    return (value - slider.low) / slider.step


def _problems(need: Need, label: str, p: dict[str, Any], ex: Any, qid: str) -> list[str]:
    """What is wrong with one need in one variant row (empty: nothing)."""
    slider = need.explorer.slider(need.slider)
    value = float(need.value(p))
    where = f"{qid} variant {label}: {need.slider} = {value:g}"
    if not slider.low - 1e-9 <= value <= slider.high + 1e-9:
        return [f"{where} outside {slider.low:g}..{slider.high:g}"]
    steps = _steps(slider, value)
    if need.how == "set" and abs(steps - round(steps)) > 1e-6:
        return [f"{where} is not on the grid (steps of {slider.step:g})"]
    if need.how == "search":
        at_step = slider.on_grid(round(steps))
        ex.variant = label
        feedback = ex.check(qid, need.answer(p, at_step))
        if not feedback.correct:
            return [f"{where}: the nearest step {at_step:g} gives {feedback}"]
    return []


@pytest.mark.parametrize("set_name", sorted(NEEDS))
def test_every_variant_can_set_what_its_questions_need(set_name):
    texts = _question_texts(set_name)
    rows = read_variants(set_name)
    problems = []
    ex = start(set_name, show=False)
    for qid, needs in NEEDS[set_name].items():
        for need in needs:
            if need.how == "compute":
                assert need.phrase and need.phrase in texts[qid], (set_name, qid, need.phrase)
            for label, p in rows.items():
                problems += [f"{set_name} {x}" for x in _problems(need, label, p, ex, qid)]
    assert not problems, "\n".join(problems)


class _Reads(dict):
    """A variant row that notes which parameters are read."""

    def __init__(self, row: dict[str, Any]) -> None:
        super().__init__(row)
        self.read: set[str] = set()

    def __getitem__(self, key: str) -> Any:
        self.read.add(key)
        return super().__getitem__(key)


@pytest.mark.parametrize("set_name", sorted(NEEDS))
def test_every_parameter_a_widget_question_names_is_in_its_needs(set_name):
    """The needs are written by hand: each ``p["..."]`` a question's text names must be read by
    one of its needs, so a setting the text asks for cannot be left out of the check."""
    texts = _question_texts(set_name)
    row = _Reads(read_variants(set_name)["practice"])
    for qid, needs in NEEDS[set_name].items():
        row.read.clear()
        for need in needs:
            need.value(row)
        named = set(re.findall(r'p\["(\w+)"\]', texts[qid]))
        assert named <= row.read, (set_name, qid, named - row.read)


def test_the_check_catches_a_setting_off_the_grid_out_of_range_or_not_accepted():
    """The test's own yardstick, on made-up rows: a value between two steps, past an end, or a
    search whose nearest step the key does not accept is a problem; a good row is not."""
    ex = start("matching", show=False)
    efficiency = NEEDS["matching"]["q5"][2]  # the raised efficiency, a "set" need
    good = {"efficiency": 0.25, "gain_pct": 20}
    assert _problems(efficiency, "x", good, ex, "q5") == []
    assert "not on the grid" in _problems(efficiency, "x", {"efficiency": 0.39, "gain_pct": 11},
                                          ex, "q5")[0]
    assert "outside" in _problems(efficiency, "x", {"efficiency": 0.45, "gain_pct": 30},
                                  ex, "q5")[0]
    ex = start("intro", show=False)
    rural = NEEDS["intro"]["q5"][0]  # a "search" need, judged by the key
    p = dict(read_variants("intro")["practice"])
    assert _problems(rural, "practice", p, ex, "q5") == []
    wrong = dataclasses.replace(rural, answer=lambda p, at_step: 100 * at_step + 5)
    assert "nearest step" in _problems(wrong, "practice", p, ex, "q5")[0]
