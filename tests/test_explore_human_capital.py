"""Explorers of the Human-capital chapter: results agree with the model, bad input is named."""

from __future__ import annotations

import math

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

from platformlab.explore import human_capital as ex  # noqa: E402
from platformlab.explore.base import DeclarationError, Slider  # noqa: E402
from platformlab.explore.book import tour  # noqa: E402
from platformlab.models import human_capital as hc  # noqa: E402

from conftest import raises_by_rule

EXPLORERS = [ex.HCILeverExplorer, ex.TrainingValueExplorer, ex.TaskExplorer]

CHINA_2020 = dict(survival_to_5=0.9914, expected_years=13.14, test_score=441.0,
                  adult_survival=0.9236, not_stunted=0.919)


@pytest.fixture(scope="module")
def lever():
    return ex.HCILeverExplorer()


@pytest.fixture(scope="module")
def training():
    return ex.TrainingValueExplorer()


@pytest.fixture(scope="module")
def tasks():
    return ex.TaskExplorer()


# --- HCI levers ---------------------------------------------------------------------------


def test_lever_explorer_starts_at_china_2020_and_reproduces_the_published_index(lever):
    lever.update(**CHINA_2020)
    assert round(lever.result.hci, 3) == 0.653
    assert lever.result.lays == pytest.approx(13.14 * 441 / 625)
    assert "0.653" in lever.status.value and "test score" in lever.status.value
    assert lever.image.value[:4] == b"\x89PNG"


def test_lever_bars_are_the_gap_closing_gains_in_thousandths(lever):
    lever.update(**CHINA_2020)
    gains = hc.hci_gap_closing_gains(**CHINA_2020, fraction=0.1)
    for bar, label, name in zip(lever.ax.patches, lever.ax.texts, ex.HCI_COMPONENTS):
        assert bar.get_width() == pytest.approx(1000 * gains[name])
        assert label.get_text() == f"{1000 * gains[name]:.1f}"


def test_lever_explorer_updates_its_artists_in_place(lever):
    patches = list(lever.ax.patches)
    lever.update(test_score=500.0)
    lever.update(test_score=441.0)
    assert list(lever.ax.patches) == patches and len(patches) == 5


def test_at_the_frontier_the_index_is_one_and_no_lever_is_left(lever):
    lever.update(survival_to_5=1.0, expected_years=14.0, test_score=625.0, adult_survival=1.0,
                 not_stunted=1.0)
    assert lever.result.hci == pytest.approx(1.0)
    assert all(getattr(lever.result, f"gain_{n}") == pytest.approx(0.0) for n in ex.HCI_COMPONENTS)
    lever.update(**CHINA_2020)


@pytest.mark.parametrize("name, value, message", [
    ("test_score", 700.0, "test_score must lie in [300, 625]"),
    ("test_score", 299.0, "test_score must lie in [300, 625]"),
    ("expected_years", float("nan"), "expected_years must not be NaN"),
    ("not_stunted", 1.5, "not_stunted must lie in [0.5, 1]"),
])
def test_lever_explorer_rejects_bad_values_by_name_and_keeps_its_state(lever, name, value, message):
    before = lever.result
    with pytest.raises(ValueError, match=message.replace("[", r"\[").replace("]", r"\]")):
        lever.update(**{name: value})
    assert lever.result == before and lever.result is before


def test_lever_explorer_rejects_unknown_controls_and_bad_construction():
    with pytest.raises(ValueError, match="unknown control"):
        ex.HCILeverExplorer().update(stunting=0.9)
    with pytest.raises(ValueError, match="test_score"):
        ex.HCILeverExplorer(test_score=650)
    with pytest.raises(ValueError, match="fraction"):
        ex.HCILeverExplorer(fraction=0.0)


# --- Training value (Mincer) ------------------------------------------------------------


def test_training_explorer_wage_gain_is_exp_r_delta_s_minus_one(training):
    training.update(return_to_schooling=0.08, extra_years=0.5, discount_rate=0.05)
    assert training.result.wage_gain == pytest.approx(math.exp(0.04) - 1)
    annuity = (1 - 1.05 ** -40) / 0.05
    assert training.result.present_value == pytest.approx((math.exp(0.04) - 1) * annuity)
    assert "4.1%" in training.status.value


def test_one_effective_year_of_training_adds_r_to_the_log_wage(training):
    # the Mincer oracle through the explorer: ln(w(S+1)) - ln(w(S)) = r
    for r in (0.03, 0.1, 0.17):
        training.update(return_to_schooling=r, extra_years=1.0)
        assert math.log1p(training.result.wage_gain) == pytest.approx(r)


