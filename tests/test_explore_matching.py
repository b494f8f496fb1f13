"""Matching-markets explorers: they show the model, update in place and name bad input."""

from __future__ import annotations

import builtins
import io

import matplotlib
import numpy as np
import pytest
from PIL import Image

from platformlab.explore.base import DeclarationError, Slider
from platformlab.explore.book import tour
from platformlab.explore.matching import (
    MatchingFunctionExplorer,
    PricingView,
    RatesView,
    TwoSidedPricingExplorer,
    draw_prices,
    draw_rates,
)
from platformlab.models import matching

from conftest import raises_by_rule

matplotlib.use("Agg")

EXPLORERS = [TwoSidedPricingExplorer, MatchingFunctionExplorer]


def _numbers(view):
    """The view's single numbers (not its curves), by field: comparable with ==."""
    return {k: v for k, v in view._asdict().items() if np.ndim(v) == 0}


# -- two-sided pricing ---------------------------------------------------------------------------


def test_pricing_explorer_shows_the_models_prices():
    explorer = TwoSidedPricingExplorer(alpha_1=0.0, alpha_2=1.5, cost_1=0.1, cost_2=0.1)
    expected = matching.two_sided_monopoly_prices(0.0, 1.5, 0.1, 0.1)
    assert explorer.result.price_1 == pytest.approx(expected.price_1)
    assert explorer.result.price_2 == pytest.approx(expected.price_2)
    assert explorer.result.price_1 == pytest.approx(-0.8)  # the model author's worked example
    assert "paid to join" in explorer.status.value and "-0.80" in explorer.status.value


def test_swapping_the_externalities_flips_the_subsidised_side():
    explorer = TwoSidedPricingExplorer(alpha_1=0.2, alpha_2=1.2, cost_1=0.2, cost_2=0.2)
    first = explorer.result
    assert first.price_1 < first.cost_1 and first.price_2 > first.cost_2
    second = explorer.update(alpha_1=1.2, alpha_2=0.2)
    assert second.price_2 < second.cost_2 and second.price_1 > second.cost_1
    assert second.price_2 == pytest.approx(first.price_1)


def test_zero_externalities_give_one_sided_monopoly_prices_in_the_status():
    explorer = TwoSidedPricingExplorer(alpha_1=0.0, alpha_2=0.0, cost_1=0.4, cost_2=0.0)
    assert explorer.result.price_1 == pytest.approx((1 + 0.4) / 2)
    assert explorer.result.price_2 == pytest.approx(0.5)
    assert explorer.status.value.count("above cost") == 2


def test_pricing_sliders_outside_the_optimum_region_show_the_models_message():
    explorer = TwoSidedPricingExplorer()
    before = explorer.result
    image = explorer.image.value
    assert explorer.move(alpha_1=1.5, alpha_2=1.5) is None  # as a reader's slider moves
    status = explorer.status.value
    assert "Cannot compute" in status and "alpha_1 + alpha_2" in status
    assert explorer.result == before and explorer.image.value == image
    assert explorer.move(alpha_1=0.3, alpha_2=0.3) is not None  # recovers


def test_update_from_code_never_leaves_a_stale_answer():
    """update() where the model has no optimum raises, naming the setting and the reason, and
    puts the controls back: values() and result always describe the same setting."""
    explorer = TwoSidedPricingExplorer()
    values, result = explorer.values(), explorer.result
    with pytest.raises(ValueError, match=r"TwoSidedPricingExplorer cannot compute at "
                                         r"alpha_1=0.9: .*alpha_1 \+ alpha_2"):
        explorer.update(alpha_1=0.9)
    assert explorer.values() == values and explorer.result == result
    assert explorer.result == explorer.view(**explorer.values())


def test_price_bars_are_updated_in_place_and_clipped_to_the_axes():
    explorer = TwoSidedPricingExplorer()
    ax = explorer.ax
    counts = (len(ax.patches), len(ax.lines), len(ax.texts))
    result = explorer.update(alpha_1=0.0, alpha_2=1.45, cost_1=0.0, cost_2=0.0)
    assert (len(ax.patches), len(ax.lines), len(ax.texts)) == counts
    low, high = ax.get_ylim()
    heights = [bar.get_height() for bar in ax.containers[0]]
    assert all(low <= h <= high for h in heights)
    expected = [f"{result.price_1:.2f}", f"{result.price_2:.2f}"]
    assert [t.get_text() for t in ax.texts] == expected


# -- matching function ---------------------------------------------------------------------------


