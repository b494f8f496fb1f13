"""Explorers of the Social-commerce chapter: results agree with the model, bad input is named."""

from __future__ import annotations

import math

import matplotlib
import numpy as np
import pytest
from scipy import stats

matplotlib.use("Agg")

from platformlab.explore import diffusion as ex  # noqa: E402
from platformlab.models import diffusion as dm  # noqa: E402

from conftest import raises_by_rule

T_OBS = np.array([2018.0, 2019.0, 2020.0, 2021.0])
N_OBS = np.array([244.8, 418.5, 585.2, 788.4])


@pytest.fixture(scope="module")
def bass():
    return ex.BassExplorer(0.044, 0.48, 1327.0, t0=2015.5, horizon=(2015, 2030),
                           observed_t=T_OBS, observed=N_OBS, ceiling=1327.0)


@pytest.fixture(scope="module")
def critical():
    return ex.CriticalMassExplorer(price=0.16)


@pytest.fixture(scope="module")
def group():
    return ex.GroupBuyingExplorer(team_size=3, discount=0.2, contacts=10, cost=0.4)


def _escape(text: str) -> str:
    return text.replace("[", r"\[").replace("]", r"\]").replace("(", r"\(").replace(")", r"\)")


# --- Bass ---------------------------------------------------------------------------------


def test_bass_explorer_curve_is_the_closed_form_and_peak_is_ln_q_over_p(bass):
    bass.update(p=0.03, q=0.38, m=1000.0)
    np.testing.assert_allclose(bass.result.curve,
                               dm.bass_cumulative(bass.t, 0.03, 0.38, 1000.0, t0=2015.5))
    assert bass.result.peak_time == pytest.approx(2015.5 + math.log(0.38 / 0.03) / 0.41)
    assert bass.result.share_at_peak == pytest.approx(0.5 - 0.03 / 0.76)
    fitted = dm.bass_cumulative(T_OBS, 0.03, 0.38, 1000.0, t0=2015.5)
    assert bass.result.rmse == pytest.approx(np.sqrt(np.mean((fitted - N_OBS) ** 2)))
    assert "Adoption peaks in <b>2021.7</b>" in bass.status.value
    assert bass.image.value[:4] == b"\x89PNG"


def test_bass_explorer_updates_its_artists_in_place(bass):
    lines = list(bass.ax.lines)
    bass.update(q=0.8)
    assert list(bass.ax.lines) == lines
    assert bass.ax.lines[0].get_ydata()[-1] == pytest.approx(
        float(dm.bass_cumulative(2030.0, 0.03, 0.8, 1000.0, t0=2015.5)))
    assert bass.ax.lines[1].get_xdata()[0] == pytest.approx(bass.result.peak_time)


def test_bass_explorer_with_weak_imitation_has_its_peak_at_launch(bass):
    bass.update(p=0.1, q=0.05)
    assert bass.result.peak_time == pytest.approx(2015.5)
    assert bass.result.share_at_peak == 0.0
    bass.update(p=0.03, q=0.38)


@pytest.mark.parametrize("name, value, message", [
    ("p", 0.0, "p must lie in [0.001, 0.2]"),
    ("q", 2.0, "q must lie in [0, 1.5]"),
    ("m", float("nan"), "m must not be NaN"),
    ("m", 50.0, "m must lie in [100, 2000]"),
])
def test_bass_explorer_rejects_bad_values_by_name_and_keeps_its_state(bass, name, value, message):
    before = bass.values()
    with pytest.raises(ValueError, match=_escape(message)):
        bass.update(**{name: value})
    assert bass.values() == before


def test_bass_explorer_rejects_unknown_controls_and_bad_construction():
    with pytest.raises(ValueError, match="unknown control"):
        ex.BassExplorer().update(t0=2016.0)
    with pytest.raises(ValueError, match="observed_t and observed must be given together"):
        ex.BassExplorer(observed=N_OBS)
    with pytest.raises(ValueError, match="same length"):
        ex.BassExplorer(observed_t=T_OBS[:3], observed=N_OBS)
    with pytest.raises(ValueError, match="horizon must be"):
        ex.BassExplorer(horizon=(2030, 2015))
    with pytest.raises(ValueError, match="q must lie in"):
        ex.BassExplorer(q=3.0)


def test_bass_explorer_default_is_the_average_coefficients_since_launch():
    default = ex.BassExplorer()
    assert default.values() == {"p": 0.03, "q": 0.38, "m": 1000.0}
    assert default.result.peak_time == pytest.approx(math.log(0.38 / 0.03) / 0.41)
    assert "RMSE" not in default.status.value


# --- critical mass --------------------------------------------------------------------------


