"""Seeded generators of the frozen variants tables (``exercises/variants/<set>.csv``), and the
check of every set's table.

A table is generated once and committed; the committed CSV is the source of truth (students'
variants must never move under them). The module's own sets keep their generator so that anyone
can check that the table is what this code produces: ``platformlab-assign variants <set>
--check``. A set an instructor adds (see the book's page "Adopt this module") may instead have a
table written by hand; for such a set the same command checks the table's form
(:func:`check_table`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from platformlab.assign.variant_sets import (
    human_capital, intro, logistics, matching, privacy, social_commerce,
)
from platformlab.exercises.sets import (
    PRACTICE, SetError, check_key_fits_table, exercises_dir, read_key, read_variants,
)

__all__ = ["GENERATORS", "generate", "to_csv", "check_table"]

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
            f"no variants generator for set {set_name!r} (generators: "
            f"{', '.join(sorted(GENERATORS))}); an instructor's own set has a table written by "
            f"hand, exercises/variants/{set_name}.csv"
        )
    func, n, seed = GENERATORS[set_name]
    return func(np.random.default_rng(seed), n)


def check_table(set_name: str, folder: Path | None = None) -> str:
    """Check a set's committed variants table; return one line saying what was checked.

    Every table must have the form the build, the grader and the student version rely on
    (:func:`platformlab.exercises.sets.read_variants`: a ``variant`` column, a ``practice`` row
    then ``0, 1, 2, ...``, a value in every cell, no column twice). A set with a generator in
    :data:`GENERATORS` must also be byte for byte what the generator makes; a set without one
    (an instructor's own set, its table written by hand) is checked for form only.

    Raises
    ------
    SetError
        naming the file and the problem (the table is never changed).
    """
    folder = folder or exercises_dir()
    table = read_variants(set_name, folder)
    path = folder / "variants" / f"{set_name}.csv"
    count = f"{len(table) - 1} variants + practice"
    if (folder / "keys" / f"{set_name}.json").is_file():  # none before the first build
        check_key_fits_table(set_name, read_key(set_name, folder), table, folder)
    if set_name not in GENERATORS:
        return f"{path}: written by hand, its form is right ({count})"
    if path.read_text(encoding="utf-8") != to_csv(*generate(set_name)):
        raise SetError(f"{path}: differs from what its generator makes "
                       f"(platformlab.assign.variant_sets.{set_name}); the committed table is "
                       f"frozen because students depend on it: restore it from git")
    return f"{path}: matches the generator ({count})"


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
