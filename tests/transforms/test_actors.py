"""Actor resolution rules on a tiny hand-made lexicon (fast, exact, no shipped data needed)."""

from __future__ import annotations

import datetime as dt

import pytest
import spacy
from spacy.tokens import Doc, Span

from transforms.actors import ActorLexicon, pick_role, resolve_span, resolve_text

ROWS = [
    {"id": "CHN", "name": "China", "kind": "state", "country": "CHN", "aliases": ["CHINA"],
     "gaz": ["CHINA"], "norp": ["CHINESE"]},
    {"id": "JPN", "name": "Japan", "kind": "state", "country": "JPN", "aliases": ["JAPAN"],
     "gaz": ["JAPAN"], "norp": ["JAPANESE"]},
    {"id": "NOR", "name": "Norway", "kind": "state", "country": "NOR", "aliases": ["NORWAY"]},
    {"id": "CHN", "name": "Beijing", "kind": "place", "country": "CHN", "aliases": ["BEIJING"],
     "gaz_all": True, "capital": True},
    {"id": "JPN", "name": "Fukushima", "kind": "place", "country": "JPN",
     "aliases": ["FUKUSHIMA", "YAMAGUCHI"], "gaz_all": True},
    {"name": "Fumio Kishida", "kind": "person", "roles": ["JPN GOV 2021-10-04 -", "JPN GOV 2012-12-26 2017-08-03"],
     "name_alias": 2},
    {"name": "Old Leader", "kind": "person", "roles": ["CHN GOV 2003-01-01 2008-12-31"], "name_alias": 2},
    {"name": "Peoples Liberation Army", "kind": "organisation", "roles": ["CHN MIL - -"],
     "aliases": ["PEOPLE'S LIBERATION ARMY", "PLA"], "gaz_all": True},
    {"name": "Association of Southeast Asian Nations", "kind": "organisation",
     "roles": ["- IGO - -"], "aliases": ["ASEAN"], "name_alias": 2},
]
AGENTS = {
    "exact": {"premier": "GOV", "prime minister": "GOV", "military officer": "MIL",
              "business leader": "BUS", "party": "PTY", "chief": "GOV", "ambassador": "GOV",
              "self-defense forces": "MIL", "central bank": "GOV"},
    "prefix": {"commerce minist": "GOV"},
}


@pytest.fixture(scope="module")
def lex() -> ActorLexicon:
    return ActorLexicon.from_rows(ROWS, AGENTS)


def _country_sector(res):
    return (res.country, res.sector) if res else (None, None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Senior Chinese military officers", ("CHN", "MIL")),
        ("Japanese business leaders", ("JPN", "BUS")),
        ("China's Commerce Ministry", ("CHN", "GOV")),
        ("Norway's central bank", ("NOR", "GOV")),
        ("Japanese Self-Defense Forces members", ("JPN", "MIL")),
        ("Chinese Premier Li Qiang", ("CHN", "GOV")),
        ("Beijing", ("CHN", "GOV")),
        ("Japan", ("JPN", None)),
        ("People's Liberation Army", ("CHN", "MIL")),
        ("Association of Southeast Asian Nations", (None, "IGO")),
        ("Japanese ambassador to China", ("JPN", "GOV")),
    ],
)
def test_resolve_text_country_and_sector(lex: ActorLexicon, text: str, expected: tuple) -> None:
    assert _country_sector(resolve_text(text, lex)) == expected


@pytest.mark.parametrize("text", ["The delegation", "the group", "East China Sea"])
def test_phrases_without_actor_resolve_to_none(lex: ActorLexicon, text: str) -> None:
    assert resolve_text(text, lex) is None


def test_ids_and_kinds(lex: ActorLexicon) -> None:
    assert resolve_text("Japan", lex).actor_id == "JPN"
    assert resolve_text("Japan", lex).kind == "state"
    officers = resolve_text("Senior Chinese military officers", lex)
    assert (officers.actor_id, officers.kind) == ("CHN-MIL", "group")
    person = resolve_text("Prime Minister Fumio Kishida", lex, dt.date(2023, 9, 12))
    assert (person.actor_id, person.kind, person.country, person.sector) == (
        "PER-fumio-kishida", "person", "JPN", "GOV")
    li = resolve_text("Chinese Premier Li Qiang", lex)
    assert (li.actor_id, li.kind) == ("PER-li-qiang", "person")


