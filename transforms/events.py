"""Event coding: triggers from the CAMEO verb dictionary, parties from the dependency parse.

For each verb in a sentence the PETRARCH 2 verb dictionary (converted by
``scripts/build_lexicons_events.py``) gives a CAMEO code: the most specific phrase pattern whose
words follow (or precede) the verb in its own subtree, else the verb's or its block's default.
Nominal triggers ("talks", "visit", "ban", "detention") are events when a support verb carries
them ("hold talks", "impose a ban", "postponed their planned visit") or they stand as subjects
or objects of their own. The actor is the subject (or the agent of a passive), the recipient the
object or the right prepositional object, and a coordinated subject with no recipient
("X and Y did not hold talks") gives the reciprocal pair. Status comes from ``modality``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Sequence

from spacy.tokens import Doc, Span, Token

from transforms.modality import THREAT_VERBS, status_of, under_threat

REPORTING_VERBS = frozenset({"say", "tell", "report", "add", "state", "note", "write", "quote", "cite", "claim",
                             "according", "believe", "think", "know", "remark", "comment", "explain"})
LIGHT_VERBS = frozenset({"hold", "have", "make", "conduct", "stage", "launch", "carry", "pay", "take", "give",
                         "impose", "plan", "postpone", "delay", "shelve", "cancel", "scrap", "resume", "start",
                         "begin", "continue", "seek", "call", "announce", "agree", "host", "organize", "organise",
                         "attend", "join", "arrange", "schedule", "prepare", "propose", "defer", "suspend",
                         "complete", "end", "sign", "reach", "strike", "enact", "introduce", "slap", "extend"})
# Support verbs that only carry a nominal event: their own dictionary code is not an event here.
CARRIER_VERBS = frozenset({"hold", "have", "make", "conduct", "stage", "launch", "carry", "pay", "take", "give",
                           "plan", "postpone", "delay", "shelve", "cancel", "scrap", "resume", "start", "begin",
                           "continue", "schedule", "prepare", "arrange", "defer", "suspend", "complete", "attend",
                           "join", "organize", "organise", "end", "enact", "introduce", "extend", "be"})
RECIPIENT_PREPOSITIONS = ("with", "to", "against", "on", "toward", "towards", "into", "from")
CONFLICT_ROOTS = frozenset({"10", "11", "12", "13", "14", "15", "16", "17", "18", "19", "20"})
SUBJECT_DEPS = ("nsubj", "csubj")
# Pattern words are matched in the verb's own clause, not in clauses hanging off it.
CLAUSE_DEPS = frozenset({"ccomp", "advcl", "relcl", "conj", "parataxis", "xcomp", "acl"})
INTENT_VERBS = frozenset({"agree", "promise", "pledge", "vow", "offer", "undertake", "commit"})
PASSIVE_SUBJECT_DEPS = ("nsubjpass", "csubjpass")


@dataclass(frozen=True)
class NounTrigger:
    """A noun that names an event, with its CAMEO code (our own list; see ``NOUN_TRIGGERS``)."""

    code: str
    needs_carrier: bool = True


# Nouns that name events in news prose -> CAMEO code. Compiled here from the CAMEO codebook's
# category descriptions (not from the gold): the noun a wire story uses for each category.
NOUN_TRIGGERS: dict[str, NounTrigger] = {
    **{w: NounTrigger("040") for w in ("talk", "talks", "meeting", "consultation", "consultations", "negotiation",
                                       "negotiations", "summit", "chat", "dialogue", "exchange", "exchanges",
                                       "conversation", "discussion", "discussions", "conference")},
    **{w: NounTrigger("042") for w in ("visit", "trip", "tour", "mission")},
    **{w: NounTrigger("041") for w in ("call", "phone")},
    **{w: NounTrigger("163") for w in ("ban", "embargo", "sanction", "sanctions", "boycott", "blockade", "tariff",
                                       "tariffs")},
    **{w: NounTrigger("173", needs_carrier=False) for w in ("arrest", "detention", "detainment", "imprisonment")},
    **{w: NounTrigger("190") for w in ("attack", "assault", "offensive", "strike", "strikes", "raid", "bombing",
                                       "bombardment", "shelling", "airstrike", "airstrikes", "invasion")},
    **{w: NounTrigger("141") for w in ("protest", "protests", "demonstration", "demonstrations", "rally", "march")},
    **{w: NounTrigger("057") for w in ("agreement", "deal", "accord", "treaty", "pact")},
    **{w: NounTrigger("070") for w in ("aid", "assistance", "donation", "relief")},
    **{w: NounTrigger("112") for w in ("accusation", "accusations", "allegation", "allegations")},
    **{w: NounTrigger("111") for w in ("criticism", "condemnation", "opposition")},
    **{w: NounTrigger("100") for w in ("demand", "demands", "request", "appeal")},
    **{w: NounTrigger("130") for w in ("threat", "threats", "ultimatum", "warning")},
    **{w: NounTrigger("174") for w in ("deportation", "expulsion")},
}
# Verbs absent from (or without a default in) the dictionary that wire stories use for a
# category; our own additions, each the CAMEO category's plain-English verb.
SUPPLEMENTARY_VERBS: dict[str, str] = {
    "reject": "120", "refuse": "120", "decline": "120", "deny": "120", "rebuff": "120", "veto": "120",
    "pan": "111", "slam": "111", "criticise": "111", "blast": "111", "denounce": "111", "decry": "111",
    "urge": "020", "demand": "100", "call": "020", "press": "100", "sign": "057", "ink": "057",
    "sanction": "163", "detain": "173", "arrest": "173", "jail": "173", "deport": "174", "expel": "166",
    "bomb": "195", "shell": "195", "invade": "190", "kill": "190", "meet": "040", "visit": "042",
    "host": "043", "welcome": "043", "oppose": "110", "protest": "141",
}
# Verb + object phrases the dictionary codes as something else, with the CAMEO category the
# phrase names ("exchange views" is a consultation, not trade).
SUPPLEMENTARY_PHRASES: dict[tuple[str, str], str] = {
    **{(verb, noun): "040" for verb in ("exchange", "share", "swap") for noun in ("view", "opinion", "idea")},
    ("hold", "talk"): "040", ("pay", "visit"): "042", ("make", "visit"): "042",
}
STATUS_CONFIDENCE = {"asserted": 1.0, "negated": 0.95, "planned": 0.9, "postponed": 0.95, "cancelled": 0.95,
                     "hypothetical": 0.8}


@dataclass
class Party:
    """A resolved actor or recipient: its text span and resolution dict (or None)."""

    span: Span
    actor: dict[str, Any] | None


Resolver = Callable[[Span], dict[str, Any] | None]


class VerbLexicon:
    """The CAMEO verb dictionary in memory: lemma -> code by best-matching pattern."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.synsets = {name: frozenset(words) for name, words in data["synsets"].items()}
        self.verbs: dict[str, tuple[str, str | None]] = {k: (v[0], v[1]) for k, v in data["verbs"].items()}
        self.blocks = data["blocks"]

    def _word_matches(self, pattern_word: str, token: Token) -> bool:
        if pattern_word.startswith("&"):
            members = self.synsets.get(pattern_word, frozenset())
            return token.lemma_.lower() in members or token.lower_ in members
        return pattern_word in (token.lower_, token.lemma_.lower())

    def _in_order(self, words: Sequence[str], tokens: Sequence[Token]) -> bool:
        position = 0
        for word in words:
            while position < len(tokens) and not self._word_matches(word, tokens[position]):
                position += 1
            if position == len(tokens):
                return False
            position += 1
        return True

    def code_for(self, verb: Token) -> tuple[str | None, int]:
        """(CAMEO code, number of pattern words matched) for a verb token; code None = no event."""
        lemma = verb.lemma_.lower()
        particle = next((c.lower_ for c in verb.children if c.dep_ == "prt"), None)
        entry = self.verbs.get(f"{lemma} {particle}") if particle else None
        entry = entry or self.verbs.get(lemma)
        objects = {c.lemma_.lower() for c in verb.children if c.dep_ == "dobj"}
        for (verb_lemma, object_lemma), code in SUPPLEMENTARY_PHRASES.items():
            if lemma == verb_lemma and object_lemma in objects:
                return code, 2
        if entry is None:
            return SUPPLEMENTARY_VERBS.get(lemma), 0
        block_name, own_code = entry
        block = self.blocks.get(block_name, {})
        inside_clauses = {t.i for c in verb.children if c.dep_ in CLAUSE_DEPS for t in c.subtree}
        subtree = [t for t in verb.subtree if not t.is_punct and t.i not in inside_clauses]
        after = [t for t in subtree if t.i > verb.i][:12]
        before = [t for t in verb.sent if t.i < verb.i][-6:]
        best: tuple[int, str | None] | None = None
        for before_words, after_words, code in block.get("patterns", []):
            if not before_words and not after_words:
                continue
            if after_words and not self._in_order(after_words, after):
                continue
            if before_words and not self._in_order(before_words, before):
                continue
            score = len(before_words) + len(after_words)
            if best is None or score > best[0]:
                best = (score, code)
        if best is not None:
            return best[1], best[0]
        if lemma in INTENT_VERBS and any(c.dep_ == "xcomp" for c in verb.children):
            return "030", 0  # "agreed to / promised to / offered to <act>": CAMEO 03, intent to cooperate
        if own_code == "none":
            return None, 0
        return own_code or block.get("default") or SUPPLEMENTARY_VERBS.get(lemma), 0


