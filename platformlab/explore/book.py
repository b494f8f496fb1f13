"""Explorers in the HTML book: exact frames drawn by the same Python, shown without a kernel.

In Jupyter an explorer recomputes with the model on every slider move. The HTML book has no
Python, so the book build draws, ahead of time, every frame the book's sliders can reach, with
the explorer's own code, and a few lines of plain JavaScript show the frame (and the status line)
of the current setting. What the reader sees at a setting is exactly what the Python explorer
shows there.

How an explorer gets into the book:

1. Each explorer class declares a :class:`BookView`: which one or two sliders move in the book
   (chosen for what the chapter asks the reader to try), and for each a step for the book's grid
   (coarser than Jupyter's where the slider is fine-grained). The other sliders stay at the
   values the notebook displayed and are shown as fixed.
2. When a notebook displays an explorer, its output carries, next to the widget, an HTML
   placeholder holding a *recipe*: how to build the same explorer again (its class, the
   arguments it was built with, the slider values shown). See :func:`recipe_of`.
3. The book build (``_ext/explorers.py``) reads the recipes from the built pages, renders the
   frames with :func:`render` (in parallel, cached by content) and replaces each placeholder
   with the HTML explorer made by :func:`markup`.

A declaration that cannot work (an unknown or empty slider, a step that does not divide the
range, a starting value outside it) raises :class:`BookError` naming the explorer and the slider,
which fails the book build.
"""

from __future__ import annotations

import contextlib
import hashlib
import html
import importlib
import io
import itertools
import json
import math
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

from platformlab.explore.base import DeclarationError

__all__ = ["BookView", "BookError", "BookSlider", "recipe_of", "rebuild", "book_sliders",
           "render", "view_at", "tour", "book_style", "markup", "placeholder", "explorer_title", "PLACEHOLDER_CLASS",
           "status_text"]

PLACEHOLDER_CLASS = "pl-explorer-recipe"
#: Largest number of frames one explorer may need in the book.
MAX_FRAMES = 1200
_MAX_ARRAY = 5000


class BookError(DeclarationError):
    """An explorer's book declaration (or recipe) cannot be used; the message names it."""


class BookView(NamedTuple):
    """How an explorer appears in the HTML book.

    Attributes
    ----------
    live : tuple of str
        The one or two sliders that move in the book.
    steps : dict of str to float
        The book's grid step per live slider (default: the slider's own step).
    """

    live: tuple[str, ...]
    steps: dict[str, float] = {}


class BookSlider(NamedTuple):
    """One slider as the book shows it."""

    name: str
    label: str
    value: float
    fmt: str
    live: bool
    grid: tuple[float, ...]  # the values a live slider can take in the book (empty if fixed)

    def format(self, value: float) -> str:
        return format(value, self.fmt)


# -- recipes ---------------------------------------------------------------------------------
def _encode(value: Any) -> Any:
    """JSON form of a constructor argument; raises TypeError for what cannot travel."""
    import pandas as pd

    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, (int, float, np.integer, np.floating)):
        number = value.item() if isinstance(value, np.generic) else value
        if isinstance(number, float) and not math.isfinite(number):
            raise TypeError("a non-finite number")
        return number
    if isinstance(value, tuple):
        return {"__tuple__": [_encode(v) for v in value]}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _encode(v) for k, v in value.items()}
    if isinstance(value, pd.DataFrame):
        name = value.attrs.get("name")
        if name:
            from platformlab import data

            if data.load(name).equals(value):
                return {"__table__": name}
        raise TypeError("a DataFrame that is not a table of data/ as loaded")
    if isinstance(value, pd.Series) and value.attrs.get("name") and value.name is not None:
        from platformlab import data

        table = data.load(value.attrs["name"])
        if value.name in table.columns and table[value.name].equals(value):
            return {"__column__": [value.attrs["name"], value.name]}
    if isinstance(value, (np.ndarray, pd.Series)):
        array = np.asarray(value)
        if array.size > _MAX_ARRAY or array.dtype.kind not in "biuf":
            raise TypeError(f"an array of {array.size} {array.dtype} values")
        return {"__array__": array.tolist(), "dtype": str(array.dtype)}
    raise TypeError(f"a {type(value).__name__}")


def _decode(value: Any) -> Any:
    if isinstance(value, list):
        return [_decode(v) for v in value]
    if isinstance(value, dict):
        if "__tuple__" in value:
            return tuple(_decode(v) for v in value["__tuple__"])
        if "__array__" in value:
            return np.asarray(value["__array__"], dtype=value["dtype"])
        if "__table__" in value:
            from platformlab import data

            return data.load(value["__table__"])
        if "__column__" in value:
            from platformlab import data

            table, column = value["__column__"]
            return data.load(table)[column]
        return {k: _decode(v) for k, v in value.items()}
    return value


