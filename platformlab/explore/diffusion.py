"""Explorers of the Social-commerce chapter: Bass diffusion, critical mass, group buying.

Three explorers, each wired to :mod:`platformlab.models.diffusion`:

* :class:`BassExplorer` -- sliders on the innovation coefficient :math:`p`, the imitation
  coefficient :math:`q` and the market potential :math:`m`; the cumulative-adoption curve on a
  calendar axis, with observed points and a ceiling (for Pinduoduo: WeChat's reach) if given.
* :class:`CriticalMassExplorer` -- a price slider; the fulfilled-expectations demand curve
  :math:`n(1-n)`, the price line and the two equilibria it cuts (the tipping point and the
  stable network), which vanish above a price of 1/4.
* :class:`GroupBuyingExplorer` -- team size and discount sliders; the probability that the team
  forms and the seller's expected profit per team place, against the discount.

Each module-level ``draw_*`` helper draws the same picture on any axes, so a chapter can make
the static companion figure (small multiples) with the code the explorer uses. Figures hold
ASCII text only (no CJK font).
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import MaxNLocator

from platformlab import plotting
from platformlab._validate import check_int, check_range
from platformlab.explore.book import BookView
from platformlab.explore.base import Explorer, float_slider, freeze_background, int_slider
from platformlab.models import diffusion as dm

__all__ = [
    "BassExplorer",
    "CriticalMassExplorer",
    "GroupBuyingExplorer",
    "draw_bass_curve",
    "draw_critical_mass",
    "draw_group_buying",
    "BENCHMARK_CASES",
]


class _IntegerAwareExplorer(Explorer):
    """An explorer whose integer sliders refuse values that are not whole numbers."""

    def update(self, **values: Any) -> dict[str, float] | None:
        for name, value in values.items():
            control = self.controls.get(name)
            if isinstance(control, widgets.IntSlider):
                try:
                    check_int(name, value, low=control.min, high=control.max)
                except TypeError as err:  # a float such as 2.5, a string, NaN
                    raise ValueError(str(err)) from None
        return super().update(**values)


def _few_ticks(ax: plt.Axes) -> None:
    """At most five labelled ticks per axis: text is most of the cost of redrawing a figure."""
    ax.xaxis.set_major_locator(MaxNLocator(5))
    ax.yaxis.set_major_locator(MaxNLocator(5))


# --------------------------------------------------------------------------------------------
# Bass diffusion
# --------------------------------------------------------------------------------------------


class BassExplorer(Explorer):
    """How the innovation and imitation coefficients and the market size shape adoption.

    Sliders set :math:`p`, :math:`q` and :math:`m` (millions of accounts); the explorer draws
    the cumulative adopters :math:`N(t) = mF(t - t_0)`
    (:func:`~platformlab.models.diffusion.bass_cumulative`) with a vertical line at the peak of
    the adoption rate (:func:`~platformlab.models.diffusion.bass_peak_time`). Observed points
    and a ceiling line are drawn if given, and the status line reports the root mean squared
    distance between the curve and the observations.

    Parameters
    ----------
    p, q, m : float
        Initial slider values: p in [0.001, 0.2], q in [0, 1.5], m in [100, 2000].
    t0 : float
        Launch date on the calendar axis (an assumption, fixed for the explorer).
    horizon : (float, float), optional
        Calendar range ``(start, end)`` of the horizontal axis, ``start < end``; default
        ``(t0, t0 + 20)``.
    observed_t, observed : array_like, optional
        Dates and values (millions) of observations to draw as points.
    ceiling : float, optional
        A level (millions) drawn as a dashed line, e.g. the users of the host network.
    ceiling_label, observed_label : str
        Legend labels (ASCII).
    """

    #: What moves in the HTML book (see platformlab.explore.book).
    book = BookView(live=("p", "q"), steps={"p": 0.01, "q": 0.1})

    figsize = (6.5, 3.2)
    margins = {"left": 0.12, "right": 0.98, "bottom": 0.17, "top": 0.95}
    n_grid = 161

    def __init__(
        self,
        p: float = dm.SULTAN_FARLEY_LEHMANN_P,
        q: float = dm.SULTAN_FARLEY_LEHMANN_Q,
        m: float = 1000.0,
        *,
        t0: float = 0.0,
        horizon: tuple[float, float] | None = None,
        observed_t: Any = None,
        observed: Any = None,
        ceiling: float | None = None,
        ceiling_label: str = "ceiling",
        observed_label: str = "observed",
    ) -> None:
        check_range("p", p, 0.001, 0.2)
        check_range("q", q, 0.0, 1.5)
        check_range("m", m, 100.0, 2000.0)
        self.t0 = float(check_range("t0", t0, -1e6, 1e6))
        if horizon is None:
            horizon = (self.t0, self.t0 + 20.0)
        lo, hi = (float(x) for x in check_range("horizon", horizon, -1e6, 1e6))
        if not lo < hi:
            raise ValueError(f"horizon must be (start, end) with start < end; got {horizon!r}")
        self.t = np.linspace(lo, hi, self.n_grid)
        if (observed_t is None) != (observed is None):
            raise ValueError("observed_t and observed must be given together")
        if observed is not None:
            self.observed_t = np.asarray(check_range("observed_t", observed_t, -1e6, 1e6), float)
            self.observed = np.asarray(check_range("observed", observed, 0.0, 1e6), float)
            if self.observed_t.shape != self.observed.shape or self.observed.ndim != 1:
                raise ValueError(
                    "observed_t and observed must be one-dimensional and of the same length; "
                    f"got shapes {self.observed_t.shape} and {self.observed.shape}"
                )
        else:
            self.observed_t = self.observed = None
        self.ceiling = None if ceiling is None else float(check_range("ceiling", ceiling, 0.0, 1e6))
        self.ceiling_label = ceiling_label
        self.observed_label = observed_label
        self._artists: dict[str, Any] = {}
        super().__init__(
            {
                "p": float_slider(p, 0.001, 0.2, 0.001, "Innovation p (per year)", ".3f"),
                "q": float_slider(q, 0.0, 1.5, 0.01, "Imitation q (per year)", ".2f"),
                "m": float_slider(m, 100.0, 2000.0, 1.0, "Market potential m (million)", ".0f"),
            }
        )

    def compute(self, p: float, q: float, m: float) -> dict[str, Any]:
        curve = dm.bass_cumulative(self.t, p, q, m, t0=self.t0)
        peak = float(dm.bass_peak_time(p, q, t0=self.t0))
        result: dict[str, Any] = {
            "curve": curve,
            "peak_time": peak,
            "share_at_peak": max(0.0, 0.5 - p / (2 * q)) if q > 0 else 0.0,
            "rmse": float("nan"),
        }
        if self.observed is not None:
            fitted = dm.bass_cumulative(self.observed_t, p, q, m, t0=self.t0)
            result["rmse"] = float(np.sqrt(np.mean((fitted - self.observed) ** 2)))
        return result

    def draw(self, result: dict[str, Any], values: dict[str, float]) -> None:
        if not self._artists:
            self._artists = draw_bass_curve(
                self.ax, self.t, result["curve"], result["peak_time"],
                observed_t=self.observed_t, observed=self.observed, ceiling=self.ceiling,
                ceiling_label=self.ceiling_label, observed_label=self.observed_label,
                ylim=(0, 2100), legend=True,
            )
            freeze_background(self.fig, self.ax,
                               [self._artists["curve"], self._artists["peak"]])
            return
        self._artists["curve"].set_ydata(result["curve"])
        self._artists["peak"].set_xdata([result["peak_time"]] * 2)

    def summary(self, result: dict[str, Any]) -> str:
        text = (
            f"Adoption peaks in <b>{result['peak_time']:.1f}</b>, when "
            f"<b>{100 * result['share_at_peak']:.0f}%</b> of the market has adopted"
        )
        if self.observed is not None:
            text += f" · distance from the data (RMSE): <b>{result['rmse']:.0f} million</b>"
        return text


def draw_bass_curve(
    ax: plt.Axes,
    t: Any,
    curve: Any,
    peak_time: float,
    *,
    observed_t: Any = None,
    observed: Any = None,
    ceiling: float | None = None,
    ceiling_label: str = "ceiling",
    observed_label: str = "observed",
    ylim: tuple[float, float] | None = None,
    legend: bool = True,
) -> dict[str, Any]:
    """Cumulative adopters against time, with a peak marker, observations and a ceiling.

    Returns the artists by name (``curve``, ``peak``, and ``observed``/``ceiling`` if drawn) so
    that an explorer can update them in place.
    """
    c = plotting.colors(3)
    artists: dict[str, Any] = {}
    (artists["curve"],) = ax.plot(t, curve, color=c[0], linewidth=2, label="Bass curve")
    artists["peak"] = ax.axvline(peak_time, color=c[0], linestyle=":", linewidth=1.2,
                                 label="peak of adoption rate")
    if ceiling is not None:
        artists["ceiling"] = ax.axhline(ceiling, color=c[2], linestyle="--", linewidth=1.2,
                                        label=ceiling_label)
    if observed is not None:
        artists["observed"] = ax.scatter(observed_t, observed, color=c[1], zorder=3, s=28,
                                         label=observed_label)
    ax.set_xlim(float(np.min(t)), float(np.max(t)))
    if ylim is not None:
        ax.set_ylim(*ylim)
    ax.set_xlabel("Year")
    ax.set_ylabel("Million accounts")
    _few_ticks(ax)
    if legend:
        ax.legend(loc="upper left", fontsize="x-small")
    return artists


# --------------------------------------------------------------------------------------------
# Critical mass
# --------------------------------------------------------------------------------------------


class CriticalMassExplorer(Explorer):
    """Where the price cuts the willingness-to-pay curve: the tipping point and the stable network.

    A slider sets the price of joining (in units of the highest type's value of a full
    network). The explorer draws the fulfilled-expectations demand curve :math:`n(1-n)`
    (:func:`~platformlab.models.diffusion.marginal_willingness_to_pay`), the price line and
    the two interior equilibria (:func:`~platformlab.models.diffusion.critical_mass_equilibria`):
    the lower one (open marker) is the tipping point, the upper one (filled) is stable. Above
    a price of 1/4 there is none.

    Parameters
    ----------
    price : float
        Initial price, in [0, 0.35].
    """

    #: What moves in the HTML book (see platformlab.explore.book).
    book = BookView(live=("price",))

    figsize = (6.0, 3.2)
    margins = {"left": 0.13, "right": 0.97, "bottom": 0.17, "top": 0.95}

    def __init__(self, price: float = 0.16) -> None:
        check_range("price", price, 0.0, 0.35)
        self._artists: dict[str, Any] = {}
        super().__init__({"price": float_slider(price, 0.0, 0.35, 0.005, "Price of joining", ".3f")})

    def compute(self, price: float) -> dict[str, float]:
        low, high = dm.critical_mass_equilibria(price)
        return {"low": float(low), "high": float(high)}

    def draw(self, result: dict[str, float], values: dict[str, float]) -> None:
        if not self._artists:
            self._artists = draw_critical_mass(self.ax, values["price"], result["low"],
                                               result["high"])
            freeze_background(self.fig, self.ax, [self._artists[name]
                                                   for name in ("price", "low", "high")])
            return
        _update_critical_mass(self._artists, values["price"], result["low"], result["high"])

    def summary(self, result: dict[str, float]) -> str:
        low, high = result["low"], result["high"]
        if np.isnan(low):
            return ("<b>No network survives at this price:</b> it exceeds 1/4, the most the "
                    "marginal member pays at any network size")
        if low == high:
            return f"One equilibrium: <b>n = {low:.3f}</b> (the price is exactly 1/4)"
        return (
            f"Tipping point (critical mass): <b>n = {low:.3f}</b> · stable network: "
            f"<b>n = {high:.3f}</b> · start below {low:.3f} and the network unravels to zero"
        )


def draw_critical_mass(ax: plt.Axes, price: float, low: float | None = None,
                       high: float | None = None, *, legend: bool = True) -> dict[str, Any]:
    """Demand curve :math:`n(1-n)`, a price line and the equilibria (computed if not given).

    Returns the artists by name (``curve``, ``price``, ``low``, ``high``).
    """
    if low is None or high is None:
        low, high = (float(x) for x in dm.critical_mass_equilibria(price))
    c = plotting.colors(3)
    n = np.linspace(0.0, 1.0, 201)
    artists: dict[str, Any] = {}
    (artists["curve"],) = ax.plot(n, dm.marginal_willingness_to_pay(n), color=c[0], linewidth=2,
                                  label="n(1 - n)")
    (artists["price"],) = ax.plot([0.0, 1.0], [price, price], color=c[1], linewidth=1.5,
                                  linestyle="--", label="price")
    (artists["low"],) = ax.plot([], [], marker="o", markersize=8, markerfacecolor="white",
                                markeredgecolor="black", linestyle="none",
                                label="tipping point")
    (artists["high"],) = ax.plot([], [], marker="o", markersize=8, color="black",
                                 linestyle="none", label="stable network")
    _update_critical_mass(artists, price, low, high)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 0.42)
    ax.set_xlabel("Share of consumers who join, n")
    ax.set_ylabel("Price / willingness to pay")
    _few_ticks(ax)
    if legend:
        ax.legend(loc="upper center", fontsize="x-small", ncols=2)
    return artists


def _update_critical_mass(artists: dict[str, Any], price: float, low: float, high: float) -> None:
    artists["price"].set_ydata([price, price])
    if np.isnan(low):
        artists["low"].set_data([], [])
        artists["high"].set_data([], [])
    else:
        artists["low"].set_data([low], [price])
        artists["high"].set_data([high], [price])


# --------------------------------------------------------------------------------------------
# Group buying
# --------------------------------------------------------------------------------------------


class GroupBuyingExplorer(_IntegerAwareExplorer):
    """The seller's trade-off between margin and reach in a team purchase.

    Sliders set the team size :math:`k` and the discount :math:`\\Delta`; the sharer reaches
    ``contacts`` contacts, each joining with the logistic probability
    :func:`~platformlab.models.diffusion.join_probability`. Against the discount, the explorer
    draws the probability that the team forms
    (:func:`~platformlab.models.diffusion.team_success_probability`) and the expected profit per
    team place as a share of the list price, :math:`S\\,(1 - \\Delta - c/P)`
    (:func:`~platformlab.models.diffusion.expected_seller_profit` divided by :math:`kP`), with
    markers at the chosen discount and a dotted line at the best one
    (:func:`~platformlab.models.diffusion.best_discount`).

    Parameters
    ----------
    team_size : int
        Initial team size, in [1, 10].
    discount : float
        Initial discount, in [0, 0.9].
    contacts : int
        Contacts the sharer reaches, in [0, 200]; fixed for the explorer.
    cost : float
        Unit cost as a share of the list price, in [0, 1); fixed. With 0 profit is revenue.
    intercept, slope : float
        Parameters of the join probability (assumed, not estimated); fixed.
    """

    #: What moves in the HTML book (see platformlab.explore.book).
    book = BookView(live=("team_size", "discount"), steps={"discount": 0.05})

    figsize = (6.5, 3.2)
    margins = {"left": 0.12, "right": 0.98, "bottom": 0.17, "top": 0.95}
    max_discount = 0.9

    def __init__(
        self,
        team_size: int = 3,
        discount: float = 0.2,
        *,
        contacts: int = 10,
        cost: float = 0.4,
        intercept: float = -3.0,
        slope: float = 10.0,
    ) -> None:
        check_int("team_size", team_size, low=1, high=10)
        check_range("discount", discount, 0.0, self.max_discount)
        self.contacts = check_int("contacts", contacts, low=0, high=200)
        self.cost = float(check_range("cost", cost, 0.0, 1.0, high_open=True))
        self.intercept = float(check_range("intercept", intercept, -20.0, 20.0))
        self.slope = float(check_range("slope", slope, 0.0, 100.0))
        self.grid = np.linspace(0.0, self.max_discount, 181)
        self._pi_grid = dm.join_probability(self.grid, self.intercept, self.slope)
        self._artists: dict[str, Any] = {}
        super().__init__(
            {
                "team_size": int_slider(team_size, 1, 10, "Team size k (incl. the sharer)"),
                "discount": float_slider(discount, 0.0, self.max_discount, 0.01, "Team discount",
                                    ".2f"),
            }
        )

    def compute(self, team_size: int, discount: float) -> dict[str, Any]:
        k = int(team_size)
        kw = {"intercept": self.intercept, "slope": self.slope}
        success_curve = dm.team_success_probability(k, self.contacts, self._pi_grid)
        profit_curve = success_curve * (1.0 - self.grid - self.cost)
        pi = float(dm.join_probability(discount, **kw))
        success = float(dm.team_success_probability(k, self.contacts, pi))
        profit = float(dm.expected_seller_profit(discount, k, self.contacts, 1.0, self.cost, **kw))
        best = dm.best_discount(k, self.contacts, 1.0, self.cost, **kw)
        return {
            "join_probability": pi,
            "success_probability": success,
            "expected_profit": profit,
            "profit_per_place": profit / k,
            "best_discount": best.discount,
            "best_profit": best.profit,
            "success_curve": success_curve,
            "profit_curve": profit_curve,
        }

    def draw(self, result: dict[str, Any], values: dict[str, float]) -> None:
        if not self._artists:
            self._artists = draw_group_buying(self.ax, self.grid, result, values["discount"])
            freeze_background(self.fig, self.ax, self._artists.values())
            return
        a = self._artists
        a["success"].set_ydata(result["success_curve"])
        a["profit"].set_ydata(result["profit_curve"])
        a["success_point"].set_data([values["discount"]], [result["success_probability"]])
        a["profit_point"].set_data([values["discount"]], [result["profit_per_place"]])
        a["best"].set_xdata([result["best_discount"]] * 2)

    def summary(self, result: dict[str, Any]) -> str:
        return (
            f"Each contact joins with probability <b>{result['join_probability']:.2f}</b> · "
            f"the team forms with probability <b>{result['success_probability']:.2f}</b> · "
            f"expected profit <b>{result['expected_profit']:.2f}</b> (list price = 1) · "
            f"best discount for this team: <b>{100 * result['best_discount']:.0f}%</b>"
        )


def draw_group_buying(ax: plt.Axes, grid: Any, result: dict[str, Any], discount: float, *,
                      legend: bool = True) -> dict[str, Any]:
    """Success probability and profit per team place against the discount, with markers.

    ``result`` is a :meth:`GroupBuyingExplorer.compute` result. Returns the artists by name.
    """
    c = plotting.colors(3)
    a: dict[str, Any] = {}
    (a["success"],) = ax.plot(grid, result["success_curve"], color=c[0], linewidth=2,
                              label="P(team forms)")
    (a["profit"],) = ax.plot(grid, result["profit_curve"], color=c[1], linewidth=2,
                             label="profit per place")
    (a["success_point"],) = ax.plot([discount], [result["success_probability"]], "o",
                                    color=c[0])
    (a["profit_point"],) = ax.plot([discount], [result["profit_per_place"]], "o", color=c[1])
    a["best"] = ax.axvline(result["best_discount"], color="0.3", linestyle=":", linewidth=1.2,
                           label="best discount")
    ax.set_xlim(float(grid[0]), float(grid[-1]))
    ax.set_ylim(-0.02, 1.05)
    ax.set_xlabel("Team discount (share of list price)")
    ax.set_ylabel("Probability / share of price")
    _few_ticks(ax)
    if legend:
        ax.legend(loc="center right", fontsize="x-small")
    return a


#: Slider settings the benchmark cycles through (benchmarks/run.py reads BENCHMARK_CASES).
BENCHMARK_CASES = [
    (
        "BassExplorer",
        BassExplorer,
        [{"p": 0.01 + 0.002 * i, "q": 0.3 + 0.01 * i, "m": 800.0 + 10 * i} for i in range(30)],
    ),
    (
        "CriticalMassExplorer",
        CriticalMassExplorer,
        [{"price": 0.01 * i} for i in range(30)],
    ),
    (
        "GroupBuyingExplorer",
        GroupBuyingExplorer,
        [{"team_size": 1 + i % 10, "discount": 0.03 * i} for i in range(30)],
    ),
]
