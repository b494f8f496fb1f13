"""Explorers of the Rural-logistics chapter: service centres, last-mile cost and variety gains.

- :class:`ServiceCentreExplorer`: place ``p`` service centres on a county (the p-median
  solution) and see cost per parcel against ``p`` with a fixed cost per centre;
- :class:`LastMileExplorer`: carrier cost per parcel of home delivery against delivery to
  village pick-up points, by the continuous approximation of tour length;
- :class:`VarietyGainExplorer`: the cost-of-living gain from varieties available only online.

Each declares its sliders once (``sliders``), computes a view with
:mod:`platformlab.models.logistics` and redraws. Expensive work (the p-median solutions for
``p = 1 .. p_max``) is done once when the explorer is built; a callback only recombines stored
costs. The figures are drawn once in full; afterwards only what moves is drawn over a picture
of the rest (the curves, the markers and the value axis, whose range follows the data), so a
callback stays fast.
"""

from __future__ import annotations

import math
from typing import Any, NamedTuple

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.collections import LineCollection
from matplotlib.ticker import FixedLocator, FuncFormatter, MaxNLocator, NullFormatter, NullLocator

from platformlab import plotting
from platformlab._validate import check_int, check_range
from platformlab.explore.book import BookView
from platformlab.explore.base import Explorer, Slider, freeze_background
from platformlab.models import logistics
from platformlab.models.logistics._p_median_solver import _solve_path

__all__ = [
    "ServiceCentreExplorer",
    "LastMileExplorer",
    "VarietyGainExplorer",
    "CentresView",
    "LastMileView",
    "VarietyView",
    "county_from_tables",
    "solve_centres",
    "draw_county_map",
    "plain_log_ticks",
]


def plain_log_ticks(ax: plt.Axes) -> None:
    """Log axes labelled 0.1, 1, 10, ... in plain text (mathtext labels render slowly)."""
    for axis, ticks in ((ax.xaxis, [10, 100, 1000]), (ax.yaxis, [0.1, 1, 10, 100])):
        axis.set_major_locator(FixedLocator(ticks))
        axis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:g}"))
        axis.set_minor_locator(NullLocator())
        axis.set_minor_formatter(NullFormatter())


class _FrozenExplorer(Explorer):
    """An explorer that draws only what moves over a picture of the rest, and encodes fast.

    :meth:`_freeze` (called by ``draw`` once its artists exist) keeps the static parts of the
    figure as one picture (:func:`~platformlab.explore.base.freeze_background`) while the value
    axis, whose range follows the data, stays live; parts that never change but are drawn over
    moving ones (a legend) are pasted from a cache of their pixels. Frames have the pixels of a full redraw (up to
    rounding where a cached legend is blended over a curve); text layout and glyph rendering,
    most of the cost of a full redraw, are mostly done once.
    """

    def _freeze(self, axes: list[plt.Axes], dynamic: list[Any], live: list[plt.Axes],
                cached: tuple[Any, ...] | list[Any] = ()) -> None:
        """Freeze ``axes`` but the ``dynamic`` artists and the value axis of the ``live`` axes
        (its ticks, tick labels and grid lines are drawn on every render, its label from a cache,
        as are the ``cached`` artists; the spines of ``live`` are drawn over the curves, as in a
        full render)."""
        moving = [*dynamic, *cached, *(ax.yaxis for ax in live),
                  *(spine for ax in live for spine in ax.spines.values())]
        static = [artist for ax in axes for artist in ax.get_children()
                  if artist not in moving and artist.get_visible()]
        shown = [artist.get_visible() for artist in moving]
        freeze_background(self.fig, axes[0], moving, static)
        for artist, visible in zip(moving, shown):
            artist.set_visible(visible)  # freeze_background hides the legend even when it moves
        for ax in axes:
            if ax in live:
                ax.set_axis_on()
                label = ax.yaxis.label
                ax.add_artist(_Sprite(label, lambda label=label: (
                    tuple(label.get_position()), label.get_text(), label.get_rotation()),
                    zorder=ax.yaxis.get_zorder() + 0.1))  # after the axis has placed it
            else:
                ax.set_axis_off()
        for artist in cached:
            artist.axes.add_artist(_Sprite(artist, lambda: None, zorder=artist.get_zorder()))


