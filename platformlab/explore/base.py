"""The base explorer: declared sliders, a pure view of the model, a status line and a figure.

An explorer is a declared object (see :class:`Explorer`):

* ``sliders``, a tuple of :class:`Slider`: each control's name, label, range, step, default and
  unit. It is the one place the ranges live; the ipywidgets controls, the HTML book's sliders,
  the benchmark's settings, the exercise variant generators and the tests read it.
* ``view(**values)``, pure: the model's numbers at a setting, as a NamedTuple with named fields
  (the status line is formatted from it by ``summary``; exercise masters read its fields).
* ``draw(view, values)``, which draws a view on ``self.ax``.
"""

from __future__ import annotations

import contextlib
import html
import io
import math
import struct
import uuid
import weakref
import zlib
from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.artist import Artist

from platformlab._building import building, current as current_build
from platformlab._validate import check_range

__all__ = ["Explorer", "Slider", "DeclarationError", "float_slider", "int_slider",
           "freeze_background", "freeze_below_spines", "encode_png", "record_settings",
           "settings_at", "SETTINGS_MIME"]

#: MIME type of an explorer's settings record (see :func:`record_settings`).
SETTINGS_MIME = "application/vnd.platformlab.explorer-settings+json"
_record = False  # set by record_settings(): exercise notebooks only
_recorded: "weakref.WeakSet[Explorer]" = weakref.WeakSet()  # explorers with a settings record
_hooked: list[Any] = []  # the IPython shell the cell hooks are registered on


def record_settings(on: bool = True) -> None:
    """Save each explorer's settings in the notebook that displays it (exercise notebooks).

    :func:`platformlab.exercises.start` turns this on (never while a set is being built), so
    that what a student sets with the sliders is graded: an explorer displayed in a notebook
    then shows, besides its widget, a one-line record of its settings, kept up to date
    (a display with an id, updated on every change) and saved with the notebook::

        {"text/plain": "TwoSidedPricingExplorer settings ...: alpha_1=0.50, ...",
         SETTINGS_MIME: {"explorer": "TwoSidedPricingExplorer", "values": {...},
                         "history": [[run, {...}], ...]}}

    ``values`` are the settings now; each ``history`` entry ``[n, values]`` says that when
    the cell numbered ``n`` (its ``In [n]``) started, the sliders were at ``values``, and
    stayed there until the next entry (an entry is added only when they changed). The grader
    (:mod:`platformlab.assign.runner`) re-runs the notebook and, before each code cell, puts
    the sliders back where they were when that cell ran (see :func:`settings_at`); what the
    cell itself sets in code (``explorer.update(...)``) then wins, as it did live. Chapter
    notebooks never call this: their outputs are unchanged (no record, the widget as an
    ``execute_result``).

    nbgrader runs notebooks itself and knows nothing of these records: there the explorers
    start at their defaults, and only answers typed as numbers or set in code are reproduced.
    """
    global _record
    _record = bool(on)


def settings_at(record: dict[str, Any], run: int | None) -> dict[str, Any] | None:
    """The settings a record says an explorer had when cell number ``run`` started.

    ``run`` None (a cell never run): the record's latest ``values``. A run before the first
    history entry (before the explorer was displayed, or in an earlier kernel session):
    None, nothing to restore. ``record`` is assumed checked (a dict with ``values`` and a
    list ``history`` of ``[int, dict]``).
    """
    if run is None:
        return record["values"]
    found = None
    for count, values in record.get("history", []):
        if count <= run:
            found = values
    return found


def _shell() -> Any:
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with ipywidgets
        return None
    return get_ipython()


def _before_cell(*args: Any) -> None:
    for explorer in list(_recorded):
        try:
            explorer._snapshot = explorer.values()
        except Exception:  # noqa: BLE001 - never break a student's cell
            explorer._snapshot = None


