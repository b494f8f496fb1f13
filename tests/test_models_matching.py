"""Matching markets: two-sided pricing, the matching function and deferred acceptance.

Oracles: closed forms worked by hand, Armstrong's pricing rule, a numerical maximisation with
scipy, and brute-force enumeration of every matching of small markets.
"""

from __future__ import annotations

import itertools
import math
import time

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy.optimize import minimize

from platformlab.models import matching as mm

from conftest import raises_by_rule

# ---------------------------------------------------------------------------------------------
# 1. Two-sided platform pricing
# ---------------------------------------------------------------------------------------------

externality = st.floats(-1.5, 1.5, allow_nan=False)
cost = st.floats(0.0, 1.0, allow_nan=False)
size = st.floats(0.2, 3.0, allow_nan=False)
slope = st.floats(0.2, 2.0, allow_nan=False)


def _demand(size_1=1.0, size_2=1.0, slope_1=1.0, slope_2=1.0):
    return dict(size_1=size_1, size_2=size_2, slope_1=slope_1, slope_2=slope_2)


@pytest.mark.parametrize(
    "cost_1, cost_2, demand",
    [
        (0.2, 0.4, _demand()),
        (0.0, 0.0, _demand()),
        (0.5, 0.1, _demand(size_1=2.0, size_2=3.0, slope_1=0.5, slope_2=4.0)),
    ],
)
def test_zero_externalities_price_each_side_as_a_one_sided_monopoly(cost_1, cost_2, demand):
    opt = mm.two_sided_monopoly_prices(0.0, 0.0, cost_1, cost_2, **demand)
    for i, f in ((1, cost_1), (2, cost_2)):
        a, b = demand[f"size_{i}"], demand[f"slope_{i}"]
        # one-sided monopoly facing n = a - b p: p = (a/b + f)/2, n = (a - b f)/2
        assert getattr(opt, f"price_{i}") == pytest.approx((a / b + f) / 2)
        assert getattr(opt, f"participation_{i}") == pytest.approx((a - b * f) / 2)


def test_hand_worked_example_side_1_is_paid_to_join():
    # symmetric demand (a = b = 1), costs 0.1, side 2 values side 1 (alpha_2 = 1.5), not the
    # reverse (alpha_1 = 0): n_1 = n_2 = s/(2 - A) = 0.9/0.5 = 1.8, p_1 - f_1 = n(1 - alpha_2).
    opt = mm.two_sided_monopoly_prices(0.0, 1.5, 0.1, 0.1)
    assert opt.participation_1 == pytest.approx(1.8)
    assert opt.participation_2 == pytest.approx(1.8)
    assert opt.price_1 == pytest.approx(0.1 - 0.9)  # -0.8: a subsidy
    assert opt.price_2 == pytest.approx(0.1 + 1.8)
    assert opt.profit == pytest.approx(1.8 * -0.9 + 1.8 * 1.8)


def test_swapping_the_externalities_swaps_the_subsidised_side():
    a = mm.two_sided_monopoly_prices(0.2, 1.2, 0.1, 0.1)
    b = mm.two_sided_monopoly_prices(1.2, 0.2, 0.1, 0.1)
    assert a.price_1 < 0.1 < a.price_2  # side 1 is valued more by side 2: below cost
    assert b.price_2 < 0.1 < b.price_1
    assert (a.price_1, a.price_2, a.profit) == pytest.approx((b.price_2, b.price_1, b.profit))


@settings(max_examples=80, deadline=None)
@given(al1=externality, al2=externality, f1=cost, f2=cost, a1=size, a2=size, b1=slope, b2=slope)
def test_armstrong_pricing_rule_holds_at_the_optimum(al1, al2, f1, f2, a1, a2, b1, b2):
    demand = _demand(a1, a2, b1, b2)
    assume(mm.two_sided_optimum_exists(al1, al2, f1, f2, **demand))
    opt = mm.two_sided_monopoly_prices(al1, al2, f1, f2, **demand)
    n1, n2 = opt.participation_1, opt.participation_2
    # p_i = f_i - alpha_j n_j + phi_i(u_i)/phi_i'(u_i), and phi/phi' = n_i / b_i here
    assert opt.price_1 == pytest.approx(f1 - al2 * n2 + n1 / b1, abs=1e-9)
    assert opt.price_2 == pytest.approx(f2 - al1 * n1 + n2 / b2, abs=1e-9)
    # the optimal prices induce the optimal participation, and the profit reported
    assert mm.two_sided_participation(opt.price_1, opt.price_2, al1, al2, **demand) == (
        pytest.approx((n1, n2), abs=1e-9)
    )
    profit = mm.two_sided_profit(opt.price_1, opt.price_2, al1, al2, f1, f2, **demand)
    assert profit == pytest.approx(opt.profit, abs=1e-9)


@settings(max_examples=80, deadline=None)
@given(al1=externality, al2=externality, f1=cost, f2=cost, a1=size, a2=size, b1=slope, b2=slope)
def test_side_is_priced_below_cost_exactly_when_its_external_benefit_exceeds_its_markup(
    al1, al2, f1, f2, a1, a2, b1, b2
):
    demand = _demand(a1, a2, b1, b2)
    assume(mm.two_sided_optimum_exists(al1, al2, f1, f2, **demand))
    opt = mm.two_sided_monopoly_prices(al1, al2, f1, f2, **demand)
    n1, n2 = opt.participation_1, opt.participation_2
    for price, f, benefit, markup in (
        (opt.price_1, f1, al2 * n2, n1 / b1),
        (opt.price_2, f2, al1 * n1, n2 / b2),
    ):
        assume(abs(benefit - markup) > 1e-9 and abs(benefit - markup - f) > 1e-9)
        assert (price < f) == (benefit > markup)
        assert (price < 0) == (benefit > f + markup)


