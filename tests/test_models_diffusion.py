"""Social-commerce models: Bass diffusion, critical mass, group buying, network adoption.

Oracles: the Bass differential equation solved numerically, the closed-form peak, the quadratic
formula, scipy's binomial distribution (and a direct sum with math.comb), and the shape of the
simulated adoption curve.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import binom

from platformlab.models import diffusion as d
from platformlab.models import diffusion

from conftest import raises_by_rule

P_AVG, Q_AVG = d.SULTAN_FARLEY_LEHMANN_P, d.SULTAN_FARLEY_LEHMANN_Q

valid_p = st.floats(1e-4, 1.0)
valid_q = st.floats(0.0, 3.0)
bad_positive = st.one_of(
    st.floats(allow_nan=True).filter(lambda x: math.isnan(x) or x <= 0 or math.isinf(x)),
    st.text(min_size=1, max_size=5),
    st.none(),
)
bad_nonnegative = st.one_of(
    st.floats(allow_nan=True).filter(lambda x: math.isnan(x) or x < 0 or math.isinf(x)),
    st.text(min_size=1, max_size=5),
    st.none(),
)
bad_probability = st.one_of(
    st.floats(allow_nan=True).filter(lambda x: math.isnan(x) or x < 0 or x > 1),
    st.text(min_size=1, max_size=5),
    st.none(),
    st.lists(st.floats(1.01, 10), min_size=1, max_size=3),
)


def _noisy_bass_data(seed, p=P_AVG, q=Q_AVG, m=500.0, years=15, noise=0.02):
    """Annual cumulative adopters with 2% multiplicative noise on each year's new adopters."""
    t = np.arange(1.0, years + 1)
    new = np.diff(d.bass_cumulative(np.r_[0.0, t], p, q, m))
    rng = np.random.default_rng(seed)
    return t, np.cumsum(new * (1.0 + noise * rng.standard_normal(new.size)))


# ---------------------------------------------------------------------------------------------
# Bass diffusion
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("p, q, m", [(P_AVG, Q_AVG, 1.0), (0.01, 0.9, 350.0), (0.2, 0.05, 1e3)])
def test_bass_closed_form_matches_numerical_solution_of_its_ode(p, q, m):
    t = np.linspace(0.0, 40.0, 401)
    closed = d.bass_cumulative(t, p, q, m)
    numeric = d.bass_ode_solution(t, p, q, m)
    assert np.max(np.abs(closed - numeric)) < 1e-6 * m


def test_bass_ode_solution_handles_unsorted_times_and_launch_date():
    t = np.array([2030.0, 2012.0, 2020.0, 2005.0])
    numeric = d.bass_ode_solution(t, P_AVG, Q_AVG, 100.0, t0=2010.0)
    closed = d.bass_cumulative(t, P_AVG, Q_AVG, 100.0, t0=2010.0)
    np.testing.assert_allclose(numeric, closed, atol=1e-6 * 100)
    assert numeric[3] == 0.0


@pytest.mark.parametrize("p, q", [(P_AVG, Q_AVG), (0.01, 0.5), (0.002, 1.2)])
def test_adoption_rate_peaks_at_closed_form_peak_time(p, q):
    t_star = d.bass_peak_time(p, q)
    assert t_star == pytest.approx(math.log(q / p) / (p + q))
    grid = np.linspace(0.0, 3 * t_star, 300_001)
    rate = d.bass_adoption_rate(grid, p, q, 1.0)
    assert grid[np.argmax(rate)] == pytest.approx(t_star, abs=2 * (grid[1] - grid[0]))
    # at the peak, F = 1/2 - p/(2q)
    assert d.bass_cumulative(t_star, p, q) == pytest.approx(0.5 - p / (2 * q))


def test_average_coefficients_peak_after_about_six_years():
    # Sultan, Farley & Lehmann (1990) averages: p = 0.03, q = 0.38
    assert d.bass_peak_time(P_AVG, Q_AVG) == pytest.approx(math.log(0.38 / 0.03) / 0.41)
    assert 6.1 < d.bass_peak_time(P_AVG, Q_AVG) < 6.3


def test_peak_is_at_launch_when_imitation_does_not_exceed_innovation():
    assert d.bass_peak_time(0.3, 0.1) == 0.0
    assert d.bass_peak_time(0.2, 0.2, t0=2015.0) == 2015.0
    grid = np.linspace(0.0, 20.0, 2001)
    assert np.argmax(d.bass_adoption_rate(grid, 0.3, 0.1)) == 0
    np.testing.assert_allclose(
        d.bass_peak_time(np.array([0.1, 0.03]), np.array([0.05, 0.38])),
        [0.0, math.log(0.38 / 0.03) / 0.41],
    )


