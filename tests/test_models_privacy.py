"""Data-protection models: closed forms, simulation oracles, properties and invalid inputs."""

from __future__ import annotations

import math
from collections import Counter
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from platformlab.models import privacy as pv

from conftest import raises_by_rule

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# ---------------------------------------------------------------------------------------------
# 1. Privacy and price discrimination
# ---------------------------------------------------------------------------------------------


def test_no_data_gives_textbook_monopoly_surplus():
    s = pv.surplus_with_segments(1)
    assert (s.consumer, s.producer, s.deadweight) == pytest.approx((1 / 8, 1 / 4, 1 / 8))
    assert pv.segment_prices(1) == pytest.approx([0.5])


def test_two_segments_raise_consumer_surplus_to_five_thirty_seconds():
    s = pv.surplus_with_segments(2)
    assert s.consumer == pytest.approx(5 / 32)
    assert s.consumer > pv.surplus_with_segments(1).consumer
    assert s.producer == pytest.approx(5 / 16)
    np.testing.assert_allclose(pv.segment_prices(2), [0.25, 0.5])


def test_many_segments_approach_perfect_price_discrimination():
    s = pv.surplus_with_segments(10**6)
    assert s.consumer == pytest.approx(0.0, abs=1e-5)
    assert s.producer == pytest.approx(0.5, abs=1e-5)
    assert s.deadweight == pytest.approx(0.0, abs=1e-10)


def test_consumer_surplus_peaks_at_two_segments_then_falls():
    cs = pv.surplus_with_segments(np.arange(1, 41)).consumer
    assert int(np.argmax(cs)) == 1
    assert np.all(np.diff(cs[1:]) < 0)


def test_equal_segment_closed_form_matches_partition_sums_exactly():
    # exact arithmetic on the segment formulas, independent of the closed form
    for k in range(1, 13):
        cs = ps = dwl = Fraction(0)
        for j in range(1, k + 1):
            a, b = Fraction(j - 1, k), Fraction(j, k)
            p = max(a, b / 2)
            cs += (b - p) ** 2 / 2
            ps += p * (b - p)
            dwl += (p**2 - a**2) / 2
        closed = pv.surplus_with_segments(k)
        by_partition = pv.surplus_for_partition(np.arange(1, k) / k)
        for got in (closed, by_partition):
            assert got.consumer == pytest.approx(float(cs), abs=1e-12)
            assert got.producer == pytest.approx(float(ps), abs=1e-12)
            assert got.deadweight == pytest.approx(float(dwl), abs=1e-12)


def test_vectorised_over_k_matches_scalar_calls():
    ks = np.array([1, 2, 3, 7, 50])
    vec = pv.surplus_with_segments(ks)
    for i, k in enumerate(ks):
        one = pv.surplus_with_segments(int(k))
        assert vec.consumer[i] == pytest.approx(one.consumer)
        assert vec.producer[i] == pytest.approx(one.producer)
    np.testing.assert_allclose(vec.total + vec.deadweight, 0.5)


def test_monopoly_price_matches_brute_force_search():
    grid = np.linspace(0, 1, 200_001)
    for a, b in [(0.0, 1.0), (0.2, 0.5), (0.3, 0.5), (0.6, 0.9), (0.1, 0.15)]:
        p = grid[(grid >= a) & (grid <= b)]
        best = p[np.argmax(p * (b - p))]
        assert pv.monopoly_price_uniform(a, b) == pytest.approx(best, abs=1e-5)


cuts = st.lists(st.floats(0.0, 1.0, allow_nan=False), max_size=8)


@FAST
@given(coarse=cuts, extra=cuts)
def test_refining_a_partition_never_lowers_producer_surplus(coarse, extra):
    before = pv.surplus_for_partition(coarse)
    after = pv.surplus_for_partition(coarse + extra)
    assert after.producer >= before.producer - 1e-12


