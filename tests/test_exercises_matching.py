"""The Matching-markets exercise set: its key accepts answers computed independently of the master.

The master's solutions are checked against closed forms and the package's models (not the
master's own code) for several student ids, and the frozen variants table is checked for the
properties the questions rely on.
"""

from __future__ import annotations

import numpy as np
import pytest

from platformlab import data
from platformlab.exercises import start
from platformlab.exercises.sets import read_variants
from platformlab.models import matching

VARIANTS = read_variants("matching")
IDS = ["s1", "s2", "s42", "a.student", "zz-99"]


def brute_force_deferred_acceptance(proposer_prefs, receiver_prefs):
    """The proposer-optimal stable matching found by listing every matching (no algorithm of the
    package): entry i is proposer i's receiver, or -1. For the small markets of question 6."""
    n_p = len(proposer_prefs)

    def rank(prefs, i, j):  # position of j in i's list; unacceptable: beyond the end
        return prefs[i].index(j) if j in prefs[i] else None

    def stable(mu):
        held = {r: i for i, r in enumerate(mu) if r != -1}
        for i, r in enumerate(mu):
            if r != -1 and (rank(proposer_prefs, i, r) is None or rank(receiver_prefs, r, i) is None):
                return False  # someone matched to an unacceptable partner
        for i in range(n_p):
            for r in proposer_prefs[i]:
                if rank(receiver_prefs, r, i) is None:
                    continue
                i_better = mu[i] == -1 or rank(proposer_prefs, i, r) < rank(proposer_prefs, i, mu[i])
                r_better = r not in held or rank(receiver_prefs, r, i) < rank(receiver_prefs, r, held[r])
                if i_better and r_better and mu[i] != r:
                    return False
        return True

    def matchings(i, used):  # every matching of proposers i.. to mutually acceptable receivers
        if i == n_p:
            yield ()
            return
        for r in [-1, *(r for r in proposer_prefs[i] if r not in used and i in receiver_prefs[r])]:
            for rest in matchings(i + 1, used | {r} - {-1}):
                yield (r, *rest)

    stable_ones = [mu for mu in matchings(0, frozenset()) if stable(mu)]

    def score(i, r):
        return len(proposer_prefs[i]) if r == -1 else proposer_prefs[i].index(r)

    best = [min(score(i, mu[i]) for mu in stable_ones) for i in range(n_p)]
    optimal = [mu for mu in stable_ones if all(score(i, mu[i]) == best[i] for i in range(n_p))]
    assert len(optimal) == 1  # the proposer-optimal stable matching exists and is unique
    return list(optimal[0])


def independent_answers(p: dict) -> dict:
    """Every automatically checked answer, from closed forms and the models."""
    riders = data.load("meituan_riders").set_index("year")["riders_with_income_million"]
    days = data.load("meituan_rider_days_2023").set_index("group")["share_pct"]
    years = p["end_year"] - p["start_year"]
    opt = matching.two_sided_monopoly_prices(p["alpha_1"], p["alpha_2"], p["cost_1"], p["cost_2"])
    below = (opt.price_1 < p["cost_1"], opt.price_2 < p["cost_2"])
    farmers = matching.random_preferences(5, p["seed"])
    buyers = matching.random_preferences(5, p["seed"] + 1)
    by_farmers = matching.deferred_acceptance(farmers, buyers)
    by_buyers = matching.partners_of_receivers(matching.deferred_acceptance(buyers, farmers), 5)
    rank = np.argsort(farmers, axis=1)  # rank[i, r] = position of buyer r in farmer i's list
    worse = sum(rank[i, by_buyers[i]] > rank[i, by_farmers[i]] for i in range(5))
    return {
        "q1": 100 * ((riders[p["end_year"]] / riders[p["start_year"]]) ** (1 / years) - 1),
        "q2": riders[2023] * days[p["group"]] / 100,
        "q3": [opt.price_1, opt.price_2],
        "q4": {(True, False): "a", (False, True): "b", (True, True): "c",
               (False, False): "d"}[below],
        "q5": 100 * ((1 + p["gain_pct"] / 100) ** 2 - 1),  # elasticity 0.5: V must rise (1+g)^2
        "q6": brute_force_deferred_acceptance,
        "q7": int(worse),
    }