def recipe_of(explorer: Any) -> dict[str, Any] | None:
    """How to build ``explorer`` again, as JSON-ready data, or None if it cannot be rebuilt."""
    cls = type(explorer)
    factory, args, kwargs = getattr(explorer, "_recipe_call", (None, (), {}))
    try:
        return {
            "module": cls.__module__,
            "class": cls.__qualname__,
            "factory": factory,
            "args": [_encode(a) for a in args],
            "kwargs": {k: _encode(v) for k, v in kwargs.items()},
            # Only sliders moved off their starting default (rebuild restores the others).
            "values": {k: _encode(v) for k, v in explorer.values().items()
                       if v != explorer.specs[k].default},
        }
    except TypeError:
        return None


def rebuild(recipe: dict[str, Any]) -> Any:
    """The explorer a recipe describes, set to the slider values it was shown with."""
    module = importlib.import_module(recipe["module"])
    if not recipe["module"].startswith("platformlab."):
        raise BookError(f"recipe names {recipe['module']}, which is not part of platformlab")
    cls = getattr(module, recipe["class"])
    make = getattr(cls, recipe["factory"]) if recipe.get("factory") else cls
    explorer = make(*_decode(recipe["args"]), **_decode(recipe["kwargs"]))
    defaults = {name: spec.default for name, spec in explorer.specs.items()}
    explorer.move(**{**defaults, **_decode(recipe["values"])})
    return explorer


# -- the book's sliders ----------------------------------------------------------------------
def check_slider(explorer_name: str, key: str, low: float, high: float, step: float,
                 value: float) -> None:
    """A slider declaration must have a range, a step that divides it and a value inside it."""
    where = f"{explorer_name}, slider {key!r}"
    if not (math.isfinite(low) and math.isfinite(high) and high > low):
        raise BookError(f"{where}: empty range [{low:g}, {high:g}]")
    if not (math.isfinite(step) and step > 0):
        raise BookError(f"{where}: step must be positive, got {step:g}")
    count = (high - low) / step
    if abs(count - round(count)) > 1e-6:
        raise BookError(f"{where}: step {step:g} does not divide the range [{low:g}, {high:g}]")
    if not low - 1e-9 <= value <= high + 1e-9:
        raise BookError(f"{where}: starting value {value:g} outside [{low:g}, {high:g}]")


def book_sliders(explorer: Any) -> list[BookSlider]:
    """The explorer's sliders as the book shows them, checked against its :class:`BookView`.

    Every slider's declaration is checked (:func:`check_slider`). A live slider's book grid runs
    from its low end in steps of the book step (a whole multiple of the slider's own step), and
    always includes both ends and the starting value, so every value is one Jupyter can show.
    """
    name = type(explorer).__name__
    view = getattr(explorer, "book", None)
    if not isinstance(view, BookView):
        raise BookError(f"{name}: declares no BookView (class attribute `book`)")
    if not 1 <= len(view.live) <= 2:
        raise BookError(f"{name}: the book moves one or two sliders; declared {view.live}")
    unknown = sorted(set(view.live) - set(explorer.controls))
    unknown += sorted(set(view.steps) - set(view.live))
    if unknown:
        raise BookError(f"{name}: slider(s) {unknown} are not live sliders of this explorer "
                        f"(it has {sorted(explorer.controls)}; live: {list(view.live)})")
    sliders = []
    for key, control in explorer.controls.items():
        spec = explorer.specs[key]  # the declaration (with any range set from the data)
        low, high, step, value = spec.low, spec.high, spec.step, float(control.value)
        check_slider(name, key, low, high, step, value)
        label, fmt = spec.description, spec.fmt
        if key not in view.live:
            sliders.append(BookSlider(key, label, value, fmt, False, ()))
            continue
        book_step = float(view.steps.get(key, step))
        ratio = book_step / step
        if book_step <= 0 or abs(ratio - round(ratio)) > 1e-6:
            raise BookError(f"{name}, slider {key!r}: the book step {book_step:g} must be a "
                            f"whole multiple of the slider's step {step:g}")
        digits = 10  # enough to remove float noise (0.1 + 3 * 0.02), far below any step
        # Round multiples of the book step inside the range, both ends and the starting value.
        first, last = math.ceil(low / book_step - 1e-9), math.floor(high / book_step + 1e-9)
        grid = {round(k * book_step, digits) for k in range(first, last + 1)}
        grid |= {round(low, digits), round(high, digits), round(value, digits)}
        for point in grid:
            steps_in = (point - low) / step
            if abs(steps_in - round(steps_in)) > 1e-6:
                raise BookError(f"{name}, slider {key!r}: the book's value {point:g} is not on "
                                f"the slider's grid ({low:g} + multiples of {step:g})")
        if isinstance(control.value, int):
            grid = {int(round(v)) for v in grid}
        sliders.append(BookSlider(key, label, type(control.value)(round(value, digits)), fmt,
                                  True, tuple(sorted(grid))))
    frames = math.prod(len(s.grid) for s in sliders if s.live)
    if frames > MAX_FRAMES:
        raise BookError(f"{name}: the book's grid needs {frames} frames (at most {MAX_FRAMES}); "
                        "use coarser steps in its BookView")
    return sliders