def _perturbed_profits(opt, args, demand, step=1e-3):
    for d1, d2 in itertools.product((-step, 0.0, step), repeat=2):
        yield mm.two_sided_profit(opt.price_1 + d1, opt.price_2 + d2, *args, **demand)


@pytest.mark.parametrize(
    "demand, costs",
    [
        (_demand(), (0.1, 0.3)),
        (_demand(size_1=2.0, size_2=1.0, slope_1=0.5, slope_2=1.5), (0.4, 0.1)),
    ],
    ids=["symmetric", "asymmetric"],
)
def test_closed_form_matches_numerical_maximisation_on_a_grid(demand, costs):
    alphas = (-0.4, 0.0, 0.5, 0.9)
    checked = 0
    for al1, al2 in itertools.product(alphas, alphas):
        args = (al1, al2, *costs)
        if not mm.two_sided_optimum_exists(*args, **demand):
            continue
        opt = mm.two_sided_monopoly_prices(*args, **demand)
        # start at the one-sided monopoly prices, not at the answer, and also lower: profit is
        # flat where a side is priced out, so a single start can stall there
        x0 = np.array(
            [(demand[f"size_{i}"] / demand[f"slope_{i}"] + f) / 2 for i, f in zip((1, 2), costs)]
        )
        res = min(
            (
                minimize(
                    lambda p: -mm.two_sided_profit(p[0], p[1], *args, **demand),
                    x0 + shift,
                    method="Nelder-Mead",
                    options=dict(xatol=1e-9, fatol=1e-12),
                )
                for shift in ((0.0, 0.0), (-0.5, -0.5))
            ),
            key=lambda r: r.fun,
        )
        assert res.x == pytest.approx([opt.price_1, opt.price_2], abs=1e-6), args
        assert -res.fun == pytest.approx(opt.profit, rel=1e-9, abs=1e-12), args
        assert max(_perturbed_profits(opt, args, demand)) <= opt.profit + 1e-12
        checked += 1
    assert checked >= 12  # most of the grid has an interior optimum


def test_prices_are_vectorised_over_a_grid_of_externalities():
    al1 = np.linspace(-0.5, 0.9, 5)[:, None]
    al2 = np.linspace(-0.5, 0.9, 4)[None, :]
    grid = mm.two_sided_monopoly_prices(al1, al2, 0.2, 0.1)
    assert grid.price_1.shape == (5, 4)
    for i, j in itertools.product(range(5), range(4)):
        one = mm.two_sided_monopoly_prices(float(al1[i, 0]), float(al2[0, j]), 0.2, 0.1)
        assert grid.price_1[i, j] == pytest.approx(one.price_1)
        assert grid.profit[i, j] == pytest.approx(one.profit)


@pytest.mark.parametrize("al1, al2", [(1.0, 1.0), (1.5, 0.8), (-2.0, -0.5)])
def test_no_optimum_when_externalities_make_profit_non_concave(al1, al2):
    # (alpha_1 + alpha_2)^2 b_1 b_2 >= 4 with b = 1
    assert not mm.two_sided_optimum_exists(al1, al2, 0.1, 0.1)
    with pytest.raises(ValueError, match=r"alpha_1 \+ alpha_2.*too strong.*< 4; got alpha_1="):
        mm.two_sided_monopoly_prices(al1, al2, 0.1, 0.1)


def test_no_interior_optimum_when_a_side_would_not_be_served():
    # serving side 1 costs more than anyone there would pay, and side 2 barely values it
    assert not mm.two_sided_optimum_exists(0.0, 0.1, 2.0, 0.1)
    with pytest.raises(ValueError, match=r"would not serve side 1.*cost_1=2.0"):
        mm.two_sided_monopoly_prices(0.0, 0.1, 2.0, 0.1)
    # a grid with one bad point raises too; two_sided_optimum_exists marks it
    with pytest.raises(ValueError, match="would not serve side 1"):
        mm.two_sided_monopoly_prices(0.0, 0.1, [0.1, 2.0], 0.1)
    assert mm.two_sided_optimum_exists(0.0, 0.1, [0.1, 2.0], 0.1).tolist() == [True, False]


@settings(max_examples=60, deadline=None)
@given(
    p1=st.floats(-2, 3),
    p2=st.floats(-2, 3),
    al1=externality,
    al2=externality,
    a1=size,
    a2=size,
    b1=slope,
    b2=slope,
)
def test_participation_is_a_fixed_point_of_the_truncated_demand(p1, p2, al1, al2, a1, a2, b1, b2):
    assume(al1 * al2 * b1 * b2 < 0.95)
    n1, n2 = mm.two_sided_participation(p1, p2, al1, al2, **_demand(a1, a2, b1, b2))
    assert n1 >= 0 and n2 >= 0
    assert n1 == pytest.approx(max(0.0, a1 + b1 * (al1 * n2 - p1)), abs=1e-9)
    assert n2 == pytest.approx(max(0.0, a2 + b2 * (al2 * n1 - p2)), abs=1e-9)


def test_participation_closed_forms_interior_and_corner():
    # interior: n1 = 1 - p1 + 0.5 n2, n2 = 1 - p2 + 0.5 n1 at p = 0 -> n1 = n2 = 2
    assert mm.two_sided_participation(0.0, 0.0, 0.5, 0.5) == pytest.approx((2.0, 2.0))
    # side 1 priced out: side 2 gets only its stand-alone participation
    assert mm.two_sided_participation(5.0, 0.2, 0.5, 0.5) == pytest.approx((0.0, 0.8))


