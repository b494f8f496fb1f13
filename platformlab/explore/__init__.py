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

One module per chapter topic (``platformlab.explore.connectivity``, ...; the topic map in the
package docstring of :mod:`platformlab` says which). Every explorer can also be imported from
here (``from platformlab.explore import BassExplorer``): the topic module is imported when one of
its explorers is first asked for, so ``import platformlab.explore`` stays light.
"""

from __future__ import annotations

import importlib
from typing import Any

from platformlab.explore.base import Explorer, Slider

#: Explorer (or drawing function) -> the topic module that defines it.
_TOPIC_OF = {
    "AccessGapExplorer": "connectivity", "AccessView": "connectivity",
    "draw_access_bars": "connectivity",
    "TwoSidedPricingExplorer": "matching", "MatchingFunctionExplorer": "matching",
    "ServiceCentreExplorer": "logistics", "LastMileExplorer": "logistics",
    "VarietyGainExplorer": "logistics",
    "BassExplorer": "diffusion", "CriticalMassExplorer": "diffusion",
    "GroupBuyingExplorer": "diffusion",
    "HCILeverExplorer": "human_capital", "TrainingValueExplorer": "human_capital",
    "TaskExplorer": "human_capital",
    "SegmentPricingExplorer": "privacy", "DefaultsExplorer": "privacy",
    "PrivacyBudgetExplorer": "privacy",
}

__all__ = ["Explorer", "Slider", *_TOPIC_OF]


def __getattr__(name: str) -> Any:
    if name in _TOPIC_OF:
        module = importlib.import_module(f"{__name__}.{_TOPIC_OF[name]}")
        return getattr(module, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