def tour(explorer: Any, count: int = 30, seed: int = 0) -> list[dict[str, float]]:
    """``count`` settings of the live sliders, drawn (seeded) from the book's grid among those
    where the model has an answer: what a reader tries; the benchmark times them."""
    live = [s for s in book_sliders(explorer) if s.live]
    rng = np.random.default_rng(seed)
    fixed = explorer.values()
    settings: list[dict[str, float]] = []
    for _ in range(50 * count):
        if len(settings) == count:
            break
        setting = {s.name: s.grid[int(rng.integers(len(s.grid)))] for s in live}
        try:
            explorer.view(**{**fixed, **setting})
        except (ValueError, TypeError):
            continue
        settings.append(setting)
    return settings


# -- frames ------------------------------------------------------------------------------------
_TAGS = re.compile(r"<[^>]+>")


def status_text(status_html: str) -> str:
    """The status line as plain text (what a screen reader says; also the frame's alt text)."""
    return " ".join(html.unescape(_TAGS.sub("", status_html)).split())


def frame_key(indices: tuple[int, ...]) -> str:
    return "-".join(str(i) for i in indices) or "0"


def frame_png(explorer: Any) -> bytes:
    """The explorer's current figure as the book stores it: its own PNG with a 256-colour
    palette (plots have few colours: the same picture at about a third of the size)."""
    from PIL import Image

    with Image.open(io.BytesIO(explorer.image.value)) as image:
        palette = image.convert("RGB").quantize(colors=256, method=Image.Quantize.FASTOCTREE,
                                                dither=Image.Dither.NONE)
        out = io.BytesIO()
        palette.save(out, format="PNG")
    return out.getvalue()


@contextlib.contextmanager
def book_style() -> Iterator[None]:
    """Matplotlib set as every chapter sets it (``plotting.set_theme()`` on the defaults), and
    restored afterwards: frames do not depend on what the calling process changed before."""
    import matplotlib

    from platformlab import plotting

    with matplotlib.rc_context():
        matplotlib.rcdefaults()
        plotting.set_theme()
        yield


def view_at(recipe: dict[str, Any], setting: dict[str, Any]) -> tuple[str, bytes]:
    """The status line (HTML) and the frame (PNG, as the book stores it) of the explorer of
    ``recipe`` moved straight from its starting view to ``setting``."""
    with book_style():
        explorer = rebuild(recipe)
        explorer.move(**setting)
        return explorer.status.value, frame_png(explorer)


def render(recipe: dict[str, Any], folder: Path) -> dict[str, Any]:
    with book_style():
        return _render(recipe, folder)


def _render(recipe: dict[str, Any], folder: Path) -> dict[str, Any]:
    """Draw every frame of the book's grid into ``folder``; return the frames' index.

    ``folder`` gets ``<i>-<j>.png`` per setting and ``frames.json``: the sliders, the status
    line of each frame (HTML) and the starting frame (and ``frames.js``, the same as a script
    for the browser).
    """
    explorer = rebuild(recipe)
    # Where the model has no answer, an explorer keeps the last figure it could draw, so what it
    # shows there depends on the path. The book shows what an explorer moved there straight
    # from the starting setting shows: this second explorer stays at the start between uses.
    pristine = rebuild(recipe)
    sliders = book_sliders(explorer)
    live = [s for s in sliders if s.live]
    start = tuple(s.grid.index(s.value) for s in live)
    start_values = {s.name: s.value for s in live}
    folder.mkdir(parents=True, exist_ok=True)
    statuses: dict[str, str] = {}
    for indices in itertools.product(*(range(len(s.grid)) for s in live)):
        setting = {s.name: s.grid[i] for s, i in zip(live, indices)}
        shown = explorer
        if explorer.move(**setting) is None:
            pristine.move(**setting)
            shown = pristine
        key = frame_key(indices)
        (folder / f"{key}.png").write_bytes(frame_png(shown))
        statuses[key] = shown.status.value
        if shown is pristine:
            pristine.move(**start_values)
    index = {
        "recipe": recipe,
        "title": type(explorer).__name__,
        "sliders": [s._asdict() for s in sliders],
        "start": frame_key(start),
        "status": statuses,
    }
    text = json.dumps(index, ensure_ascii=False)
    (folder / "frames.json").write_text(text, encoding="utf-8")
    # The same for the browser as a script, which loads from file:// too (fetch does not).
    (folder / "frames.js").write_text(
        "(window.plExplorerFrames = window.plExplorerFrames || {})"
        f"[document.currentScript.src] = {text};\n", encoding="utf-8")
    return index


