"""Actor resolution: which state, organisation, person or group a noun phrase names.

Pure logic over plain data and spaCy spans; the lexicon (country names, demonyms, capitals,
named actors with dated CAMEO roles, role words -> CAMEO sectors) is passed in. Built from the
Phoenix/PETRARCH 2 dictionaries by ``scripts/build_lexicons_actors.py``.

How a phrase is read (the rules are about the shape of noun phrases, not about individual names):
- known names (longest match) of states, capitals, places, demonyms, organisations, people;
- role words ("Premier", "military officers", "Commerce Ministry") give the CAMEO sector;
- the part before a comma is the head, the part after it an apposition ("Natsuo Yamaguchi,
  chief of the Komeito party"); within a part the words before the first preposition are the
  head, the rest a complement ("Ambassador to the UN", "president of the Riigikogu");
- a country in the head (premodifier, possessive "China's") wins over one in a complement;
- a generic title ("chief", "chairman", "president of ...") takes the sector of the
  organisation it heads;
- a dated role (``[JPNGOV 070901-080831]``) is chosen by the date the text was published.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

from spacy.tokens import Span, Token

from transforms.entity_index import entities_within

KINDS = ("state", "organisation", "person", "group")
DEFAULT_LABEL = {"state": "GPE", "place": "GPE", "person": "PERSON", "organisation": "ORG",
                 "group": "ORG"}
PREPOSITIONS = {"of", "to", "at", "in", "from", "for", "with", "on", "near", "by", "across"}
DETERMINERS = {"the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her",
               "several", "some", "many", "two", "three", "four", "five", "all", "other"}
# Titles that say "leads / belongs to" rather than what the person does: the sector comes from
# the organisation in the complement ("chief of the Komeito party" -> PTY).
GENERIC_TITLES = {"president", "chairman", "chairwoman", "chair", "chief", "head", "leader",
                  "director", "member", "members", "secretary", "spokesman", "spokeswoman",
                  "spokesperson", "official", "officials", "representative", "executive",
                  "ceo", "founder", "deputy", "vice", "secretary-general", "boss", "delegation",
                  "delegate", "delegates", "staff", "employee", "employees", "officer", "officers"}
ORG_WORDS = {"party", "ministry", "council", "committee", "government", "police", "bank", "court",
             "assembly", "parliament", "front", "movement", "union", "agency", "commission",
             "department", "office", "guard", "navy", "army", "forces", "force", "service",
             "congress", "senate", "organization", "organisation", "association", "federation",
             "league", "group", "corps", "authority", "institute", "university", "company",
             "corp", "corp.", "corporation", "inc", "inc.", "ltd", "ltd.", "co.", "holdings",
             "fund", "foundation", "center", "centre", "bureau", "cabinet", "tribunal",
             "chamber", "society", "alliance", "coalition", "network", "news", "times", "press",
             "agency", "board", "club", "school", "college", "institution", "industries",
             "industry", "pharma", "bank", "airlines", "motors", "electric", "steel", "fleet",
             "administration", "program", "programme", "project", "initiative", "lobby",
             "federation", "church", "mosque", "temple", "hospital", "brigade", "brigades",
             "militia", "command", "ministry", "secretariat", "directorate", "unit"}
GEO_FEATURES = {"sea", "ocean", "river", "gulf", "strait", "straits", "bay", "lake", "mountains",
                "mountain", "peninsula", "desert", "valley", "channel", "coast", "basin",
                "islands", "island", "archipelago", "plateau", "mount", "mt."}
# Words that title a person ("Chinese Premier Li Qiang"): a nationality before them stays NORP.
PERSON_TITLES = {"president", "premier", "prime", "minister", "chancellor", "king", "queen",
                 "prince", "princess", "foreign", "defense", "defence", "ambassador", "envoy",
                 "general", "gen.", "senator", "sen.", "official", "officials", "officer",
                 "officers", "leader", "leaders", "chief", "spokesman", "spokeswoman", "mr.",
                 "mrs.", "ms.", "dr.", "secretary", "vice", "deputy", "former", "then", "lt.",
                 "col.", "gov.", "governor", "mayor", "emperor"}
PEOPLE_NOUNS = {"people", "citizens", "nationals", "residents", "public", "population"}
TOKEN_RE = re.compile(r"'s\b|\w+(?:[-.&]\w+)*\.?|[,;:()]")
MAX_NAME_TOKENS = 9


@dataclass(frozen=True)
class ActorResolution:
    """Who a phrase names: a stable id (None when only a sector is known), CAMEO country/sector."""

    actor_id: str | None
    name: str
    kind: str  # state | organisation | person | group
    country: str | None
    sector: str | None
    confidence: float


@dataclass(frozen=True)
class Role:
    """A CAMEO role, optionally bounded in time (ISO dates, inclusive)."""

    country: str | None
    sector: str | None
    start: str | None = None
    end: str | None = None

    def covers(self, on: dt.date) -> bool:
        iso = on.isoformat()
        return (self.start is None or self.start <= iso) and (self.end is None or iso <= self.end)


@dataclass(frozen=True)
class LexEntry:
    """One known name: an actor, a place (resolving to its state) or a nationality."""

    actor_id: str | None
    name: str
    kind: str  # state | place | organisation | person | group
    label: str
    roles: tuple[Role, ...] = ()
    country: str | None = None
    sector: str | None = None
    capital: bool = False
    norp: bool = False


@dataclass
class ActorLexicon:
    """Name and role-word tables for resolution (built once per process from the shipped data)."""

    names: dict[tuple[str, ...], list[LexEntry]] = field(default_factory=dict)
    agents: dict[tuple[str, ...], str] = field(default_factory=dict)
    agent_prefixes: dict[tuple[str, ...], str] = field(default_factory=dict)
    gazetteer: list[tuple[str, str, str]] = field(default_factory=list)  # (label, text, id)
    surnames: dict[str, LexEntry] = field(default_factory=dict)
    # acronyms that name an actor only when written in capitals ("PAN", "PRI"): key -> actor ids
    case_sensitive: dict[tuple[str, ...], set[str | None]] = field(default_factory=dict)

    @classmethod
    def from_rows(cls, rows: Iterable[dict[str, Any]], agents: dict[str, dict[str, str]]) -> "ActorLexicon":
        """Index the rows of ``actors_lexicon.jsonl`` and ``actors_agents.json``."""
        lex = cls()
        gaz_candidates: list[tuple[LexEntry, str]] = []
        for row in rows:
            found = _entries_from_row(row)
            for acronym in row.get("acronyms", []):
                lex.case_sensitive.setdefault(tokens_key(acronym), set()).add(found[0][0].actor_id)
            for entry, aliases, gaz in found:
                for alias in aliases:
                    key = tokens_key(alias)
                    if key:
                        lex.names.setdefault(key, []).append(entry)
                for alias in gaz:
                    gaz_candidates.append((entry, alias))
        lex.gazetteer = []
        for phrase, sector in agents.get("exact", {}).items():
            lex.agents[tokens_key(phrase)] = sector
        for phrase, sector in agents.get("prefix", {}).items():
            key = tokens_key(phrase)
            if key and len(key[-1]) >= 5:
                lex.agent_prefixes[key] = sector
            elif key:
                lex.agents.setdefault(key, sector)
        lex.gazetteer = lex._gazetteer_patterns(gaz_candidates)
        lex._add_surnames()
        lex.surnames = {k: v for k, v in lex.surnames.items()
                        if lex.sector_of([k]) is None and k not in GENERIC_TITLES}
        return lex

    def _gazetteer_patterns(self, candidates: list[tuple[LexEntry, str]]) -> list[tuple[str, str, str]]:
        """Names safe to label before the NER: one label per text (states and places first),
        no role words ("Navy", "US President ..."), no fragments ending in "of"/"on"."""
        rank = {"state": 0, "place": 1, "organisation": 3, "group": 4, "person": 5}
        best: dict[tuple[str, ...], tuple[int, LexEntry]] = {}
        for entry, alias in candidates:
            key = tokens_key(alias)
            if not key or key[-1] in PREPOSITIONS | DETERMINERS | {"and", "'s"}:
                continue
            if key[0] in DETERMINERS or sum(len(w) for w in key) < 3:
                continue
            if len(key) == 1 and (self.sector_of(list(key)) or key[0] in ORG_WORDS):
                continue
            if entry.kind == "person" and (
                    any(self.sector_of([w]) or w in GENERIC_TITLES for w in key)
                    or tokens_key(entry.name)[-1:] != key[-1:]):
                continue  # titles, and aliases that are not the person's name ("White House")
            r = 2 if entry.norp else rank.get(entry.kind, 6)
            if key not in best or r < best[key][0]:
                best[key] = (r, entry)
        out = []
        for key, (_, entry) in best.items():
            text = smart_title(" ".join(key).replace(" 's", "'s"))
            out.append((entry.label, text, entry.actor_id or ""))
        return out

    def _add_surnames(self) -> None:
        """Index people by surname when exactly one known person has it (news repeats "Kishida").

        Used only for a capitalised word standing alone (see ``_find_matches``), never for a
        role word.
        """
        by_surname: dict[str, set[LexEntry]] = {}
        for entries in self.names.values():
            for e in entries:
                if e.kind != "person":
                    continue
                key = tokens_key(e.name)
                if len(key) >= 2 and len(key[-1]) >= 4 and key[-1].isalpha():
                    by_surname.setdefault(key[-1], set()).add(e)
        self.surnames = {s: next(iter(p)) for s, p in by_surname.items()
                         if len(p) == 1 and (s,) not in self.names and s not in ORG_WORDS}

    def lookup(self, key: tuple[str, ...]) -> list[LexEntry]:
        """Entries for a normalised token tuple (also tries without a final period)."""
        found = self.names.get(key)
        if found is None and key and key[-1].endswith(".") and len(key[-1]) > 2:
            found = self.names.get(key[:-1] + (key[-1][:-1],))
        return found or []

    def sector_of(self, words: Sequence[str]) -> str | None:
        """CAMEO sector of a role phrase (exact, plural or stem match), else None."""
        key = tuple(words)
        if key in self.agents:
            return self.agents[key]
        singular = key[:-1] + (_singular(key[-1]),)
        if singular in self.agents:
            return self.agents[singular]
        for n in range(len(key[-1]) - 1, 4, -1):
            stem = key[:-1] + (key[-1][:n],)
            if stem in self.agent_prefixes:
                return self.agent_prefixes[stem]
        return None


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("men"):
        return word[:-3] + "man"
    if word.endswith("s") and not word.endswith(("ss", "us")) and len(word) > 3:
        return word[:-1]
    return word


def smart_title(name: str) -> str:
    """'ASSOCIATION OF SOUTHEAST ASIAN NATIONS' -> 'Association of Southeast Asian Nations'."""
    small = {"of", "the", "and", "for", "in", "on", "to", "de", "la", "del", "al", "el", "du", "des"}
    out = []
    for i, word in enumerate(name.lower().split()):
        if i and word in small:
            out.append(word)
        elif len(word) <= 4 and word.replace(".", "").isalpha() and not any(v in word for v in "aeiouy"):
            out.append(word.upper())
        elif "." in word and len(word) <= 5:
            out.append(word.upper())
        else:
            out.append("-".join(p[:1].upper() + p[1:] for p in word.split("-")))
    return " ".join(out)


def slug(text: str) -> str:
    """ASCII slug used in actor ids ('Fumio Kishida' -> 'fumio-kishida')."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def tokenize(text: str) -> list[str]:
    """Lower-cased word tokens with possessive 's split off, as the lexicon keys are."""
    text = text.replace("’", "'").replace("‘", "'")
    text = re.sub(r"(\w)'s\b", r"\1 's", text)
    return TOKEN_RE.findall(text.lower())


