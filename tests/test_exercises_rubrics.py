"""Hints, rubrics and model answers of the six exercise masters are right for every variant.

* A hint is static text, shown to every variant: it may name no number that belongs to some
  variants only. Every number in a hint must be a constant listed below with its reason.
* A rubric that relies on numbers states them for every variant: each statement is checked here
  against the package's model functions for every row of the frozen variants table.
* A model answer keeps to its prompt's sentence limit ("in four or five sentences").
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import OWN_SETS
from platformlab import data
from platformlab.exercises.sets import read_variants
from platformlab.models import diffusion, privacy

ROOT = Path(__file__).resolve().parents[1]
SETS = OWN_SETS  # the texts and rubrics checked here are the module's own

#: The only numbers a hint may contain, per (set, question), each with why it is the same for
#: every variant. A number that is not listed fails the test (e.g. "48% is 0.48", which was the
#: share of one of the two groups only).
HINT_CONSTANTS: dict[tuple[str, str], dict[str, str]] = {
    ("intro", "q1"): {"100": "a percentage divided by 100 is a share"},
    ("intro", "q6"): {"1": "1 − rate is the offline share"},
    ("intro", "q7"): {"6": "refers to question 6"},
    ("matching", "q2"): {"100": "a percentage divided by 100 is a share",
                         "2023": "the days-worked table is for 2023 in every variant"},
    ("matching", "q5"): {"1": "the exponent 1 - a and the factor 1 + gain"},
    ("logistics", "q5"): {"4": "refers to question 4"},
    ("logistics", "q6"): {"1": "the exponent -1/(sigma - 1)", "0": "s = 0"},
    ("social_commerce", "q2"): {"1": "a year's figure is placed at year + 1"},
    ("social_commerce", "q3"): {"0": "the explorer's time axis starts at 0, the launch"},
    ("social_commerce", "q4"): {"1": "the equation n(1 - n) = price"},
    ("social_commerce", "q6"): {"1": "the sum starts at k - 1"},
    ("human_capital", "q1"): {"625": "the index's test-score frontier"},
    ("human_capital", "q3"): {"0.08": "the index's return to a year of school (phi)",
                              "14": "the index's frontier years of school",
                              "1": "every comparator's product is below 1 (checked below)"},
    ("human_capital", "q5"): {"1": "exp(r × years) − 1"},
    ("privacy", "q3"): {"1": "a group of one"},
    ("privacy", "q5"): {"0": "the segment [0, c)", "1": "the segment [c, 1] and the price 1/2",
                        "2": "the prices c/2 and 1/2"},
}
#: A number standing alone: not part of a name such as V0 or t0.
_NUMBER = re.compile(r"(?<![\w.])\d+(?:\.\d+)?(?!\w)")


def _master(set_name: str) -> dict:
    return json.loads((ROOT / "exercises" / "source" / f"{set_name}.ipynb").read_text("utf-8"))


def _cells(set_name: str) -> dict[str, dict]:
    return {c["id"]: c for c in _master(set_name)["cells"]}


def _specs(set_name: str) -> list[dict]:
    return [c["metadata"]["platformlab"] for c in _master(set_name)["cells"]
            if "kind" in c.get("metadata", {}).get("platformlab", {})
            and c["metadata"]["platformlab"]["kind"] != "setup"]


def _hints() -> list[tuple[str, str, str]]:
    return [(s, spec["id"], spec["hint"]) for s in SETS for spec in _specs(s) if spec.get("hint")]


def _rubric(set_name: str, qid: str = "q8") -> str:
    (spec,) = [s for s in _specs(set_name) if s["id"] == qid]
    return spec["rubric"]


def hint_numbers(hint: str) -> list[str]:
    return _NUMBER.findall(hint)


# -- hints ------------------------------------------------------------------------------------


def test_the_number_finder_catches_the_old_variant_specific_hints():
    """The check below would have failed on the hints this issue fixed."""
    assert hint_numbers("Turn the percentage into a share (48% is 0.48).") == ["48", "0.48"]
    assert hint_numbers("Divide users by the rate as a share: 70.4% is 0.704.") == ["70.4", "0.704"]
    assert hint_numbers("solve (V1/V0)^(1-a); pass t0=p['t0']") == ["1"]


@pytest.mark.parametrize("set_name, qid, hint", _hints(), ids=[f"{s}-{q}" for s, q, _ in _hints()])
def test_no_hint_names_a_number_that_belongs_to_some_variants(set_name, qid, hint):
    allowed = HINT_CONSTANTS.get((set_name, qid), {})
    stray = [n for n in hint_numbers(hint) if n not in allowed]
    assert not stray, (f"{set_name} {qid}: the hint {hint!r} names {stray}; a hint is shown to "
                       "every variant, so write it without variant numbers (or list a true "
                       "constant in HINT_CONSTANTS with its reason)")


def test_every_listed_hint_constant_is_still_used():
    hints = {(s, q): h for s, q, h in _hints()}
    for (set_name, qid), numbers in HINT_CONSTANTS.items():
        assert set(numbers) <= set(hint_numbers(hints[(set_name, qid)])), (set_name, qid)


def test_human_capital_q3_hint_is_true_for_every_comparator():
    """'the result is a little below 1' for every country a variant can draw."""
    import numpy as np

    hci = data.load("hci_2020").set_index("country")
    product = hci["hci"] / np.exp(0.08 * (hci["lays"] - 14))
    for label, p in read_variants("human_capital").items():
        assert 0.85 < product[p["country"]] < 1, (label, p["country"])


# -- rubrics: points --------------------------------------------------------------------------


@pytest.mark.parametrize("set_name", SETS)
def test_rubric_points_add_up_to_the_question(set_name):
    for spec in _specs(set_name):
        if spec["kind"] == "free_text":
            points = [int(n) for n in re.findall(r"(\d+) pt:", spec["rubric"])]
            assert sum(points) == spec["points"], (set_name, spec["id"], points)


# -- privacy Q8: every statement, for every variant --------------------------------------------

EIGHTH, QUARTER = 1 / 8, 1 / 4


def _segment_cs(a: float, b: float, price: float) -> float:
    """Consumer surplus of the buyers with valuations in [a, b) (uniform density 1) at a price."""
    low = max(a, price)
    return 0.5 * ((b - price) ** 2 - (low - price) ** 2) if b > low else 0.0


def _by_segment(edges, prices) -> list[tuple[float, float]]:
    """Per segment: (consumer surplus with data, without data at the single price 1/2)."""
    return [(_segment_cs(a, b, p), _segment_cs(a, b, 0.5))
            for a, b, p in zip(edges[:-1], edges[1:], prices)]


def equal_segments(k: int) -> list[tuple[float, float]]:
    edges = [i / k for i in range(k + 1)]
    rows = _by_segment(edges, privacy.segment_prices(k))
    assert sum(w for w, _ in rows) == pytest.approx(privacy.surplus_with_segments(k).consumer)
    assert sum(n for _, n in rows) == pytest.approx(EIGHTH)
    return rows


def single_cut(c: float) -> list[tuple[float, float]]:
    edges, prices = privacy.partition_prices([c])
    rows = _by_segment(list(edges), list(prices))
    assert sum(w for w, _ in rows) == pytest.approx(privacy.surplus_for_partition([c]).consumer)
    assert sum(n for _, n in rows) == pytest.approx(EIGHTH)
    return rows


def _cs_k(k):
    return privacy.surplus_with_segments(k).consumer


def _cs_cut(c):
    return privacy.surplus_for_partition([c]).consumer


def _k3(k):
    rows = equal_segments(k)
    (top_with, top_without) = rows[-1]
    return (_cs_k(k) == pytest.approx(EIGHTH) and top_with < top_without
            and all(with_ > without for with_, without in rows[1:-1])
            and rows[0][0] > rows[0][1])


def _low_cut(c):
    (low_w, low_n), (high_w, high_n) = single_cut(c)
    prices = privacy.partition_prices([c])[1]
    return (_cs_cut(c) > EIGHTH and prices[0] == pytest.approx(c / 2)
            and prices[1] == pytest.approx(0.5) and low_w > low_n
            and high_w == pytest.approx(high_n))


def _middle_cut(c):
    (low_w, low_n), (high_w, high_n) = single_cut(c)
    prices = privacy.partition_prices([c])[1]
    return (_cs_cut(c) > EIGHTH and prices[1] == pytest.approx(c) and c > 0.5
            and high_w < high_n and low_w - low_n > high_n - high_w)


def _high_cut(c):
    (low_w, low_n), (high_w, high_n) = single_cut(c)
    prices = privacy.partition_prices([c])[1]
    return (_cs_cut(c) < EIGHTH and prices[1] == pytest.approx(c)
            and high_n - high_w > low_w - low_n > 0)


#: Each statement of the rubric (as written there), the variants it speaks of, and what must
#: hold for each of them, computed with the package's model functions.
PRIVACY_Q8 = [
    ("with k equal segments consumers get (4k - 3)/(8k^2)", lambda p: True,
     lambda p: _cs_k(p["k"]) == pytest.approx((4 * p["k"] - 3) / (8 * p["k"] ** 2))),
    ("with a single cut c they get c^2/8 + 1/8 if c < 1/2 and c^2/8 + (1 - c)^2/2 if c >= 1/2",
     lambda p: True,
     lambda p: _cs_cut(p["cut"]) == pytest.approx(
         p["cut"] ** 2 / 8 + (EIGHTH if p["cut"] < 0.5 else (1 - p["cut"]) ** 2 / 2))),
    ("Every segmentation in this question raises the seller's profit above 1/4", lambda p: True,
     lambda p: min(privacy.surplus_with_segments(p["k"]).producer,
                   privacy.surplus_for_partition([p["cut"]]).producer) > QUARTER
     and privacy.surplus_with_segments(1).producer == pytest.approx(QUARTER)),
    ("with k = 3 it is exactly 1/8, so consumers as a whole neither gain nor lose from a ban "
     "(buyers in the top segment gain, buyers served in the two lower segments lose)",
     lambda p: p["k"] == 3, lambda p: _k3(p["k"])),
    ("with k >= 4 it is below 1/8, so a ban moves surplus from the seller to consumers",
     lambda p: p["k"] >= 4, lambda p: _cs_k(p["k"]) < EIGHTH),
    ("a cut below 1/2 gives more than 1/8 (the low segment pays c/2, so buyers who were priced "
     "out now buy, and the high segment still pays 1/2)",
     lambda p: p["cut"] < 0.5, lambda p: _low_cut(p["cut"])),
    ("a cut from 1/2 up to 0.6 also gives more than 1/8, although buyers above the cut pay c, "
     "more than 1/2 (the low segment gains more than they lose)",
     lambda p: 0.5 <= p["cut"] < 0.6, lambda p: _middle_cut(p["cut"])),
    ("A cut above 0.6 gives less than 1/8 (buyers above the cut pay c, far above 1/2, and lose "
     "more than the low segment gains; e.g. 0.75 gives 0.1016)",
     lambda p: p["cut"] > 0.6, lambda p: _high_cut(p["cut"])),
]
_Q8_CASES = {"Q1": [lambda p: p["k"] == 3, lambda p: p["k"] >= 4],
             "Q5": [lambda p: p["cut"] < 0.5, lambda p: 0.5 <= p["cut"] < 0.6,
                    lambda p: p["cut"] > 0.6]}


@pytest.mark.parametrize("label", list(read_variants("privacy")))
def test_privacy_q8_rubric_holds_for_every_variant(label):
    rubric, p = _rubric("privacy"), read_variants("privacy")[label]
    for statement, applies, holds in PRIVACY_Q8:
        assert statement in rubric, statement
        if applies(p):
            assert holds(p), (label, statement, p["k"], p["cut"])
    # every variant's Q1 and Q5 fall in exactly one case the rubric describes
    for question, cases in _Q8_CASES.items():
        assert sum(case(p) for case in cases) == 1, (label, question, p["k"], p["cut"])


def test_privacy_q8_rubric_cases_and_examples():
    rubric = _rubric("privacy")
    variants = read_variants("privacy").values()
    counts = {"k = 3": sum(p["k"] == 3 for p in variants),
              "k >= 4": sum(p["k"] >= 4 for p in variants),
              "cut < 1/2": sum(p["cut"] < 0.5 for p in variants),
              "1/2 <= cut < 0.6": sum(0.5 <= p["cut"] < 0.6 for p in variants),
              "cut > 0.6": sum(p["cut"] > 0.6 for p in variants)}
    # 31 rows (30 variants and the practice one); the first rubric failed the 3 + 7 of them
    assert counts == {"k = 3": 3, "k >= 4": 28, "cut < 1/2": 20, "1/2 <= cut < 0.6": 4,
                      "cut > 0.6": 7}
    assert round(_cs_cut(0.75), 4) == 0.1016 and _cs_cut(0.6) == pytest.approx(EIGHTH)
    assert "A cut at 0.6 gives exactly 1/8" in rubric
    assert "helps consumers at 0.3 and hurts them at 0.8" in rubric
    assert _low_cut(0.3) and _high_cut(0.8)
    assert privacy.surplus_for_partition([0.3]).producer > QUARTER
    assert privacy.surplus_for_partition([0.8]).producer > QUARTER
    # the closed forms hold beyond the table as well
    for k in range(1, 30):
        assert _cs_k(k) == pytest.approx((4 * k - 3) / (8 * k**2))
        assert (_cs_k(k) > EIGHTH) == (k == 2)
        assert (_cs_k(k) == pytest.approx(EIGHTH)) == (k in (1, 3))
    assert "Do not require or reward" in rubric and "which buyers the data separate" in rubric


# -- the other rubrics that rely on numbers ---------------------------------------------------


def test_intro_q8_rubric_allows_for_where_each_variant_has_its_offline_people():
    """Most offline people are rural in most variants and urban in some: the rubric says so."""
    rubric, where = _rubric("intro"), set()
    for label, p in read_variants("intro").items():
        assert p["rural_rate"] < p["urban_rate"], label  # "a lower rural rate"
        n, s = p["population_million"], p["urban_share"]
        urban, rural = n * s * (1 - p["urban_rate"]), n * (1 - s) * (1 - p["rural_rate"])
        where.add("rural" if rural > urban else "urban")
    assert where == {"rural", "urban"}
    for area in where:
        assert f"in {area} areas" in rubric, area
    assert "own Q6/Q7" in rubric


def test_matching_q8_rubric_asks_only_what_the_prompt_asks():
    """The prompt asks what the number counts, what it leaves out, and two own numbers."""
    prompt = "".join(_cells("matching")["q8-text"]["source"])
    assert "what such a number counts and what it leaves out" in prompt
    assert "at\nleast two numbers from questions 1-2" in prompt
    rubric = _rubric("matching")
    points = rubric.split("1 pt: ")[1:]
    assert len(points) == 3
    assert points[0].startswith("what the number counts:")
    assert points[1].startswith("what it leaves out:")
    assert points[2].startswith("uses at least two own numbers from Q1-Q2 correctly")
    assert "company" not in rubric and "source" not in rubric


def test_social_commerce_q8_rubric_numbers_hold_for_every_variant():
    table = data.load("pinduoduo_wechat")
    buyers = table[table["measure"] == "annual active buyers"].set_index("period")["value"]
    assert buyers["2017"] < 350 < buyers["2018"]  # "350 million falls between ..."
    rubric = _rubric("social_commerce")
    assert "between the end-2017 and end-2018 counts" in rubric
    assert "m is fixed by the WeChat bound, not by the data" in rubric
    t = buyers.index.astype(int).to_numpy() + 1.0
    m_max = table.loc[table["measure"] == "monthly active users", "value"].max()
    for t0 in sorted({p["t0"] for p in read_variants("social_commerce").values()}):
        fit = diffusion.fit_bass(t, buyers.to_numpy(), m_max=m_max, t0=t0)
        assert "m" in fit.active_bounds and fit.m == pytest.approx(m_max), t0


# -- model answers keep to their prompts' sentence limits ---------------------------------------

_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_LIMIT = re.compile(r"[Ii]n (?:(\w+) or )?(\w+)\s+sentences")
_ABBREVIATIONS = ("e.g.", "i.e.", "Art.", "etc.", "cf.")


def count_sentences(text: str) -> int:
    """Sentences, strictly: a clause after a semicolon counts as one, and so does a note."""
    text = " ".join(text.replace("### BEGIN SOLUTION", "").replace("### END SOLUTION", "").split())
    for abbreviation in _ABBREVIATIONS:
        text = text.replace(abbreviation, abbreviation.replace(".", ""))
    return len([s for s in re.split(r"(?<=[.!?;])\)?\s+", text) if s.strip()])


def test_count_sentences():
    assert count_sentences("One. Two, e.g. this; three! (A note.) Five 0.125.") == 5


@pytest.mark.parametrize("set_name", SETS)
def test_model_answers_keep_to_the_prompts_sentence_limit(set_name):
    cells = _cells(set_name)
    for c in cells.values():
        spec = c.get("metadata", {}).get("platformlab", {})
        if spec.get("kind") != "free_text":
            continue
        prompt = "".join(cells[f"{spec['id']}-text"]["source"])
        limit = _LIMIT.search(prompt.replace("\n", " "))
        assert limit, (set_name, "the prompt states no sentence limit")
        most = _WORDS[limit.group(2)]
        n = count_sentences("".join(c["source"]))
        assert n <= most, (f"{set_name} {spec['id']}: {n} sentences, the prompt asks for "
                           f"{most} at most")