@FAST
@given(c=cuts)
def test_partition_surplus_adds_up_to_half_and_is_bounded(c):
    s = pv.surplus_for_partition(c)
    assert s.consumer + s.producer + s.deadweight == pytest.approx(0.5)
    assert min(s) >= -1e-15
    assert 0.25 - 1e-12 <= s.producer <= 0.5 + 1e-12
    edges, prices = pv.partition_prices(c)
    assert np.all((prices >= edges[:-1]) & (prices <= edges[1:]))


# ---------------------------------------------------------------------------------------------
# 2. Defaults and switching costs
# ---------------------------------------------------------------------------------------------


def normal_cdf(x, mean, sd):
    return 0.5 * (1 + math.erf((x - mean) / (sd * math.sqrt(2))))


def test_enrolment_closed_forms():
    assert pv.enrolment_rate("opt-in", 0.5, 0.2, 1.5) == pytest.approx(
        1 - normal_cdf(0.5, 0.2, 1.5)
    )
    assert pv.enrolment_rate("opt-out", 0.5, 0.2, 1.5) == pytest.approx(
        1 - normal_cdf(-0.5, 0.2, 1.5)
    )
    assert pv.default_effect(0.5, 0.2, 1.5) == pytest.approx(
        normal_cdf(0.5, 0.2, 1.5) - normal_cdf(-0.5, 0.2, 1.5)
    )
    # standard normal benefit, cost 1: 15.9% opt in, 84.1% stay in under a pre-ticked box
    assert pv.enrolment_rate("opt-in", 1.0) == pytest.approx(0.158655, abs=1e-6)
    assert pv.enrolment_rate("opt-out", 1.0) == pytest.approx(0.841345, abs=1e-6)


@pytest.mark.parametrize("default", pv.DEFAULTS)
@pytest.mark.parametrize("cost, mean, sd", [(0.0, 0.0, 1.0), (0.5, -0.3, 1.0), (2.0, 1.0, 0.5)])
def test_enrolment_formula_matches_simulation(default, cost, mean, sd):
    n = 100_000
    rate = pv.enrolment_rate(default, cost, mean, sd)
    simulated = pv.simulate_enrolment(default, cost, mean, sd, n, rng=2018).mean()
    se = math.sqrt(max(rate * (1 - rate), 1e-12) / n)
    assert abs(simulated - rate) < 4 * se + 1e-9


def test_simulation_is_reproducible_from_the_seed():
    a = pv.simulate_enrolment("opt-out", 1.0, 0.0, 1.0, 1000, rng=7)
    b = pv.simulate_enrolment("opt-out", 1.0, 0.0, 1.0, 1000, rng=np.random.default_rng(7))
    assert a.dtype == bool and a.shape == (1000,)
    np.testing.assert_array_equal(a, b)


@FAST
@given(
    cost=st.floats(0.0, 10.0),
    mean=st.floats(-5.0, 5.0),
    sd=st.floats(0.05, 5.0),
)
def test_opt_out_enrols_at_least_as_many_as_opt_in(cost, mean, sd):
    opt_in = pv.enrolment_rate("opt-in", cost, mean, sd)
    opt_out = pv.enrolment_rate("opt-out", cost, mean, sd)
    assert opt_out >= opt_in - 1e-15
    assert pv.default_effect(cost, mean, sd) == pytest.approx(opt_out - opt_in, abs=1e-12)


@FAST
@given(mean=st.floats(-5.0, 5.0), sd=st.floats(0.05, 5.0))
def test_defaults_do_not_matter_when_acting_is_free(mean, sd):
    assert pv.enrolment_rate("opt-in", 0.0, mean, sd) == pv.enrolment_rate("opt-out", 0.0, mean, sd)


def test_enrolment_vectorised_over_cost():
    c = np.linspace(0, 3, 31)
    out = pv.enrolment_rate("opt-out", c, 0.0, 1.0)
    assert out.shape == (31,)
    assert np.all(np.diff(out) > 0)
    assert np.all(np.diff(pv.enrolment_rate("opt-in", c, 0.0, 1.0)) < 0)


# ---------------------------------------------------------------------------------------------
# 3a. k-anonymity and generalisation
# ---------------------------------------------------------------------------------------------


