"""Event coding: triggers from the CAMEO verb dictionary, parties from the dependency parse.

For each verb in a sentence the PETRARCH 2 verb dictionary (converted by
``scripts/build_lexicons_events.py``) gives a CAMEO code: the most specific phrase pattern whose
words follow (or precede) the verb in its own subtree, else the verb's or its block's default.
Nominal triggers ("talks", "visit", "ban", "detention") are events when a support verb carries
them ("hold talks", "impose a ban", "postponed their planned visit") or they stand as subjects
or objects of their own. The actor is the subject (or the agent of a passive), the recipient the
object or the right prepositional object, and a coordinated subject with no recipient
("X and Y did not hold talks") gives the reciprocal pair. Status comes from ``modality``.

A sentence's events are those of its main clause (reported speech counts as main): relative,
adverbial and complement clauses give background, and a participle that only elaborates the
main act ("opened fire, killing one") is not a second event. "X said Y must do Z" is X's demand
on Y. Parties named without a country take it from their own phrase or the event's place.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Sequence

from spacy.tokens import Doc, Span, Token

from transforms.entity_index import doc_entities, entities_within
from transforms.modality import THREAT_VERBS, status_of, under_threat

REPORTING_VERBS = frozenset({"say", "tell", "report", "add", "state", "note", "write", "quote", "cite", "claim",
                             "according", "believe", "think", "know", "remark", "comment", "explain"})
LIGHT_VERBS = frozenset({"hold", "have", "make", "conduct", "stage", "launch", "carry", "pay", "take", "give", "put",
                         "place", "open", "order",
                         "impose", "plan", "postpone", "delay", "shelve", "cancel", "scrap", "resume", "start",
                         "begin", "continue", "seek", "call", "announce", "agree", "host", "organize", "organise",
                         "attend", "join", "arrange", "schedule", "prepare", "propose", "defer", "suspend",
                         "complete", "end", "sign", "reach", "strike", "enact", "introduce", "slap", "extend"})
# Support verbs that only carry a nominal event: their own dictionary code is not an event here.
CARRIER_VERBS = frozenset({"hold", "have", "make", "conduct", "stage", "launch", "carry", "pay", "take", "give",
                           "plan", "postpone", "delay", "shelve", "cancel", "scrap", "resume", "start", "begin",
                           "continue", "schedule", "prepare", "arrange", "defer", "suspend", "complete", "attend",
                           "join", "organize", "organise", "end", "enact", "introduce", "extend", "be", "go"})
RECIPIENT_PREPOSITIONS = ("with", "to", "against", "on", "toward", "towards", "into", "from")
CONFLICT_ROOTS = frozenset({"10", "11", "12", "13", "14", "15", "16", "17", "18", "19", "20"})
SUBJECT_DEPS = ("nsubj", "csubj")
# Pattern words are matched in the verb's own clause, not in clauses hanging off it.
CLAUSE_DEPS = frozenset({"ccomp", "advcl", "relcl", "conj", "parataxis", "xcomp", "acl"})
INTENT_VERBS = frozenset({"agree", "promise", "pledge", "vow", "offer", "undertake", "commit"})
# Support verbs whose object names the event ("issued a warning"), with no event of their own.
ISSUING_VERBS = frozenset({"issue", "deliver", "send", "voice", "express", "lodge", "file"})
# Verbs that put a statement on record; "X said Y must do Z" is X demanding it of Y.
STATING_VERBS = frozenset({"say", "tell", "state", "reiterate", "insist", "stress", "declare", "repeat", "add",
                           "emphasise", "emphasize", "argue", "maintain"})
# "must" lays a demand (CAMEO 10), "should"/"ought to" an appeal (02); both are PLOVER REQUEST.
OBLIGATION_AUX = {"must": "100", "should": "020", "ought": "020"}
# Cancelling a meeting or a visit reduces relations (CAMEO 161 usage: "cancellation of meetings");
# cancelling negotiations halts them (164).
CANCELLED_MEETING_CODES = {"040": "161", "041": "161", "042": "161", "043": "161", "044": "161", "045": "165",
                           "046": "164"}
# CAMEO codes the codebook calls reciprocal: 041 "Discuss by telephone ... typically a reciprocal event".
RECIPROCAL_CODES = frozenset({"041"})
# Roots of acts two coordinated subjects do with each other ("X and Y agreed / held talks /
# cooperated"); for the others ("X and Y protested / attacked") each subject is an actor.
JOINT_ROOTS = frozenset({"03", "04", "05", "06"})
# Acts that only a state's authorities carry out: an arrest, detention or investigation with no
# named agent is theirs (CAMEO 09 investigate, 17 coerce).
STATE_ACT_ROOTS = frozenset({"09", "17"})
PASSIVE_SUBJECT_DEPS = ("nsubjpass", "csubjpass")
# Pattern words that are prepositions: the dictionary's "(TO)", "(ON X)" mean a prepositional
# phrase of the verb, so they match a preposition, never the infinitive "to" or a date ("on Tuesday").
PATTERN_PREPOSITIONS = frozenset({"to", "on", "in", "for", "of", "with", "against", "from", "into", "by", "over",
                                  "at", "as", "about", "toward", "towards", "across", "behind", "under", "through",
                                  "between", "among", "upon", "after", "before", "during", "within", "without"})
TEMPORAL_ENTS = frozenset({"DATE", "TIME"})
# Sectors of groups that act inside their own society (CAMEO agent codes).
NON_STATE_SECTORS = frozenset({"OPP", "PTY", "LAB", "CVL", "REB", "REL", "EDU", "MED", "BUS", "ELI"})
# Arcs that open a subordinate clause: its event is background to the clause above it (a
# relative clause describing a party, a participle elaborating the main act, the content of a
# demand). Reported speech is not subordinate: what "X said" introduces is the news itself.
SUBORDINATE_DEPS = frozenset({"advcl", "relcl", "acl", "ccomp", "xcomp", "pcomp", "csubj", "csubjpass"})
# Verbs of deciding: "decided to postpone the visit" reports the postponement, so the decided
# act is the event and the decision verb codes none of its own (unlike "agreed to", an intent).
DECISION_VERBS = frozenset({"decide", "choose", "opt", "elect", "resolve"})


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
    **{w: NounTrigger("043") for w in ("welcome", "reception")},
    **{w: NounTrigger("150") for w in ("exercise", "exercises", "drill", "drills", "maneuvers", "manoeuvres",
                                       "games")},
    **{w: NounTrigger("041") for w in ("call", "phone")},
    **{w: NounTrigger("163") for w in ("ban", "embargo", "sanction", "sanctions", "boycott", "blockade", "tariff",
                                       "tariffs")},
    **{w: NounTrigger("173", needs_carrier=False) for w in ("arrest", "detention", "detainment", "imprisonment")},
    **{w: NounTrigger("190") for w in ("attack", "assault", "offensive", "strike", "strikes", "raid", "bombing",
                                       "bombardment", "shelling", "airstrike", "airstrikes", "invasion")},
    **{w: NounTrigger("141") for w in ("protest", "protests", "demonstration", "demonstrations", "rally", "march")},
    **{w: NounTrigger("145") for w in ("riot", "riots", "rioting")},
    **{w: NounTrigger("057") for w in ("agreement", "deal", "accord", "treaty", "pact")},
    **{w: NounTrigger("070") for w in ("aid", "assistance", "donation", "relief")},
    **{w: NounTrigger("112") for w in ("accusation", "accusations", "allegation", "allegations")},
    **{w: NounTrigger("090") for w in ("investigation", "investigations", "probe", "inquiry", "inquest")},
    **{w: NounTrigger("111") for w in ("criticism", "condemnation", "opposition")},
    **{w: NounTrigger("100") for w in ("demand", "demands", "request", "appeal")},
    **{w: NounTrigger("130") for w in ("threat", "threats", "ultimatum", "warning")},
    **{w: NounTrigger("174") for w in ("deportation", "expulsion")},
}
# A "strike" is a labour protest, not a military strike, when its modifiers or its support
# verb say so (CAMEO 142 "Conduct hunger strike", 143 "Conduct strike or boycott").
HUNGER_STRIKE_WORDS = frozenset({"hunger"})
LABOUR_STRIKE_WORDS = frozenset({"general", "labour", "labor", "worker", "workers", "union", "nationwide", "national",
                                 "indefinite", "open-ended", "warning", "token", "wildcat", "sit-down", "transport",
                                 "teachers", "doctors"})
LABOUR_STRIKE_CARRIERS = frozenset({"stage", "organize", "organise", "call", "hold", "begin", "start", "go", "end",
                                    "continue", "join"})
MILITARY_EXERCISE_WORDS = frozenset({"military", "naval", "joint", "air", "army", "war", "combat", "live-fire",
                                     "amphibious", "missile", "nuclear"})
# Verbs that report that a named event goes on: "riots continued", "fighting erupted".
ASPECTUAL_VERBS = frozenset({"continue", "resume", "erupt", "begin", "start", "spread", "intensify", "escalate",
                             "persist", "break", "rage", "flare"})
KNOWN_SUPPORT_VERBS = LIGHT_VERBS | CARRIER_VERBS | ISSUING_VERBS | ASPECTUAL_VERBS | LABOUR_STRIKE_CARRIERS
# CAMEO codebook categories named by a verb the dictionary files under a broader default
# (codebook 115 "Bring lawsuit against: sue").
CODEBOOK_VERBS: dict[str, str] = {"sue": "115"}
# Verbs the dictionary files in a block whose default names a rarer sense ("face" under
# meeting, "come" under arrival-as-consultation, "lead" under management-as-cooperation):
# they code only through a phrase pattern ("face pressure", "come under attack").
PATTERN_ONLY_VERBS = frozenset({"face", "come", "go", "head", "lead", "control"})
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
    ("stop", "work"): "143", ("down", "tool"): "143",  # a work stoppage is a strike (CAMEO 143)
    # cutting aid (CAMEO 162 "reductions or terminations of aid")
    **{(verb, noun): "162" for verb in ("reduce", "cut", "halt", "suspend", "stop", "withhold", "freeze", "end")
       for noun in ("aid", "assistance", "supply", "supplies", "funding", "loan", "loans")},
    # meeting or accepting demands is yielding (CAMEO 08)
    **{(verb, noun): "080" for verb in ("meet", "accept", "satisfy", "grant") for noun in ("demand", "demands")},
    # handing weapons to another party is military aid (CAMEO 072: "including arms and personnel")
    **{(verb, noun): "072" for verb in ("send", "ship", "supply", "deliver", "sell", "provide", "give")
       for noun in ("arm", "arms", "weapon", "weapons", "ammunition")},
}
STATUS_CONFIDENCE = {"asserted": 1.0, "negated": 0.95, "planned": 0.9, "postponed": 0.95, "cancelled": 0.95,
                     "hypothetical": 0.8}


@dataclass
class Party:
    """A resolved actor or recipient: its text span and resolution dict (or None)."""

    span: Span
    actor: dict[str, Any] | None


Resolver = Callable[[Span], dict[str, Any] | None]


@dataclass(frozen=True)
class PatternToken:
    """The strings of a token that dictionary pattern words are compared with."""

    lower: str
    lemma: str
    is_phrase_preposition: bool

    @classmethod
    def of(cls, token: Token) -> "PatternToken":
        lower = token.lower_
        return cls(lower, token.lemma_.lower(), lower in PATTERN_PREPOSITIONS and is_phrase_preposition(token))


class VerbLexicon:
    """The CAMEO verb dictionary in memory: lemma -> code by best-matching pattern."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.synsets = {name: frozenset(words) for name, words in data["synsets"].items()}
        self.verbs: dict[str, tuple[str, str | None]] = {k: (v[0], v[1]) for k, v in data["verbs"].items()}
        self.blocks = data["blocks"]
        # per block, each pattern with its literal words as a set: most patterns are ruled out by
        # one subset test against the words near the verb, before any ordered matching
        self.patterns: dict[str, list[tuple[list[str], list[str], str, frozenset[str]]]] = {
            name: [(before, after, code, frozenset(w for w in before + after if not w.startswith("&")))
                   for before, after, code in block.get("patterns", []) if before or after]
            for name, block in self.blocks.items()
        }

    def _word_matches(self, pattern_word: str, word: "PatternToken") -> bool:
        if pattern_word.startswith("&"):
            members = self.synsets.get(pattern_word, frozenset())
            return word.lemma in members or word.lower in members
        if pattern_word in PATTERN_PREPOSITIONS:
            return word.lower == pattern_word and word.is_phrase_preposition
        return pattern_word == word.lower or pattern_word == word.lemma

    def _in_order(self, words: Sequence[str], tokens: Sequence["PatternToken"]) -> bool:
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
        if lemma in CODEBOOK_VERBS:  # the codebook names this verb for its category, whatever the phrase
            return CODEBOOK_VERBS[lemma], 1
        if entry is None:
            return SUPPLEMENTARY_VERBS.get(lemma), 0
        block_name, own_code = entry
        block = self.blocks.get(block_name, {})
        subtree = own_clause(verb)
        # token strings computed once per verb: the dictionary has hundreds of patterns per block
        after = [PatternToken.of(t) for t in subtree if t.i > verb.i][:12]
        before = [PatternToken.of(t) for t in left_context(verb)]
        present = {w.lower for w in after + before} | {w.lemma for w in after + before}
        best: tuple[int, str | None] | None = None
        for before_words, after_words, code, literals in self.patterns.get(block_name, []):
            if not literals <= present:
                continue  # a literal word of the pattern is nowhere near the verb
            if after_words and not self._in_order(after_words, after):
                continue
            if before_words and not self._in_order(before_words, before):
                continue
            score = len(before_words) + len(after_words)
            if best is None or score > best[0]:
                best = (score, code)
        if best is not None:
            return best[1], best[0]
        if lemma in INTENT_VERBS and any(c.dep_ in ("xcomp", "ccomp") for c in verb.children):
            # "agreed to / promised to <act>", "agreed that they should <act>": CAMEO 03, intent to cooperate
            return "030", 0
        if own_code == "none" or (own_code is None and lemma in PATTERN_ONLY_VERBS):
            return None, 0
        return own_code or block.get("default") or SUPPLEMENTARY_VERBS.get(lemma), 0