class Codebook:
    """CAMEO codes with Goldstein and quad class, and the CAMEO -> PLOVER 2021 mapping."""

    # Deviations from cameo2plover_2021.csv, each following the PLOVER codebook's definition:
    # embargoes, boycotts and sanctions (163) are SANCTION there; appeals (02x) are REQUEST.
    PLOVER_OVERRIDES = {"163": ("SANCTION", None)}
    PLOVER_PREFIX_FALLBACK = {"02": ("REQUEST", None)}

    def __init__(self, codes: Iterable[dict[str, str]], plover: Iterable[dict[str, str]]) -> None:
        self.codes = {r["code"]: (float(r["goldstein"]), int(r["quad_class"]), r["label"]) for r in codes}
        self.plover = {r["cameo_code"]: (r["plover_event"], r["plover_mode"] or None) for r in plover}

    def plover_for(self, code: str) -> tuple[str, str | None] | None:
        if code in self.PLOVER_OVERRIDES:
            return self.PLOVER_OVERRIDES[code]
        for length in (len(code), 3, 2):
            key = code[:length]
            if key in self.plover:
                return self.plover[key]
        return self.PLOVER_PREFIX_FALLBACK.get(code[:2])

    def normalise(self, code: str) -> str | None:
        """A dictionary code the codebook knows (trailing digits trimmed when it does not)."""
        while code and code not in self.codes:
            code = code[:-1]
        return code if len(code) >= 2 else None

    def describe(self, code: str) -> dict[str, Any] | None:
        code = self.normalise(code) or ""
        plover = self.plover_for(code) if code else None
        if not code or plover is None:
            return None
        goldstein, quad, _ = self.codes[code]
        return {"cameo_code": code, "cameo_root": code[:2], "event_type": plover[0], "mode": plover[1],
                "goldstein": goldstein, "quad_class": quad}