@pytest.mark.parametrize("student_id", IDS)
def test_independent_answers_are_correct_for_each_student(student_id):
    ex = start("matching", student_id=student_id, show=False)
    for qid, answer in independent_answers(ex.params).items():
        feedback = ex.check(qid, answer)
        assert feedback.correct, (student_id, qid, answer, str(feedback))


def test_practice_variant_answers_are_correct_and_a_neighbours_are_not():
    practice = start("matching", show=False)
    answers = independent_answers(practice.params)
    assert all(practice.check(q, a).correct for q, a in answers.items())
    neighbour = next(start("matching", student_id=f"n{i}", show=False) for i in range(50)
                     if start("matching", student_id=f"n{i}", show=False).params["alpha_1"]
                     != practice.params["alpha_1"])
    assert not neighbour.check("q3", answers["q3"]).correct


def test_tolerances_accept_a_reading_off_the_explorer_and_reject_a_wrong_one():
    ex = start("matching", student_id="s2", show=False)
    answers = independent_answers(ex.params)
    assert ex.check("q3", [round(x, 2) for x in answers["q3"]]).correct
    assert not ex.check("q3", [answers["q3"][0] + 0.05, answers["q3"][1]]).correct
    assert ex.check("q5", answers["q5"] + 0.4).correct
    assert not ex.check("q5", answers["q5"] + 1.0).correct
    # what the unfinished skeleton returns
    assert not ex.check("q6", lambda proposers, receivers: [-1] * len(proposers)).correct


def test_variants_fit_the_explorers_and_give_clear_answers():
    from platformlab.explore.matching import MatchingFunctionExplorer, TwoSidedPricingExplorer

    pricing, search = TwoSidedPricingExplorer(), MatchingFunctionExplorer()
    answers = set()
    for label, p in VARIANTS.items():
        for name in ("alpha_1", "alpha_2", "cost_1", "cost_2"):
            control = pricing.controls[name]
            assert control.min <= p[name] <= control.max, (label, name)
            assert abs(p[name] / control.step - round(p[name] / control.step)) < 1e-9, (label, name)
        args = (p["alpha_1"], p["alpha_2"], p["cost_1"], p["cost_2"])
        assert matching.two_sided_optimum_exists(*args)
        opt = matching.two_sided_monopoly_prices(*args)
        assert min(abs(opt.price_1 - p["cost_1"]), abs(opt.price_2 - p["cost_2"])) >= 0.05, label
        gain = 1 + p["gain_pct"] / 100
        for eff in (p["efficiency"], p["efficiency"] * gain):
            assert search.controls["efficiency"].min <= eff <= search.controls["efficiency"].max
        for vac in (p["vacancies"], p["vacancies"] * gain**2):
            assert search.controls["vacancies"].min <= vac <= search.controls["vacancies"].max
        answers.add(independent_answers(p)["q4"])
        assert independent_answers(p)["q7"] >= 1, label  # who proposes matters in every market
    assert answers >= {"a", "b", "d"}


def test_student_version_holds_the_skeleton_not_the_algorithm():
    from pathlib import Path

    text = (Path(__file__).resolve().parents[1] / "exercises" / "matching.ipynb").read_text()
    assert "def my_deferred_acceptance" in text and "YOUR CODE HERE" in text
    assert "next_choice" not in text and "held[r]" not in text


@pytest.mark.parametrize("label", list(VARIANTS))
def test_q5_as_a_share_is_not_yet_with_a_note_on_percent_and_share(label):
    """Q5 asks for percent; the share (or 100 times the percent) gets a note on units."""
    ex = start("matching", show=False)
    ex.variant = label
    right = independent_answers(VARIANTS[label])["q5"]
    for wrong in (right / 100, right * 100):
        feedback = ex.check("q5", wrong)
        assert feedback.status == "not yet", (label, wrong, str(feedback))
        assert "percentage or a share" in str(feedback), (label, str(feedback))
    assert "percentage or a share" not in str(ex.check("q5", right + 5))


def test_question_1_compounds_over_at_least_two_years_in_every_variant():
    """A growth rate over T = 1 year has nothing to compound (issue 16): every variant has T >= 2."""
    for label, p in read_variants("matching").items():
        assert p["end_year"] - p["start_year"] >= 2, label