def test_participation_not_determined_when_externalities_feed_on_each_other():
    with pytest.raises(ValueError, match=r"alpha_1 and alpha_2.*< 1; got alpha_1=2.0, alpha_2=0.5"):
        mm.two_sided_participation(0.0, 0.0, 2, 0.5)
    with pytest.raises(ValueError, match=r"alpha_1 and alpha_2"):
        mm.two_sided_profit(0.0, 0.0, 2, 0.5, 0.1, 0.1)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(alpha_1="big"), r"alpha_1 must be a number"),
        (dict(alpha_2=float("nan")), r"alpha_2 must not be NaN"),
        (dict(alpha_1=math.inf), r"alpha_1 must lie in \(-inf, inf\); got inf"),
        (dict(cost_1=-0.1), r"cost_1 must lie in \[0, inf\); got -0.1"),
        (dict(cost_2=None), r"cost_2 must be a number"),
        (dict(size_1=-1.0), r"size_1 must lie in \[0, inf\); got -1.0"),
        (dict(slope_2=0.0), r"slope_2 must lie in \(0, inf\); got 0.0"),
        (dict(alpha_1=np.array([])), r"alpha_1 must not be empty"),
    ],
)
def test_invalid_pricing_inputs_name_the_argument(kwargs, message):
    args = dict(alpha_1=0.2, alpha_2=0.3, cost_1=0.1, cost_2=0.1) | kwargs
    with raises_by_rule(match=message):
        mm.two_sided_monopoly_prices(**args)
    with raises_by_rule(match=message):
        mm.two_sided_optimum_exists(**args)
    with raises_by_rule(match=message):
        mm.two_sided_profit(0.5, 0.5, **args)


bad_real = st.one_of(
    st.just(float("nan")),
    st.sampled_from([math.inf, -math.inf]),
    st.text(max_size=4),
    st.none(),
    st.just(np.array([])),
)


@settings(max_examples=40, deadline=None)
@given(
    name=st.sampled_from(["alpha_1", "alpha_2", "cost_1", "cost_2", "size_1", "slope_2"]),
    bad=bad_real,
)
def test_any_bad_pricing_argument_raises_a_named_error(name, bad):
    args = dict(alpha_1=0.2, alpha_2=0.3, cost_1=0.1, cost_2=0.1) | {name: bad}
    with raises_by_rule() as info:
        mm.two_sided_monopoly_prices(**args)
    assert name in str(info.value)


# ---------------------------------------------------------------------------------------------
# 2. Aggregate matching function
# ---------------------------------------------------------------------------------------------

level = st.floats(1e-3, 1e6, allow_nan=False)
mu_s = st.floats(0.05, 5.0)
elast = st.floats(0.01, 0.99)


def test_matching_function_closed_forms():
    assert mm.matches(4.0, 9.0, 1.0, 0.5) == pytest.approx(6.0)
    assert mm.matches(8.0, 1.0, 0.5, 1 / 3) == pytest.approx(0.5 * 2.0)
    assert mm.tightness(3.0, 6.0) == pytest.approx(0.5)
    assert mm.job_finding_rate(4.0, 0.5, 0.5) == pytest.approx(1.0)
    assert mm.vacancy_filling_rate(4.0, 0.5, 0.5) == pytest.approx(0.25)
    assert mm.matches(0.0, 5.0, 1.0, 0.5) == 0.0
    assert mm.job_finding_rate(0.0, 1.0, 0.5) == 0.0


@settings(max_examples=60)
@given(u=level, v=level, c=st.floats(1e-3, 1e3), mu=mu_s, a=elast)
def test_matching_function_has_constant_returns_to_scale(u, v, c, mu, a):
    assert mm.matches(c * u, c * v, mu, a) == pytest.approx(c * mm.matches(u, v, mu, a), rel=1e-9)


@settings(max_examples=60)
@given(u=level, v=level, mu=mu_s, a=elast)
def test_rates_are_matches_per_seeker_and_per_vacancy(u, v, mu, a):
    theta = mm.tightness(v, u)
    m = mm.matches(u, v, mu, a)
    f = mm.job_finding_rate(theta, mu, a)
    q = mm.vacancy_filling_rate(theta, mu, a)
    assert f == pytest.approx(m / u, rel=1e-9)
    assert q == pytest.approx(m / v, rel=1e-9)
    assert f / q == pytest.approx(theta, rel=1e-9)


@settings(max_examples=40)
@given(mu=mu_s, a=elast, k=st.floats(1.01, 10))
def test_higher_efficiency_scales_matches_and_both_rates(mu, a, k):
    theta = np.array([0.2, 1.0, 3.0])
    np.testing.assert_allclose(mm.matches(2.0, 3.0, k * mu, a), k * mm.matches(2.0, 3.0, mu, a))
    np.testing.assert_allclose(
        mm.job_finding_rate(theta, k * mu, a), k * mm.job_finding_rate(theta, mu, a)
    )


def test_finding_rate_rises_and_filling_rate_falls_with_tightness_vectorised():
    theta = np.linspace(0.1, 5.0, 50)
    f = mm.job_finding_rate(theta, 0.6, 0.5)
    q = mm.vacancy_filling_rate(theta, 0.6, 0.5)
    assert f.shape == q.shape == (50,)
    assert np.all(np.diff(f) > 0) and np.all(np.diff(q) < 0)


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: mm.matches(-1.0, 2.0, 1.0, 0.5), r"unemployed must lie in \[0, inf\); got -1.0"),
        (lambda: mm.matches(1.0, "many", 1.0, 0.5), r"vacancies must be a number"),
        (lambda: mm.matches(1.0, 2.0, 0.0, 0.5), r"efficiency must lie in \(0, inf\); got 0.0"),
        (lambda: mm.matches(1.0, 2.0, 1.0, 1.0), r"elasticity must lie in \(0, 1\); got 1.0"),
        (lambda: mm.matches(1.0, 2.0, 1.0, 0.0), r"elasticity must lie in \(0, 1\); got 0.0"),
        (lambda: mm.matches(np.array([]), 2.0, 1.0, 0.5), r"unemployed must not be empty"),
        (lambda: mm.tightness(2.0, 0.0), r"unemployed must lie in \(0, inf\); got 0.0"),
        (lambda: mm.job_finding_rate(float("nan"), 1.0, 0.5), r"theta must not be NaN"),
        (lambda: mm.vacancy_filling_rate(0.0, 1.0, 0.5), r"theta must lie in \(0, inf\); got 0.0"),
    ],
)
def test_invalid_matching_function_inputs_name_the_argument(call, message):
    with raises_by_rule(match=message):
        call()


