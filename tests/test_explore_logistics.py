"""Explorers of the Rural-logistics chapter: they agree with the model, reject bad input by
name, update their artists in place and keep the last good state."""

from __future__ import annotations

import math

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

from platformlab import data  # noqa: E402
from platformlab.explore.base import DeclarationError, Explorer, Slider  # noqa: E402
from platformlab.explore.book import tour  # noqa: E402
from platformlab.explore.logistics import (  # noqa: E402
    CentresView, LastMileExplorer, LastMileView, ServiceCentreExplorer, VarietyGainExplorer,
    VarietyView, county_from_tables,
)
from platformlab.models import logistics  # noqa: E402

from conftest import raises_by_rule


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
        assert isinstance(result, CentresView) and result.p == p
        assert result.cost_per_parcel == pytest.approx(expected, rel=1e-12)
        assert result.fixed_per_parcel + result.haul_per_parcel == pytest.approx(expected)
    best = logistics.best_number_of_centres(county.distance, parcels, fixed_cost=5000.0,
                                            cost_per_parcel_km=0.12, p_max=8)
    assert result.best_p == best.p
    assert result.best_cost_per_parcel == pytest.approx(best.cost_per_parcel)


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
    with raises_by_rule(match=name):
        centres.update(**values)
    assert centres.values() == {"p": 4, "fixed_cost": 6000.0, "cost_per_parcel_km": 0.1}
    assert centres.result.cost_per_parcel == good.cost_per_parcel


def test_service_centre_view_names_bad_arguments(centres, county):
    with pytest.raises(ValueError, match="fixed_cost"):
        centres.view(p=2, fixed_cost=-5.0, cost_per_parcel_km=0.1)
    with pytest.raises(ValueError, match="parcels_per_resident"):
        ServiceCentreExplorer(np.zeros((2, 2)), [1, 1], np.zeros((2, 2)), parcels_per_resident=0)
    with pytest.raises(ValueError, match="p_max"):  # a slider needs two values at least
        ServiceCentreExplorer(county.coords, county.population, county.distance, p_max=1)
    with pytest.raises(ValueError, match="p must lie in"):  # the starting value, by its slider
        ServiceCentreExplorer(county.coords, county.population, county.distance, p_max=4, p=5)


def test_last_mile_matches_the_model_and_pickup_wins_where_homes_are_sparse():
    explorer = LastMileExplorer(cost_per_km=3.0)
    result = explorer.update(n_parcels=100.0, area=900.0, n_pickup_points=10.0,
                             cost_per_stop=0.5, pickup_fee_per_parcel=0.5)
    costs = logistics.home_vs_pickup_cost(100.0, 900.0, 10.0, cost_per_km=3.0, cost_per_stop=0.5,
                                          pickup_fee_per_parcel=0.5)
    assert isinstance(result, LastMileView)
    assert result.home == pytest.approx(costs.home) and result.pickup == pytest.approx(costs.pickup)
    assert result.pickup < result.home
    assert result.density == pytest.approx(100.0 / 900.0)
    grid = logistics.home_vs_pickup_cost(np.geomspace(5, 2000, 120), 900.0, 10.0, cost_per_km=3.0,
                                         cost_per_stop=0.5, pickup_fee_per_parcel=0.5)
    np.testing.assert_allclose(result.home_curve, grid.home)
    np.testing.assert_allclose(result.pickup_curve, grid.pickup)
    dense = explorer.update(area=1.0, cost_per_stop=0.0)
    assert dense.home < dense.pickup
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
    before = explorer.result
    explorer.k = -1.0  # a broken parameter the model rejects
    explorer.refresh()
    assert "Cannot compute" in explorer.status.value and "k must" in explorer.status.value
    assert explorer.result.home == before.home


def test_variety_explorer_matches_the_model_and_orders_elasticities():
    explorer = VarietyGainExplorer()
    low = explorer.update(s_online=0.1, sigma=2.0).gain_pct
    view = explorer.update(s_online=0.1, sigma=6.0)
    high = view.gain_pct
    assert isinstance(view, VarietyView)
    assert low == pytest.approx(logistics.variety_welfare_gain(0.1, 2.0))
    assert view.price_index_change == pytest.approx(
        logistics.variety_price_index_change(0.1, 6.0))
    np.testing.assert_allclose(view.curve,
                               logistics.variety_welfare_gain(np.linspace(0, 0.5, 101), 6.0))
    assert low > high > 0
    assert explorer.update(s_online=0.0).gain_pct == 0.0
    with pytest.raises(ValueError, match="sigma"):
        explorer.update(sigma=1.0)


EXPLORERS = [ServiceCentreExplorer, LastMileExplorer, VarietyGainExplorer]


