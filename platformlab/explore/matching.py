"""Explorers of the chapter "Matching markets": two-sided prices and the matching function.

* :class:`TwoSidedPricingExplorer`: sliders for the two cross-side externalities and the two
  costs of a monopoly platform; bars show the profit-maximising price of each side against its
  cost (:func:`~platformlab.models.matching.two_sided_monopoly_prices`). Watch the subsidised
  side flip when the externalities swap.
* :class:`MatchingFunctionExplorer`: sliders for matching efficiency and for vacancies; curves
  show the job-finding and vacancy-filling rates against tightness
  (:func:`~platformlab.models.matching.job_finding_rate`,
  :func:`~platformlab.models.matching.vacancy_filling_rate`), with the starting market dashed.
  A platform that raises efficiency lifts both curves; more vacancies move the market along them.

The drawing functions :func:`draw_prices` and :func:`draw_rates` are the ones the explorers use,
so a chapter's static companion figure (small multiples) shows exactly what the widget would.
"""

from __future__ import annotations

from typing import NamedTuple

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from platformlab import plotting
from platformlab._validate import check_range
from platformlab.explore.book import BookView
from platformlab.explore.base import Explorer, Slider, freeze_background
from platformlab.models import matching

__all__ = [
    "TwoSidedPricingExplorer",
    "MatchingFunctionExplorer",
    "PricingView",
    "RatesView",
    "draw_prices",
    "draw_rates",
    "market_rates",
    "PRICE_LIMITS",
]

#: Vertical range of the price panels (prices outside it are clipped; their labels still print).
PRICE_LIMITS = (-2.0, 2.5)
_SIDES = ["Side 1", "Side 2"]


# ---------------------------------------------------------------------------------------------
# Two-sided pricing
# ---------------------------------------------------------------------------------------------


class PricingView(NamedTuple):
    """What the two-sided pricing explorer shows at a setting (the platform's optimum)."""

    price_1: float  #: profit-maximising price of a side-1 member (negative: paid to join)
    price_2: float  #: profit-maximising price of a side-2 member
    participation_1: float  #: members of side 1 at those prices
    participation_2: float  #: members of side 2 at those prices
    profit: float  #: the platform's profit at those prices
    cost_1: float  #: cost of serving a side-1 member (the slider's value)
    cost_2: float  #: cost of serving a side-2 member (the slider's value)


