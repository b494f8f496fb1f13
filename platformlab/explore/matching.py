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

import io

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from PIL import Image

from platformlab import plotting
from platformlab._validate import check_range
from platformlab.explore.book import BookView
from platformlab.explore.base import Explorer, float_slider
from platformlab.models import matching

__all__ = [
    "TwoSidedPricingExplorer",
    "MatchingFunctionExplorer",
    "draw_prices",
    "draw_rates",
    "market_rates",
    "PRICE_LIMITS",
]

#: Vertical range of the price panels (prices outside it are clipped; their labels still print).
PRICE_LIMITS = (-2.0, 2.5)
_SIDES = ["Side 1", "Side 2"]


class _BlitExplorer(Explorer):
    """An explorer that redraws only the artists that change (blitting), for speed.

    The first rendering draws the whole figure once without the artists listed by
    :meth:`moving_artists` and keeps that background; every later rendering restores the
    background, draws the moving artists on it and encodes the PNG. Redrawing the axes, ticks,
    grid and legend on every change would cost several times more. Only
    :meth:`Explorer.render_png` is replaced.
    """

    _artists: dict[str, object] | None = None
    _background = None
    _canvas: FigureCanvasAgg | None = None

    def moving_artists(self) -> list:
        """The artists that :meth:`draw` updates; empty before the first draw."""
        raise NotImplementedError  # pragma: no cover - abstract

    def render_png(self) -> bytes:
        if self._artists is None:  # nothing drawn (``draw`` switched off, as in a build)
            return b""
        if self._canvas is None:
            self._canvas = FigureCanvasAgg(self.fig)
        canvas, moving = self._canvas, self.moving_artists()
        if self._background is None or not moving:
            for artist in moving:
                artist.set_animated(True)
            canvas.draw()
            if moving:
                self._background = canvas.copy_from_bbox(self.fig.bbox)
        else:
            canvas.restore_region(self._background)
        for artist in moving:
            self.fig.draw_artist(artist)
        width, height = canvas.get_width_height()
        image = Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
        buffer = io.BytesIO()
        image.save(buffer, format="png", compress_level=1)
        return buffer.getvalue()


# ---------------------------------------------------------------------------------------------
# Two-sided pricing
# ---------------------------------------------------------------------------------------------


class TwoSidedPricingExplorer(_BlitExplorer):
    """Profit-maximising prices of a monopoly two-sided platform, side by side with costs.

    Members of side ``i`` value each member of the other side at ``alpha_i``; serving one member
    of side ``i`` costs ``cost_i``. Participation is linear with intercept ``size`` and slope
    ``slope`` on both sides (:func:`~platformlab.models.matching.two_sided_monopoly_prices`).
    Where no interior optimum exists (``(alpha_1 + alpha_2)**2 * slope**2 >= 4``, or a side
    would not be served) the status line shows the model's message and the figure keeps the
    last good prices.

    Parameters
    ----------
    alpha_1, alpha_2 : float
        Initial cross-side externalities, in [0, 1.5] (the slider range).
    cost_1, cost_2 : float
        Initial costs per member, in [0, 1] (the slider range).
    size, slope : float
        Intercept (in [0, inf)) and slope (in (0, inf)) of participation on both sides.
    """

    #: What moves in the HTML book (see platformlab.explore.book).
    book = BookView(live=("alpha_1", "alpha_2"), steps={"alpha_1": 0.1, "alpha_2": 0.1})

    figsize = (5.2, 2.9)
    margins = {"left": 0.14, "right": 0.97, "bottom": 0.1, "top": 0.95}

    def __init__(self, alpha_1: float = 0.2, alpha_2: float = 1.2, cost_1: float = 0.2,
                 cost_2: float = 0.2, *, size: float = 1.0, slope: float = 1.0) -> None:
        check_range("alpha_1", alpha_1, 0.0, 1.5)
        check_range("alpha_2", alpha_2, 0.0, 1.5)
        check_range("cost_1", cost_1, 0.0, 1.0)
        check_range("cost_2", cost_2, 0.0, 1.0)
        self.size = float(check_range("size", size, 0.0, high_open=True))
        self.slope = float(check_range("slope", slope, 0.0, low_open=True, high_open=True))
        self._artists: dict[str, object] | None = None
        super().__init__(
            {
                "alpha_1": float_slider(alpha_1, 0.0, 1.5, 0.05, "Side 1 values side 2 (α₁)"),
                "alpha_2": float_slider(alpha_2, 0.0, 1.5, 0.05, "Side 2 values side 1 (α₂)"),
                "cost_1": float_slider(cost_1, 0.0, 1.0, 0.05, "Cost of a side-1 member (f₁)"),
                "cost_2": float_slider(cost_2, 0.0, 1.0, 0.05, "Cost of a side-2 member (f₂)"),
            }
        )

    def compute(self, alpha_1: float, alpha_2: float, cost_1: float,
                cost_2: float) -> dict[str, float]:
        opt = matching.two_sided_monopoly_prices(
            alpha_1, alpha_2, cost_1, cost_2, size_1=self.size, size_2=self.size,
            slope_1=self.slope, slope_2=self.slope,
        )
        return {
            "price_1": opt.price_1, "price_2": opt.price_2,
            "participation_1": opt.participation_1, "participation_2": opt.participation_2,
            "profit": opt.profit, "cost_1": float(cost_1), "cost_2": float(cost_2),
        }

    def draw(self, result: dict[str, float], values: dict[str, float]) -> None:
        prices = [result["price_1"], result["price_2"]]
        costs = [result["cost_1"], result["cost_2"]]
        if self._artists is None:
            self._artists = draw_prices(self.ax, prices, costs)
            return
        _update_prices(self._artists, prices, costs)

    def moving_artists(self) -> list:
        if self._artists is None:
            return []
        return [*self._artists["bars"], self._artists["ticks"], *self._artists["labels"]]

    def summary(self, result: dict[str, float]) -> str:
        parts = []
        for side in (1, 2):
            price, cost = result[f"price_{side}"], result[f"cost_{side}"]
            parts.append(f"Side {side}: price <b>{price:.2f}</b> ({_verdict(price, cost)})")
        parts.append(
            f"members {result['participation_1']:.2f} and {result['participation_2']:.2f}"
        )
        parts.append(f"profit {result['profit']:.2f}")
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
    bars = ax.bar(_SIDES, _clip(prices), color=plotting.colors(2), width=0.55)
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