def test_bass_starts_at_zero_and_tends_to_market_potential():
    assert d.bass_cumulative(0.0, P_AVG, Q_AVG, 250.0) == 0.0
    assert d.bass_cumulative(200.0, P_AVG, Q_AVG, 250.0) == pytest.approx(250.0, rel=1e-12)
    assert d.bass_cumulative(math.inf, P_AVG, Q_AVG, 250.0) == 250.0
    assert d.bass_adoption_rate(0.0, P_AVG, Q_AVG, 250.0) == pytest.approx(250.0 * P_AVG)
    assert d.bass_adoption_rate(math.inf, P_AVG, Q_AVG, 250.0) == 0.0


def test_bass_launch_date_shifts_the_curve_and_nothing_happens_before_launch():
    years = np.arange(2010.0, 2031.0)
    shifted = d.bass_cumulative(years, P_AVG, Q_AVG, 10.0, t0=2015.0)
    np.testing.assert_allclose(shifted, d.bass_cumulative(years - 2015.0, P_AVG, Q_AVG, 10.0))
    assert np.all(shifted[years <= 2015] == 0.0)
    assert np.all(d.bass_adoption_rate(years[years < 2015], P_AVG, Q_AVG, 10.0, t0=2015.0) == 0)
    assert d.bass_peak_time(P_AVG, Q_AVG, t0=2015.0) == pytest.approx(2015 + 6.1926, abs=1e-3)


def test_adoption_rate_is_the_derivative_of_cumulative_adoption():
    t = np.linspace(0.5, 30.0, 60)
    h = 1e-5
    upper = d.bass_cumulative(t + h, 0.02, 0.5, 80.0)
    lower = d.bass_cumulative(t - h, 0.02, 0.5, 80.0)
    numeric = (upper - lower) / (2 * h)
    rate = d.bass_adoption_rate(t, 0.02, 0.5, 80.0)
    np.testing.assert_allclose(rate, numeric, rtol=1e-6, atol=1e-7 * 80)


def test_pure_innovation_is_exponential_saturation():
    t = np.linspace(0.0, 10.0, 11)
    np.testing.assert_allclose(d.bass_cumulative(t, 0.2, 0.0), 1 - np.exp(-0.2 * t))


def test_bass_broadcasts_over_parameter_arrays():
    out = d.bass_cumulative(np.array([[1.0], [5.0]]), np.array([0.01, 0.03, 0.1]), Q_AVG)
    assert out.shape == (2, 3)
    assert np.all(np.diff(out, axis=1) > 0)  # more innovation, more adopters at each date


@given(p=valid_p, q=valid_q, t=st.lists(st.floats(0.0, 500.0), min_size=2, max_size=20))
def test_bass_share_is_a_non_decreasing_share(p, q, t):
    t = np.sort(np.asarray(t))
    F = d.bass_cumulative(t, p, q)
    assert np.all((F >= 0) & (F <= 1))
    assert np.all(np.diff(F) >= -1e-15)
    assert np.all(d.bass_adoption_rate(t, p, q) >= 0)


@given(p=st.floats(1e-300, 1e-3), q=st.floats(10.0, 1e3))
def test_bass_is_finite_for_extreme_imitation_to_innovation_ratios(p, q):
    t = np.array([0.0, 1.0, 100.0, 1e6])
    assert np.all(np.isfinite(d.bass_cumulative(t, p, q)))
    assert np.all(np.isfinite(d.bass_adoption_rate(t, p, q)))
    assert np.isfinite(d.bass_peak_time(p, q))


# --- fitting -----------------------------------------------------------------------------------

# Tolerance: 15 annual points, 2% multiplicative noise on each year's new adopters. Over 200
# seeds the worst relative errors were 6% (p), 4% (q) and 2.3% (m); we test at 15%, 15%, 5%.
@pytest.mark.parametrize("seed", [0, 1, 2, 3, 4])
def test_fit_recovers_known_parameters_from_noisy_annual_data(seed):
    t, y = _noisy_bass_data(seed)
    fit = d.fit_bass(t, y)
    assert fit.success
    assert fit.p == pytest.approx(P_AVG, rel=0.15)
    assert fit.q == pytest.approx(Q_AVG, rel=0.15)
    assert fit.m == pytest.approx(500.0, rel=0.05)
    assert fit.n_obs == 15 and fit.active_bounds == ()
    np.testing.assert_allclose(fit.predict(t), y, rtol=0.05)


def test_fit_recovers_a_fast_imitation_led_curve_from_ten_points():
    t, y = _noisy_bass_data(7, p=0.01, q=0.9, m=300.0, years=10)
    fit = d.fit_bass(t, y)
    assert fit.success
    assert fit.p == pytest.approx(0.01, rel=0.15)
    assert fit.q == pytest.approx(0.9, rel=0.15)
    assert fit.m == pytest.approx(300.0, rel=0.05)


