"""Explorers of the Human-capital chapter: HCI levers, the value of training, tasks and automation.

Three explorers, each wired to :mod:`platformlab.models.human_capital`:

* :class:`HCILeverExplorer` -- sliders on the five components of the World Bank Human Capital
  Index; bars show how much the index would rise if each component closed a share of its gap
  to the frontier (the *gap-closing* measure of "which lever moves the index most").
* :class:`TrainingValueExplorer` -- the return to schooling and the length of a training
  programme counted as extra effective years in a Mincer earnings function; a curve shows the
  wage gain against programme length.
* :class:`TaskExplorer` -- the automation threshold and the new-task frontier of a simplified
  Acemoglu-Restrepo task model; a task line shows which tasks capital and labour perform and
  how income is split.

Each module-level ``draw_*`` helper draws the same picture on any axes, so a chapter can make
the static companion figure (small multiples) with the code the explorer uses.
"""

from __future__ import annotations

from typing import NamedTuple

import matplotlib.pyplot as plt
import numpy as np

from platformlab import plotting
from platformlab._validate import check_range
from platformlab.explore.book import BookView
from platformlab.explore.base import Explorer, Slider, freeze_below_spines
from platformlab.models import human_capital as hc

__all__ = [
    "HCI_COMPONENTS",
    "HCI_LABELS",
    "HCILeverExplorer",
    "HCILeverView",
    "TrainingValueExplorer",
    "TrainingView",
    "TaskExplorer",
    "TaskView",
    "draw_lever_bars",
    "draw_training_curve",
    "draw_task_line",
]

#: Model argument names of the HCI components, in the order the bars show them.
HCI_COMPONENTS = ("survival_to_5", "expected_years", "test_score", "adult_survival", "not_stunted")
#: Short labels of the components for figures (ASCII only: no CJK font in figures).
HCI_LABELS = {
    "survival_to_5": "Survival to 5",
    "expected_years": "Expected years",
    "test_score": "Test score",
    "adult_survival": "Adult survival",
    "not_stunted": "Not stunted",
}


# --------------------------------------------------------------------------------------------
# Human Capital Index: which lever?
# --------------------------------------------------------------------------------------------


class HCILeverView(NamedTuple):
    """What the HCI lever explorer shows at a setting: the index and each lever's gain."""

    hci: float  #: the Human Capital Index at the slider values
    lays: float  #: learning-adjusted years of school
    gain_survival_to_5: float  #: rise in the index if survival to 5 closes the gap share
    gain_expected_years: float  #: rise if expected years of school close the gap share
    gain_test_score: float  #: rise if the harmonised test score closes the gap share
    gain_adult_survival: float  #: rise if adult survival closes the gap share
    gain_not_stunted: float  #: rise if the share not stunted closes the gap share

    @property
    def gains(self) -> tuple[float, ...]:
        """The five gains in the order of :data:`HCI_COMPONENTS` (index points)."""
        return self[2:]


