"""Explorers: declared sliders wired to a model function, with a redraw on every change.

Each explorer is a declared object (:class:`platformlab.explore.base.Explorer`): its ``sliders``
(:class:`~platformlab.explore.base.Slider`: name, label, range, step, default, unit) are the one
place the ranges live; ``view(**values)`` returns the model's numbers at a setting as a
NamedTuple (the status line is formatted from it, exercise masters read its fields); ``draw``
draws a view. A callback recomputes with the model and never reads files; data an explorer needs
(a population, say) is passed in when it is built.

From the declaration come the ipywidgets explorer (Jupyter), the HTML book's explorer (frames
drawn at build time by the same code, :mod:`platformlab.explore.book`), the benchmark's settings
(``Explorer.example`` and :func:`platformlab.explore.book.tour`) and the exercise variant
generators' slider values (:meth:`~platformlab.explore.base.Slider.draw`).

One module per chapter topic (``platformlab.explore.connectivity``, ...).
"""

from platformlab.explore.base import Explorer, Slider
from platformlab.explore.connectivity import AccessGapExplorer, AccessView, draw_access_bars

__all__ = ["Explorer", "Slider", "AccessGapExplorer", "AccessView", "draw_access_bars"]