def small_table():
    return pd.DataFrame(
        {
            "age": [23, 27, 31, 35, 36, 38],
            "gender": ["f", "f", "m", "m", "m", "f"],
            "postcode": ["310115", "310122", "310115", "200031", "200032", "200031"],
            "leak": [True, True, False, True, False, True],
        }
    )


def test_k_anonymity_on_a_hand_checked_table():
    df = small_table()
    assert pv.smallest_group(df, ["age", "gender"]) == 1
    assert pv.reidentification_risk(df, ["age", "gender"]) == 1.0
    banded = pv.generalise(df, "age", width=10)
    assert list(banded["age"]) == ["20-29", "20-29", "30-39", "30-39", "30-39", "30-39"]
    assert pv.smallest_group(banded, ["age", "gender"]) == 1  # the 38-year-old woman
    assert pv.reidentification_risk(banded, ["age", "gender"]) == pytest.approx(1 / 6)
    assert pv.is_k_anonymous(banded, "age", 2)
    assert pv.is_k_anonymous(banded, ["age"], 2) and not pv.is_k_anonymous(banded, "age", 3)
    assert list(pv.group_sizes(banded, ["age", "gender"])) == [2, 2, 3, 3, 3, 1]
    # the two 20-29 women both reported a leak: 2-anonymous, yet their leak is disclosed
    assert pv.smallest_diversity(banded, "age", "leak") == 1


def test_generalise_codes_bins_and_rules():
    df = small_table()
    masked = pv.generalise(df, "postcode", keep=3)
    assert list(masked["postcode"]) == ["310***"] * 3 + ["200***"] * 3
    assert list(pv.generalise(df, "postcode", keep=0)["postcode"]) == ["******"] * 6
    bands = pv.generalise(df, "age", [20, 30, 40])
    assert list(bands["age"]) == ["20-29", "20-29", "30-39", "30-39", "30-39", "30-39"]
    floats = pv.generalise(df.assign(age=df["age"] + 0.5), "age", width=10)
    assert floats["age"].iloc[0] == "[20, 30)"
    ruled = pv.generalise(df, "gender", rule=lambda g: "any")
    assert set(ruled["gender"]) == {"any"}
    assert list(df["age"]) == [23, 27, 31, 35, 36, 38]  # input untouched


def test_generalise_keeps_missing_values_missing():
    df = pd.DataFrame({"age": [20.0, np.nan, 41.0], "code": ["123", None, "456"]})
    out = pv.generalise(pv.generalise(df, "age", width=10), "code", keep=1)
    assert out["age"].isna().tolist() == [False, True, False]
    assert out["code"].tolist()[0] == "1**" and pd.isna(out["code"].iloc[1])
    assert pv.smallest_group(out, ["age"]) == 1


tables = st.integers(1, 25).flatmap(
    lambda n: st.tuples(
        st.lists(st.integers(0, 99), min_size=n, max_size=n),
        st.lists(st.sampled_from(["f", "m"]), min_size=n, max_size=n),
        st.lists(st.text("0123", min_size=3, max_size=3), min_size=n, max_size=n),
    )
).map(lambda cols: pd.DataFrame({"age": cols[0], "gender": cols[1], "code": cols[2]}))
qi_sets = st.sampled_from(
    [["age"], ["gender"], ["code"], ["age", "gender"], ["age", "gender", "code"]]
)


@FAST
@given(df=tables, qi=qi_sets, k=st.integers(1, 6))
def test_k_anonymity_holds_exactly_when_every_group_has_k_rows(df, qi, k):
    counts = Counter(tuple(row) for row in df[qi].itertuples(index=False))
    assert pv.is_k_anonymous(df, qi, k) == all(c >= k for c in counts.values())
    assert pv.smallest_group(df, qi) == min(counts.values())
    unique = sum(c for c in counts.values() if c == 1)
    assert pv.reidentification_risk(df, qi) == pytest.approx(unique / len(df))


