"""Explorer of the Introduction: how the urban-rural gap shapes the national internet rate."""

from __future__ import annotations

from typing import NamedTuple

import matplotlib.pyplot as plt

from platformlab import plotting
from platformlab._validate import check_range
from platformlab.explore.book import BookView
from platformlab.explore.base import Explorer, Slider, freeze_below_spines
from platformlab.models import connectivity

__all__ = ["AccessGapExplorer", "AccessView", "draw_access_bars"]


class AccessView(NamedTuple):
    """What the access-gap explorer shows at a setting."""

    urban_rate: float
    rural_rate: float
    national_rate: float  #: urban and rural rates weighted by the urban share
    offline_million: float  #: people offline, millions


class AccessGapExplorer(Explorer):
    """How the urban-rural gap in internet use shapes the national rate.

    Sliders set the urban and rural penetration rates and the urban population share; the
    explorer shows the national rate (:func:`~platformlab.models.connectivity.national_penetration`)
    and the number of people offline
    (:func:`~platformlab.models.connectivity.offline_population`).

    Parameters
    ----------
    urban_rate, rural_rate, urban_share : float
        Starting slider values, shares in [0, 1] (default: the declaration, ``sliders``).
    population_million : float
        Population (millions) used to count the people offline; positive.
    """

    sliders = (
        Slider("urban_rate", "Urban rate", 0.0, 1.0, 0.001, 0.798, ".3f"),
        Slider("rural_rate", "Rural rate", 0.0, 1.0, 0.001, 0.559, ".3f"),
        Slider("urban_share", "Urban population share", 0.0, 1.0, 0.001, 0.607, ".3f"),
    )
    #: What moves in the HTML book (see platformlab.explore.book).
    book = BookView(live=("rural_rate", "urban_share"), steps={"rural_rate": 0.05, "urban_share": 0.1})

    def __init__(
        self,
        urban_rate: float | None = None,
        rural_rate: float | None = None,
        urban_share: float | None = None,
        population_million: float = 1405.0,
    ) -> None:
        self.population_million = float(
            check_range("population_million", population_million, 0.0, low_open=True)
        )
        super().__init__(
            {"urban_rate": urban_rate, "rural_rate": rural_rate, "urban_share": urban_share}
        )

    def view(self, urban_rate: float, rural_rate: float, urban_share: float) -> AccessView:
        rate = connectivity.national_penetration(urban_rate, rural_rate, urban_share)
        offline = connectivity.offline_population(self.population_million, rate)
        return AccessView(float(urban_rate), float(rural_rate), rate, offline)

    def draw(self, view: AccessView, values: dict[str, float]) -> None:
        heights = _percent(view.urban_rate, view.rural_rate, view.national_rate)
        if not self.ax.containers:
            draw_access_bars(self.ax, *(h / 100 for h in heights))
            # Only the bars and their labels move: the rest is drawn once (fast callbacks).
            freeze_below_spines(self.fig, self.ax, [*self.ax.containers[0], *self.ax.texts])
            return
        bars, labels = self.ax.containers[0], self.ax.texts
        for bar, label, height in zip(bars, labels, heights):
            bar.set_height(height)
            label.set_text(f"{height:.1f}%")
            label.xy = (label.xy[0], height)

    def summary(self, view: AccessView) -> str:
        return (
            f"National rate: <b>{100 * view.national_rate:.1f}%</b> · "
            f"offline: <b>{view.offline_million:,.0f} million</b> people"
        )


def draw_access_bars(ax: plt.Axes, urban_rate: float, rural_rate: float, national_rate: float) -> None:
    """Bars of the urban, rural and national rates (in %) with their values written on them."""
    labels = ["Urban", "Rural", "National"]
    heights = _percent(urban_rate, rural_rate, national_rate)
    bars = ax.bar(labels, heights, color=plotting.colors(3))
    ax.bar_label(bars, fmt="%.1f%%", padding=2)
    ax.set_ylim(0, 110)
    ax.set_ylabel("Internet users (% of population)")


def _percent(*shares: float) -> list[float]:
    return [100.0 * float(share) for share in shares]