def test_matching_explorer_shows_the_models_rates():
    explorer = MatchingFunctionExplorer(efficiency=0.3, vacancies=50.0)
    r = explorer.result
    assert r.theta == pytest.approx(0.5)
    assert r.finding == pytest.approx(matching.job_finding_rate(0.5, 0.3, 0.5))
    assert r.filling == pytest.approx(matching.vacancy_filling_rate(0.5, 0.3, 0.5))
    assert r.matches == pytest.approx(matching.matches(100.0, 50.0, 0.3, 0.5))
    assert r.finding / r.filling == pytest.approx(r.theta)
    assert "+0% on the start" in explorer.status.value


def test_efficiency_lifts_both_rates_but_vacancies_trade_one_for_the_other():
    explorer = MatchingFunctionExplorer(efficiency=0.3, vacancies=50.0)
    start = explorer.result
    better = explorer.update(efficiency=0.36)
    assert better.finding > start.finding and better.filling > start.filling
    assert better.matches == pytest.approx(1.2 * start.matches)
    more = explorer.update(efficiency=0.3, vacancies=72.0)
    assert more.finding > start.finding and more.filling < start.filling
    assert more.matches == pytest.approx(1.2 * start.matches)
    assert "+20% on the start" in explorer.status.value


def test_rates_stay_probabilities_over_the_whole_slider_range():
    explorer = MatchingFunctionExplorer()
    for eff in (0.1, 0.5):
        for vac in (25.0, 200.0):
            r = explorer.update(efficiency=eff, vacancies=vac)
            assert np.all(r.finding_curve <= 1 + 1e-12)
            assert np.all(r.filling_curve <= 1 + 1e-12)
            assert r.matches <= min(100.0, vac) + 1e-9


def test_rate_curves_are_updated_in_place():
    explorer = MatchingFunctionExplorer()
    lines = list(explorer.ax.lines)
    result = explorer.update(efficiency=0.45)
    assert list(explorer.ax.lines) == lines
    finding = explorer._artists["finding"]
    np.testing.assert_allclose(finding.get_ydata(), result.finding_curve)


# -- both ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("cls", EXPLORERS)
def test_slider_change_recomputes(cls):
    explorer = cls()
    name, control = next(iter(explorer.controls.items()))
    before = _numbers(explorer.result)
    control.value = control.min
    assert _numbers(explorer.result) != before


@pytest.mark.parametrize("cls", EXPLORERS)
def test_callback_reads_no_files(cls, monkeypatch):
    explorer = cls.example()
    settings = tour(explorer)

    def refuse(*args, **kwargs):
        raise AssertionError(f"a callback opened a file: {args!r}")

    monkeypatch.setattr(builtins, "open", refuse)
    for values in settings[:3]:
        assert explorer.update(**values) is not None


@pytest.mark.parametrize(
    "cls, values, message",
    [
        (TwoSidedPricingExplorer, {"alpha_1": "high"}, "alpha_1 must be a number"),
        (TwoSidedPricingExplorer, {"alpha_2": float("nan")}, "alpha_2 must not be NaN"),
        (TwoSidedPricingExplorer, {"cost_1": -0.1}, r"cost_1 must lie in \[0, 1\]"),
        (TwoSidedPricingExplorer, {"alpha_2": 3.0}, r"alpha_2 must lie in \[0, 1.5\]"),
        (TwoSidedPricingExplorer, {"price_1": 1.0}, r"unknown control\(s\) \['price_1'\]"),
        (MatchingFunctionExplorer, {"efficiency": 0.9}, r"efficiency must lie in \[0.1, 0.5\]"),
        (MatchingFunctionExplorer, {"vacancies": 10}, r"vacancies must lie in \[25, 200\]"),
        (MatchingFunctionExplorer, {"vacancies": None}, "vacancies must be a number"),
        (MatchingFunctionExplorer, {"unemployed": 5}, r"unknown control\(s\) \['unemployed'\]"),
    ],
)
def test_bad_update_is_named_and_keeps_state(cls, values, message):
    explorer = cls()
    before = (explorer.values(), {k: np.copy(v) for k, v in explorer.result._asdict().items()})
    with raises_by_rule(match=message):
        explorer.update(**values)
    assert explorer.values() == before[0]
    for key, value in before[1].items():
        np.testing.assert_array_equal(getattr(explorer.result, key), value)


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda: TwoSidedPricingExplorer(alpha_1=2.0), ValueError, r"alpha_1 must lie in \[0, 1.5"),
        (lambda: TwoSidedPricingExplorer(cost_2="cheap"), TypeError, "cost_2 must be a number"),
        (lambda: TwoSidedPricingExplorer(slope=0.0), ValueError, r"slope must lie in \(0, inf\)"),
        (lambda: MatchingFunctionExplorer(efficiency=0.0), ValueError, "efficiency must lie in"),
        (lambda: MatchingFunctionExplorer(vacancies=500.0), ValueError, "vacancies must lie in"),
        (lambda: MatchingFunctionExplorer(elasticity=1.0), ValueError, "elasticity must lie in"),
        (lambda: MatchingFunctionExplorer(unemployed=-1), ValueError, "unemployed must lie in"),
    ],
)
def test_bad_construction_is_named(call, error, message):
    with pytest.raises(error, match=message):
        call()


