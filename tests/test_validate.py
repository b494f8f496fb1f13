"""The one validator set (``platformlab._validate``): one exception type per rule, and messages
that name the argument, the value and what is allowed.

The rule, as the module's docstring states it: ``TypeError`` when the value is the wrong kind of
thing, ``ValueError`` when it is the right kind with a value the model does not allow. The last
test checks that no model module keeps a private copy of a shared check.
"""

from __future__ import annotations

import ast
import math
from pathlib import Path

import numpy as np
import pytest

from platformlab import _validate as v

MODELS = Path(v.__file__).parent / "models"

# (call, exception type, message pattern): the wrong kind of thing is a TypeError ...
WRONG_KIND = [
    (lambda: v.as_float_array("x", "3"), r"x must be a number or an array of numbers; got '3'"),
    (lambda: v.as_float_array("x", None), r"x must be a number or an array of numbers"),
    (lambda: v.as_float_array("x", [1, "a"]), r"x must be a number or an array of numbers"),
    (lambda: v.check_scalar("phi", [0.1, 0.2]), r"phi must be a single number; got an array "
                                                r"of shape \(2,\)"),
    (lambda: v.check_int("n", 2.5), r"n must be an integer; got 2.5"),
    (lambda: v.check_int("n", True), r"n must be an integer; got True"),
    (lambda: v.check_int_array("k", "3"), r"k must be an integer; got '3'"),
    (lambda: v.check_int_array("k", [1, 2.5]), r"k must be an integer or an array of integers"),
    (lambda: v.check_int_array("k", [True, False]), r"k must be an integer or an array"),
    (lambda: v.check_int_array("k", [[0], [1, 2]]), r"k must be an integer or an array"),
    (lambda: v.check_flags("uses", "yes", 2), r"uses must be an array of booleans"),
    (lambda: v.check_flags("uses", ["yes", "no"], 2), r"uses must be an array of booleans"),
    (lambda: v.as_generator("7"), r"rng must be a numpy.random.Generator"),
    (lambda: v.as_generator(1.5), r"rng must be a numpy.random.Generator"),
]

# ... and the right kind with a value that is not allowed is a ValueError.
WRONG_VALUE = [
    (lambda: v.as_float_array("x", float("nan")), r"x must not be NaN; got nan"),
    (lambda: v.check_range("share", 1.2, 0, 1), r"share must lie in \[0, 1\]; got 1.2"),
    (lambda: v.check_range("p", [0.1, 0.0], 0, 1, low_open=True),
     r"p must lie in \(0, 1\]; got \[0.1, 0.0\] \(element 0\)"),
    (lambda: v.check_positive("size", -1), r"size must lie in \(0, inf\); got -1"),
    (lambda: v.check_nonnegative("cost", -0.5), r"cost must lie in \[0, inf\); got -0.5"),
    (lambda: v.check_finite("mean", math.inf), r"mean must lie in \(-inf, inf\); got inf"),
    (lambda: v.check_share("s", -0.1), r"s must lie in \[0, 1\]; got -0.1"),
    (lambda: v.check_scalar("phi", 0.0, 0, math.inf, low_open=True, high_open=True),
     r"phi must lie in \(0, inf\); got 0.0"),
    (lambda: v.check_int("n", 0, 1), r"n must be an integer in \[1, inf\]; got 0"),
    (lambda: v.check_int("n", float("nan")), r"n must not be NaN; got nan"),
    (lambda: v.check_int_array("k", [2, 0, 3], low=1),
     r"k must be an integer in \[1, inf\]; got \[2, 0, 3\] \(element 0\)"),
    (lambda: v.check_int_array("k", [1.0, float("nan")]), r"k must not be NaN"),
    (lambda: v.check_int_array("k", []), r"k must not be empty; got an array of shape \(0,\)"),
    (lambda: v.check_nonempty("x", np.array([])), r"x must not be empty"),
    (lambda: v.check_choice("default", "auto", ("opt-in", "opt-out")),
     r"default must be one of 'opt-in', 'opt-out'; got 'auto'"),
    (lambda: v.check_choice("method", None, ("a", "b")), r"method must be one of 'a', 'b'; "
                                                         r"got None"),
    (lambda: v.check_shape("w", np.ones(3), (4,), "one per village"),
     r"w must have shape \(4,\), one per village; got shape \(3,\)"),
    (lambda: v.check_flags("uses", [0, 1], 3, "one per household"),
     r"uses must have shape \(3,\), one per household; got shape \(2,\)"),
    (lambda: v.check_flags("uses", [0, 2], 2), r"uses must be booleans \(or 0/1\)"),
    (lambda: v.check_ordered("lower", [0, 1], "upper", [1, 1]),
     r"upper must be greater than lower; got lower=\[0, 1\], upper=\[1, 1\]"),
    (lambda: v.check_interval_pair("bounds", (2.0, 1.0)),
     r"bounds must be a pair \(lower, upper\) with lower < upper; got \(2.0, 1.0\)"),
    (lambda: v.check_interval_pair("bounds", (1.0, 2.0, 3.0)), r"bounds must be a pair"),
    (lambda: v.as_generator(-1), r"rng must be an integer in \[0, inf\]; got -1"),
]


