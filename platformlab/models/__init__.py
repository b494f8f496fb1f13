"""Pure model functions: one package per chapter topic, one submodule per model family.

No plotting, no widgets, no I/O: numpy in, numpy out. Each topic package re-exports every name
of its submodules (``from platformlab.models import matching`` then ``matching.matches(...)``),
and its docstring says which submodule holds which model and literature. Each public function
checks its arguments with :mod:`platformlab._validate` (a ``TypeError`` for the wrong kind of
value, a ``ValueError`` for a value the model does not allow, naming the argument, the value and
what is allowed) and ends its docstring with a short ``Examples`` section that the tests run.
"""
