"""Explorer of the Introduction: how the urban-rural gap shapes the national internet rate."""

from __future__ import annotations

import ipywidgets as widgets
import matplotlib.pyplot as plt

from platformlab import plotting
from platformlab._validate import check_range
from platformlab.explore.book import BookView
from platformlab.explore.base import Explorer, float_slider
from platformlab.models import connectivity

__all__ = ["AccessGapExplorer", "draw_access_bars"]


class AccessGapExplorer(Explorer):
    """How the urban-rural gap in internet use shapes the national rate.

    Sliders set the urban and rural penetration rates and the urban population share; the
    explorer shows the national rate (:func:`~platformlab.models.connectivity.national_penetration`)
    and the number of people offline
    (:func:`~platformlab.models.connectivity.offline_population`).

    Parameters
    ----------
    urban_rate, rural_rate, urban_share : float
        Initial slider values, shares in [0, 1].
    population_million : float
        Population (millions) used to count the people offline; positive.
    """

    #: What moves in the HTML book (see platformlab.explore.book).
    book = BookView(live=("rural_rate", "urban_share"), steps={"rural_rate": 0.05, "urban_share": 0.1})

    def __init__(
        self,
        urban_rate: float = 0.798,
        rural_rate: float = 0.559,
        urban_share: float = 0.607,
        population_million: float = 1405.0,
    ) -> None:
        check_range("urban_rate", urban_rate, 0.0, 1.0)
        check_range("rural_rate", rural_rate, 0.0, 1.0)
        check_range("urban_share", urban_share, 0.0, 1.0)
        self.population_million = float(
            check_range("population_million", population_million, 0.0, low_open=True)
        )
        def slider(value: float, label: str) -> widgets.FloatSlider:
            return float_slider(value, 0.0, 1.0, 0.001, label, ".3f")

        super().__init__(
            {
                "urban_rate": slider(urban_rate, "Urban rate"),
                "rural_rate": slider(rural_rate, "Rural rate"),
                "urban_share": slider(urban_share, "Urban population share"),
            }
        )

    def compute(self, urban_rate: float, rural_rate: float, urban_share: float) -> dict[str, float]:
        rate = connectivity.national_penetration(urban_rate, rural_rate, urban_share)
        offline = connectivity.offline_population(self.population_million, rate)
        return {"national_rate": rate, "offline_million": offline}

    def draw(self, result: dict[str, float], values: dict[str, float]) -> None:
        heights = _percent(values["urban_rate"], values["rural_rate"], result["national_rate"])
        if not self.ax.containers:
            draw_access_bars(self.ax, *(h / 100 for h in heights))
            return
        bars, labels = self.ax.containers[0], self.ax.texts
        for bar, label, height in zip(bars, labels, heights):
            bar.set_height(height)
            label.set_text(f"{height:.1f}%")
            label.xy = (label.xy[0], height)

    def summary(self, result: dict[str, float]) -> str:
        return (
            f"National rate: <b>{100 * result['national_rate']:.1f}%</b> · "
            f"offline: <b>{result['offline_million']:,.0f} million</b> people"
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


#: Slider settings the benchmark cycles through (benchmarks/run.py reads BENCHMARK_CASES).
BENCHMARK_CASES = [
    (
        "AccessGapExplorer",
        AccessGapExplorer,
        [{"rural_rate": 0.4 + 0.01 * i, "urban_share": 0.5 + 0.005 * i} for i in range(30)],
    ),
]