@pytest.mark.parametrize("price", [0.0, 0.05, 0.16, 0.2, 0.2499])
def test_critical_mass_equilibria_solve_n_times_one_minus_n_equals_price(critical, price):
    critical.update(price=price)
    for key in ("low", "high"):
        n = getattr(critical.result, key)
        assert n * (1 - n) == pytest.approx(price, abs=1e-12)
    assert critical.result.low <= 0.5 <= critical.result.high
    low_marker, high_marker = critical.ax.lines[2], critical.ax.lines[3]
    assert low_marker.get_xdata()[0] == pytest.approx(critical.result.low)
    assert high_marker.get_xdata()[0] == pytest.approx(critical.result.high)
    assert "Tipping point" in critical.status.value


@pytest.mark.parametrize("price", [0.2501, 0.3, 0.35])
def test_critical_mass_equilibria_disappear_above_one_quarter(critical, price):
    critical.update(price=price)
    assert math.isnan(critical.result.low) and math.isnan(critical.result.high)
    assert len(critical.ax.lines[2].get_xdata()) == 0
    assert "No network survives" in critical.status.value
    critical.update(price=0.16)
    assert critical.result.low == pytest.approx(0.2)


def test_critical_mass_at_one_quarter_has_a_single_equilibrium(critical):
    critical.update(price=0.25)
    assert critical.result.low == critical.result.high == 0.5
    assert "One equilibrium" in critical.status.value
    critical.update(price=0.16)


@pytest.mark.parametrize("value, message", [
    (-0.1, "price must lie in [0, 0.35]"),
    (0.5, "price must lie in [0, 0.35]"),
    ("cheap", "price must be a number"),
])
def test_critical_mass_explorer_rejects_bad_prices(critical, value, message):
    with raises_by_rule(match=_escape(message)):
        critical.update(price=value)
    assert critical.values() == {"price": 0.16}


# --- group buying ---------------------------------------------------------------------------


@pytest.mark.parametrize("k", [1, 2, 3, 5, 8, 10])
def test_group_buying_success_is_the_binomial_survival_function(group, k):
    group.update(team_size=k, discount=0.25)
    pi = float(dm.join_probability(0.25))
    assert group.result.join_probability == pytest.approx(pi)
    assert group.result.success_probability == pytest.approx(stats.binom.sf(k - 2, 10, pi))
    np.testing.assert_allclose(group.result.success_curve,
                               stats.binom.sf(k - 2, 10, dm.join_probability(group.grid)),
                               atol=1e-12)


def test_group_buying_profit_and_best_discount_come_from_the_model(group):
    group.update(team_size=4, discount=0.3)
    profit = dm.expected_seller_profit(0.3, 4, 10, 1.0, 0.4)
    assert group.result.expected_profit == pytest.approx(profit)
    assert group.result.profit_per_place == pytest.approx(profit / 4)
    best = dm.best_discount(4, 10, 1.0, 0.4)
    assert group.result.best_discount == pytest.approx(best.discount)
    assert np.max(group.result.profit_curve) <= best.profit / 4 + 1e-9
    assert f"{100 * best.discount:.0f}%" in group.status.value


def test_group_buying_explorer_updates_its_artists_in_place(group):
    lines = list(group.ax.lines)
    group.update(team_size=6, discount=0.4)
    assert list(group.ax.lines) == lines
    np.testing.assert_allclose(group.ax.lines[0].get_ydata(), group.result.success_curve)
    assert group.ax.lines[2].get_xdata()[0] == pytest.approx(0.4)


@pytest.mark.parametrize("name, value, message", [
    ("team_size", 2.5, "team_size must be a whole number"),
    ("team_size", 0, "team_size must lie in [1, 10]"),
    ("team_size", 11, "team_size must lie in [1, 10]"),
    ("team_size", "three", "team_size must be a number"),
    ("discount", 0.95, "discount must lie in [0, 0.9]"),
    ("discount", float("nan"), "discount must not be NaN"),
])
def test_group_buying_explorer_rejects_bad_values_by_name_and_keeps_its_state(
        group, name, value, message):
    before = group.values()
    with raises_by_rule(match=_escape(message)):
        group.update(**{name: value})
    assert group.values() == before


def test_group_buying_explorer_rejects_bad_construction():
    with pytest.raises(ValueError, match="cost must lie in"):
        ex.GroupBuyingExplorer(cost=1.0)
    with pytest.raises(ValueError, match="contacts must be an integer"):
        ex.GroupBuyingExplorer(contacts=-1)
    with pytest.raises(ValueError, match="team_size must be a whole number"):
        ex.GroupBuyingExplorer(team_size=2.5)
    with pytest.raises(ValueError, match=_escape("discount must lie in [0, 0.9]")):
        ex.GroupBuyingExplorer(discount=0.95)


# --- the declaration: one source for the controls, the book and the benchmark --------------

EXPLORERS = [ex.BassExplorer, ex.CriticalMassExplorer, ex.GroupBuyingExplorer]


