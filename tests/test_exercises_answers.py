"""Canonical forms, hashed keys and verdicts (platformlab.exercises.answers)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from platformlab.exercises.answers import (
    judge, make_entry, make_salt, normalise_text, parse_typed_answer, to_plain,
)

SALT = make_salt("demo", "0", "q")


def _number(tol):
    return {"id": "q", "kind": "number", "tolerance": tol, "hint": "think again"}


def _verdict(question, answer, student):
    return judge(question, make_entry(question, answer, SALT), to_plain(student))


finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False).filter(lambda x: abs(x) > 1e-3)


@settings(max_examples=200, deadline=None)
@given(answer=finite, frac=st.floats(min_value=-0.999, max_value=0.999))
def test_absolute_tolerance_accepts_anything_within_one_step(answer, frac):
    q = _number({"abs": 0.1})
    assert _verdict(q, answer, answer + 0.1 * frac).correct


@settings(max_examples=200, deadline=None)
@given(answer=finite, off=st.floats(min_value=2.001, max_value=1e3))
def test_absolute_tolerance_rejects_two_steps_or_more(answer, off):
    q = _number({"abs": 0.1})
    assert _verdict(q, answer, answer + 0.1 * off).status == "not yet"


@settings(max_examples=200, deadline=None)
@given(answer=finite, frac=st.floats(min_value=-0.99, max_value=0.99))
def test_relative_tolerance_is_relative_to_the_answer(answer, frac):
    q = _number({"rel": 0.005})
    assert _verdict(q, answer, answer * (1 + 0.005 * frac)).correct
    assert not _verdict(q, answer, answer * 1.0102).correct


@pytest.mark.parametrize("answer, student, ok", [
    (1404.83, 1405, True), (1404.83, 1404.8, True), (1404.83, 1406, True),
    (1404.83, 1407, False), (9.996, 9.997, True), (9.996, 10.0, False), (0.0012345, 0.001235, True),
    (-52.34, -52.35, True), (-52.34, -52.3, False), (-52.34, 52.34, False),
])
def test_significant_figures(answer, student, ok):
    assert _verdict(_number({"sig": 4}), answer, student).correct is ok


@pytest.mark.parametrize("answer, student", [(9.996, 10.0), (9.996, 9.99), (10.04, 9.99)])
def test_significant_figures_across_a_power_of_ten(answer, student):
    assert _verdict(_number({"sig": 3}), answer, student).correct


@pytest.mark.parametrize("bad, expected", [
    ("abc", "expected a number, got 'abc'"), ("1,405", "without thousands separators"),
    (float("nan"), "finite number"), (float("inf"), "finite number"), (10**400, "too large"),
    ([1.0, 2.0], "single number"), ({"a": 1}, "expected a number"), (True, "expected a number"),
    (1 + 2j, "expected a number"),
])
def test_wrong_types_say_what_was_expected(bad, expected):
    v = _verdict(_number({"abs": 0.1}), 3.0, bad)
    assert v.status == "invalid" and expected in v.message


class Hostile:
    def __float__(self):
        raise RuntimeError("no")

    def __eq__(self, other):
        raise RuntimeError("no")

    def __repr__(self):
        raise RuntimeError("no")

    def __len__(self):
        raise RuntimeError("no")


@settings(max_examples=300, deadline=None)
@given(value=st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(),
                       st.binary(), st.lists(st.floats()), st.dictionaries(st.text(), st.integers()),
                       st.builds(Hostile)),
       kind=st.sampled_from(["number", "choice", "text", "vector", "table"]))
def test_judge_never_raises_whatever_the_student_passes(value, kind):
    specs = {"number": (_number({"abs": 1}), 3.0),
             "choice": ({"id": "q", "kind": "choice", "options": [{"label": "a"}, {"label": "b"}]}, "a"),
             "text": ({"id": "q", "kind": "text"}, "rural"),
             "vector": ({"id": "q", "kind": "vector", "tolerance": {"abs": 1}, "shape": [2]}, [1.0, 2.0]),
             "table": ({"id": "q", "kind": "table", "tolerance": {"abs": 1}, "shape": [2, 2]},
                       [[1.0, 2.0], [3.0, 4.0]])}
    question, answer = specs[kind]
    v = _verdict(question, answer, value)
    assert v.status in {"correct", "not yet", "not attempted", "invalid"} and v.message


def test_unanswered_is_not_attempted():
    for empty in (None, ...):
        assert _verdict(_number({"abs": 1}), 3.0, empty).status == "not attempted"


def test_choice_accepts_the_label_in_several_spellings_and_names_the_options():
    q = {"id": "q", "kind": "choice", "options": [{"label": x} for x in "abcd"], "hint": "h"}
    for typed in ("b", " B ", "(b)", "b)"):
        assert _verdict(q, "b", typed).correct
    assert _verdict(q, "b", "c").status == "not yet"
    assert "a, b, c, d" in _verdict(q, "b", "e").message
    assert _verdict(q, "b", 2).status == "invalid"


def test_short_text_is_normalised_and_accepts_synonyms():
    q = {"id": "q", "kind": "text", "synonyms": {"rural": ["the countryside"]}}
    for typed in ("Rural", "  rural. ", "RURAL!", "The  Countryside", "ｒｕｒａｌ"):
        assert _verdict(q, "rural", typed).correct, typed
    assert _verdict(q, "rural", "urban").status == "not yet"
    assert _verdict(q, "rural", "   ").status == "not attempted"
    assert normalise_text("Ａ-b, C!") == "a b c"


def test_vector_and_table_answers_element_by_element():
    vec = {"id": "q", "kind": "vector", "tolerance": [{"abs": 0.1}, {"abs": 1.0}], "shape": [2]}
    assert _verdict(vec, [70.4, 415.9], np.array([70.41, 416.5])).correct
    assert _verdict(vec, [70.4, 415.9], (70.4, 415.9)).correct
    wrong = _verdict(vec, [70.4, 415.9], [70.4, 430])
    assert wrong.status == "not yet" and "element 2 of 2" in wrong.message
    assert "a list of 2 numbers" in _verdict(vec, [70.4, 415.9], [1, 2, 3]).message
    assert "element 1" in _verdict(vec, [70.4, 415.9], ["x", 2]).message
    table = {"id": "q", "kind": "table", "tolerance": {"abs": 0.5}, "shape": [2, 2]}
    key = [[1.0, 2.0], [3.0, 4.0]]
    assert _verdict(table, key, pd.DataFrame(key)).correct
    assert _verdict(table, key, [1.0, 2.0, 3.0, 4.0]).status == "invalid"


def test_key_entry_holds_no_plain_answer():
    entry = make_entry(_number({"abs": 0.001}), 1404.8295, SALT)
    text = repr(entry)
    assert "1404" not in text and "1.4048" not in text


def test_same_answer_hashes_differently_per_variant():
    q = _number({"abs": 0.1})
    a = make_entry(q, 70.4, make_salt("intro", "0", "q4"))
    b = make_entry(q, 70.4, make_salt("intro", "1", "q4"))
    assert a["hashes"] != b["hashes"]


def test_master_answer_of_the_wrong_type_is_a_clear_error():
    with pytest.raises(ValueError, match="must be a finite number"):
        make_entry(_number({"abs": 1}), "abc", SALT)
    with pytest.raises(ValueError, match="tolerance must be"):
        make_entry(_number({"abs": -1}), 1.0, SALT)


def test_typed_answers_from_a_box():
    vec = {"kind": "vector"}
    assert parse_typed_answer(vec, "70.4, 415.9") == [70.4, 415.9]
    assert parse_typed_answer({"kind": "table"}, "1 2; 3 4") == [[1.0, 2.0], [3.0, 4.0]]
    assert parse_typed_answer({"kind": "number"}, "  ") is None


def test_to_plain_has_no_memory_addresses():
    assert "0x" not in str(to_plain(object()))
    assert math.isclose(to_plain(np.float32(1.5)), 1.5)


@pytest.mark.parametrize("typed, advice", [
    ("0,48", "use a decimal point, not a decimal comma: 0.48"),
    ("12,5", "use a decimal point, not a decimal comma: 12.5"),
    ("-3,75", "decimal point, not a decimal comma: -3.75"),
    ("1,234,567", "write it without thousands separators)"),
    ("1,405", "without thousands separators, 1405, or with a decimal point if the comma is a "
              "decimal comma, 1.405"),
    ("1,2,3", "write a number without commas"),
])
def test_a_comma_in_a_typed_number_gets_the_right_advice(typed, advice):
    v = _verdict(_number({"abs": 0.1}), 3.0, typed)
    assert v.status == "invalid" and advice in v.message
    if typed in ("0,48", "12,5"):
        assert "thousands" not in v.message


@settings(max_examples=200, deadline=None)
@given(answer=st.floats(min_value=0.01, max_value=1e4), tol=st.sampled_from(
    [{"abs": 0.001}, {"sig": 3}, {"rel": 0.005}]), scale=st.sampled_from([100.0, 0.01]))
def test_an_answer_off_by_a_factor_of_100_is_not_yet_with_a_note_on_units(answer, tol, scale):
    q = _number(tol)
    v = _verdict(q, answer, answer * scale)
    assert v.status == "not yet" and "percentage or a share" in v.message
    assert v.message.endswith("Hint: think again")
    assert "percentage or a share" not in _verdict(q, answer, answer * 3).message
    assert _verdict(q, answer, answer).message == "correct"


def test_no_units_note_when_the_answer_is_near_zero():
    """Dividing any wrong answer by 100 comes near 0: no note for a key that accepts 0."""
    q = _number({"abs": 0.1})
    for student in (1.0, 3.0, 7.0):
        assert _verdict(q, 0.0, student).message == "not yet. Hint: think again"
    assert "percentage or a share" not in _verdict(q, 0.0, 0.0001).message  # within tolerance