class HCILeverExplorer(Explorer):
    """Which component moves the Human Capital Index most?

    Five sliders set the components (start: China, 2020 release). The explorer shows the index
    and its learning-adjusted years (:func:`~platformlab.models.human_capital.hci_components`)
    and, as bars, the rise in the index if each component alone closed ``fraction`` of its gap
    to the frontier (:func:`~platformlab.models.human_capital.hci_gap_closing_gains`). The
    ranking of the bars is that of the gap-closing measure; per-unit derivatives rank the
    levers differently.

    Parameters
    ----------
    survival_to_5, expected_years, test_score, adult_survival, not_stunted : float, optional
        Initial slider values (survival to 5 in [0.8, 1], adult survival and not stunted in
        [0.5, 1], years in [4, 14], test score in [300, 625]; default: the declaration,
        ``sliders``, China 2020).
    fraction : float
        Share of each gap that is closed, in (0, 1]; fixed for the explorer.
    """

    sliders = (
        Slider("survival_to_5", "Survival to age 5", 0.8, 1.0, 0.0001, 0.9914, ".4f"),
        Slider("expected_years", "Expected years of school", 4.0, hc.MAX_SCHOOL_YEARS, 0.01,
               13.14, ".2f"),
        Slider("test_score", "Harmonised test score", hc.HTS_MIN, hc.HTS_BENCHMARK, 1.0, 441.0,
               ".0f"),
        Slider("adult_survival", "Adult survival (15 to 60)", 0.5, 1.0, 0.0001, 0.9236, ".4f"),
        Slider("not_stunted", "Children not stunted", 0.5, 1.0, 0.001, 0.919, ".3f"),
    )
    #: What moves in the HTML book (see platformlab.explore.book).
    book = BookView(live=("expected_years", "test_score"), steps={"expected_years": 0.5, "test_score": 25.0})

    figsize = (5.6, 2.5)
    margins = {"left": 0.25, "right": 0.96, "bottom": 0.19, "top": 0.95}

    def __init__(
        self,
        survival_to_5: float | None = None,
        expected_years: float | None = None,
        test_score: float | None = None,
        adult_survival: float | None = None,
        not_stunted: float | None = None,
        fraction: float = 0.1,
    ) -> None:
        self.fraction = float(check_range("fraction", fraction, 0.0, 1.0, low_open=True))
        self._artists: dict[str, list] | None = None
        super().__init__(
            {
                "survival_to_5": survival_to_5,
                "expected_years": expected_years,
                "test_score": test_score,
                "adult_survival": adult_survival,
                "not_stunted": not_stunted,
            }
        )

    def view(self, survival_to_5: float, expected_years: float, test_score: float,
             adult_survival: float, not_stunted: float) -> HCILeverView:
        values = {"survival_to_5": survival_to_5, "expected_years": expected_years,
                  "test_score": test_score, "adult_survival": adult_survival,
                  "not_stunted": not_stunted}
        parts = hc.hci_components(**values)
        gains = hc.hci_gap_closing_gains(**values, fraction=self.fraction)
        return HCILeverView(parts.index, parts.learning_adjusted_years,
                            *(gains[name] for name in HCI_COMPONENTS))

    def draw(self, view: HCILeverView, values: dict[str, float]) -> None:
        if self._artists is None:
            self._artists = draw_lever_bars(self.ax, view.gains, self.fraction)
            freeze_below_spines(self.fig, self.ax, [*self._artists["bars"], *self._artists["labels"]])
            return
        _update_lever_bars(self.ax, view.gains, **self._artists)

    def summary(self, view: HCILeverView) -> str:
        best = HCI_COMPONENTS[max(range(len(HCI_COMPONENTS)), key=view.gains.__getitem__)]
        return (
            f"HCI: <b>{view.hci:.3f}</b> · learning-adjusted years: "
            f"<b>{view.lays:.2f}</b> · closing {self.fraction:.0%} of a gap helps most for: "
            f"<b>{HCI_LABELS[best].lower()}</b>"
        )


def draw_lever_bars(ax: plt.Axes, gains, fraction: float) -> dict[str, list]:
    """Horizontal bars: rise in the HCI (in thousandths) when each component closes a gap share.

    ``gains`` lists the five gains in the order of :data:`HCI_COMPONENTS` (index points).
    Returns the artists the explorer updates: ``{"bars": [...], "labels": [...]}``.
    """
    y = np.arange(len(HCI_COMPONENTS))
    bars = ax.barh(y, [1000 * g for g in gains], color=plotting.color("blue"), height=0.6)
    ax.set_yticks(y, [HCI_LABELS[n] for n in HCI_COMPONENTS])
    ax.invert_yaxis()
    ax.set_xlabel(f"Rise in HCI (thousandths), {fraction:.0%} of gap closed")
    ax.set_xticks([])  # the bars carry their values; no tick labels to redraw
    ax.grid(visible=False)
    labels = [ax.text(0, bar.get_y() + bar.get_height() / 2, "", va="center", fontsize="small")
              for bar in bars]
    artists = {"bars": list(bars), "labels": labels}
    _update_lever_bars(ax, gains, **artists)
    return artists