@settings(max_examples=60)
@given(
    bad=st.one_of(
        st.floats(allow_nan=True).filter(lambda x: math.isnan(x) or x <= 0 or x >= 1),
        st.text(max_size=4),
        st.none(),
        st.just(np.array([])),
        st.lists(st.floats(1.0, 5.0), min_size=1, max_size=3),
    )
)
def test_any_out_of_range_elasticity_raises_a_named_error(bad):
    for call in (
        lambda: mm.matches(1.0, 1.0, 1.0, bad),
        lambda: mm.job_finding_rate(1.0, 1.0, bad),
        lambda: mm.vacancy_filling_rate(1.0, 1.0, bad),
    ):
        with raises_by_rule() as info:
            call()
        assert "elasticity" in str(info.value)


@settings(max_examples=40)
@given(
    bad=st.one_of(
        st.floats(max_value=-1e-9),
        st.sampled_from([float("nan"), math.inf]),
        st.text(max_size=3),
        st.just(np.array([])),
    )
)
def test_any_negative_or_missing_stock_raises_a_named_error(bad):
    for name in ("unemployed", "vacancies"):
        args = dict(unemployed=1.0, vacancies=1.0, efficiency=1.0, elasticity=0.5) | {name: bad}
        with raises_by_rule() as info:
            mm.matches(**args)
        assert name in str(info.value)


# ---------------------------------------------------------------------------------------------
# 3. Stable matching by deferred acceptance
# ---------------------------------------------------------------------------------------------

# The classic 3 x 3 market with three stable matchings: every man gets his first choice,
# every woman gets her first choice, or everybody gets their second choice.
MEN = [[0, 1, 2], [1, 2, 0], [2, 0, 1]]
WOMEN = [[1, 2, 0], [2, 0, 1], [0, 1, 2]]


def naive_is_stable(mu, p_prefs, r_prefs):
    """Stability straight from the definition, with loops (incomplete lists allowed)."""
    partner_of_r = {r: i for i, r in enumerate(mu) if r >= 0}
    for i, r in enumerate(mu):
        if r >= 0 and (r not in p_prefs[i] or i not in r_prefs[r]):
            return False
    for i, row in enumerate(p_prefs):
        for r in row:
            if i not in r_prefs[r]:
                continue
            i_wants = mu[i] < 0 or row.index(r) < row.index(mu[i])
            j = partner_of_r.get(r, -1)
            r_wants = j < 0 or r_prefs[r].index(i) < r_prefs[r].index(j)
            if i_wants and r_wants:
                return False
    return True


def all_matchings(n_p, n_r):
    """Every one-to-one matching (some agents may be single) of n_p proposers and n_r receivers."""

    def extend(i, used):
        if i == n_p:
            yield ()
            return
        for r in [-1] + [r for r in range(n_r) if r not in used]:
            for rest in extend(i + 1, used | ({r} if r >= 0 else set())):
                yield (r,) + rest

    return list(extend(0, frozenset()))


def rank_of(prefs, agent, partner):
    """Position of partner in agent's list; single or unacceptable ranks last."""
    row = list(prefs[agent])
    return row.index(partner) if partner in row else len(row) + 1


def test_classic_example_has_three_stable_matchings_and_both_sides_get_their_best():
    stable = [m for m in all_matchings(3, 3) if naive_is_stable(m, MEN, WOMEN)]
    assert sorted(stable) == [(0, 1, 2), (1, 2, 0), (2, 0, 1)]
    assert mm.deferred_acceptance(MEN, WOMEN).tolist() == [0, 1, 2]  # men's firsts
    women_proposing = mm.deferred_acceptance(WOMEN, MEN)
    assert women_proposing.tolist() == [1, 2, 0]  # each woman gets her first choice
    assert mm.partners_of_receivers(women_proposing, 3).tolist() == [2, 0, 1]


def test_blocking_pairs_hand_worked_example():
    # m0-w1, m1-w0, m2-w2: m1 (holding his last choice) and w2 (holding hers) prefer each other
    assert mm.blocking_pairs([1, 0, 2], MEN, WOMEN).tolist() == [[1, 2]]
    assert not mm.is_stable([1, 0, 2], MEN, WOMEN)
    assert mm.blocking_pairs([0, 1, 2], MEN, WOMEN).shape == (0, 2)
    # everyone single: every mutually acceptable pair blocks
    assert len(mm.blocking_pairs([-1, -1, -1], MEN, WOMEN)) == 9


@st.composite
def markets(draw, max_n=4, complete=False):
    """Small markets with random strict preferences; incomplete lists unless ``complete``."""
    n_p = draw(st.integers(1, max_n))
    n_r = n_p if complete else draw(st.integers(1, max_n))

    def side(n, m):
        rows = []
        for _ in range(n):
            perm = draw(st.permutations(range(m)))
            k = m if complete else draw(st.integers(0, m))
            rows.append(list(perm[:k]))
        return rows

    return side(n_p, n_r), side(n_r, n_p)