def test_training_curve_and_marker_follow_the_sliders(training):
    lines = list(training.ax.lines)
    training.update(return_to_schooling=0.1, extra_years=1.5)
    line, marker = training.ax.lines[:2]
    assert list(training.ax.lines) == lines
    assert line.get_ydata()[-1] == pytest.approx(100 * math.expm1(0.1 * 2.0))
    assert marker.get_xdata()[0] == 1.5
    assert marker.get_ydata()[0] == pytest.approx(100 * math.expm1(0.15))


@pytest.mark.parametrize("name, value, message", [
    ("return_to_schooling", -0.01, "return_to_schooling must lie in [0, 0.2]"),
    ("extra_years", 3.0, "extra_years must lie in [0, 2]"),
    ("discount_rate", "five", "discount_rate must be a number"),
])
def test_training_explorer_rejects_bad_values_by_name(training, name, value, message):
    before = training.result
    with raises_by_rule(match=message.replace("[", r"\[").replace("]", r"\]")):
        training.update(**{name: value})
    assert training.result._fields == before._fields and training.result is before


def test_training_explorer_rejects_bad_working_years():
    with pytest.raises(ValueError, match="working_years"):
        ex.TrainingValueExplorer(working_years=0)


# --- Tasks --------------------------------------------------------------------------------


def test_task_explorer_labour_share_equals_task_share_with_cobb_douglas(tasks):
    tasks.update(automation_threshold=0.3, new_task_frontier=1.0, elasticity=1.0)
    assert tasks.result.task_share == pytest.approx(0.7)
    assert tasks.result.labour_share == pytest.approx(0.7)
    assert "70.0%" in tasks.status.value


def test_automation_lowers_and_new_tasks_restore_labours_share(tasks):
    tasks.update(automation_threshold=0.3, new_task_frontier=1.0, elasticity=0.5)
    base = tasks.result.labour_share
    tasks.update(automation_threshold=0.5)
    automated = tasks.result.labour_share
    tasks.update(new_task_frontier=1.2)
    assert automated < base
    assert tasks.result.labour_share == pytest.approx(base)


def test_task_rows_show_capital_and_labour_segments(tasks):
    tasks.update(automation_threshold=0.5, new_task_frontier=1.2, elasticity=1.0)
    task_k, task_l, income_k, income_l = tasks.ax.patches[:4]
    assert task_k.get_x() == pytest.approx(0.2) and task_k.get_width() == pytest.approx(0.3)
    assert task_l.get_x() == pytest.approx(0.5) and task_l.get_width() == pytest.approx(0.7)
    assert income_l.get_width() == pytest.approx(tasks.result.labour_share)
    # a threshold below the oldest task in use automates nothing
    tasks.update(automation_threshold=0.1)
    assert task_k.get_width() == pytest.approx(0.0) and task_l.get_width() == pytest.approx(1.0)


@pytest.mark.parametrize("name, value, message", [
    ("automation_threshold", 2.5, "automation_threshold must lie in [0, 2]"),
    ("new_task_frontier", 0.9, "new_task_frontier must lie in [1, 2]"),
    ("elasticity", 0.0, "elasticity must lie in [0.2, 3]"),
])
def test_task_explorer_rejects_bad_values_by_name(tasks, name, value, message):
    with pytest.raises(ValueError, match=message.replace("[", r"\[").replace("]", r"\]")):
        tasks.update(**{name: value})


def test_task_explorer_rejects_non_positive_factors():
    with pytest.raises(ValueError, match="capital"):
        ex.TaskExplorer(capital=0.0)


# --- The declaration: one place for the sliders -------------------------------------------


def test_declared_labels_ranges_and_defaults_are_the_widgets_of_before():
    declared = {spec.name: (spec.label, spec.low, spec.high, spec.step, spec.default, spec.fmt)
                for cls in EXPLORERS for spec in cls.sliders}
    assert declared == {
        "survival_to_5": ("Survival to age 5", 0.8, 1.0, 0.0001, 0.9914, ".4f"),
        "expected_years": ("Expected years of school", 4.0, 14.0, 0.01, 13.14, ".2f"),
        "test_score": ("Harmonised test score", 300.0, 625.0, 1.0, 441.0, ".0f"),
        "adult_survival": ("Adult survival (15 to 60)", 0.5, 1.0, 0.0001, 0.9236, ".4f"),
        "not_stunted": ("Children not stunted", 0.5, 1.0, 0.001, 0.919, ".3f"),
        "return_to_schooling": ("Return to a year, r", 0.0, 0.2, 0.005, 0.08, ".3f"),
        "extra_years": ("Programme length (years)", 0.0, 2.0, 0.05, 0.5, ".2f"),
        "discount_rate": ("Discount rate", 0.0, 0.15, 0.005, 0.05, ".3f"),
        "automation_threshold": ("Automation threshold I", 0.0, 2.0, 0.01, 0.3, ".2f"),
        "new_task_frontier": ("New-task frontier N", 1.0, 2.0, 0.01, 1.0, ".2f"),
        "elasticity": ("Elasticity between tasks", 0.2, 3.0, 0.05, 1.0, ".2f"),
    }
    assert ex.HCILeverExplorer.defaults() == CHINA_2020