def span_words(tokens: Iterable[Token]) -> list[str]:
    """Words of a run of tokens as the lexicon keys them, in their original case.

    spaCy splits "Self-Defense" into three tokens; tokens written together (no space between)
    are read as one piece of text first, so hyphenated names keep their single lexicon word.
    """
    tokens = list(tokens)
    words: list[str] = []
    piece = ""
    for k, token in enumerate(tokens):
        piece += token.text
        last = k + 1 == len(tokens) or tokens[k + 1].i != token.i + 1
        if token.whitespace_ or last:
            text = piece.replace("’", "'").replace("‘", "'")
            words.extend(TOKEN_RE.findall(re.sub(r"(\w)'s\b", r"\1 's", text)))
            piece = ""
    return words


def tokens_key(text: str) -> tuple[str, ...]:
    return tuple(tokenize(text))


def _parse_role(raw: Any) -> Role:
    if isinstance(raw, str):
        parts = [None if p == "-" else p for p in raw.split(" ")]
        parts += [None] * (4 - len(parts))
        return Role(*parts[:4])
    return Role(*(list(raw) + [None] * 4)[:4])


def _entries_from_row(row: dict[str, Any]) -> list[tuple[LexEntry, list[str], list[str]]]:
    kind = row.get("kind", "organisation")
    name = row.get("name", "")
    aliases = list(row.get("aliases", []))
    gaz = list(aliases) if row.get("gaz_all") else list(row.get("gaz", []))
    if row.get("name_alias"):
        aliases.append(name.upper())
        if row["name_alias"] == 2:
            gaz.append(name.upper())
    roles = tuple(_parse_role(r) for r in row.get("roles", []))
    country = row.get("country") or next((r.country for r in roles if r.country), None)
    sector = row.get("sector") or (roles[0].sector if roles else None)
    label = row.get("label") or DEFAULT_LABEL.get(kind, "ORG")
    if "id" in row:
        actor_id = row["id"]
    else:
        prefix = {"person": "PER", "organisation": "ORG", "group": "GRP"}.get(kind, "ACT")
        actor_id = f"{prefix}-{slug(name)}"
    out = []
    norp = set(row.get("norp", []))
    main = LexEntry(actor_id, name, kind, label, roles, country, sector,
                    bool(row.get("capital")), norp=label == "NORP")
    out.append((main, [a for a in aliases if a not in norp], [g for g in gaz if g not in norp]))
    if norp:
        dem = LexEntry(actor_id, name, kind, "NORP", roles, country, sector, norp=True)
        out.append((dem, sorted(norp), sorted(norp)))
    return out


