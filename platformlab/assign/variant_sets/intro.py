"""Variants of the Introduction exercise set."""

from __future__ import annotations

from typing import Any

import numpy as np

N_VARIANTS = 30
SEED = 20240901

_NATIONAL_PERIODS = ["2018-12", "2020-06", "2020-12", "2021-12", "2022-12"]
_SUBSCRIPTION_YEARS = [2000, 2005, 2010, 2011, 2012, 2013, 2014, 2015, 2016, 2017]


def generate(rng: np.random.Generator, n: int) -> tuple[list[str], list[dict[str, Any]]]:
    """Parameters of the Introduction set.

    ``period`` (a national CNNIC period), ``start_year`` < ``end_year`` (at least two years
    apart, from the ITU table), ``urban_rate``, ``rural_rate`` and ``urban_share`` (shares,
    3 decimals, urban above rural), ``population_million`` and a ``target_rate`` that a rural
    rate of at most 0.95 can reach. Rows where urban and rural offline populations are within
    2% of the population of each other are redrawn, so that "which area has more people
    offline" has a clear answer.
    """
    columns = ["period", "start_year", "end_year", "urban_rate", "rural_rate", "urban_share",
               "population_million", "target_rate"]
    practice = {"period": "2020-12", "start_year": 2010, "end_year": 2017, "urban_rate": 0.798,
                "rural_rate": 0.559, "urban_share": 0.607, "population_million": 1405.0,
                "target_rate": 0.75}
    from platformlab.explore.connectivity import AccessGapExplorer as access  # the sliders

    rows = [practice]
    while len(rows) < n + 1:
        start, end = sorted(rng.choice(_SUBSCRIPTION_YEARS, size=2, replace=False).tolist())
        urban = access.slider("urban_rate").uniform(rng, 0.68, 0.92, 3)
        rural = access.slider("rural_rate").uniform(rng, 0.40, 0.66, 3)
        share = access.slider("urban_share").uniform(rng, 0.42, 0.80, 3)
        national = share * urban + (1 - share) * rural
        target = round(national + float(rng.uniform(0.02, 0.08)), 2)
        needed = (target - share * urban) / (1 - share)
        gap = share * (1 - urban) - (1 - share) * (1 - rural)
        if end - start < 2 or needed > 0.95 or abs(gap) < 0.02:
            continue
        rows.append({
            "period": str(rng.choice(_NATIONAL_PERIODS)), "start_year": start, "end_year": end,
            "urban_rate": urban, "rural_rate": rural, "urban_share": share,
            "population_million": float(rng.integers(1380, 1415)), "target_rate": target,
        })
    return columns, rows