class MatchingFunctionExplorer(_BlitExplorer):
    """Job-finding and vacancy-filling rates against tightness, now and at the start.

    The market has ``unemployed`` job seekers (fixed) and the slider's number of vacancies;
    matches follow the Cobb-Douglas matching function with the slider's efficiency
    (:func:`~platformlab.models.matching.matches`). Dashed curves and hollow markers show the
    starting market (``efficiency``, ``vacancies`` as passed in), solid ones the current market.

    Parameters
    ----------
    efficiency : float
        Initial and reference matching efficiency, in [0.1, 0.5] (the slider range; it keeps
        both rates at most 1 over the plotted tightness range 0.25-2).
    vacancies : float
        Initial and reference vacancies, in [unemployed/4, 2*unemployed].
    unemployed : float
        Job seekers, in (0, inf).
    elasticity : float
        Elasticity of matches with respect to job seekers, in (0, 1).
    """

    #: What moves in the HTML book (see platformlab.explore.book).
    book = BookView(live=("efficiency", "vacancies"), steps={"efficiency": 0.02, "vacancies": 10.0})

    figsize = (5.6, 3.1)
    margins = {"left": 0.12, "right": 0.95, "bottom": 0.18, "top": 0.95}
    theta_range = (0.25, 2.0)

    def __init__(self, efficiency: float = 0.3, vacancies: float = 50.0, *,
                 unemployed: float = 100.0, elasticity: float = 0.5) -> None:
        self.unemployed = float(check_range("unemployed", unemployed, 0.0, low_open=True,
                                            high_open=True))
        self.elasticity = float(check_range("elasticity", elasticity, 0.0, 1.0,
                                            low_open=True, high_open=True))
        low_v, high_v = self.theta_range[0] * self.unemployed, self.theta_range[1] * self.unemployed
        self.efficiency_0 = float(check_range("efficiency", efficiency, 0.1, 0.5))
        self.vacancies_0 = float(check_range("vacancies", vacancies, low_v, high_v))
        self.theta_grid = np.linspace(*self.theta_range, 120)
        self.reference = self._rates(self.efficiency_0, self.vacancies_0)
        self._artists: dict[str, object] | None = None
        step = round(self.unemployed / 100, 6)
        super().__init__(
            {
                "efficiency": float_slider(efficiency, 0.1, 0.5, 0.01, "Matching efficiency (μ)"),
                "vacancies": float_slider(vacancies, low_v, high_v, step, "Vacancies (V)", ".0f"),
            }
        )

    def _rates(self, efficiency: float, vacancies: float) -> dict[str, float | np.ndarray]:
        return market_rates(efficiency, vacancies, self.theta_grid, unemployed=self.unemployed,
                            elasticity=self.elasticity)

    def compute(self, efficiency: float, vacancies: float) -> dict[str, float]:
        return self._rates(efficiency, vacancies)

    def draw(self, result: dict[str, float], values: dict[str, float]) -> None:
        if self._artists is None:
            self._artists = draw_rates(self.ax, self.theta_grid, result, self.reference)
            return
        _update_rates(self._artists, result)

    def moving_artists(self) -> list:
        if self._artists is None:
            return []
        return [self._artists["finding"], self._artists["filling"], self._artists["points"]]

    def summary(self, result: dict[str, float]) -> str:
        change = result["matches"] / self.reference["matches"] - 1.0
        return (
            f"Tightness θ = <b>{result['theta']:.2f}</b> · job-finding rate f = "
            f"<b>{result['finding']:.3f}</b> · filling rate q = <b>{result['filling']:.3f}</b>"
            f" · matches M = <b>{result['matches']:.1f}</b> ({change:+.0%} on the start)"
        )


