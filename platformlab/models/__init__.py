"""Pure model functions, one module per chapter topic.

No plotting, no widgets, no I/O: numpy in, numpy out. Each public function validates its
arguments and raises a ``ValueError`` naming the parameter, the value and the allowed range.
"""