def pick_role(entry: LexEntry, on: dt.date | None) -> Role | None:
    """The role in force on ``on``; without a date the open-ended (current) one.

    After every dated role has ended, a former government member counts as an elite (ELI), the
    CAMEO convention for former officials.
    """
    roles = entry.roles
    if not roles:
        return Role(entry.country, entry.sector) if entry.country or entry.sector else None
    undated = [r for r in roles if r.start is None and r.end is None]
    dated = [r for r in roles if r not in undated]
    if on is not None:
        covering = [r for r in dated if r.covers(on)]
        if covering:
            return max(covering, key=lambda r: (r.start or "", r.sector is not None))
        if undated:
            return undated[0]
        past = [r for r in dated if r.end is not None and r.end < on.isoformat()]
        if past:
            last = max(past, key=lambda r: r.end or "")
            return Role(last.country, "ELI" if last.sector == "GOV" else last.sector)
        return Role(dated[0].country, None)
    current = [r for r in dated if r.end is None]
    if current:
        return max(current, key=lambda r: r.start or "")
    if undated:
        return undated[0]
    last = max(dated, key=lambda r: r.end or "")
    # every term has ended: without a date the text is read as current, so a former
    # government member is an elite (ELI), as with a date after the term
    return Role(last.country, "ELI" if last.sector == "GOV" else last.sector)


