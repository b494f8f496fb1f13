"""The base explorer: named controls, a status line and a figure redrawn on every change."""

from __future__ import annotations

import contextlib
import html
import io
from collections.abc import Iterable, Iterator
from typing import Any

import ipywidgets as widgets
import matplotlib
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.artist import Artist

from platformlab._validate import check_range

__all__ = ["Explorer", "float_slider", "int_slider", "freeze_background"]


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
    #: How the explorer appears in the HTML book (see :mod:`platformlab.explore.book`).
    book: Any = None
    _headless = False  # class-wide switch, see headless()

    def __new__(cls, *args: Any, **kwargs: Any) -> "Explorer":
        self = super().__new__(cls)
        # Remembered so that the book build can build the same explorer again (its recipe).
        self._recipe_call = (None, args, kwargs)
        return self
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

    @staticmethod
    @contextlib.contextmanager
    def headless() -> Iterator[None]:
        """Within this block every explorer computes its results but draws nothing.

        Used when exercise keys are built: the master notebook runs once per variant and
        needs the explorers' ``result`` only, not their figures.
        """
        previous = Explorer._headless
        Explorer._headless = True
        try:
            yield
        finally:
            Explorer._headless = previous

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

    def render_png(self) -> bytes:
        """The figure as PNG bytes (subclasses may render faster, e.g. by blitting)."""
        buffer = io.BytesIO()
        self.fig.savefig(buffer, format="png", metadata={"Software": None})
        return buffer.getvalue()

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
        if Explorer._headless:
            self.status.value = self.summary(result)
            return result
        self.draw(result, values)
        self.image.value = self.render_png()
        self.status.value = self.summary(result)
        return result

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        # The widget view bundle, built here rather than taken from ipywidgets: ipywidgets 8
        # has VBox._repr_mimebundle_, ipywidgets 7 (Colab's) only _ipython_display_; both send
        # exactly this (protocol 2.0, the model id), which every front end renders.
        # A short, deterministic text form (the default one lists every child widget).
        args = ", ".join(f"{k}={v:g}" for k, v in self.values().items())
        from platformlab.explore.book import placeholder, recipe_of

        title = (type(self).__doc__ or type(self).__name__).strip().splitlines()[0]
        return {
            "text/plain": f"{type(self).__name__}({args})",
            # For the HTML book: how to build this explorer again; the book build draws its
            # frames and puts a kernel-free explorer here (platformlab.explore.book).
            "text/html": placeholder(recipe_of(self), title),
            "application/vnd.jupyter.widget-view+json": {
                "version_major": 2,
                "version_minor": 0,
                "model_id": self.widget.model_id,
            },
        }


SLIDER_STYLE = {"description_width": "14em"}
SLIDER_WIDTH = "36em"


def float_slider(
    value: float, low: float, high: float, step: float, label: str, fmt: str = ".2f"
) -> widgets.FloatSlider:
    """A float slider in the explorers' common style (recomputes on release, not while dragging)."""
    return widgets.FloatSlider(
        value=value, min=low, max=high, step=step, readout_format=fmt, description=label,
        style=SLIDER_STYLE, layout=widgets.Layout(width=SLIDER_WIDTH), continuous_update=False,
    )


def int_slider(value: int, low: int, high: int, label: str) -> widgets.IntSlider:
    """An integer slider in the explorers' common style."""
    return widgets.IntSlider(
        value=value, min=low, max=high, step=1, description=label, style=SLIDER_STYLE,
        layout=widgets.Layout(width=SLIDER_WIDTH), continuous_update=False,
    )


def freeze_background(
    fig: plt.Figure, ax: plt.Axes, dynamic: Iterable[Any], static: Iterable[Any] | None = None
) -> None:
    """Keep what never changes as one pre-rendered picture, so that a redraw is cheap.

    Renders the figure once without the ``dynamic`` artists and places that picture behind the
    axes; then hides what the picture already shows: the axis, ticks, labels, grid and legend,
    and the ``static`` artists (by default every other visible artist of ``ax``). Later renders
    paste the picture and draw the dynamic artists only: text layout is most of the cost of a
    full matplotlib redraw, so an explorer's callback stays within tens of milliseconds.
    """
    dynamic = list(dynamic)
    visible = [artist.get_visible() for artist in dynamic]
    for artist in dynamic:
        artist.set_visible(False)
    dpi = matplotlib.rcParams["savefig.dpi"]
    dpi = fig.dpi if dpi == "figure" else float(dpi)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="rgba", dpi=dpi)
    raw = np.frombuffer(buffer.getvalue(), dtype=np.uint8)
    width = int(round(fig.get_figwidth() * dpi))
    picture = raw.reshape(raw.size // (4 * width), width, 4)
    for artist, was_visible in zip(dynamic, visible):
        artist.set_visible(was_visible)
    if static is None:
        static = [
            artist
            for artist in ax.get_children()
            if artist not in dynamic and artist is not ax.patch and artist.get_visible()
        ]
    for artist in static:
        artist.set_visible(False)
    if ax.get_legend() is not None:
        ax.get_legend().set_visible(False)
    ax.set_axis_off()
    fig.add_artist(_Picture(picture))


class _Picture(Artist):
    """A pre-rendered RGBA picture of the whole figure, pasted without resampling."""

    zorder = -1

    def __init__(self, rgba: np.ndarray) -> None:
        super().__init__()
        self._rgba = np.array(rgba[::-1], dtype=np.uint8, order="C")  # rows bottom-up

    def draw(self, renderer: Any) -> None:
        if not self.get_visible():
            return
        width, height = renderer.get_canvas_width_height()
        if (int(height), int(width)) != self._rgba.shape[:2]:
            return  # rendered at another resolution: the picture would not fit
        gc = renderer.new_gc()
        renderer.draw_image(gc, 0, 0, self._rgba)
        gc.restore()