class _Sprite(Artist):
    """Draws ``source``, an artist whose pixels do not change (a legend, an axis label), from a
    cache of its pixels by position (``where()``); ``source`` itself is hidden."""

    def __init__(self, source: Artist, where: Any, zorder: float) -> None:
        super().__init__()
        self._source, self._where = source, where
        self._cache: dict[Any, tuple[int, int, np.ndarray]] = {}
        self.set_zorder(zorder)
        self.set_in_layout(False)  # the source's place is kept by the source
        source.set_visible(False)

    def draw(self, renderer: Any) -> None:
        if not self.get_visible():
            return
        if not isinstance(renderer, RendererAgg):  # a vector format (savefig): draw the source
            self._source.set_visible(True)
            try:
                self._source.draw(renderer)
            finally:
                self._source.set_visible(False)
            return
        key = (renderer.width, renderer.height, renderer.dpi, self._where())
        if key not in self._cache:
            if len(self._cache) >= 64:  # positions are few (one per tick-label width); bounded
                self._cache.clear()
            self._cache[key] = self._rasterise(renderer)
        x, y, rgba = self._cache[key]
        if rgba.size:
            gc = renderer.new_gc()
            renderer.draw_image(gc, x, y, rgba)
            gc.restore()

    def _rasterise(self, renderer: Any) -> tuple[int, int, np.ndarray]:
        """The source's pixels drawn alone on a transparent canvas the size of ``renderer``."""
        height = int(renderer.height)
        scratch = RendererAgg(int(renderer.width), height, renderer.dpi)
        self._source.set_visible(True)
        try:
            self._source.draw(scratch)
        finally:
            self._source.set_visible(False)
        alpha = np.asarray(scratch.buffer_rgba())[..., 3]
        rows, cols = np.flatnonzero(alpha.any(axis=1)), np.flatnonzero(alpha.any(axis=0))
        if not rows.size:
            return 0, 0, np.zeros((0, 0, 4), dtype=np.uint8)
        top, bottom, left, right = rows[0], rows[-1] + 1, cols[0], cols[-1] + 1
        rgba = np.asarray(scratch.buffer_rgba())[top:bottom, left:right]
        return int(left), height - int(bottom), np.array(rgba[::-1], order="C")  # rows bottom-up


# --------------------------------------------------------------------------------------------
# Service centres on a county
# --------------------------------------------------------------------------------------------


def county_from_tables(villages: Any, roads: Any) -> logistics.County:
    """Build a :class:`~platformlab.models.logistics.County` from the two tables of ``data/``.

    Parameters
    ----------
    villages : pandas.DataFrame
        ``village`` (0 .. n-1 in order), ``x_km``, ``y_km``, ``population`` (the table
        ``simulated_county``).
    roads : pandas.DataFrame
        ``from_village``, ``to_village``, ``road_km``, one row per pair (the table
        ``simulated_county_roads``).

    Returns
    -------
    County
        Coordinates, populations and the symmetric road-distance matrix (zero diagonal).
    """
    n = len(villages)
    if n == 0 or list(villages["village"]) != list(range(n)):
        raise ValueError("villages must list villages 0, 1, ..., n-1 in order")
    i = roads["from_village"].to_numpy(dtype=np.int64)
    j = roads["to_village"].to_numpy(dtype=np.int64)
    if len(roads) != n * (n - 1) // 2 or i.min(initial=0) < 0 or j.max(initial=0) >= n:
        raise ValueError(f"roads must have one row per pair of the {n} villages; got {len(roads)}")
    distance = np.zeros((n, n))
    distance[i, j] = roads["road_km"].to_numpy(dtype=float)
    distance[j, i] = distance[i, j]
    coords = villages[["x_km", "y_km"]].to_numpy(dtype=float)
    population = villages["population"].to_numpy(dtype=np.int64)
    return logistics.County(coords=coords, population=population, distance=distance)