def is_phrase_preposition(token: Token) -> bool:
    """A preposition heading a phrase that is not a time expression ('on Tuesday', 'in March')."""
    if token.pos_ not in ("ADP", "PART") or token.dep_ == "aux":
        return False
    objects = [c for c in token.children if c.dep_ == "pobj"]
    return not any(o.ent_type_ in TEMPORAL_ENTS for o in objects)


def own_clause(verb: Token) -> list[Token]:
    """The verb's subtree without any clause embedded in it (its own or its objects' relative,
    adverbial and complement clauses): dictionary patterns describe the verb's own phrase."""
    subtree = list(verb.subtree)
    embedded = [t for t in subtree if t.i != verb.i and t.dep_ in CLAUSE_DEPS
                and (t.head.i == verb.i or t.dep_ != "conj" or t.pos_ in ("VERB", "AUX"))]
    dropped = {d.i for t in embedded for d in t.subtree}
    return [t for t in subtree if not t.is_punct and t.i not in dropped]


def left_context(verb: Token) -> list[Token]:
    """Words a 'before' pattern may match: the verb's own left dependents (its subject head,
    auxiliaries, adverbs) and the modifiers of its subject head ('military forces advanced'),
    not whatever precedes it in the sentence ('riots against military policies continued')."""
    tokens: list[Token] = []
    for child in verb.children:
        if child.i >= verb.i:
            continue
        tokens.append(child)
        if child.dep_ in SUBJECT_DEPS + PASSIVE_SUBJECT_DEPS:
            heads = [child] + prepositional_objects(child, ("of",))  # "a patch of peacekeeping troops"
            for head in heads:
                tokens.append(head)
                tokens.extend(c for c in head.children if c.dep_ in ("compound", "amod", "nmod") and c.i < head.i)
    if verb.dep_ in ("amod", "acl") and verb.head.i > verb.i:
        tokens.append(verb.head)
    return sorted(tokens, key=lambda t: t.i)


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