def market_rates(efficiency: float, vacancies: float, theta_grid: np.ndarray, *,
                 unemployed: float = 100.0, elasticity: float = 0.5) -> dict[str, object]:
    """Tightness, matches and both rates of one market, and the two rate curves on a grid.

    What :class:`MatchingFunctionExplorer` computes and :func:`draw_rates` draws; the model
    functions of :mod:`platformlab.models.matching` check the arguments.
    """
    theta = matching.tightness(vacancies, unemployed)
    return {
        "theta": theta,
        "matches": matching.matches(unemployed, vacancies, efficiency, elasticity),
        "finding": matching.job_finding_rate(theta, efficiency, elasticity),
        "filling": matching.vacancy_filling_rate(theta, efficiency, elasticity),
        "finding_curve": matching.job_finding_rate(theta_grid, efficiency, elasticity),
        "filling_curve": matching.vacancy_filling_rate(theta_grid, efficiency, elasticity),
    }


def draw_rates(ax: plt.Axes, theta_grid: np.ndarray, result: dict[str, object],
               reference: dict[str, object] | None = None) -> dict[str, object]:
    """Job-finding and filling rates against tightness; the reference market dashed.

    ``result`` and ``reference`` hold ``theta``, ``finding``, ``filling`` and the two curves on
    ``theta_grid`` (``finding_curve``, ``filling_curve``), as computed by
    :class:`MatchingFunctionExplorer`. Returns the artists of the current market.
    """
    finding_color, filling_color = plotting.colors(2)
    if reference is not None:
        ax.plot(theta_grid, reference["finding_curve"], color=finding_color, linestyle="--",
                linewidth=1, alpha=0.7)
        ax.plot(theta_grid, reference["filling_curve"], color=filling_color, linestyle="--",
                linewidth=1, alpha=0.7)
        ax.plot([reference["theta"]] * 2, [reference["finding"], reference["filling"]],
                linestyle="none", marker="o", markerfacecolor="white", color="0.35")
    (finding,) = ax.plot(theta_grid, result["finding_curve"], color=finding_color,
                         label="job-finding rate f")
    (filling,) = ax.plot(theta_grid, result["filling_curve"], color=filling_color,
                         label="vacancy-filling rate q")
    (points,) = ax.plot([result["theta"]] * 2, [result["finding"], result["filling"]],
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


def _update_rates(artists: dict[str, object], result: dict[str, object]) -> None:
    artists["finding"].set_ydata(result["finding_curve"])
    artists["filling"].set_ydata(result["filling_curve"])
    artists["points"].set_data([result["theta"]] * 2, [result["finding"], result["filling"]])


#: Slider settings the benchmark cycles through (benchmarks/run.py reads BENCHMARK_CASES).
BENCHMARK_CASES = [
    (
        "TwoSidedPricingExplorer",
        TwoSidedPricingExplorer,
        [{"alpha_1": 0.05 * (i % 10), "alpha_2": 1.3 - 0.04 * i, "cost_1": 0.01 * i}
         for i in range(30)],
    ),
    (
        "MatchingFunctionExplorer",
        MatchingFunctionExplorer,
        [{"efficiency": 0.2 + 0.01 * i, "vacancies": 30.0 + 5 * i} for i in range(30)],
    ),
]
