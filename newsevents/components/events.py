"""spaCy component ``newsevents_events``: codes every sentence's events into ``Doc._.events``.

Wraps :mod:`transforms.events` with the shipped lexicons (the CAMEO verb dictionary, the
codebook and the CAMEO -> PLOVER map), actor resolution (entities already resolved by
``newsevents_actors``; other noun phrases through :func:`transforms.actors.resolve_span`), and
the date and place resolvers. Output rows are plain data so Docs survive multiprocessing.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any, Sequence

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from newsevents import lexicons
from newsevents.components.actors import load_actor_lexicon
from transforms.actors import resolve_span
from transforms.dates import resolve_event_date
from transforms.entity_index import pinned_entities
from transforms.events import Codebook, VerbLexicon, code_events
from transforms.places import resolve_location


@lru_cache(maxsize=1)
def load_verb_lexicon() -> VerbLexicon:
    return VerbLexicon(lexicons.load_json("verbs_cameo.json"))


@lru_cache(maxsize=1)
def load_codebook() -> Codebook:
    return Codebook(lexicons.load_csv("cameo_codes.csv"), lexicons.load_csv("cameo_plover.csv"))


@lru_cache(maxsize=1)
def _place_index() -> Any:
    from newsevents.places_index import load_place_index

    return load_place_index()


def _as_date(value: Any) -> dt.date | None:
    if not value:
        return None
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


DEFINITE = frozenset({"the", "this", "that", "these", "those", "its", "their"})
COLLECTIVE_NOUNS = frozenset({
    "group", "delegation", "team", "association", "federation", "organization", "organisation", "company",
    "firm", "government", "ministry", "party", "coalition", "alliance", "movement", "council", "committee",
    "agency", "administration", "regime", "military", "army", "rebels", "militants", "union", "bloc", "body",
})


def antecedent_actor(span: Span, ents: Sequence[Span]) -> dict[str, Any] | None:
    """'the delegation', 'members of the group': the nearest earlier organisation or group.

    A definite description headed by a collective noun refers back; in wire copy its antecedent
    is almost always the last organisation or collective actor named before it. States are not
    candidates (they are named, not described), and nothing is guessed for other phrases.
    """
    described = any(
        t.lemma_.lower() in COLLECTIVE_NOUNS and any(c.lower_ in DEFINITE for c in t.children if c.dep_ in ("det", "poss"))
        for t in span
    )
    if not described:
        return None
    for ent in reversed([e for e in ents if e.end <= span.start]):
        actor = ent._.actor
        if actor and actor.get("kind") in ("organisation", "group") and (actor.get("country") or actor.get("sector")):
            return actor
    return None


class EventCoder:
    """Finds, codes and dates the events of each sentence."""

    def __init__(self) -> None:
        self.verbs = load_verb_lexicon()
        self.codebook = load_codebook()
        self.actor_lexicon = load_actor_lexicon()
        self.places = _place_index()  # loaded before nlp.pipe forks workers, so it is shared

    def resolver(self, doc: Doc, seen: dict[str, dict[str, Any]]) -> Any:
        """Resolve a phrase to an actor dict; every actor handed out is recorded in ``seen``."""
        on = _as_date(doc._.published_at)
        inner = self._resolver(doc, on)

        def resolve(span: Span) -> dict[str, Any] | None:
            actor = inner(span)
            if actor and actor.get("actor_id"):
                entry = seen.setdefault(actor["actor_id"], {**actor, "aliases": []})
                if span.text not in entry["aliases"]:
                    entry["aliases"].append(span.text)
            return actor

        return resolve

    def _resolver(self, doc: Doc, on: dt.date | None) -> Any:
        ents = list(doc.ents)  # doc.ents builds new Span objects on every access
        by_start = {(e.start, e.end): e for e in ents}

        def resolve(span: Span) -> dict[str, Any] | None:
            ent = by_start.get((span.start, span.end))
            if ent is not None and ent._.actor:
                return ent._.actor
            inside = [e for e in ents if span.start <= e.start and e.end <= span.end and e._.actor]
            if len(span) == 1 and inside:
                return inside[0]._.actor
            result = resolve_span(span, self.actor_lexicon, on)
            if result is None:
                if inside:
                    return inside[0]._.actor
                return antecedent_actor(span, ents)
            return {"actor_id": result.actor_id, "name": result.name, "kind": result.kind,
                    "country": result.country, "sector": result.sector}

        return resolve

    def __call__(self, doc: Doc) -> Doc:
        published = doc._.published_at
        seen: dict[str, dict[str, Any]] = {}
        resolve = self.resolver(doc, seen)

        def date_for(sentence: Span, trigger: Token, status: str) -> dict[str, Any]:
            resolved = resolve_event_date(sentence, trigger, published, status)
            return {"event_date": resolved.iso, "date_precision": resolved.precision, "date_text": resolved.text}

        def place_for(sentence: Span, trigger: Token, countries: Sequence[str]) -> dict[str, Any] | None:
            place = resolve_location(sentence, trigger, self.places, prefer_countries=countries)
            if place is None:
                return None
            return {"location_text": place.text, "location_country": place.country,
                    "latitude": place.latitude, "longitude": place.longitude}

        rows: list[dict[str, Any]] = []
        with pinned_entities(doc):  # entities are final here: build them once, not per lookup
            for index, sentence in enumerate(doc.sents):
                rows.extend(code_events(sentence, sentence_index=index, verbs=self.verbs, codebook=self.codebook,
                                        resolve=resolve, date_for=date_for, place_for=place_for))
        doc._.events = rows
        used = {r["actor_id"] for r in rows} | {r["recipient_id"] for r in rows}
        actors = list(doc._.actors or [])
        known = {a["actor_id"] for a in actors}
        for actor_id, actor in seen.items():
            if actor_id in used and actor_id not in known:
                actors.append({"actor_id": actor_id, "name": actor.get("name") or actor["aliases"][0],
                               "kind": actor.get("kind") or "group", "country": actor.get("country"),
                               "sector": actor.get("sector"), "aliases": actor["aliases"]})
                known.add(actor_id)
        # parties the coder derived itself ("Hungarian and Romanian officials" split by country, a
        # place's authorities) have ids no resolver call produced: every id a row names gets a row
        for row in rows:
            for role in ("actor", "recipient"):
                actor_id = row[f"{role}_id"]
                if actor_id and actor_id not in known:
                    known.add(actor_id)
                    actors.append({"actor_id": actor_id, "name": row[f"{role}_text"], "kind": "group",
                                   "country": row[f"{role}_country"], "sector": row[f"{role}_sector"],
                                   "aliases": [row[f"{role}_text"]]})
        doc._.actors = actors
        return doc


@Language.factory("newsevents_events")
def make_events(nlp: Language, name: str) -> EventCoder:
    """Event coding (CAMEO verb dictionary + dependency parse) into ``Doc._.events``."""
    if not Doc.has_extension("events"):
        Doc.set_extension("events", default=None)
    return EventCoder()