@dataclass
class _Match:
    start: int
    end: int
    kind: str  # name | agent
    entries: list[LexEntry] = field(default_factory=list)
    sector: str | None = None


def _find_matches(words: list[str], lexicon: ActorLexicon,
                  raw: list[str] | None = None) -> list[_Match]:
    """Longest-first, left-to-right matches of names, then role words on what is left.

    A lone capitalised word that is the surname of exactly one known person matches that person
    unless it sits in a run of capitalised words (then it is part of another name).
    """
    out: list[_Match] = []
    i = 0
    covered = [False] * len(words)
    raw = raw or words
    while i < len(words):
        hit = None
        person = lexicon.surnames.get(words[i]) if words[i] not in DETERMINERS else None  # "Some 500 workers"
        if person is not None and raw[i][:1].isupper() and not any(
                0 <= k < len(raw) and raw[k][:1].isupper() and words[k] not in DETERMINERS
                for k in (i - 1, i + 1)):
            hit = _Match(i, i + 1, "name", [person])
        for n in range(min(MAX_NAME_TOKENS, len(words) - i) if hit is None else 0, 0, -1):
            entries = lexicon.lookup(tuple(words[i:i + n]))
            strict = lexicon.case_sensitive.get(tuple(words[i:i + n]))
            if entries and strict and not all(w.isupper() for w in raw[i:i + n] if w.isalpha()):
                entries = [e for e in entries if e.actor_id not in strict]
            if entries and not (n == 1 and words[i] in DETERMINERS | PREPOSITIONS):
                hit = _Match(i, i + n, "name", entries)
                break
        if hit:
            out.append(hit)
            for k in range(hit.start, hit.end):
                covered[k] = True
            i = hit.end
        else:
            i += 1
    i = 0
    while i < len(words):
        if covered[i]:
            i += 1
            continue
        hit = None
        for n in range(min(6, len(words) - i), 0, -1):
            if any(covered[i:i + n]):
                continue
            sector = lexicon.sector_of(words[i:i + n])
            if sector:
                hit = _Match(i, i + n, "agent", sector=sector)
                break
        if hit:
            out.append(hit)
            i = hit.end
        else:
            i += 1
    return sorted(out, key=lambda m: m.start)