def agent_from_event_noun(verb: Token, resolve: Resolver) -> Party | None:
    """'were killed in Israeli shelling': a passive with no agent names its doer in the event noun
    it happened in or by (the nationality or possessor on 'shelling', 'attack', 'raid')."""
    nouns = prepositional_objects(verb, ("in", "by", "during"))
    nouns += [c for c in verb.children if c.dep_ in ("advcl", "pcomp") and c.i > verb.i]  # parser's 'in shelling'
    for noun in nouns:
        if noun.lower_ not in NOUN_TRIGGERS and noun.lemma_.lower() not in NOUN_TRIGGERS:
            continue
        # the words right before the noun ("in Israeli tank shelling"), whatever the parser attached them to
        for k in range(noun.i - 1, max(verb.i, noun.i - 4), -1):
            modifier = noun.doc[k]
            if modifier.pos_ in ("ADP", "VERB", "PUNCT"):
                break
            party = resolve_token_exact(modifier, resolve)
            if party is not None:
                return party
    return None


def clause_initial_party(verb: Token) -> Token | None:
    """A fronted party the parser did not attach as subject ('Beijing, staunchly opposed to X, has imposed').

    A dateline ('GAZA CITY, Palestinian Territories: ...') is where the story was filed, not a party.
    """
    dateline_end = max((t.i for t in verb.sent if t.i < verb.i and t.text in (":", "--", "—")), default=-1)
    for token in verb.sent:
        if token.i <= dateline_end:
            continue
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
            parties.extend(split_by_nationality(token, party, resolve))
    return parties


