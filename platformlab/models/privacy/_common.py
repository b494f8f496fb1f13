"""Private helpers shared by several submodules of :mod:`platformlab.models.privacy`.

``FloatOrArray`` is the return type of the vectorised model functions in
:mod:`.price_discrimination`, :mod:`.defaults` and :mod:`.differential_privacy`.
"""

from __future__ import annotations

import numpy as np

FloatOrArray = float | np.ndarray
