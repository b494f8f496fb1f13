"""Variants of the Data-protection exercise set."""

from __future__ import annotations

from typing import Any

import numpy as np

N_VARIANTS = 30
SEED = 20240908

_PLATFORMS = ["Taobao", "Pinduoduo", "JD", "Meituan", "Douyin"]


def generate(rng: np.random.Generator, n: int) -> tuple[list[str], list[dict[str, Any]]]:
    """Parameters of the Data-protection set.

    ``k`` (segments, 3-15), ``cost`` (0.2-1.5) and ``mean`` (-1 to 1) of the defaults model, in
    steps of 0.05 on the explorer's sliders, ``width`` (age band, 5 or 10 years) and ``keep``
    (postcode digits kept, 2 or 4) for the re-identification question, ``platform`` for the leak
    share, ``cut`` (a split point of the valuations, 0.20-0.80) and ``upper`` (clipping bound,
    1,500-8,000 yuan) with ``target_error`` (yuan) for the privacy-budget question.
    """
    columns = ["k", "cost", "mean", "width", "keep", "platform", "cut", "upper", "target_error"]
    practice = {"k": 4, "cost": 0.5, "mean": -0.5, "width": 10, "keep": 4, "platform": "Taobao",
                "cut": 0.4, "upper": 5000, "target_error": 5}
    from platformlab.explore.privacy import (
        DefaultsExplorer as defaults, PrivacyBudgetExplorer as budget,
        SegmentPricingExplorer as segments,
    )

    rows = [practice]
    while len(rows) < n + 1:
        rows.append({
            "k": int(segments.slider("k").draw(rng, 3, 15)),
            "cost": defaults.slider("cost").draw(rng, 0.2, 1.5),
            "mean": defaults.slider("mean").draw(rng, -1.0, 1.0),
            "width": int(rng.choice([5, 10])),
            "keep": int(rng.choice([2, 4])),
            "platform": str(rng.choice(_PLATFORMS)),
            "cut": round(0.01 * int(rng.integers(20, 81)), 2),
            "upper": int(budget.slider("upper").draw(rng, 1500.0, 8000.0, 500.0)),
            "target_error": int(rng.choice([2, 4, 5, 8, 10])),
        })
    return columns, rows