@FAST
@given(df=tables, qi=qi_sets, width=st.integers(1, 60), keep=st.integers(0, 3))
def test_generalising_never_shrinks_the_smallest_group(df, qi, width, keep):
    before = pv.smallest_group(df, qi)
    by_age = pv.generalise(df, "age", width=width)
    by_both = pv.generalise(by_age, "code", keep=keep)
    assert pv.smallest_group(by_age, qi) >= before
    assert pv.smallest_group(by_both, qi) >= pv.smallest_group(by_age, qi)
    assert pv.reidentification_risk(by_both, qi) <= pv.reidentification_risk(df, qi)


# ---------------------------------------------------------------------------------------------
# 3b. The simulated survey
# ---------------------------------------------------------------------------------------------


def test_simulated_survey_columns_ranges_and_reproducibility():
    df = pv.simulate_survey(3000, rng=5)
    assert list(df.columns) == [
        "age", "gender", "postcode", "main_platform", "monthly_spending", "reported_leak"
    ]
    assert df.attrs["synthetic"] is True
    assert df["age"].between(18, 80).all()
    assert set(df["gender"]) <= {"female", "male"}
    assert df["postcode"].str.fullmatch(r"\d{6}").all()
    assert (df["monthly_spending"] >= 0).all()
    assert df["reported_leak"].dtype == bool
    assert abs(df["reported_leak"].mean() - 0.85) < 4 * math.sqrt(0.85 * 0.15 / 3000)
    pd.testing.assert_frame_equal(df, pv.simulate_survey(3000, rng=np.random.default_rng(5)))
    assert not pv.simulate_survey(50, rng=6).equals(pv.simulate_survey(50, rng=5))


def test_survey_is_risky_raw_and_safer_once_generalised():
    df = pv.simulate_survey(2000, rng=1)
    qi = ["age", "gender", "postcode"]
    assert pv.reidentification_risk(df, qi) > 0.5
    coarse = pv.generalise(pv.generalise(df, "age", width=20), "postcode", keep=2)
    assert pv.reidentification_risk(coarse, qi) < pv.reidentification_risk(df, qi)
    assert pv.smallest_group(coarse, qi) >= pv.smallest_group(df, qi)


# ---------------------------------------------------------------------------------------------
# 3c. Differential privacy
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("sensitivity, epsilon", [(1.0, 1.0), (1.0, 0.1), (2.5, 2.0)])
def test_laplace_noise_has_mean_zero_and_variance_two_b_squared(sensitivity, epsilon):
    n = 200_000
    b = pv.laplace_scale(sensitivity, epsilon)
    noise = pv.laplace_mechanism(10.0, sensitivity, epsilon, rng=3, size=n) - 10.0
    # standard errors: mean sqrt(2) b / sqrt(n); sample variance sqrt(E Y^4 - (E Y^2)^2) / sqrt(n)
    # = sqrt(24 b^4 - 4 b^4) / sqrt(n); mean |Y| has sd b / sqrt(n)
    assert abs(noise.mean()) < 4 * math.sqrt(2) * b / math.sqrt(n)
    assert abs(noise.var() - 2 * b**2) < 4 * math.sqrt(20) * b**2 / math.sqrt(n)
    assert abs(np.abs(noise).mean() - pv.laplace_mean_absolute_error(sensitivity, epsilon)) < (
        4 * b / math.sqrt(n)
    )
    assert math.sqrt(np.mean(noise**2)) == pytest.approx(
        pv.laplace_rmse(sensitivity, epsilon), rel=0.02
    )
    share_inside = np.mean(np.abs(noise) <= pv.laplace_error_bound(sensitivity, epsilon, 0.9))
    assert abs(share_inside - 0.9) < 4 * math.sqrt(0.09 / n)