@pytest.mark.parametrize("cls", EXPLORERS)
def test_image_is_a_png_of_the_figure_and_changes_with_the_sliders(cls):
    explorer = cls()
    first = explorer.image.value
    image = Image.open(io.BytesIO(first))
    width, height = explorer.fig.get_size_inches() * explorer.fig.dpi
    assert image.format == "PNG" and image.size == (round(width), round(height))
    explorer.update(**tour(explorer)[5])
    assert explorer.image.value != first


@pytest.mark.parametrize("cls", EXPLORERS)
def test_blitted_image_equals_a_full_redraw(cls):
    explorer = cls.example()
    explorer.update(**tour(explorer)[7])
    fast = np.asarray(Image.open(io.BytesIO(explorer.image.value)).convert("RGB"), dtype=int)
    fresh = cls(**{k: v for k, v in explorer.values().items()})
    full = np.asarray(Image.open(io.BytesIO(fresh.image.value)).convert("RGB"), dtype=int)
    assert fast.shape == full.shape
    assert np.mean(np.abs(fast - full)) < 1.0  # antialiasing may differ by a shade


@pytest.mark.parametrize("cls", EXPLORERS)
def test_text_form_is_short_and_deterministic(cls):
    text = cls()._repr_mimebundle_()["text/plain"]
    assert text.startswith(cls.__name__ + "(") and "0x" not in text and len(text) < 120


def test_drawing_functions_work_on_any_axes():
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2)
    artists = draw_prices(left, [-3.0, 0.4], [0.1, 0.2])
    assert artists["bars"][0].get_height() == pytest.approx(left.get_ylim()[0])
    assert artists["labels"][0].get_text() == "-3.00"
    explorer = MatchingFunctionExplorer()
    draw_rates(right, explorer.theta_grid, explorer.result)
    assert len(right.lines) == 3
    plt.close(fig)


@pytest.mark.parametrize("cls", EXPLORERS)
def test_benchmark_tour_stays_inside_the_sliders_and_the_models_domain(cls):
    explorer = cls.example()
    assert isinstance(explorer, cls)
    settings = tour(explorer)
    assert len(settings) == 30
    for values in settings:
        assert explorer.update(**values) is not None, values


def test_market_rates_is_what_the_explorer_computes():
    from platformlab.explore.matching import market_rates

    explorer = MatchingFunctionExplorer(efficiency=0.25, vacancies=80.0)
    direct = market_rates(0.25, 80.0, explorer.theta_grid)
    assert isinstance(direct, RatesView) and isinstance(explorer.result, RatesView)
    for key, value in direct._asdict().items():
        np.testing.assert_allclose(getattr(explorer.result, key), value)
    with pytest.raises(ValueError, match="efficiency must lie in"):
        market_rates(-1.0, 80.0, explorer.theta_grid)


# -- the declaration ------------------------------------------------------------------------------


def test_declared_labels_and_ranges_are_the_widgets_of_before():
    labels = {spec.name: (spec.label, spec.low, spec.high, spec.step, spec.default)
              for cls in EXPLORERS for spec in cls.sliders}
    assert labels == {
        "alpha_1": ("Side 1 values side 2 (α₁)", 0.0, 1.5, 0.05, 0.2),
        "alpha_2": ("Side 2 values side 1 (α₂)", 0.0, 1.5, 0.05, 1.2),
        "cost_1": ("Cost of a side-1 member (f₁)", 0.0, 1.0, 0.05, 0.2),
        "cost_2": ("Cost of a side-2 member (f₂)", 0.0, 1.0, 0.05, 0.2),
        "efficiency": ("Matching efficiency (μ)", 0.1, 0.5, 0.01, 0.3),
        "vacancies": ("Vacancies (V)", 25.0, 200.0, 1.0, 50.0),
    }