def _best(entries: list[LexEntry], prefer: Sequence[str]) -> LexEntry:
    order = {k: i for i, k in enumerate(prefer)}
    return min(entries, key=lambda e: (order.get(e.kind, 99), e.norp))


@dataclass
class _Reading:
    """What one part of a phrase says."""

    named: LexEntry | None = None
    country: str | None = None
    country_entry: LexEntry | None = None
    sector: str | None = None
    title_generic: bool = False
    plural: bool = False
    proper: list[str] = field(default_factory=list)
    org_like: bool = False
    geo_feature: bool = False
    proper_at_end: bool = False
    possessor_sector: str | None = None


def _read(words: list[str], raw: list[str], lexicon: ActorLexicon, label: str | None,
          on: dt.date | None) -> _Reading:
    reading = _Reading()
    matches = _find_matches(words, lexicon, raw)
    covered = {k for m in matches for k in range(m.start, m.end)}
    # capitalised words nobody matched: part of a longer proper name
    unknown_caps = [k for k, w in enumerate(raw) if k not in covered and w[:1].isupper()
                    and words[k] not in DETERMINERS and words[k] != "'s"]
    org_like = label in {"ORG", "FAC"} or any(w in ORG_WORDS for w in words)
    person_like = label == "PERSON" or (not org_like and len(unknown_caps) >= 1 and label is None
                                        and all(raw[k][:1].isupper() for k in unknown_caps))
    # "Ivory Coast", "Gold Coast": a feature word inside a state's own name is not a place feature
    state_words = {k for m in matches if m.kind == "name" and any(e.kind == "state" for e in m.entries)
                   for k in range(m.start, m.end)}
    geo_feature = any(w in GEO_FEATURES for k, w in enumerate(words) if k not in state_words)
    reading.org_like = org_like
    reading.geo_feature = geo_feature
    skipped: list[int] = []
    for m in matches:
        if m.kind == "agent":
            if m.sector and (reading.sector is None or words[m.start] not in GENERIC_TITLES):
                reading.sector = m.sector
            continue
        prefer = (("organisation", "group", "person", "state", "place") if label in {"ORG", "FAC"}
                  else ("person", "organisation", "group", "state", "place"))
        entry = _best(m.entries, prefer)
        possessor = m.end < len(words) - 1 and words[m.end] == "'s"
        if entry.kind in {"person", "organisation", "group"} and possessor:
            # "Kishida's Liberal Democratic Party": the possessor says which country, not who
            role = pick_role(entry, on)
            if reading.country is None and role is not None and role.country:
                reading.country = role.country
            if entry.kind != "person" and role is not None and role.sector:
                # "Northern Fleet's Arctic Group": a part of an organisation shares its sector
                reading.possessor_sector = reading.possessor_sector or role.sector
            continue
        if entry.norp and entry.country is None and any(x.kind == "agent" for x in matches):
            continue  # "Muslim cleric": a religion qualifies the role word, it is not the actor
        if entry.kind in {"person", "organisation", "group"}:
            if reading.named is None or entry.kind == "person":
                reading.named = entry
            continue
        adjacent = any(k in unknown_caps for k in (m.start - 1, m.end))
        if (adjacent and (person_like or label in {"PERSON"}) and m.end - m.start == 1
                and not entry.norp):
            skipped.append(m.start)
            continue  # "Natsuo Yamaguchi": a surname, not the prefecture
        if geo_feature and not org_like:
            continue  # "East China Sea": a name part, not the country
        if reading.country is None:
            reading.country = entry.country
            reading.country_entry = entry
    title_words = [w for w in words if w not in DETERMINERS]
    reading.title_generic = bool(title_words) and any(w in GENERIC_TITLES for w in title_words)
    content = [w for w in words if w.isalpha()]
    if content:
        last = content[-1]
        reading.plural = (last.endswith("s") and not last.endswith(("ss", "us", "'s"))
                          and last not in {"news", "forces", "affairs"}) or last in PEOPLE_NOUNS
    proper_idx = sorted(set(unknown_caps) | set(skipped))
    reading.proper = [raw[k] for k in proper_idx]
    reading.proper_at_end = bool(proper_idx) and proper_idx[-1] == len(raw) - 1
    if label == "PERSON" and reading.named is None:
        # keep only the trailing run of capitalised words: "Premier Li Qiang" -> "Li Qiang"
        run: list[int] = []
        for k in reversed(range(len(raw))):
            if k in proper_idx:
                run.insert(0, k)
            elif run:
                break
        if run:
            reading.proper = [raw[k] for k in run]
    return reading