def test_programme_length_slider_reaches_max_years_through_ranges():
    class LongerTraining(ex.TrainingValueExplorer):
        max_years = 3.0

    explorer = LongerTraining(extra_years=2.5)
    control, spec = explorer.controls["extra_years"], explorer.specs["extra_years"]
    assert (control.min, control.max, control.step, control.value) == (0.0, 3.0, 0.05, 2.5)
    assert (spec.low, spec.high, spec.step) == (0.0, 3.0, 0.05)
    assert explorer.grid[-1] == 3.0 and explorer.ax.get_xlim() == (0.0, 3.0)
    assert ex.TrainingValueExplorer.slider("extra_years").high == 2.0  # the class is untouched
    with pytest.raises(ValueError, match=r"extra_years must lie in \[0, 3\]"):
        explorer.update(extra_years=3.5)
    with pytest.raises(ValueError, match=r"extra_years must lie in \[0, 2\]"):
        ex.TrainingValueExplorer(extra_years=2.5)

    class Uneven(ex.TrainingValueExplorer):
        max_years = 2.02

    with pytest.raises(DeclarationError, match=r"Uneven, slider 'extra_years'.*does not divide"):
        Uneven()


@pytest.mark.parametrize(
    "bad, message",
    [
        (Slider("test_score", "Harmonised test score", 625.0, 625.0, 1.0, 625.0), "empty range"),
        (Slider("test_score", "Harmonised test score", 300.0, 625.0, 1.0, 650.0),
         "default 650 outside"),
        (Slider("test_score", "Harmonised test score", 300.0, 625.0, 50.0, 450.0),
         "does not divide"),
    ],
)
def test_a_bad_declaration_fails_at_class_creation_naming_explorer_and_slider(bad, message):
    sliders = tuple(bad if s.name == "test_score" else s for s in ex.HCILeverExplorer.sliders)
    with pytest.raises(DeclarationError, match=rf"BrokenLever, slider 'test_score'.*{message}"):
        type("BrokenLever", (ex.HCILeverExplorer,), {"sliders": sliders})


@pytest.mark.parametrize("cls", EXPLORERS, ids=lambda c: c.__name__)
def test_example_builds_and_runs_the_benchmark_tour(cls):
    explorer = cls.example()
    assert isinstance(explorer, cls)
    settings = tour(explorer)
    assert len(settings) == 30
    for values in settings[:3]:
        view = explorer.update(**values)
        assert view is not None and explorer.result is view
    assert not hasattr(ex, "BENCHMARK_CASES") and "BENCHMARK_CASES" not in ex.__all__


# --- Views: the model's numbers, by field ---------------------------------------------------


def test_lever_view_is_the_models_index_and_gap_closing_gains():
    explorer = ex.HCILeverExplorer(fraction=0.2)
    setting = dict(survival_to_5=0.98, expected_years=11.5, test_score=480.0,
                   adult_survival=0.85, not_stunted=0.8)
    view = explorer.view(**setting)
    assert isinstance(view, ex.HCILeverView)
    parts = hc.hci_components(**setting)
    gains = hc.hci_gap_closing_gains(**setting, fraction=0.2)
    assert view.hci == pytest.approx(parts.index)
    assert view.lays == pytest.approx(parts.learning_adjusted_years)
    for name in ex.HCI_COMPONENTS:
        assert getattr(view, f"gain_{name}") == pytest.approx(gains[name])
    assert view.gains == tuple(getattr(view, f"gain_{n}") for n in ex.HCI_COMPONENTS)
    # view() is pure: the explorer still shows its starting setting
    assert explorer.result.hci == pytest.approx(hc.human_capital_index(**CHINA_2020))


def test_training_view_is_the_models_training_value():
    explorer = ex.TrainingValueExplorer(working_years=30)
    view = explorer.view(return_to_schooling=0.1, extra_years=1.25, discount_rate=0.03)
    assert isinstance(view, ex.TrainingView)
    direct = hc.training_value(1.25, 0.1, working_years=30, discount_rate=0.03)
    assert view.wage_gain == pytest.approx(direct.wage_gain)
    assert view.present_value == pytest.approx(direct.present_value)
    np.testing.assert_allclose(
        view.curve, hc.training_value(explorer.grid, 0.1, working_years=30,
                                      discount_rate=0.03).wage_gain)
    assert explorer.result.wage_gain == pytest.approx(math.expm1(0.08 * 0.5))


