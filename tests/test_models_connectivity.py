"""Connectivity accounting: closed forms, round trips and invalid inputs."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from platformlab.models import connectivity as c

from conftest import raises_by_rule

shares = st.floats(0.0, 1.0, allow_nan=False)


def test_national_rate_reproduces_cnnic_december_2020():
    # CNNIC, Dec 2020: urban 79.8%, rural 55.9%, national 70.4%. The implied urban share puts
    # the weighted average back on the published national rate.
    share = c.implied_urban_share(0.704, 0.798, 0.559)
    assert c.national_penetration(0.798, 0.559, share) == pytest.approx(0.704)
    assert share == pytest.approx((0.704 - 0.559) / (0.798 - 0.559))


def test_national_rate_closed_forms():
    assert c.national_penetration(0.8, 0.4, 0.5) == pytest.approx(0.6)
    assert c.national_penetration(0.8, 0.4, 1.0) == pytest.approx(0.8)
    assert c.national_penetration(0.8, 0.4, 0.0) == pytest.approx(0.4)


def test_vectorised_over_arrays():
    out = c.national_penetration(0.8, np.array([0.2, 0.4, 0.6]), 0.5)
    np.testing.assert_allclose(out, [0.5, 0.6, 0.7])


@given(u=shares, r=shares, s=shares)
def test_national_rate_lies_between_group_rates(u, r, s):
    n = c.national_penetration(u, r, s)
    assert min(u, r) - 1e-12 <= n <= max(u, r) + 1e-12


@example(u=0.6328125, s=0.7642974341120685, r=1.0)  # rounding put the answer just above 1
@given(u=shares, s=st.floats(0.0, 0.99), r=shares)
def test_rural_rate_for_target_round_trip(u, s, r):
    target = c.national_penetration(u, r, s)
    assert c.rural_rate_for_target(target, u, s) == pytest.approx(r, abs=1e-9)


def test_population_and_offline_counts():
    assert c.population_from_users(989, 0.704) == pytest.approx(989 / 0.704)
    assert c.offline_population(1000, 0.7) == pytest.approx(300)


def test_compound_growth_rate_closed_form():
    assert c.compound_growth_rate(100, 121, 2) == pytest.approx(0.1)
    # published ITU values, 2010 -> 2017
    g = c.compound_growth_rate(63.17, 104.58, 7)
    assert 63.17 * (1 + g) ** 7 == pytest.approx(104.58)


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: c.national_penetration(1.2, 0.5, 0.5), r"urban_rate must lie in \[0, 1\]; got 1.2"),
        (lambda: c.national_penetration(0.5, -0.1, 0.5), r"rural_rate must lie in \[0, 1\]; got -0.1"),
        (lambda: c.national_penetration(0.5, 0.5, float("nan")), r"urban_share must not be NaN"),
        (lambda: c.national_penetration("high", 0.5, 0.5), r"urban_rate must be a number"),
        (lambda: c.national_penetration(None, 0.5, 0.5), r"urban_rate must be a number"),
        (lambda: c.implied_urban_share(0.7, 0.6, 0.6), r"urban_rate and rural_rate must differ"),
        (lambda: c.implied_urban_share(0.9, 0.8, 0.5), r"national_rate must lie between"),
        (lambda: c.rural_rate_for_target(0.8, 0.8, 1.0), r"urban_share must lie in \[0, 1\)"),
        (lambda: c.rural_rate_for_target(0.99, 0.5, 0.9), r"cannot be reached"),
        (lambda: c.population_from_users(100, 0.0), r"rate must lie in \(0, 1\]"),
        (lambda: c.population_from_users(-5, 0.5), r"users must lie in \[0, inf\]"),
        (lambda: c.offline_population(-1, 0.5), r"population must lie in \[0, inf\]"),
        (lambda: c.compound_growth_rate(0, 10, 3), r"start_value must lie in \(0, inf\]"),
        (lambda: c.compound_growth_rate(1, 10, 0), r"years must lie in \(0, inf\]"),
    ],
)
def test_invalid_inputs_name_the_argument(call, message):
    with raises_by_rule(match=message):
        call()


@settings(max_examples=60)
@given(
    bad=st.one_of(
        st.floats(allow_nan=True).filter(lambda x: math.isnan(x) or x < 0 or x > 1),
        st.text(min_size=1, max_size=5),
        st.none(),
        st.lists(st.floats(1.01, 10), min_size=1, max_size=3),
    )
)
def test_any_bad_share_raises_a_named_error(bad):
    with raises_by_rule() as info:
        c.national_penetration(0.5, 0.5, bad)
    assert "urban_share" in str(info.value)
