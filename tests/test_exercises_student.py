"""The student side: ids and variants, checks, answer boxes (platformlab.exercises)."""

from __future__ import annotations

import hashlib

import pytest

from platformlab.data import load
from platformlab.exercises import SetError, start
from platformlab.exercises.sets import normalise_id, read_variants
from platformlab.models.connectivity import national_penetration, offline_population

VARIANTS = read_variants("intro")
N = len(VARIANTS) - 1


def _implied_population(period: str) -> float:
    t = load("internet_users")
    row = t[(t["period"] == period) & (t["area"] == "national")].iloc[0]
    return row["users_million"] / (row["penetration_pct"] / 100)


def test_variant_is_the_hash_of_set_and_normalised_id_modulo_the_table(capsys):
    ex = start("intro", student_id="  S1234567 ")
    expected = int(hashlib.sha256(b"intro:s1234567").hexdigest(), 16) % N
    assert ex.student_id == "s1234567" and ex.variant == str(expected)
    assert ex.params == VARIANTS[str(expected)]
    assert "variant" in capsys.readouterr().out


def test_different_ids_get_different_parameters():
    params = {str(start("intro", student_id=f"s{i}", show=False).params) for i in range(40)}
    assert len(params) > 10


@pytest.mark.parametrize("bad", ["", "   ", "s 123", "é", "x" * 65, 1234567, ["s1"]])
def test_empty_or_malformed_id_gets_a_message_and_the_practice_variant(bad, capsys):
    ex = start("intro", student_id=bad)
    assert ex.variant == "practice" and ex.student_id is None
    out = capsys.readouterr().out
    assert "PRACTICE" in out and "STUDENT_ID" in out
    assert normalise_id(bad)[1]


def test_unknown_set_is_a_clear_error():
    with pytest.raises(SetError, match="unknown exercise set 'nosuchset'"):
        start("nosuchset", student_id="s1")
    with pytest.raises(SetError, match="set name must be"):
        start("../keys", student_id="s1")


def test_check_agrees_with_closed_forms_for_every_numeric_question_kind():
    ex = start("intro", student_id="s42", show=False)
    p = ex.params
    assert ex.check("q1", _implied_population(p["period"])).correct
    rate = national_penetration(p["urban_rate"], p["rural_rate"], p["urban_share"])
    assert ex.check("q4", 100 * rate).correct
    assert ex.check("q4", 100 * rate + 0.5).status == "not yet"
    n, s = p["population_million"], p["urban_share"]
    offline = [offline_population(n * s, p["urban_rate"]), offline_population(n * (1 - s), p["rural_rate"])]
    assert ex.check("q6", offline).correct
    assert ex.check("q7", "rural" if offline[1] > offline[0] else "urban").correct
    assert ex.check("q3", "b").correct


def test_a_neighbours_answer_is_not_yet():
    mine = start("intro", student_id="s1", show=False)
    other = next(start("intro", student_id=f"n{i}", show=False) for i in range(100)
                 if start("intro", student_id=f"n{i}", show=False).params["period"] != mine.params["period"])
    assert not mine.check("q1", _implied_population(other.params["period"])).correct


@pytest.mark.parametrize("value, status, text", [
    (..., "not attempted", "q1: not attempted"),
    (None, "not attempted", "q1: not attempted"),
    ("abc", "invalid", "q1: expected a number, got 'abc'"),
    (1.0, "not yet", "q1: not yet. Hint:"),
])
def test_check_messages(value, status, text):
    fb = start("intro", student_id="s1", show=False).check("q1", value)
    assert fb.status == status and str(fb).startswith(text)


def test_check_never_raises_on_hostile_input():
    class Evil:
        def __float__(self):
            raise RuntimeError

        def __repr__(self):
            raise RuntimeError

    ex = start("intro", student_id="s1", show=False)
    for q in ex.questions + ["nope", 3, None]:
        for v in (Evil(), float("nan"), 10**1000, [1] * 50, {"a": 1}, b"x", lambda: 1):
            fb = ex.check(q, v)
            assert fb.status in {"correct", "not yet", "not attempted", "invalid"}
    assert "unknown question" in str(ex.check("q99", 1))
    assert "marked by your teacher" in str(ex.check("q8", "text"))


def test_answer_box_gives_the_same_feedback_as_check():
    ex = start("intro", student_id="s7", show=False)
    box = ex.answer_box("q6")
    p = ex.params
    n, s = p["population_million"], p["urban_share"]
    box.field.value = f"{n * s * (1 - p['urban_rate'])}, {n * (1 - s) * (1 - p['rural_rate'])}"
    box.check()
    assert box.feedback.value == "q6: correct"
    box.field.value = "one, two"
    box.check()
    assert "expected" in box.feedback.value
    choice = ex.answer_box("q3")
    choice.field.value = "b"
    choice.check()
    assert choice.feedback.value == "q3: correct"


def test_id_box_switches_from_practice_to_the_students_variant():
    ex = start("intro", show=False)
    assert ex.variant == "practice"
    box = ex.id_box()
    box.field.value = "s1234567"
    box.use()
    assert ex.student_id == "s1234567" and ex.variant != "practice"
