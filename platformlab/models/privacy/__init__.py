"""Data protection: privacy and price discrimination, defaults, anonymisation.

Three models for the chapter "Data protection", one submodule per model family:

* privacy and price discrimination (Acquisti, Taylor & Wagman 2016; Bergemann, Brooks & Morris
  2015), in :mod:`.price_discrimination`: a seller who learns which segment of the valuation
  distribution a buyer is in prices each segment separately. Producer surplus never falls as
  the data get finer; consumer surplus can rise or fall;
* defaults and switching costs (Johnson & Goldstein 2003; Madrian & Shea 2001), in
  :mod:`.defaults`: with a cost of acting, the default (opt-in or a pre-ticked opt-out box)
  decides the choice of everyone whose net benefit is small;
* anonymisation: k-anonymity of a table (Sweeney 2002) and generalising quasi-identifiers in
  :mod:`.k_anonymity`, a simulated (synthetic) survey of platform users in :mod:`.survey`, and
  the Laplace mechanism of differential privacy (Dwork, McSherry, Nissim & Smith 2006) in
  :mod:`.differential_privacy`.

All functions are pure: numbers, arrays or DataFrames in, new numbers, arrays or DataFrames out
(inputs are never modified). Randomness comes only from a ``numpy.random.Generator`` (or an
integer seed) passed in by the caller. No individual-level data in this package is real: the
survey is simulated. Every name is available from this package: ``from platformlab.models
import privacy`` and then ``privacy.surplus_with_segments(...)``.
"""

from __future__ import annotations

from platformlab.models.privacy._common import FloatOrArray
from platformlab.models.privacy.defaults import (
    DEFAULTS,
    default_effect,
    enrolment_rate,
    simulate_enrolment,
)
from platformlab.models.privacy.differential_privacy import (
    PrivateMean,
    dp_mean,
    laplace_error_bound,
    laplace_mean_absolute_error,
    laplace_mechanism,
    laplace_rmse,
    laplace_scale,
    mean_sensitivity,
)
from platformlab.models.privacy.k_anonymity import (
    generalise,
    group_sizes,
    is_k_anonymous,
    reidentification_risk,
    smallest_diversity,
    smallest_group,
)
from platformlab.models.privacy.price_discrimination import (
    ConsumerOptimalSegmentation,
    Surplus,
    consumer_optimal_segmentation,
    monopoly_price_uniform,
    partition_prices,
    segment_prices,
    surplus_for_partition,
    surplus_with_segments,
)
from platformlab.models.privacy.survey import simulate_survey

__all__ = [
    # privacy and price discrimination
    "Surplus",
    "monopoly_price_uniform",
    "segment_prices",
    "partition_prices",
    "surplus_with_segments",
    "surplus_for_partition",
    "ConsumerOptimalSegmentation",
    "consumer_optimal_segmentation",
    # defaults and switching costs
    "DEFAULTS",
    "enrolment_rate",
    "default_effect",
    "simulate_enrolment",
    # k-anonymity
    "group_sizes",
    "smallest_group",
    "is_k_anonymous",
    "reidentification_risk",
    "smallest_diversity",
    "generalise",
    # simulated survey
    "simulate_survey",
    # differential privacy
    "PrivateMean",
    "laplace_scale",
    "laplace_mechanism",
    "laplace_mean_absolute_error",
    "laplace_rmse",
    "laplace_error_bound",
    "mean_sensitivity",
    "dp_mean",
]

#: ``float | numpy.ndarray``, what the model functions return; public as before the split, but
#: not in ``__all__`` (it never was).
FloatOrArray = FloatOrArray