def test_laplace_error_formulas_and_vectorisation():
    eps = np.array([0.1, 0.5, 1.0, 2.0])
    np.testing.assert_allclose(pv.laplace_scale(1.0, eps), 1 / eps)
    np.testing.assert_allclose(pv.laplace_rmse(2.0, eps), math.sqrt(2) * 2 / eps)
    assert pv.laplace_error_bound(1.0, 1.0, 0.95) == pytest.approx(math.log(20))
    assert pv.laplace_mechanism(3.0, 0.0, 1.0, rng=0) == 3.0  # zero sensitivity: no noise
    out = pv.laplace_mechanism(np.array([1.0, 2.0]), 1.0, 1.0, rng=0)
    assert out.shape == (2,)
    assert pv.laplace_mechanism(5.0, 1.0, 1.0, rng=9) == pv.laplace_mechanism(5.0, 1.0, 1.0, rng=9)


def test_dp_mean_clips_and_calibrates_noise_to_bounds_over_n():
    x = np.array([0.0, 10.0, 20.0, 1000.0])
    r = pv.dp_mean(x, 0.0, 100.0, 0.5, rng=0, size=50_000)
    assert r.clipped_mean == pytest.approx(32.5) and r.true_mean == pytest.approx(257.5)
    assert r.n_clipped == 1
    assert r.sensitivity == pytest.approx(pv.mean_sensitivity(0, 100, 4)) == pytest.approx(25.0)
    assert r.scale == pytest.approx(50.0)
    se = math.sqrt(2) * r.scale / math.sqrt(50_000)
    assert abs(r.released.mean() - r.clipped_mean) < 4 * se


def test_dp_share_of_reported_leaks_on_the_survey():
    df = pv.simulate_survey(5000, rng=2)
    r = pv.dp_mean(df["reported_leak"], 0, 1, 1.0, rng=3)
    assert r.sensitivity == pytest.approx(1 / 5000)
    assert abs(r.released - df["reported_leak"].mean()) < 20 * r.scale
    assert isinstance(r.released, float)