def test_fit_on_exact_data_is_exact():
    t = np.arange(1.0, 13.0)
    fit = d.fit_bass(t, d.bass_cumulative(t, 0.02, 0.45, 900.0))
    assert (fit.p, fit.q, fit.m) == pytest.approx((0.02, 0.45, 900.0), rel=1e-5)
    assert fit.rmse < 1e-4


def test_fit_respects_m_max_and_reports_the_binding_bound():
    t, y = _noisy_bass_data(3)
    early_t, early_y = t[:7], y[:7]  # before the peak: the market size is weakly identified
    m_max = 0.8 * 500.0
    fit = d.fit_bass(early_t, early_y, m_max=m_max)
    assert fit.m <= m_max
    assert "m" in fit.active_bounds
    assert fit.m >= early_y.max()


def test_fit_with_m_max_equal_to_the_largest_observation_fixes_m_there():
    # A saturated series (every agent adopted) bounded by the number of agents: the lower and
    # upper bounds on m coincide. This used to fail inside scipy with an unnamed error.
    t = np.arange(1.0, 31.0)
    y = np.minimum(d.bass_cumulative(t, 0.01, 0.6, 1000.0), 1000.0)
    y[-5:] = 1000.0
    fit = d.fit_bass(t, y, m_max=1000.0)
    assert fit.success
    assert fit.m == pytest.approx(1000.0, rel=1e-8)
    assert "m" in fit.active_bounds
    assert fit.q == pytest.approx(0.6, rel=0.05)


def test_fit_with_calendar_years_and_launch_date_equals_fit_on_time_since_launch():
    t, y = _noisy_bass_data(0)
    in_years = d.fit_bass(t + 2009.0, y, t0=2009.0)
    since_launch = d.fit_bass(t, y)
    assert (in_years.p, in_years.q, in_years.m) == pytest.approx(
        (since_launch.p, since_launch.q, since_launch.m), rel=1e-4
    )
    assert in_years.predict(2009.0) == 0.0


def test_fit_to_pinduoduo_active_buyers_with_wechat_bound_converges():
    # Pinduoduo annual active buyers (company results), millions, at the end of 2017-2020; the
    # app launched in September 2015; WeChat + Weixin MAU mid-2023: 1,327 million.
    year_end = np.array([2018.0, 2019.0, 2020.0, 2021.0])
    buyers = np.array([244.8, 418.5, 585.2, 788.4])
    fit = d.fit_bass(year_end, buyers, m_max=1327.0, t0=2015.75)
    assert fit.success
    assert buyers.max() <= fit.m <= 1327.0
    assert fit.q > fit.p > 0


@pytest.mark.parametrize(
    "t, y, kwargs, message",
    [
        ([1.0, 2.0], [1.0, 2.0], {}, r"at least 3 observations.*got 2"),
        ([1.0, 2.0, 3.0], [1.0, float("nan"), 3.0], {}, r"cumulative must not be NaN"),
        ([1.0, float("nan"), 3.0], [1.0, 2.0, 3.0], {}, r"t must not be NaN"),
        ([1.0, 2.0, 3.0, 4.0], [1.0, 3.0, 2.0, 4.0], {}, r"must be non-decreasing.*3 then 2"),
        ([1.0, 3.0, 2.0], [1.0, 2.0, 3.0], {}, r"t must be strictly increasing"),
        ([1.0, 2.0, 3.0], [-1.0, 2.0, 3.0], {}, r"cumulative must be non-negative"),
        ([1.0, 2.0, 3.0], [0.0, 0.0, 0.0], {}, r"cumulative must not be all zero"),
        ([1.0, 2.0, 3.0], [1.0, 2.0, 3.0], {"m_max": 2.5}, r"m_max must be at least .*3.*got 2.5"),
        ([1.0, 2.0, 3.0], [1.0, 2.0, 3.0], {"m_max": -1.0}, r"m_max must lie in \(0, inf\)"),
        ([1.0, 2.0, 3.0], [1.0, 2.0, 3.0], {"t0": 2.0}, r"t must not start before t0=2"),
        ([1.0, 2.0, 3.0], [1.0, 2.0], {}, r"same length"),
        ([1.0, 2.0, 3.0], "abc", {}, r"cumulative must be a number"),
        ([1.0, 2.0, 3.0], [1.0, 2.0, 3.0], {"p_bounds": (0.5, 0.1)}, r"p_bounds must be a pair"),
    ],
)
def test_fit_rejects_bad_data_with_a_named_error(t, y, kwargs, message):
    with raises_by_rule(match=message):
        d.fit_bass(t, y, **kwargs)