def _update_lever_bars(ax: plt.Axes, gains, bars: list, labels: list) -> None:
    values = [1000 * g for g in gains]
    top = max(max(values), 1e-9)
    for bar, label, value in zip(bars, labels, values):
        bar.set_width(value)
        label.set_x(value + 0.02 * top)
        label.set_text(f"{value:.1f}")
    ax.set_xlim(0, 1.2 * top)


# --------------------------------------------------------------------------------------------
# Mincer: the value of a training programme
# --------------------------------------------------------------------------------------------


class TrainingView(NamedTuple):
    """What the training-value explorer shows at a setting."""

    wage_gain: float  #: proportional wage gain e^(r ΔS) - 1 (0.1 means +10%)
    present_value: float  #: present value of the extra earnings, multiples of the annual wage
    curve: np.ndarray  #: wage gain at each programme length of the explorer's ``grid``


class TrainingValueExplorer(Explorer):
    """What is a training programme worth if it counts as extra effective years of school?

    Sliders set the return to a year of schooling :math:`r`, the programme's length in
    effective years :math:`\\Delta S` and the discount rate. The explorer shows the wage gain
    :math:`e^{r\\Delta S} - 1` and the present value of the extra earnings in multiples of the
    annual wage (:func:`~platformlab.models.human_capital.training_value`); the programme's
    cost is not subtracted. The curve shows the wage gain against programme length at the
    chosen return.

    Parameters
    ----------
    return_to_schooling : float, optional
        Initial return per year, in [0, 0.2] (an illustrative value: no estimate is implied).
    extra_years : float, optional
        Initial programme length in effective years, in [0, ``max_years``] (2 by default).
    discount_rate : float, optional
        Initial discount rate, in [0, 0.15].
    working_years : int
        Years over which the gain is earned, in [1, 60]; fixed for the explorer.

    Slider values default to the declaration, ``sliders``.
    """

    sliders = (
        Slider("return_to_schooling", "Return to a year, r", 0.0, 0.2, 0.005, 0.08, ".3f"),
        # a subclass may set another max_years; the explorer passes it with ranges=
        Slider("extra_years", "Programme length (years)", 0.0, 2.0, 0.05, 0.5, ".2f"),
        Slider("discount_rate", "Discount rate", 0.0, 0.15, 0.005, 0.05, ".3f"),
    )
    #: What moves in the HTML book (see platformlab.explore.book).
    book = BookView(live=("return_to_schooling", "extra_years"), steps={"return_to_schooling": 0.01, "extra_years": 0.1})

    figsize = (5.2, 2.5)
    margins = {"left": 0.13, "right": 0.95, "bottom": 0.22, "top": 0.95}
    #: Longest programme the slider and the curve reach (effective years).
    max_years = sliders[1].high

    def __init__(
        self,
        return_to_schooling: float | None = None,
        extra_years: float | None = None,
        discount_rate: float | None = None,
        working_years: int = 40,
    ) -> None:
        self.working_years = int(working_years)
        hc.training_value(0.0, 0.0, working_years=self.working_years)  # validates it
        self.grid = np.linspace(0.0, self.max_years, 41)
        self._artists: dict[str, object] | None = None
        super().__init__(
            {"return_to_schooling": return_to_schooling, "extra_years": extra_years,
             "discount_rate": discount_rate},
            ranges={"extra_years": {"high": self.max_years}},
        )

    def view(self, return_to_schooling: float, extra_years: float,
             discount_rate: float) -> TrainingView:
        value = hc.training_value(extra_years, return_to_schooling,
                                  working_years=self.working_years, discount_rate=discount_rate)
        curve = hc.training_value(self.grid, return_to_schooling,
                                  working_years=self.working_years, discount_rate=discount_rate)
        return TrainingView(value.wage_gain, value.present_value, curve.wage_gain)

    def draw(self, view: TrainingView, values: dict[str, float]) -> None:
        if self._artists is None:
            self._artists = draw_training_curve(self.ax, self.grid, view.curve,
                                                values["extra_years"], view.wage_gain)
            freeze_below_spines(self.fig, self.ax, self._artists.values())
            return
        self._artists["curve"].set_ydata(100 * np.asarray(view.curve))
        self._artists["marker"].set_data([values["extra_years"]], [100 * view.wage_gain])

    def summary(self, view: TrainingView) -> str:
        return (
            f"Wage gain: <b>{100 * view.wage_gain:.1f}%</b> · present value over "
            f"{self.working_years} years: <b>{view.present_value:.2f}</b> × the annual wage "
            f"(programme cost not subtracted)"
        )