class TwoSidedPricingExplorer(Explorer):
    """Profit-maximising prices of a monopoly two-sided platform, side by side with costs.

    Members of side ``i`` value each member of the other side at ``alpha_i``; serving one member
    of side ``i`` costs ``cost_i``. Participation is linear with intercept ``size`` and slope
    ``slope`` on both sides (:func:`~platformlab.models.matching.two_sided_monopoly_prices`).
    Where no interior optimum exists (``(alpha_1 + alpha_2)**2 * slope**2 >= 4``, or a side
    would not be served) the status line shows the model's message and the figure keeps the
    last good prices.

    Parameters
    ----------
    alpha_1, alpha_2 : float, optional
        Initial cross-side externalities, in [0, 1.5] (default: the declaration, ``sliders``).
    cost_1, cost_2 : float, optional
        Initial costs per member, in [0, 1] (default: the declaration, ``sliders``).
    size, slope : float
        Intercept (in [0, inf)) and slope (in (0, inf)) of participation on both sides.
    """

    sliders = (
        Slider("alpha_1", "Side 1 values side 2 (α₁)", 0.0, 1.5, 0.05, 0.2),
        Slider("alpha_2", "Side 2 values side 1 (α₂)", 0.0, 1.5, 0.05, 1.2),
        Slider("cost_1", "Cost of a side-1 member (f₁)", 0.0, 1.0, 0.05, 0.2),
        Slider("cost_2", "Cost of a side-2 member (f₂)", 0.0, 1.0, 0.05, 0.2),
    )
    #: What moves in the HTML book (see platformlab.explore.book).
    book = BookView(live=("alpha_1", "alpha_2"), steps={"alpha_1": 0.1, "alpha_2": 0.1})

    figsize = (5.2, 2.9)
    margins = {"left": 0.14, "right": 0.97, "bottom": 0.1, "top": 0.95}

    def __init__(self, alpha_1: float | None = None, alpha_2: float | None = None,
                 cost_1: float | None = None, cost_2: float | None = None, *,
                 size: float = 1.0, slope: float = 1.0) -> None:
        self.size = float(check_range("size", size, 0.0, high_open=True))
        self.slope = float(check_range("slope", slope, 0.0, low_open=True, high_open=True))
        self._artists: dict[str, object] | None = None
        super().__init__(
            {"alpha_1": alpha_1, "alpha_2": alpha_2, "cost_1": cost_1, "cost_2": cost_2}
        )

    def view(self, alpha_1: float, alpha_2: float, cost_1: float, cost_2: float) -> PricingView:
        opt = matching.two_sided_monopoly_prices(
            alpha_1, alpha_2, cost_1, cost_2, size_1=self.size, size_2=self.size,
            slope_1=self.slope, slope_2=self.slope,
        )
        return PricingView(opt.price_1, opt.price_2, opt.participation_1, opt.participation_2,
                           opt.profit, float(cost_1), float(cost_2))

    def draw(self, view: PricingView, values: dict[str, float]) -> None:
        prices = [view.price_1, view.price_2]
        costs = [view.cost_1, view.cost_2]
        if self._artists is None:
            self._artists = artists = draw_prices(self.ax, prices, costs)
            freeze_background(self.fig, self.ax,
                              [*artists["bars"], artists["ticks"], *artists["labels"]])
            return
        _update_prices(self._artists, prices, costs)

    def summary(self, view: PricingView) -> str:
        sides = ((1, view.price_1, view.cost_1), (2, view.price_2, view.cost_2))
        parts = [f"Side {side}: price <b>{price:.2f}</b> ({_verdict(price, cost)})"
                 for side, price, cost in sides]
        parts.append(f"members {view.participation_1:.2f} and {view.participation_2:.2f}")
        parts.append(f"profit {view.profit:.2f}")
        return " · ".join(parts)


def _verdict(price: float, cost: float) -> str:
    if price < 0:
        return "paid to join"
    if price < cost:
        return "below cost"
    return "above cost"


def draw_prices(ax: plt.Axes, prices: list[float], costs: list[float]) -> dict[str, object]:
    """Bars of the two sides' prices, a black tick at each side's cost, labels with the price.

    Returns the artists (bars, cost ticks, labels) so that a caller can update them in place.
    """
    sides_colors = [plotting.color("blue"), plotting.color("orange")]  # side 1, side 2
    bars = ax.bar(_SIDES, _clip(prices), color=sides_colors, width=0.55)
    (ticks,) = ax.plot(_SIDES, costs, linestyle="none", marker="_", markersize=42,
                       markeredgewidth=2.5, color="black")
    ax.axhline(0.0, color="0.3", linewidth=0.8)
    labels = [ax.text(i, 0.0, "", ha="center", fontsize="small") for i in range(2)]
    ax.set_ylim(*PRICE_LIMITS)
    ax.set_ylabel("Price per member")
    ax.grid(False, axis="x")
    handles = [Patch(facecolor="0.6", label="price (bar)"),
               Line2D([], [], color="black", linewidth=2.5, label="cost per member")]
    ax.legend(handles=handles, loc="upper left", fontsize="x-small", handlelength=1.5)
    artists = {"bars": bars, "ticks": ticks, "labels": labels}
    _update_prices(artists, prices, costs)
    return artists


def _clip(prices: list[float]) -> list[float]:
    low, high = PRICE_LIMITS
    return [float(np.clip(p, low, high)) for p in prices]


def _update_prices(artists: dict[str, object], prices: list[float], costs: list[float]) -> None:
    for bar, label, price, shown in zip(artists["bars"], artists["labels"], prices,
                                        _clip(prices)):
        bar.set_height(shown)
        label.set_text(f"{price:.2f}")
        offset = 0.08 if shown >= 0 else -0.08
        label.set_y(shown + offset)
        label.set_va("bottom" if shown >= 0 else "top")
    artists["ticks"].set_ydata(costs)


