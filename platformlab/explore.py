"""Widget explorers: sliders wired to a model function, with a redraw on every change.

Each explorer only wires widgets to a function of :mod:`platformlab.models` and redraws; a
callback recomputes with the model and never reads files. Data an explorer needs (a
population, say) is passed in when it is built.

In the HTML book there is no kernel, so the widgets show their initial state only; every
exploration in a chapter is followed by a static companion figure (small multiples of the same
model) made with :func:`platformlab.plotting.small_multiples`.
"""

from __future__ import annotations

import html
import io
from typing import Any

import ipywidgets as widgets
import matplotlib.pyplot as plt

from platformlab import plotting
from platformlab._validate import check_range
from platformlab.models import connectivity

__all__ = ["Explorer", "AccessGapExplorer"]


class Explorer:
    """Base class: a set of named controls, a status line and a figure redrawn on change.

    Subclasses define :meth:`compute` (call the model; return a dict of results),
    :meth:`draw` (draw the results on ``self.ax``) and :meth:`summary` (one line of text).
    ``draw`` is called on every change: for speed it should create its artists on the first
    call and only update their data afterwards (clearing and redrawing the axes costs more).

    Attributes
    ----------
    controls : dict of str to ipywidgets.ValueWidget
        The sliders, by the name of the model argument they set.
    result : dict or None
        The results of the last successful computation.
    widget : ipywidgets.VBox
        What is displayed: controls, status line and figure.
    """

    figsize = (6.5, 3.2)
    margins = {"left": 0.12, "right": 0.98, "bottom": 0.12, "top": 0.95}

    def __init__(self, controls: dict[str, widgets.ValueWidget]) -> None:
        self.controls = controls
        self.status = widgets.HTML()
        # The figure is sent as PNG bytes in an Image widget (not through an Output widget):
        # its state is embedded in the HTML book, and no display messages leave the callback.
        self.image = widgets.Image(format="png", layout=widgets.Layout(max_width="100%"))
        self.result: dict[str, float] | None = None
        self.fig, self.ax = plt.subplots(figsize=self.figsize)
        self.fig.subplots_adjust(**self.margins)
        plt.close(self.fig)  # shown through self.image only
        self._holding = False
        for control in controls.values():
            control.observe(self._on_change, names="value")
        self.widget = widgets.VBox(
            [widgets.VBox(list(controls.values())), self.status, self.image]
        )
        self.refresh()

    # -- to be defined by subclasses ---------------------------------------------------
    def compute(self, **values: float) -> dict[str, float]:  # pragma: no cover - abstract
        raise NotImplementedError

    def draw(self, result: dict[str, float], values: dict[str, float]) -> None:  # pragma: no cover
        raise NotImplementedError

    def summary(self, result: dict[str, float]) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    # -- wiring ------------------------------------------------------------------------
    def values(self) -> dict[str, float]:
        """Current values of the controls, by name."""
        return {name: control.value for name, control in self.controls.items()}

    def update(self, **values: Any) -> dict[str, float] | None:
        """Set several controls at once, then recompute and redraw once.

        Unknown names and values a control cannot take (a string, NaN, a value outside the
        slider's range) raise ``ValueError`` naming the control; the explorer keeps its last
        good state.
        """
        unknown = sorted(set(values) - set(self.controls))
        if unknown:
            raise ValueError(
                f"unknown control(s) {unknown}; this explorer has {sorted(self.controls)}"
            )
        for name, value in values.items():
            control = self.controls[name]
            check_range(name, value, control.min, control.max)
        self._holding = True
        try:
            for name, value in values.items():
                self.controls[name].value = float(value)
        finally:
            self._holding = False
        return self.refresh()

    def _on_change(self, change: dict[str, Any]) -> None:
        if not self._holding:
            self.refresh()

    def refresh(self) -> dict[str, float] | None:
        """Recompute with the model and redraw; a model error is shown, not raised."""
        values = self.values()
        try:
            result = self.compute(**values)
        except (ValueError, TypeError) as err:
            self.status.value = f"<b>Cannot compute:</b> {html.escape(str(err))}"
            return None
        self.result = result
        self.draw(result, values)
        buffer = io.BytesIO()
        self.fig.savefig(buffer, format="png", metadata={"Software": None})
        self.image.value = buffer.getvalue()
        self.status.value = self.summary(result)
        return result

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        bundle = self.widget._repr_mimebundle_(**kwargs)
        if isinstance(bundle, tuple):  # (data, metadata)
            bundle = bundle[0]
        bundle = dict(bundle)
        # A short, deterministic text form (the default one lists every child widget).
        args = ", ".join(f"{k}={v:g}" for k, v in self.values().items())
        bundle["text/plain"] = f"{type(self).__name__}({args})"
        return bundle


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
        style = {"description_width": "11em"}
        layout = widgets.Layout(width="32em")

        def slider(value: float, label: str) -> widgets.FloatSlider:
            return widgets.FloatSlider(
                value=value, min=0.0, max=1.0, step=0.001, readout_format=".3f",
                description=label, style=style, layout=layout, continuous_update=False,
            )

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
