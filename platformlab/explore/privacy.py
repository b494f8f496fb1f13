"""Explorers of the Data-protection chapter: segment pricing, defaults, the privacy budget.

Three explorers, each wired to a function of :mod:`platformlab.models.privacy`:

* :class:`SegmentPricingExplorer` -- how many segments of buyers the seller can tell apart, and
  who gets the surplus (:func:`~platformlab.models.privacy.surplus_with_segments`);
* :class:`DefaultsExplorer` -- enrolment under opt-in and opt-out (a pre-ticked box) as the cost
  of acting rises (:func:`~platformlab.models.privacy.enrolment_rate`);
* :class:`PrivacyBudgetExplorer` -- the error of an ε-differentially private mean against the
  privacy budget ε and the clipping bound (:func:`~platformlab.models.privacy.dp_mean`).

The drawing functions (:func:`draw_segment_pricing`, :func:`draw_enrolment_curves`,
:func:`draw_error_curves`) are also used for the static companion figures of the chapter.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.collections import PolyCollection
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FixedFormatter, FixedLocator, NullLocator

from platformlab import plotting
from platformlab._validate import as_float_array, check_int, check_range
from platformlab.explore.book import BookView
from platformlab.explore.base import Explorer, Slider, freeze_background
from platformlab.models import privacy

__all__ = [
    "SegmentPricingExplorer",
    "SegmentView",
    "DefaultsExplorer",
    "DefaultsView",
    "PrivacyBudgetExplorer",
    "PrivacyBudgetView",
    "segment_polygons",
    "draw_segment_pricing",
    "draw_enrolment_curves",
    "draw_error_curves",
]


# ---------------------------------------------------------------------------------------------
# 1. Segment pricing: who gets the surplus as the seller learns more
# ---------------------------------------------------------------------------------------------


_QUARTERS = [0.0, 0.25, 0.5, 0.75, 1.0]
_QUARTER_LABELS = ["0", "0.25", "0.5", "0.75", "1"]


def segment_polygons(k: int) -> dict[str, Any]:
    """Polygons of consumer surplus, producer surplus and deadweight loss with ``k`` segments.

    Valuations are uniform on [0, 1] and plotted on the horizontal axis; a buyer with valuation
    :math:`v` in segment :math:`[a, b)` faces the price :math:`p = \\max(a, b/2)`
    (:func:`platformlab.models.privacy.partition_prices`). Buyers in :math:`[p, b)` buy: their
    surplus is the triangle between the valuation line and the price, the seller's revenue the
    rectangle under the price. Buyers in :math:`[a, p)` are priced out: the triangle under the
    valuation line is the deadweight loss.

    Returns
    -------
    dict
        ``consumer``, ``producer``, ``deadweight``: lists of (n, 2) vertex arrays;
        ``price_x``, ``price_y``: the price schedule as one line with NaN breaks.
    """
    k = check_int("k", k, low=1)
    edges, prices = privacy.partition_prices(np.arange(1, k) / k)
    a, b, p = edges[:-1], edges[1:], prices
    consumer = [np.array([[pj, pj], [bj, bj], [bj, pj]]) for aj, bj, pj in zip(a, b, p)]
    producer = [np.array([[pj, 0], [bj, 0], [bj, pj], [pj, pj]]) for aj, bj, pj in zip(a, b, p)]
    deadweight = [np.array([[aj, 0], [pj, 0], [pj, pj], [aj, aj]]) for aj, bj, pj in zip(a, b, p)]
    price_x = np.column_stack([a, b, np.full(k, np.nan)]).ravel()
    price_y = np.column_stack([p, p, np.full(k, np.nan)]).ravel()
    return {"consumer": consumer, "producer": producer, "deadweight": deadweight,
            "price_x": price_x, "price_y": price_y}


def draw_segment_pricing(ax: plt.Axes, k: int, legend: bool = True) -> dict[str, Any]:
    """Draw the surplus areas with ``k`` segments on ``ax``; return the artists (for updates)."""
    shapes = segment_polygons(k)
    blue, orange, grey = (plotting.color(name) for name in ("blue", "orange", "grey"))
    artists = {
        "consumer": PolyCollection(shapes["consumer"], facecolor=blue, alpha=0.55, linewidth=0),
        "producer": PolyCollection(shapes["producer"], facecolor=orange, alpha=0.45, linewidth=0),
        "deadweight": PolyCollection(shapes["deadweight"], facecolor=grey, alpha=0.45,
                                     linewidth=0),
    }
    for collection in artists.values():
        ax.add_collection(collection)
    (artists["valuation"],) = ax.plot([0, 1], [0, 1], color="0.2", linewidth=1.2)
    (artists["price"],) = ax.plot(shapes["price_x"], shapes["price_y"], color="black",
                                  linewidth=2.2)
    ax.set(xlim=(0, 1), ylim=(0, 1.02), xlabel="Buyer's valuation v (uniform on [0, 1])",
           ylabel="Price or value per unit", xticks=_QUARTERS, yticks=_QUARTERS,
           xticklabels=_QUARTER_LABELS, yticklabels=_QUARTER_LABELS)
    if legend:
        handles = [Patch(facecolor=blue, alpha=0.55, label="consumer surplus"),
                   Patch(facecolor=orange, alpha=0.45, label="producer surplus"),
                   Patch(facecolor=grey, alpha=0.45, label="deadweight loss"),
                   Line2D([], [], color="black", linewidth=2.2, label="price")]
        ax.legend(handles=handles, loc="upper left", fontsize="x-small")
    return artists


class SegmentView(NamedTuple):
    """What the segment-pricing explorer shows with ``k`` segments (valuations uniform on
    [0, 1])."""

    k: int  #: number of equal segments the seller tells apart
    consumer: float  #: consumer surplus (area, per buyer)
    producer: float  #: producer surplus: the seller's revenue (area, per buyer)
    deadweight: float  #: deadweight loss: value of the buyers priced out (area, per buyer)


class SegmentPricingExplorer(Explorer):
    """How surplus is split when the seller can tell ``k`` equal segments of buyers apart.

    One slider sets the number of segments :math:`k` (1 = the seller knows nothing); the figure
    shows the price in each segment and the areas of consumer surplus, producer surplus and
    deadweight loss; the status line gives their values
    (:func:`~platformlab.models.privacy.surplus_with_segments`).

    Parameters
    ----------
    k : int, optional
        Initial number of segments, in [1, max_k] (default: the declaration, ``sliders``).
    max_k : int
        Largest number of segments the slider offers, in [2, 50] (the slider's high end).
    """

    sliders = (
        # the constructor's max_k (default: this high end) replaces it with ranges=
        Slider("k", "Segments the seller sees (k)", 1, 20, 1, 1, "d"),
    )
    #: What moves in the HTML book (see platformlab.explore.book).
    book = BookView(live=("k",))

    figsize = (6.5, 3.6)
    margins = {"left": 0.12, "right": 0.98, "bottom": 0.14, "top": 0.97}

    def __init__(self, k: int | None = None, max_k: int | None = None) -> None:
        if max_k is None:
            max_k = int(self.slider("k").high)
        self.max_k = check_int("max_k", max_k, low=2, high=50)
        self._artists: dict[str, Any] | None = None
        super().__init__({"k": k}, ranges={"k": {"high": self.max_k}})

    def view(self, k: float) -> SegmentView:
        k = check_int("k", k, low=1)
        surplus = privacy.surplus_with_segments(k)
        return SegmentView(k, surplus.consumer, surplus.producer, surplus.deadweight)

    def draw(self, view: SegmentView, values: dict[str, Any]) -> None:
        if self._artists is None:
            self._artists = draw_segment_pricing(self.ax, view.k)
            dynamic = [a for name, a in self._artists.items() if name != "valuation"]
            freeze_background(self.fig, self.ax, dynamic, [self._artists["valuation"]])
            return
        shapes = segment_polygons(view.k)
        for name in ("consumer", "producer", "deadweight"):
            self._artists[name].set_verts(shapes[name])
        self._artists["price"].set_data(shapes["price_x"], shapes["price_y"])

    def summary(self, view: SegmentView) -> str:
        k = view.k
        return (
            f"{k} segment{'s' if k > 1 else ''}: consumer surplus <b>{view.consumer:.4f}</b>"
            f" · producer surplus <b>{view.producer:.4f}</b>"
            f" · deadweight loss <b>{view.deadweight:.4f}</b>"
        )


# ---------------------------------------------------------------------------------------------
# 2. Defaults and the cost of acting
# ---------------------------------------------------------------------------------------------

_COST_GRID = np.linspace(0.0, 3.0, 121)


def draw_enrolment_curves(ax: plt.Axes, mean: float, sd: float, cost: float | None = None,
                          legend: bool = True) -> dict[str, Any]:
    """Enrolment under opt-in and opt-out against the cost of acting; mark ``cost`` if given."""
    r_in = privacy.enrolment_rate("opt-in", _COST_GRID, mean, sd)
    r_out = privacy.enrolment_rate("opt-out", _COST_GRID, mean, sd)
    blue, orange, green = (plotting.color(name) for name in ("blue", "orange", "green"))
    (gap,) = ax.fill(np.r_[_COST_GRID, _COST_GRID[::-1]], np.r_[100 * r_out, 100 * r_in[::-1]],
                     color=green, alpha=0.2, linewidth=0, label="decided by the default")
    (line_out,) = ax.plot(_COST_GRID, 100 * r_out, color=orange, linewidth=2,
                          label="opt-out (pre-ticked box)")
    (line_in,) = ax.plot(_COST_GRID, 100 * r_in, color=blue, linewidth=2, linestyle="--",
                         label="opt-in (empty box)")
    artists = {"gap": gap, "out": line_out, "in": line_in}
    if cost is not None:
        artists["marker"] = ax.axvline(cost, color="0.3", linewidth=1, linestyle=":")
        (artists["points"],) = ax.plot(
            [cost, cost],
            [100 * privacy.enrolment_rate("opt-out", cost, mean, sd),
             100 * privacy.enrolment_rate("opt-in", cost, mean, sd)],
            linestyle="none", marker="o", color="black", markersize=5)
    ax.set(xlim=(0, 3), ylim=(0, 100), xlabel="Cost of acting c (units of the benefit's sd)",
           ylabel="Enrolled (% of people)")
    if legend:
        ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=3, fontsize="x-small")
    return artists


class DefaultsView(NamedTuple):
    """What the defaults explorer shows at a cost of acting and a spread of net benefits."""

    opt_in: float  #: share enrolled when the box starts empty, at the slider's cost
    opt_out: float  #: share enrolled when the box is pre-ticked, at the slider's cost
    decided_by_default: float  #: opt_out - opt_in: the share whose choice the default makes
    curve_in: np.ndarray  #: opt-in enrolment at every cost of the figure's grid (0 to 3)
    curve_out: np.ndarray  #: opt-out enrolment at every cost of the figure's grid (0 to 3)


class DefaultsExplorer(Explorer):
    """Opt-in against opt-out enrolment when acting against the default has a cost.

    Sliders set the cost of acting :math:`c`, and the mean :math:`\\mu` and standard deviation
    :math:`\\sigma` of people's net benefit of being enrolled; the figure shows enrolment under
    both defaults for every cost from 0 to 3, the shaded gap being the people whose choice the
    default makes (:func:`~platformlab.models.privacy.enrolment_rate`,
    :func:`~platformlab.models.privacy.default_effect`).

    Parameters
    ----------
    cost, mean, sd : float, optional
        Initial cost of acting (in [0, 3]), mean net benefit (in [-2, 2]) and standard
        deviation of the net benefit (in [0.25, 3]) (default: the declaration, ``sliders``).
    """

    sliders = (
        Slider("cost", "Cost of acting (c)", 0.0, 3.0, 0.05, 0.5, ".2f"),
        Slider("mean", "Mean net benefit (μ)", -2.0, 2.0, 0.05, 0.0, ".2f"),
        Slider("sd", "Spread of benefit (σ)", 0.25, 3.0, 0.05, 1.0, ".2f"),
    )

    #: What moves in the HTML book (see platformlab.explore.book).
    book = BookView(live=("cost", "mean"), steps={"cost": 0.2, "mean": 0.2})

    figsize = (6.5, 3.4)
    margins = {"left": 0.11, "right": 0.98, "bottom": 0.14, "top": 0.88}

    def __init__(self, cost: float | None = None, mean: float | None = None,
                 sd: float | None = None) -> None:
        self._artists: dict[str, Any] | None = None
        super().__init__({"cost": cost, "mean": mean, "sd": sd})

    def view(self, cost: float, mean: float, sd: float) -> DefaultsView:
        return DefaultsView(
            opt_in=privacy.enrolment_rate("opt-in", cost, mean, sd),
            opt_out=privacy.enrolment_rate("opt-out", cost, mean, sd),
            decided_by_default=privacy.default_effect(cost, mean, sd),
            curve_in=privacy.enrolment_rate("opt-in", _COST_GRID, mean, sd),
            curve_out=privacy.enrolment_rate("opt-out", _COST_GRID, mean, sd),
        )

    def draw(self, view: DefaultsView, values: dict[str, Any]) -> None:
        if self._artists is None:
            self._artists = draw_enrolment_curves(self.ax, values["mean"], values["sd"],
                                                  values["cost"])
            freeze_background(self.fig, self.ax, self._artists.values())
            return
        r_in, r_out = 100 * view.curve_in, 100 * view.curve_out
        self._artists["in"].set_ydata(r_in)
        self._artists["out"].set_ydata(r_out)
        self._artists["gap"].set_xy(np.column_stack(
            [np.r_[_COST_GRID, _COST_GRID[::-1]], np.r_[r_out, r_in[::-1]]]))
        self._artists["marker"].set_xdata([values["cost"], values["cost"]])
        self._artists["points"].set_data([values["cost"], values["cost"]],
                                         [100 * view.opt_out, 100 * view.opt_in])

    def summary(self, view: DefaultsView) -> str:
        return (
            f"Enrolled under opt-in: <b>{view.opt_in:.1%}</b> · under opt-out "
            f"(pre-ticked): <b>{view.opt_out:.1%}</b> · the default decides for "
            f"<b>{view.decided_by_default:.1%}</b> of people"
        )


# ---------------------------------------------------------------------------------------------
# 3. The privacy budget and the error of a differentially private mean
# ---------------------------------------------------------------------------------------------

_EPS_GRID = np.geomspace(0.01, 2.0, 100)
_EPS_TICKS = [0.01, 0.05, 0.1, 0.5, 1.0, 2.0]
_ERR_TICKS = [1.0, 10.0, 100.0, 1000.0]


def draw_error_curves(ax: plt.Axes, n: int, lower: float, upper: float, bias: float,
                      epsilon: float | None = None, error: float | None = None,
                      legend: bool = True) -> dict[str, Any]:
    """Noise and clipping error of a private mean of ``n`` values against ε (log-log axes).

    ``bias`` is the clipped mean minus the true mean; it is drawn only where it exceeds the
    bottom of the axis (1). ``epsilon`` and ``error`` mark one release.
    """
    sens = privacy.mean_sensitivity(lower, upper, n)
    blue, orange, green = (plotting.color(name) for name in ("blue", "orange", "green"))
    (mae,) = ax.plot(_EPS_GRID, privacy.laplace_mean_absolute_error(sens, _EPS_GRID),
                     color=blue, linewidth=2, label="noise: mean absolute error")
    (bound,) = ax.plot(_EPS_GRID, privacy.laplace_error_bound(sens, _EPS_GRID, 0.95),
                       color=blue, linewidth=1.2, linestyle="--", label="noise: 95% bound")
    (clip,) = ax.plot(_EPS_GRID, np.full(_EPS_GRID.shape, _visible(abs(bias))), color=orange,
                      linewidth=2, label="bias from clipping")
    artists = {"mae": mae, "bound": bound, "clip": clip}
    if epsilon is not None and error is not None:
        (artists["point"],) = ax.plot([epsilon], [max(abs(error), 1.0)], linestyle="none",
                                      marker="o", color="black", markersize=6,
                                      label="this release: |error|")
    ax.set(xscale="log", yscale="log", xlim=(0.01, 2.0), ylim=(1.0, 5000.0),
           xlabel="Privacy budget ε (log scale; smaller is more private)",
           ylabel="Error of the mean (yuan, log scale)")
    ax.xaxis.set_major_locator(FixedLocator(_EPS_TICKS))
    ax.xaxis.set_major_formatter(FixedFormatter([f"{t:g}" for t in _EPS_TICKS]))
    ax.yaxis.set_major_locator(FixedLocator(_ERR_TICKS))
    ax.yaxis.set_major_formatter(FixedFormatter([f"{t:,g}" for t in _ERR_TICKS]))
    ax.xaxis.set_minor_locator(NullLocator())
    ax.yaxis.set_minor_locator(NullLocator())
    if legend:
        ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=2, fontsize="x-small")
    return artists


def _visible(value: float) -> float:
    """A value to plot on a log axis starting at 1: NaN (hidden) below it."""
    return value if value >= 1.0 else np.nan


class PrivacyBudgetView(NamedTuple):
    """What the privacy-budget explorer shows at a budget ε and an upper clipping bound."""

    released: float  #: the released (noisy) mean, yuan
    true_mean: float  #: the mean of the values, unclipped, yuan
    clipped_mean: float  #: the mean of the clipped values, yuan
    bias: float  #: clipped_mean - true_mean: the bias from clipping, yuan
    error: float  #: released - true_mean: the error of this release, yuan
    noise_mae: float  #: expected absolute error of the noise at the slider's ε, yuan
    sensitivity: float  #: sensitivity of the clipped mean, (upper - lower) / n, yuan
    n_clipped: int  #: number of values clipped
    curve_mae: np.ndarray  #: expected absolute noise error at every ε of the figure's grid
    curve_bound: np.ndarray  #: 95% bound of the noise error at every ε of the figure's grid


class PrivacyBudgetExplorer(Explorer):
    """The error of an ε-differentially private mean against the privacy budget ε.

    The explorer releases the mean of ``values`` (a column of a simulated survey) with the
    Laplace mechanism, after clipping each value to [``lower``, upper]
    (:func:`~platformlab.models.privacy.dp_mean`). Sliders set ε and the upper clipping bound.
    The figure shows, for every ε from 0.01 to 2, the expected absolute error from the noise,
    its 95% bound and the bias from clipping, and marks the error of the one release made at
    the slider's ε (drawn with a fixed seed, so the same settings give the same release).

    Parameters
    ----------
    values : array_like of float
        The column whose mean is released, non-empty (e.g. monthly spending in yuan).
    lower : float
        Lower clipping bound, fixed (not read off the data).
    epsilon : float, optional
        Initial privacy budget, in [0.01, 2] (default: the declaration, ``sliders``).
    upper : float, optional
        Initial upper clipping bound, in [1000, 10000], above ``lower`` (default: the
        declaration).
    seed : int
        Seed of the noise.
    """

    sliders = (
        Slider("epsilon", "Privacy budget (ε)", 0.01, 2.0, 0.01, 0.5, ".2f"),
        Slider("upper", "Upper clipping bound", 1000.0, 10000.0, 100.0, 5000.0, ".0f", "yuan"),
    )

    #: What moves in the HTML book (see platformlab.explore.book).
    book = BookView(live=("epsilon", "upper"), steps={"epsilon": 0.1, "upper": 500.0})

    figsize = (6.5, 3.8)
    margins = {"left": 0.14, "right": 0.98, "bottom": 0.13, "top": 0.86}

    def __init__(self, values: Any, lower: float = 0.0, epsilon: float | None = None,
                 upper: float | None = None, seed: int = 2018) -> None:
        x = as_float_array("values", values)
        if x.ndim != 1 or x.size == 0:
            raise ValueError(f"values must be a non-empty one-dimensional column; got shape {x.shape}")
        self.values_ = x
        self.lower = float(check_range("lower", lower, -np.inf, 1000.0, low_open=True,
                                       high_open=True))
        self.seed = check_int("seed", seed, low=0)
        self._artists: dict[str, Any] | None = None
        super().__init__({"epsilon": epsilon, "upper": upper})

    @classmethod
    def example(cls) -> "PrivacyBudgetExplorer":
        """The explorer on the simulated survey's monthly spending (drawn by the model, so the
        benchmark reads no file)."""
        return cls(_example_values())

    def view(self, epsilon: float, upper: float) -> PrivacyBudgetView:
        release = privacy.dp_mean(self.values_, self.lower, upper, epsilon, self.seed)
        return PrivacyBudgetView(
            released=release.released,
            true_mean=release.true_mean,
            clipped_mean=release.clipped_mean,
            bias=release.clipped_mean - release.true_mean,
            error=release.released - release.true_mean,
            noise_mae=privacy.laplace_mean_absolute_error(release.sensitivity, epsilon),
            sensitivity=release.sensitivity,
            n_clipped=release.n_clipped,
            curve_mae=privacy.laplace_mean_absolute_error(release.sensitivity, _EPS_GRID),
            curve_bound=privacy.laplace_error_bound(release.sensitivity, _EPS_GRID, 0.95),
        )

    def draw(self, view: PrivacyBudgetView, values: dict[str, Any]) -> None:
        if self._artists is None:
            self._artists = draw_error_curves(self.ax, self.values_.size, self.lower,
                                              values["upper"], view.bias,
                                              values["epsilon"], view.error)
            freeze_background(self.fig, self.ax, self._artists.values())
            return
        self._artists["mae"].set_ydata(view.curve_mae)
        self._artists["bound"].set_ydata(view.curve_bound)
        self._artists["clip"].set_ydata(np.full(_EPS_GRID.shape, _visible(abs(view.bias))))
        self._artists["point"].set_data([values["epsilon"]], [max(abs(view.error), 1.0)])

    def summary(self, view: PrivacyBudgetView) -> str:
        return (
            f"Released mean: <b>{view.released:,.1f}</b> yuan (true mean "
            f"{view.true_mean:,.1f}) · error <b>{view.error:+,.1f}</b> · expected noise "
            f"±{view.noise_mae:,.1f} · clipping bias {view.bias:+,.1f} "
            f"({view.n_clipped} values clipped)"
        )


def _example_values() -> np.ndarray:
    # never reads files: the same simulated survey, drawn by the model
    return privacy.simulate_survey(1000, 20240808)["monthly_spending"].to_numpy(dtype=float)

