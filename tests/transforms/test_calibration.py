"""Isotonic calibration of event scores, and the calibration error it is judged by."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from transforms.calibration import Calibration, expected_calibration_error, fit_isotonic


def test_fitted_map_is_the_observed_share_right_per_block() -> None:
    pairs = [(0.5, False)] * 6 + [(0.5, True)] * 2 + [(0.8, True)] * 6 + [(0.8, False)] * 2
    calibration = fit_isotonic(pairs, prior_weight=0.0)
    assert calibration(0.5) == 0.25 and calibration(0.8) == 0.75
    assert calibration(0.65) == 0.5  # linear between blocks
    assert calibration(0.1) == 0.25 and calibration(0.99) == 0.75  # flat beyond the ends


def test_a_violating_pair_of_scores_is_pooled_and_small_blocks_are_shrunk() -> None:
    pairs = [(0.4, True), (0.4, True), (0.6, False), (0.6, False), (0.6, True), (0.9, True)]
    calibration = fit_isotonic(pairs)
    assert calibration.lows[0] == 0.4 and calibration.highs[0] == 0.6  # 0.4 (2/2) > 0.6 (1/3): pooled
    assert 0.0 < calibration(0.9) < 1.0  # one right row is not certainty


def test_ties_are_never_split_across_bins() -> None:
    pairs = [(0.5, False), (0.5, True)] * 10
    assert expected_calibration_error(pairs, bins=4) == 0.0
    assert round(expected_calibration_error([(0.9, False)] * 4), 3) == 0.9


@given(st.lists(st.tuples(st.floats(0, 1), st.booleans()), min_size=1, max_size=60))
def test_the_map_is_monotone_and_a_probability(pairs: list[tuple[float, bool]]) -> None:
    calibration = fit_isotonic(pairs)
    grid = [i / 50 for i in range(51)]
    values = [calibration(x) for x in grid]
    assert all(0.0 <= v <= 1.0 for v in values)
    assert all(a <= b + 1e-9 for a, b in zip(values, values[1:]))
    assert Calibration.from_dict(calibration.as_dict()) == calibration