def _check_extremal(p_prefs, r_prefs):
    n_p, n_r = len(p_prefs), len(r_prefs)
    stable = [m for m in all_matchings(n_p, n_r) if naive_is_stable(m, p_prefs, r_prefs)]
    da = mm.deferred_acceptance(p_prefs, r_prefs).tolist()
    assert tuple(da) in stable
    assert mm.is_stable(da, p_prefs, r_prefs)
    da_inv = mm.partners_of_receivers(da, n_r).tolist()
    for other in stable:
        assert mm.is_stable(list(other), p_prefs, r_prefs)
        other_inv = mm.partners_of_receivers(list(other), n_r).tolist()
        for i in range(n_p):  # every proposer weakly prefers the proposer-proposing result
            assert rank_of(p_prefs, i, da[i]) <= rank_of(p_prefs, i, other[i])
        for r in range(n_r):  # ... and it is the worst stable matching for every receiver
            assert rank_of(r_prefs, r, da_inv[r]) >= rank_of(r_prefs, r, other_inv[r])
    # receivers proposing: the mirror image
    rd = mm.deferred_acceptance(r_prefs, p_prefs).tolist()
    rd_as_p = mm.partners_of_receivers(rd, n_p).tolist()
    for other in stable:
        for i in range(n_p):
            assert rank_of(p_prefs, i, rd_as_p[i]) >= rank_of(p_prefs, i, other[i])
    return stable


@settings(max_examples=60, deadline=None)
@given(market=markets(max_n=5, complete=True))
def test_proposing_sides_get_the_two_extreme_stable_matchings_brute_force(market):
    stable = _check_extremal(*market)
    assert stable  # a stable matching always exists


@settings(max_examples=60, deadline=None)
@given(market=markets(max_n=4, complete=False))
def test_extremal_property_with_unequal_sides_and_unacceptable_partners(market):
    p_prefs, r_prefs = market
    _check_extremal(p_prefs, r_prefs)
    # blocking_pairs agrees with the definition for every matching of the market
    for m in all_matchings(len(p_prefs), len(r_prefs)):
        assert mm.is_stable(list(m), p_prefs, r_prefs) == naive_is_stable(m, p_prefs, r_prefs)


@pytest.mark.parametrize("n", [1, 2, 5, 20, 100])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_no_blocking_pair_on_random_markets(n, seed):
    rng = np.random.default_rng(seed)
    p, r = mm.random_preferences(n, rng), mm.random_preferences(n, rng)
    mu = mm.deferred_acceptance(p, r)
    assert sorted(mu.tolist()) == list(range(n))  # complete lists, equal sides: all matched
    assert mm.blocking_pairs(mu, p, r).shape == (0, 2)
    assert mm.is_stable(mu, p, r)
    if n <= 20:
        assert naive_is_stable(mu.tolist(), p.tolist(), r.tolist())


def test_lists_and_arrays_give_the_same_matching():
    rng = np.random.default_rng(7)
    p, r = mm.random_preferences(30, rng, 25), mm.random_preferences(25, rng, 30)
    mu = mm.deferred_acceptance(p, r)
    assert mu.tolist() == mm.deferred_acceptance(p.tolist(), r.tolist()).tolist()
    assert (mu == -1).sum() == 5  # five proposers left over


def test_unacceptable_partners_stay_unmatched_and_matched_unacceptable_pair_is_unstable():
    # receiver 0 accepts only proposer 1; proposer 1 accepts only receiver 1
    p_prefs = [[0, 1], [1]]
    r_prefs = [[1], [0, 1], [0]]
    assert mm.deferred_acceptance(p_prefs, r_prefs).tolist() == [1, -1]
    assert mm.is_stable([1, -1], p_prefs, r_prefs)
    assert not mm.is_stable([0, 1], p_prefs, r_prefs)  # receiver 0 does not accept proposer 0
    assert mm.blocking_pairs([-1, -1], p_prefs, r_prefs).tolist() == [[0, 1], [1, 1]]


def test_one_thousand_agents_well_under_a_second():
    rng = np.random.default_rng(2024)
    p, r = mm.random_preferences(1000, rng), mm.random_preferences(1000, rng)
    start = time.perf_counter()
    mu = mm.deferred_acceptance(p, r)
    assert time.perf_counter() - start < 1.0
    assert mm.is_stable(mu, p, r)
    # worst case for the number of proposals: identical preferences on both sides
    same = np.tile(np.arange(1000), (1000, 1))
    start = time.perf_counter()
    mu = mm.deferred_acceptance(same, same)
    assert time.perf_counter() - start < 1.0
    assert mu.tolist() == list(range(1000))


def test_random_preferences_are_reproducible_permutations():
    a = mm.random_preferences(6, np.random.default_rng(3), n_partners=4)
    b = mm.random_preferences(6, 3, n_partners=4)
    assert a.shape == (6, 4)
    assert np.array_equal(a, b)  # an integer seed is the same as default_rng(seed)
    assert np.array_equal(np.sort(a, axis=1), np.tile(np.arange(4), (6, 1)))
    assert not np.array_equal(a, mm.random_preferences(6, 4, n_partners=4))


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda: mm.random_preferences(0, 1), ValueError, r"n must be an int.* \[1, inf\]; got 0"),
        (lambda: mm.random_preferences(-3, 1), ValueError, r"n must be an int.*\[1, inf\]; got -3"),
        (lambda: mm.random_preferences(2.5, 1), TypeError, r"n must be an integer; got 2.5"),
        (lambda: mm.random_preferences("3", 1), TypeError, r"n must be an integer"),
        (lambda: mm.random_preferences(3, None), TypeError, r"rng must be a numpy.random.Gen"),
        (lambda: mm.random_preferences(3, 1, 0), ValueError, r"n_partners must be an integer in"),
        (lambda: mm.partners_of_receivers([0, 1], 0), ValueError, r"n_receivers must be an int"),
        # the kind of a matching is a TypeError here as in every function that takes one
        (lambda: mm.partners_of_receivers("0 1", 2), TypeError, r"matching must be an array of "
                                                                r"integers; got '0 1'"),
        (lambda: mm.partners_of_receivers([[0], [1]], 2), ValueError, r"matching must be a 1-D"),
        (lambda: mm.partners_of_receivers([0.5, 1.0], 2), TypeError, r"matching must be an array"),
    ],
)
def test_invalid_simulation_inputs_name_the_argument(call, error, message):
    with pytest.raises(error, match=message):
        call()


