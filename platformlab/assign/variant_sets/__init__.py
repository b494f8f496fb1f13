"""Seeded generators of the variants tables, one module per exercise set.

A module ``<set>.py`` here defines ``generate(rng, n) -> (columns, rows)`` (rows[0] is the
practice variant), ``N_VARIANTS`` and ``SEED``; :mod:`platformlab.assign.variants` lists it
under the set's name. The committed table ``exercises/variants/<set>.csv`` is the source of
truth; the tests check that the generator still reproduces it byte for byte.
"""