def test_apposition_gives_unknown_person_a_country_and_sector(lex: ActorLexicon) -> None:
    res = resolve_text("Natsuo Yamaguchi, chief of the Japanese ruling party", lex)
    assert res is not None
    assert (res.actor_id, res.kind) == ("PER-natsuo-yamaguchi", "person")
    assert (res.country, res.sector) == ("JPN", "PTY")


def test_dated_roles_follow_the_publication_date(lex: ActorLexicon) -> None:
    entry = lex.lookup(("old", "leader"))[0]
    assert pick_role(entry, dt.date(2005, 6, 1)).sector == "GOV"
    assert pick_role(entry, dt.date(2020, 6, 1)).sector == "ELI"  # former official
    kishida = lex.lookup(("fumio", "kishida"))[0]
    assert pick_role(kishida, dt.date(2015, 1, 1)).start == "2012-12-26"
    assert pick_role(kishida, None).end is None


def test_surname_alone_resolves_to_the_known_person(lex: ActorLexicon) -> None:
    res = resolve_text("Kishida", lex, dt.date(2023, 1, 1))
    assert res is not None and res.actor_id == "PER-fumio-kishida"


def test_gazetteer_prefers_states_and_drops_role_words(lex: ActorLexicon) -> None:
    texts = {text: (label, actor_id) for label, text, actor_id in lex.gazetteer}
    assert texts["China"] == ("GPE", "CHN")
    assert texts["Chinese"] == ("NORP", "CHN")
    assert texts["Beijing"] == ("GPE", "CHN")
    assert texts["Fumio Kishida"] == ("PERSON", "PER-fumio-kishida")


def test_resolve_span_uses_entity_label_and_title() -> None:
    nlp = spacy.blank("en")
    lex = ActorLexicon.from_rows(ROWS, AGENTS)
    words = ["Prime", "Minister", "Fumio", "Kishida", "met", "Chinese", "Premier", "Li", "Qiang", "."]
    doc = Doc(nlp.vocab, words=words)
    doc.ents = [Span(doc, 7, 9, label="PERSON")]
    res = resolve_span(doc[5:9], lex)
    assert (res.actor_id, res.country, res.sector) == ("PER-li-qiang", "CHN", "GOV")
    whole = resolve_span(doc[0:4], lex, dt.date(2023, 9, 12))
    assert (whole.actor_id, whole.sector) == ("PER-fumio-kishida", "GOV")


def test_capital_as_place_is_not_the_government() -> None:
    """In the pipeline a capital that is not the subject stays the state (sector None)."""
    from newsevents.components.actors import resolve_entity

    nlp = spacy.blank("en")
    lex = ActorLexicon.from_rows(ROWS, AGENTS)
    doc = Doc(nlp.vocab, words=["They", "visited", "Beijing", "."],
              deps=["nsubj", "ROOT", "dobj", "punct"], heads=[1, 1, 1, 1])
    doc.ents = [Span(doc, 2, 3, label="GPE")]
    res = resolve_entity(doc.ents[0], lex, None)
    assert (res.actor_id, res.sector) == ("CHN", None)
    doc2 = Doc(nlp.vocab, words=["Beijing", "protested", "."],
               deps=["nsubj", "ROOT", "punct"], heads=[1, 1, 1])
    doc2.ents = [Span(doc2, 0, 1, label="GPE")]
    assert resolve_entity(doc2.ents[0], lex, None).actor_id == "CHN-GOV"