def _after_cell(result: Any = None, *args: Any) -> None:
    count = getattr(result, "execution_count", None)
    stored = getattr(getattr(result, "info", None), "store_history", True)
    for explorer in list(_recorded):
        try:
            snapshot, explorer._snapshot = getattr(explorer, "_snapshot", None), None
            history = explorer._settings_history
            if snapshot is not None and stored and isinstance(count, int) and (
                    not history or history[-1][1] != snapshot):
                if history and history[-1][0] == count:
                    history.pop()
                history.append([count, snapshot])
            explorer._publish_settings()
        except Exception:  # noqa: BLE001 - never break a student's cell
            pass


def _hook(shell: Any) -> None:
    """Register the cell hooks once on ``shell`` (they snapshot the recorded explorers)."""
    if shell is None or any(s is shell for s in _hooked):
        return
    shell.events.register("pre_run_cell", _before_cell)
    shell.events.register("post_run_cell", _after_cell)
    _hooked[:] = [shell]


class DeclarationError(ValueError):
    """A slider declaration that cannot work; the message names the explorer and the slider."""


class Slider(NamedTuple):
    """One control of an explorer, declared once.

    Attributes
    ----------
    name : str
        The argument of ``view`` (and of the explorer's constructor) the slider sets.
    label : str
        What the reader sees next to the slider (and a screen reader says).
    low, high, step : float
        The range and the step; ``step`` must divide ``high - low``.
    default : float
        The starting value when the explorer is built without one.
    fmt : str
        Format of the readout (``"d"``: an integer slider).
    unit : str
        Unit of the value, shown after the label ("" for shares and pure numbers).
    """

    name: str
    label: str
    low: float
    high: float
    step: float
    default: float
    fmt: str = ".2f"
    unit: str = ""

    @property
    def integer(self) -> bool:
        return self.fmt == "d"

    @property
    def description(self) -> str:
        """Label with the unit, as the widget and the book show it."""
        return f"{self.label} ({self.unit})" if self.unit else self.label

    def format(self, value: float) -> str:
        return format(int(round(value)) if self.integer else value, self.fmt)

    def validate(self, owner: str) -> "Slider":
        """This declaration, checked: a range, a step that divides it, the default inside it.

        Raises :class:`DeclarationError` naming ``owner`` (the explorer) and the slider.
        """
        where = f"{owner}, slider {self.name!r}"
        numbers = (self.low, self.high, self.step, self.default)
        if not all(isinstance(v, (int, float)) and math.isfinite(v) for v in numbers):
            raise DeclarationError(f"{where}: range, step and default must be finite numbers; "
                                   f"got {numbers}")
        if not self.high > self.low:
            raise DeclarationError(f"{where}: empty range [{self.low:g}, {self.high:g}]")
        if not self.step > 0:
            raise DeclarationError(f"{where}: step must be positive, got {self.step:g}")
        count = (self.high - self.low) / self.step
        if abs(count - round(count)) > 1e-6:
            raise DeclarationError(f"{where}: step {self.step:g} does not divide the range "
                                   f"[{self.low:g}, {self.high:g}]")
        if not self.low - 1e-9 <= self.default <= self.high + 1e-9:
            raise DeclarationError(f"{where}: default {self.default:g} outside "
                                   f"[{self.low:g}, {self.high:g}]")
        if self.integer and not all(float(v).is_integer() for v in numbers):
            raise DeclarationError(f"{where}: an integer slider needs whole numbers; got "
                                   f"{numbers}")
        return self

    def check(self, value: Any) -> float:
        """``value`` as a float if the slider can take it; else an error naming the slider
        (TypeError for what is not a number, ValueError for NaN or a value off its range)."""
        number = float(check_range(self.name, value, self.low, self.high))
        if self.integer and not number.is_integer():
            raise ValueError(f"{self.name} must be a whole number; got {value!r}")
        return number

    def on_grid(self, index: int, step: float | None = None) -> float:
        """The value ``index`` steps (of ``step``, by default the slider's) above the low end,
        rounded to remove float noise; variant generators draw their values with it."""
        value = round(self.low + index * (self.step if step is None else step), 10)
        return int(value) if self.integer else value

    def grid(self, step: float | None = None) -> tuple[float, ...]:
        """Every value from the low end to the high end in steps of ``step``."""
        count = int(round((self.high - self.low) / (self.step if step is None else step)))
        return tuple(self.on_grid(i, step) for i in range(count + 1))

    def _on_slider(self, value: float, what: str) -> float:
        steps = (value - self.low) / self.step
        if not self.low - 1e-9 <= value <= self.high + 1e-9 or abs(steps - round(steps)) > 1e-6:
            raise ValueError(f"{self.name}: {what} {value:g} is not a value of the slider "
                             f"({self.low:g} to {self.high:g} in steps of {self.step:g})")
        return value

    def draw(self, rng: np.random.Generator, low: float | None = None, high: float | None = None,
             step: float | None = None, size: int | None = None) -> Any:
        """Values the slider can take, drawn uniformly (seeded ``rng``) from ``low`` to ``high``
        (default: the slider's ends) in steps of ``step`` (default: the slider's, else a multiple
        of it). The exercise variant generators draw slider settings with it. One call to
        ``rng.integers``, so a generator's stream of draws does not depend on the declaration.
        """
        low = self._on_slider(self.low if low is None else low, "low end")
        high = self._on_slider(self.high if high is None else high, "high end")
        step = self.step if step is None else step
        ratio, count = step / self.step, (high - low) / step
        if abs(ratio - round(ratio)) > 1e-6 or abs(count - round(count)) > 1e-6 or count < 0:
            raise ValueError(f"{self.name}: step {step:g} is not a multiple of the slider's "
                             f"step {self.step:g} dividing [{low:g}, {high:g}]")
        ks = rng.integers(0, int(round(count)) + 1, size=size)

        def value(k: Any) -> float:
            number = round(low + int(k) * step, 10)
            return int(number) if self.integer else number

        return value(ks) if size is None else [value(k) for k in ks]

    def uniform(self, rng: np.random.Generator, low: float, high: float, decimals: int) -> float:
        """A value drawn uniformly (seeded ``rng``) from [low, high] inside the slider's range,
        rounded to ``decimals`` (for settings finer than a reader would move the slider to)."""
        for end in (low, high):
            if not self.low <= end <= self.high:
                raise ValueError(f"{self.name}: {end:g} is outside the slider's range "
                                 f"[{self.low:g}, {self.high:g}]")
        return round(float(rng.uniform(low, high)), decimals)

    def widget(self, value: float) -> widgets.ValueWidget:
        """The ipywidgets slider (recomputes on release, not while dragging)."""
        if self.integer:
            return int_slider(int(round(value)), int(self.low), int(self.high), self.description)
        return float_slider(value, self.low, self.high, self.step, self.description, self.fmt)