def test_the_labels_formats_and_defaults_readers_see_are_unchanged():
    declared = {spec.name: (spec.description, spec.low, spec.high, spec.step, spec.default,
                            spec.fmt) for cls in EXPLORERS for spec in cls.sliders}
    assert declared == {
        "p": ("Innovation p (per year)", 0.001, 0.2, 0.001, 0.03, ".3f"),
        "q": ("Imitation q (per year)", 0.0, 1.5, 0.01, 0.38, ".2f"),
        "m": ("Market potential m (million)", 100.0, 2000.0, 1.0, 1000.0, ".0f"),
        "price": ("Price of joining", 0.0, 0.35, 0.005, 0.16, ".3f"),
        "team_size": ("Team size k (incl. the sharer)", 1, 10, 1, 3, "d"),
        "discount": ("Team discount", 0.0, 0.9, 0.01, 0.2, ".2f"),
    }
    assert ex.GroupBuyingExplorer.slider("team_size").integer
    assert ex.GroupBuyingExplorer().values() == {"team_size": 3, "discount": 0.2}


def test_the_largest_discount_sets_the_discount_sliders_high_end():
    class Narrow(ex.GroupBuyingExplorer):
        max_discount = 0.6

    explorer = Narrow(discount=0.5)
    assert explorer.controls["discount"].max == pytest.approx(0.6)
    assert explorer.specs["discount"].high == pytest.approx(0.6)
    assert Narrow.slider("discount").high == 0.9  # the declaration is unchanged
    assert explorer.grid[-1] == pytest.approx(0.6) and len(explorer.grid) == 181
    assert explorer.update(discount=0.6).discount == pytest.approx(0.6)
    with pytest.raises(ValueError, match=_escape("discount must lie in [0, 0.6]")):
        explorer.update(discount=0.7)
    assert ex.GroupBuyingExplorer().controls["discount"].max == pytest.approx(0.9)


def test_views_are_the_models_numbers():
    view = ex.BassExplorer(t0=2015.0).view(p=0.02, q=0.6, m=1200.0)
    assert isinstance(view, ex.BassView)
    np.testing.assert_allclose(
        view.curve, dm.bass_cumulative(np.linspace(2015.0, 2035.0, 161), 0.02, 0.6, 1200.0,
                                       t0=2015.0))
    assert view.peak_time == pytest.approx(dm.bass_peak_time(0.02, 0.6, t0=2015.0))
    assert view.share_at_peak == pytest.approx(0.5 - 0.02 / 1.2)
    assert math.isnan(view.rmse)

    for price in (0.05, 0.2, 0.3):
        view = ex.CriticalMassExplorer().view(price=price)
        assert isinstance(view, ex.CriticalMassView)
        np.testing.assert_array_equal(view, (price, *dm.critical_mass_equilibria(price)))

    explorer = ex.GroupBuyingExplorer(contacts=14, cost=0.3, intercept=-2.0, slope=8.0)
    view = explorer.view(team_size=5, discount=0.35)
    assert isinstance(view, ex.GroupBuyingView)
    kw = {"intercept": -2.0, "slope": 8.0}
    pi = float(dm.join_probability(0.35, **kw))
    profit = float(dm.expected_seller_profit(0.35, 5, 14, 1.0, 0.3, **kw))
    best = dm.best_discount(5, 14, 1.0, 0.3, **kw)
    assert (view.team_size, view.discount) == (5, 0.35)
    assert view.join_probability == pytest.approx(pi)
    assert view.success_probability == pytest.approx(dm.team_success_probability(5, 14, pi))
    assert view.expected_profit == pytest.approx(profit)
    assert view.profit_per_place == pytest.approx(profit / 5)
    assert (view.best_discount, view.best_profit) == pytest.approx((best.discount, best.profit))
    success = dm.team_success_probability(5, 14, dm.join_probability(explorer.grid, **kw))
    np.testing.assert_allclose(view.success_curve, success)
    np.testing.assert_allclose(view.profit_curve, success * (1 - explorer.grid - 0.3))


def test_views_are_pure_and_the_figure_helper_draws_a_view(group):
    before, shown, png = group.values(), group.result, group.image.value
    view = group.view(team_size=7, discount=0.5)
    assert group.values() == before and group.result is shown and group.image.value == png
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2)
    a = ex.draw_group_buying(left, group.grid, view, view.discount)
    np.testing.assert_array_equal(a["profit"].get_ydata(), view.profit_curve)
    with pytest.raises(AttributeError):  # a view, not a dict of string keys
        ex.draw_group_buying(right, group.grid, view._asdict(), view.discount)
    assert a["best"].get_xdata()[0] == pytest.approx(view.best_discount)
    plt.close(fig)