def solve_centres(distance: Any, parcels: Any, p_max: int) -> list[logistics.PMedianSolution]:
    """p-median solutions for ``p = 1 .. p_max`` (index ``p - 1``), by
    :func:`~platformlab.models.logistics.p_median` (``method="auto"``: proven optima on
    counties of up to 100 villages, each solution's ``exact`` says which)."""
    top = check_int("p_max", p_max, 1, np.shape(distance)[0])
    first = logistics.p_median(distance, parcels, 1)  # validates the inputs, names bad ones
    # One warm-started path for p = 1 .. p_max, as p_median and cost_per_parcel use internally
    # (calling p_median for each p would redo the path from p = 1 every time).
    path = _solve_path(
        np.asarray(distance, dtype=float), np.asarray(parcels, dtype=float),
        list(range(1, top + 1)), "auto", logistics.EXACT_WORK_BUDGET,
    )
    return [first] + [path[p] for p in range(2, top + 1)]


def draw_county_map(ax: plt.Axes, coords: np.ndarray, population: np.ndarray,
                    solution: logistics.PMedianSolution | None = None) -> dict[str, Any]:
    """Villages as dots sized by population; with a solution, centres and the roads to them.

    Returns the artists (``villages``, ``links``, ``centres``) so that a caller can update them.
    """
    coords = np.asarray(coords, dtype=float)
    sizes = 6 + 60 * np.sqrt(np.asarray(population, dtype=float) / np.max(population))
    colour, centre_colour = plotting.color("blue"), plotting.color("orange")
    links = LineCollection([], colors="0.55", linewidths=0.8, zorder=1)
    ax.add_collection(links)
    villages = ax.scatter(coords[:, 0], coords[:, 1], s=sizes, color=colour, linewidth=0,
                          zorder=2)
    centres = ax.scatter([], [], s=90, marker="s", color=centre_colour, edgecolor="black",
                         linewidth=0.8, zorder=3)
    extent = float(np.ceil(coords.max() / 10) * 10)
    # A map needs no tick labels (and text is what costs most to render): the side is labelled.
    ax.set(xlabel=f"{extent:.0f} km", ylabel=f"{extent:.0f} km", aspect="equal",
           xticks=[], yticks=[], xlim=(-1, extent + 1), ylim=(-1, extent + 1))
    ax.grid(False)
    artists = {"villages": villages, "links": links, "centres": centres}
    if solution is not None:
        _show_solution(artists, coords, solution)
    return artists


def _show_solution(artists: dict[str, Any], coords: np.ndarray,
                   solution: logistics.PMedianSolution) -> None:
    segments = np.stack([coords, coords[solution.assignment]], axis=1)
    artists["links"].set_segments(segments)
    artists["centres"].set_offsets(coords[solution.centres])


class CentresView(NamedTuple):
    """What the service-centre explorer shows at a setting (costs in RMB per parcel)."""

    p: int  #: number of service centres (the slider's value)
    cost_per_parcel: float  #: total cost per parcel with p centres (fixed + haul)
    fixed_per_parcel: float  #: the centres' fixed cost per parcel
    haul_per_parcel: float  #: the haul's cost per parcel
    mean_km: float  #: mean haul of a parcel to its nearest centre, km
    best_p: int  #: the cheapest number of centres in 1 .. p_max (ties: the smaller)
    best_cost_per_parcel: float  #: cost per parcel with best_p centres
    curve: np.ndarray  #: cost per parcel for p = 1 .. p_max


