"""Human capital models: published HCI values, closed forms, monotonicity and invalid inputs."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from platformlab.models import human_capital as hc

from conftest import raises_by_rule

# China's published components (World Bank HCI data, CONTENT.md section 4):
# (survival to 5, expected years, harmonised test score, adult survival, not stunted) -> HCI, LAYS
CHINA_2018 = dict(
    survival_to_5=0.9907, expected_years=13.25, test_score=456, adult_survival=0.9212,
    not_stunted=0.919,
)
CHINA_2020 = dict(
    survival_to_5=0.9914, expected_years=13.14, test_score=441, adult_survival=0.9236,
    not_stunted=0.919,
)

# Tolerance for reproducing a published HCI: 0.002. The published index is rounded to 3
# decimals (error up to 0.0005) and is computed from unrounded components, which are published
# rounded (test score to the integer, EYS to 2 decimals, probabilities to 3-4). Propagating
# half a unit of each last digit through the formula moves the index by up to ~0.0009 (the
# integer test score dominates: 0.5 * 0.08 * 13.14/625 * 0.653 = 0.00055), so the worst case
# is ~0.0014. The observed errors are 0.0002 for both editions. 0.002 still catches the
# usual slips (2020 release, published 0.653): a missing "/2" in the health term (0.628),
# dropping stunting (0.646) or phi = 0.07 (0.685).
HCI_TOL = 0.002

probability = st.floats(0.0, 1.0, allow_nan=False)
years = st.floats(0.0, 14.0, allow_nan=False)
score = st.floats(300.0, 625.0, allow_nan=False)


# --------------------------------------------------------------------------------------------
# Human Capital Index: published numbers and closed forms
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "components, published_hci, published_lays",
    [(CHINA_2018, 0.673, 9.67), (CHINA_2020, 0.653, 9.27)],
    ids=["2018-edition", "2020-release"],
)
def test_hci_reproduces_published_china_values_within_rounding(
    components, published_hci, published_lays
):
    assert hc.human_capital_index(**components) == pytest.approx(published_hci, abs=HCI_TOL)
    parts = hc.hci_components(**components)
    assert parts.learning_adjusted_years == pytest.approx(published_lays, abs=0.005)
    assert parts.index == pytest.approx(published_hci, abs=HCI_TOL)


@pytest.mark.parametrize(
    "components, published_hci", [(CHINA_2018, 0.673), (CHINA_2020, 0.653)],
    ids=["2018-edition", "2020-release"],
)
def test_hci_rounds_to_the_published_three_decimals(components, published_hci):
    # stronger than the tolerance above: the observed fit is to the published precision
    assert round(hc.human_capital_index(**components), 3) == published_hci


def test_lays_is_expected_years_times_score_over_625():
    assert hc.learning_adjusted_years(13.25, 456) == pytest.approx(13.25 * 456 / 625)
    assert hc.learning_adjusted_years(13.14, 441) == pytest.approx(13.14 * 441 / 625)
    assert hc.learning_adjusted_years(13.25, 456) == pytest.approx(9.67, abs=0.005)
    assert hc.learning_adjusted_years(13.14, 441) == pytest.approx(9.27, abs=0.005)
    assert hc.learning_adjusted_years(14, 625) == pytest.approx(14)


def test_hci_components_multiply_to_the_index_and_match_the_formula():
    p = hc.hci_components(**CHINA_2020)
    assert p.survival * p.school * p.health == pytest.approx(p.index)
    lays = 13.14 * 441 / 625
    assert p.school == pytest.approx(math.exp(0.08 * (lays - 14)))
    assert p.health == pytest.approx(math.exp((0.65 * (0.9236 - 1) + 0.35 * (0.919 - 1)) / 2))
    assert p.survival == pytest.approx(0.9914)


def test_hci_without_stunting_data_uses_adult_survival_without_halving():
    no_ns = {k: v for k, v in CHINA_2020.items() if k != "not_stunted"}
    p = hc.hci_components(**no_ns)
    assert p.health == pytest.approx(math.exp(0.65 * (0.9236 - 1)))
    assert "not_stunted" not in hc.hci_marginal_effects(**no_ns)
    assert "not_stunted" not in hc.hci_gap_closing_gains(**no_ns)


def test_hci_is_one_at_the_benchmark_of_full_survival_school_and_health():
    assert hc.human_capital_index(1.0, 14.0, 625.0, 1.0, 1.0) == pytest.approx(1.0)
    assert hc.human_capital_index(1.0, 14.0, 625.0, 1.0) == pytest.approx(1.0)


def test_hci_vectorised_over_countries():
    out = hc.human_capital_index(
        [0.9907, 0.9914], [13.25, 13.14], [456, 441], [0.9212, 0.9236], 0.919
    )
    np.testing.assert_allclose(out, [0.673, 0.653], atol=HCI_TOL)
    parts = hc.hci_components(0.99, [10.0, 12.0, 14.0], 500, 0.9, 0.9)
    assert parts.survival.shape == parts.health.shape == parts.index.shape == (3,)


def test_hci_parameters_change_the_index_as_the_formula_says():
    base = hc.human_capital_index(**CHINA_2020)
    lays = 13.14 * 441 / 625
    steeper = hc.human_capital_index(**CHINA_2020, phi=0.10)
    assert steeper / base == pytest.approx(math.exp(0.02 * (lays - 14)))
    assert hc.human_capital_index(**CHINA_2020, gamma_asr=0.5) > base


@settings(max_examples=60, deadline=None)
@given(p5=probability, eys=years, hts=score, asr=probability, ns=probability)
def test_hci_lies_in_unit_interval(p5, eys, hts, asr, ns):
    assert 0.0 <= hc.human_capital_index(p5, eys, hts, asr, ns) <= 1.0
    assert 0.0 <= hc.human_capital_index(p5, eys, hts, asr) <= 1.0


@settings(max_examples=80, deadline=None)
@given(
    p5=st.floats(0.05, 1.0),
    eys=st.floats(0.5, 14.0),
    hts=score,
    asr=probability,
    ns=probability,
    which=st.sampled_from(
        ["survival_to_5", "expected_years", "test_score", "adult_survival", "not_stunted"]
    ),
    step=st.floats(0.01, 1.0),
)
def test_hci_rises_in_every_component(p5, eys, hts, asr, ns, which, step):
    base = dict(survival_to_5=p5, expected_years=eys, test_score=hts, adult_survival=asr,
                not_stunted=ns)
    upper = {"survival_to_5": 1.0, "expected_years": 14.0, "test_score": 625.0,
             "adult_survival": 1.0, "not_stunted": 1.0}[which]
    width = {"expected_years": 14.0, "test_score": 325.0}.get(which, 1.0)
    assume(base[which] + step * width * 0.01 <= upper)
    better = dict(base)
    better[which] = base[which] + step * width * 0.01
    assert hc.human_capital_index(**better) > hc.human_capital_index(**base)
    # the marginal effects agree: every one is strictly positive
    assert hc.hci_marginal_effects(**base)[which] > 0


def test_marginal_effects_match_finite_differences():
    effects = hc.hci_marginal_effects(**CHINA_2020)
    h = {"survival_to_5": 1e-6, "expected_years": 1e-5, "test_score": 1e-3,
         "adult_survival": 1e-6, "not_stunted": 1e-6}
    for name, d in h.items():
        up, down = dict(CHINA_2020), dict(CHINA_2020)
        up[name] += d
        down[name] -= d
        numeric = (hc.human_capital_index(**up) - hc.human_capital_index(**down)) / (2 * d)
        assert effects[name] == pytest.approx(numeric, rel=1e-5), name


def test_gap_closing_gains_for_china_2020_rank_test_scores_first():
    gains = hc.hci_gap_closing_gains(**CHINA_2020, fraction=0.1)
    assert set(gains) == {"survival_to_5", "expected_years", "test_score", "adult_survival",
                          "not_stunted"}
    assert all(g > 0 for g in gains.values())
    assert max(gains, key=gains.get) == "test_score"
    # closing 10% of the test-score gap: 441 -> 459.4
    moved = dict(CHINA_2020, test_score=441 + 0.1 * (625 - 441))
    expected = hc.human_capital_index(**moved) - hc.human_capital_index(**CHINA_2020)
    assert gains["test_score"] == pytest.approx(expected)


def test_gap_closing_gains_are_zero_at_the_frontier_and_for_zero_fraction():
    at_frontier = hc.hci_gap_closing_gains(1.0, 14.0, 625.0, 1.0, 1.0)
    assert all(g == pytest.approx(0.0) for g in at_frontier.values())
    none_closed = hc.hci_gap_closing_gains(**CHINA_2020, fraction=0.0)
    assert all(g == 0.0 for g in none_closed.values())
    all_closed = hc.hci_gap_closing_gains(**CHINA_2020, fraction=1.0)
    base = hc.human_capital_index(**CHINA_2020)
    assert all_closed["survival_to_5"] == pytest.approx(base / 0.9914 - base)


# --------------------------------------------------------------------------------------------
# Mincer earnings function and training value
# --------------------------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(
    s=st.floats(0.0, 20.0),
    x=st.floats(0.0, 45.0),
    a=st.floats(-5.0, 15.0),
    r=st.floats(0.0, 0.3),
    b1=st.floats(-0.1, 0.2),
    b2=st.floats(-0.01, 0.01),
)
def test_mincer_one_more_year_of_school_adds_r_to_the_log_wage(s, x, a, r, b1, b2):
    diff = hc.mincer_log_wage(s + 1, x, a, r, b1, b2) - hc.mincer_log_wage(s, x, a, r, b1, b2)
    assert diff == pytest.approx(r, abs=1e-9)


def test_mincer_closed_form_and_concave_experience_profile():
    assert hc.mincer_log_wage(12, 10, 1.0, 0.09, 0.05, -0.001) == pytest.approx(
        1.0 + 0.09 * 12 + 0.05 * 10 - 0.001 * 100
    )
    # the profile peaks at X* = -b1 / (2 b2) = 25 years
    xs = np.arange(0, 51)
    profile = hc.mincer_log_wage(12, xs, 1.0, 0.09, 0.05, -0.001)
    assert xs[np.argmax(profile)] == 25


def test_training_value_closed_form():
    v = hc.training_value(0.5, 0.08, annual_wage=30_000, working_years=40, discount_rate=0.05)
    g = math.exp(0.08 * 0.5) - 1
    annuity = (1 - 1.05**-40) / 0.05
    assert v.wage_gain == pytest.approx(g)
    assert v.annual_gain == pytest.approx(30_000 * g)
    assert v.present_value == pytest.approx(30_000 * g * annuity)
    assert v.present_value == pytest.approx(
        sum(30_000 * g / 1.05**t for t in range(1, 41))
    )


def test_training_value_without_discounting_is_gain_times_years():
    v = hc.training_value(1.0, 0.1, working_years=30, discount_rate=0.0)
    assert v.present_value == pytest.approx(30 * (math.exp(0.1) - 1))
    both = hc.training_value(1.0, 0.1, working_years=30, discount_rate=[0.0, 0.03])
    assert both.present_value[0] == pytest.approx(v.present_value)
    assert both.present_value[1] < both.present_value[0]


def test_training_value_is_consistent_with_the_mincer_wage():
    r, ds = 0.09, 0.75
    w0 = math.exp(hc.mincer_log_wage(9, 5, 1.0, r, 0.05, -0.001))
    w1 = math.exp(hc.mincer_log_wage(9 + ds, 5, 1.0, r, 0.05, -0.001))
    assert hc.training_value(ds, r).wage_gain == pytest.approx(w1 / w0 - 1)


@settings(max_examples=40, deadline=None)
@given(ds=st.floats(0.0, 3.0), r=st.floats(0.0, 0.3), d=st.floats(0.0, 0.2))
def test_training_value_rises_with_extra_years_and_is_non_negative(ds, r, d):
    low = hc.training_value(ds, r, discount_rate=d)
    high = hc.training_value(ds + 0.5, r, discount_rate=d)
    assert 0.0 <= low.present_value <= high.present_value


# --------------------------------------------------------------------------------------------
# Task-based model
# --------------------------------------------------------------------------------------------


def test_labour_task_share_closed_forms():
    assert hc.labour_task_share(0.0) == pytest.approx(1.0)
    assert hc.labour_task_share(0.3) == pytest.approx(0.7)
    assert hc.labour_task_share(0.3, 1.2) == pytest.approx(0.9)  # tasks now on [0.2, 1.2]
    assert hc.labour_task_share(1.0) == pytest.approx(0.0)
    np.testing.assert_allclose(hc.labour_task_share([0.0, 0.5, 1.0, 2.0], 1.5), [1, 1, 0.5, 0])


@settings(max_examples=60, deadline=None)
@given(
    i=st.floats(0.0, 2.0),
    n=st.floats(1.0, 2.0),
    di=st.floats(0.0, 0.5),
    dn=st.floats(0.0, 0.5),
    k=st.floats(0.1, 10.0),
    lab=st.floats(0.1, 10.0),
    sigma=st.floats(0.2, 5.0),
)
def test_automation_lowers_and_new_tasks_raise_labours_shares(i, n, di, dn, k, lab, sigma):
    kw = dict(capital=k, labour=lab, elasticity=sigma)
    assert hc.labour_task_share(i + di, n) <= hc.labour_task_share(i, n)
    assert hc.labour_task_share(i, n + dn) >= hc.labour_task_share(i, n)
    base = hc.labour_share(i, n, **kw)
    assert 0.0 <= base <= 1.0
    assert hc.labour_share(i + di, n, **kw) <= base + 1e-12
    assert hc.labour_share(i, n + dn, **kw) >= base - 1e-12


@pytest.mark.parametrize("sigma", [0.5, 1.0, 2.0])
def test_labour_share_is_one_without_automation_and_zero_with_full_automation(sigma):
    assert hc.labour_share(0.0, 1.0, capital=3.0, elasticity=sigma) == pytest.approx(1.0)
    assert hc.labour_share(1.0, 1.0, capital=3.0, elasticity=sigma) == pytest.approx(0.0)


@settings(max_examples=40, deadline=None)
@given(i=st.floats(0.0, 1.0), k=st.floats(0.1, 10.0), lab=st.floats(0.1, 10.0))
def test_cobb_douglas_labour_share_equals_labours_task_share(i, k, lab):
    assert hc.labour_share(i, capital=k, labour=lab) == pytest.approx(1.0 - i, abs=1e-12)


@pytest.mark.parametrize("sigma", [0.5, 1.0, 1.000_000_1, 2.0])
@pytest.mark.parametrize("i", [0.2, 0.6])
def test_labour_share_is_the_output_elasticity_of_labour(sigma, i):
    # s_L = L * dY/dL / Y, by central differences on task_based_output
    k, lab, h = 2.0, 1.0, 1e-6
    y = hc.task_based_output(i, capital=k, labour=lab, elasticity=sigma)
    up = hc.task_based_output(i, capital=k, labour=lab + h, elasticity=sigma)
    down = hc.task_based_output(i, capital=k, labour=lab - h, elasticity=sigma)
    numeric = lab * (up - down) / (2 * h) / y
    assert hc.labour_share(i, capital=k, labour=lab, elasticity=sigma) == pytest.approx(
        numeric, rel=1e-6
    )


def test_task_based_output_closed_forms():
    # Cobb-Douglas: Y = (K/(1-l))^(1-l) (L/l)^l
    assert hc.task_based_output(0.3, capital=2.0) == pytest.approx(
        (2.0 / 0.3) ** 0.3 * (1.0 / 0.7) ** 0.7
    )
    # no automation: labour alone, Y = L; full automation: Y = K
    for sigma in (0.5, 1.0, 2.0):
        assert hc.task_based_output(0.0, capital=2.0, labour=3.0, elasticity=sigma) == (
            pytest.approx(3.0)
        )
        assert hc.task_based_output(1.0, capital=2.0, labour=3.0, elasticity=sigma) == (
            pytest.approx(2.0)
        )
    # CES is continuous in sigma at 1
    assert hc.task_based_output(0.3, capital=2.0, elasticity=1.0001) == pytest.approx(
        hc.task_based_output(0.3, capital=2.0), rel=1e-3
    )


# --------------------------------------------------------------------------------------------
# Invalid inputs
# --------------------------------------------------------------------------------------------

HCI_ARGS = (0.9914, 13.14, 441, 0.9236, 0.919)
hci = hc.human_capital_index
mincer = hc.mincer_log_wage
train = hc.training_value


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: hci(1.2, 13, 441, 0.9), r"survival_to_5 must lie in \[0, 1\]; got 1.2"),
        (lambda: hci(0.99, -1, 441, 0.9), r"expected_years must lie in \[0, 14\]; got -1"),
        (lambda: hci(0.99, 15, 441, 0.9), r"expected_years must lie in \[0, 14\]; got 15"),
        (lambda: hci(0.99, 13, 700, 0.9), r"test_score must lie in \[300, 625\]; got 700"),
        (lambda: hci(0.99, 13, 250, 0.9), r"test_score must lie in \[300, 625\]; got 250"),
        (lambda: hci(0.99, 13, 441, 1.01), r"adult_survival must lie in \[0, 1\]"),
        (lambda: hci(*HCI_ARGS[:4], float("nan")), r"not_stunted must not be NaN"),
        (lambda: hci(*HCI_ARGS, phi=0.0), r"phi must lie in \(0, inf\); got 0"),
        (lambda: hci(*HCI_ARGS, gamma_asr=-0.65), r"gamma_asr must lie in \(0, inf\)"),
        (lambda: hci(*HCI_ARGS, gamma_stunting="0.35"), r"gamma_stunting must be a number"),
        (lambda: hci(*HCI_ARGS, phi=[0.08, 0.1]), r"phi must be a single number"),
        (lambda: hc.learning_adjusted_years("13", 441), r"expected_years must be a number"),
        (lambda: hc.hci_gap_closing_gains(*HCI_ARGS, fraction=1.5),
         r"fraction must lie in \[0, 1\]"),
        (lambda: mincer(-1, 5, 1, 0.09, 0.05, -0.001), r"schooling must lie in \[0, inf\)"),
        (lambda: mincer(12, -5, 1, 0.09, 0.05, -0.001), r"experience must lie in \[0, inf\)"),
        (lambda: mincer(12, 5, float("inf"), 0.09, 0.05, -0.001),
         r"intercept must lie in \(-inf, inf\)"),
        (lambda: mincer(12, 5, 1, 1.5, 0.05, -0.001), r"return_to_schooling must lie in \[0, 1\]"),
        (lambda: mincer(12, 5, 1, 0.09, None, -0.001), r"b1 must be a number"),
        (lambda: mincer(12, 5, 1, 0.09, 0.05, float("nan")), r"b2 must not be NaN"),
        (lambda: train(-0.5, 0.08), r"extra_years must lie in \[0, inf\)"),
        (lambda: train(0.5, 0.08, annual_wage=0), r"annual_wage must lie in \(0, inf\)"),
        (lambda: train(0.5, 0.08, working_years=0),
         r"working_years must be an integer in \[1, 60\]"),
        (lambda: train(0.5, 0.08, working_years=40.5), r"working_years must be an integer"),
        (lambda: train(0.5, 0.08, discount_rate=-0.01), r"discount_rate must lie in \[0, 1\]"),
        (lambda: hc.labour_task_share(-0.1), r"automation_threshold must lie in \[0, inf\)"),
        (lambda: hc.labour_task_share(0.3, 0.5), r"new_task_frontier must lie in \[1, inf\)"),
        (lambda: hc.labour_share(0.3, capital=0), r"capital must lie in \(0, inf\)"),
        (lambda: hc.labour_share(0.3, labour=-1), r"labour must lie in \(0, inf\)"),
        (lambda: hc.task_based_output(0.3, elasticity=0), r"elasticity must lie in \(0, inf\)"),
    ],
)
def test_invalid_inputs_name_the_argument(call, message):
    with raises_by_rule(match=message):
        call()


bad_probability = st.one_of(
    st.floats(allow_nan=True).filter(lambda x: math.isnan(x) or x < 0 or x > 1),
    st.text(min_size=1, max_size=5),
    st.none(),
    st.lists(st.floats(1.01, 10), min_size=1, max_size=3),
)


@settings(max_examples=40, deadline=None)
@given(
    bad=bad_probability,
    position=st.sampled_from(["survival_to_5", "adult_survival", "not_stunted"]),
)
def test_any_bad_probability_raises_a_named_error(bad, position):
    args = dict(zip(["survival_to_5", "expected_years", "test_score", "adult_survival",
                     "not_stunted"], HCI_ARGS))
    if bad is None and position == "not_stunted":
        return  # None is the documented "stunting data missing"
    args[position] = bad
    with raises_by_rule() as info:
        hc.human_capital_index(**args)
    assert position in str(info.value)


@settings(max_examples=40, deadline=None)
@given(
    bad=st.one_of(
        st.floats(allow_nan=True).filter(lambda x: math.isnan(x) or x < 300 or x > 625),
        st.text(min_size=1, max_size=5),
        st.lists(st.floats(625.01, 1e6), min_size=1, max_size=3),
    )
)
def test_any_bad_test_score_raises_a_named_error(bad):
    with raises_by_rule() as info:
        hc.human_capital_index(0.99, 13.0, bad, 0.92, 0.92)
    assert "test_score" in str(info.value)


@settings(max_examples=40, deadline=None)
@given(
    bad=st.one_of(
        st.floats(allow_nan=True).filter(lambda x: math.isnan(x) or x < 0 or x > 14),
        st.text(min_size=1, max_size=5),
        st.none(),
    )
)
def test_any_bad_expected_years_raises_a_named_error(bad):
    with raises_by_rule() as info:
        hc.learning_adjusted_years(bad, 500)
    assert "expected_years" in str(info.value)


@settings(max_examples=40, deadline=None)
@given(
    bad=st.one_of(
        st.floats(allow_nan=True).filter(lambda x: math.isnan(x) or x < 0 or math.isinf(x)),
        st.text(min_size=1, max_size=5),
        st.none(),
    ),
    position=st.sampled_from(["schooling", "experience"]),
)
def test_any_bad_years_in_mincer_raise_a_named_error(bad, position):
    args = dict(schooling=12.0, experience=5.0, intercept=1.0, return_to_schooling=0.09,
                b1=0.05, b2=-0.001)
    args[position] = bad
    with raises_by_rule() as info:
        hc.mincer_log_wage(**args)
    assert position in str(info.value)


# --------------------------------------------------------------------------------------------
# Causal returns: ability bias, twins and measurement error
# --------------------------------------------------------------------------------------------

TWINS = dict(ability_wage_effect=0.10, ability_schooling_effect=1.5, within_pair_sd=1.0)


def test_twin_estimates_equal_the_true_return_without_ability_or_reporting_error():
    est = hc.twin_return_estimates(0.05, ability_wage_effect=0.0, ability_schooling_effect=1.5,
                                   within_pair_sd=1.0, measurement_error_sd=0.0)
    assert est == pytest.approx((0.05, 0.05, 0.05))


def test_twin_ols_bias_is_beta_lambda_over_schooling_variance_without_reporting_error():
    r, beta, lam, sd_e = 0.04, 0.10, 1.5, 1.0
    est = hc.twin_return_estimates(r, ability_wage_effect=beta, ability_schooling_effect=lam,
                                   within_pair_sd=sd_e, measurement_error_sd=0.0)
    assert est.ols == pytest.approx(r + beta * lam / (lam**2 + sd_e**2))  # 0.04 + 0.15/3.25
    assert est.within_pair == pytest.approx(r)  # differencing removes the family's ability


def test_twin_closed_forms_with_reporting_error():
    r, beta, lam, sd_e, sd_m = 0.04, 0.10, 1.5, 1.0, 0.6
    est = hc.twin_return_estimates(r, ability_wage_effect=beta, ability_schooling_effect=lam,
                                   within_pair_sd=sd_e, measurement_error_sd=sd_m)
    reliability = (lam**2 + sd_e**2) / (lam**2 + sd_e**2 + sd_m**2)
    assert est.ols == pytest.approx(r * reliability + beta * lam / (lam**2 + sd_e**2 + sd_m**2))
    assert est.within_pair == pytest.approx(r * sd_e**2 / (sd_e**2 + sd_m**2))  # 0.04/1.36
    assert est.within_pair_corrected == r
    # differencing attenuates more than the cross-section does
    assert est.within_pair < r * reliability


@settings(max_examples=60, deadline=None)
@given(
    r=st.floats(0.0, 0.3), lam=st.floats(0.0, 3.0), sd_e=st.floats(0.1, 3.0),
    sd_m=st.floats(0.0, 3.0), more=st.floats(0.01, 1.0),
)
def test_within_pair_estimate_lies_below_the_truth_and_falls_with_reporting_error(
    r, lam, sd_e, sd_m, more
):
    kw = dict(ability_wage_effect=0.1, ability_schooling_effect=lam, within_pair_sd=sd_e)
    est = hc.twin_return_estimates(r, measurement_error_sd=sd_m, **kw)
    noisier = hc.twin_return_estimates(r, measurement_error_sd=sd_m + more, **kw)
    assert 0.0 <= est.within_pair <= r + 1e-12
    assert noisier.within_pair <= est.within_pair + 1e-12
    assert est.within_pair_corrected == pytest.approx(r)


def test_simulated_twin_estimates_converge_to_the_closed_forms():
    limits = hc.twin_return_estimates(0.04, measurement_error_sd=0.6, **TWINS)
    sample = hc.simulate_twin_returns(400_000, 0.04, measurement_error_sd=0.6, rng=1, **TWINS)
    assert sample.ols == pytest.approx(limits.ols, abs=0.001)
    assert sample.within_pair == pytest.approx(limits.within_pair, abs=0.001)
    assert sample.within_pair_corrected == pytest.approx(limits.within_pair_corrected, abs=0.002)


def test_simulated_twin_estimates_are_reproducible_with_a_seed():
    a = hc.simulate_twin_returns(500, 0.04, measurement_error_sd=0.6, rng=7, **TWINS)
    b = hc.simulate_twin_returns(500, 0.04, measurement_error_sd=0.6,
                                 rng=np.random.default_rng(7), **TWINS)
    assert a == b


def test_published_twin_returns_for_urban_china():
    from platformlab import data

    r = data.load("returns_schooling_twins_china").set_index("estimator")["return_per_year"]
    # Li, Liu & Zhang (2012), abstract: OLS 8.4%, within-twin 2.7%, 3.8% after correction
    assert r.to_dict() == {"ols": 0.084, "within_twin": 0.027, "within_twin_corrected": 0.038}
    # what the chapter prints: a half-year course at each return (5%, 40 years)
    values = hc.training_value(0.5, r.to_numpy()).present_value
    assert np.round(values, 2).tolist() == [0.74, 0.23, 0.33]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: hc.twin_return_estimates(float("nan"), measurement_error_sd=0.5, **TWINS),
         r"return_to_schooling must not be NaN"),
        (lambda: hc.twin_return_estimates("0.04", measurement_error_sd=0.5, **TWINS),
         r"return_to_schooling must be a number"),
        (lambda: hc.twin_return_estimates(0.04, measurement_error_sd=-0.5, **TWINS),
         r"measurement_error_sd must lie in \[0, 10\]"),
        (lambda: hc.twin_return_estimates(0.04, measurement_error_sd=0.5, ability_wage_effect=0.1,
                                          ability_schooling_effect=1.5, within_pair_sd=0.0),
         r"within_pair_sd must lie in \(0, 10\]"),
        (lambda: hc.twin_return_estimates(0.04, measurement_error_sd=[0.5, 0.6], **TWINS),
         r"measurement_error_sd must be a single number"),
        (lambda: hc.simulate_twin_returns(5, 0.04, measurement_error_sd=0.5, rng=1, **TWINS),
         r"n_pairs must be an integer in \[10, 10000000\]"),
        (lambda: hc.simulate_twin_returns(100.5, 0.04, measurement_error_sd=0.5, rng=1, **TWINS),
         r"n_pairs must be an integer"),
        (lambda: hc.simulate_twin_returns(100, 0.04, measurement_error_sd=0.5, rng=None, **TWINS),
         r"rng must be a numpy.random.Generator"),
        (lambda: hc.simulate_twin_returns(100, 0.04, measurement_error_sd=0.5, rng=1,
                                          wage_noise_sd=-1, **TWINS),
         r"wage_noise_sd must lie in \[0, 10\]"),
    ],
)
def test_invalid_twin_inputs_name_the_argument(call, message):
    with raises_by_rule(match=message):
        call()