def test_task_view_is_the_models_shares_and_output():
    explorer = ex.TaskExplorer(capital=2.0, labour=0.5)
    view = explorer.view(automation_threshold=0.6, new_task_frontier=1.3, elasticity=0.75)
    assert isinstance(view, ex.TaskView)
    factors = dict(capital=2.0, labour=0.5, elasticity=0.75)
    assert view.task_share == pytest.approx(hc.labour_task_share(0.6, 1.3))
    assert view.labour_share == pytest.approx(hc.labour_share(0.6, 1.3, **factors))
    assert view.output == pytest.approx(hc.task_based_output(0.6, 1.3, **factors))


def test_views_are_read_by_field_not_by_key(lever):
    view = lever.result
    assert view[0] == view.hci and view._fields[:2] == ("hci", "lays")
    with pytest.raises(TypeError):
        view["hci"]  # a view, not the dict it once was


# --- Figures: a frozen background, the moving artists on it ---------------------------------


@pytest.mark.parametrize("cls, setting", [
    (ex.HCILeverExplorer, dict(test_score=600.0, expected_years=6.0)),
    (ex.TrainingValueExplorer, dict(return_to_schooling=0.0, extra_years=0.0)),
    (ex.TaskExplorer, dict(automation_threshold=1.5, new_task_frontier=1.8, elasticity=2.0)),
], ids=lambda v: v.__name__ if isinstance(v, type) else "")
def test_a_moved_explorer_shows_the_frame_of_one_built_there(cls, setting):
    # the pre-rendered background does not depend on where the explorer started
    moved = cls()
    moved.update(**setting)
    built = cls(**setting)
    assert moved.image.value == built.image.value
    assert moved.status.value == built.status.value


# --- The exercise set human_capital: its key agrees with the models -------------------------


def _students(n: int = 12):
    from platformlab.exercises import start

    return [start("human_capital", student_id=f"hc{i}", show=False) for i in range(n)]


def test_exercise_key_accepts_model_answers_for_every_numeric_question():
    from platformlab.data import load

    components = load("hci_china_components").set_index("edition")
    hci = load("hci_2020").set_index("country")
    c2020 = components.loc[2020]
    students = _students()
    assert len({s.variant for s in students}) > 5
    for s in students:
        p = s.params
        c = components.loc[p["edition"]]
        q1 = hc.human_capital_index(c["survival_to_5"], c["expected_years_school"],
                                    c["harmonised_test_score"], c["adult_survival"],
                                    c["not_stunted"])
        q2 = hci.loc[p["country"], "lays"] - hci.loc["China", "lays"]
        q3 = hci.loc[p["country"], "hci"] / math.exp(0.08 * (hci.loc[p["country"], "lays"] - 14))
        q4 = hc.human_capital_index(c2020["survival_to_5"], c2020["expected_years_school"],
                                    c2020["harmonised_test_score"] + p["score_gain"],
                                    c2020["adult_survival"], c2020["not_stunted"])
        q5 = 100 * math.expm1(p["r"] * p["extra_years"])
        q6 = 100 * hc.labour_share(p["automation"], p["new_tasks"], elasticity=p["elasticity"])
        for qid, value in {"q1": q1, "q2": q2, "q3": q3, "q4": q4, "q5": q5, "q6": q6}.items():
            assert s.check(qid, value).correct, (s.variant, qid, value)
        assert s.check("q5", q5 + 0.5).status == "not yet"
        assert s.check("q7", "c").correct and not s.check("q7", "b").correct


def test_exercise_choice_answer_is_the_largest_gap_closing_gain():
    gains = hc.hci_gap_closing_gains(**CHINA_2020, fraction=0.1)
    assert max(gains, key=gains.get) == "test_score"


def test_exercise_variants_stay_on_the_explorers_slider_grids():
    from platformlab.exercises.sets import read_variants

    lever, training, tasks = ex.HCILeverExplorer, ex.TrainingValueExplorer, ex.TaskExplorer
    for label, p in read_variants("human_capital").items():
        # Slider.check raises for a value off the slider's range; _on_grid for one off its steps
        score = lever.slider("test_score")
        score.check(score.default + p["score_gain"])
        for name, value in (("return_to_schooling", p["r"]), ("extra_years", p["extra_years"])):
            training.slider(name)._on_slider(value, label)
        tasks.slider("automation_threshold").check(p["automation"])
        tasks.slider("new_task_frontier").check(p["new_tasks"])
        tasks.slider("elasticity").check(p["elasticity"])
        assert p["edition"] in (2018, 2020)