class ServiceCentreExplorer(_FrozenExplorer):
    """Where to put ``p`` village service centres, and what a parcel costs.

    The villages' parcels are served from the nearest of ``p`` centres placed by the p-median
    solver (:func:`~platformlab.models.logistics.p_median`); cost per parcel is the centres' fixed
    cost plus the haul (:func:`~platformlab.models.logistics.cost_per_parcel`). The solutions for
    ``p = 1 .. p_max`` are computed once, when the explorer is built; moving a slider only
    recombines their costs.

    Parameters
    ----------
    coords : array_like, shape (n, 2)
        Village positions, km.
    population : array_like, shape (n,)
        Residents per village.
    distance : array_like, shape (n, n)
        Road distances, km.
    parcels_per_resident : float, default 2
        Parcels per resident per month, > 0 (so parcels are proportional to population).
    p_max : int, optional
        Largest number of centres offered, in [2, n]: the top of the ``p`` slider (default:
        the slider's declared high end).
    p, fixed_cost, cost_per_parcel_km : optional
        Starting slider values (default: the declaration, ``sliders``, which also gives their
        ranges): number of centres (1 to ``p_max``); fixed cost of one centre (RMB per month);
        cost of carrying one parcel one km (RMB).
    """

    #: The ``p`` slider's declared high end is the default ``p_max``; its top is ``p_max``.
    sliders = (
        Slider("p", "Service centres p", 1, 15, 1, 3, "d"),
        Slider("fixed_cost", "Fixed cost per centre (RMB/month)", 0.0, 40000.0, 500.0, 6000.0,
               ",.0f"),
        Slider("cost_per_parcel_km", "Haul cost (RMB per parcel-km)", 0.0, 0.5, 0.005, 0.1,
               ".3f"),
    )
    #: What moves in the HTML book (see platformlab.explore.book).
    book = BookView(live=("p", "fixed_cost"), steps={"fixed_cost": 2000.0})

    figsize = (7.0, 3.0)
    margins = {"left": 0.07, "right": 0.98, "bottom": 0.15, "top": 0.9}

    def __init__(
        self,
        coords: Any,
        population: Any,
        distance: Any,
        *,
        parcels_per_resident: float = 2.0,
        p_max: int | None = None,
        p: int | None = None,
        fixed_cost: float | None = None,
        cost_per_parcel_km: float | None = None,
    ) -> None:
        self.coords = np.asarray(coords, dtype=float)
        self.population = np.asarray(population, dtype=float)
        rate = check_range("parcels_per_resident", parcels_per_resident, 0.0, low_open=True)
        if p_max is None:
            p_max = int(self.slider("p").high)
        check_int("p_max", p_max, 2)  # a slider needs two values at least
        self.parcels = self.population * float(rate)
        self.solutions = solve_centres(distance, self.parcels, p_max)
        self.p_max = len(self.solutions)
        self.p_values = np.arange(1, self.p_max + 1)
        self.total_parcels = float(self.parcels.sum())
        #: parcel-km of the best p centres, for p = 1 .. p_max
        self.parcel_km = np.array([s.cost for s in self.solutions])
        self._artists: dict[str, Any] | None = None
        super().__init__(
            {"p": p, "fixed_cost": fixed_cost, "cost_per_parcel_km": cost_per_parcel_km},
            ranges={"p": {"high": self.p_max}},
        )

    @classmethod
    def from_tables(cls, villages: Any, roads: Any, **kwargs: Any) -> "ServiceCentreExplorer":
        """Build from the tables ``simulated_county`` and ``simulated_county_roads``."""
        county = county_from_tables(villages, roads)
        explorer = cls(county.coords, county.population, county.distance, **kwargs)
        explorer._recipe_call = ("from_tables", (villages, roads), kwargs)
        return explorer

    @classmethod
    def example(cls) -> "ServiceCentreExplorer":
        """The explorer on the simulated county of ``data/`` (as the chapter builds it)."""
        from platformlab import data

        return cls.from_tables(data.load("simulated_county"), data.load("simulated_county_roads"))

    def view(self, p: int, fixed_cost: float, cost_per_parcel_km: float) -> CentresView:
        k = check_int("p", p, 1, self.p_max)
        f = float(check_range("fixed_cost", fixed_cost, 0.0))
        t = float(check_range("cost_per_parcel_km", cost_per_parcel_km, 0.0))
        fixed = f * self.p_values / self.total_parcels
        haul = t * self.parcel_km / self.total_parcels
        curve = fixed + haul
        best = int(np.argmin(curve))  # ties go to the smaller p
        return CentresView(
            p=k,
            cost_per_parcel=float(curve[k - 1]),
            fixed_per_parcel=float(fixed[k - 1]),
            haul_per_parcel=float(haul[k - 1]),
            mean_km=float(self.parcel_km[k - 1] / self.total_parcels),
            best_p=best + 1,
            best_cost_per_parcel=float(curve[best]),
            curve=curve,
        )

    def draw(self, view: CentresView, values: dict[str, float]) -> None:
        first = self._artists is None
        if first:
            self.ax.set_position([0.05, 0.19, 0.36, 0.71])
            self._artists = draw_county_map(self.ax, self.coords, self.population)
            # one line of text instead of three (text is the slowest part of each redraw)
            side = self.ax.get_xlabel()
            self.ax.set(xlabel="", ylabel="", title=f"Simulated county, {side} square")
            self.ax2 = self.fig.add_axes([0.53, 0.19, 0.45, 0.71])
            (curve,) = self.ax2.plot(self.p_values, view.curve, marker="o", markersize=3,
                                     color=plotting.color("blue"))
            (now,) = self.ax2.plot([], [], "s", markersize=9, color=plotting.color("orange"),
                                   markeredgecolor="black")
            (best,) = self.ax2.plot([], [], "*", markersize=13, color="black")
            self._artists.update(curve=curve, now=now, best=best)
            self.ax2.set(xlabel="Service centres p", ylabel="Cost per parcel (RMB)",
                         xlim=(0.5, self.p_max + 0.5))
            self.ax2.xaxis.set_major_locator(MaxNLocator(5, integer=True))
            self.ax2.yaxis.set_major_locator(MaxNLocator(4))
        artists = self._artists
        _show_solution(artists, self.coords, self.solutions[view.p - 1])
        artists["curve"].set_ydata(view.curve)
        artists["now"].set_data([view.p], [view.cost_per_parcel])
        artists["best"].set_data([view.best_p], [view.best_cost_per_parcel])
        top = float(np.max(view.curve))
        self.ax2.set_ylim(0, 1.1 * top if top > 0 else 1.0)
        if first:
            # the villages are drawn over the roads to the centres, so they are drawn with them
            moving = [artists[name]
                      for name in ("links", "villages", "centres", "curve", "now", "best")]
            self._freeze([self.ax, self.ax2], moving, [self.ax2])

    def summary(self, view: CentresView) -> str:
        # p_median is exact here on counties of up to 100 villages; label anything else
        label = "" if self.solutions[view.p - 1].exact else " (heuristic, not proven optimal)"
        return (
            f"p = {view.p}{label} (orange squares; right: square): "
            f"<b>{view.cost_per_parcel:.2f} RMB</b> per parcel "
            f"(centres {view.fixed_per_parcel:.2f} + haul {view.haul_per_parcel:.2f}; "
            f"mean haul {view.mean_km:.1f} km) · lowest cost (star) at <b>p = {view.best_p}</b>: "
            f"{view.best_cost_per_parcel:.2f} RMB"
        )


