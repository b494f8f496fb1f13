"""Variants of the Human-capital exercise set."""

from __future__ import annotations

from typing import Any

import numpy as np

N_VARIANTS = 30
SEED = 20240907

_HCI_COMPARATORS = ["Singapore", "Japan", "Korea", "United States", "Vietnam", "Russia", "Chile"]


def generate(rng: np.random.Generator, n: int) -> tuple[list[str], list[dict[str, Any]]]:
    """Parameters of the Human-capital set.

    ``edition`` (2018 or 2020), ``country`` (a comparator in ``hci_2020``), ``score_gain`` (10 to
    60 test points in steps of 5), ``r`` (0.05 to 0.12 in steps of 0.005) and ``extra_years``
    (0.25 to 1.5 in steps of 0.05), on the explorers' slider grids; ``automation`` (0.2 to 0.6),
    ``new_tasks`` (1.0 to 1.3, two decimals) and ``elasticity`` (0.5, 0.75, 1.5 or 2), redrawn
    unless at least 10% of tasks are automated (``automation > new_tasks - 0.9``).
    """
    columns = ["edition", "country", "score_gain", "r", "extra_years", "automation", "new_tasks",
               "elasticity"]
    practice = {"edition": 2020, "country": "Singapore", "score_gain": 20, "r": 0.08,
                "extra_years": 0.5, "automation": 0.4, "new_tasks": 1.1, "elasticity": 0.5}
    from platformlab.explore.human_capital import (
        TaskExplorer as tasks, TrainingValueExplorer as training,
    )

    rows = [practice]
    while len(rows) < n + 1:
        automation = tasks.slider("automation_threshold").uniform(rng, 0.2, 0.6, 2)
        new_tasks = tasks.slider("new_task_frontier").uniform(rng, 1.0, 1.3, 2)
        row = {
            "edition": int(rng.choice([2018, 2020])),
            "country": str(rng.choice(_HCI_COMPARATORS)),
            "score_gain": int(5 * rng.integers(2, 13)),
            "r": training.slider("return_to_schooling").draw(rng, 0.05, 0.12),
            "extra_years": training.slider("extra_years").draw(rng, 0.25, 1.5),
            "automation": automation,
            "new_tasks": new_tasks,
            "elasticity": float(rng.choice([0.5, 0.75, 1.5, 2.0])),
        }
        if automation <= new_tasks - 0.9:
            continue
        rows.append(row)
    return columns, rows