GOOD = [[0, 1], [1, 0]]


@pytest.mark.parametrize(
    "prefs, error, message",
    [
        ("abc", TypeError, r"proposer_prefs must be a 2-D integer array"),
        (None, TypeError, r"proposer_prefs must be a 2-D integer array"),
        (3, TypeError, r"proposer_prefs must be a 2-D integer array"),
        ([], ValueError, r"proposer_prefs must not be empty"),
        (np.zeros((0, 2), dtype=int), ValueError, r"proposer_prefs must not be empty"),
        ([0, 1], ValueError, r"proposer_prefs must be 2-D"),
        (np.zeros((2, 2, 2), dtype=int), ValueError, r"proposer_prefs must be 2-D.*\(2, 2, 2\)"),
        ([[0, 0], [1, 0]], ValueError, r"proposer_prefs must rank each partner at most once.*0"),
        ([[0, 1], [1, 2]], ValueError, r"proposer_prefs entries must be.*\[0, 1\].*got 2 in row 1"),
        ([[0, 1], [-1, 0]], ValueError, r"proposer_prefs entries.*got -1 in row 1"),
        ([[0.0, 1.0], [1.0, 0.0]], TypeError, r"proposer_prefs must contain integers"),
        ([[True, False], [False, True]], TypeError, r"proposer_prefs must contain integers"),
        ([[0, 1], "ab"], ValueError, r"proposer_prefs must be a list of lists.*row 1"),
        ([[0, 1], [0, [1]]], ValueError, r"proposer_prefs must be a list of lists.*row 1"),
    ],
)
def test_invalid_preferences_name_the_argument(prefs, error, message):
    with pytest.raises(error, match=message):
        mm.deferred_acceptance(prefs, GOOD)
    with pytest.raises(error, match=message.replace("proposer_prefs", "receiver_prefs")):
        mm.deferred_acceptance(GOOD, prefs)


def test_mismatched_sizes_name_the_argument():
    # three proposers rank receivers 0..2, but there are only two receivers
    message = r"proposer_prefs entries .* \(2 = len\(receiver_prefs\)\)"
    with pytest.raises(ValueError, match=message):
        mm.deferred_acceptance([[0, 1, 2]] * 3, [[0, 1, 2], [2, 1, 0]])
    message = r"receiver_prefs entries .* \(2 = len\(proposer_prefs\)\)"
    with pytest.raises(ValueError, match=message):
        mm.deferred_acceptance([[0, 1, 2], [2, 1, 0]], [[0, 1, 2]] * 3)


@pytest.mark.parametrize(
    "matching, error, message",
    [
        ([0, 0], ValueError, r"matching must give each receiver at most one partner"),
        ([0], ValueError, r"matching must have one entry per proposer, shape \(2,\); got shape"),
        ([0, 2], ValueError, r"matching entries must be receiver indices in \[0, 1\] or -1.*got 2"),
        ([0, -2], ValueError, r"matching entries.*got -2"),
        ([0.0, 1.0], TypeError, r"matching must be an array of integers"),
        ("01", TypeError, r"matching must be an array of integers"),
    ],
)
def test_invalid_matching_names_the_argument(matching, error, message):
    for call in (mm.blocking_pairs, mm.is_stable):
        with pytest.raises(error, match=message):
            call(matching, GOOD, GOOD)


@settings(max_examples=60, deadline=None)
@given(
    bad=st.one_of(
        st.text(max_size=5),
        st.none(),
        st.integers(),
        st.lists(st.integers(-3, 5), max_size=4),
        st.lists(st.lists(st.integers(-3, 5), min_size=1, max_size=3), max_size=3).filter(
            lambda rows: not rows
            or any(len(set(r)) < len(r) or min(r) < 0 or max(r) > 1 for r in rows)
        ),
        st.lists(st.lists(st.floats(0, 1), min_size=1, max_size=2), min_size=1, max_size=2),
    )
)
def test_any_malformed_preferences_raise_a_named_error(bad):
    with raises_by_rule() as info:
        mm.deferred_acceptance(bad, GOOD)
    assert "proposer_prefs" in str(info.value)


# ---------------------------------------------------------------------------------------------
# 4. Unbalanced markets: partner ranks and the effect of competition (Ashlagi, Kanoria & Leshno)
# ---------------------------------------------------------------------------------------------


@st.composite
def complete_unbalanced_markets(draw, max_n=5):
    """Small markets with complete strict preferences and different numbers on the two sides."""
    n_p = draw(st.integers(1, max_n))
    n_r = draw(st.integers(1, max_n).filter(lambda m: m != n_p))
    p_prefs = [list(draw(st.permutations(range(n_r)))) for _ in range(n_p)]
    r_prefs = [list(draw(st.permutations(range(n_p)))) for _ in range(n_r)]
    return p_prefs, r_prefs


@settings(max_examples=60, deadline=None)
@given(market=complete_unbalanced_markets())
def test_unequal_sides_proposing_side_optimal_against_brute_force(market):
    p_prefs, r_prefs = market
    n_p, n_r = len(p_prefs), len(r_prefs)
    stable = _check_extremal(p_prefs, r_prefs)  # stable, and each proposing side's best
    da = mm.deferred_acceptance(p_prefs, r_prefs)
    # complete lists: min(n_p, n_r) pairs, and the same agents are matched in every stable
    # matching (the "rural hospitals" property that lets mean ranks be compared across designs)
    assert (da >= 0).sum() == min(n_p, n_r)
    matched = {frozenset(i for i, r in enumerate(m) if r >= 0) for m in stable}
    assert len(matched) == 1


