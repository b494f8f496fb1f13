"""The one switch for building exercise keys.

``platformlab-assign build`` runs each master notebook once per variant
(:func:`platformlab.assign.build.run_master`) inside :func:`building`. While the switch is on:

* explorers compute their ``result`` but draw nothing and save no settings record
  (:meth:`platformlab.explore.base.Explorer.refresh`);
* :func:`platformlab.exercises.start` uses the variant and parameters given here, and
  :meth:`~platformlab.exercises.Exercise.check` records instead of judging (when a variant is
  given).

:meth:`platformlab.explore.base.Explorer.headless` turns on the explorers' half only (no
variant), for scripts and tests that need explorers' numbers without figures.

The switch is a :class:`contextvars.ContextVar`: it holds for the code run inside the ``with``
block, in this thread, and for nothing else.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Build", "building", "current"]


@dataclass(frozen=True)
class Build:
    """What is being built: the variant whose answers are recorded, with its parameters
    (both None when only the explorers run without figures)."""

    variant: str | None = None
    params: dict[str, Any] = field(default_factory=dict)


_BUILD: contextvars.ContextVar[Build | None] = contextvars.ContextVar("platformlab_build",
                                                                      default=None)


@contextlib.contextmanager
def building(variant: str | None = None, params: dict[str, Any] | None = None) -> Iterator[Build]:
    """Turn the build switch on inside the block (see the module docstring)."""
    token = _BUILD.set(Build(variant, dict(params or {})))
    try:
        yield _BUILD.get()
    finally:
        _BUILD.reset(token)


def current() -> Build | None:
    """The build in progress, or None (a student, a chapter, the book, the grader)."""
    return _BUILD.get()
