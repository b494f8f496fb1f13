"""Shared by the human-capital submodules: the type of what the model functions return."""

from __future__ import annotations

import numpy as np

#: A model function returns a float for scalar arguments and an array otherwise.
FloatOrArray = float | np.ndarray