# --------------------------------------------------------------------------------------------
# Last mile: home delivery against pick-up points
# --------------------------------------------------------------------------------------------

#: Parcels per tour on the explorer's horizontal axis.
PARCEL_GRID = np.geomspace(5, 2000, 120)


class LastMileView(NamedTuple):
    """What the last-mile explorer shows at a setting (carrier costs in RMB per parcel)."""

    home: float  #: cost per parcel of home delivery, at the chosen parcels per tour
    pickup: float  #: cost per parcel of delivery to village pick-up points (with the fee)
    density: float  #: parcels per km² on the tour (inf for a zero area)
    home_curve: np.ndarray  #: home delivery's cost per parcel at every n of PARCEL_GRID
    pickup_curve: np.ndarray  #: pick-up points' cost per parcel at every n of PARCEL_GRID


class LastMileExplorer(_FrozenExplorer):
    """Carrier cost per parcel of home delivery against village pick-up points.

    Uses :func:`~platformlab.models.logistics.home_vs_pickup_cost` (tour length
    :math:`k\\sqrt{nA}`, Daganzo 1984). The figure shows cost per parcel against the number of
    parcels on the tour (log scales), for the area and pick-up points set by the sliders; the
    markers are at the chosen number of parcels.

    Parameters
    ----------
    n_parcels, area, n_pickup_points, cost_per_stop, pickup_fee_per_parcel : float, optional
        Starting slider values (default: the declaration, ``sliders``): parcels per tour (5 to
        2,000), area served in km² (1 to 1,600), pick-up points (1 to 100), time cost per stop
        (RMB, 0 to 5) and the fee paid to the pick-up point per parcel (RMB, 0 to 3).
    cost_per_km : float, default 3
        Vehicle and driver cost per km, RMB, >= 0.
    k : float, default 0.7124
        Tour constant, > 0 (see :func:`~platformlab.models.logistics.tour_length_approx`).
    """

    sliders = (
        Slider("n_parcels", "Parcels per tour n", 5.0, 2000.0, 5.0, 200.0, ".0f"),
        Slider("area", "Area served A (km²)", 1.0, 1600.0, 1.0, 400.0, ".0f"),
        Slider("n_pickup_points", "Pick-up points m", 1.0, 100.0, 1.0, 20.0, ".0f"),
        Slider("cost_per_stop", "Cost per stop (RMB)", 0.0, 5.0, 0.05, 0.5, ".2f"),
        Slider("pickup_fee_per_parcel", "Pick-up fee (RMB/parcel)", 0.0, 3.0, 0.05, 0.5, ".2f"),
    )
    #: What moves in the HTML book (see platformlab.explore.book).
    book = BookView(live=("n_parcels", "area"), steps={"n_parcels": 100.0, "area": 160.0})

    margins = {"left": 0.12, "right": 0.98, "bottom": 0.16, "top": 0.95}

    def __init__(
        self,
        n_parcels: float | None = None,
        area: float | None = None,
        n_pickup_points: float | None = None,
        cost_per_stop: float | None = None,
        pickup_fee_per_parcel: float | None = None,
        *,
        cost_per_km: float = 3.0,
        k: float = logistics.BHH_CONSTANT,
    ) -> None:
        self.cost_per_km = float(check_range("cost_per_km", cost_per_km, 0.0))
        self.k = float(check_range("k", k, 0.0, low_open=True))
        self._artists: dict[str, Any] | None = None
        super().__init__(
            {"n_parcels": n_parcels, "area": area, "n_pickup_points": n_pickup_points,
             "cost_per_stop": cost_per_stop, "pickup_fee_per_parcel": pickup_fee_per_parcel}
        )

    def _costs(self, n: Any, values: dict[str, float]) -> logistics.DeliveryCosts:
        return logistics.home_vs_pickup_cost(
            n, values["area"], values["n_pickup_points"], cost_per_km=self.cost_per_km,
            cost_per_stop=values["cost_per_stop"],
            pickup_fee_per_parcel=values["pickup_fee_per_parcel"], k=self.k,
        )

    def view(self, n_parcels: float, area: float, n_pickup_points: float,
             cost_per_stop: float, pickup_fee_per_parcel: float) -> LastMileView:
        values = {"area": area, "n_pickup_points": n_pickup_points,
                  "cost_per_stop": cost_per_stop, "pickup_fee_per_parcel": pickup_fee_per_parcel}
        now = self._costs(n_parcels, values)
        grid = self._costs(PARCEL_GRID, values)
        return LastMileView(
            home=float(now.home),
            pickup=float(now.pickup),
            density=float(n_parcels) / float(area) if area > 0 else math.inf,
            home_curve=np.asarray(grid.home),
            pickup_curve=np.asarray(grid.pickup),
        )

    def draw(self, view: LastMileView, values: dict[str, float]) -> None:
        n = values["n_parcels"]
        first = self._artists is None
        if first:
            home_c, pick_c = plotting.color("blue"), plotting.color("orange")
            ax = self.ax
            self._artists = {
                "home_curve": ax.plot(PARCEL_GRID, view.home_curve, color=home_c,
                                      label="home delivery")[0],
                "pickup_curve": ax.plot(PARCEL_GRID, view.pickup_curve, color=pick_c,
                                        linestyle="--", label="village pick-up points")[0],
                "home": ax.plot([n], [view.home], "o", color=home_c, markersize=8)[0],
                "pickup": ax.plot([n], [view.pickup], "s", color=pick_c, markersize=8)[0],
            }
            ax.set(xscale="log", yscale="log", xlabel="Parcels per tour n",
                   ylabel="Carrier cost per parcel (RMB)", xlim=(PARCEL_GRID[0], PARCEL_GRID[-1]))
            plain_log_ticks(ax)
            self._artists["legend"] = ax.legend(loc="upper right", fontsize="small")
        artists = self._artists
        artists["home_curve"].set_ydata(view.home_curve)
        artists["pickup_curve"].set_ydata(view.pickup_curve)
        artists["home"].set_data([n], [view.home])
        artists["pickup"].set_data([n], [view.pickup])
        both = np.concatenate([view.home_curve, view.pickup_curve])
        low, high = float(both.min()), float(both.max())
        self.ax.set_ylim(max(low, 1e-3) / 1.3, max(high, 1e-3) * 1.3)
        if first:
            # the legend is drawn over the curves: pasted from a cache after them
            curves = [artists[name] for name in ("home_curve", "pickup_curve", "home", "pickup")]
            self._freeze([self.ax], curves, [self.ax], [artists["legend"]])

    def summary(self, view: LastMileView) -> str:
        cheaper = "pick-up points" if view.pickup < view.home else "home delivery"
        return (
            f"Home delivery: <b>{view.home:.2f} RMB</b> per parcel · pick-up points: "
            f"<b>{view.pickup:.2f} RMB</b> · {view.density:.2f} parcels per km² · "
            f"cheaper: <b>{cheaper}</b>"
        )


