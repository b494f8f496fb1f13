"""The module's single figure style: one seaborn theme with a colour-blind-safe palette.

Call :func:`set_theme` once at the top of a notebook; every figure of the book then shares
fonts, sizes and colours. Seaborn's ``colorblind`` palette is a variant of the Okabe-Ito /
Wong palette that stays distinguishable under the common colour-vision deficiencies.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import matplotlib

import matplotlib.pyplot as plt
import numpy as np
import seaborn as sns

__all__ = ["PALETTE", "set_theme", "colors", "small_multiples", "add_source"]

#: Name of the seaborn palette used everywhere in the book.
PALETTE = "colorblind"


def set_theme(context: str = "notebook") -> None:
    """Apply the book's seaborn theme (white grid, colour-blind palette, readable sizes)."""
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