def split_by_nationality(token: Token, party: Party, resolve: Resolver) -> list[Party]:
    """'Hungarian and Romanian officials', 'French and Egyptian warships': coordinated
    nationalities on one head noun are two parties of the same kind, one per country."""
    for modifier in token.children:
        if modifier.dep_ not in ("amod", "compound", "nmod") or modifier.i > token.i:
            continue
        group = conjuncts(modifier)
        if len(group) < 2:
            continue
        found = [p for p in (resolve_token_exact(m, resolve) for m in group)
                 if p is not None and p.actor.get("country")]
        if len({p.actor["country"] for p in found}) < 2:
            continue
        sector = party.actor.get("sector")
        return [Party(p.span, {**party.actor, "country": p.actor["country"],
                               "actor_id": f"{p.actor['country']}-{sector}" if sector else p.actor.get("actor_id")})
                for p in found]
    return [party]


def resolve_token_exact(token: Token, resolve: Resolver) -> Party | None:
    doc = token.doc
    ent = next((e for e in doc_entities(doc) if e.start <= token.i < e.end), None)
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
        if head.pos_ in ("VERB", "AUX"):
            # "a camp for refugees was attacked by militiamen": the passive subject is the target
            candidates.extend(c for c in head.children if c.dep_ == "nsubjpass" and c.i != trigger.i)
        candidates.extend(c for c in head.children if c.dep_ in ("dobj", "dative", "attr", "oprd") and c.i != trigger.i)
        candidates.extend(c for c in prepositional_objects(head, prepositions) if c.i != trigger.i)
    for candidate in list(candidates):
        for part in conjuncts(candidate):  # "photographs and intelligence to Macedonia"
            candidates.extend(prepositional_objects(part, ("of", "by", "from", "on", "with", "to", "for")))
    parties = [party for candidate in candidates for party in coordinated_parties(candidate, resolve)]
    # a state or a national group names the recipient better than a bare role ("intelligence")
    parties.sort(key=lambda party: party.actor.get("country") is None)
    if trigger.pos_ in ("NOUN", "PROPN"):
        # "Japanese imports", "Tokyo's plan" -- a name, not a common word ("a general strike")
        for modifier in (c for c in trigger.children if c.dep_ in ("poss", "amod", "compound")
                         and (c.pos_ == "PROPN" or c.ent_type_ in ("NORP", "GPE", "ORG"))):
            party = resolve_token_exact(modifier, resolve)
            if party is not None:
                parties.append(party)
    if not parties:
        parties = deep_objects(trigger, carrier, resolve)
    return parties


