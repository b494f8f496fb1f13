"""A simulated (synthetic) survey of platform users, for the anonymisation exercises.

:func:`simulate_survey` returns a DataFrame of invented respondents -- age, gender, a six-digit
postcode, main platform, monthly spending and whether they report a personal information leak
-- drawn from made-up distributions with a caller-supplied seed. No value comes from, or
describes, a real person; the leak share echoes the China Consumers Association's 2018 online
survey. Combined, age, gender and postcode make most respondents unique until generalised (see
:mod:`.k_anonymity`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from platformlab._validate import as_generator, check_int, check_scalar

__all__ = ["simulate_survey"]

_PLATFORMS = ("Taobao", "Pinduoduo", "JD", "Meituan", "Douyin")
_PLATFORM_SHARES = (0.32, 0.24, 0.18, 0.14, 0.12)
_REGIONS = (11, 20, 31, 43, 51, 65)
_REGION_SHARES = (0.25, 0.2, 0.2, 0.15, 0.12, 0.08)


def simulate_survey(
    n: int, rng: np.random.Generator | int, *, leak_share: float = 0.85
) -> pd.DataFrame:
    r"""A simulated (synthetic) survey of platform users, for the anonymisation exercises.

    Parameters
    ----------
    n : int
        Number of respondents, at least 1.
    rng : numpy.random.Generator or int
        Source of randomness, or a seed for ``numpy.random.default_rng``. Required.
    leak_share : float, default 0.85
        Probability that a simulated respondent reports having experienced a personal
        information leak, in [0, 1]. The default echoes the 85% of the China Consumers
        Association's 2018 online survey (self-reported, not a random sample).

    Returns
    -------
    pandas.DataFrame
        One row per simulated respondent, columns

        ``age`` (int, 18-80), ``gender`` ("female"/"male"), ``postcode`` (six-digit string:
        two digits of region, two of district, two of area), ``main_platform``,
        ``monthly_spending`` (yuan, int, log-normal with a median of about 800, rising with
        age up to the 40s), and the sensitive attribute ``reported_leak`` (bool).
        ``df.attrs["synthetic"]`` is ``True``.

    Notes
    -----
    Every value is drawn from invented distributions; none comes from, or describes, a real
    person, and the postcodes are not meant to match real places. Age is
    :math:`\mathrm{round}(N(38, 12^2))` clipped to [18, 80]; postcodes are drawn from 6 regions
    :math:`\times` 4 districts :math:`\times` 10 areas, so that combined with age and gender
    most respondents are unique until the quasi-identifiers are generalised; spending is
    :math:`\exp(N(\ln 800 + 0.3\,h(\text{age}), 0.8^2))` with
    :math:`h(a) = 1 - ((a - 45)/25)^2`; the leak report is Bernoulli(``leak_share``),
    independent of everything else.

    References
    ----------
    .. [1] China Consumers Association (2018). App personal information leakage survey report
       (online questionnaire, 5,458 valid responses).

    Examples
    --------
    >>> from platformlab.models import privacy
    >>> survey = privacy.simulate_survey(500, rng=1)
    >>> survey.shape, survey.attrs["synthetic"]
    ((500, 6), True)
    >>> list(survey.columns)
    ['age', 'gender', 'postcode', 'main_platform', 'monthly_spending', 'reported_leak']
    """
    n = check_int("n", n, low=1)
    share = check_scalar("leak_share", leak_share, 0.0, 1.0)
    gen = as_generator(rng)
    age = np.clip(np.round(gen.normal(38.0, 12.0, size=n)), 18, 80).astype(np.int64)
    gender = np.where(gen.random(n) < 0.5, "female", "male")
    region = gen.choice(np.array(_REGIONS, dtype=np.int64), size=n, p=_REGION_SHARES)
    district = gen.integers(1, 5, size=n)
    area = gen.integers(0, 10, size=n)
    # region codes have two digits and no leading zero, so the integer prints as six digits
    postcode = (region * 10_000 + district * 100 + area * 10).astype(str)
    platform = gen.choice(np.array(_PLATFORMS), size=n, p=_PLATFORM_SHARES)
    life_cycle = 1.0 - ((age - 45.0) / 25.0) ** 2
    spending = np.round(np.exp(gen.normal(np.log(800.0) + 0.3 * life_cycle, 0.8))).astype(np.int64)
    leak = gen.random(n) < share
    df = pd.DataFrame(
        {
            "age": age,
            "gender": gender.astype(object),
            "postcode": postcode.astype(object),
            "main_platform": platform.astype(object),
            "monthly_spending": spending,
            "reported_leak": leak,
        }
    )
    df.attrs["synthetic"] = True
    return df

