"""Widget explorers: sliders wired to a model function, with a redraw on every change.

Each explorer only wires widgets to a function of :mod:`platformlab.models` and redraws; a
callback recomputes with the model and never reads files. Data an explorer needs (a
population, say) is passed in when it is built.

In the HTML book there is no kernel, so the widgets show their initial state only; every
exploration in a chapter is followed by a static companion figure (small multiples of the same
model) made with :func:`platformlab.plotting.small_multiples`.

One module per chapter topic (``platformlab.explore.connectivity``, ...), all built on
:class:`platformlab.explore.base.Explorer`. Each module lists its explorers with slider settings
in ``BENCHMARK_CASES`` for ``benchmarks/run.py``.
"""

from platformlab.explore.base import Explorer
from platformlab.explore.connectivity import AccessGapExplorer, draw_access_bars

__all__ = ["Explorer", "AccessGapExplorer", "draw_access_bars"]