def _split(words: list[str], raw: list[str]) -> tuple[tuple[list[str], list[str]], tuple[list[str], list[str]]]:
    """Split at the first preposition that is not inside a multiword name or role phrase."""
    for k, w in enumerate(words):
        if k and w in PREPOSITIONS:
            return (words[:k], raw[:k]), (words[k + 1:], raw[k + 1:])
    return (words, raw), ([], [])


HYPHEN_SUFFIXES = ("based", "born", "led", "backed", "owned", "run", "funded", "allied",
                   "aligned", "controlled", "sponsored", "headquartered")


def _split_hyphens(raw: list[str], lexicon: ActorLexicon) -> list[str]:
    """'Somalia-based' -> 'Somalia', 'based'; 'Japan-China' -> 'Japan', 'China' (two names)."""
    out: list[str] = []
    for w in raw:
        parts = w.split("-")
        if len(parts) == 2 and all(parts) and (
                parts[1].lower() in HYPHEN_SUFFIXES
                or (lexicon.lookup((parts[0].lower(),)) and lexicon.lookup((parts[1].lower(),))
                    and (w.lower(),) not in lexicon.names)):
            out.extend([parts[0], parts[1]])
        else:
            out.append(w)
    return out


def resolve_words(raw: list[str], lexicon: ActorLexicon, on: dt.date | None = None,
                  label: str | None = None, text: str | None = None) -> ActorResolution | None:
    """Resolve a phrase given as its surface words (case kept, possessive split off)."""
    raw = _split_hyphens(raw, lexicon)
    words = [w.lower() for w in raw]
    text = text if text is not None else " ".join(raw)
    if "," in words:
        k = words.index(",")
        head = resolve_words(raw[:k], lexicon, on, label, text=" ".join(raw[:k]))
        appos = resolve_words([w for w in raw[k + 1:] if w != ","], lexicon, on, None,
                              text=" ".join(raw[k + 1:]))
        return _merge_apposition(head, appos)
    # a whole-phrase match (an organisation whose name contains "of") wins before splitting
    whole = lexicon.lookup(tuple(w for w in words if w not in DETERMINERS or w != words[0]))
    if not whole and words and words[0] in DETERMINERS:
        whole = lexicon.lookup(tuple(words[1:]))
    (hw, hr), (cw, cr) = _split(words, raw)
    head = _read(hw, hr, lexicon, label, on)
    comp = _read(cw, cr, lexicon, None, on) if cw else _Reading()
    if whole:
        head = _read(words, raw, lexicon, label, on)
        comp = _Reading()
    return _decide(head, comp, lexicon, on, label, text)


