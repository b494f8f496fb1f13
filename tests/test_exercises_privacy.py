"""The Data-protection exercise set: its key accepts answers computed independently of the master
on every variant, and the numbers in the model answer of question 8 come from the model (its
rubric is checked for every variant in test_exercises_rubrics.py).

The answers come from closed forms and the package's models (not the master's code). Question 4
is a lesson on sampling noise: ``reported_leak`` is drawn independently of the platform, so the
checks below pin down what its note says about the committed sample.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest
from scipy import stats

from platformlab import data
from platformlab.exercises import start
from platformlab.exercises.sets import read_variants
from platformlab.models import privacy

ROOT = Path(__file__).resolve().parents[1]
VARIANTS = read_variants("privacy")
SURVEY = data.load("simulated_platform_survey")


def z_statistic(platform: str) -> float:
    """Difference of the leak shares (platform vs all others) over its unpooled standard error."""
    mine = SURVEY.loc[SURVEY["main_platform"] == platform, "reported_leak"].to_numpy(float)
    rest = SURVEY.loc[SURVEY["main_platform"] != platform, "reported_leak"].to_numpy(float)
    s1, s0 = mine.mean(), rest.mean()
    return (s1 - s0) / math.sqrt(s1 * (1 - s1) / mine.size + s0 * (1 - s0) / rest.size)


def independent_answers(p: dict) -> dict:
    coarse = privacy.generalise(privacy.generalise(SURVEY, "age", width=p["width"]),
                                "postcode", keep=p["keep"])
    return {
        "q1": privacy.surplus_with_segments(p["k"]).consumer,
        "q2": 100 * privacy.default_effect(p["cost"], p["mean"], 1.0),
        "q3": 100 * privacy.reidentification_risk(coarse, ["age", "gender", "postcode"]),
        "q4": z_statistic(p["platform"]),
        "q5": privacy.surplus_for_partition([p["cut"]]).consumer,
        "q6": p["upper"] / len(SURVEY) / p["target_error"],
        "q7": "b",
    }


@pytest.mark.parametrize("label", list(VARIANTS))
def test_independent_answers_are_correct_on_every_variant(label):
    ex = start("privacy", show=False)
    ex.variant = label
    for qid, answer in independent_answers(VARIANTS[label]).items():
        feedback = ex.check(qid, answer)
        assert feedback.correct, (label, qid, answer, str(feedback))


def test_q4_rejects_the_share_itself_and_the_wrong_sign():
    ex = start("privacy", student_id="s42", show=False)
    p = ex.params
    z = z_statistic(p["platform"])
    share = 100 * SURVEY.loc[SURVEY["main_platform"] == p["platform"], "reported_leak"].mean()
    assert ex.check("q4", z + 0.015).correct
    assert not ex.check("q4", -z).correct
    assert not ex.check("q4", share).correct  # the old question's answer is not this one's


def test_q4_note_is_true_of_the_committed_sample():
    """What the note after question 4 says: no platform effect was simulated, yet two platforms
    and the test across all of them have p < 0.05, and none survives a Bonferroni correction."""
    import pandas as pd

    platforms = sorted(SURVEY["main_platform"].unique())
    p_values = {name: 2 * stats.norm.sf(abs(z_statistic(name))) for name in platforms}
    assert len(platforms) == 5
    assert sum(p < 0.05 for p in p_values.values()) >= 1
    assert min(p_values.values()) > 0.05 / len(platforms)
    chi2 = stats.chi2_contingency(pd.crosstab(SURVEY["main_platform"], SURVEY["reported_leak"]))
    assert chi2.pvalue < 0.05 and round(chi2.pvalue, 3) == 0.035
    assert 1 - 0.95**5 == pytest.approx(0.23, abs=0.005)
    script = (ROOT / "data" / "scripts" / "make_simulated_platform_survey.py").read_text()
    assert "LEAK_SHARE = 0.85" in script  # drawn with one probability for everyone


def _q8_cell() -> dict:
    path = ROOT / "exercises" / "source" / "privacy.ipynb"
    master = json.loads(path.read_text(encoding="utf-8"))
    return next(c for c in master["cells"] if c.get("id") == "q8-answer")


def test_q8_threshold_and_model_answer_numbers_come_from_the_model():
    cs = lambda c: privacy.surplus_for_partition([c]).consumer  # noqa: E731
    # CS(c) = c^2/8 + (1 - c)^2/2 for c >= 1/2 equals 1/8 at c = 0.6 and c = 1
    assert cs(0.6) == pytest.approx(1 / 8)
    assert all(cs(c) < 1 / 8 for c in np.linspace(0.601, 0.999, 50))
    assert all(cs(c) > 1 / 8 for c in np.linspace(0.001, 0.599, 50))
    assert round(cs(0.75), 4) == 0.1016
    practice = VARIANTS["practice"]
    assert (practice["k"], practice["cut"]) == (4, 0.4)
    four = privacy.surplus_with_segments(4)
    assert (round(four.consumer, 4), round(four.producer, 4)) == (0.1016, 0.3906)
    assert round(cs(0.4), 3) == 0.145
    assert privacy.partition_prices([0.4])[1][0] == pytest.approx(0.2)
    assert round(cs(0.8), 4) == 0.1 and round(cs(0.3), 3) == 0.136
    text = "".join(_q8_cell()["source"])
    assert privacy.surplus_for_partition([0.4]).producer > 0.25  # "hurt ... as well as the seller"
    for number in ("0.1016", "0.3906", "0.145", "0.2", "only 0.1 ", "0.136"):
        assert number in text, number
    assert "how fine" in text and "which buyers the data separate" in text


@pytest.mark.parametrize("label", list(VARIANTS))
def test_percent_answers_given_as_shares_get_a_note_on_units(label):
    """Q2 and Q3 ask for percent: the share is not yet, and the message says why."""
    ex = start("privacy", show=False)
    ex.variant = label
    answers = independent_answers(VARIANTS[label])
    for qid in ("q2", "q3"):
        if abs(answers[qid]) < 0.5:  # a percentage this close to 0: its share is near 0 too
            continue
        feedback = ex.check(qid, answers[qid] / 100)
        assert feedback.status == "not yet" and "percentage or a share" in str(feedback), (
            label, qid, str(feedback))