def cache_key(recipe: dict[str, Any]) -> str:
    """A hash of the recipe and of everything that draws it: the source of the explorers, the
    models, the theme, the validators and the data loader, and the library versions."""
    import matplotlib
    import PIL

    import platformlab

    digest = hashlib.sha256(json.dumps(recipe, sort_keys=True).encode())
    package = Path(platformlab.__file__).parent
    sources = [*sorted((package / "explore").glob("*.py")), *sorted((package / "models").rglob("*.py")),
               package / "plotting.py", package / "_validate.py", package / "data.py"]
    for path in sources:
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    digest.update(f"{matplotlib.__version__} {np.__version__} {PIL.__version__}".encode())
    for name in sorted(_tables_named(recipe)):  # a table named by the recipe: its bytes count
        from platformlab import data

        digest.update(name.encode())
        digest.update(Path(data.load(name).attrs["path"]).read_bytes())
    return digest.hexdigest()[:20]


def _tables_named(value: Any) -> set[str]:
    """The data/ tables a recipe names (as a whole table or as one column)."""
    if isinstance(value, list):
        return set().union(*map(_tables_named, value)) if value else set()
    if isinstance(value, dict):
        if "__table__" in value:
            return {value["__table__"]}
        if "__column__" in value:
            return {value["__column__"][0]}
        return set().union(*map(_tables_named, value.values())) if value else set()
    return set()


# -- markup ------------------------------------------------------------------------------------
def explorer_title(explorer: Any) -> str:
    """The first line of the explorer class's docstring (the frame's alt text starts with it)."""
    line = (type(explorer).__doc__ or type(explorer).__name__).strip().splitlines()[0]
    return line.replace("``", "")  # reST literals read as plain words (alt text, titles)


def placeholder(recipe: dict[str, Any] | None, title: str) -> str:
    """The HTML an explorer's output carries for the book (the build replaces it)."""
    note = ("Interactive explorer: run the notebook (Binder, Colab or Jupyter) to move its "
            "sliders.")
    data = html.escape(json.dumps(recipe, ensure_ascii=False), quote=True) if recipe else ""
    return (f'<div class="{PLACEHOLDER_CLASS}" data-title="{html.escape(title)}" '
            f'data-recipe="{data}"><p><em>{note}</em></p></div>')


def markup(index: dict[str, Any], url: str, uid: str) -> str:
    """The HTML explorer: range inputs over the book's grid, a status line, the frame."""
    sliders = [BookSlider(**{**s, "grid": tuple(s["grid"])}) for s in index["sliders"]]
    live = [s for s in sliders if s.live]
    start = [int(i) for i in index["start"].split("-")] if live else []
    status = index["status"][index["start"]]
    rows, fixed = [], []
    for number, slider in enumerate(live):
        i = start[number]
        values = json.dumps([slider.format(v) for v in slider.grid])
        ident = f"{uid}-{slider.name}"
        rows.append(
            f'<div class="pl-slider"><label for="{ident}">{html.escape(slider.label)}</label>'
            f'<input type="range" id="{ident}" min="0" max="{len(slider.grid) - 1}" step="1" '
            f'value="{i}" aria-valuetext="{html.escape(slider.format(slider.grid[i]))}" '
            f"data-values='{html.escape(values, quote=True)}'>"
            f'<output for="{ident}">{html.escape(slider.format(slider.grid[i]))}</output></div>'
        )
    for slider in sliders:
        if not slider.live:
            fixed.append(f"{html.escape(slider.label)} {html.escape(slider.format(slider.value))}")
    note = ""
    if fixed:
        note = ('<p class="pl-fixed">Fixed here: ' + "; ".join(fixed)
                + ". These sliders move when you run the notebook (Binder, Colab or Jupyter).</p>")
    alt = html.escape(f"{index['title'].rstrip('.')}: {status_text(status)}", quote=True)
    return (
        f'<div class="pl-explorer" id="{uid}" data-frames="{html.escape(url)}" '
        f'data-title="{html.escape(index["title"].rstrip("."), quote=True)}">'
        f'<div class="pl-controls">{"".join(rows)}</div>{note}'
        f'<p class="pl-status" role="status" aria-live="polite">{status}</p>'
        f'<img class="pl-frame" src="{html.escape(url)}{index["start"]}.png" alt="{alt}">'
        "</div>"
    )