# -- parties ----------------------------------------------------------------------------------
def noun_phrase(token: Token) -> Span:
    """The phrase a party token heads, without its clauses (relative, adverbial, complement)."""
    doc = token.doc
    dropped: set[int] = set()
    for child in token.children:
        if child.dep_ in ("relcl", "acl", "advcl", "ccomp", "cc", "conj", "punct") and child.i > token.i:
            dropped.update(t.i for t in child.subtree)
    kept = [t.i for t in token.subtree if t.i not in dropped]
    start, end = min(kept), max(kept) + 1
    span = doc[start:min(end, start + 16)]
    while len(span) > 1 and (span[-1].is_punct or span[-1].dep_ == "cc"):
        span = doc[span.start:span.end - 1]
    return span


def conjuncts(token: Token) -> list[Token]:
    return [token] + [c for c in token.conjuncts if c.i != token.i]


def subject_of(verb: Token) -> tuple[Token | None, bool]:
    """(subject token, passive?) climbing through xcomp/conj/advcl chains that share a subject."""
    current = verb
    for _ in range(4):
        for child in current.children:
            if child.dep_ in SUBJECT_DEPS:
                return child, False
            if child.dep_ in PASSIVE_SUBJECT_DEPS:
                agent = next((g for c in current.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"), None)
                return agent, True
        if current.dep_ in ("xcomp", "conj", "advcl", "acl") and current.head.i != current.i:
            if current.dep_ == "acl" and current.head.pos_ in ("NOUN", "PROPN"):
                return current.head, False
            current = current.head
            continue
        break
    return None, False


def antecedent(subject: Token) -> Token | None:
    """The party a pronoun subject stands for, where the syntax says it.

    "Japan said it had halted aid": a pronoun subject of a clause reported by *say* is (nearly
    always, in wire copy) the reporter; "rebels, who attacked": a relative pronoun is the noun the
    clause hangs on. Other pronouns are left unresolved rather than guessed.
    """
    if subject.pos_ != "PRON":
        return subject
    if subject.lower_ in ("who", "which", "that"):
        clause = next((a for a in subject.ancestors if a.dep_ == "relcl"), None)
        return clause.head if clause is not None else None
    for ancestor in subject.ancestors:
        if ancestor.lemma_.lower() in REPORTING_VERBS | {"announce", "warn", "insist", "confirm", "threaten", "vow"}:
            reporter = next((c for c in ancestor.children if c.dep_ in SUBJECT_DEPS), None)
            if reporter is not None and reporter.pos_ != "PRON":
                return reporter
    return None


def clause_initial_party(verb: Token) -> Token | None:
    """A fronted party the parser did not attach as subject ('Beijing, staunchly opposed to X, has imposed')."""
    for token in verb.sent:
        if token.i >= verb.i:
            break
        if token.dep_ in ("npadvmod", "nsubj", "dep", "appos") and token.pos_ in ("PROPN", "NOUN") \
                and (token.head.i == verb.i or token.head.head.i == verb.i):
            return token
    return None


def prepositional_objects(token: Token, prepositions: Sequence[str] = RECIPIENT_PREPOSITIONS) -> list[Token]:
    found = []
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in prepositions:
            found.extend(g for g in child.children if g.dep_ == "pobj")
    return found


def modifier_parties(token: Token) -> list[Token]:
    """Nationality/possessor words inside an object phrase: 'ban on Japanese seafood imports'."""
    out = []
    for t in token.subtree:
        if t.dep_ in ("amod", "compound", "poss", "nmod") and (t.ent_type_ in ("NORP", "GPE", "ORG") or t.pos_ == "PROPN"):
            out.append(t)
    return out


def resolve_first(tokens: Iterable[Token], resolve: Resolver) -> Party | None:
    for token in tokens:
        span = noun_phrase(token)
        actor = resolve(span)
        if actor and (actor.get("country") or actor.get("sector")):
            return Party(span, actor)
    return None


def coordinated_parties(head: Token, resolve: Resolver) -> list[Party]:
    """Each conjunct of a phrase as a party: the phrase itself, else a nationality or possessor
    inside it ('Japanese seafood imports' -> JPN)."""
    parties = []
    for token in conjuncts(head):
        party = resolve_first([token], resolve)
        if party is None:
            party = next(filter(None, (resolve_token_exact(m, resolve) for m in modifier_parties(token))), None)
        if party is not None:
            parties.append(party)
    return parties


def resolve_token_exact(token: Token, resolve: Resolver) -> Party | None:
    doc = token.doc
    ent = next((e for e in doc.ents if e.start <= token.i < e.end), None)
    span = ent if ent is not None else doc[token.i:token.i + 1]
    actor = resolve(span)
    if actor and (actor.get("country") or actor.get("sector")):
        return Party(span, actor)
    return None


def recipients_for(trigger: Token, carrier: Token | None, resolve: Resolver, root: str = "") -> list[Party]:
    """Candidates in order of preference, each a resolved party.

    "on"/"against" name a target only for conflictual events ("a ban on imports", "an attack
    on"); for cooperative ones they usually name a topic or an occasion ("talks on the fringes").
    """
    prepositions = RECIPIENT_PREPOSITIONS if root in CONFLICT_ROOTS else ("with", "to", "toward", "towards", "into")
    candidates: list[Token] = []
    heads = [trigger] + ([carrier] if carrier is not None else [])
    for head in heads:
        candidates.extend(c for c in head.children if c.dep_ in ("dobj", "dative", "attr", "oprd") and c.i != trigger.i)
        candidates.extend(prepositional_objects(head, prepositions))
    for candidate in list(candidates):
        candidates.extend(prepositional_objects(candidate, ("of", "by", "from", "on", "with", "to")))
    parties = [party for candidate in candidates for party in coordinated_parties(candidate, resolve)]
    if trigger.pos_ in ("NOUN", "PROPN"):
        for modifier in (c for c in trigger.children if c.dep_ in ("poss", "amod", "compound")):
            party = resolve_token_exact(modifier, resolve)
            if party is not None:
                parties.append(party)
    if not parties:
        parties = deep_objects(trigger, carrier, resolve)
    return parties


def deep_objects(trigger: Token, carrier: Token | None, resolve: Resolver) -> list[Party]:
    """Objects further down the clause ('promised to continue military aid to Mozambique')."""
    verb = carrier if carrier is not None else trigger
    found: list[Party] = []
    for token in verb.subtree:
        if token.i <= verb.i and token.i != trigger.i:
            continue
        if token.dep_ in ("dobj", "pobj", "dative") and not any(
                a.dep_ in ("relcl", "advcl", "ccomp") for a in token.ancestors if verb.i != a.i and verb in a.ancestors):
            if token.head.dep_ == "prep" and token.head.lower_ in ("in", "at", "during", "since", "until", "for", "about", "over", "after", "before"):
                continue
            party = resolve_first([token], resolve)
            if party is not None:
                found.append(party)
                break
    return found


def actors_for(trigger: Token, carrier: Token | None, resolve: Resolver) -> list[Party]:
    """The source parties: subject(s) of the verb (or of the carrier verb for a nominal trigger)."""
    verb = carrier if carrier is not None else trigger
    parties: list[Party] = []
    if trigger.pos_ in ("NOUN", "PROPN"):
        by_agents = prepositional_objects(trigger, ("by",))
        for token in by_agents:
            party = resolve_first([token], resolve)
            if party:
                parties.append(party)
        if parties:
            return parties
    subject, _passive = subject_of(verb) if verb.pos_ in ("VERB", "AUX") or verb.dep_ == "ROOT" else (None, False)
    if subject is None and trigger.pos_ in ("NOUN", "PROPN") and carrier is None:
        for modifier in (c for c in trigger.children if c.dep_ == "poss"):
            party = resolve_token_exact(modifier, resolve)
            if party:
                return [party]
        return []
    if subject is not None:
        subject = antecedent(subject)
    if subject is None:
        subject = clause_initial_party(verb)
    if subject is None:
        return []
    return parties + coordinated_parties(subject, resolve)


# -- triggers ---------------------------------------------------------------------------------
def _is_reporting(token: Token) -> bool:
    return token.lemma_.lower() in REPORTING_VERBS


def carrier_of(noun: Token) -> Token | None:
    """The support verb that carries a nominal trigger ('hold talks', 'impose a ban on')."""
    head = noun.head
    if noun.dep_ in ("dobj", "nsubjpass", "attr") and head.pos_ in ("VERB", "AUX"):
        return head
    if noun.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ == "VERB" and head.lower_ in ("for", "into"):
        return head.head
    if noun.dep_ == "conj":
        return carrier_of(noun.head)
    return None


def find_triggers(sentence: Span, verbs: VerbLexicon) -> list[tuple[Token, Token | None, str, int]]:
    """(trigger, carrier verb or None, CAMEO code, pattern specificity) in the sentence."""
    found: list[tuple[Token, Token | None, str, int]] = []
    carried: set[int] = set()
    for token in sentence:
        if token.pos_ in ("NOUN", "PROPN"):
            trigger = NOUN_TRIGGERS.get(token.lower_) or NOUN_TRIGGERS.get(token.lemma_.lower())
            if trigger is None or token.ent_type_ in ("ORG", "GPE", "PERSON", "DATE", "NORP"):
                continue
            carrier = carrier_of(token)
            if carrier is not None and carrier.lemma_.lower() not in LIGHT_VERBS | CARRIER_VERBS:
                carrier = None
            if carrier is None and trigger.needs_carrier:
                continue
            found.append((token, carrier, trigger.code, 1))
            if carrier is not None and carrier.lemma_.lower() in CARRIER_VERBS | LIGHT_VERBS:
                carried.add(carrier.i)
    for token in sentence:
        if token.pos_ != "VERB" or token.i in carried or _is_reporting(token):
            continue
        if token.dep_ == "amod":  # "the planned visit": a modifier, not an event
            continue
        code, score = verbs.code_for(token)
        if code is None:
            continue
        if token.lemma_.lower() in CARRIER_VERBS and score == 0:
            continue
        found.append((token, None, code, score))
    return found


def code_events(
    sentence: Span,
    *,
    sentence_index: int,
    verbs: VerbLexicon,
    codebook: Codebook,
    resolve: Resolver,
    date_for: Callable[[Span, Token, str], dict[str, Any]] | None = None,
    place_for: Callable[[Span, Token, Sequence[str]], dict[str, Any] | None] | None = None,
) -> list[dict[str, Any]]:
    """All event rows (``Doc._.events`` dicts) a sentence asserts, denies, plans or postpones."""
    rows: list[dict[str, Any]] = []
    for trigger, carrier, code, score in find_triggers(sentence, verbs):
        description = codebook.describe(code)
        if description is None:
            continue
        if under_threat(trigger) and trigger.lemma_.lower() not in THREAT_VERBS:
            continue
        status = status_of(trigger, carrier)
        sources = actors_for(trigger, carrier, resolve)
        if not sources:
            continue
        targets = recipients_for(trigger, carrier, resolve, description["cameo_root"])
        pairs: list[tuple[Party, Party | None]] = []
        source_countries = {p.actor.get("country") for p in sources}
        targets = [t for t in targets if t.span.start not in {s.span.start for s in sources}]
        if len(sources) > 1 and len({(p.actor.get("country"), p.actor.get("sector")) for p in sources}) > 1:
            # "X and Y held talks": each is the other's counterpart
            pairs = [(a, b) for a in sources for b in sources if a is not b]
        elif targets:
            target = targets[0]
            pairs = [(s, target) for s in sources if s.actor.get("country") != target.actor.get("country")
                     or s.actor.get("sector") != target.actor.get("sector")]
        elif len(sources) > 1:
            pairs = [(a, b) for a in sources for b in sources if a is not b]
        else:
            pairs = [(sources[0], None)]
        if not pairs:
            continue
        date = date_for(sentence, trigger, status) if date_for else {"event_date": None, "date_precision": "unknown", "date_text": None}
        preferred = [c for c in source_countries if c]
        place = place_for(sentence, trigger, preferred) if place_for else None
        trigger_span = sentence.doc[trigger.i:trigger.i + 1]
        for source, target in pairs:
            confidence = 0.55 + 0.15 * min(score, 2) / 2
            confidence += 0.15 if target is not None else 0.0
            confidence *= STATUS_CONFIDENCE[status]
            rows.append({
                "sentence_index": sentence_index,
                "evidence_start": sentence.start_char,
                "evidence_end": sentence.end_char,
                "trigger": trigger_span.text,
                "trigger_start": trigger_span.start_char,
                "trigger_end": trigger_span.end_char,
                **description,
                "actor_text": source.span.text,
                "actor_id": source.actor.get("actor_id"),
                "actor_country": source.actor.get("country"),
                "actor_sector": source.actor.get("sector"),
                "recipient_text": target.span.text if target else None,
                "recipient_id": target.actor.get("actor_id") if target else None,
                "recipient_country": target.actor.get("country") if target else None,
                "recipient_sector": target.actor.get("sector") if target else None,
                "location_text": place.get("location_text") if place else None,
                "location_country": place.get("location_country") if place else None,
                "latitude": place.get("latitude") if place else None,
                "longitude": place.get("longitude") if place else None,
                **date,
                "status": status,
                "confidence": round(min(confidence, 1.0), 3),
            })
    return rows
