"""Explorers of the Rural-logistics chapter: service centres, last-mile cost and variety gains.

- :class:`ServiceCentreExplorer`: place ``p`` service centres on a county (the p-median
  solution) and see cost per parcel against ``p`` with a fixed cost per centre;
- :class:`LastMileExplorer`: carrier cost per parcel of home delivery against delivery to
  village pick-up points, by the continuous approximation of tour length;
- :class:`VarietyGainExplorer`: the cost-of-living gain from varieties available only online.

Each only wires sliders to :mod:`platformlab.models.logistics` and redraws. Expensive work (the
p-median solutions for ``p = 1 .. p_max``) is done once when the explorer is built; a callback
only recombines stored costs, so it stays fast.
"""

from __future__ import annotations

import math
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.ticker import FixedLocator, FuncFormatter, MaxNLocator, NullFormatter, NullLocator

from platformlab import plotting
from platformlab._validate import check_int, check_range
from platformlab.explore.book import BookView
from platformlab.explore.base import Explorer, float_slider, int_slider
from platformlab.models import logistics

__all__ = [
    "ServiceCentreExplorer",
    "LastMileExplorer",
    "VarietyGainExplorer",
    "county_from_tables",
    "solve_centres",
    "draw_county_map",
    "plain_log_ticks",
    "BENCHMARK_CASES",
]


def _check_whole(name: str, value: Any) -> None:
    """Raise a ValueError naming ``name`` if ``value`` is a number with a fractional part."""
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        return
    if isinstance(value, (float, np.floating)) and math.isfinite(value) and value == int(value):
        return
    raise ValueError(f"{name} must be a whole number of centres; got {value!r}")