# ---------------------------------------------------------------------------------------------
# Critical mass
# ---------------------------------------------------------------------------------------------


def test_equilibria_solve_the_fulfilled_expectations_condition():
    prices = np.linspace(0.0, 0.25, 101)
    low, high = d.critical_mass_equilibria(prices)
    np.testing.assert_allclose(low * (1 - low), prices, atol=1e-12)
    np.testing.assert_allclose(high * (1 - high), prices, atol=1e-12)
    np.testing.assert_allclose(d.marginal_willingness_to_pay(low), prices, atol=1e-12)
    assert np.all(low <= 0.5) and np.all(high >= 0.5)
    # a higher price moves them towards each other
    assert np.all(np.diff(low) > 0) and np.all(np.diff(high) < 0)


def test_equilibria_coincide_at_a_quarter_and_vanish_above():
    assert d.critical_mass_equilibria(0.25) == (0.5, 0.5)
    low, high = d.critical_mass_equilibria(np.array([0.2500001, 0.3, 5.0]))
    assert np.all(np.isnan(low)) and np.all(np.isnan(high))
    assert d.critical_mass_equilibria(0.0) == (0.0, 1.0)
    assert d.critical_mass_equilibria(0.16) == pytest.approx((0.2, 0.8))


@given(price=st.floats(0.0, 0.25))
def test_equilibria_property(price):
    low, high = d.critical_mass_equilibria(price)
    assert 0.0 <= low <= 0.5 <= high <= 1.0
    assert low * (1 - low) == pytest.approx(price, abs=1e-12)
    assert low + high == pytest.approx(1.0)


def test_lower_equilibrium_is_a_tipping_point_and_upper_one_is_stable():
    price = 0.16  # equilibria at 0.2 and 0.8
    starts = np.array([0.0, 0.19, 0.21, 0.5, 0.99])
    path = d.adjustment_path(starts, price, steps=400, speed=0.5)
    assert path.shape == (401, 5)
    np.testing.assert_allclose(path[0], starts)
    np.testing.assert_allclose(path[-1], [0.0, 0.0, 0.8, 0.8, 0.8], atol=1e-6)
    # the equilibria themselves are rest points
    rest = d.adjustment_path([0.2, 0.8], price, steps=50)
    np.testing.assert_allclose(rest[-1], [0.2, 0.8], atol=1e-9)


def test_above_a_quarter_every_network_unravels():
    path = d.adjustment_path(np.linspace(0, 1, 11), 0.3, steps=300)
    np.testing.assert_allclose(path[-1], 0.0)


# ---------------------------------------------------------------------------------------------
# Group buying
# ---------------------------------------------------------------------------------------------


def test_success_probability_equals_binomial_survival_function_on_a_grid():
    k = np.arange(1, 12)[:, None, None]
    n = np.arange(0, 11)[None, :, None]
    pi = np.linspace(0.0, 1.0, 21)[None, None, :]
    ours = d.team_success_probability(k, n, pi)
    np.testing.assert_allclose(ours, binom.sf(k - 2, n, pi), atol=1e-12)


@pytest.mark.parametrize(
    "k, n, pi", [(1, 0, 0.3), (2, 1, 0.5), (3, 5, 0.3), (5, 8, 0.7), (9, 8, 0.9)]
)
def test_success_probability_equals_direct_sum(k, n, pi):
    direct = sum(math.comb(n, j) * pi**j * (1 - pi) ** (n - j) for j in range(max(k - 1, 0), n + 1))
    assert d.team_success_probability(k, n, pi) == pytest.approx(direct, abs=1e-14)


def test_success_rises_in_discount_and_falls_in_team_size():
    discounts = np.linspace(0.0, 1.0, 51)
    pi = d.join_probability(discounts)
    assert np.all(np.diff(pi) > 0)
    for k in (2, 3, 5):
        success = d.team_success_probability(k, 6, pi)
        assert np.all(np.diff(success) >= 0)
        unsaturated = success[1:] < 0.999
        assert np.all(np.diff(success)[unsaturated] > 0)  # strictly, until it is almost sure
    by_size = d.team_success_probability(np.arange(1, 9), 6, 0.4)
    assert by_size[0] == 1.0 and by_size[-1] == 0.0
    assert np.all(np.diff(by_size) < 0)


def test_join_probability_logistic_form():
    assert d.join_probability(0.3) == pytest.approx(0.5)  # midpoint -a/b
    assert d.join_probability(0.0, intercept=0.0) == pytest.approx(0.5)
    assert d.join_probability(0.5, intercept=-1.0, slope=0.0) == pytest.approx(1 / (1 + math.e))