def condition_parties(threat: Token, resolve: Resolver) -> list[Party]:
    """'Russia threatened to stop talks if the United States goes ahead': a threat is aimed at the
    party whose action its condition names (the subject of the 'if'/'unless' clause)."""
    for token in threat.subtree:
        if token.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in token.children):
            subject = next((c for c in token.children if c.dep_ in SUBJECT_DEPS + PASSIVE_SUBJECT_DEPS), None)
            if subject is not None and subject.pos_ != "PRON":
                return coordinated_parties(subject, resolve)
    return []


def coordinated_targets(targets: list[Party]) -> list[Party]:
    """The first recipient and those coordinated with it ('blows to the United States and Israel'):
    each conjunct is a recipient of the same act."""
    first = targets[0]
    group = {t.i for t in conjuncts(first.span.root)}
    return [first] + [t for t in targets[1:] if t.span.root.i in group and t.span.root.i != first.span.root.i]


def deep_objects(trigger: Token, carrier: Token | None, resolve: Resolver) -> list[Party]:
    """Objects further down the clause ('promised to continue military aid to Mozambique')."""
    verb = carrier if carrier is not None else trigger
    found: list[Party] = []
    for token in verb.subtree:
        if token.i <= verb.i or token.i == trigger.i:
            continue
        if token.dep_ in ("dobj", "pobj", "dative") and not any(
                a.dep_ in ("relcl", "advcl", "ccomp") for a in token.ancestors if verb.i != a.i and verb in a.ancestors):
            if token.head.dep_ == "prep" and token.head.lower_ in ("in", "at", "during", "since", "until", "for", "about", "over", "after", "before"):
                continue
            parties = coordinated_parties(token, resolve)  # "to strike Israel and the United States"
            if parties:
                found.extend(parties)
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
        if carrier is not None and trigger.head.i == carrier.i and trigger.dep_ in SUBJECT_DEPS:
            # "Palestinian riots are continuing": the event is the subject; its owner is the actor
            return [p for p in (resolve_token_exact(m, resolve) for m in trigger.children
                                if m.dep_ in ("poss", "amod", "compound") and m.i < trigger.i) if p is not None]
    subject, _passive = subject_of(verb) if verb.pos_ in ("VERB", "AUX") or verb.dep_ == "ROOT" else (None, False)
    if subject is None and trigger.pos_ in ("NOUN", "PROPN") and carrier is None:
        for modifier in (c for c in trigger.children if c.dep_ == "poss"):
            party = resolve_token_exact(modifier, resolve)
            if party:
                return [party]
        return []
    if subject is not None:
        subject = antecedent(subject)
    if subject is None and _passive:
        party = agent_from_event_noun(verb, resolve)
        if party is not None:
            return [party]
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
    if noun.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ == "VERB" \
            and head.lower_ in ("for", "into", "under"):
        return head.head  # "pressed for talks", "entered into negotiations", "put under investigation"
    if noun.dep_ == "pobj" and head.lower_ == "on" and head.head.pos_ == "VERB" and head.head.lemma_.lower() == "go":
        return head.head  # "went on strike"
    if noun.dep_ == "conj":
        return carrier_of(noun.head)
    if noun.dep_ == "pobj" and head.lower_ == "of" and head.head.dep_ in ("dobj", "nsubjpass", "attr") \
            and head.head.pos_ == "NOUN":
        return carrier_of(head.head)  # "launched 10 days of war games", "carried out a series of raids"
    return None


def verb_lemma(verb: Token) -> str:
    """The verb's lemma, repaired where the lemmatiser cut an -e verb's past form to a noun
    ('staged' -> 'stag'): wire copy's support verbs are matched on this form."""
    lemma = verb.lemma_.lower()
    form = verb.lower_
    if verb.tag_ in ("VBD", "VBN") and form.endswith("ed") and lemma == form[:-2] and form[:-1] in KNOWN_SUPPORT_VERBS:
        return form[:-1]
    return lemma


def aspectual_carrier(noun: Token) -> Token | None:
    """'Palestinian riots are still continuing': the verb saying a named event goes on."""
    head = noun.head
    if noun.dep_ == "nsubj" and head.pos_ == "VERB" and head.lemma_.lower() in ASPECTUAL_VERBS:
        return head
    return None