def plain_log_ticks(ax: plt.Axes) -> None:
    """Log axes labelled 0.1, 1, 10, ... in plain text (mathtext labels render slowly)."""
    for axis, ticks in ((ax.xaxis, [10, 100, 1000]), (ax.yaxis, [0.1, 1, 10, 100])):
        axis.set_major_locator(FixedLocator(ticks))
        axis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:g}"))
        axis.set_minor_locator(NullLocator())
        axis.set_minor_formatter(NullFormatter())


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
    """p-median solutions for ``p = 1 .. p_max`` (index ``p - 1``), by :func:`~platformlab.models.logistics.p_median`."""
    top = check_int("p_max", p_max, 1, np.shape(distance)[0])
    first = logistics.p_median(distance, parcels, 1)  # validates the inputs, names bad ones
    # One warm-started path for p = 1 .. p_max, as p_median and cost_per_parcel use internally
    # (calling p_median for each p would redo the path from p = 1 every time).
    path = logistics._solve_path(
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
    colour, centre_colour = plotting.colors(2)
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


class ServiceCentreExplorer(Explorer):
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
    p_max : int, default 15
        Largest number of centres offered, in [1, n].
    p, fixed_cost, cost_per_parcel_km : initial slider values
        Number of centres; fixed cost of one centre (RMB per month, 0 to 40,000); cost of
        carrying one parcel one km (RMB, 0 to 0.5).
    """

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
        p_max: int = 15,
        p: int = 3,
        fixed_cost: float = 6000.0,
        cost_per_parcel_km: float = 0.1,
    ) -> None:
        self.coords = np.asarray(coords, dtype=float)
        self.population = np.asarray(population, dtype=float)
        rate = check_range("parcels_per_resident", parcels_per_resident, 0.0, low_open=True)
        self.parcels = self.population * float(rate)
        self.solutions = solve_centres(distance, self.parcels, p_max)
        self.p_max = len(self.solutions)
        self.p_values = np.arange(1, self.p_max + 1)
        self.total_parcels = float(self.parcels.sum())
        #: parcel-km of the best p centres, for p = 1 .. p_max
        self.parcel_km = np.array([s.cost for s in self.solutions])
        check_int("p", p, 1, self.p_max)
        super().__init__(
            {
                "p": int_slider(p, 1, self.p_max, "Service centres p"),
                "fixed_cost": float_slider(fixed_cost, 0.0, 40000.0, 500.0,
                                            "Fixed cost per centre (RMB/month)", ",.0f"),
                "cost_per_parcel_km": float_slider(cost_per_parcel_km, 0.0, 0.5, 0.005,
                                                    "Haul cost (RMB per parcel-km)", ".3f"),
            }
        )

    @classmethod
    def from_tables(cls, villages: Any, roads: Any, **kwargs: Any) -> "ServiceCentreExplorer":
        """Build from the tables ``simulated_county`` and ``simulated_county_roads``."""
        county = county_from_tables(villages, roads)
        explorer = cls(county.coords, county.population, county.distance, **kwargs)
        explorer._recipe_call = ("from_tables", (villages, roads), kwargs)
        return explorer

    def update(self, **values: Any) -> dict[str, float] | None:
        if "p" in values:
            _check_whole("p", values["p"])
        return super().update(**values)

    def compute(self, p: int, fixed_cost: float, cost_per_parcel_km: float) -> dict[str, Any]:
        k = check_int("p", p, 1, self.p_max)
        f = float(check_range("fixed_cost", fixed_cost, 0.0))
        t = float(check_range("cost_per_parcel_km", cost_per_parcel_km, 0.0))
        fixed = f * self.p_values / self.total_parcels
        haul = t * self.parcel_km / self.total_parcels
        curve = fixed + haul
        best = int(np.argmin(curve))  # ties go to the smaller p
        return {
            "p": k,
            "cost_per_parcel": float(curve[k - 1]),
            "fixed_per_parcel": float(fixed[k - 1]),
            "haul_per_parcel": float(haul[k - 1]),
            "mean_km": float(self.parcel_km[k - 1] / self.total_parcels),
            "best_p": best + 1,
            "best_cost_per_parcel": float(curve[best]),
            "curve": curve,
        }

    def draw(self, result: dict[str, Any], values: dict[str, float]) -> None:
        k = result["p"]
        if not hasattr(self, "_artists"):
            self.ax.set_position([0.05, 0.19, 0.36, 0.71])
            self._artists = draw_county_map(self.ax, self.coords, self.population)
            # one line of text instead of three (text is the slowest part of each redraw)
            self.ax.set(xlabel="", ylabel="", title=f"Simulated county, {self.ax.get_xlabel()} square")
            self.ax2 = self.fig.add_axes([0.53, 0.19, 0.45, 0.71])
            (self._curve,) = self.ax2.plot(self.p_values, result["curve"], marker="o",
                                           markersize=3, color=plotting.colors(1)[0])
            (self._now,) = self.ax2.plot([k], [result["cost_per_parcel"]], "s", markersize=9,
                                         color=plotting.colors(2)[1], markeredgecolor="black")
            (self._best,) = self.ax2.plot([], [], "*", markersize=13, color="black")
            self.ax2.set(xlabel="Service centres p", ylabel="Cost per parcel (RMB)",
                         xlim=(0.5, self.p_max + 0.5))
            self.ax2.xaxis.set_major_locator(MaxNLocator(5, integer=True))
            self.ax2.yaxis.set_major_locator(MaxNLocator(4))
        _show_solution(self._artists, self.coords, self.solutions[k - 1])
        self._curve.set_ydata(result["curve"])
        self._now.set_data([k], [result["cost_per_parcel"]])
        self._best.set_data([result["best_p"]], [result["best_cost_per_parcel"]])
        top = float(np.max(result["curve"]))
        self.ax2.set_ylim(0, 1.1 * top if top > 0 else 1.0)

    def summary(self, result: dict[str, Any]) -> str:
        return (
            f"p = {result['p']} (orange squares; right: square): "
            f"<b>{result['cost_per_parcel']:.2f} RMB</b> per parcel "
            f"(centres {result['fixed_per_parcel']:.2f} + haul {result['haul_per_parcel']:.2f}; "
            f"mean haul {result['mean_km']:.1f} km) · lowest cost (star) at <b>p = {result['best_p']}</b>: "
            f"{result['best_cost_per_parcel']:.2f} RMB"
        )


# --------------------------------------------------------------------------------------------
# Last mile: home delivery against pick-up points
# --------------------------------------------------------------------------------------------

#: Parcels per tour on the explorer's horizontal axis.
PARCEL_GRID = np.geomspace(5, 2000, 120)


class LastMileExplorer(Explorer):
    """Carrier cost per parcel of home delivery against village pick-up points.

    Uses :func:`~platformlab.models.logistics.home_vs_pickup_cost` (tour length
    :math:`k\\sqrt{nA}`, Daganzo 1984). The figure shows cost per parcel against the number of
    parcels on the tour (log scales), for the area and pick-up points set by the sliders; the
    markers are at the chosen number of parcels.

    Parameters
    ----------
    n_parcels, area, n_pickup_points, cost_per_stop, pickup_fee_per_parcel : initial values
        Parcels per tour (5 to 2,000), area served in km² (1 to 1,600), pick-up points (1 to
        100), time cost per stop (RMB, 0 to 5) and the fee paid to the pick-up point per parcel
        (RMB, 0 to 3).
    cost_per_km : float, default 3
        Vehicle and driver cost per km, RMB, >= 0.
    k : float, default 0.7124
        Tour constant, > 0 (see :func:`~platformlab.models.logistics.tour_length_approx`).
    """

    #: What moves in the HTML book (see platformlab.explore.book).
    book = BookView(live=("n_parcels", "area"), steps={"n_parcels": 100.0, "area": 160.0})

    margins = {"left": 0.12, "right": 0.98, "bottom": 0.16, "top": 0.95}

    def __init__(
        self,
        n_parcels: float = 200.0,
        area: float = 400.0,
        n_pickup_points: float = 20.0,
        cost_per_stop: float = 0.5,
        pickup_fee_per_parcel: float = 0.5,
        *,
        cost_per_km: float = 3.0,
        k: float = logistics.BHH_CONSTANT,
    ) -> None:
        self.cost_per_km = float(check_range("cost_per_km", cost_per_km, 0.0))
        self.k = float(check_range("k", k, 0.0, low_open=True))
        super().__init__(
            {
                "n_parcels": float_slider(n_parcels, 5.0, 2000.0, 5.0, "Parcels per tour n",
                                           ".0f"),
                "area": float_slider(area, 1.0, 1600.0, 1.0, "Area served A (km²)", ".0f"),
                "n_pickup_points": float_slider(n_pickup_points, 1.0, 100.0, 1.0,
                                                 "Pick-up points m", ".0f"),
                "cost_per_stop": float_slider(cost_per_stop, 0.0, 5.0, 0.05,
                                               "Cost per stop (RMB)", ".2f"),
                "pickup_fee_per_parcel": float_slider(pickup_fee_per_parcel, 0.0, 3.0, 0.05,
                                                       "Pick-up fee (RMB/parcel)", ".2f"),
            }
        )

    def _costs(self, n: Any, values: dict[str, float]) -> logistics.DeliveryCosts:
        return logistics.home_vs_pickup_cost(
            n, values["area"], values["n_pickup_points"], cost_per_km=self.cost_per_km,
            cost_per_stop=values["cost_per_stop"],
            pickup_fee_per_parcel=values["pickup_fee_per_parcel"], k=self.k,
        )

    def compute(self, n_parcels: float, area: float, n_pickup_points: float,
                cost_per_stop: float, pickup_fee_per_parcel: float) -> dict[str, Any]:
        values = {"area": area, "n_pickup_points": n_pickup_points,
                  "cost_per_stop": cost_per_stop, "pickup_fee_per_parcel": pickup_fee_per_parcel}
        now = self._costs(n_parcels, values)
        grid = self._costs(PARCEL_GRID, values)
        return {
            "home": float(now.home),
            "pickup": float(now.pickup),
            "density": float(n_parcels) / float(area) if area > 0 else math.inf,
            "home_curve": np.asarray(grid.home),
            "pickup_curve": np.asarray(grid.pickup),
        }

    def draw(self, result: dict[str, Any], values: dict[str, float]) -> None:
        n = values["n_parcels"]
        if not hasattr(self, "_lines"):
            home_c, pick_c = plotting.colors(2)
            ax = self.ax
            self._lines = (
                ax.plot(PARCEL_GRID, result["home_curve"], color=home_c,
                        label="home delivery")[0],
                ax.plot(PARCEL_GRID, result["pickup_curve"], color=pick_c, linestyle="--",
                        label="village pick-up points")[0],
            )
            self._marks = (
                ax.plot([n], [result["home"]], "o", color=home_c, markersize=8)[0],
                ax.plot([n], [result["pickup"]], "s", color=pick_c, markersize=8)[0],
            )
            ax.set(xscale="log", yscale="log", xlabel="Parcels per tour n",
                   ylabel="Carrier cost per parcel (RMB)", xlim=(PARCEL_GRID[0], PARCEL_GRID[-1]))
            plain_log_ticks(ax)
            ax.legend(loc="upper right", fontsize="small")
        self._lines[0].set_ydata(result["home_curve"])
        self._lines[1].set_ydata(result["pickup_curve"])
        self._marks[0].set_data([n], [result["home"]])
        self._marks[1].set_data([n], [result["pickup"]])
        both = np.concatenate([result["home_curve"], result["pickup_curve"]])
        low, high = float(both.min()), float(both.max())
        self.ax.set_ylim(max(low, 1e-3) / 1.3, max(high, 1e-3) * 1.3)

    def summary(self, result: dict[str, Any]) -> str:
        cheaper = "pick-up points" if result["pickup"] < result["home"] else "home delivery"
        return (
            f"Home delivery: <b>{result['home']:.2f} RMB</b> per parcel · pick-up points: "
            f"<b>{result['pickup']:.2f} RMB</b> · {result['density']:.2f} parcels per km² · "
            f"cheaper: <b>{cheaper}</b>"
        )


# --------------------------------------------------------------------------------------------
# Variety gains
# --------------------------------------------------------------------------------------------

#: Online shares on the variety explorer's horizontal axis.
SHARE_GRID = np.linspace(0.0, 0.5, 101)


class VarietyGainExplorer(Explorer):
    """Cost-of-living gain from varieties that only e-commerce brings to a village.

    Uses :func:`~platformlab.models.logistics.variety_welfare_gain` (Feenstra 1994): the gain,
    in percent of spending, against the share of spending on online-only varieties, for the
    elasticity of substitution set by the slider; the marker is at the chosen share.

    Parameters
    ----------
    s_online : float, default 0.05
        Spending share on online-only varieties, in [0, 0.5].
    sigma : float, default 4
        Elasticity of substitution, in [1.5, 10].
    """

    #: What moves in the HTML book (see platformlab.explore.book).
    book = BookView(live=("s_online", "sigma"), steps={"s_online": 0.025, "sigma": 0.5})

    def __init__(self, s_online: float = 0.05, sigma: float = 4.0) -> None:
        super().__init__(
            {
                "s_online": float_slider(s_online, 0.0, 0.5, 0.005,
                                          "Online-only share of spending", ".3f"),
                "sigma": float_slider(sigma, 1.5, 10.0, 0.1, "Elasticity of substitution σ",
                                       ".1f"),
            }
        )

    def compute(self, s_online: float, sigma: float) -> dict[str, Any]:
        gain = logistics.variety_welfare_gain(s_online, sigma)
        return {
            "gain_pct": float(gain),
            "price_index_change": float(logistics.variety_price_index_change(s_online, sigma)),
            "curve": np.asarray(logistics.variety_welfare_gain(SHARE_GRID, sigma)),
        }

    def draw(self, result: dict[str, Any], values: dict[str, float]) -> None:
        if not hasattr(self, "_line"):
            colour = plotting.colors(1)[0]
            (self._line,) = self.ax.plot(100 * SHARE_GRID, result["curve"], color=colour)
            (self._mark,) = self.ax.plot([], [], "o", color=colour, markersize=8)
            self.ax.set(xlabel="Online-only share of spending (%)",
                        ylabel="Cost-of-living gain (% of spending)", xlim=(0, 50))
        self._line.set_ydata(result["curve"])
        self._mark.set_data([100 * values["s_online"]], [result["gain_pct"]])
        self.ax.set_ylim(0, max(1.1 * float(result["curve"][-1]), 1.0))

    def summary(self, result: dict[str, Any]) -> str:
        return (
            f"Cost-of-living gain: <b>{result['gain_pct']:.2f}%</b> of spending "
            f"(change in the log price index {result['price_index_change']:.4f})"
        )


# --------------------------------------------------------------------------------------------
# Benchmark
# --------------------------------------------------------------------------------------------


def _service_centre_explorer() -> ServiceCentreExplorer:
    from platformlab import data

    return ServiceCentreExplorer.from_tables(data.load("simulated_county"),
                                             data.load("simulated_county_roads"))


#: Slider settings the benchmark cycles through (benchmarks/run.py reads BENCHMARK_CASES).
BENCHMARK_CASES = [
    (
        "ServiceCentreExplorer",
        _service_centre_explorer,
        [{"p": 1 + i % 15, "fixed_cost": 2000.0 + 500.0 * i} for i in range(30)],
    ),
    (
        "LastMileExplorer",
        LastMileExplorer,
        [{"n_parcels": 20.0 + 30.0 * i, "n_pickup_points": 5.0 + i} for i in range(30)],
    ),
    (
        "VarietyGainExplorer",
        VarietyGainExplorer,
        [{"s_online": 0.01 * (i + 1), "sigma": 2.0 + 0.2 * i} for i in range(30)],
    ),
]
