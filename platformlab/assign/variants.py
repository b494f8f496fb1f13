"""Seeded generators of the frozen variants tables (``exercises/variants/<set>.csv``).

A table is generated once and committed; the committed CSV is the source of truth (students'
variants must never move under them). The generator is kept so that anyone can check that the
table is what this code produces: ``platformlab-assign variants <set> --check``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

import numpy as np

from platformlab.assign.variant_sets import (
    human_capital, intro, logistics, matching, privacy, social_commerce,
)
from platformlab.exercises.sets import PRACTICE

__all__ = ["GENERATORS", "generate", "to_csv"]

#: Set name -> (generator, number of variants, seed), one entry per module of
#: :mod:`platformlab.assign.variant_sets`, listed here (a test checks that none is left out).
GENERATORS: dict[str, tuple[Callable[..., Any], int, int]] = {
    module.__name__.rpartition(".")[2]: (module.generate, module.N_VARIANTS, module.SEED)
    for module in (intro, matching, logistics, social_commerce, human_capital, privacy)
}


def generate(set_name: str) -> tuple[list[str], list[dict[str, Any]]]:
    """(columns, rows) of a set's variants table; the first row is the practice variant."""
    if set_name not in GENERATORS:
        raise ValueError(
            f"no variants generator for set {set_name!r}; known: {', '.join(sorted(GENERATORS))}"
        )
    func, n, seed = GENERATORS[set_name]
    return func(np.random.default_rng(seed), n)


def to_csv(columns: list[str], rows: list[dict[str, Any]]) -> str:
    """The CSV text of a table: a ``variant`` column (``practice``, 0, 1, ...) then ``columns``."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["variant", *columns])
    for i, row in enumerate(rows):
        label = PRACTICE if i == 0 else str(i - 1)
        writer.writerow([label, *(_fmt(row[c]) for c in columns)])
    return buf.getvalue()


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return repr(round(value, 6))
    return str(value)