def test_partner_ranks_hand_worked_classic_example():
    men_first = mm.deferred_acceptance(MEN, WOMEN)
    men_rank, women_rank = mm.partner_ranks(men_first, MEN, WOMEN)
    assert men_rank.tolist() == [1.0, 1.0, 1.0] and women_rank.tolist() == [3.0, 3.0, 3.0]
    # the middle stable matching gives everybody their second choice
    men_rank, women_rank = mm.partner_ranks([1, 2, 0], MEN, WOMEN)
    assert men_rank.tolist() == [2.0, 2.0, 2.0] and women_rank.tolist() == [2.0, 2.0, 2.0]


def test_partner_ranks_leave_single_agents_without_rank():
    # two proposers, three receivers: receiver 2 stays single
    p_prefs = [[2, 0, 1], [2, 1, 0]]
    r_prefs = [[0, 1], [1, 0], [1, 0]]
    mu = mm.deferred_acceptance(p_prefs, r_prefs)
    assert mu.tolist() == [0, 2]  # receiver 2 prefers proposer 1, proposer 0 moves to receiver 0
    p_rank, r_rank = mm.partner_ranks(mu, p_prefs, r_prefs)
    assert p_rank.tolist() == [2.0, 1.0]
    assert r_rank[0] == 1.0 and np.isnan(r_rank[1]) and r_rank[2] == 1.0


def test_partner_ranks_refuse_a_partner_found_unacceptable():
    with pytest.raises(ValueError, match="matching pairs an agent with a partner they find unacceptable"):
        mm.partner_ranks([0, 1], [[0, 1], [1]], [[1], [0, 1]])
    with pytest.raises(ValueError, match="matching must have one entry per proposer"):
        mm.partner_ranks([0], MEN, WOMEN)


def test_random_market_mean_ranks_agree_with_a_direct_computation():
    out = mm.random_market_mean_ranks(12, 15, np.random.default_rng(11), n_markets=3)
    assert out.shape == (3, 2, 2)
    assert np.array_equal(out, mm.random_market_mean_ranks(12, 15, 11, n_markets=3))
    rng = np.random.default_rng(11)
    for k in range(3):
        side_1 = mm.random_preferences(12, rng, 15)
        side_2 = mm.random_preferences(15, rng, 12)
        r1, r2 = mm.partner_ranks(mm.deferred_acceptance(side_1, side_2), side_1, side_2)
        assert out[k, 0] == pytest.approx([np.nanmean(r1), np.nanmean(r2)])
        r2, r1 = mm.partner_ranks(mm.deferred_acceptance(side_2, side_1), side_2, side_1)
        assert out[k, 1] == pytest.approx([np.nanmean(r1), np.nanmean(r2)])


@pytest.mark.parametrize("n_1, n_2", [(20, 20), (20, 23), (25, 18), (1, 4)])
def test_each_side_does_at_least_as_well_when_it_proposes_in_every_market(n_1, n_2):
    out = mm.random_market_mean_ranks(n_1, n_2, 5, n_markets=20)
    assert np.all(out[:, 0, 0] <= out[:, 1, 0])  # side 1: better (lower rank) when it proposes
    assert np.all(out[:, 1, 1] <= out[:, 0, 1])  # side 2 likewise
    assert np.all(out >= 1.0)
    assert np.all(out[:, :, 0] <= n_2) and np.all(out[:, :, 1] <= n_1)


def test_balanced_market_proposer_rank_near_log_n_and_receiver_rank_near_n_over_log_n():
    # Pittel (1989), as used by Ashlagi, Kanoria and Leshno (2017): with n agents on each side,
    # proposers' mean rank is about ln n and receivers' about n / ln n (loose, finite n)
    n = 300
    out = mm.random_market_mean_ranks(n, n, 2024, n_markets=10).mean(axis=0)
    assert out[0, 0] == pytest.approx(math.log(n), rel=0.25)
    assert out[1, 1] == pytest.approx(math.log(n), rel=0.25)
    assert out[0, 1] == pytest.approx(n / math.log(n), rel=0.25)
    assert out[1, 0] == pytest.approx(n / math.log(n), rel=0.25)


def test_one_extra_agent_removes_most_of_the_proposing_advantage():
    n = 200
    balanced = mm.random_market_mean_ranks(n, n, 7, n_markets=10).mean(axis=0)
    for n_2 in (n + 1, n + 10):
        unbalanced = mm.random_market_mean_ranks(n, n_2, 7, n_markets=10).mean(axis=0)
        gap_balanced = balanced[1, 0] - balanced[0, 0]      # side 1: cost of not proposing
        gap_unbalanced = unbalanced[1, 0] - unbalanced[0, 0]
        assert gap_unbalanced < 0.1 * gap_balanced
        # side 1 is the short side: it does better than side 2 whoever proposes
        assert np.all(unbalanced[:, 0] < unbalanced[:, 1])
    # and the mirror image with one extra agent on side 1
    mirror = mm.random_market_mean_ranks(n + 1, n, 7, n_markets=10).mean(axis=0)
    assert np.all(mirror[:, 1] < mirror[:, 0])
    assert mirror[0, 1] - mirror[1, 1] < 0.1 * (balanced[0, 1] - balanced[1, 1])


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        (dict(n_1=0, n_2=3, rng=1), ValueError, r"n_1 must be an integer in \[1, inf\]; got 0"),
        (dict(n_1=3, n_2=-2, rng=1), ValueError, r"n_2 must be an integer in \[1, inf\]; got -2"),
        (dict(n_1="3", n_2=3, rng=1), TypeError, r"n_1 must be an integer"),
        (dict(n_1=3, n_2=float("nan"), rng=1), ValueError, r"n_2 must not be NaN; got nan"),
        (dict(n_1=3, n_2=2.5, rng=1), TypeError, r"n_2 must be an integer; got 2.5"),
        (dict(n_1=3, n_2=3, rng=None), TypeError, r"rng must be a numpy.random.Gen"),
        (dict(n_1=3, n_2=3, rng=1, n_markets=0), ValueError, r"n_markets must be an integer in"),
        (dict(n_1=3, n_2=3, rng=1, n_markets=None), TypeError, r"n_markets must be an integer"),
    ],
)
def test_invalid_market_sizes_name_the_argument(kwargs, error, message):
    with pytest.raises(error, match=message):
        mm.random_market_mean_ranks(**kwargs)