def test_seller_profit_trades_margin_for_reach():
    discounts = np.linspace(0.0, 0.5, 501)
    profit = d.expected_seller_profit(discounts, 3, 5, price=1.0, cost=0.5)
    success = d.team_success_probability(3, 5, d.join_probability(discounts))
    np.testing.assert_allclose(profit, success * 3 * (0.5 - discounts))
    i = int(np.argmax(profit))
    assert 0 < i < discounts.size - 1  # interior optimum: neither no discount nor zero margin
    best = d.best_discount(3, 5, price=1.0, cost=0.5)
    assert best.discount == pytest.approx(discounts[i], abs=1e-3)
    assert best.profit >= profit.max() - 1e-12
    assert best.success_probability == pytest.approx(
        d.team_success_probability(3, 5, best.join_probability)
    )


def test_revenue_is_profit_at_zero_cost():
    assert d.expected_seller_revenue(0.2, 3, 5, price=10.0) == pytest.approx(
        d.expected_seller_profit(0.2, 3, 5, price=10.0, cost=0.0)
    )


def test_larger_teams_need_deeper_discounts():
    assert d.best_discount(4, 5, cost=0.3).discount > d.best_discount(2, 5, cost=0.3).discount


@settings(max_examples=50)
@given(
    k=st.integers(1, 12),
    n=st.integers(0, 30),
    pi=st.floats(0.0, 1.0),
)
def test_success_probability_is_a_probability_monotone_in_contacts(k, n, pi):
    s = d.team_success_probability(k, n, pi)
    assert 0.0 <= s <= 1.0
    assert d.team_success_probability(k, n + 1, pi) >= s - 1e-12


# ---------------------------------------------------------------------------------------------
# Agent-based illustration
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("network", ["small-world", "random"])
def test_simulation_is_deterministic_for_a_seed(network):
    a = d.simulate_network_adoption(2000, 42, network=network)
    b = d.simulate_network_adoption(2000, np.random.default_rng(42), network=network)
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, d.simulate_network_adoption(2000, 43, network=network))


@pytest.mark.parametrize("network", ["small-world", "random"])
def test_simulation_traces_an_s_curve(network):
    share = d.simulate_network_adoption(2000, 0, p=0.005, q=0.3, network=network, steps=60)
    assert share.shape == (61,) and share[0] == 0.0
    assert np.all(np.diff(share) >= 0)
    assert share[-1] > 0.99
    increments = np.diff(share)
    peak = int(np.argmax(increments))
    assert 2 <= peak <= 50
    assert increments[0] < 0.5 * increments[peak]  # slow start
    assert increments[-1] < 0.5 * increments[peak]  # saturation
    assert np.all(np.diff(share[: peak + 1])[:3] >= 0)


def test_simulation_is_fast():
    import time

    start = time.perf_counter()
    d.simulate_network_adoption(2000, 1, network="small-world", steps=60)
    assert time.perf_counter() - start < 0.5


def test_network_is_symmetric_without_self_loops_and_has_the_mean_degree():
    for kind in ("small-world", "random"):
        adj = d.network_adjacency(2000, 5, kind, mean_degree=6)
        assert (adj != adj.T).nnz == 0
        assert adj.diagonal().sum() == 0
        assert 5.7 < adj.sum() / 2000 <= 6.0
    ring = d.network_adjacency(10, 0, "small-world", mean_degree=4, rewire_prob=0.0)
    assert np.all(np.asarray(ring.sum(axis=1)).ravel() == 4)


def test_without_imitation_the_simulation_is_geometric():
    share = d.simulate_network_adoption(20000, 3, p=0.1, q=0.0, steps=10)
    np.testing.assert_allclose(share, 1 - 0.9 ** np.arange(11), atol=0.01)