def draw_training_curve(ax: plt.Axes, grid, gains, extra_years: float, gain: float,
                        ymax: float = 50.0) -> dict[str, object]:
    """The wage gain (%) against programme length, with a marker at the chosen length.

    Returns the artists the explorer updates: ``{"curve": line, "marker": line}``.
    """
    blue, orange = plotting.color("blue"), plotting.color("orange")
    (curve,) = ax.plot(grid, 100 * np.asarray(gains), color=blue)
    (marker,) = ax.plot([extra_years], [100 * gain], "o", color=orange, markersize=7)
    ax.set(xlim=(0, float(grid[-1])), ylim=(0, ymax), xticks=np.arange(0, float(grid[-1]) + 0.01, 0.5),
           xlabel="Programme length (effective years of school)", ylabel="Wage gain (%)")
    return {"curve": curve, "marker": marker}


# --------------------------------------------------------------------------------------------
# Tasks: automation and new tasks
# --------------------------------------------------------------------------------------------


class TaskView(NamedTuple):
    """What the task explorer shows at a setting."""

    task_share: float  #: share of the tasks in use that labour performs
    labour_share: float  #: labour's share of income
    output: float  #: output of the task-based production function


class TaskExplorer(Explorer):
    """Automation and new tasks in a simplified Acemoglu-Restrepo task model.

    Tasks in use lie on :math:`[N-1, N]`; those up to the automation threshold :math:`I` are
    done by capital, the rest by labour. Sliders set :math:`I`, :math:`N` and the elasticity
    of substitution between tasks :math:`\\sigma`. The top row shows who performs which tasks;
    the bottom row splits income between capital and labour over the same unit length
    (:func:`~platformlab.models.human_capital.labour_task_share`,
    :func:`~platformlab.models.human_capital.labour_share`,
    :func:`~platformlab.models.human_capital.task_based_output`).

    Parameters
    ----------
    automation_threshold : float, optional
        Initial :math:`I`, in [0, 2].
    new_task_frontier : float, optional
        Initial :math:`N`, in [1, 2].
    elasticity : float, optional
        Initial :math:`\\sigma`, in [0.2, 3].
    capital, labour : float
        Factor supplies :math:`K` and :math:`L`, positive; fixed for the explorer.

    Slider values default to the declaration, ``sliders``.
    """

    sliders = (
        Slider("automation_threshold", "Automation threshold I", 0.0, 2.0, 0.01, 0.3, ".2f"),
        Slider("new_task_frontier", "New-task frontier N", 1.0, 2.0, 0.01, 1.0, ".2f"),
        Slider("elasticity", "Elasticity between tasks", 0.2, 3.0, 0.05, 1.0, ".2f"),
    )
    #: What moves in the HTML book (see platformlab.explore.book).
    book = BookView(live=("automation_threshold", "new_task_frontier"), steps={"automation_threshold": 0.1, "new_task_frontier": 0.05})

    figsize = (5.6, 2.3)
    margins = {"left": 0.14, "right": 0.95, "bottom": 0.23, "top": 0.95}

    def __init__(
        self,
        automation_threshold: float | None = None,
        new_task_frontier: float | None = None,
        elasticity: float | None = None,
        capital: float = 1.0,
        labour: float = 1.0,
    ) -> None:
        self.capital = float(check_range("capital", capital, 0.0, low_open=True, high_open=True))
        self.labour = float(check_range("labour", labour, 0.0, low_open=True, high_open=True))
        self._drawn = False
        super().__init__(
            {"automation_threshold": automation_threshold, "new_task_frontier": new_task_frontier,
             "elasticity": elasticity}
        )

    def view(self, automation_threshold: float, new_task_frontier: float,
             elasticity: float) -> TaskView:
        factors = {"capital": self.capital, "labour": self.labour, "elasticity": elasticity}
        return TaskView(
            hc.labour_task_share(automation_threshold, new_task_frontier),
            hc.labour_share(automation_threshold, new_task_frontier, **factors),
            hc.task_based_output(automation_threshold, new_task_frontier, **factors),
        )

    def draw(self, view: TaskView, values: dict[str, float]) -> None:
        if not self._drawn:
            draw_task_line(self.ax, values["automation_threshold"], values["new_task_frontier"],
                           view.labour_share)
            freeze_below_spines(self.fig, self.ax, self.ax.patches[:4])
            self._drawn = True
            return
        _update_task_line(self.ax, values["automation_threshold"], values["new_task_frontier"],
                          view.labour_share)

    def summary(self, view: TaskView) -> str:
        return (
            f"Labour's share of tasks: <b>{view.task_share:.2f}</b> · labour's share of "
            f"income: <b>{100 * view.labour_share:.1f}%</b> · output: "
            f"<b>{view.output:.3f}</b>"
        )


