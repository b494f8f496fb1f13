"""Human capital: the World Bank Human Capital Index, Mincer earnings, twins and tasks.

Four small models for the chapter "Human capital", one submodule each:

* :mod:`.hci`: the World Bank Human Capital Index (HCI; Kraay 2018), its components and which
  component ("lever") moves the index most; its parameters are named constants (``PHI``,
  ``GAMMA_ASR``, ``GAMMA_STUNTING``), the defaults of every function that takes them;
* :mod:`.earnings`: the Mincer earnings function (Mincer 1974), and the value of a training
  programme (such as data-annotation training) counted as extra effective years of schooling;
* :mod:`.twins`: why a least-squares return to schooling need not be causal: ability bias, twin
  (within-pair) estimates and measurement error (Ashenfelter & Krueger 1994; Li, Liu & Zhang
  2012);
* :mod:`.tasks`: a static task-based model (Acemoglu & Autor 2011; Acemoglu & Restrepo 2018) in
  which automation moves tasks from labour to capital and new tasks give them back.

All functions are pure and vectorised: arguments broadcast against each other, scalars in give
floats out. Every name is available from this package: ``from platformlab.models import
human_capital as hc`` and then ``hc.human_capital_index(...)``.
"""

from __future__ import annotations

from platformlab.models.human_capital.earnings import (
    TrainingValue,
    mincer_log_wage,
    training_value,
)
from platformlab.models.human_capital.hci import (
    GAMMA_ASR,
    GAMMA_STUNTING,
    HTS_BENCHMARK,
    HTS_MIN,
    MAX_SCHOOL_YEARS,
    PHI,
    HCIComponents,
    hci_components,
    hci_gap_closing_gains,
    hci_marginal_effects,
    human_capital_index,
    learning_adjusted_years,
)
from platformlab.models.human_capital.tasks import (
    labour_share,
    labour_task_share,
    task_based_output,
)
from platformlab.models.human_capital.twins import (
    TwinEstimates,
    simulate_twin_returns,
    twin_return_estimates,
)

__all__ = [
    "HTS_BENCHMARK",
    "HTS_MIN",
    "MAX_SCHOOL_YEARS",
    "PHI",
    "GAMMA_ASR",
    "GAMMA_STUNTING",
    "HCIComponents",
    "learning_adjusted_years",
    "hci_components",
    "human_capital_index",
    "hci_marginal_effects",
    "hci_gap_closing_gains",
    "mincer_log_wage",
    "TrainingValue",
    "training_value",
    "TwinEstimates",
    "twin_return_estimates",
    "simulate_twin_returns",
    "labour_task_share",
    "task_based_output",
    "labour_share",
]