# ---------------------------------------------------------------------------------------------
# Invalid inputs: every error names the parameter
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: d.bass_cumulative(1.0, -0.1, 0.3), r"p must lie in \(0, inf\); got -0.1"),
        (lambda: d.bass_cumulative(1.0, 0.0, 0.3), r"p must lie in \(0, inf\); got 0.0"),
        (lambda: d.bass_cumulative(1.0, 0.03, -0.3), r"q must lie in \[0, inf\); got -0.3"),
        (lambda: d.bass_cumulative(1.0, 0.03, 0.3, 0.0), r"m must lie in \(0, inf\); got 0.0"),
        (lambda: d.bass_cumulative("now", 0.03, 0.3), r"t must be a number"),
        (lambda: d.bass_cumulative(1.0, 0.03, 0.3, t0=float("inf")), r"t0 must lie in"),
        (lambda: d.bass_adoption_rate(float("nan"), 0.03, 0.3), r"t must not be NaN"),
        (lambda: d.bass_peak_time(0.03, None), r"q must be a number"),
        (lambda: d.bass_ode_solution(1.0, 0.03, 0.3, -5.0), r"m must lie in \(0, inf\)"),
        (lambda: d.critical_mass_equilibria(-0.1), r"price must lie in \[0, inf\); got -0.1"),
        (lambda: d.marginal_willingness_to_pay(1.5), r"share must lie in \[0, 1\]; got 1.5"),
        (lambda: d.adjustment_path(0.5, 0.1, speed=0.0), r"speed must lie in \(0, 1\]"),
        (lambda: d.adjustment_path(0.5, 0.1, steps=-1), r"steps must be an integer in \[0, "),
        (lambda: d.adjustment_path(1.2, 0.1), r"initial_share must lie in \[0, 1\]"),
        (
            lambda: d.team_success_probability(0, 5, 0.3),
            r"team_size must be an integer in \[1, inf\]; got 0",
        ),
        (lambda: d.team_success_probability(2.5, 5, 0.3), r"team_size must be an integer; got 2.5"),
        (lambda: d.team_success_probability([2, 0], 5, 0.3), r"team_size must be an integer in"),
        (lambda: d.team_success_probability(3, -1, 0.3), r"contacts must be an integer in \[0, "),
        (lambda: d.team_success_probability(3, 5, 1.3), r"join_prob must lie in \[0, 1\]; got 1.3"),
        (lambda: d.team_success_probability(True, 5, 0.3), r"team_size must be an integer"),
        (lambda: d.join_probability(-0.2), r"discount must lie in \[0, 1\]; got -0.2"),
        (lambda: d.join_probability(0.2, slope=-1), r"slope must lie in \[0, inf\)"),
        (lambda: d.expected_seller_profit(0.2, 3, 5, price=0.0), r"price must lie in \(0, inf\)"),
        (lambda: d.expected_seller_profit(0.2, 3, 5, cost=-1.0), r"cost must lie in \[0, inf\)"),
        (lambda: d.best_discount(3, 5, price=1.0, cost=1.0), r"cost must lie in \[0, 1\); got 1.0"),
        (lambda: d.simulate_network_adoption(2000, None), r"rng must be a numpy.random.Generator"),
        (lambda: d.simulate_network_adoption(2000, 1, network="scale-free"), r"network must be"),
        (lambda: d.simulate_network_adoption(200, 1, mean_degree=5), r"mean_degree must be an"),
        (lambda: d.simulate_network_adoption(2, 1), r"n_agents must be an integer in \[3, "),
        (lambda: d.simulate_network_adoption(100, 1, p=1.5), r"p must lie in \[0, 1\]; got 1.5"),
        (lambda: d.simulate_network_adoption(100, 1, q=-0.5), r"q must lie in \[0, inf\)"),
    ],
)
def test_invalid_inputs_name_the_argument(call, message):
    with raises_by_rule(match=message):
        call()


@settings(max_examples=40)
@given(bad=bad_positive)
def test_any_bad_innovation_coefficient_raises_a_named_error(bad):
    with raises_by_rule() as info:
        d.bass_cumulative(np.arange(5.0), bad, Q_AVG)
    assert "p must" in str(info.value)


@settings(max_examples=40)
@given(bad=bad_nonnegative)
def test_any_bad_imitation_coefficient_raises_a_named_error(bad):
    with raises_by_rule() as info:
        d.bass_adoption_rate(np.arange(5.0), P_AVG, bad)
    assert "q must" in str(info.value)


@settings(max_examples=40)
@given(bad=bad_positive)
def test_any_bad_market_potential_raises_a_named_error(bad):
    with raises_by_rule() as info:
        d.bass_cumulative(np.arange(5.0), P_AVG, Q_AVG, bad)
    assert "m must" in str(info.value)


@settings(max_examples=40)
@given(
    bad=st.one_of(st.integers(max_value=0), st.floats(0.1, 0.9), st.text(min_size=1, max_size=3))
)
def test_any_bad_team_size_raises_a_named_error(bad):
    with raises_by_rule() as info:
        d.team_success_probability(bad, 5, 0.3)
    assert "team_size" in str(info.value)


@settings(max_examples=40)
@given(bad=bad_probability)
def test_any_bad_join_probability_raises_a_named_error(bad):
    with raises_by_rule() as info:
        d.team_success_probability(3, 5, bad)
    assert "join_prob" in str(info.value)


@settings(max_examples=40)
@given(bad=bad_nonnegative)
def test_any_bad_price_raises_a_named_error(bad):
    with raises_by_rule() as info:
        d.critical_mass_equilibria(bad)
    assert "price" in str(info.value)