class Explorer:
    """Base class: declared sliders, a pure view, a status line and a figure redrawn on change.

    Subclasses declare ``sliders`` (a tuple of :class:`Slider`) and ``book`` (a
    :class:`~platformlab.explore.book.BookView`), and define :meth:`view` (call the model; return
    a NamedTuple of the numbers shown), :meth:`draw` (draw a view on ``self.ax``) and
    :meth:`summary` (the status line, formatted from a view). ``draw`` is called on every change:
    for speed it creates its artists on the first call and only updates their data afterwards.

    A subclass's ``__init__`` passes the starting values (and any range that depends on its
    data, see :meth:`Explorer.__init__`) to this class's ``__init__``.

    Attributes
    ----------
    controls : dict of str to ipywidgets.ValueWidget
        The sliders, by name.
    specs : dict of str to Slider
        The declarations this explorer uses (with any range set from its data).
    result : NamedTuple or None
        The view shown: the model's numbers at the current setting (the last good one).
    widget : ipywidgets.VBox
        What is displayed: controls, status line and figure.
    """

    figsize = (6.5, 3.2)
    #: The controls, declared once (see :class:`Slider`).
    sliders: tuple[Slider, ...] = ()
    #: How the explorer appears in the HTML book (see :mod:`platformlab.explore.book`).
    book: Any = None
    #: Set to a list by the grader (:mod:`platformlab.assign.runner`) before each cell: the
    #: explorers the cell displays are appended to it (None: not tracked).
    _displayed: list[Any] | None = None
    margins = {"left": 0.12, "right": 0.98, "bottom": 0.12, "top": 0.95}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        # A broken declaration fails on import (and so fails the book build), naming it.
        super().__init_subclass__(**kwargs)
        names = [spec.name for spec in cls.sliders]
        if len(set(names)) != len(names):
            raise DeclarationError(f"{cls.__name__}: slider names repeat: {names}")
        for spec in cls.sliders:
            spec.validate(cls.__name__)
        live = getattr(cls.book, "live", ())
        steps = getattr(cls.book, "steps", {})
        missing = sorted((set(live) | set(steps)) - set(names))
        if cls.sliders and missing:
            raise DeclarationError(f"{cls.__name__}: the book's slider(s) {missing} are not "
                                   f"declared (sliders: {names})")

    def __new__(cls, *args: Any, **kwargs: Any) -> "Explorer":
        self = super().__new__(cls)
        # Remembered so that the book build can build the same explorer again (its recipe).
        self._recipe_call = (None, args, kwargs)
        return self

    @classmethod
    def slider(cls, name: str) -> Slider:
        """The declaration of the slider ``name``."""
        for spec in cls.sliders:
            if spec.name == name:
                return spec
        raise KeyError(f"{cls.__name__} has no slider {name!r}; it has "
                       f"{[spec.name for spec in cls.sliders]}")

    @classmethod
    def defaults(cls) -> dict[str, float]:
        """The declared starting value of every slider."""
        return {spec.name: spec.default for spec in cls.sliders}

    @classmethod
    def example(cls) -> "Explorer":
        """A representative explorer (the benchmark's); subclasses that need data override it."""
        return cls()

    def __init__(self, values: dict[str, Any] | None = None,
                 ranges: dict[str, dict[str, float]] | None = None) -> None:
        """Build the controls from the declaration.

        Parameters
        ----------
        values : dict, optional
            Starting values by slider name (``None`` or missing: the declared default). Each is
            checked against its slider's range; a bad one raises ValueError (TypeError if it is
            not a number) naming the slider.
        ranges : dict, optional
            For sliders whose range depends on the explorer's data (a number of villages, a
            largest discount): ``{name: {"high": ..., ...}}`` replaces those fields of the
            declaration for this explorer only; the result is checked like a declaration.
        """
        owner = type(self).__name__
        specs = {spec.name: spec for spec in self.sliders}
        for name, fields in (ranges or {}).items():
            if name not in specs:
                raise DeclarationError(f"{owner}: no slider {name!r} to set a range for")
            spec = specs[name]._replace(**fields)
            if not spec.low <= spec.default <= spec.high:
                spec = spec._replace(default=min(max(spec.default, spec.low), spec.high))
            specs[name] = spec.validate(owner)
        given = {k: v for k, v in (values or {}).items() if v is not None}
        unknown = sorted(set(given) - set(specs))
        if unknown:
            raise ValueError(f"unknown slider(s) {unknown}; {owner} has {sorted(specs)}")
        start = {name: spec.check(given.get(name, spec.default)) for name, spec in specs.items()}
        self.specs = specs
        self.controls = {name: spec.widget(start[name]) for name, spec in specs.items()}
        self.status = widgets.HTML()
        # The figure is sent as PNG bytes in an Image widget (not through an Output widget):
        # no display messages leave the callback.
        self.image = widgets.Image(format="png", layout=widgets.Layout(max_width="100%"))
        self.result: Any = None
        self.fig, self.ax = plt.subplots(figsize=self.figsize)
        self.fig.subplots_adjust(**self.margins)
        plt.close(self.fig)  # shown through self.image only
        self._holding = False
        for control in self.controls.values():
            control.observe(self._on_change, names="value")

        self.widget = widgets.VBox(
            [widgets.VBox(list(self.controls.values())), self.status, self.image]
        )
        self.refresh()

    @staticmethod
    @contextlib.contextmanager
    def headless() -> Iterator[None]:
        """Within this block every explorer computes its results but draws nothing.

        The explorers' half of the build switch (:mod:`platformlab._building`), which
        ``platformlab-assign build`` turns on while it runs a master once per variant; for
        scripts and tests that need explorers' numbers without figures.
        """
        with building():
            yield

    # -- to be defined by subclasses ---------------------------------------------------
    def view(self, **values: float) -> Any:  # pragma: no cover - abstract
        """The model's numbers at a setting (a NamedTuple); pure: reads no widget, draws nothing."""
        raise NotImplementedError

    def draw(self, view: Any, values: dict[str, float]) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def summary(self, view: Any) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    # -- wiring ------------------------------------------------------------------------
    def values(self) -> dict[str, float]:
        """Current values of the controls, by name."""
        return {name: control.value for name, control in self.controls.items()}

    def update(self, **values: Any) -> Any:
        """Set several controls at once, recompute and redraw once; return the new view.

        For code (exercise masters, students' answers): it never leaves a stale answer behind.
        Unknown names and values a control cannot take (a string, NaN, a value outside the
        slider's range) raise ``ValueError`` (``TypeError`` for what is not a number) naming the
        control; where the model has no answer at the new setting, the ``ValueError`` says so
        and why. Either way the controls go back to where they were and the explorer keeps its
        last good state. (Moving a slider by hand shows the model's message instead: see
        :meth:`move`.)
        """
        checked = self._checked(values)
        before = self.values()
        try:
            self.view(**{**before, **checked})
        except (ValueError, TypeError) as err:
            shown = ", ".join(f"{k}={v:g}" for k, v in checked.items())
            raise ValueError(f"{type(self).__name__} cannot compute at {shown}: {err}") from None
        self._set(checked)
        return self.refresh()

    def move(self, **values: Any) -> Any:
        """Set several controls at once as a reader moving the sliders would: where the model
        has no answer, the status line says why and the figure keeps the last good view
        (``result`` too); returns the new view, or None there. Bad names and values raise as
        in :meth:`update`."""
        self._set(self._checked(values))
        return self.refresh()

    def _checked(self, values: dict[str, Any]) -> dict[str, float]:
        unknown = sorted(set(values) - set(self.controls))
        if unknown:
            raise ValueError(
                f"unknown control(s) {unknown}; this explorer has {sorted(self.controls)}"
            )
        return {name: self.specs[name].check(value) for name, value in values.items()}

    def _set(self, checked: dict[str, float]) -> None:
        self._holding = True
        try:
            for name, value in checked.items():
                control = self.controls[name]
                control.value = int(value) if self.specs[name].integer else value
        finally:
            self._holding = False

    def render_png(self) -> bytes:
        """The figure as PNG bytes: drawn by Agg, encoded fast (:func:`encode_png`; the book
        re-encodes its frames with a palette). A redraw is cheap where the explorer froze its
        static parts with :func:`freeze_background`."""
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        canvas = self.fig.canvas
        if not isinstance(canvas, FigureCanvasAgg):
            canvas = FigureCanvasAgg(self.fig)
        canvas.draw()
        return encode_png(np.asarray(canvas.buffer_rgba()))

    def _on_change(self, change: dict[str, Any]) -> None:
        if not self._holding:
            self.refresh()

    def refresh(self) -> Any:
        """Recompute the view with the model and redraw; a model error is shown, not raised."""
        values = self.values()
        try:
            result = self.view(**values)
        except (ValueError, TypeError) as err:
            self.status.value = f"<b>Cannot compute:</b> {html.escape(str(err))}"
            self._publish_settings()  # the sliders moved, even if the view did not
            return None
        self.result = result
        if current_build() is not None:  # building keys: the numbers only
            self.status.value = self.summary(result)
            return result
        self.draw(result, values)
        self.image.value = self.render_png()
        self.status.value = self.summary(result)
        self._publish_settings()
        return result

    # -- the settings record (exercise notebooks, see record_settings) -------------------
    def _settings_bundle(self) -> dict[str, Any]:
        values = self.values()
        shown = ", ".join(f"{k}={self.specs[k].format(v)}" for k, v in values.items())
        name = type(self).__name__
        return {
            "text/plain": f"{name} settings (saved with the notebook; grading uses them): "
                          f"{shown}",
            SETTINGS_MIME: {"explorer": name, "values": values,
                            "history": [[n, dict(v)] for n, v in self._settings_history]},
        }

    def _publish_settings(self) -> None:
        """Update this explorer's settings record(s), if it has any and they changed."""
        ids = getattr(self, "_settings_ids", None)
        if not ids:
            return
        try:
            bundle = self._settings_bundle()
            if bundle == self._settings_published:
                return
            from IPython.display import update_display

            for display_id in ids:
                update_display(bundle, raw=True, display_id=display_id)
            self._settings_published = bundle
        except Exception:  # noqa: BLE001 - a record that cannot be sent must not break anything
            pass

    def _ipython_display_(self) -> None:
        # IPython calls this instead of producing an execute_result (for a cell's last value
        # and for display()). Without record_settings() (chapters, the book, the build) it
        # declines with NotImplementedError, and IPython shows _repr_mimebundle_ as before.
        if Explorer._displayed is not None:
            Explorer._displayed.append(self)
        if not _record or current_build() is not None:
            raise NotImplementedError
        from IPython.display import display

        display(self._repr_mimebundle_(), raw=True)
        if not hasattr(self, "_settings_history"):
            self._settings_history: list[list[Any]] = []
            self._settings_ids: list[str] = []
        display_id = uuid.uuid4().hex
        bundle = self._settings_bundle()
        display(bundle, raw=True, display_id=display_id)
        self._settings_ids.append(display_id)
        self._settings_published = bundle
        _recorded.add(self)
        _hook(_shell())

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        # The widget view bundle, built here rather than taken from ipywidgets: ipywidgets 8
        # has VBox._repr_mimebundle_, ipywidgets 7 (Colab's) only _ipython_display_; both send
        # exactly this (protocol 2.0, the model id), which every front end renders.
        # A short, deterministic text form (the default one lists every child widget).
        args = ", ".join(f"{k}={v:g}" for k, v in self.values().items())
        from platformlab.explore.book import explorer_title, placeholder, recipe_of

        title = explorer_title(self)
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