# ---------------------------------------------------------------------------------------------
# 5. The general condition for a subsidised side, in the model's primitives
# ---------------------------------------------------------------------------------------------


@settings(max_examples=100, deadline=None)
@given(externality, externality, cost, cost, size, size, slope, slope)
def test_price_in_primitives_and_below_cost_condition(al1, al2, f1, f2, a1, a2, b1, b2):
    assume(mm.two_sided_optimum_exists(al1, al2, f1, f2, size_1=a1, size_2=a2, slope_1=b1, slope_2=b2))
    opt = mm.two_sided_monopoly_prices(al1, al2, f1, f2, size_1=a1, size_2=a2, slope_1=b1, slope_2=b2)
    # p_i = (f_i + a_i/b_i)/2 - (alpha_j - alpha_i) n_j / 2
    assert opt.price_1 == pytest.approx((f1 + a1 / b1) / 2 - (al2 - al1) * opt.participation_2 / 2, abs=1e-9)
    assert opt.price_2 == pytest.approx((f2 + a2 / b2) / 2 - (al1 - al2) * opt.participation_1 / 2, abs=1e-9)
    margin = (al2 - al1) * opt.participation_2 - (a1 / b1 - f1)
    assume(abs(margin) > 1e-9)
    assert (opt.price_1 < f1) == (margin > 0)


@pytest.mark.parametrize("alpha", [0.0, 0.3, 0.6])
@pytest.mark.parametrize("demand", [dict(), dict(slope_1=2.0), dict(size_1=3.0, slope_2=0.5)])
def test_equal_externalities_give_one_sided_monopoly_prices_whatever_the_demand(alpha, demand):
    d = _demand(**demand)
    opt = mm.two_sided_monopoly_prices(alpha, alpha, 0.2, 0.3, **d)
    assert opt.price_1 == pytest.approx((0.2 + d["size_1"] / d["slope_1"]) / 2)
    assert opt.price_2 == pytest.approx((0.3 + d["size_2"] / d["slope_2"]) / 2)


# -- deferred acceptance, step by step ---------------------------------------------------------


def test_deferred_acceptance_steps_of_a_small_market_worked_by_hand():
    """Farmer 0 accepts only buyer 0; buyer 0 ranks farmers 2, 1, 0. Farmer 0 asks buyer 0 (held);
    farmer 1 asks buyer 0, who prefers 1 and lets 0 go; farmer 0 has no one left (single);
    farmer 2 asks buyer 0, who prefers 2 and lets 1 go; farmer 1 asks buyer 2 (held)."""
    farmers = [[0], [0, 2, 1], [0, 1, 2]]
    buyers = [[2, 1, 0], [0, 2, 1], [1, 0, 2]]
    steps = mm.deferred_acceptance_steps(farmers, buyers)
    assert [(s.proposer, s.receiver, s.outcome, s.released) for s in steps] == [
        (0, 0, "held", -1), (1, 0, "held, rejects 0", 0), (0, -1, "single", -1),
        (2, 0, "held, rejects 1", 1), (1, 2, "held", -1)]
    assert [s.step for s in steps] == [1, 2, 3, 4, 5]
    assert mm.deferred_acceptance(farmers, buyers).tolist() == [-1, 2, 0]


def test_an_unacceptable_proposer_is_turned_down_and_stays_single():
    """Buyer 0 lists only farmer 1: farmer 0's proposal is not acceptable."""
    steps = mm.deferred_acceptance_steps([[0], [0]], [[1]])
    assert [(s.proposer, s.receiver, s.outcome) for s in steps] == [
        (0, 0, "not acceptable"), (0, -1, "single"), (1, 0, "held")]


def _final(steps, n_p):
    held = {}
    for s in steps:
        if s.outcome.startswith("held"):
            held[s.receiver] = s.proposer
    matching = [-1] * n_p
    for r, i in held.items():
        matching[i] = r
    return matching


@pytest.mark.parametrize("seed", range(20))
def test_the_trace_ends_in_the_deferred_acceptance_matching(seed):
    rng = np.random.default_rng(seed)
    n_p, n_r = int(rng.integers(1, 9)), int(rng.integers(1, 9))
    # incomplete lists: each agent finds a random subset acceptable
    p = [list(rng.permutation(n_r)[: rng.integers(0, n_r + 1)]) for _ in range(n_p)]
    r = [list(rng.permutation(n_p)[: rng.integers(0, n_p + 1)]) for _ in range(n_r)]
    p = [row if row else [0] for row in p]
    r = [row if row else [0] for row in r]
    steps = mm.deferred_acceptance_steps(p, r)
    assert _final(steps, n_p) == mm.deferred_acceptance(p, r).tolist()
    pairs = [(s.proposer, s.receiver) for s in steps if s.receiver >= 0]
    assert len(pairs) == len(set(pairs))  # nobody asks the same receiver twice
    assert sum(s.outcome == "single" for s in steps) == _final(steps, n_p).count(-1)


def test_the_trace_refuses_bad_preferences_as_deferred_acceptance_does():
    for bad in ([[0, 0]], [[5]], "abc", [[0.5]]):
        with raises_by_rule() as trace_err:
            mm.deferred_acceptance_steps(bad, [[0]])
        with raises_by_rule() as da_err:
            mm.deferred_acceptance(bad, [[0]])
        assert str(trace_err.value) == str(da_err.value)