@settings(max_examples=20, deadline=None)
@given(
    bad=st.sampled_from([float("nan"), float("inf"), -1.0, "x", None]),
    position=st.integers(0, 3),
)
def test_any_bad_observation_in_a_fit_raises_a_named_error(bad, position):
    y = [1.0, 2.0, 3.0, 4.0]
    y[position] = bad
    with raises_by_rule() as info:
        d.fit_bass([1.0, 2.0, 3.0, 4.0], y)
    assert "cumulative" in str(info.value)


# -- group buying with an outside option --------------------------------------------------------

def test_team_offer_with_one_place_is_a_price_cut_and_no_discount_is_the_list_price():
    d = np.linspace(0, 0.9, 31)
    for N in (0, 1, 4, 12):
        assert np.allclose(diffusion.team_offer_profit(d, 1, N, cost=0.3), diffusion.price_cut_profit(d, N, cost=0.3))
        for k in (2, 5, 9):
            assert diffusion.team_offer_profit(0.0, k, N, cost=0.3) == pytest.approx(
                diffusion.price_cut_profit(0.0, N, cost=0.3))


def test_team_offer_closed_forms_for_no_contact_and_one_contact():
    d, P, c = 0.25, 2.0, 0.5
    pi = float(diffusion.join_probability(d))
    # No contact: a team of two never forms and the sharer buys alone at the list price.
    assert diffusion.team_offer_profit(d, 2, 0, price=P, cost=c) == pytest.approx(P - c)
    # One contact, team of two: forms when she joins (both buy at the discount), else the sharer
    # buys alone at P (the contact joined nothing, so nobody else buys).
    expected = pi * 2 * (P * (1 - d) - c) + (1 - pi) * (P - c)
    assert diffusion.team_offer_profit(d, 2, 1, price=P, cost=c) == pytest.approx(expected)
    assert diffusion.price_cut_profit(d, 1, price=P, cost=c) == pytest.approx((P * (1 - d) - c) * (1 + pi))


def test_team_offer_profit_matches_a_simulation_of_buyers_values():
    # pi(D) = Pr[v >= P(1 - D)] with u = 1 - v/P logistic(-a/b, 1/b): simulate the buyers.
    rng = np.random.default_rng(7)
    a, b, P, c, N, k, d = -3.0, 10.0, 1.0, 0.4, 6, 3, 0.3
    draws = 200_000
    u = rng.logistic(-a / b, 1 / b, size=(draws, N))
    joined = (u <= d).sum(axis=1)
    forms = joined >= k - 1
    alone = 1 + (u <= 0.0).sum(axis=1)  # the sharer and contacts who value the good at P or more
    profit = np.where(forms, (1 + joined) * (P * (1 - d) - c), alone * (P - c))
    se = profit.std() / np.sqrt(draws)
    assert diffusion.team_offer_profit(d, k, N, price=P, cost=c) == pytest.approx(profit.mean(), abs=4 * se)


def test_best_offers_are_never_below_the_list_price_and_the_team_wins_only_at_thin_margins():
    for N in (3, 10):
        for k in (2, 3, 5, 8):
            for c in (0.0, 0.4, 0.7):
                r = diffusion.compare_team_and_price_cut(k, N, cost=c)
                assert r.team_profit >= r.list_profit - 1e-12 and r.cut_profit >= r.list_profit - 1e-12
    # With ten contacts a team of two is no better than the price cut when the margin is wide ...
    wide = diffusion.compare_team_and_price_cut(2, 10, cost=0.0)
    assert wide.team_profit / wide.cut_profit == pytest.approx(1.0, abs=1e-3)
    # ... and strictly better at a thin margin; a team that cannot fill is the list price.
    assert diffusion.compare_team_and_price_cut(3, 10, cost=0.7).team_wins
    unfillable = diffusion.compare_team_and_price_cut(8, 3, cost=0.4)
    assert unfillable.team_profit == pytest.approx(unfillable.list_profit)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: diffusion.team_offer_profit(0.2, 0, 5), "team_size"),
        (lambda: diffusion.team_offer_profit(0.2, 2, -1), "contacts"),
        (lambda: diffusion.team_offer_profit(float("nan"), 2, 5), "discount"),
        (lambda: diffusion.team_offer_profit(0.2, "3", 5), "team_size"),
        (lambda: diffusion.price_cut_profit(0.2, 5, cost=1.0), "cost"),
        (lambda: diffusion.compare_team_and_price_cut(2, 5, price=-1.0), "price"),
    ],
)
def test_outside_option_models_name_bad_input(call, message):
    with raises_by_rule(match=message):
        call()


# -- what the team condition adds to a price cut of the same size ---------------------------------