def coordinated_subject(verb: Token | None) -> bool:
    """Whether a verb's subject names two or more parties ('French and Egyptian warships')."""
    if verb is None:
        return False
    subject, _ = subject_of(verb)
    if subject is None:
        return False
    return len(conjuncts(subject)) > 1 or any(
        len(conjuncts(m)) > 1 for m in subject.children if m.dep_ in ("amod", "compound") and m.i < subject.i)


def noun_code(noun: Token, code: str, carrier: Token | None) -> str:
    """The CAMEO code of a nominal trigger, refined by its modifiers ('hunger strike', 'general strike')."""
    lemma = noun.lemma_.lower()
    if code == "150":
        # military exercises: "war games", "joint naval drills"; joint ones are military
        # cooperation (CAMEO 062 "joint military games and maneuvers should be coded here")
        modifiers = {t.lower_ for t in noun.subtree if t.i < noun.i} | {c.lower_ for c in noun.children}
        if not modifiers & MILITARY_EXERCISE_WORDS:
            return ""
        return "062" if "joint" in modifiers or coordinated_subject(carrier) else "150"
    if lemma == "protest" and (carrier is not None and verb_lemma(carrier) in ISSUING_VERBS | {"register"}
                               or {c.lower_ for c in noun.children} & {"official", "formal", "diplomatic", "written"}):
        return "114"  # "lodged an official protest with Albania": CAMEO 114, complain officially
    if lemma not in ("strike", "strikes"):
        return code
    modifiers = {t.lower_ for t in noun.subtree if t.i < noun.i}
    if modifiers & HUNGER_STRIKE_WORDS:
        return "142"
    if modifiers & LABOUR_STRIKE_WORDS or (
            carrier is not None and verb_lemma(carrier) in LABOUR_STRIKE_CARRIERS):
        return "143"
    return code


def obligated_clause(verb: Token) -> Token | None:
    """'Russia said that Sudan must return the helicopter': the clause a stating verb introduces
    when it lays an obligation on another party (its verb, with 'must'/'should' and a subject)."""
    if verb.lemma_.lower() not in STATING_VERBS:
        return None
    for clause in (c for c in verb.children if c.dep_ == "ccomp"):
        has_obligation = any(c.dep_ == "aux" and c.lower_ in OBLIGATION_AUX for c in clause.children)
        subject = next((c for c in clause.children if c.dep_ in SUBJECT_DEPS + PASSIVE_SUBJECT_DEPS), None)
        if has_obligation and subject is not None and subject.pos_ != "PRON":
            return clause
    return None


def find_triggers(sentence: Span, verbs: VerbLexicon) -> list[tuple[Token, Token | None, str, int]]:
    """(trigger, carrier verb or None, CAMEO code, pattern specificity) in the sentence."""
    found: list[tuple[Token, Token | None, str, int]] = []
    carried: set[int] = set()
    demanded: set[int] = set()  # tokens of "Y must do Z" clauses: the demand is the event, not Z
    tokens = list(sentence)  # three passes below: the Token objects are made once
    for token in tokens:
        clause = obligated_clause(token) if token.pos_ == "VERB" else None
        if clause is not None:
            modal = next(c.lower_ for c in clause.children if c.dep_ == "aux" and c.lower_ in OBLIGATION_AUX)
            found.append((token, None, OBLIGATION_AUX[modal], 1))
            demanded.update(t.i for t in clause.subtree)
    for token in tokens:
        if token.pos_ in ("NOUN", "PROPN"):
            trigger = NOUN_TRIGGERS.get(token.lower_) or NOUN_TRIGGERS.get(token.lemma_.lower())
            if trigger is None or token.ent_type_ in ("ORG", "GPE", "PERSON", "DATE", "NORP"):
                continue
            carrier = carrier_of(token)
            if carrier is not None and verb_lemma(carrier) not in LIGHT_VERBS | CARRIER_VERBS | ISSUING_VERBS:
                carrier = None
            if carrier is None:
                carrier = aspectual_carrier(token)
            if carrier is None and trigger.needs_carrier:
                continue
            if token.i in demanded:
                continue
            code = noun_code(token, trigger.code, carrier)
            if not code:
                continue
            found.append((token, carrier, code, 1))
            if carrier is not None and verb_lemma(carrier) in KNOWN_SUPPORT_VERBS:
                carried.add(carrier.i)
    for token in tokens:
        if token.pos_ != "VERB" or token.i in carried or _is_reporting(token) or token.i in demanded:
            continue
        if token.dep_ == "amod":  # "the planned visit": a modifier, not an event
            continue
        code, score = verbs.code_for(token)
        if code is None:
            continue
        if token.lemma_.lower() in CARRIER_VERBS | ISSUING_VERBS and score == 0:
            continue
        if token.lemma_.lower() in DECISION_VERBS and any(c.dep_ == "xcomp" for c in token.children):
            continue  # the decided act is the event
        found.append((token, None, code, score))
    return found


