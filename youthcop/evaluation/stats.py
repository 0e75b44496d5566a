"""The few statistics the results need, without scipy: means and a paired mean change with a t interval."""

import math
from dataclasses import dataclass

#: Fewer answers than this and a figure is withheld ("too few answers").
MIN_ANSWERS = 5


def _betacf(a, b, x):
    """Continued fraction of the incomplete beta function (Lentz's method, as in Numerical Recipes)."""
    tiny = 1e-300
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 300):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        step = d * c
        h *= step
        if abs(step - 1.0) < 1e-15:
            break
    return h


def incomplete_beta(a, b, x):
    """The regularised incomplete beta function I_x(a, b)."""
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    front = math.exp(math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log(1 - x))
    if x < (a + 1) / (a + b + 2):
        return front * _betacf(a, b, x) / a
    return 1.0 - front * _betacf(b, a, 1 - x) / b


def t_cdf(t, df):
    """P(T ≤ t) for Student's t with ``df`` degrees of freedom."""
    tail = 0.5 * incomplete_beta(df / 2, 0.5, df / (df + t * t))
    return 1 - tail if t >= 0 else tail


def t_quantile(p, df):
    """The ``p`` quantile of Student's t (``p`` in (0, 1)), by bisection on the distribution function."""
    if not 0 < p < 1:
        raise ValueError("p must lie strictly between 0 and 1")
    if p < 0.5:
        return -t_quantile(1 - p, df)
    low, high = 0.0, 1.0
    while t_cdf(high, df) < p:
        high *= 2
    for _ in range(200):
        middle = (low + high) / 2
        if t_cdf(middle, df) < p:
            low = middle
        else:
            high = middle
        if high - low < 1e-12:
            break
    return (low + high) / 2


def mean(values):
    values = list(values)
    return sum(values) / len(values) if values else None


@dataclass(frozen=True)
class Change:
    """The mean of paired differences (after − before) and its 95 % confidence interval."""

    n: int
    mean: float
    low: float
    high: float


def paired_change(pairs, confidence=0.95):
    """The mean change over ``pairs`` of (before, after) values with a t interval; None under ``MIN_ANSWERS`` pairs."""
    differences = [after - before for before, after in pairs]
    n = len(differences)
    if n < MIN_ANSWERS:
        return None
    average = sum(differences) / n
    variance = sum((d - average) ** 2 for d in differences) / (n - 1)
    margin = t_quantile(1 - (1 - confidence) / 2, n - 1) * math.sqrt(variance / n)
    return Change(n=n, mean=average, low=average - margin, high=average + margin)