@pytest.mark.parametrize("cls", EXPLORERS, ids=lambda c: c.__name__)
def test_examples_build_and_every_benchmark_setting_is_valid(cls):
    explorer = cls.example()
    settings = tour(explorer)
    assert len(settings) >= 20
    for values in settings[:5]:
        assert explorer.update(**values) is not None, values
    assert not math.isnan(next(iter(explorer.values().values())))


def test_precomputed_solutions_are_those_of_p_median(county, centres):
    parcels = 2.0 * county.population
    for p in (1, 2, 5, 8):
        sol = logistics.p_median(county.distance, parcels, p)
        np.testing.assert_array_equal(centres.solutions[p - 1].centres, sol.centres)
        assert centres.solutions[p - 1].cost == pytest.approx(sol.cost)


@pytest.mark.parametrize("cls", EXPLORERS, ids=lambda c: c.__name__)
def test_the_declaration_is_the_single_source_of_the_controls(cls):
    explorer = cls.example()
    assert list(explorer.controls) == [spec.name for spec in cls.sliders]
    for spec in cls.sliders:
        control, used = explorer.controls[spec.name], explorer.specs[spec.name]
        assert (control.min, control.step, control.description) == (
            spec.low, spec.step, spec.description)
        assert control.max == used.high
        assert control.value == spec.default == cls.defaults()[spec.name]
        assert used == (spec if spec.name != "p" else spec._replace(high=explorer.p_max))


def test_the_number_of_centres_slider_ends_at_p_max(county):
    explorer = ServiceCentreExplorer(county.coords, county.population, county.distance, p_max=5)
    assert explorer.specs["p"].high == explorer.controls["p"].max == 5
    assert ServiceCentreExplorer.slider("p").high == 15  # the declaration is unchanged
    small = ServiceCentreExplorer(county.coords, county.population, county.distance, p_max=2)
    assert small.values()["p"] == 2  # the declared default (3) is above the range: its top


def test_the_labels_are_those_the_readers_know():
    descriptions = {spec.name: spec.description for cls in EXPLORERS for spec in cls.sliders}
    assert descriptions == {
        "p": "Service centres p", "fixed_cost": "Fixed cost per centre (RMB/month)",
        "cost_per_parcel_km": "Haul cost (RMB per parcel-km)", "n_parcels": "Parcels per tour n",
        "area": "Area served A (km²)", "n_pickup_points": "Pick-up points m",
        "cost_per_stop": "Cost per stop (RMB)", "pickup_fee_per_parcel": "Pick-up fee (RMB/parcel)",
        "s_online": "Online-only share of spending", "sigma": "Elasticity of substitution σ",
    }


@pytest.mark.parametrize("bad, message", [
    (Slider("sigma", "σ", 2.0, 2.0, 0.1, 2.0, ".1f"), "empty range"),
    (Slider("sigma", "σ", 1.5, 10.0, 0.1, 12.0, ".1f"), "outside"),
    (Slider("sigma", "σ", 1.5, 10.0, 0.3, 4.0, ".1f"), "does not divide"),
])
def test_a_bad_declaration_fails_at_class_creation_naming_explorer_and_slider(bad, message):
    with pytest.raises(DeclarationError, match=rf"BrokenVariety, slider 'sigma'.*{message}"):
        type("BrokenVariety", (VarietyGainExplorer,),
             {"sliders": (VarietyGainExplorer.slider("s_online"), bad)})


def _pixels(png: bytes) -> np.ndarray:
    import io

    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        return np.asarray(image.convert("RGBA")).astype(int)


@pytest.mark.parametrize("cls", EXPLORERS, ids=lambda c: c.__name__)
def test_frames_are_those_of_a_full_redraw(cls):
    # The fast path (a frozen background, cached legend and axis label, own PNG encoder) draws
    # what a full matplotlib redraw of the same figure draws (up to rounding of the legend's
    # blending: one level of one channel).
    full = type(f"Full{cls.__name__}", (cls,), {"_freeze": lambda self, *a, **k: None,
                                                "render_png": Explorer.render_png})
    fast, slow = cls.example(), full.example()
    for values in tour(fast, count=6, seed=3):
        fast.update(**values)
        slow.update(**values)
        assert fast.status.value == slow.status.value
        assert np.abs(_pixels(fast.image.value) - _pixels(slow.image.value)).max() <= 1, values


def test_the_png_encoder_keeps_every_pixel():
    from platformlab.explore.base import encode_png as _png

    rng = np.random.default_rng(0)
    opaque = rng.integers(0, 256, size=(7, 5, 4), dtype=np.uint8)
    opaque[..., 3] = 255
    clear = opaque.copy()
    clear[2, 3, 3] = 10
    for rgba in (opaque, clear):
        np.testing.assert_array_equal(_pixels(_png(rgba)), rgba)
