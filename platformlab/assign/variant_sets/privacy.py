"""Variants of the Data-protection exercise set."""

from __future__ import annotations

from typing import Any

import numpy as np

N_VARIANTS = 30
SEED = 20240908

_PLATFORMS = ["Taobao", "Pinduoduo", "JD", "Meituan", "Douyin"]
_TARGETS = [2, 4, 5, 8, 10]


def generate(rng: np.random.Generator, n: int) -> tuple[list[str], list[dict[str, Any]]]:
    """Parameters of the Data-protection set.

    ``k`` (segments, 3-15), ``cost`` (0.2-1.5) and ``mean`` (-1 to 1) of the defaults model, in
    steps of 0.05 on the explorer's sliders, ``width`` (age band, 5 or 10 years) and ``keep``
    (postcode digits kept, 2 or 4) for the re-identification question, ``platform`` for the leak
    share, ``cut`` (a split point of the valuations, 0.20-0.80) and ``upper`` (clipping bound,
    1,500-8,000 yuan) with ``target_error`` (yuan) for the privacy-budget question, chosen so
    that its answer is on the epsilon slider (:func:`_on_the_slider`).
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
            "target_error": int(rng.choice(_TARGETS)),
        })
        rows[-1]["target_error"] = _on_the_slider(budget, rows[-1]["upper"],
                                                  rows[-1]["target_error"])
    return columns, rows


def _on_the_slider(budget: Any, upper: int, target: int) -> int:
    """The allowed target error nearest the drawn one (the drawn one if it fits) whose answer
    ``upper / (1000 * target)`` is a step of the explorer's epsilon slider, so that question 6's
    answer can be checked on the explorer. No random draw."""
    slider = budget.slider("epsilon")
    for candidate in sorted(_TARGETS, key=lambda t: (abs(t - target), t)):
        steps = (upper / (1000 * candidate) - slider.low) / slider.step
        if (slider.low <= upper / (1000 * candidate) <= slider.high
                and abs(steps - round(steps)) < 1e-9):
            return candidate
    raise ValueError(f"no target error fits upper = {upper}")
