"""Event status from the clause around a trigger: asserted, negated, planned, postponed, cancelled,
hypothetical.

GDELT's most-cited failure is coding what did not happen. The rules read the dependency tree
around the trigger (its auxiliaries, negation, the verbs that govern it, the adjectives on a
nominal trigger) so "did not hold talks", "will visit", "postponed their planned visit" and
"could attack" each get the status the text gives them.
"""

from __future__ import annotations

from typing import Union

from spacy.tokens import Span, Token

NEGATORS = frozenset({"not", "n't", "never", "no", "neither", "nor", "without"})
FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
HYPOTHETICAL_AUX = frozenset({"could", "would", "might", "may", "can", "should", "must"})
PLANNING_VERBS = frozenset({
    "plan", "intend", "aim", "expect", "schedule", "prepare", "seek", "hope", "want", "wish", "propose",
    "slate", "set", "arrange", "consider", "mull", "weigh", "vow", "pledge", "promise", "offer", "decide",
    "agree", "undertake", "commit",
})
PLANNING_MODIFIERS = frozenset({"planned", "upcoming", "proposed", "scheduled", "expected", "future", "possible",
                                "prospective", "potential", "slated", "intended"})
POSTPONING_VERBS = frozenset({"postpone", "delay", "shelve", "defer", "reschedule", "suspend", "put"})
CANCELLING_VERBS = frozenset({"cancel", "scrap", "abandon", "scrub", "axe", "drop", "call", "nix", "halt"})
HYPOTHETICAL_MARKERS = frozenset({"if", "unless", "whether"})
THREAT_VERBS = frozenset({"threaten", "warn"})
DENYING_VERBS = frozenset({"deny", "refute"})
FAILING_VERBS = frozenset({"fail", "refuse", "decline"})

Trigger = Union[Token, Span]


def _head_token(trigger: Trigger) -> Token:
    return trigger.root if isinstance(trigger, Span) else trigger


def _negated(token: Token) -> bool:
    return any(c.dep_ == "neg" or (c.lower_ in NEGATORS and c.dep_ in ("neg", "det", "advmod", "preconj")) for c in token.children)


def _aux(token: Token) -> set[str]:
    return {c.lower_ for c in token.children if c.dep_ in ("aux", "auxpass")}


def _is_to_construction(verb: Token) -> bool:
    """'The officers were to meet' / 'is to visit': a form of *be* governing a to-infinitive."""
    head = verb.head
    return verb.dep_ == "xcomp" and head.lemma_ == "be" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def governing_verbs(token: Token, limit: int = 4) -> list[Token]:
    """The chain of verbs (and nouns) above a trigger through complements: 'decided to postpone the visit'."""
    chain: list[Token] = []
    current = token
    for _ in range(limit):
        if current.dep_ not in ("xcomp", "ccomp", "dobj", "pobj", "nsubjpass", "attr", "oprd", "conj", "acl", "prep") \
                or current.head.i == current.i:
            break
        current = current.head
        if current.dep_ == "prep":
            continue
        chain.append(current)
        if current.pos_ == "VERB" and current.dep_ not in ("xcomp", "conj"):
            break
    return chain


def status_of(trigger: Trigger, governor: Token | None = None) -> str:
    """The status of the event expressed by ``trigger`` (a verb, or a noun with ``governor`` its light verb)."""
    token = _head_token(trigger)
    verbs = [token] + ([governor] if governor is not None and governor.i != token.i else [])
    # nominal triggers: adjectives and determiners on the noun itself
    if token.pos_ in ("NOUN", "PROPN"):
        modifiers = {c.lower_ for c in token.children if c.dep_ in ("amod", "det", "compound", "neg")}
        if modifiers & {"no"}:
            return "negated"
    for verb in verbs:
        if _negated(verb):
            return "negated"
    for verb in verbs + governing_verbs(verbs[-1]):
        lemma = verb.lemma_.lower()
        if verb.i == token.i and token.pos_ == "VERB":
            # "Japan halted aid", "Iran denied the request": the halting or denial is itself the
            # event coded (reduce aid, reject), not a cancelled or denied one
            continue
        if lemma in CANCELLING_VERBS and (lemma != "call" or any(c.lower_ == "off" for c in verb.children)):
            return "negated" if _negated(verb) else "cancelled"
        if lemma in POSTPONING_VERBS and (lemma != "put" or any(c.lower_ == "off" for c in verb.children)):
            return "negated" if _negated(verb) else "postponed"
        if lemma in DENYING_VERBS or (lemma in FAILING_VERBS and verb.i != token.i):
            return "negated"
    if token.pos_ in ("NOUN", "PROPN"):
        modifiers = {c.lower_ for c in token.children if c.dep_ in ("amod", "compound", "nmod")}
        if modifiers & PLANNING_MODIFIERS:
            return "planned"
    for verb in verbs + governing_verbs(verbs[-1]):
        auxes = _aux(verb)
        if auxes & FUTURE_AUX or _is_to_construction(verb):
            return "planned"
        if auxes & HYPOTHETICAL_AUX:
            return "hypothetical"
        if any(c.dep_ == "mark" and c.lower_ in HYPOTHETICAL_MARKERS for c in verb.children):
            return "hypothetical"
        if verb.i != token.i and verb.lemma_.lower() in PLANNING_VERBS:
            return "planned"
        if verb.lemma_.lower() == "go" and "be" in {c.lemma_ for c in verb.children if c.dep_ == "aux"} \
                and any(c.dep_ == "xcomp" for c in verb.children):
            return "planned"
    return "asserted"


def under_threat(token: Token) -> bool:
    """'threatened to attack': the attack is the content of a threat, not an event of its own."""
    return any(v.lemma_.lower() in THREAT_VERBS for v in governing_verbs(token))
