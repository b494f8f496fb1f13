"""Anonymisation by k-anonymity (Sweeney 2002) and l-diversity (Machanavajjhala et al. 2007).

A released table is k-anonymous when every combination of its quasi-identifiers (age, gender,
postcode...) is shared by at least ``k`` rows. :func:`group_sizes` returns each record's
equivalence-class size (a Series), :func:`smallest_group` the largest such ``k`` (an int),
:func:`is_k_anonymous` a bool, :func:`reidentification_risk` the share of unique records (a
float) and :func:`smallest_diversity` the fewest distinct sensitive values in a class (an int).
:func:`generalise` returns a copy of the table with one quasi-identifier coarsened (bands,
masked codes or any rule), which can only merge equivalence classes. Inputs are never
modified.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Sequence
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from platformlab._validate import check_finite, check_int, check_scalar, describe

__all__ = [
    "group_sizes",
    "smallest_group",
    "is_k_anonymous",
    "reidentification_risk",
    "smallest_diversity",
    "generalise",
]


def _frame(df: Any) -> pd.DataFrame:
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"df must be a pandas DataFrame; got {type(df).__name__}")
    if len(df) == 0:
        raise ValueError("df must have at least one row; got an empty DataFrame")
    return df


def _columns(df: pd.DataFrame, quasi_identifiers: Any, name: str = "quasi_identifiers") -> list:
    if isinstance(quasi_identifiers, str):
        cols = [quasi_identifiers]
    elif isinstance(quasi_identifiers, (Sequence, pd.Index, np.ndarray)):
        cols = list(dict.fromkeys(quasi_identifiers))
    else:
        raise TypeError(
            f"{name} must be a column name or a list of column names; "
            f"got {describe(quasi_identifiers)}"
        )
    if not cols:
        raise ValueError(
            f"{name} must name at least one column; got {describe(quasi_identifiers)}"
        )
    missing = [c for c in cols if not isinstance(c, Hashable) or c not in df.columns]
    if missing:
        raise ValueError(
            f"{name} must name columns of df; got {describe(missing[0])}, which is not one "
            f"(columns: {describe(list(df.columns))})"
        )
    return cols


def group_sizes(df: pd.DataFrame, quasi_identifiers: str | Sequence[Hashable]) -> pd.Series:
    r"""Size of each record's equivalence class: how many rows share its quasi-identifiers.

    Parameters
    ----------
    df : pandas.DataFrame
        The table to be released, at least one row.
    quasi_identifiers : str or list of str
        Columns an attacker could link to outside data (age, gender, postcode...). Missing
        values form a group of their own.

    Returns
    -------
    pandas.Series of int
        Indexed like ``df``; a record with size 1 is unique, hence re-identifiable by anyone who
        knows its quasi-identifiers.

    Notes
    -----
    With :math:`Q_i` the quasi-identifiers of record :math:`i`,

    .. math:: |g(i)| = \#\{j : Q_j = Q_i\}.

    References
    ----------
    .. [1] Sweeney, L. (2002). k-anonymity: A model for protecting privacy. *International
       Journal of Uncertainty, Fuzziness and Knowledge-Based Systems*, 10(5), 557-570.

    Examples
    --------
    >>> from platformlab.models import privacy
    >>> import pandas as pd
    >>> df = pd.DataFrame({"age": [31, 37, 37, 52], "gender": ["f", "m", "m", "f"]})
    >>> privacy.group_sizes(df, ["age", "gender"]).tolist()
    [1, 2, 2, 1]
    """
    df = _frame(df)
    cols = _columns(df, quasi_identifiers)
    sizes = df.groupby(cols, dropna=False, sort=False)[cols[0]].transform("size")
    return sizes.astype(np.int64).rename("group_size")


def smallest_group(df: pd.DataFrame, quasi_identifiers: str | Sequence[Hashable]) -> int:
    r"""Size of the smallest equivalence class: the largest k for which ``df`` is k-anonymous.

    Parameters
    ----------
    df : pandas.DataFrame
        At least one row.
    quasi_identifiers : str or list of str
        Columns of ``df``.

    Returns
    -------
    int
        The size of the smallest group of rows with equal quasi-identifiers.

    Notes
    -----
    .. math:: k^{*} = \min_i |g(i)|,

    with :math:`|g(i)|` as in :func:`group_sizes`; ``df`` is k-anonymous iff :math:`k \le k^{*}`.

    References
    ----------
    .. [1] Sweeney, L. (2002). k-anonymity: A model for protecting privacy. *International
       Journal of Uncertainty, Fuzziness and Knowledge-Based Systems*, 10(5), 557-570.

    Examples
    --------
    >>> from platformlab.models import privacy
    >>> import pandas as pd
    >>> df = pd.DataFrame({"age": [31, 37, 37, 52], "gender": ["f", "m", "m", "f"]})
    >>> privacy.smallest_group(df, ["age", "gender"]), privacy.smallest_group(df, "gender")
    (1, 2)
    """
    df = _frame(df)
    cols = _columns(df, quasi_identifiers)
    return int(df.groupby(cols, dropna=False, sort=False).size().min())


def is_k_anonymous(df: pd.DataFrame, quasi_identifiers: str | Sequence[Hashable], k: int) -> bool:
    r"""Whether every combination of quasi-identifiers in ``df`` is shared by at least ``k`` rows.

    Parameters
    ----------
    df : pandas.DataFrame
        At least one row.
    quasi_identifiers : str or list of str
        Columns of ``df``.
    k : int
        At least 1 (every table is 1-anonymous).

    Returns
    -------
    bool

    Notes
    -----
    A table is k-anonymous with respect to quasi-identifiers :math:`Q` if

    .. math:: \min_{g \in \text{groups}(Q)} |g| \ge k,

    so each released record is indistinguishable from at least :math:`k - 1` others on
    :math:`Q`. It does not protect the sensitive column when a whole group shares the same value
    (the homogeneity attack; see :func:`smallest_diversity`).

    References
    ----------
    .. [1] Sweeney, L. (2002). k-anonymity: A model for protecting privacy. *International
       Journal of Uncertainty, Fuzziness and Knowledge-Based Systems*, 10(5), 557-570.

    Examples
    --------
    >>> from platformlab.models import privacy
    >>> import pandas as pd
    >>> df = pd.DataFrame({"age": [31, 37, 37, 52], "gender": ["f", "m", "m", "f"]})
    >>> privacy.is_k_anonymous(df, "gender", 2), privacy.is_k_anonymous(df, ["age", "gender"], 2)
    (True, False)
    """
    k = check_int("k", k, low=1)
    return smallest_group(df, quasi_identifiers) >= k


def reidentification_risk(df: pd.DataFrame, quasi_identifiers: str | Sequence[Hashable]) -> float:
    r"""Share of records that are unique on the quasi-identifiers.

    Parameters
    ----------
    df : pandas.DataFrame
        At least one row.
    quasi_identifiers : str or list of str
        Columns of ``df``.

    Returns
    -------
    float
        :math:`\frac{1}{n}\#\{i : |g(i)| = 1\}`, in [0, 1]: the share of people an attacker who
        knows their quasi-identifiers (and that they are in the table) can single out for sure.

    Notes
    -----
    This is the "sample uniqueness" measure. A record in a group of size :math:`m` is matched
    by a random guess with probability :math:`1/m`; the measure counts only :math:`m = 1`, so it
    is zero exactly when the table is 2-anonymous.

    References
    ----------
    .. [1] Sweeney, L. (2002). k-anonymity: A model for protecting privacy. *International
       Journal of Uncertainty, Fuzziness and Knowledge-Based Systems*, 10(5), 557-570.

    Examples
    --------
    >>> from platformlab.models import privacy
    >>> import pandas as pd
    >>> df = pd.DataFrame({"age": [31, 37, 37, 52], "gender": ["f", "m", "m", "f"]})
    >>> privacy.reidentification_risk(df, ["age", "gender"])  # 31 and 52 are unique
    0.5
    """
    return float((group_sizes(df, quasi_identifiers) == 1).mean())


def smallest_diversity(
    df: pd.DataFrame, quasi_identifiers: str | Sequence[Hashable], sensitive: Hashable
) -> int:
    r"""Fewest distinct values of the sensitive column within any equivalence class.

    Parameters
    ----------
    df : pandas.DataFrame
        At least one row.
    quasi_identifiers : str or list of str
        Columns of ``df``.
    sensitive : str
        The sensitive column (e.g. ``"reported_leak"``); must not be a quasi-identifier.

    Returns
    -------
    int
        :math:`\min_g \#\{\text{distinct sensitive values in } g\}`. A value of 1 means some
        group is homogeneous: knowing someone is in it reveals their sensitive value, however
        large the group (k-anonymity alone does not prevent this).

    Notes
    -----
    .. math:: \ell^{*} = \min_g \#\{s_i : i \in g\},

    the table is "distinct :math:`\ell`-diverse" for every :math:`\ell \le \ell^{*}`. Missing
    sensitive values count as a value.

    References
    ----------
    .. [1] Machanavajjhala, A., Kifer, D., Gehrke, J., & Venkitasubramaniam, M. (2007).
       l-diversity: Privacy beyond k-anonymity. *ACM Transactions on Knowledge Discovery from
       Data*, 1(1), 3.

    Examples
    --------
    >>> from platformlab.models import privacy
    >>> import pandas as pd
    >>> df = pd.DataFrame({"gender": ["f", "m", "m", "f"], "leak": [True, True, False, True]})
    >>> privacy.smallest_diversity(df, "gender", "leak")  # both women reported a leak
    1
    """
    df = _frame(df)
    cols = _columns(df, quasi_identifiers)
    (target,) = _columns(df, [sensitive], name="sensitive")
    if target in cols:
        raise ValueError(
            f"sensitive must not be one of the quasi_identifiers; got {describe(sensitive)}"
        )
    counts = df.groupby(cols, dropna=False, sort=False)[target].nunique(dropna=False)
    return int(counts.min())


def generalise(
    df: pd.DataFrame,
    column: Hashable,
    bins: ArrayLike | None = None,
    *,
    width: float | None = None,
    keep: int | None = None,
    rule: Callable[[Any], Any] | None = None,
) -> pd.DataFrame:
    r"""A copy of ``df`` with one quasi-identifier replaced by a coarser version.

    Give exactly one of ``bins``, ``width``, ``keep`` or ``rule``.

    Parameters
    ----------
    df : pandas.DataFrame
        The table; it is not modified.
    column : str
        The column to generalise.
    bins : array_like of float, optional
        Increasing band edges for a numeric column; a value :math:`x` goes to the band
        :math:`[e_i, e_{i+1})`. Every non-missing value must lie in :math:`[e_0, e_m)`.
    width : float, optional
        Band width :math:`w > 0` for a numeric column: :math:`x` goes to
        :math:`[w\lfloor x/w \rfloor, w\lfloor x/w \rfloor + w)` (ages 37 and 31 both to 30-39
        with ``width=10``).
    keep : int, optional
        For a code (postcode, county code, phone prefix): keep the first ``keep`` characters and
        mask the rest with ``*`` (``"310115"`` with ``keep=3`` becomes ``"310***"``);
        ``keep=0`` suppresses the column.
    rule : callable, optional
        Any function applied to each non-missing value (e.g. ``lambda g: "any"``).

    Returns
    -------
    pandas.DataFrame
        A new DataFrame with ``column`` replaced by its generalised values (strings for
        ``bins``, ``width`` and ``keep``). Missing values stay missing.

    Notes
    -----
    Band labels are ``"30-39"`` when the column holds integers and the edges are integers (the
    band holds 30, ..., 39), and ``"[30, 40)"`` otherwise.

    Generalisation replaces each value :math:`x` by :math:`g(x)`; records that had equal
    quasi-identifiers still have equal ones, so equivalence classes can only merge:

    .. math:: \min_{g'} |g'| \ge \min_g |g|,

    generalising never lowers the smallest group size (and never raises the re-identification
    risk). The price is information: a released age band is less useful than an age.

    References
    ----------
    .. [1] Sweeney, L. (2002). Achieving k-anonymity privacy protection using generalization
       and suppression. *International Journal of Uncertainty, Fuzziness and Knowledge-Based
       Systems*, 10(5), 571-588.

    Examples
    --------
    >>> from platformlab.models import privacy
    >>> import pandas as pd
    >>> df = pd.DataFrame({"age": [31, 37, 52], "postcode": ["310115", "310022", "430140"]})
    >>> privacy.generalise(df, "age", width=10)["age"].tolist()
    ['30-39', '30-39', '50-59']
    >>> privacy.generalise(df, "postcode", keep=3)["postcode"].tolist()
    ['310***', '310***', '430***']
    """
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"df must be a pandas DataFrame; got {type(df).__name__}")
    (col,) = _columns(df, [column], name="column")
    given = [name for name, v in (("bins", bins), ("width", width), ("keep", keep), ("rule", rule))
             if v is not None]
    if len(given) != 1:
        raise ValueError(
            "generalise needs exactly one of bins, width, keep or rule; "
            f"got {', '.join(given) if given else 'none'}"
        )
    values = df[col]
    present = values.notna().to_numpy()
    if bins is not None or width is not None:
        numeric = _numeric_column(col, values, "bins" if bins is not None else "width")
        if bins is not None:
            edges = check_finite("bins", bins)
            if edges.ndim != 1 or edges.size < 2 or np.any(np.diff(edges) <= 0):
                raise ValueError(
                    f"bins must be at least two strictly increasing edges; got {describe(bins)}"
                )
            x = numeric[present]
            outside = (x < edges[0]) | (x >= edges[-1])
            if outside.any():
                raise ValueError(
                    f"bins must cover every value of column {describe(col)}: [{edges[0]:g}, "
                    f"{edges[-1]:g}) leaves out {int(outside.sum())} value(s), e.g. "
                    f"{x[outside][0]:g}"
                )
            idx = np.searchsorted(edges, x, side="right") - 1
            lo, hi = edges[idx], edges[idx + 1]
        else:
            w = check_scalar("width", width, 0.0, math.inf, low_open=True, high_open=True)
            lo = np.floor(numeric[present] / w) * w
            hi = lo + w
            edges = np.array([w])
        integer = pd.api.types.is_integer_dtype(values.dtype) and bool(
            np.all(edges == np.round(edges))
        )
        # label each distinct band once (fast for large tables)
        uniq, first, inverse = np.unique(lo, return_index=True, return_inverse=True)
        labels = _band_labels(uniq, hi[first], integer)[inverse]
    elif keep is not None:
        keep = check_int("keep", keep, low=0)
        codes, uniq = pd.factorize(values[present].astype(str))
        masked = [s[:keep] + "*" * max(len(s) - keep, 0) for s in uniq]
        labels = np.array(masked, dtype=object)[codes]
    else:
        if not callable(rule):
            raise TypeError(f"rule must be a function of one value; got {describe(rule)}")
        labels = np.array([rule(v) for v in values[present]], dtype=object)
    generalised = np.full(len(df), None, dtype=object)
    generalised[present] = labels
    out = df.copy()
    out[col] = pd.Series(generalised, index=df.index, name=col, dtype=object)
    return out


def _numeric_column(col: Hashable, values: pd.Series, param: str) -> np.ndarray:
    if not (pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values)):
        raise TypeError(
            f"{param} needs a numeric column; column {describe(col)} has dtype {values.dtype} "
            "(use keep or rule for codes and text)"
        )
    return values.to_numpy(dtype=float, na_value=np.nan)


def _band_labels(lo: np.ndarray, hi: np.ndarray, integer: bool) -> np.ndarray:
    if integer:
        return np.array(
            [f"{int(a)}" if b - a == 1 else f"{int(a)}-{int(b) - 1}" for a, b in zip(lo, hi)],
            dtype=object,
        )
    return np.array([f"[{a:g}, {b:g})" for a, b in zip(lo, hi)], dtype=object)

