"""Turning an event's raw coding score into a probability that the row is right.

The event coder's raw score ranks rows (a dictionary pattern with its object matched beats a
bare verb lemma; a resolved recipient beats none; a planned act is less certain than an asserted
one) but its scale is arbitrary. Isotonic regression (pool adjacent violators) on scored gold —
each coded row marked right or wrong — gives the monotone map from that score to the observed
share of right rows, which is what a ``confidence`` column should mean: of rows at 0.4, about
40% are right. Pure functions here; fitting data and the shipped map live in ``newsevents``.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from typing import Iterable, Sequence


@dataclass(frozen=True)
class Calibration:
    """A monotone map from raw score to probability: flat over each fitted block of scores
    (``lows[i]..highs[i]`` -> ``probabilities[i]``), linear between blocks, flat beyond the ends."""

    lows: tuple[float, ...]
    highs: tuple[float, ...]
    probabilities: tuple[float, ...]

    def __call__(self, raw: float) -> float:
        if not self.probabilities:
            return raw
        i = bisect_left(self.highs, raw)  # first block whose high end is >= raw
        if i == len(self.highs):
            return self.probabilities[-1]
        if raw >= self.lows[i] or i == 0:
            return self.probabilities[i]
        x0, x1 = self.highs[i - 1], self.lows[i]
        y0, y1 = self.probabilities[i - 1], self.probabilities[i]
        return round(y0 + (y1 - y0) * (raw - x0) / (x1 - x0), 4)

    def as_dict(self) -> dict[str, list[float]]:
        return {"lows": list(self.lows), "highs": list(self.highs), "probabilities": list(self.probabilities)}

    @classmethod
    def from_dict(cls, data: dict[str, Sequence[float]]) -> "Calibration":
        return cls(*(tuple(float(x) for x in data[k]) for k in ("lows", "highs", "probabilities")))


def fit_isotonic(pairs: Iterable[tuple[float, bool]], prior_weight: float = 2.0, prior: float | None = None) -> Calibration:
    """Pool adjacent violators over (raw score, right?) pairs.

    Each block is shrunk towards the overall rate by ``prior_weight`` pseudo-rows, so a block of
    two rows cannot claim 0% or 100%; blocks are then represented by (mean score, rate).
    """
    ordered = sorted((float(s), 1.0 if ok else 0.0) for s, ok in pairs)
    if not ordered:
        return Calibration((), ())
    base = prior if prior is not None else sum(y for _, y in ordered) / len(ordered)
    tied: dict[float, list[float]] = {}  # rows with the same score are one block from the start
    for x, y in ordered:
        block = tied.setdefault(x, [x, x, 0.0, 0.0])  # [low, high, right, n]
        block[2] += y
        block[3] += 1.0
    blocks: list[list[float]] = []
    for x in sorted(tied):
        blocks.append(tied[x])
        while len(blocks) > 1 and _rate(blocks[-2], base, prior_weight) >= _rate(blocks[-1], base, prior_weight):
            top = blocks.pop()
            low = blocks[-1]
            blocks[-1] = [low[0], top[1], low[2] + top[2], low[3] + top[3]]
    return Calibration(tuple(b[0] for b in blocks), tuple(b[1] for b in blocks),
                       tuple(round(_rate(b, base, prior_weight), 4) for b in blocks))


def _rate(block: list[float], base: float, weight: float) -> float:
    return (block[2] + weight * base) / (block[3] + weight)


def expected_calibration_error(pairs: Sequence[tuple[float, bool]], bins: int = 5) -> float:
    """Mean |confidence - share right| over ~equal-count bins (ties never split), weighted by size."""
    if not pairs:
        return 0.0
    groups: dict[float, list[int]] = {}
    for confidence, ok in pairs:
        group = groups.setdefault(confidence, [0, 0])
        group[0] += 1
        group[1] += 1 if ok else 0
    target = max(1, len(pairs) // bins)
    total = 0.0
    n = right = 0
    weighted_conf = 0.0
    for confidence in sorted(groups):
        count, ok = groups[confidence]
        n, right, weighted_conf = n + count, right + ok, weighted_conf + confidence * count
        if n >= target:
            total += abs(weighted_conf - right)  # = n * |mean confidence - share right|
            n = right = 0
            weighted_conf = 0.0
    if n:
        total += abs(weighted_conf - right)
    return total / len(pairs)