def draw_task_line(ax: plt.Axes, automation_threshold: float, new_task_frontier: float,
                   labour_income_share: float) -> None:
    """Two rows over the task axis [0, 2]: who performs the tasks in use, and who earns income.

    Top row: capital performs the tasks in :math:`[N-1, \\max(I, N-1)]`, labour the rest of
    :math:`[N-1, N]`. Bottom row: the same unit length split by income shares.
    """
    capital_color, labour_color = plotting.color("blue"), plotting.color("orange")
    for y in (1.0, 0.0):
        ax.barh(y, 0.5, left=0.0, height=0.55, color=capital_color, label="Capital" if y else None)
        ax.barh(y, 0.5, left=0.5, height=0.55, color=labour_color, label="Labour" if y else None)
    ax.set_yticks([1.0, 0.0], ["Tasks", "Income"])
    ax.set(xlim=(0, 2), ylim=(-0.5, 1.95), xticks=[0, 0.5, 1, 1.5, 2],
           xlabel="Task index (tasks in use: N - 1 to N)")
    ax.grid(axis="y", visible=False)
    ax.legend(loc="upper center", ncols=2, fontsize="small")
    _update_task_line(ax, automation_threshold, new_task_frontier, labour_income_share)


def _update_task_line(ax: plt.Axes, automation_threshold: float, new_task_frontier: float,
                      labour_income_share: float) -> None:
    start = new_task_frontier - 1.0
    cut = min(max(automation_threshold, start), new_task_frontier)
    income_cut = start + (1.0 - float(labour_income_share))
    task_capital, task_labour, income_capital, income_labour = ax.patches[:4]
    for capital_bar, labour_bar, middle in ((task_capital, task_labour, cut),
                                            (income_capital, income_labour, income_cut)):
        capital_bar.set_x(start)
        capital_bar.set_width(middle - start)
        labour_bar.set_x(middle)
        labour_bar.set_width(new_task_frontier - middle)