# --------------------------------------------------------------------------------------------
# Variety gains
# --------------------------------------------------------------------------------------------

#: Online shares on the variety explorer's horizontal axis.
SHARE_GRID = np.linspace(0.0, 0.5, 101)


class VarietyView(NamedTuple):
    """What the variety-gain explorer shows at a setting."""

    gain_pct: float  #: cost-of-living gain, % of spending, at the chosen online-only share
    price_index_change: float  #: change in the log price index (negative: living costs less)
    curve: np.ndarray  #: the gain (%) at every online-only share of SHARE_GRID


class VarietyGainExplorer(_FrozenExplorer):
    """Cost-of-living gain from varieties that only e-commerce brings to a village.

    Uses :func:`~platformlab.models.logistics.variety_welfare_gain` (Feenstra 1994): the gain,
    in percent of spending, against the share of spending on online-only varieties, for the
    elasticity of substitution set by the slider; the marker is at the chosen share.

    Parameters
    ----------
    s_online : float, optional
        Starting spending share on online-only varieties, in [0, 0.5] (default: the
        declaration, ``sliders``).
    sigma : float, optional
        Starting elasticity of substitution, in [1.5, 10] (default: the declaration).
    """

    sliders = (
        Slider("s_online", "Online-only share of spending", 0.0, 0.5, 0.005, 0.05, ".3f"),
        Slider("sigma", "Elasticity of substitution σ", 1.5, 10.0, 0.1, 4.0, ".1f"),
    )
    #: What moves in the HTML book (see platformlab.explore.book).
    book = BookView(live=("s_online", "sigma"), steps={"s_online": 0.025, "sigma": 0.5})

    def __init__(self, s_online: float | None = None, sigma: float | None = None) -> None:
        self._artists: dict[str, Any] | None = None
        super().__init__({"s_online": s_online, "sigma": sigma})

    def view(self, s_online: float, sigma: float) -> VarietyView:
        return VarietyView(
            gain_pct=float(logistics.variety_welfare_gain(s_online, sigma)),
            price_index_change=float(logistics.variety_price_index_change(s_online, sigma)),
            curve=np.asarray(logistics.variety_welfare_gain(SHARE_GRID, sigma)),
        )

    def draw(self, view: VarietyView, values: dict[str, float]) -> None:
        first = self._artists is None
        if first:
            colour = plotting.color("blue")
            (line,) = self.ax.plot(100 * SHARE_GRID, view.curve, color=colour)
            (mark,) = self.ax.plot([], [], "o", color=colour, markersize=8)
            self._artists = {"curve": line, "mark": mark}
            self.ax.set(xlabel="Online-only share of spending (%)",
                        ylabel="Cost-of-living gain (% of spending)", xlim=(0, 50))
        self._artists["curve"].set_ydata(view.curve)
        self._artists["mark"].set_data([100 * values["s_online"]], [view.gain_pct])
        self.ax.set_ylim(0, max(1.1 * float(view.curve[-1]), 1.0))
        if first:
            self._freeze([self.ax], list(self._artists.values()), [self.ax])

    def summary(self, view: VarietyView) -> str:
        return (
            f"Cost-of-living gain: <b>{view.gain_pct:.2f}%</b> of spending "
            f"(change in the log price index {view.price_index_change:.4f})"
        )
