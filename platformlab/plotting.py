"""The module's single figure style: one seaborn theme with a colour-blind-safe palette.

Call :func:`set_theme` once at the top of a notebook; every figure of the book then shares
fonts, sizes and colours (and tables their column width). Seaborn's ``colorblind`` palette is a
variant of the Okabe-Ito / Wong palette that stays distinguishable under the common
colour-vision deficiencies.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import matplotlib

import matplotlib.pyplot as plt
import numpy as np
import seaborn as sns

__all__ = ["PALETTE", "COLOR_NAMES", "set_theme", "colors", "color", "small_multiples", "add_source", "show", "check_alt"]

#: Where :func:`show` keeps a figure's alt text: the metadata of its ``image/png`` output.
ALT_KEY = "alt"

#: Name of the seaborn palette used everywhere in the book.
PALETTE = "colorblind"


def set_theme(context: str = "notebook") -> None:
    """Apply the book's style: the seaborn theme of its figures (white grid, colour-blind
    palette, readable sizes) and the width of text columns in its tables (70 characters).

    The one setup call of every chapter (after its imports)."""
    import pandas as pd

    pd.set_option("display.max_colwidth", 70)
    sns.set_theme(context=context, style="whitegrid", palette=PALETTE)
    matplotlib.rcParams.update(
        {
            "figure.figsize": (7.0, 4.0),
            "figure.dpi": 100,
            "savefig.dpi": 100,
            "axes.titleweight": "bold",
            "axes.titlesize": "medium",
            "axes.spines.top": False,
            "axes.spines.right": False,
            "legend.frameon": False,
            "svg.hashsalt": "platformlab",
        }
    )


def colors(n: int) -> list[tuple[float, float, float]]:
    """The first ``n`` colours of the book's palette."""
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"n must be a positive integer; got {n!r}")
    return sns.color_palette(PALETTE, n)


#: The palette's ten colours by name, in the palette's order (seaborn ``colorblind``).
COLOR_NAMES = ("blue", "orange", "green", "red", "purple", "brown", "pink", "grey", "yellow",
               "sky blue")


def color(name: str) -> tuple[float, float, float]:
    """A colour of the book's palette by name (one of :data:`COLOR_NAMES`), e.g. ``"grey"``."""
    if name not in COLOR_NAMES:
        raise ValueError(
            f"name must be one of {', '.join(map(repr, COLOR_NAMES))}; got {name!r}"
        )
    return colors(len(COLOR_NAMES))[COLOR_NAMES.index(name)]


def small_multiples(
    draw: Callable[[plt.Axes, Any], None],
    panels: Sequence[Any],
    titles: Sequence[str],
    *,
    ncols: int = 3,
    panel_size: tuple[float, float] = (3.2, 2.6),
    sharex: bool = True,
    sharey: bool = True,
) -> plt.Figure:
    """A grid of panels, one per element of ``panels``, each drawn by ``draw(ax, panel)``.

    Used for the static companion of a widget: the same model at a few slider settings, so a
    reader of the HTML book (where no kernel recomputes) sees what the widget would show.
    """
    if len(panels) == 0:
        raise ValueError("panels must not be empty")
    if len(titles) != len(panels):
        raise ValueError(f"titles must have one entry per panel ({len(panels)}); got {len(titles)}")
    ncols = min(ncols, len(panels))
    nrows = int(np.ceil(len(panels) / ncols))
    fig, axes = plt.subplots(
        nrows,
        ncols,
        figsize=(panel_size[0] * ncols, panel_size[1] * nrows),
        sharex=sharex,
        sharey=sharey,
        squeeze=False,
        layout="constrained",
    )
    for ax, panel, title in zip(axes.flat, panels, titles):
        draw(ax, panel)
        ax.set_title(title)
    for ax in list(axes.flat)[len(panels):]:
        ax.set_visible(False)
    return fig


def add_source(fig: plt.Figure, text: str) -> None:
    """Write a source note in small type under the figure."""
    fig.text(0.01, -0.02, text, ha="left", va="top", fontsize="x-small", color="0.35", wrap=True)


def check_alt(alt: object) -> str:
    """Return ``alt`` if it is a usable alt text; otherwise raise naming what is wrong with it.

    An alt text must be a string of at least 20 characters that describes the figure, with no
    unformatted ``{placeholder}`` and no ``nan`` or ``inf`` (a number that was not computed).
    """
    if not isinstance(alt, str):
        raise TypeError(f"alt text must be a string describing the figure; got {type(alt).__name__}")
    text = " ".join(alt.split())
    if len(text) < 20:
        raise ValueError(f"alt text must describe the figure in at least 20 characters; got {text!r}")
    if "{" in text or "}" in text:
        raise ValueError(f"alt text has an unformatted placeholder (is the f missing?): {text!r}")
    for word in text.replace(",", " ").replace(";", " ").split():
        if word.strip(".():%").lower() in {"nan", "-nan", "inf", "-inf"}:
            raise ValueError(f"alt text contains {word.strip('.():')!r}, a number that was not computed: {text!r}")
    return text


def show(fig: plt.Figure, alt: str) -> None:
    """Display ``fig`` with its alt text, then close it.

    The alt text is written by the cell from the values it computed (an f-string), so it cannot
    go stale when data or models change. It travels in the metadata of the figure's
    ``image/png`` output; the book's build (``_ext/figures.py``) puts it on the ``<img>``.
    Use it instead of ``plt.show()`` for every figure of the book.
    """
    if not isinstance(fig, plt.Figure):
        raise TypeError(f"show() needs a matplotlib Figure; got {type(fig).__name__}")
    text = check_alt(alt)
    from IPython.display import display

    try:
        display(fig, metadata={"image/png": {ALT_KEY: text}})
    finally:
        plt.close(fig)