# ---------------------------------------------------------------------------------------------
# Invalid inputs: every error names the parameter
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: pv.segment_prices(0), r"k must be an integer in \[1, inf\]; got 0"),
        (lambda: pv.segment_prices(2.5), r"k must be an integer"),
        (lambda: pv.surplus_with_segments([1, 0]), r"k must be an integer in \[1, inf\]"),
        (lambda: pv.surplus_with_segments("3"), r"k must be an integer"),
        (lambda: pv.surplus_for_partition([0.5, 1.2]), r"cutpoints must lie in \[0, 1\]"),
        (
            lambda: pv.surplus_for_partition([[0.2], [0.4]]),
            r"cutpoints must be a one-dimensional list",
        ),
        (lambda: pv.monopoly_price_uniform(0.5, 0.5), r"high must be greater than low"),
        (lambda: pv.monopoly_price_uniform(-0.1, 0.5), r"low must lie in \[0, inf\)"),
        (
            lambda: pv.enrolment_rate("auto", 0.1),
            r"default must be one of 'opt-in', 'opt-out'; got 'auto'",
        ),
        (lambda: pv.enrolment_rate(None, 0.1), r"default must be one of"),
        (lambda: pv.enrolment_rate("opt-in", -1.0), r"cost must lie in \[0, inf\); got -1.0"),
        (lambda: pv.enrolment_rate("opt-in", 0.1, sd=0.0), r"sd must lie in \(0, inf\)"),
        (lambda: pv.enrolment_rate("opt-in", 0.1, mean=np.inf), r"mean must lie in \(-inf, inf\)"),
        (
            lambda: pv.simulate_enrolment("opt-in", [0.1, 0.2], 0, 1, 10, 0),
            r"cost must be a single number",
        ),
        (
            lambda: pv.simulate_enrolment("opt-in", 0.1, 0, 1, 0, 0),
            r"n must be an integer in \[1, inf\]",
        ),
        (
            lambda: pv.simulate_enrolment("opt-in", 0.1, 0, 1, 10, None),
            r"rng must be a numpy.random.Generator",
        ),
        (
            lambda: pv.is_k_anonymous(small_table(), "age", 0),
            r"k must be an integer in \[1, inf\]; got 0",
        ),
        (
            lambda: pv.smallest_group(small_table(), ["age", "zip"]),
            r"quasi_identifiers must name columns of df; got 'zip'",
        ),
        (
            lambda: pv.smallest_group(small_table(), []),
            r"quasi_identifiers must name at least one column",
        ),
        (lambda: pv.smallest_group(small_table(), 3), r"quasi_identifiers must be a column name"),
        (
            lambda: pv.smallest_group(small_table().iloc[:0], "age"),
            r"df must have at least one row",
        ),
        (lambda: pv.smallest_group([[1, 2]], "age"), r"df must be a pandas DataFrame"),
        (
            lambda: pv.smallest_diversity(small_table(), "age", "age"),
            r"sensitive must not be one of",
        ),
        (
            lambda: pv.smallest_diversity(small_table(), "age", "hiv"),
            r"sensitive must name columns of df",
        ),
        (
            lambda: pv.generalise(small_table(), "agee", width=10),
            r"column must name columns of df; got 'agee'",
        ),
        (
            lambda: pv.generalise(small_table(), "age"),
            r"exactly one of bins, width, keep or rule; got none",
        ),
        (
            lambda: pv.generalise(small_table(), "age", [20, 30], width=5),
            r"exactly one of .*got bins, width",
        ),
        (lambda: pv.generalise(small_table(), "age", width=0), r"width must lie in \(0, inf\)"),
        (
            lambda: pv.generalise(small_table(), "age", [20, 30]),
            r"bins must cover every value of column 'age'",
        ),
        (
            lambda: pv.generalise(small_table(), "age", [40, 20]),
            r"bins must be at least two strictly increasing",
        ),
        (
            lambda: pv.generalise(small_table(), "postcode", width=10),
            r"width needs a numeric column; column 'postcode'",
        ),
        (
            lambda: pv.generalise(small_table(), "postcode", keep=-1),
            r"keep must be an integer in \[0, inf\]",
        ),
        (lambda: pv.generalise(small_table(), "age", rule="band"), r"rule must be a function"),
        (lambda: pv.simulate_survey(0, 1), r"n must be an integer in \[1, inf\]"),
        (lambda: pv.simulate_survey(10, 1, leak_share=1.5), r"leak_share must lie in \[0, 1\]"),
        (lambda: pv.simulate_survey(10, "seed"), r"rng must be a numpy.random.Generator"),
        (lambda: pv.laplace_scale(-1.0, 1.0), r"sensitivity must lie in \[0, inf\); got -1.0"),
        (lambda: pv.laplace_scale(1.0, 0.0), r"epsilon must lie in \(0, inf\); got 0.0"),
        (lambda: pv.laplace_mechanism("x", 1.0, 1.0, 0), r"value must be a number"),
        (
            lambda: pv.laplace_mechanism(1.0, 1.0, 1.0, 0, size=-1),
            r"size must be an integer in \[0, inf\]",
        ),
        (lambda: pv.laplace_error_bound(1.0, 1.0, 1.0), r"confidence must lie in \[0, 1\)"),
        (
            lambda: pv.laplace_mechanism([1.0, 2.0], 1.0, 1.0, 0, size=3),
            r"size must broadcast against the shape of value \(2,\)",
        ),
        (lambda: pv.mean_sensitivity(1.0, 0.0, 10), r"upper must be greater than lower"),
        (lambda: pv.mean_sensitivity(0.0, 1.0, 0), r"n must be an integer in \[1, inf\]"),
        (
            lambda: pv.dp_mean([], 0, 1, 1.0, 0),
            r"values must be a non-empty one-dimensional column",
        ),
        (lambda: pv.dp_mean([1.0, np.nan], 0, 1, 1.0, 0), r"values must not be NaN"),
        (lambda: pv.dp_mean([1.0, 2.0], 0, 1, -1.0, 0), r"epsilon must lie in \(0, inf\)"),
        (lambda: pv.dp_mean(["a", "b"], 0, 1, 1.0, 0), r"values must be a number"),
    ],
)
def test_invalid_inputs_name_the_argument(call, message):
    with raises_by_rule(match=message):
        call()


