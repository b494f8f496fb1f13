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

from typing import Any, NamedTuple

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import MaxNLocator

from platformlab import plotting
from platformlab._validate import check_int, check_range
from platformlab.explore.book import BookView
from platformlab.explore.base import Explorer, Slider, freeze_background
from platformlab.models import diffusion as dm

__all__ = [
    "BassExplorer",
    "BassView",
    "CriticalMassExplorer",
    "CriticalMassView",
    "GroupBuyingExplorer",
    "GroupBuyingView",
    "draw_bass_curve",
    "draw_critical_mass",
    "draw_group_buying",
]


def _few_ticks(ax: plt.Axes) -> None:
    """At most five labelled ticks per axis: text is most of the cost of redrawing a figure."""
    ax.xaxis.set_major_locator(MaxNLocator(5))
    ax.yaxis.set_major_locator(MaxNLocator(5))


# --------------------------------------------------------------------------------------------
# Bass diffusion
# --------------------------------------------------------------------------------------------


class BassView(NamedTuple):
    """What the Bass explorer shows at a setting."""

    curve: np.ndarray  #: cumulative adopters N(t) (millions) on the explorer's time grid ``t``
    peak_time: float  #: calendar date of the peak of the adoption rate
    share_at_peak: float  #: share of the market that has adopted at the peak (0 if at launch)
    rmse: float  #: root mean squared distance to the observations (millions); NaN without any


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
    p, q, m : float, optional
        Initial slider values: p in [0.001, 0.2], q in [0, 1.5], m in [100, 2000] (default:
        the declaration, ``sliders``: the average coefficients of Sultan, Farley and Lehmann).
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

    sliders = (
        Slider("p", "Innovation p (per year)", 0.001, 0.2, 0.001, dm.SULTAN_FARLEY_LEHMANN_P,
               ".3f"),
        Slider("q", "Imitation q (per year)", 0.0, 1.5, 0.01, dm.SULTAN_FARLEY_LEHMANN_Q, ".2f"),
        Slider("m", "Market potential m (million)", 100.0, 2000.0, 1.0, 1000.0, ".0f"),
    )
    #: What moves in the HTML book (see platformlab.explore.book).
    book = BookView(live=("p", "q"), steps={"p": 0.01, "q": 0.1})

    figsize = (6.5, 3.2)
    margins = {"left": 0.12, "right": 0.98, "bottom": 0.17, "top": 0.95}
    n_grid = 161

    def __init__(
        self,
        p: float | None = None,
        q: float | None = None,
        m: float | None = None,
        *,
        t0: float = 0.0,
        horizon: tuple[float, float] | None = None,
        observed_t: Any = None,
        observed: Any = None,
        ceiling: float | None = None,
        ceiling_label: str = "ceiling",
        observed_label: str = "observed",
    ) -> None:
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
        super().__init__({"p": p, "q": q, "m": m})

    def view(self, p: float, q: float, m: float) -> BassView:
        curve = dm.bass_cumulative(self.t, p, q, m, t0=self.t0)
        peak = float(dm.bass_peak_time(p, q, t0=self.t0))
        share = max(0.0, 0.5 - p / (2 * q)) if q > 0 else 0.0
        rmse = float("nan")
        if self.observed is not None:
            fitted = dm.bass_cumulative(self.observed_t, p, q, m, t0=self.t0)
            rmse = float(np.sqrt(np.mean((fitted - self.observed) ** 2)))
        return BassView(curve, peak, share, rmse)

    def draw(self, view: BassView, values: dict[str, float]) -> None:
        if not self._artists:
            self._artists = draw_bass_curve(
                self.ax, self.t, view.curve, view.peak_time,
                observed_t=self.observed_t, observed=self.observed, ceiling=self.ceiling,
                ceiling_label=self.ceiling_label, observed_label=self.observed_label,
                ylim=(0, 2100), legend=True,
            )
            freeze_background(self.fig, self.ax,
                               [self._artists["curve"], self._artists["peak"]])
            return
        self._artists["curve"].set_ydata(view.curve)
        self._artists["peak"].set_xdata([view.peak_time] * 2)

    def summary(self, view: BassView) -> str:
        text = (
            f"Adoption peaks in <b>{view.peak_time:.1f}</b>, when "
            f"<b>{100 * view.share_at_peak:.0f}%</b> of the market has adopted"
        )
        if self.observed is not None:
            text += f" · distance from the data (RMSE): <b>{view.rmse:.0f} million</b>"
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
    blue, orange, green = (plotting.color(name) for name in ("blue", "orange", "green"))
    artists: dict[str, Any] = {}
    (artists["curve"],) = ax.plot(t, curve, color=blue, linewidth=2, label="Bass curve")
    artists["peak"] = ax.axvline(peak_time, color=blue, linestyle=":", linewidth=1.2,
                                 label="peak of adoption rate")
    if ceiling is not None:
        artists["ceiling"] = ax.axhline(ceiling, color=green, linestyle="--", linewidth=1.2,
                                        label=ceiling_label)
    if observed is not None:
        artists["observed"] = ax.scatter(observed_t, observed, color=orange, zorder=3, s=28,
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


class CriticalMassView(NamedTuple):
    """What the critical-mass explorer shows at a price."""

    price: float  #: price of joining (units of the highest type's value of a full network)
    low: float  #: the tipping point (critical mass): lower root of n(1 - n) = price; NaN if none
    high: float  #: the stable network, the upper root; NaN above a price of 1/4


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
    price : float, optional
        Initial price, in [0, 0.35] (default: the declaration, ``sliders``).
    """

    sliders = (Slider("price", "Price of joining", 0.0, 0.35, 0.005, 0.16, ".3f"),)
    #: What moves in the HTML book (see platformlab.explore.book).
    book = BookView(live=("price",))

    figsize = (6.0, 3.2)
    margins = {"left": 0.13, "right": 0.97, "bottom": 0.17, "top": 0.95}

    def __init__(self, price: float | None = None) -> None:
        self._artists: dict[str, Any] = {}
        super().__init__({"price": price})

    def view(self, price: float) -> CriticalMassView:
        low, high = dm.critical_mass_equilibria(price)
        return CriticalMassView(float(price), float(low), float(high))

    def draw(self, view: CriticalMassView, values: dict[str, float]) -> None:
        if not self._artists:
            self._artists = draw_critical_mass(self.ax, view.price, view.low, view.high)
            freeze_background(self.fig, self.ax, [self._artists[name]
                                                   for name in ("price", "low", "high")])
            return
        _update_critical_mass(self._artists, view.price, view.low, view.high)

    def summary(self, view: CriticalMassView) -> str:
        low, high = view.low, view.high
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
    blue, orange = plotting.color("blue"), plotting.color("orange")
    n = np.linspace(0.0, 1.0, 201)
    artists: dict[str, Any] = {}
    (artists["curve"],) = ax.plot(n, dm.marginal_willingness_to_pay(n), color=blue, linewidth=2,
                                  label="n(1 - n)")
    (artists["price"],) = ax.plot([0.0, 1.0], [price, price], color=orange, linewidth=1.5,
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


class GroupBuyingView(NamedTuple):
    """What the group-buying explorer shows at a team size and a discount."""

    team_size: int  #: team size k, the sharer included
    discount: float  #: the team discount, a share of the list price
    join_probability: float  #: probability that one contact joins at this discount
    success_probability: float  #: probability that the team forms (k - 1 contacts join)
    expected_profit: float  #: seller's expected profit per team (list price = 1)
    profit_per_place: float  #: expected profit per team place, ``expected_profit / k``
    best_discount: float  #: the discount that maximises the expected profit for this team
    best_profit: float  #: the expected profit per team at the best discount
    success_curve: np.ndarray  #: P(team forms) at each discount of the explorer's ``grid``
    profit_curve: np.ndarray  #: expected profit per place at each discount of ``grid``


class GroupBuyingExplorer(Explorer):
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
    team_size : int, optional
        Initial team size, in [1, 10] (default: the declaration, ``sliders``).
    discount : float, optional
        Initial discount, in [0, max_discount] (default: the declaration).
    contacts : int
        Contacts the sharer reaches, in [0, 200]; fixed for the explorer.
    cost : float
        Unit cost as a share of the list price, in [0, 1); fixed. With 0 profit is revenue.
    intercept, slope : float
        Parameters of the join probability (assumed, not estimated); fixed.
    """

    sliders = (
        Slider("team_size", "Team size k (incl. the sharer)", 1, 10, 1, 3, "d"),
        # a subclass may set another max_discount; the explorer passes it with ranges=
        Slider("discount", "Team discount", 0.0, 0.9, 0.01, 0.2, ".2f"),
    )
    #: What moves in the HTML book (see platformlab.explore.book).
    book = BookView(live=("team_size", "discount"), steps={"discount": 0.05})

    figsize = (6.5, 3.2)
    margins = {"left": 0.12, "right": 0.98, "bottom": 0.17, "top": 0.95}
    #: The largest discount: the discount slider's high end and the end of the curves' grid.
    max_discount = sliders[1].high

    def __init__(
        self,
        team_size: int | None = None,
        discount: float | None = None,
        *,
        contacts: int = 10,
        cost: float = 0.4,
        intercept: float = -3.0,
        slope: float = 10.0,
    ) -> None:
        self.contacts = check_int("contacts", contacts, low=0, high=200)
        self.cost = float(check_range("cost", cost, 0.0, 1.0, high_open=True))
        self.intercept = float(check_range("intercept", intercept, -20.0, 20.0))
        self.slope = float(check_range("slope", slope, 0.0, 100.0))
        self.grid = np.linspace(0.0, self.max_discount, 181)
        self._pi_grid = dm.join_probability(self.grid, self.intercept, self.slope)
        self._artists: dict[str, Any] = {}
        super().__init__({"team_size": team_size, "discount": discount},
                         ranges={"discount": {"high": self.max_discount}})

    def view(self, team_size: int, discount: float) -> GroupBuyingView:
        k = int(team_size)
        kw = {"intercept": self.intercept, "slope": self.slope}
        success_curve = dm.team_success_probability(k, self.contacts, self._pi_grid)
        profit_curve = success_curve * (1.0 - self.grid - self.cost)
        pi = float(dm.join_probability(discount, **kw))
        success = float(dm.team_success_probability(k, self.contacts, pi))
        profit = float(dm.expected_seller_profit(discount, k, self.contacts, 1.0, self.cost, **kw))
        best = dm.best_discount(k, self.contacts, 1.0, self.cost, **kw)
        return GroupBuyingView(
            team_size=k,
            discount=float(discount),
            join_probability=pi,
            success_probability=success,
            expected_profit=profit,
            profit_per_place=profit / k,
            best_discount=best.discount,
            best_profit=best.profit,
            success_curve=success_curve,
            profit_curve=profit_curve,
        )

    def draw(self, view: GroupBuyingView, values: dict[str, float]) -> None:
        if not self._artists:
            self._artists = draw_group_buying(self.ax, self.grid, view, view.discount)
            freeze_background(self.fig, self.ax, self._artists.values())
            return
        a = self._artists
        a["success"].set_ydata(view.success_curve)
        a["profit"].set_ydata(view.profit_curve)
        a["success_point"].set_data([view.discount], [view.success_probability])
        a["profit_point"].set_data([view.discount], [view.profit_per_place])
        a["best"].set_xdata([view.best_discount] * 2)

    def summary(self, view: GroupBuyingView) -> str:
        return (
            f"Each contact joins with probability <b>{view.join_probability:.2f}</b> · "
            f"the team forms with probability <b>{view.success_probability:.2f}</b> · "
            f"expected profit <b>{view.expected_profit:.2f}</b> (list price = 1) · "
            f"best discount for this team: <b>{100 * view.best_discount:.0f}%</b>"
        )


def draw_group_buying(ax: plt.Axes, grid: Any, view: GroupBuyingView, discount: float, *,
                      legend: bool = True) -> dict[str, Any]:
    """Success probability and profit per team place against the discount, with markers.

    ``view`` is a :meth:`GroupBuyingExplorer.view` (its curves are on ``grid``). Returns the
    artists by name.
    """
    blue, orange = plotting.color("blue"), plotting.color("orange")
    a: dict[str, Any] = {}
    (a["success"],) = ax.plot(grid, view.success_curve, color=blue, linewidth=2,
                              label="P(team forms)")
    (a["profit"],) = ax.plot(grid, view.profit_curve, color=orange, linewidth=2,
                             label="profit per place")
    (a["success_point"],) = ax.plot([discount], [view.success_probability], "o",
                                    color=blue)
    (a["profit_point"],) = ax.plot([discount], [view.profit_per_place], "o", color=orange)
    a["best"] = ax.axvline(view.best_discount, color="0.3", linestyle=":", linewidth=1.2,
                           label="best discount")
    ax.set_xlim(float(grid[0]), float(grid[-1]))
    ax.set_ylim(-0.02, 1.05)
    ax.set_xlabel("Team discount (share of list price)")
    ax.set_ylabel("Probability / share of price")
    _few_ticks(ax)
    if legend:
        ax.legend(loc="center right", fontsize="x-small")
    return a