EXTRA_ROWS = [
    {"id": "MEX", "name": "Mexico", "kind": "state", "country": "MEX", "aliases": ["MEXICO"],
     "norp": ["MEXICAN"]},
    {"id": "EST", "name": "Estonia", "kind": "state", "country": "EST", "aliases": ["ESTONIA"]},
    {"id": "RUS", "name": "Russia", "kind": "state", "country": "RUS", "aliases": ["RUSSIA"]},
    {"name": "National Action Party", "kind": "organisation", "roles": ["MEX PTY - -"],
     "aliases": ["PAN"], "acronyms": ["PAN"], "name_alias": 2, "gaz_all": True},
    {"name": "Riigikogu", "kind": "organisation", "roles": ["EST LEG - -"], "name_alias": 2},
    {"name": "Northern Fleet", "kind": "organisation", "roles": ["RUS MIL - -"], "name_alias": 2},
    {"name": "Former Chief", "kind": "person", "roles": ["MEX GOV 2012-12-01 2018-11-30"],
     "name_alias": 2},
    {"id": None, "name": "Muslim", "kind": "group", "label": "NORP", "aliases": ["MUSLIM"]},
]
EXTRA_AGENTS = {"exact": {**AGENTS["exact"], "president": "GOV", "member": "GOV",
                          "cleric": "REL", "group": "MIL"}, "prefix": {}}


@pytest.fixture(scope="module")
def lex2() -> ActorLexicon:
    return ActorLexicon.from_rows(ROWS + EXTRA_ROWS, EXTRA_AGENTS)


def test_acronyms_name_an_actor_only_in_capitals(lex2: ActorLexicon) -> None:
    assert _country_sector(resolve_text("The PAN", lex2)) == ("MEX", "PTY")
    assert resolve_text("a frying pan", lex2) is None
    patterns = {text.upper() for _, text, _ in lex2.gazetteer}
    assert "PAN" in patterns and ("pan",) in lex2.case_sensitive


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("president of the Riigikogu", ("EST", "LEG")),
        ("members of PAN", ("MEX", "PTY")),
        ("Northern Fleet's Arctic Group", ("RUS", "MIL")),
        ("Muslim cleric", (None, "REL")),
    ],
)
def test_organisation_in_complement_or_possessor(lex2: ActorLexicon, text: str, expected: tuple) -> None:
    assert _country_sector(resolve_text(text, lex2)) == expected


def test_former_leader_without_date_is_an_elite(lex2: ActorLexicon) -> None:
    res = resolve_text("Former Chief", lex2)
    assert (res.country, res.sector) == ("MEX", "ELI")
    assert resolve_text("Former Chief", lex2, dt.date(2015, 1, 1)).sector == "GOV"


def test_unknown_person_gets_no_country(lex2: ActorLexicon) -> None:
    res = resolve_text("Juan Perez Gomez", lex2)
    assert res is not None and res.kind == "person" and res.country is None


def test_feature_word_inside_a_state_name_is_not_a_place_feature() -> None:
    lex = ActorLexicon.from_rows(ROWS + [
        {"id": "CIV", "name": "Côte d'Ivoire", "kind": "state", "country": "CIV", "aliases": ["IVORY COAST"]}], AGENTS)
    assert _country_sector(resolve_text("Ivory Coast", lex)) == ("CIV", None)
    assert resolve_text("East China Sea", lex) is None  # a real sea stays a place


def test_a_sentence_initial_determiner_is_not_a_surname() -> None:
    lex = ActorLexicon.from_rows(ROWS + [
        {"name": "Marie Several", "kind": "person", "roles": ["NOR GOV 2020-01-01 -"], "name_alias": 2}], AGENTS)
    res = resolve_text("Several hundred business leaders", lex, dt.date(2023, 1, 1))
    assert res is not None and res.kind != "person" and res.sector == "BUS"


def test_hyphenated_names_are_one_lexicon_word_whatever_the_tokenizer_did() -> None:
    """spaCy splits "Self-Defense" into three tokens; the lexicon keys it as one word, so the
    named force resolves as itself (JPN MIL), not through the generic agent "self defense force"."""
    import spacy

    from transforms.actors import span_words

    doc = spacy.blank("en")("Japan's Self-Defense Forces and Al-Qaeda's cells")
    assert span_words(doc[0:2]) == ["Japan", "'s"]
    assert span_words(doc[2:6]) == ["Self-Defense", "Forces"]
    assert span_words(doc[7:]) == ["Al-Qaeda", "'s", "cells"]