def test_team_condition_effect_is_team_offer_minus_price_cut_at_the_same_discount():
    d = np.linspace(0.0, 0.6, 13)
    for N in (0, 1, 3, 10):
        for k in (1, 2, 3, 5, 8):
            for c in (0.0, 0.4, 0.8):
                effect = diffusion.team_condition_effect(d, k, N, price=1.5, cost=c)
                direct = diffusion.team_offer_profit(d, k, N, price=1.5, cost=c) - diffusion.price_cut_profit(
                    d, N, price=1.5, cost=c)
                assert np.allclose(effect.net, direct, atol=1e-12)
                assert np.all(effect.gain >= 0)
                # The lost joiners cost margin whenever the discounted price covers the cost.
                assert np.all(effect.loss[1.5 * (1 - d) >= c] >= -1e-15)


def test_team_of_two_never_earns_less_than_the_same_price_cut():
    # Closed form: a failed team of two has no joiners, so the only difference is the discount the
    # sharer pays back when nobody joins: P * D * (1 - pi(D))^N, whatever the cost.
    P, N = 2.0, 6
    d = np.array([0.05, 0.2, 0.45])
    pi = diffusion.join_probability(d)
    for c in (0.0, 1.0, 1.9):
        effect = diffusion.team_condition_effect(d, 2, N, price=P, cost=c)
        assert np.allclose(effect.gain, P * d * (1 - pi) ** N)
        assert np.allclose(effect.loss, 0.0)
        assert np.all(np.isneginf(effect.break_even_cost))


def test_team_condition_effect_limiting_cases():
    # k = 1: the condition never binds; no discount: the two offers are the list price.
    one = diffusion.team_condition_effect([0.1, 0.3], 1, 10, cost=0.4)
    assert np.allclose(one.net, 0.0) and np.all(np.isposinf(one.break_even_cost))
    none = diffusion.team_condition_effect(0.0, 5, 10, cost=0.4)
    assert none.net == 0.0 and none.break_even_cost == math.inf
    # No contacts: the team never forms and the sharer pays the list price (gain P * D).
    alone = diffusion.team_condition_effect(0.25, 3, 0, price=2.0, cost=0.5)
    assert alone.gain == pytest.approx(0.5) and alone.loss == 0.0
    # A join probability that does not rise with the discount: no joiner is lost.
    flat = diffusion.team_condition_effect(0.3, 4, 10, slope=0.0)
    assert flat.loss == pytest.approx(0.0) and flat.gain > 0


def test_break_even_cost_closed_form_for_a_team_of_three_with_two_contacts():
    # J ~ Bin(2, pi); the team fails when J < 2. A = (1-pi)^2 + 2 pi (1-pi) (1 + r), B = 2 pi (1-pi).
    P, D = 1.0, 0.2
    pi, pi0 = float(diffusion.join_probability(D)), float(diffusion.join_probability(0.0))
    r = pi0 / pi
    A = (1 - pi) ** 2 + 2 * pi * (1 - pi) * (1 + r)
    B = 2 * pi * (1 - pi)
    expected = P * (1 - D) - P * D * A / ((1 - r) * B)
    effect = diffusion.team_condition_effect(D, 3, 2, price=P, cost=0.3)
    assert effect.break_even_cost == pytest.approx(expected)
    assert effect.gain == pytest.approx(P * D * A)
    assert effect.loss == pytest.approx((P * (1 - D) - 0.3) * (1 - r) * B)
    # At the break-even cost the two offers earn the same; above it the team condition wins.
    c_star = effect.break_even_cost
    assert 0 < c_star < P * (1 - D)
    assert diffusion.team_condition_effect(D, 3, 2, cost=c_star).net == pytest.approx(0.0, abs=1e-12)
    assert diffusion.team_condition_effect(D, 3, 2, cost=c_star + 0.05).net > 0
    assert diffusion.team_condition_effect(D, 3, 2, cost=c_star - 0.05).net < 0


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: diffusion.team_condition_effect(1.2, 3, 5), "discount"),
        (lambda: diffusion.team_condition_effect(float("nan"), 3, 5), "discount"),
        (lambda: diffusion.team_condition_effect("0.2", 3, 5), "discount"),
        (lambda: diffusion.team_condition_effect(0.2, 0, 5), "team_size"),
        (lambda: diffusion.team_condition_effect(0.2, 3, -2), "contacts"),
        (lambda: diffusion.team_condition_effect(0.2, 3, 5, cost=-0.1), "cost"),
        (lambda: diffusion.team_condition_effect(0.2, 3, 5, slope=float("nan")), "slope"),
    ],
)
def test_team_condition_effect_names_bad_input(call, message):
    with raises_by_rule(match=message):
        call()
