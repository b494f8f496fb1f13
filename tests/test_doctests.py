"""The docstring examples of the model modules run, and every public model function has one.

Each module under ``platformlab.models`` (sub-packages included) has its doctests run with the
standard library :mod:`doctest`. For the modules listed in ``MODULES_WITH_EXAMPLES`` every
public function must also carry a numpydoc ``Examples`` section; add a module to that list once
its functions have examples.
"""

from __future__ import annotations

import doctest
import importlib
import inspect
import pkgutil
import re

import pytest

import platformlab.models

MODEL_MODULES = sorted(
    info.name
    for info in pkgutil.walk_packages(platformlab.models.__path__, "platformlab.models.")
)

#: Modules in which every public function must have an ``Examples`` section.
MODULES_WITH_EXAMPLES = [
    "platformlab.models.connectivity",
    "platformlab.models.diffusion",
    "platformlab.models.human_capital",
    "platformlab.models.logistics",
    "platformlab.models.matching",
    "platformlab.models.privacy",
]

_EXAMPLES_SECTION = re.compile(r"^\s*Examples\n\s*-{8,}\n(.*)", re.MULTILINE | re.DOTALL)


def test_model_modules_found():
    assert "platformlab.models.matching" in MODEL_MODULES
    assert set(MODULES_WITH_EXAMPLES) <= set(MODEL_MODULES)


@pytest.mark.parametrize("name", MODEL_MODULES)
def test_doctests_pass(name):
    module = importlib.import_module(name)
    result = doctest.testmod(
        module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False
    )
    assert result.failed == 0, (
        f"{result.failed} of {result.attempted} doctest examples in {name} failed "
        "(the doctest report above shows which)"
    )
    if name in MODULES_WITH_EXAMPLES:
        assert _n_examples(name) > 0, f"doctest found no examples in {name}"


def _n_examples(name: str) -> int:
    """Doctest examples in module ``name`` and, for a package, in its submodules."""
    finder = doctest.DocTestFinder()
    return sum(
        len(test.examples)
        for sub in MODEL_MODULES
        if sub == name or sub.startswith(name + ".")
        for test in finder.find(importlib.import_module(sub))
    )


def _public_functions(module) -> list[str]:
    """Public functions of ``module``: per ``__all__`` if it has one, else its own ``def``s."""
    names = getattr(module, "__all__", None)
    if names is None:
        names = [n for n in vars(module) if not n.startswith("_")]
    return sorted(
        n
        for n in names
        if inspect.isfunction(getattr(module, n))
        and (getattr(module, n).__module__ + ".").startswith(module.__name__ + ".")
    )


@pytest.mark.parametrize("name", MODULES_WITH_EXAMPLES)
def test_public_functions_have_examples(name):
    module = importlib.import_module(name)
    functions = _public_functions(module)
    assert functions, f"{name} has no public functions"
    missing = []
    for fname in functions:
        match = _EXAMPLES_SECTION.search(inspect.getdoc(getattr(module, fname)) or "")
        if match is None or ">>>" not in match.group(1):
            missing.append(fname)
    assert not missing, (
        f"public functions of {name} without an Examples section with a '>>>' line: "
        + ", ".join(missing)
    )