def encode_png(rgba: np.ndarray) -> bytes:
    """PNG bytes of an RGBA canvas (RGB when it is opaque): rows unfiltered, zlib level 1.

    About three times faster than Pillow's encoder at compress_level=1, for smaller files
    (figures are mostly flat colour, which zlib packs well without filtering).
    """
    height, width = rgba.shape[:2]
    opaque = bool(rgba[..., 3].min() == 255)
    pixels = rgba[..., :3] if opaque else rgba
    rows = np.empty((height, 1 + width * pixels.shape[2]), dtype=np.uint8)
    rows[:, 0] = 0  # filter type None
    rows[:, 1:] = pixels.reshape(height, -1)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", width, height, 8, 2 if opaque else 6, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(rows.tobytes(), 1)) + chunk(b"IEND", b""))


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
    dpi = fig.dpi  # what render_png draws at (canvas.draw), whatever savefig.dpi says
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


def freeze_below_spines(fig: plt.Figure, ax: plt.Axes, dynamic: Iterable[Any]) -> None:
    """:func:`freeze_background`, but the spines stay live, drawn above the data where
    matplotlib draws them: bars that start at zero and a curve on an axis stay under the spine,
    as in a full redraw."""
    freeze_background(fig, ax, [*dynamic, *ax.spines.values()])
    ax.set_axis_on()  # for the spines; the axis, ticks and labels stay hidden (in the picture)
    ax.patch.set_visible(False)  # the picture shows the background


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