bad_numbers = st.one_of(
    st.just(float("nan")),
    st.text(min_size=1, max_size=4),
    st.none(),
)


@FAST
@given(bad=st.one_of(bad_numbers, st.floats(max_value=0.0), st.integers(max_value=0)))
def test_any_bad_epsilon_raises_a_named_error(bad):
    for call in (
        lambda: pv.laplace_scale(1.0, bad),
        lambda: pv.laplace_mechanism(0.0, 1.0, bad, 0),
        lambda: pv.dp_mean([1.0, 2.0], 0, 5, bad, 0),
    ):
        with raises_by_rule() as info:
            call()
        assert "epsilon" in str(info.value)


@FAST
@given(bad=st.one_of(bad_numbers, st.floats(max_value=-1e-9), st.floats(min_value=math.inf)))
def test_any_bad_sensitivity_raises_a_named_error(bad):
    with raises_by_rule() as info:
        pv.laplace_mechanism(0.0, bad, 1.0, 0)
    assert "sensitivity" in str(info.value)


@FAST
@given(bad=st.one_of(bad_numbers, st.integers(max_value=0), st.floats(-5, 0.99), st.booleans()))
def test_any_bad_number_of_segments_raises_a_named_error(bad):
    for call in (lambda: pv.segment_prices(bad), lambda: pv.surplus_with_segments(bad)):
        with raises_by_rule() as info:
            call()
        assert "k" in str(info.value).split()[0]


@FAST
@given(bad=st.one_of(bad_numbers, st.floats(max_value=-1e-9)))
def test_any_bad_cost_raises_a_named_error(bad):
    for default in pv.DEFAULTS:
        with raises_by_rule() as info:
            pv.enrolment_rate(default, bad, 0.0, 1.0)
        assert "cost" in str(info.value)


@FAST
@given(bad=st.one_of(st.text(max_size=10).filter(lambda s: s not in pv.DEFAULTS), st.none(),
                     st.integers(), st.just("Opt-in"), st.just("opt_out")))
def test_any_unknown_default_raises_a_named_error(bad):
    for call in (
        lambda: pv.enrolment_rate(bad, 0.1),
        lambda: pv.simulate_enrolment(bad, 0.1, 0.0, 1.0, 5, 0),
    ):
        with pytest.raises(ValueError) as info:
            call()
        assert str(info.value).startswith("default must be one of")


@FAST
@given(df=tables, k=st.one_of(st.integers(max_value=0), st.just(1.5), st.text(max_size=2)))
def test_any_bad_k_for_anonymity_raises_a_named_error(df, k):
    with raises_by_rule() as info:
        pv.is_k_anonymous(df, ["age"], k)
    assert str(info.value).startswith("k must be")


@FAST
@given(
    df=tables,
    missing=st.text(min_size=1, max_size=6).filter(lambda s: s not in {"age", "gender", "code"}),
)
def test_any_missing_column_raises_a_named_error(df, missing):
    for call, name in (
        (lambda: pv.smallest_group(df, ["age", missing]), "quasi_identifiers"),
        (lambda: pv.is_k_anonymous(df, missing, 2), "quasi_identifiers"),
        (lambda: pv.reidentification_risk(df, [missing]), "quasi_identifiers"),
        (lambda: pv.generalise(df, missing, keep=1), "column"),
    ):
        with pytest.raises(ValueError) as info:
            call()
        assert str(info.value).startswith(name) and repr(missing) in str(info.value)


# ---------------------------------------------------------------------------------------------
# 1b. The consumer-optimal segmentation (Bergemann, Brooks & Morris 2015)
# ---------------------------------------------------------------------------------------------


def test_consumer_optimal_segmentation_with_one_segment_is_the_market_without_data():
    s = pv.consumer_optimal_segmentation(1).surplus
    assert (s.consumer, s.producer, s.deadweight) == pytest.approx((1 / 8, 1 / 4, 1 / 8))
    assert s == pytest.approx(tuple(pv.surplus_with_segments(1)))


