"""The Data-protection explorers show what the model computes, fast, and name bad input."""

from __future__ import annotations

import builtins
import statistics
import time

import matplotlib
import numpy as np
import pytest

from platformlab import data
from platformlab.explore import privacy as explore
from platformlab.models import privacy

from conftest import raises_by_rule

matplotlib.use("Agg")


@pytest.fixture(scope="module")
def spending() -> np.ndarray:
    return data.load("simulated_platform_survey")["monthly_spending"].to_numpy(dtype=float)


def test_segment_explorer_reports_the_models_surplus_and_the_two_segment_rise():
    explorer = explore.SegmentPricingExplorer()
    assert explorer.result.consumer == pytest.approx(1 / 8)
    assert explorer.result.producer == pytest.approx(1 / 4)
    result = explorer.update(k=2)
    assert result.consumer == pytest.approx(5 / 32)
    assert "0.1562" in explorer.status.value
    for k in (3, 7, 20):
        expected = privacy.surplus_with_segments(k)
        result = explorer.update(k=k)
        assert (result.consumer, result.producer, result.deadweight) == pytest.approx(
            (expected.consumer, expected.producer, expected.deadweight))


def test_segment_polygons_add_up_to_the_surplus():
    def area(polygons):
        total = 0.0
        for xy in polygons:  # shoelace formula
            x, y = xy[:, 0], xy[:, 1]
            total += 0.5 * abs(np.dot(x, np.roll(y, 1)) - np.dot(y, np.roll(x, 1)))
        return total

    for k in (1, 2, 3, 9):
        shapes, expected = explore.segment_polygons(k), privacy.surplus_with_segments(k)
        assert area(shapes["consumer"]) == pytest.approx(expected.consumer)
        assert area(shapes["producer"]) == pytest.approx(expected.producer)
        assert area(shapes["deadweight"]) == pytest.approx(expected.deadweight)


def test_defaults_explorer_matches_formula_and_a_simulation_of_choices():
    explorer = explore.DefaultsExplorer(cost=0.5, mean=0.2, sd=1.0)
    result = explorer.update(cost=0.8, mean=-0.5, sd=1.5)
    assert result.opt_in == pytest.approx(privacy.enrolment_rate("opt-in", 0.8, -0.5, 1.5))
    assert result.opt_out == pytest.approx(privacy.enrolment_rate("opt-out", 0.8, -0.5, 1.5))
    assert result.decided_by_default == pytest.approx(result.opt_out - result.opt_in)
    for default, key in (("opt-in", "opt_in"), ("opt-out", "opt_out")):
        simulated = privacy.simulate_enrolment(default, 0.8, -0.5, 1.5, 200_000, 7).mean()
        assert simulated == pytest.approx(getattr(result, key), abs=0.005)


def test_privacy_budget_explorer_is_the_dp_mean_with_a_fixed_seed(spending):
    explorer = explore.PrivacyBudgetExplorer(spending, seed=11)
    result = explorer.update(epsilon=0.3, upper=2000)
    expected = privacy.dp_mean(spending, 0.0, 2000.0, 0.3, 11)
    assert result.released == expected.released
    assert result.bias == pytest.approx(expected.clipped_mean - expected.true_mean)
    assert result.noise_mae == pytest.approx((2000 / len(spending)) / 0.3)
    assert result.n_clipped == int((spending > 2000).sum())
    assert explorer.update(epsilon=0.3, upper=2000).released == result.released


def test_laplace_noise_has_mean_zero_and_variance_two_b_squared():
    sens, eps = 5.0, 0.5
    noise = privacy.laplace_mechanism(0.0, sens, eps, 3, size=400_000)
    assert abs(noise.mean()) < 0.05
    assert noise.var() == pytest.approx(2 * (sens / eps) ** 2, rel=0.02)


def test_callbacks_read_no_files(monkeypatch, spending):
    explorers = [explore.SegmentPricingExplorer(), explore.DefaultsExplorer(),
                 explore.PrivacyBudgetExplorer(spending)]

    def refuse(*args, **kwargs):
        raise AssertionError(f"a callback opened a file: {args!r}")

    monkeypatch.setattr(builtins, "open", refuse)
    explorers[0].update(k=4)
    explorers[1].update(cost=1.0)
    explorers[2].update(epsilon=0.1)
    assert all(e.result is not None for e in explorers)


