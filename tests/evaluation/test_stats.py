import math

import pytest

from youthcop.evaluation.stats import paired_change, t_cdf, t_quantile


@pytest.mark.parametrize(
    ("df", "expected"),
    # Two-sided 95 % critical values from any t table.
    [(1, 12.7062), (2, 4.3027), (4, 2.7764), (5, 2.5706), (10, 2.2281), (20, 2.0860), (30, 2.0423), (120, 1.9799)],
)
def test_t_quantile_matches_the_table(df, expected):
    assert t_quantile(0.975, df) == pytest.approx(expected, abs=1e-4)


def test_t_quantile_is_symmetric_and_inverts_the_distribution():
    assert t_quantile(0.025, 7) == pytest.approx(-t_quantile(0.975, 7))
    assert t_quantile(0.5, 3) == pytest.approx(0, abs=1e-9)
    assert t_cdf(t_quantile(0.9, 6), 6) == pytest.approx(0.9, abs=1e-9)
    assert t_quantile(0.95, 9) == pytest.approx(1.8331, abs=1e-4)


def test_paired_change_interval():
    pairs = [(2, 3), (3, 4), (2, 4), (3, 3), (1, 3), (2, 2)]
    change = paired_change(pairs)
    differences = [1, 1, 2, 0, 2, 0]
    mean = sum(differences) / 6
    sd = math.sqrt(sum((d - mean) ** 2 for d in differences) / 5)
    margin = 2.5706 * sd / math.sqrt(6)
    assert change.n == 6
    assert change.mean == pytest.approx(1.0)
    assert change.low == pytest.approx(mean - margin, abs=1e-3)
    assert change.high == pytest.approx(mean + margin, abs=1e-3)


def test_paired_change_is_withheld_under_five_pairs():
    assert paired_change([(1, 2)] * 4) is None
    same = paired_change([(1, 3)] * 5)
    assert (same.mean, same.low, same.high) == (2, 2, 2)