def test_consumer_optimal_segmentation_converges_to_a_quarter_each_and_no_deadweight():
    s = pv.consumer_optimal_segmentation(10**6).surplus
    assert s.consumer == pytest.approx(1 / 4, abs=1e-6)
    assert s.producer == pytest.approx(1 / 4, abs=1e-12)
    assert s.deadweight == pytest.approx(0.0, abs=1e-6)
    # the limit integral CS = int_0^(1/2) 2x (1/2 - ln 2x) dx, by quadrature
    from scipy.integrate import quad

    limit, _ = quad(lambda x: 2 * x * (0.5 - math.log(2 * x)), 0, 0.5)
    assert limit == pytest.approx(1 / 4, abs=1e-12)


@pytest.mark.parametrize("n", [1, 2, 3, 5, 17, 200])
def test_seller_keeps_exactly_its_uniform_price_profit_and_totals_add_up(n):
    seg = pv.consumer_optimal_segmentation(n)
    s = seg.surplus
    assert s.producer == pytest.approx(pv.surplus_with_segments(1).producer, abs=1e-12)
    assert s.consumer + s.producer + s.deadweight == pytest.approx(0.5, abs=1e-12)
    assert seg.mass.sum() == pytest.approx(1.0) and np.allclose(seg.mass, 1 / n)
    assert np.all(seg.consumer >= 0) and np.all(seg.deadweight >= 0)
    assert s.consumer >= pv.surplus_with_segments(1).consumer - 1e-12


def test_more_segments_move_the_construction_towards_efficiency():
    cs = [pv.consumer_optimal_segmentation(n).surplus.consumer for n in range(1, 60)]
    dwl = [pv.consumer_optimal_segmentation(n).surplus.deadweight for n in range(1, 60)]
    assert np.all(np.diff(cs) > 0) and np.all(np.diff(dwl) < 0)
    assert max(cs) < 0.25  # a quarter only in the limit


def _segment_density(a, b, v):
    """Density of one pooled segment at valuations v (grid), from the construction."""
    low = np.where(v >= a, (np.minimum(v, b) ** 2 - a**2) / np.maximum(v, 1e-300) ** 2, 0.0)
    return np.where(v < 0.5, np.clip(low, 0, None), 4.0 * (b**2 - a**2))


@pytest.mark.parametrize("n", [1, 3, 8])
def test_segments_add_up_to_the_uniform_and_each_price_is_a_best_response(n):
    seg = pv.consumer_optimal_segmentation(n)
    v = (np.arange(200_000) + 0.5) / 200_000  # midpoints on [0, 1]
    dens = np.array([_segment_density(a, b, v) for a, b in zip(seg.lowest, seg.price)])
    np.testing.assert_allclose(dens.sum(axis=0), 1.0, atol=1e-9)
    dv = 1 / v.size
    for j, (a, b) in enumerate(zip(seg.lowest, seg.price)):
        tail = np.cumsum(dens[j][::-1])[::-1] * dv  # mass of the segment with valuation >= v
        revenue = v * tail
        best = revenue.max()
        assert best == pytest.approx(seg.producer[j], rel=1e-3)
        assert v[np.argmax(revenue)] >= b - 1e-3  # no price below b does better
        assert revenue[np.searchsorted(v, 0.5)] == pytest.approx(best, rel=1e-3)  # nor 1/2 worse
        assert tail[0] == pytest.approx(seg.mass[j], rel=1e-3)
        served = v >= b
        cs = np.sum((v[served] - b) * dens[j][served]) * dv
        assert cs == pytest.approx(seg.consumer[j], rel=1e-3, abs=1e-6)


@FAST
@given(bad=st.one_of(bad_numbers, st.integers(max_value=0), st.floats(-5, 0.99), st.booleans()))
def test_any_bad_number_of_optimal_segments_raises_a_named_error(bad):
    with raises_by_rule() as info:
        pv.consumer_optimal_segmentation(bad)
    assert str(info.value).startswith("n ")