# ---------------------------------------------------------------------------------------------
# Matching function
# ---------------------------------------------------------------------------------------------


class RatesView(NamedTuple):
    """One labour market: tightness, matches and both rates, and the two rate curves on a grid.

    What :func:`market_rates` returns, :class:`MatchingFunctionExplorer` shows and
    :func:`draw_rates` draws. Read it by field (``view.matches``).
    """

    theta: float  #: tightness V/U, vacancies per job seeker
    matches: float  #: matches per period, M = μ U^a V^(1-a)
    finding: float  #: job-finding rate f = M/U at this tightness
    filling: float  #: vacancy-filling rate q = M/V at this tightness
    finding_curve: np.ndarray  #: job-finding rate at every tightness of the grid
    filling_curve: np.ndarray  #: vacancy-filling rate at every tightness of the grid


class MatchingFunctionExplorer(Explorer):
    """Job-finding and vacancy-filling rates against tightness, now and at the start.

    The market has ``unemployed`` job seekers (fixed) and the slider's number of vacancies;
    matches follow the Cobb-Douglas matching function with the slider's efficiency
    (:func:`~platformlab.models.matching.matches`). Dashed curves and hollow markers show the
    starting market (``efficiency``, ``vacancies`` as passed in), solid ones the current market.

    Parameters
    ----------
    efficiency : float, optional
        Initial and reference matching efficiency, in [0.1, 0.5] (the slider range; it keeps
        both rates at most 1 over the plotted tightness range 0.25-2). Default: the declaration.
    vacancies : float, optional
        Initial and reference vacancies, in [unemployed/4, 2*unemployed]. Default: the
        declaration's (for 100 job seekers), scaled to ``unemployed``.
    unemployed : float
        Job seekers, in (0, inf). The vacancies slider is declared for 100 job seekers; its
        range, step and default scale with ``unemployed``.
    elasticity : float
        Elasticity of matches with respect to job seekers, in (0, 1).
    """

    #: Declared for 100 job seekers (``unemployed``); the vacancies slider scales with them.
    sliders = (
        Slider("efficiency", "Matching efficiency (μ)", 0.1, 0.5, 0.01, 0.3),
        Slider("vacancies", "Vacancies (V)", 25.0, 200.0, 1.0, 50.0, ".0f"),
    )
    #: What moves in the HTML book (see platformlab.explore.book).
    book = BookView(live=("efficiency", "vacancies"), steps={"efficiency": 0.02, "vacancies": 10.0})

    figsize = (5.6, 3.1)
    margins = {"left": 0.12, "right": 0.95, "bottom": 0.18, "top": 0.95}
    theta_range = (0.25, 2.0)
    _declared_unemployed = 100.0

    def __init__(self, efficiency: float | None = None, vacancies: float | None = None, *,
                 unemployed: float = 100.0, elasticity: float = 0.5) -> None:
        self.unemployed = float(check_range("unemployed", unemployed, 0.0, low_open=True,
                                            high_open=True))
        self.elasticity = float(check_range("elasticity", elasticity, 0.0, 1.0,
                                            low_open=True, high_open=True))
        scale = self.unemployed / self._declared_unemployed
        declared = self.slider("vacancies")
        ranges = {"vacancies": {
            "low": self.theta_range[0] * self.unemployed,
            "high": self.theta_range[1] * self.unemployed,
            "step": round(declared.step * scale, 6) or declared.step * scale,
            "default": declared.default * scale,
        }}
        # The starting market is also the reference (dashed): checked by its slider here.
        start = {"efficiency": (self.slider("efficiency"), efficiency),
                 "vacancies": (declared._replace(**ranges["vacancies"]), vacancies)}
        self.efficiency_0, self.vacancies_0 = (
            spec.check(spec.default if value is None else value) for spec, value in start.values()
        )
        self.theta_grid = np.linspace(*self.theta_range, 120)
        self.reference = self.view(self.efficiency_0, self.vacancies_0)
        self._artists: dict[str, object] | None = None
        super().__init__({"efficiency": efficiency, "vacancies": vacancies}, ranges)

    def view(self, efficiency: float, vacancies: float) -> RatesView:
        return market_rates(efficiency, vacancies, self.theta_grid, unemployed=self.unemployed,
                            elasticity=self.elasticity)

    def draw(self, view: RatesView, values: dict[str, float]) -> None:
        if self._artists is None:
            self._artists = artists = draw_rates(self.ax, self.theta_grid, view, self.reference)
            freeze_background(self.fig, self.ax,
                              [artists["finding"], artists["filling"], artists["points"]])
            return
        _update_rates(self._artists, view)

    def summary(self, view: RatesView) -> str:
        change = view.matches / self.reference.matches - 1.0
        return (
            f"Tightness θ = <b>{view.theta:.2f}</b> · job-finding rate f = "
            f"<b>{view.finding:.3f}</b> · filling rate q = <b>{view.filling:.3f}</b>"
            f" · matches M = <b>{view.matches:.1f}</b> ({change:+.0%} on the start)"
        )


