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

import matplotlib.pyplot as plt
import numpy as np

from platformlab import plotting
from platformlab._validate import check_range
from platformlab.explore.book import BookView
from platformlab.explore.base import Explorer, float_slider
from platformlab.models import human_capital as hc

__all__ = [
    "HCI_COMPONENTS",
    "HCI_LABELS",
    "HCILeverExplorer",
    "TrainingValueExplorer",
    "TaskExplorer",
    "draw_lever_bars",
    "draw_training_curve",
    "draw_task_line",
    "BENCHMARK_CASES",
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
    survival_to_5, expected_years, test_score, adult_survival, not_stunted : float
        Initial slider values (probabilities in [0.8, 1], years in [4, 14], test score in
        [300, 625]).
    fraction : float
        Share of each gap that is closed, in (0, 1]; fixed for the explorer.
    """

    #: What moves in the HTML book (see platformlab.explore.book).
    book = BookView(live=("expected_years", "test_score"), steps={"expected_years": 0.5, "test_score": 25.0})

    figsize = (5.6, 2.5)
    margins = {"left": 0.25, "right": 0.96, "bottom": 0.19, "top": 0.95}

    def __init__(
        self,
        survival_to_5: float = 0.9914,
        expected_years: float = 13.14,
        test_score: float = 441.0,
        adult_survival: float = 0.9236,
        not_stunted: float = 0.919,
        fraction: float = 0.1,
    ) -> None:
        check_range("survival_to_5", survival_to_5, 0.8, 1.0)
        check_range("expected_years", expected_years, 4.0, hc.MAX_SCHOOL_YEARS)
        check_range("test_score", test_score, hc.HTS_MIN, hc.HTS_BENCHMARK)
        check_range("adult_survival", adult_survival, 0.5, 1.0)
        check_range("not_stunted", not_stunted, 0.5, 1.0)
        self.fraction = float(check_range("fraction", fraction, 0.0, 1.0, low_open=True))
        super().__init__(
            {
                "survival_to_5": float_slider(survival_to_5, 0.8, 1.0, 0.0001, "Survival to age 5", ".4f"),
                "expected_years": float_slider(expected_years, 4.0, 14.0, 0.01, "Expected years of school", ".2f"),
                "test_score": float_slider(test_score, 300.0, 625.0, 1.0, "Harmonised test score", ".0f"),
                "adult_survival": float_slider(adult_survival, 0.5, 1.0, 0.0001, "Adult survival (15 to 60)", ".4f"),
                "not_stunted": float_slider(not_stunted, 0.5, 1.0, 0.001, "Children not stunted", ".3f"),
            }
        )

    def compute(self, **values: float) -> dict[str, float]:
        parts = hc.hci_components(**values)
        gains = hc.hci_gap_closing_gains(**values, fraction=self.fraction)
        result = {"hci": parts.index, "lays": parts.learning_adjusted_years}
        result.update({f"gain_{name}": gains[name] for name in HCI_COMPONENTS})
        return result

    def draw(self, result: dict[str, float], values: dict[str, float]) -> None:
        gains = [result[f"gain_{name}"] for name in HCI_COMPONENTS]
        if not self.ax.patches:
            draw_lever_bars(self.ax, gains, self.fraction)
            return
        _update_lever_bars(self.ax, gains)

    def summary(self, result: dict[str, float]) -> str:
        best = max(HCI_COMPONENTS, key=lambda name: result[f"gain_{name}"])
        return (
            f"HCI: <b>{result['hci']:.3f}</b> · learning-adjusted years: "
            f"<b>{result['lays']:.2f}</b> · closing {self.fraction:.0%} of a gap helps most for: "
            f"<b>{HCI_LABELS[best].lower()}</b>"
        )


def draw_lever_bars(ax: plt.Axes, gains, fraction: float) -> None:
    """Horizontal bars: rise in the HCI (in thousandths) when each component closes a gap share.

    ``gains`` lists the five gains in the order of :data:`HCI_COMPONENTS` (index points).
    """
    y = np.arange(len(HCI_COMPONENTS))
    bars = ax.barh(y, [1000 * g for g in gains], color=plotting.colors(1)[0], height=0.6)
    ax.set_yticks(y, [HCI_LABELS[n] for n in HCI_COMPONENTS])
    ax.invert_yaxis()
    ax.set_xlabel(f"Rise in HCI (thousandths), {fraction:.0%} of gap closed")
    ax.set_xticks([])  # the bars carry their values; no tick labels to redraw
    ax.grid(visible=False)
    for bar in bars:
        ax.text(0, bar.get_y() + bar.get_height() / 2, "", va="center", fontsize="small")
    _update_lever_bars(ax, gains)


def _update_lever_bars(ax: plt.Axes, gains) -> None:
    values = [1000 * g for g in gains]
    top = max(max(values), 1e-9)
    for bar, label, value in zip(ax.patches, ax.texts, values):
        bar.set_width(value)
        label.set_x(value + 0.02 * top)
        label.set_text(f"{value:.1f}")
    ax.set_xlim(0, 1.2 * top)


# --------------------------------------------------------------------------------------------
# Mincer: the value of a training programme
# --------------------------------------------------------------------------------------------


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
    return_to_schooling : float
        Initial return per year, in [0, 0.2] (an illustrative value: no estimate is implied).
    extra_years : float
        Initial programme length in effective years, in [0, 2].
    discount_rate : float
        Initial discount rate, in [0, 0.15].
    working_years : int
        Years over which the gain is earned, in [1, 60]; fixed for the explorer.
    """

    #: What moves in the HTML book (see platformlab.explore.book).
    book = BookView(live=("return_to_schooling", "extra_years"), steps={"return_to_schooling": 0.01, "extra_years": 0.1})

    figsize = (5.2, 2.5)
    margins = {"left": 0.13, "right": 0.95, "bottom": 0.22, "top": 0.95}
    max_years = 2.0

    def __init__(
        self,
        return_to_schooling: float = 0.08,
        extra_years: float = 0.5,
        discount_rate: float = 0.05,
        working_years: int = 40,
    ) -> None:
        check_range("return_to_schooling", return_to_schooling, 0.0, 0.2)
        check_range("extra_years", extra_years, 0.0, self.max_years)
        check_range("discount_rate", discount_rate, 0.0, 0.15)
        self.working_years = int(working_years)
        hc.training_value(0.0, 0.0, working_years=self.working_years)  # validates it
        self.grid = np.linspace(0.0, self.max_years, 41)
        super().__init__(
            {
                "return_to_schooling": float_slider(return_to_schooling, 0.0, 0.2, 0.005, "Return to a year, r", ".3f"),
                "extra_years": float_slider(extra_years, 0.0, self.max_years, 0.05, "Programme length (years)", ".2f"),
                "discount_rate": float_slider(discount_rate, 0.0, 0.15, 0.005, "Discount rate", ".3f"),
            }
        )

    def compute(self, return_to_schooling: float, extra_years: float,
                discount_rate: float) -> dict[str, float]:
        value = hc.training_value(extra_years, return_to_schooling,
                                  working_years=self.working_years, discount_rate=discount_rate)
        curve = hc.training_value(self.grid, return_to_schooling,
                                  working_years=self.working_years, discount_rate=discount_rate)
        return {"wage_gain": value.wage_gain, "present_value": value.present_value,
                "curve": curve.wage_gain}

    def draw(self, result: dict[str, float], values: dict[str, float]) -> None:
        if not self.ax.lines:
            draw_training_curve(self.ax, self.grid, result["curve"], values["extra_years"],
                                result["wage_gain"])
            return
        line, marker = self.ax.lines[:2]
        line.set_ydata(100 * np.asarray(result["curve"]))
        marker.set_data([values["extra_years"]], [100 * result["wage_gain"]])

    def summary(self, result: dict[str, float]) -> str:
        return (
            f"Wage gain: <b>{100 * result['wage_gain']:.1f}%</b> · present value over "
            f"{self.working_years} years: <b>{result['present_value']:.2f}</b> × the annual wage "
            f"(programme cost not subtracted)"
        )


def draw_training_curve(ax: plt.Axes, grid, gains, extra_years: float, gain: float,
                        ymax: float = 50.0) -> None:
    """The wage gain (%) against programme length, with a marker at the chosen length."""
    color = plotting.colors(2)
    ax.plot(grid, 100 * np.asarray(gains), color=color[0])
    ax.plot([extra_years], [100 * gain], "o", color=color[1], markersize=7)
    ax.set(xlim=(0, float(grid[-1])), ylim=(0, ymax), xticks=np.arange(0, float(grid[-1]) + 0.01, 0.5),
           xlabel="Programme length (effective years of school)", ylabel="Wage gain (%)")


# --------------------------------------------------------------------------------------------
# Tasks: automation and new tasks
# --------------------------------------------------------------------------------------------


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
    automation_threshold : float
        Initial :math:`I`, in [0, 2].
    new_task_frontier : float
        Initial :math:`N`, in [1, 2].
    elasticity : float
        Initial :math:`\\sigma`, in [0.2, 3].
    capital, labour : float
        Factor supplies :math:`K` and :math:`L`, positive; fixed for the explorer.
    """

    #: What moves in the HTML book (see platformlab.explore.book).
    book = BookView(live=("automation_threshold", "new_task_frontier"), steps={"automation_threshold": 0.1, "new_task_frontier": 0.05})

    figsize = (5.6, 2.3)
    margins = {"left": 0.14, "right": 0.95, "bottom": 0.23, "top": 0.95}

    def __init__(
        self,
        automation_threshold: float = 0.3,
        new_task_frontier: float = 1.0,
        elasticity: float = 1.0,
        capital: float = 1.0,
        labour: float = 1.0,
    ) -> None:
        check_range("automation_threshold", automation_threshold, 0.0, 2.0)
        check_range("new_task_frontier", new_task_frontier, 1.0, 2.0)
        check_range("elasticity", elasticity, 0.2, 3.0)
        self.capital = float(check_range("capital", capital, 0.0, low_open=True, high_open=True))
        self.labour = float(check_range("labour", labour, 0.0, low_open=True, high_open=True))
        super().__init__(
            {
                "automation_threshold": float_slider(automation_threshold, 0.0, 2.0, 0.01, "Automation threshold I", ".2f"),
                "new_task_frontier": float_slider(new_task_frontier, 1.0, 2.0, 0.01, "New-task frontier N", ".2f"),
                "elasticity": float_slider(elasticity, 0.2, 3.0, 0.05, "Elasticity between tasks", ".2f"),
            }
        )

    def compute(self, automation_threshold: float, new_task_frontier: float,
                elasticity: float) -> dict[str, float]:
        factors = {"capital": self.capital, "labour": self.labour, "elasticity": elasticity}
        return {
            "task_share": hc.labour_task_share(automation_threshold, new_task_frontier),
            "labour_share": hc.labour_share(automation_threshold, new_task_frontier, **factors),
            "output": hc.task_based_output(automation_threshold, new_task_frontier, **factors),
        }

    def draw(self, result: dict[str, float], values: dict[str, float]) -> None:
        if not self.ax.patches:
            draw_task_line(self.ax, values["automation_threshold"], values["new_task_frontier"],
                           result["labour_share"])
            return
        _update_task_line(self.ax, values["automation_threshold"], values["new_task_frontier"],
                          result["labour_share"])

    def summary(self, result: dict[str, float]) -> str:
        return (
            f"Labour's share of tasks: <b>{result['task_share']:.2f}</b> · labour's share of "
            f"income: <b>{100 * result['labour_share']:.1f}%</b> · output: "
            f"<b>{result['output']:.3f}</b>"
        )


def draw_task_line(ax: plt.Axes, automation_threshold: float, new_task_frontier: float,
                   labour_income_share: float) -> None:
    """Two rows over the task axis [0, 2]: who performs the tasks in use, and who earns income.

    Top row: capital performs the tasks in :math:`[N-1, \\max(I, N-1)]`, labour the rest of
    :math:`[N-1, N]`. Bottom row: the same unit length split by income shares.
    """
    capital_color, labour_color = plotting.colors(2)
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


# --------------------------------------------------------------------------------------------
# Benchmark
# --------------------------------------------------------------------------------------------

#: Slider settings the benchmark cycles through (benchmarks/run.py reads BENCHMARK_CASES).
BENCHMARK_CASES = [
    (
        "HCILeverExplorer",
        HCILeverExplorer,
        [{"test_score": 441.0 + 5 * i, "expected_years": 12.0 + 0.05 * i} for i in range(30)],
    ),
    (
        "TrainingValueExplorer",
        TrainingValueExplorer,
        [{"return_to_schooling": 0.04 + 0.003 * i, "extra_years": 0.25 + 0.05 * i}
         for i in range(30)],
    ),
    (
        "TaskExplorer",
        TaskExplorer,
        [{"automation_threshold": 0.2 + 0.02 * i, "new_task_frontier": 1.0 + 0.01 * i,
          "elasticity": 0.5 + 0.05 * i} for i in range(30)],
    ),
]