@pytest.mark.parametrize("make, values, message", [
    (explore.SegmentPricingExplorer, {"k": 2.5}, "k must be a whole number"),
    (explore.SegmentPricingExplorer, {"k": 0}, r"k must lie in \[1, 20\]"),
    (explore.SegmentPricingExplorer, {"k": "many"}, "k must be a number"),
    (explore.DefaultsExplorer, {"cost": -1}, r"cost must lie in \[0, 3\]"),
    (explore.DefaultsExplorer, {"sd": float("nan")}, "sd must not be NaN"),
    (explore.DefaultsExplorer, {"default": "opt-out"}, r"unknown control\(s\) \['default'\]"),
    (lambda: explore.PrivacyBudgetExplorer([100.0, 200.0, 300.0]), {"epsilon": 0},
     r"epsilon must lie in \[0.01, 2\]"),
    (lambda: explore.PrivacyBudgetExplorer([100.0, 200.0, 300.0]), {"upper": 50_000},
     r"upper must lie in \[1000, 10000\]"),
])
def test_bad_update_is_named_and_keeps_state(make, values, message):
    explorer = make()
    before = (explorer.values(), {k: np.copy(v) for k, v in explorer.result._asdict().items()})
    with raises_by_rule(match=message):
        explorer.update(**values)
    assert explorer.values() == before[0]
    for key, value in before[1].items():
        np.testing.assert_array_equal(getattr(explorer.result, key), value)


@pytest.mark.parametrize("make, message", [
    (lambda: explore.SegmentPricingExplorer(k=30), r"k must lie in \[1, 20\]"),
    (lambda: explore.SegmentPricingExplorer(k=2.5), "k must be a whole number"),
    (lambda: explore.SegmentPricingExplorer(max_k=1), r"max_k must be an integer in \[2, 50\]"),
    (lambda: explore.DefaultsExplorer(sd=0), r"sd must lie in \[0.25, 3\]"),
    (lambda: explore.PrivacyBudgetExplorer([]), "values must be a non-empty"),
    (lambda: explore.PrivacyBudgetExplorer(["a"]), "values must be a number"),
    (lambda: explore.PrivacyBudgetExplorer([1.0], lower=2000), "lower must lie in"),
])
def test_bad_construction_is_named(make, message):
    with raises_by_rule(match=message):
        make()


def test_text_form_is_short_and_deterministic(spending):
    assert explore.SegmentPricingExplorer(k=3)._repr_mimebundle_()["text/plain"] == (
        "SegmentPricingExplorer(k=3)")
    assert explore.PrivacyBudgetExplorer(spending)._repr_mimebundle_()["text/plain"] == (
        "PrivacyBudgetExplorer(epsilon=0.5, upper=5000)")


def test_redraw_updates_the_figure_in_place():
    explorer = explore.SegmentPricingExplorer()
    first = bytes(explorer.image.value)
    n_artists = len(explorer.ax.get_children())
    explorer.update(k=5)
    assert bytes(explorer.image.value) != first and bytes(explorer.image.value)[:4] == b"\x89PNG"
    assert len(explorer.ax.get_children()) == n_artists


EXPLORERS = [explore.SegmentPricingExplorer, explore.DefaultsExplorer,
             explore.PrivacyBudgetExplorer]


def test_the_labels_readers_see_are_unchanged():
    described = {spec.name: spec.description for cls in EXPLORERS for spec in cls.sliders}
    assert described == {
        "k": "Segments the seller sees (k)", "cost": "Cost of acting (c)",
        "mean": "Mean net benefit (μ)", "sd": "Spread of benefit (σ)",
        "epsilon": "Privacy budget (ε)", "upper": "Upper clipping bound (yuan)"}
    assert explore.PrivacyBudgetExplorer.slider("upper").fmt == ".0f"
    assert explore.SegmentPricingExplorer.slider("k").integer


def test_the_largest_number_of_segments_sets_the_sliders_high_end():
    explorer = explore.SegmentPricingExplorer(k=35, max_k=40)
    assert explorer.controls["k"].max == 40 and explorer.specs["k"].high == 40
    assert explore.SegmentPricingExplorer.slider("k").high == 20  # the declaration is unchanged
    assert explorer.update(k=40).k == 40
    with pytest.raises(ValueError, match=r"k must lie in \[1, 40\]"):
        explorer.update(k=41)
    assert explore.SegmentPricingExplorer(max_k=5).controls["k"].max == 5


def test_the_example_is_the_simulated_survey():
    explorer = explore.PrivacyBudgetExplorer.example()
    expected = privacy.simulate_survey(1000, 20240808)["monthly_spending"].to_numpy(dtype=float)
    np.testing.assert_array_equal(explorer.values_, expected)
    assert explorer.result.n_clipped == int((expected > 5000).sum())


