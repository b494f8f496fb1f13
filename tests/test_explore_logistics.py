"""Explorers of the Rural-logistics chapter: they agree with the model, reject bad input by
name, update their artists in place and keep the last good state."""

from __future__ import annotations

import math

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

from platformlab import data  # noqa: E402
from platformlab.explore.logistics import (  # noqa: E402
    BENCHMARK_CASES, LastMileExplorer, ServiceCentreExplorer, VarietyGainExplorer,
    county_from_tables,
)
from platformlab.models import logistics  # noqa: E402


@pytest.fixture(scope="module")
def county():
    return county_from_tables(data.load("simulated_county"), data.load("simulated_county_roads"))


@pytest.fixture(scope="module")
def centres(county):
    return ServiceCentreExplorer(county.coords, county.population, county.distance, p_max=8)


def test_county_from_tables_is_the_symmetric_road_matrix(county):
    d = county.distance
    assert d.shape == (60, 60)
    np.testing.assert_array_equal(d, d.T)
    np.testing.assert_array_equal(np.diag(d), 0.0)
    assert (d[~np.eye(60, dtype=bool)] > 0).all()


def test_county_from_tables_rejects_missing_roads():
    villages = data.load("simulated_county")
    roads = data.load("simulated_county_roads").iloc[:-1]
    with pytest.raises(ValueError, match="roads must have one row per pair"):
        county_from_tables(villages, roads)


def test_service_centre_costs_match_the_model(centres, county):
    parcels = 2.0 * county.population
    for p in (1, 3, 8):
        result = centres.update(p=p, fixed_cost=5000.0, cost_per_parcel_km=0.12)
        expected = logistics.cost_per_parcel(county.distance, parcels, p, fixed_cost=5000.0,
                                             cost_per_parcel_km=0.12)
        assert result["cost_per_parcel"] == pytest.approx(expected, rel=1e-12)
        assert result["fixed_per_parcel"] + result["haul_per_parcel"] == pytest.approx(expected)
    best = logistics.best_number_of_centres(county.distance, parcels, fixed_cost=5000.0,
                                            cost_per_parcel_km=0.12, p_max=8)
    assert result["best_p"] == best.p
    assert result["best_cost_per_parcel"] == pytest.approx(best.cost_per_parcel)


def test_service_centre_solutions_are_precomputed_and_never_cost_more_with_more_centres(centres):
    costs = centres.parcel_km
    assert len(centres.solutions) == 8
    assert (np.diff(costs) <= 1e-9).all()
    assert [s.centres.size for s in centres.solutions] == list(range(1, 9))


def test_service_centre_map_is_updated_in_place(centres):
    centres.update(p=2)
    links, squares = centres._artists["links"], centres._artists["centres"]
    n_axes = len(centres.fig.axes)
    centres.update(p=6)
    assert centres._artists["links"] is links and centres._artists["centres"] is squares
    assert len(centres.fig.axes) == n_axes == 2
    assert squares.get_offsets().shape == (6, 2)
    assert bytes(centres.image.value[:4]) == b"\x89PNG"


@pytest.mark.parametrize("values, name", [
    ({"p": 0}, "p"), ({"p": 9}, "p"), ({"p": 2.5}, "p"), ({"fixed_cost": -1.0}, "fixed_cost"),
    ({"cost_per_parcel_km": float("nan")}, "cost_per_parcel_km"),
    ({"fixed_cost": "cheap"}, "fixed_cost"), ({"centres": 3}, "unknown control"),
])
def test_service_centre_bad_input_is_named_and_the_last_good_state_kept(centres, values, name):
    good = centres.update(p=4, fixed_cost=6000.0, cost_per_parcel_km=0.1)
    # a string is a TypeError (the base explorer's check_range), a bad number a ValueError
    with pytest.raises((ValueError, TypeError), match=name):
        centres.update(**values)
    assert centres.values() == {"p": 4, "fixed_cost": 6000.0, "cost_per_parcel_km": 0.1}
    assert centres.result["cost_per_parcel"] == good["cost_per_parcel"]


def test_service_centre_compute_names_bad_arguments(centres):
    with pytest.raises(ValueError, match="fixed_cost"):
        centres.compute(p=2, fixed_cost=-5.0, cost_per_parcel_km=0.1)
    with pytest.raises(ValueError, match="parcels_per_resident"):
        ServiceCentreExplorer(np.zeros((2, 2)), [1, 1], np.zeros((2, 2)), parcels_per_resident=0)


def test_last_mile_matches_the_model_and_pickup_wins_where_homes_are_sparse():
    explorer = LastMileExplorer(cost_per_km=3.0)
    result = explorer.update(n_parcels=100.0, area=900.0, n_pickup_points=10.0,
                             cost_per_stop=0.5, pickup_fee_per_parcel=0.5)
    costs = logistics.home_vs_pickup_cost(100.0, 900.0, 10.0, cost_per_km=3.0, cost_per_stop=0.5,
                                          pickup_fee_per_parcel=0.5)
    assert result["home"] == pytest.approx(costs.home) and result["pickup"] == pytest.approx(costs.pickup)
    assert result["pickup"] < result["home"]
    dense = explorer.update(area=1.0, cost_per_stop=0.0)
    assert dense["home"] < dense["pickup"]
    assert "home delivery" in explorer.status.value


def test_last_mile_bad_input_is_named():
    explorer = LastMileExplorer()
    with pytest.raises(ValueError, match="area"):
        explorer.update(area=0.0)
    with pytest.raises(ValueError, match="n_parcels"):
        explorer.update(n_parcels=-3)
    with pytest.raises(ValueError, match="cost_per_km"):
        LastMileExplorer(cost_per_km=-1.0)


def test_last_mile_model_error_is_shown_not_raised():
    explorer = LastMileExplorer()
    explorer.controls["area"].value = 5.0  # a good value first
    before = dict(explorer.result)
    explorer.k = -1.0  # a broken parameter the model rejects
    explorer.refresh()
    assert "Cannot compute" in explorer.status.value and "k must" in explorer.status.value
    assert explorer.result["home"] == before["home"]


def test_variety_explorer_matches_the_model_and_orders_elasticities():
    explorer = VarietyGainExplorer()
    low = explorer.update(s_online=0.1, sigma=2.0)["gain_pct"]
    high = explorer.update(s_online=0.1, sigma=6.0)["gain_pct"]
    assert low == pytest.approx(logistics.variety_welfare_gain(0.1, 2.0))
    assert low > high > 0
    assert explorer.update(s_online=0.0)["gain_pct"] == 0.0
    with pytest.raises(ValueError, match="sigma"):
        explorer.update(sigma=1.0)


def test_benchmark_cases_run_and_every_setting_is_valid():
    for name, factory, settings in BENCHMARK_CASES:
        explorer = factory()
        assert len(settings) >= 20, name
        for values in settings[:5]:
            assert explorer.update(**values) is not None, (name, values)
        assert not math.isnan(next(iter(explorer.values().values())))


def test_precomputed_solutions_are_those_of_p_median(county, centres):
    parcels = 2.0 * county.population
    for p in (1, 2, 5, 8):
        sol = logistics.p_median(county.distance, parcels, p)
        np.testing.assert_array_equal(centres.solutions[p - 1].centres, sol.centres)
        assert centres.solutions[p - 1].cost == pytest.approx(sol.cost)