def test_vacancies_slider_scales_with_the_job_seekers_through_ranges():
    explorer = MatchingFunctionExplorer(unemployed=200.0)
    control, spec = explorer.controls["vacancies"], explorer.specs["vacancies"]
    assert (control.min, control.max, control.step, control.value) == (50.0, 400.0, 2.0, 100.0)
    assert (spec.low, spec.high, spec.step, spec.default) == (50.0, 400.0, 2.0, 100.0)
    assert MatchingFunctionExplorer.slider("vacancies").high == 200.0  # the class is untouched
    assert explorer.result.theta == pytest.approx(0.5)
    assert "+0% on the start" in explorer.status.value
    with pytest.raises(ValueError, match=r"vacancies must lie in \[50, 400\]"):
        explorer.update(vacancies=450.0)
    with pytest.raises(ValueError, match=r"vacancies must lie in \[50, 400\]"):
        MatchingFunctionExplorer(vacancies=40.0, unemployed=200.0)


def test_views_hold_every_number_the_status_line_and_the_exercises_read():
    assert PricingView._fields == ("price_1", "price_2", "participation_1", "participation_2",
                                   "profit", "cost_1", "cost_2")
    assert RatesView._fields == ("theta", "matches", "finding", "filling", "finding_curve",
                                 "filling_curve")
    for cls in (PricingView, RatesView):  # a docstring of its own, not the generated one
        assert cls.__doc__ and not cls.__doc__.startswith(f"{cls.__name__}(")


def test_pricing_view_is_the_models_optimum_and_pure():
    explorer = TwoSidedPricingExplorer(size=1.5, slope=0.8)
    values = {"alpha_1": 0.4, "alpha_2": 0.9, "cost_1": 0.3, "cost_2": 0.1}
    view = explorer.view(**values)
    opt = matching.two_sided_monopoly_prices(0.4, 0.9, 0.3, 0.1, size_1=1.5, size_2=1.5,
                                             slope_1=0.8, slope_2=0.8)
    assert view == PricingView(opt.price_1, opt.price_2, opt.participation_1,
                               opt.participation_2, opt.profit, 0.3, 0.1)
    assert explorer.values() == pytest.approx(TwoSidedPricingExplorer.defaults())  # untouched
    assert explorer.update(**values) == view
    assert explorer.result == explorer.view(**explorer.values())


def test_rates_view_is_the_models_market():
    explorer = MatchingFunctionExplorer(unemployed=80.0, elasticity=0.4)
    view = explorer.view(efficiency=0.35, vacancies=120.0)
    theta = matching.tightness(120.0, 80.0)
    assert view.theta == pytest.approx(1.5)
    assert view.matches == pytest.approx(matching.matches(80.0, 120.0, 0.35, 0.4))
    assert view.finding == pytest.approx(matching.job_finding_rate(theta, 0.35, 0.4))
    assert view.filling == pytest.approx(matching.vacancy_filling_rate(theta, 0.35, 0.4))
    np.testing.assert_allclose(view.finding_curve,
                               matching.job_finding_rate(explorer.theta_grid, 0.35, 0.4))
    np.testing.assert_allclose(view.filling_curve,
                               matching.vacancy_filling_rate(explorer.theta_grid, 0.35, 0.4))
    assert explorer.result.theta == pytest.approx(0.5)  # the view drew nothing, set nothing


def test_rates_view_is_read_by_field_not_by_key():
    view = MatchingFunctionExplorer().result
    assert view[1] == view.matches and view[:2] == (view.theta, view.matches)
    with pytest.raises(TypeError):
        view["matches"]  # a view, not the dict it once was: names are fields


@pytest.mark.parametrize(
    "bad, message",
    [
        (Slider("alpha_2", "α₂", 1.5, 1.5, 0.05, 1.5), "empty range"),
        (Slider("alpha_2", "α₂", 0.0, 1.5, 0.05, 1.6), "default 1.6 outside"),
        (Slider("alpha_2", "α₂", 0.0, 1.5, 0.4, 1.2), "does not divide"),
    ],
)
def test_a_bad_declaration_fails_at_class_creation_naming_explorer_and_slider(bad, message):
    sliders = tuple(bad if s.name == "alpha_2" else s for s in TwoSidedPricingExplorer.sliders)
    with pytest.raises(DeclarationError, match=rf"BrokenPricing, slider 'alpha_2'.*{message}"):
        type("BrokenPricing", (TwoSidedPricingExplorer,), {"sliders": sliders})