def _role_of(entry: LexEntry, on: dt.date | None) -> tuple[str | None, str | None]:
    role = pick_role(entry, on)
    return (role.country, role.sector) if role else (entry.country, entry.sector)


def _decide(head: _Reading, comp: _Reading, lexicon: ActorLexicon, on: dt.date | None,
            label: str | None, text: str) -> ActorResolution | None:
    clean = text.strip().strip(",")
    if head.named is not None:
        entry = head.named
        country, sector = _role_of(entry, on)
        if entry.kind == "person" and head.sector and (sector in (None, "ELI") or head.sector != "GOV"):
            # a title in the phrase ("Prime Minister X") says what the person does now
            if not (head.title_generic and sector):
                sector = head.sector
        country = country or head.country or comp.country
        kind = entry.kind if entry.kind in KINDS else "organisation"
        return ActorResolution(entry.actor_id, entry.name, kind, country, sector, 0.9)
    if head.named is None and head.geo_feature and label != "PERSON":
        return None  # a sea, a river, an island group: a place, not an actor
    if label == "PERSON" or (label is None and not head.org_like and len(head.proper) >= 2
                             and head.proper_at_end):
        name = " ".join(head.proper) or clean
        country = head.country or comp.country
        sector = head.sector
        if comp.sector and (sector is None or head.title_generic):
            sector = comp.sector
        if comp.named is not None:
            c2, s2 = _role_of(comp.named, on)
            country = country or c2
            sector = s2 if (head.title_generic or sector is None) and s2 else sector
        return ActorResolution(f"PER-{slug(name)}", name, "person", country, sector,
                               0.75 if country else 0.5)
    country = head.country
    sector = head.sector
    entry = head.country_entry
    if comp.named is not None:
        c2, s2 = _role_of(comp.named, on)
        if country is None:
            country = c2
        if s2 and (sector is None or head.title_generic):
            sector = s2
    if country is None and comp.country:
        country = comp.country
        entry = entry or comp.country_entry
    if comp.sector and (sector is None or (head.title_generic and country == comp.country)):
        sector = comp.sector if sector is None or head.title_generic else sector
    if head.proper and (label in {"ORG", "FAC"} or (label is None and head.org_like)):
        # an unknown organisation: its own name, with what its words say
        sector = sector or head.possessor_sector
        name = re.sub(r"^(the|The|THE)\s+", "", clean)
        return ActorResolution(f"ORG-{slug(name)}", name, "organisation", country, sector,
                               0.6 if country or sector else 0.4)
    if country is None and sector is None:
        return None
    if country is None:
        kind = "group" if head.plural else "person" if not head.plural and label == "PERSON" else "group"
        return ActorResolution(None, clean, kind, None, sector, 0.4)
    if sector is None and entry is not None and entry.capital and label is None:
        sector = "GOV"  # "Beijing said": the capital stands for the government
    if sector is None:
        name = _state_name(country, lexicon, entry)
        kind = "group" if entry is not None and entry.norp and head.plural else "state"
        return ActorResolution(country, name, kind, country, None, 0.8)
    kind = "group" if head.plural else "organisation"
    return ActorResolution(f"{country}-{sector}", clean, kind, country, sector, 0.8)