def market_rates(efficiency: float, vacancies: float, theta_grid: np.ndarray, *,
                 unemployed: float = 100.0, elasticity: float = 0.5) -> RatesView:
    """Tightness, matches and both rates of one market, and the two rate curves on a grid.

    What :class:`MatchingFunctionExplorer` shows (its view) and :func:`draw_rates` draws; the
    model functions of :mod:`platformlab.models.matching` check the arguments.
    """
    theta = matching.tightness(vacancies, unemployed)
    return RatesView(
        theta=theta,
        matches=matching.matches(unemployed, vacancies, efficiency, elasticity),
        finding=matching.job_finding_rate(theta, efficiency, elasticity),
        filling=matching.vacancy_filling_rate(theta, efficiency, elasticity),
        finding_curve=matching.job_finding_rate(theta_grid, efficiency, elasticity),
        filling_curve=matching.vacancy_filling_rate(theta_grid, efficiency, elasticity),
    )


def draw_rates(ax: plt.Axes, theta_grid: np.ndarray, result: RatesView,
               reference: RatesView | None = None) -> dict[str, object]:
    """Job-finding and filling rates against tightness; the reference market dashed.

    ``result`` and ``reference`` are markets as :func:`market_rates` computes them on
    ``theta_grid`` (:class:`RatesView`). Returns the artists of the current market.
    """
    finding_color, filling_color = plotting.color("blue"), plotting.color("orange")
    if reference is not None:
        ax.plot(theta_grid, reference.finding_curve, color=finding_color, linestyle="--",
                linewidth=1, alpha=0.7)
        ax.plot(theta_grid, reference.filling_curve, color=filling_color, linestyle="--",
                linewidth=1, alpha=0.7)
        ax.plot([reference.theta] * 2, [reference.finding, reference.filling],
                linestyle="none", marker="o", markerfacecolor="white", color="0.35")
    (finding,) = ax.plot(theta_grid, result.finding_curve, color=finding_color,
                         label="job-finding rate f")
    (filling,) = ax.plot(theta_grid, result.filling_curve, color=filling_color,
                         label="vacancy-filling rate q")
    (points,) = ax.plot([result.theta] * 2, [result.finding, result.filling],
                        linestyle="none", marker="o", color="black")
    ax.set_xlim(theta_grid[0], theta_grid[-1])
    ax.set_ylim(0.0, 1.05)
    ax.set_xlabel("Tightness θ = V/U (vacancies per job seeker)")
    ax.set_ylabel("Rate per period")
    handles = [finding, filling]
    if reference is not None:
        handles.append(Line2D([], [], color="0.35", linestyle="--", linewidth=1,
                              marker="o", markerfacecolor="white", label="starting market"))
    ax.legend(handles=handles, loc="upper right", fontsize="x-small")
    return {"finding": finding, "filling": filling, "points": points}


def _update_rates(artists: dict[str, object], result: RatesView) -> None:
    artists["finding"].set_ydata(result.finding_curve)
    artists["filling"].set_ydata(result.filling_curve)
    artists["points"].set_data([result.theta] * 2, [result.finding, result.filling])