@pytest.mark.parametrize("call, message", WRONG_KIND)
def test_a_value_of_the_wrong_kind_is_a_type_error_naming_the_argument(call, message):
    with pytest.raises(TypeError, match=message):
        call()


@pytest.mark.parametrize("call, message", WRONG_VALUE)
def test_a_value_that_is_not_allowed_is_a_value_error_naming_the_argument(call, message):
    with pytest.raises(ValueError, match=message) as info:
        call()
    assert not isinstance(info.value, TypeError)


def test_the_checks_return_what_they_checked():
    assert v.check_scalar("x", np.float64(0.5), 0, 1) == 0.5
    assert type(v.check_scalar("x", 1, 0, 1)) is float
    assert v.check_int("n", 3.0) == 3
    np.testing.assert_array_equal(v.check_int_array("k", [1, 2.0, 3]), [1, 2, 3])
    assert v.check_int_array("k", [1, 2]).dtype == np.int64
    assert v.check_int_array("k", 4).shape == ()
    assert v.check_int_array("k", [], nonempty=False).shape == (0,)
    assert v.check_choice("m", "auto", ("auto", "exact")) == "auto"
    np.testing.assert_array_equal(v.check_flags("f", [0, 1, 1], 3), [False, True, True])
    lo, hi = v.check_ordered("lower", 0, "upper", [1, 2])
    assert lo == 0 and list(hi) == [1, 2]
    np.testing.assert_array_equal(v.check_interval_pair("b", [0.5, 2], 0), [0.5, 2.0])
    assert v.describe(np.array(2.5)) == "2.5"
    assert v.describe("x" * 100).endswith("...") and len(v.describe("x" * 100)) == 60


def test_inputs_are_not_modified():
    arr = np.array([1.0, 2.0])
    v.check_range("x", arr, 0, 3)
    v.check_int_array("k", np.array([1, 2]))
    np.testing.assert_array_equal(arr, [1.0, 2.0])
    result = v.scalar_if_0d(arr)
    result[1] = -1.0
    assert arr[1] == 2.0


# Names of the shared checks: a model module that defines a private function doing the same job
# under one of these names (or the old per-module names) keeps a copy of a shared check.
_SHARED_JOBS = {
    "_real", "_positive", "_nonnegative", "_nonempty", "_show", "_share", "_scalar",
    "_positive_scalar", "_scalar_check", "_check_finite", "_int_array", "_segment_count",
    "_bounds", "_default", "_check_method", "_check_flags",
}


def test_no_model_module_keeps_a_private_copy_of_a_shared_check():
    copies = []
    for path in sorted(MODELS.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and node.name in _SHARED_JOBS:
                copies.append(f"{path.relative_to(MODELS)}: {node.name}")
    assert not copies, f"use platformlab._validate instead of: {copies}"