def _state_name(country: str, lexicon: ActorLexicon, entry: LexEntry | None) -> str:
    if entry is not None and entry.kind == "state":
        return entry.name
    for e in lexicon.lookup((country.lower(),)):
        if e.kind == "state":
            return e.name
    return country


def _merge_apposition(head: ActorResolution | None, appos: ActorResolution | None) -> ActorResolution | None:
    """'X, chief of Y': the name from the head, what it is from the apposition."""
    if head is None:
        return appos
    if appos is None:
        return head
    if head.kind == "person" or head.actor_id is None or head.country is None:
        return ActorResolution(head.actor_id or appos.actor_id, head.name, head.kind,
                               head.country or appos.country, head.sector or appos.sector,
                               max(head.confidence, appos.confidence) * 0.95)
    return head


def resolve_text(text: str, lexicon: ActorLexicon, on: dt.date | None = None) -> ActorResolution | None:
    """Resolve a free-text actor description ("Japanese business leaders", "Beijing")."""
    text = text.replace("’", "'").replace("‘", "'")
    text = re.sub(r"(\w)'s\b", r"\1 's", text)
    raw = TOKEN_RE.findall(text)
    return resolve_words(raw, lexicon, on, None, text=text.replace(" 's", "'s"))


def resolve_span(span: Span, lexicon: ActorLexicon, on: dt.date | None = None) -> ActorResolution | None:
    """Resolve any noun-phrase span; an entity label (PERSON, ORG, GPE) is used as a hint.

    ``span.label_`` is set for entities; for other spans the label of an entity that makes up
    most of the span is used ("Prime Minister Fumio Kishida" -> PERSON).
    """
    label = span.label_ or None
    if label is None:
        ents = [e for e in entities_within(span) if len(e) * 2 >= len([t for t in span if not t.is_punct])]
        if ents and ents[-1].label_ in {"PERSON", "ORG"} and _only_titles_before(span, ents[-1]):
            label = ents[-1].label_
    raw = span_words(span)
    if label in {"GPE", "LOC", "NORP"}:
        label = None
    return resolve_words(raw, lexicon, on, label, text=span.text)


def _only_titles_before(span: Span, ent: Span) -> bool:
    """True when the words before the entity are titles/modifiers, not a separate head noun."""
    return all(t.pos_ in {"PROPN", "ADJ", "DET", "PUNCT", "NOUN", ""} or t.is_title
               for t in span.doc[span.start:ent.start])