def clause_depth(token: Token) -> int:
    """How many subordinate clauses deep a token sits (0 = the main clause or reported speech).

    Wire copy puts the news in the main clause ("Police opened fire, killing one"; "rebels, who
    seized the town last year, signed a truce"); events of lower clauses are background or the
    content of the main act ("demanded that Sudan end curbs": the demand is the event).
    Complements of reporting verbs ("said", "reported") do not count: they carry the news.
    """
    depth = 0
    current = token
    while current.head.i != current.i:
        transparent = _is_reporting(current.head) or is_participial_adjunct(current) or (
            current.dep_ == "xcomp" and current.head.lemma_.lower() in DECISION_VERBS)
        if current.dep_ in SUBORDINATE_DEPS and not transparent:
            depth += 1
        current = current.head
    return depth


def is_participial_adjunct(verb: Token) -> bool:
    """'..., imposing a ban on imports' / 'with officers holding an exchange': a second act of
    the main clause's actor told as a participle, not a background clause.

    An -ing adverbial without its own subject or subordinator ("after", "while"), or an -ing
    verb in a "with NP -ing" absolute construction, reports another thing that happened.
    """
    if verb.tag_ != "VBG" or any(c.dep_ in ("mark", "nsubj", "nsubjpass") for c in verb.children):
        return False
    if verb.dep_ == "advcl":
        return True
    noun = verb.head
    return verb.dep_ == "acl" and noun.dep_ == "pobj" and noun.head.lower_ == "with"


def in_participial_adjunct(token: Token) -> bool:
    """Whether the token sits in a participial adjunct of its clause ('..., killing 12')."""
    current = token
    while current.head.i != current.i:
        if is_participial_adjunct(current):
            return True
        if current.dep_ in SUBORDINATE_DEPS:
            return False
        current = current.head
    return False


def drop_elaborations(coded: list[tuple[bool, list[dict[str, Any]]]]) -> list[dict[str, Any]]:
    """Rows of a sentence's main clause without the ones that only elaborate another.

    A participle after the main act with no party of its own ("opened fire, killing one") and an
    event with no recipient repeating the type of one with a recipient ("killed a soldier and
    wounded two others") describe the same act; a participle with its own recipient ("opposed
    the discharge, imposing a ban on Japanese imports") is a second act and stays.
    """
    main = [rows for participial, rows in coded if not participial and rows]
    kept: list[dict[str, Any]] = []
    for participial, rows in coded:
        if participial and main:
            rows = [r for r in rows if r["recipient_country"] or r["recipient_sector"] == "IGO"]
        kept.extend(rows)
    directed = {(r["actor_country"], r["event_type"]) for r in kept if r["recipient_text"] is not None}
    return [r for r in kept if r["recipient_text"] is not None or (r["actor_country"], r["event_type"]) not in directed
            or r["actor_country"] is None]


def state_authority(sentence: Span, trigger: Token, place: dict[str, Any] | None) -> list[Party]:
    """'the detention of an employee in Beijing': an arrest or detention with no named agent is
    the act of the authorities of the state where it happened (CAMEO 17x acts are state coercion)."""
    country = (place or {}).get("location_country")
    if not country:
        return []
    text = (place or {}).get("location_text") or ""
    span = next((e for e in entities_within(sentence) if e.text == text), sentence.doc[trigger.i:trigger.i + 1])
    return [Party(span, {"actor_id": f"{country}-GOV", "name": f"{country} authorities", "kind": "group",
                         "country": country, "sector": "GOV"})]


def with_home_country(party: Party, place: dict[str, Any] | None, counterpart: Party | None = None, *,
                      place_fallback: bool = True) -> Party:
    """A domestic group named without its country ('workers', 'a newspaper', 'the opposition')
    belongs to the country its own phrase names ('workers affiliated with the Serbian union',
    'a newspaper based in Beirut'), else to the country where the event happened, else (for
    non-state groups: parties, unions, civilians, rebels) to the country of the counterpart it
    acts on at home ('the Umma party will boycott Algeria's elections').
    International organisations (IGO, NGO) keep no country. A recipient does not take the place's
    country (a foreign firm's employee detained in Beijing is not Chinese)."""
    actor = party.actor
    if is_ethnic_group(party.span) and (place or {}).get("location_country"):
        return Party(party.span, {**actor, "country": place["location_country"]})
    if actor.get("country") or actor.get("sector") in (None, "IGO", "NGO"):
        return party
    country = phrase_country(party.span) or ((place or {}).get("location_country") if place_fallback else None)
    if not country and counterpart is not None and actor.get("sector") in NON_STATE_SECTORS:
        country = counterpart.actor.get("country")
    if not country:
        return party
    return Party(party.span, {**actor, "country": country})


def is_ethnic_group(span: Span) -> bool:
    """'three ethnic Albanians': an ethnic group is named, not the state of that name; its
    members belong to the country they live in."""
    doc = span.doc
    return any(t.lower_ == "ethnic" and t.i + 1 < len(doc) and doc[t.i + 1].ent_type_ == "NORP" for t in span)


