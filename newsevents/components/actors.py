"""spaCy components: the gazetteer (known names -> entities with actor ids) and actor resolution.

``newsevents_gazetteer`` is a :class:`spacy.pipeline.SpanRuler` whose phrase patterns carry the
actor id, run before the statistical NER so that known names keep their label and id (the NER
respects entities already set). ``newsevents_actors`` runs after the NER and resolves every
entity to an actor with :mod:`transforms.actors`, reading titles before a name ("Prime
Minister ...") and appositions after it (", chief of the Komeito party").

Everything written to extensions is plain data (str/float/None/list/dict) so Docs survive
``nlp.pipe(n_process=...)`` pickling.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from spacy.language import Language
from spacy.pipeline import SpanRuler
from spacy.pipeline.span_ruler import prioritize_new_ents_filter
from spacy.tokens import Doc, Span, Token

from newsevents import lexicons
from newsevents.cache import cached, fingerprint
from transforms.actors import (
    ActorLexicon,
    PERSON_TITLES,
    ActorResolution,
    resolve_words,
    span_words,
    tokenize,
)

GAZETTEER_KEY = "newsevents_gazetteer"
ACTOR_LABELS = {"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC"}
FUNCTION_WORDS = {"of", "the", "and", "for", "in", "on", "to", "de", "la", "al", "el", "'s", "-", "&", "."}


@lru_cache(maxsize=1)
def load_actor_lexicon() -> ActorLexicon:
    """The actor lexicon built from the shipped data (once per process; on disk across processes)."""
    import transforms.actors

    key = fingerprint([lexicons.DATA_DIR / "actors_lexicon.jsonl", lexicons.DATA_DIR / "actors_agents.json",
                       Path(transforms.actors.__file__)])
    return cached("actor-lexicon", key, lambda: ActorLexicon.from_rows(
        lexicons.load_jsonl("actors_lexicon.jsonl"), lexicons.load_json("actors_agents.json")))


def _register_extensions() -> None:
    for name in ("published_at", "mentions", "actors", "events"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)
    if not Span.has_extension("actor"):
        Span.set_extension("actor", default=None)


class GazetteerRuler(SpanRuler):
    """A SpanRuler over the actor lexicon's names, matched case-insensitively (``LOWER``).

    Two filters keep it precise on real text: every content word of a match must be
    capitalised (so "turkey" or "chad" in lower case are not countries), and a place name glued
    to another capitalised word is left to the statistical NER ("Natsuo Yamaguchi",
    "Tokyo Electric Power"), as it is then part of a longer name.
    """

    def add_phrase_patterns(self, patterns: Iterable[tuple[str, str, str]]) -> None:
        """Add (label, text, id) phrase patterns, tokenised with the tokenizer only (fast)."""
        grouped: dict[str, list[str]] = defaultdict(list)
        for label, text, actor_id in patterns:
            key = repr((label, actor_id))
            if key not in grouped:
                self._match_label_id_map[self.nlp.vocab.strings.add(key)] = {"label": label, "id": actor_id}
            grouped[key].append(text)
        for key, texts in grouped.items():
            docs = list(self.nlp.tokenizer.pipe(texts))
            self.phrase_matcher.add(key, docs)

    def _require_patterns(self) -> None:
        """Patterns are rebuilt from the shipped lexicon at construction, not kept in
        ``_patterns`` (30k dicts would double the load time), so there is nothing to check."""
        return None

    def match(self, doc: Doc) -> list[Span]:
        spans = super().match(doc)
        strict = load_actor_lexicon().case_sensitive
        return [s for s in spans if _capitalised(s) and not _glued(s)
                and (tuple(tokenize(s.text)) not in strict or s.text.isupper())]


def _capitalised(span: Span) -> bool:
    for tok in span:
        low = tok.lower_
        if low in FUNCTION_WORDS or not tok.text[:1].isalpha():
            continue
        if len(span) == 1 and len(tok) <= 3:
            if not tok.is_upper:
                return False
        elif not (tok.text[:1].isupper()):
            return False
    return True


def _glued(span: Span) -> bool:
    """A match directly joined to another capitalised proper noun ("the Indonesian Navy")."""
    doc = span.doc
    nxt = doc[span.end] if span.end < len(doc) else None
    if nxt is not None and nxt.text == "-" and not span[-1].whitespace_ and span.end + 1 < len(doc):
        nxt = doc[span.end + 1]
    prv = doc[span.start - 1] if span.start > 0 else None
    if span.label_ == "NORP":
        prv = None  # "Senior Chinese officers": only what follows a nationality matters
    for tok in (prv, nxt):
        if tok is None or not tok.text[:1].isupper() or not tok.is_alpha:
            continue
        if tok is prv and (tok.is_sent_start or tok.i == 0):
            continue
        if tok.pos_ in {"PROPN"} or (not tok.pos_ and tok.is_title):
            if tok is prv and _is_title_word(tok) or tok.lower_ in PERSON_TITLES:
                continue
            return True
    return False


def _is_title_word(tok: Token) -> bool:
    lex = load_actor_lexicon()
    return lex.sector_of([tok.lower_]) is not None


@Language.factory(
    "newsevents_gazetteer",
    default_config={"spans_key": GAZETTEER_KEY},
)
def make_gazetteer(nlp: Language, name: str, spans_key: str) -> GazetteerRuler:
    """Entity ruler over the shipped actor lexicon; pattern ids are actor ids."""
    _register_extensions()
    ruler = GazetteerRuler(
        nlp,
        name,
        spans_key=spans_key,
        annotate_ents=True,
        ents_filter=prioritize_new_ents_filter,
        phrase_matcher_attr="LOWER",
        overwrite=True,
    )
    ruler.add_phrase_patterns(load_actor_lexicon().gazetteer)
    return ruler


class ActorResolver:
    """Resolves each entity to an actor and fills ``Span._.actor``, ``Doc._.mentions``, ``Doc._.actors``."""

    def __init__(self, nlp: Language, name: str, spans_key: str = GAZETTEER_KEY) -> None:
        self.name = name
        self.spans_key = spans_key
        self.lexicon = load_actor_lexicon()

    def __call__(self, doc: Doc) -> Doc:
        _register_extensions()
        on = _date(doc._.published_at)
        gazetteer = {(s.start, s.end) for s in doc.spans.get(self.spans_key, [])}
        sent_index = _sentence_index(doc)
        _relabel_surnames(doc)
        resolved: list[tuple[Span, ActorResolution | None]] = []
        for ent in doc.ents:
            if ent.label_ not in ACTOR_LABELS:
                continue
            resolved.append((ent, resolve_entity(ent, self.lexicon, on)))
        resolved = _share_within_document(_inherit_sentence_country(resolved, sent_index))
        mentions: list[dict[str, Any]] = []
        actors: dict[str, dict[str, Any]] = {}
        for ent, res in resolved:
            actor = _as_dict(res)
            ent._.actor = actor
            mentions.append({
                "sentence_index": sent_index.get(ent.start, 0),
                "start_char": ent.start_char,
                "end_char": ent.end_char,
                "text": ent.text,
                "label": ent.label_,
                "actor_id": actor["actor_id"] if actor else None,
                "country": actor["country"] if actor else None,
                "sector": actor["sector"] if actor else None,
                "source_of_label": "gazetteer" if (ent.start, ent.end) in gazetteer else "model",
            })
            if actor and actor["actor_id"]:
                row = actors.setdefault(actor["actor_id"], {**actor, "aliases": []})
                if ent.text not in row["aliases"]:
                    row["aliases"].append(ent.text)
        doc._.mentions = mentions
        doc._.actors = list(actors.values())
        return doc


@Language.factory("newsevents_actors", default_config={"spans_key": GAZETTEER_KEY})
def make_actors(nlp: Language, name: str, spans_key: str) -> ActorResolver:
    """Actor resolution for every entity (after the NER)."""
    _register_extensions()
    return ActorResolver(nlp, name, spans_key)


def _date(value: Any) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _sentence_index(doc: Doc) -> dict[int, int]:
    if not (doc.has_annotation("SENT_START") or doc.has_annotation("DEP")):
        return {}
    out: dict[int, int] = {}
    for n, sent in enumerate(doc.sents):
        for tok in sent:
            out[tok.i] = n
    return out


def _as_dict(res: ActorResolution | None) -> dict[str, Any] | None:
    if res is None:
        return None
    return {"actor_id": res.actor_id, "name": res.name, "kind": res.kind,
            "country": res.country, "sector": res.sector}


def _title_prefix(ent: Span) -> list[Token]:
    """Titles and national modifiers right before a name: "Chinese Premier", "China's", "then"."""
    doc = ent.doc
    out: list[Token] = []
    i = ent.start - 1
    while i >= 0 and len(out) < 6:
        tok = doc[i]
        if tok.is_sent_end or tok.is_punct and tok.text not in {"-"}:
            break
        if tok.ent_type_ in {"PERSON", "ORG", "FAC"} and tok.ent_iob_ != "O":
            if not (doc[i + 1].text in {"'s", "’s"}):
                break
        if tok.ent_type_ in {"NORP", "GPE"} or tok.text in {"'s", "’s"} or tok.is_title or tok.is_upper:
            out.insert(0, tok)
            i -= 1
            continue
        break
    return out


def _apposition(ent: Span) -> list[Token]:
    """", the chairman of Nippon Steel Corp." after a name (its appositive noun phrase)."""
    root = ent.root
    for child in root.children:
        if child.dep_ == "appos" and child.i >= ent.end:
            skip = {t.i for c in child.children if c.dep_ in {"relcl", "acl"} for t in c.subtree}
            toks = [t for t in child.subtree if t.i not in skip and t.i >= ent.end]
            return toks
    if root.dep_ == "appos" and root.head.i < ent.start:
        head = root.head
        toks = [t for t in head.subtree if t.i < ent.start and t.i >= head.left_edge.i
                and not (t.ent_type_ == "PERSON" and t.i < head.i and t.head.i >= ent.start)]
        return [t for t in toks if not t.is_punct or t.text == "'s"]
    return []


def resolve_entity(ent: Span, lexicon: ActorLexicon, on: dt.date | None) -> ActorResolution | None:
    """Resolve one entity with its in-sentence context (titles before, apposition after)."""
    label = ent.label_
    if label in {"GPE", "LOC", "NORP", "FAC"}:
        res = resolve_words(span_words(ent), lexicon, on, None, text=ent.text)
        if res is None:
            return None
        if label == "NORP":
            if res.country and res.sector is None:
                return ActorResolution(res.country, res.name, "group", res.country, None, res.confidence)
            return res
        if res.sector == "GOV" and res.actor_id == f"{res.country}-GOV" and not _acts(ent):
            # a capital as a place ("visited Beijing") is the state's territory, not its government
            return ActorResolution(res.country, _state_name(res.country, lexicon), "state",
                                   res.country, None, res.confidence)
        return res
    prefix = _title_prefix(ent)
    words = span_words(prefix) + span_words(ent)
    appos = _apposition(ent) if label == "PERSON" else []
    if appos:
        words = words + [","] + span_words(appos)
    text = ent.text
    return resolve_words(words, lexicon, on, label if label in {"PERSON", "ORG"} else None, text=text)


def _state_name(country: str | None, lexicon: ActorLexicon) -> str:
    for e in lexicon.lookup(((country or "").lower(),)):
        if e.kind == "state":
            return e.name
    return country or ""


def _acts(ent: Span) -> bool:
    """The entity is the grammatical subject (so a capital stands for its government)."""
    return ent.root.dep_ in {"nsubj", "nsubjpass", "agent"}


SURNAME_MISLABELS = {"ORG", "GPE", "LOC", "NORP", "PRODUCT", "WORK_OF_ART", "FAC"}


def _relabel_surnames(doc: Doc) -> None:
    """A lone capitalised word that is the last name of a person named in full elsewhere in
    the article is that person ("Suella Braverman ... Braverman said"), whatever label the
    small model gave it (it often reads a bare surname as an organisation or a place)."""
    surnames = {e[-1].text for e in doc.ents if e.label_ == "PERSON" and len(e) >= 2
                and e[-1].text[:1].isupper() and e[-1].is_alpha}
    if not surnames:
        return
    changed = False
    ents = []
    for ent in doc.ents:
        if (ent.label_ in SURNAME_MISLABELS and len(ent) == 1 and ent.text in surnames
                and not any(e.kind == "state" for e in load_actor_lexicon().lookup((ent[0].lower_,)))):
            ent = Span(doc, ent.start, ent.end, label="PERSON")
            changed = True
        ents.append(ent)
    if changed:
        doc.ents = ents


def _inherit_sentence_country(
    resolved: list[tuple[Span, ActorResolution | None]], sent_index: dict[int, int],
) -> list[tuple[Span, ActorResolution | None]]:
    """An organisation or person with a sector but no country takes the country of the nearest
    earlier national mention in the same sentence ("China's National Development and Reform
    Commission, as well as the Commerce Ministry"). Lower confidence: it is a context guess."""
    out: list[tuple[Span, ActorResolution | None]] = []
    for n, (ent, res) in enumerate(resolved):
        if (res is not None and res.country is None and res.sector not in (None, "IGO", "NGO")
                and ent.label_ in {"ORG", "PERSON"}):
            sent = sent_index.get(ent.start, 0)
            for prev, pres in reversed(out[:n]):
                if sent_index.get(prev.start, 0) != sent:
                    break
                if pres is not None and pres.country:
                    actor_id = res.actor_id or f"{pres.country}-{res.sector}"
                    res = ActorResolution(actor_id, res.name, res.kind, pres.country, res.sector,
                                          round(res.confidence * 0.8, 3))
                    break
        out.append((ent, res))
    return out


def _share_within_document(
    resolved: list[tuple[Span, ActorResolution | None]],
) -> list[tuple[Span, ActorResolution | None]]:
    """Mentions of one actor share what any of them says: a later "Kishida" is the earlier
    "Prime Minister Fumio Kishida"; a country learnt from one mention fills the others."""
    people: dict[str, ActorResolution] = {}
    for ent, res in resolved:
        if res is not None and res.kind == "person" and res.actor_id and " " in res.name:
            people.setdefault(res.name.split()[-1].lower(), res)
    out: list[tuple[Span, ActorResolution | None]] = []
    for ent, res in resolved:
        if ent.label_ == "PERSON" and len(ent) == 1:
            full = people.get(ent.text.lower())
            if full is not None and (res is None or res.actor_id != full.actor_id):
                res = full
        out.append((ent, res))
    best: dict[str, ActorResolution] = {}
    for _, res in out:
        if res is None or not res.actor_id:
            continue
        cur = best.get(res.actor_id)
        score = (res.country is not None) + (res.sector is not None)
        if cur is None or score > (cur.country is not None) + (cur.sector is not None):
            best[res.actor_id] = res
    final: list[tuple[Span, ActorResolution | None]] = []
    for ent, res in out:
        if res is not None and res.actor_id and res.kind in {"person", "organisation", "group"}:
            b = best[res.actor_id]
            res = ActorResolution(res.actor_id, res.name, res.kind, res.country or b.country,
                                  res.sector or b.sector, res.confidence)
        final.append((ent, res))
    return final