def test_views_are_the_models_numbers(spending):
    for k in (1, 4, 20):
        view = explore.SegmentPricingExplorer().view(k=k)
        expected = privacy.surplus_with_segments(k)
        assert isinstance(view, explore.SegmentView)
        assert view == (k, expected.consumer, expected.producer, expected.deadweight)
    view = explore.DefaultsExplorer().view(cost=1.2, mean=0.4, sd=2.0)
    assert isinstance(view, explore.DefaultsView)
    assert view.opt_in == privacy.enrolment_rate("opt-in", 1.2, 0.4, 2.0)
    assert view.opt_out == privacy.enrolment_rate("opt-out", 1.2, 0.4, 2.0)
    assert view.decided_by_default == privacy.default_effect(1.2, 0.4, 2.0)
    grid = np.linspace(0.0, 3.0, 121)
    np.testing.assert_array_equal(view.curve_in, privacy.enrolment_rate("opt-in", grid, 0.4, 2.0))
    np.testing.assert_array_equal(view.curve_out,
                                  privacy.enrolment_rate("opt-out", grid, 0.4, 2.0))
    explorer = explore.PrivacyBudgetExplorer(spending, lower=100.0, seed=5)
    view, release = explorer.view(epsilon=0.8, upper=3000.0), privacy.dp_mean(
        spending, 100.0, 3000.0, 0.8, 5)
    assert isinstance(view, explore.PrivacyBudgetView)
    assert (view.released, view.true_mean, view.clipped_mean, view.sensitivity,
            view.n_clipped) == (release.released, release.true_mean, release.clipped_mean,
                                release.sensitivity, release.n_clipped)
    assert view.bias == release.clipped_mean - release.true_mean
    assert view.error == release.released - release.true_mean
    assert view.noise_mae == privacy.laplace_mean_absolute_error(release.sensitivity, 0.8)
    eps = np.geomspace(0.01, 2.0, 100)
    np.testing.assert_array_equal(view.curve_mae,
                                  privacy.laplace_mean_absolute_error(release.sensitivity, eps))
    np.testing.assert_array_equal(view.curve_bound,
                                  privacy.laplace_error_bound(release.sensitivity, eps, 0.95))
    # the view is pure: the explorer's controls and shown result did not move
    assert explorer.values() == {"epsilon": 0.5, "upper": 5000.0}
    assert explorer.result.released != view.released


@pytest.mark.parametrize("low, high, step, default, message", [
    (0.0, 0.0, 0.05, 0.0, "empty range"),
    (0.0, 3.0, 0.05, 3.5, "default 3.5 outside"),
    (0.0, 3.0, 0.07, 0.5, "step 0.07 does not divide the range"),
])
def test_a_bad_declaration_fails_at_class_creation(low, high, step, default, message):
    from platformlab.explore.base import DeclarationError, Slider

    with pytest.raises(DeclarationError, match=rf"BadDefaults, slider 'cost'.*{message}"):
        class BadDefaults(explore.DefaultsExplorer):
            sliders = (Slider("cost", "Cost of acting (c)", low, high, step, default),
                       *explore.DefaultsExplorer.sliders[1:])


@pytest.mark.parametrize("cls", EXPLORERS, ids=lambda c: c.__name__)
def test_callback_and_model_are_fast(cls):
    """Generous bounds (the benchmark checks 25 ms and 5 ms on a quiet machine)."""
    from platformlab.explore.book import tour

    name, explorer = cls.__name__, cls.example()
    settings = tour(explorer)
    times = []
    for values in settings:
        start = time.perf_counter()
        explorer.update(**values)
        times.append(time.perf_counter() - start)
    current = explorer.values()
    model = []
    for _ in range(50):
        start = time.perf_counter()
        explorer.view(**current)
        model.append(time.perf_counter() - start)
    assert statistics.median(times) < 0.2, name
    assert statistics.median(model) < 0.005, name


# -- the exercise set `privacy`: the master's solutions agree with the models ------------------

@pytest.fixture(scope="module")
def master_answers():
    from platformlab.assign.build import run_master
    from platformlab.assign.master import question_specs, read_master
    from platformlab.exercises.sets import exercises_dir, read_variants

    path = exercises_dir() / "source" / "privacy.ipynb"
    master = read_master(path)
    specs = question_specs(master, path)
    table = read_variants("privacy")
    chosen = ["practice", "0", "7", "19"]
    return {label: (table[label], run_master(master, label, table[label], specs)) for label in chosen}


def test_exercise_solutions_agree_with_the_models(master_answers):
    survey = data.load("simulated_platform_survey")
    for label, (p, answers) in master_answers.items():
        assert answers["q1"] == pytest.approx(privacy.surplus_with_segments(p["k"]).consumer, abs=1e-4)
        assert answers["q2"] == pytest.approx(
            100 * privacy.default_effect(p["cost"], p["mean"], 1.0), abs=0.05)
        coarse = privacy.generalise(privacy.generalise(survey, "age", width=p["width"]),
                                    "postcode", keep=p["keep"])
        assert answers["q3"] == pytest.approx(
            100 * privacy.reidentification_risk(coarse, ["age", "gender", "postcode"]))
        # q4 (second edition): the z statistic of the platform's leak share against all others
        mine = survey.loc[survey["main_platform"] == p["platform"], "reported_leak"]
        rest = survey.loc[survey["main_platform"] != p["platform"], "reported_leak"]
        s1, s0 = mine.mean(), rest.mean()
        se = (s1 * (1 - s1) / len(mine) + s0 * (1 - s0) / len(rest)) ** 0.5
        assert answers["q4"] == pytest.approx((s1 - s0) / se)
        assert answers["q5"] == pytest.approx(privacy.surplus_for_partition([p["cut"]]).consumer)
        sens = privacy.mean_sensitivity(0, p["upper"], len(survey))
        assert privacy.laplace_mean_absolute_error(sens, answers["q6"]) == pytest.approx(
            p["target_error"])
        assert answers["q7"] == "b"
