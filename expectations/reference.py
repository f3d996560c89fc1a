"""Value sets the suites check against: codebooks and ISO codes, loaded once."""

from __future__ import annotations

from functools import lru_cache

import pycountry

from newsevents.schemas import SECTORS

# ISO 3166-1 alpha-3 plus the user-assigned codes news coding needs (Kosovo).
EXTRA_COUNTRY_CODES = ("XKX",)


@lru_cache(maxsize=1)
def country_codes() -> frozenset[str]:
    return frozenset({c.alpha_3 for c in pycountry.countries} | set(EXTRA_COUNTRY_CODES))


def sector_codes() -> frozenset[str]:
    return frozenset(SECTORS)


@lru_cache(maxsize=1)
def cameo_codebook() -> dict[str, tuple[float, int]]:
    """CAMEO code -> (goldstein, quad_class) from the shipped codebook."""
    from newsevents.lexicons import load_csv

    rows = load_csv("cameo_codes.csv")
    return {r["code"]: (float(r["goldstein"]), int(r["quad_class"])) for r in rows}