@pytest.mark.parametrize("cls", EXPLORERS, ids=lambda c: c.__name__)
def test_the_benchmark_tour_runs_without_errors(cls):
    from platformlab.explore.book import tour

    explorer = cls.example()
    settings = tour(explorer)
    assert len(settings) == 30
    for values in settings[:5]:
        assert explorer.update(**values) is not None


@pytest.mark.parametrize("fields, message", [
    ({"low": 0.5, "high": 0.5}, r"empty range \[0.5, 0.5\]"),
    ({"default": 0.95}, r"default 0.95 outside \[0, 0.9\]"),
    ({"step": 0.04}, r"step 0.04 does not divide the range \[0, 0.9\]"),
])
def test_a_bad_declaration_fails_at_class_creation_naming_the_explorer_and_slider(
        fields, message):
    from platformlab.explore.base import DeclarationError

    bad = ex.GroupBuyingExplorer.slider("discount")._replace(**fields)
    with pytest.raises(DeclarationError, match=r"BadGroupBuying, slider 'discount': " + message):
        type("BadGroupBuying", (ex.GroupBuyingExplorer,),
             {"sliders": (ex.GroupBuyingExplorer.slider("team_size"), bad)})


def test_the_module_no_longer_lists_benchmark_cases():
    assert not hasattr(ex, "BENCHMARK_CASES")
    assert {"BassView", "CriticalMassView", "GroupBuyingView"} <= set(ex.__all__)


# --- The exercise set social_commerce: its key agrees with independent oracles --------------


def _students(n: int = 12):
    from platformlab.exercises import start

    return [start("social_commerce", student_id=f"sc{i}", show=False) for i in range(n)]


def test_exercise_key_accepts_answers_computed_from_oracles_and_rejects_near_misses():
    from platformlab.data import load

    table = load("pinduoduo_wechat")
    buyers = table[table["measure"] == "annual active buyers"].set_index("period")["value"]
    wechat_max = table.loc[table["measure"] == "monthly active users", "value"].max()
    t = buyers.index.astype(int).to_numpy() + 1.0
    students = _students()
    assert len({s.variant for s in students}) > 5
    for s in students:
        p = s.params
        years = p["end_year"] - p["start_year"]
        q1 = 100 * ((buyers[str(p["end_year"])] / buyers[str(p["start_year"])]) ** (1 / years) - 1)
        q2 = dm.fit_bass(t, buyers.to_numpy(), m_max=wechat_max, t0=p["t0"]).q
        q3 = math.log(p["bass_q"] / p["bass_p"]) / (p["bass_p"] + p["bass_q"])  # ln(q/p)/(p+q)
        root = math.sqrt(1 - 4 * p["price"])
        q4 = [(1 - root) / 2, (1 + root) / 2]
        pi = 1 / (1 + math.exp(-(-3 + 10 * p["discount"])))
        q6 = stats.binom.sf(p["team_size"] - 2, p["contacts"], pi)
        grid = np.linspace(0, 0.6, 60001)  # a fine grid search, independent of best_discount
        profit = stats.binom.sf(p["team_size"] - 2, p["contacts"],
                                1 / (1 + np.exp(-(-3 + 10 * grid)))) * (1 - grid - 0.4)
        q5 = 100 * grid[np.argmax(profit)]
        answers = {"q1": q1, "q2": q2, "q3": q3, "q4": q4, "q5": q5, "q6": q6}
        for qid, value in answers.items():
            assert s.check(qid, value).correct, (s.variant, qid, value)
        assert s.check("q3", q3 + 0.25).status == "not yet"
        assert s.check("q6", q6 + 0.0015).status == "not yet"
        assert s.check("q4", q4[::-1]).status == "not yet"
        assert s.check("q7", "b").correct and not s.check("q7", "a").correct


def test_exercise_variants_stay_on_the_explorers_slider_grids():
    from platformlab.exercises.sets import read_variants

    bass, critical, group = ex.BassExplorer(), ex.CriticalMassExplorer(), ex.GroupBuyingExplorer()
    for label, p in read_variants("social_commerce").items():
        for name, control in (("bass_p", bass.controls["p"]), ("bass_q", bass.controls["q"]),
                              ("bass_m", bass.controls["m"])):
            assert control.min <= p[name] <= control.max, (label, name)
            assert round(p[name] / control.step, 6).is_integer(), (label, name)
        assert p["bass_q"] > p["bass_p"], label  # an interior peak to read off
        critical.specs["price"]._on_slider(p["price"], label)  # on the slider's steps
        assert 0 < p["price"] < 0.25, label  # below 1/4: the model has two equilibria
        group.specs["team_size"].check(p["team_size"])
        group.specs["discount"].check(p["discount"])
        assert p["contacts"] >= p["team_size"], label
        assert 2017 <= p["start_year"] < p["end_year"] <= 2020, label
        assert 2015 <= p["t0"] < 2016, label
    assert critical.controls["price"].max >= 0.25
