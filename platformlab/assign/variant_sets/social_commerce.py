"""Variants of the Social-commerce exercise set."""

from __future__ import annotations

from typing import Any

import numpy as np

N_VARIANTS = 30
SEED = 20261106

_PDD_YEARS = [2017, 2018, 2019, 2020]
_LAUNCH_DATES = [2015.0, 2015.25, 2015.5, 2015.75]


def generate(rng: np.random.Generator, n: int) -> tuple[list[str], list[dict[str, Any]]]:
    """Parameters of the Social-commerce set.

    ``start_year`` < ``end_year`` (years of Pinduoduo's annual active buyers), ``t0`` (an
    assumed launch date in 2015), Bass coefficients ``bass_p`` (3 decimals, in [0.01, 0.08]),
    ``bass_q`` (2 decimals, in [0.3, 0.9], so q > p and the adoption rate has an interior peak)
    and ``bass_m`` (whole millions) on the explorer's slider steps, a ``price`` below 1/4 on the
    critical-mass slider's 0.005 step, and ``team_size``, ``contacts`` and ``discount`` for
    group buying.
    """
    columns = ["start_year", "end_year", "t0", "bass_p", "bass_q", "bass_m", "price",
               "team_size", "contacts", "discount"]
    practice = {"start_year": 2017, "end_year": 2020, "t0": 2015.5, "bass_p": 0.03,
                "bass_q": 0.38, "bass_m": 1000.0, "price": 0.16, "team_size": 3, "contacts": 10,
                "discount": 0.2}
    from platformlab.explore.diffusion import (
        BassExplorer as bass, CriticalMassExplorer as critical, GroupBuyingExplorer as group,
    )

    rows = [practice]
    while len(rows) < n + 1:
        start, end = sorted(rng.choice(_PDD_YEARS, size=2, replace=False).tolist())
        rows.append({
            "start_year": start, "end_year": end,
            "t0": float(rng.choice(_LAUNCH_DATES)),
            "bass_p": bass.slider("p").uniform(rng, 0.01, 0.08, 3),
            "bass_q": bass.slider("q").uniform(rng, 0.3, 0.9, 2),
            "bass_m": bass.slider("m").draw(rng, 800.0, 1600.0),
            "price": critical.slider("price").draw(rng, 0.05, 0.235),
            "team_size": int(group.slider("team_size").draw(rng, 2, 8)),
            "contacts": int(rng.integers(8, 21)),
            "discount": group.slider("discount").uniform(rng, 0.1, 0.4, 2),
        })
    return columns, rows