def phrase_country(span: Span) -> str | None:
    """A state named by a place or nationality word in the phrase a party heads, its relative and
    participial modifiers included ('a newspaper based in Christian east Beirut')."""
    for token in span.root.subtree:
        for ent in doc_entities(token.doc):
            if ent.start == token.i and ent.label_ in ("GPE", "NORP", "LOC"):
                actor = getattr(ent._, "actor", None) if ent.has_extension("actor") else None
                if actor and actor.get("country"):
                    return actor["country"]
    return None


def pair_parties(sources: list[Party], targets: list[Party], reciprocal: bool = False,
                 joint: bool = True) -> list[tuple[Party, Party | None]]:
    """(actor, recipient) pairs of one event.

    "X and Y held talks" (a joint act: agreeing, consulting, cooperating): each is the other's
    counterpart; otherwise each actor acts on the first recipient and those coordinated with it
    ("US and British activists staged a protest": two protesters, not a protest between them).
    When the only recipient named is the actor's own side ("Bosnian Serbs demanded a truce with
    Moslem forces in Bosnia") the event is domestic and has no recipient. Reciprocal categories
    (041) also get the reverse pair.
    """
    targets = [t for t in targets if t.span.start not in {s.span.start for s in sources}]
    pairs: list[tuple[Party, Party | None]] = []
    if joint and len(sources) > 1 and len({(p.actor.get("country"), p.actor.get("sector")) for p in sources}) > 1:
        pairs = [(a, b) for a in sources for b in sources if a is not b]
    elif targets:
        pairs = [(s, target) for target in coordinated_targets(targets) for s in sources
                 if s.actor.get("country") != target.actor.get("country")
                 or s.actor.get("sector") != target.actor.get("sector")]
    elif len(sources) > 1 and joint:
        pairs = [(a, b) for a in sources for b in sources if a is not b]
    if not pairs and sources:
        pairs = [(sources[0], None)] if joint else [(s, None) for s in sources]
    if reciprocal:
        pairs += [(t, s) for s, t in pairs if t is not None and (t, s) not in pairs]
    return pairs


def main_clause_only(triggers: list[tuple[int, Any]]) -> list[Any]:
    """Of (depth, item) pairs, the items at the shallowest depth present."""
    if not triggers:
        return []
    shallowest = min(depth for depth, _ in triggers)
    return [item for depth, item in triggers if depth == shallowest]


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
    coded: list[tuple[int, tuple[bool, list[dict[str, Any]]]]] = []  # (clause depth, (participial?, rows))
    for trigger, carrier, code, score in find_triggers(sentence, verbs):
        description = codebook.describe(code)
        if description is None:
            continue
        if under_threat(trigger) and trigger.lemma_.lower() not in THREAT_VERBS:
            continue
        status = status_of(trigger, carrier)
        if status == "negated" and code[:2] == "08":
            # "would not meet the hostage-takers' demands": refusing to yield is a rejection (CAMEO 12)
            code, status = "120", "asserted"
            description = codebook.describe(code) or description
        if status == "cancelled" and code[:3] in CANCELLED_MEETING_CODES:
            # "cancelled a planned visit to Haiti": the cancellation is itself the event (reduce relations)
            code, status = CANCELLED_MEETING_CODES[code[:3]], "asserted"
            description = codebook.describe(code) or description
        sources = actors_for(trigger, carrier, resolve)
        if not sources and code[:2] in STATE_ACT_ROOTS and trigger.pos_ == "NOUN" and place_for is not None:
            sources = state_authority(sentence, trigger, place_for(sentence, trigger, []))
        if not sources:
            continue
        clause = obligated_clause(trigger) if code in OBLIGATION_AUX.values() else None
        if clause is not None:
            subject = next(c for c in clause.children if c.dep_ in SUBJECT_DEPS + PASSIVE_SUBJECT_DEPS)
            targets = coordinated_parties(subject, resolve)
        else:
            targets = recipients_for(trigger, carrier, resolve, description["cameo_root"])
            if not targets and trigger.lemma_.lower() in THREAT_VERBS:
                targets = condition_parties(trigger, resolve)
        source_countries = {p.actor.get("country") for p in sources}
        pairs = pair_parties(sources, targets, reciprocal=code in RECIPROCAL_CODES,
                             joint=description["cameo_root"] in JOINT_ROOTS)
        date = date_for(sentence, trigger, status) if date_for else {"event_date": None, "date_precision": "unknown", "date_text": None}
        preferred = [c for c in source_countries if c]
        place = place_for(sentence, trigger, preferred) if place_for else None
        trigger_span = sentence.doc[trigger.i:trigger.i + 1]
        rows: list[dict[str, Any]] = []
        anchor = carrier if carrier is not None else trigger
        coded.append((clause_depth(anchor), (in_participial_adjunct(anchor), rows)))
        for source, target in pairs:
            target = with_home_country(target, place, place_fallback=False) if target is not None else None
            source = with_home_country(source, place, target)
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
    return drop_elaborations(main_clause_only(coded))
