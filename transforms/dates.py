"""When did an event happen? Date expressions resolved against the publication date.

News text rarely gives full dates: it says "Tuesday", "last week", "in January", "Aug. 24". Each
is resolved relative to ``published_at`` and the direction the event points in (a planned visit
"in January" is the *next* January, a detention "in March" the *last* one), and the result says how
much of the date the words really gave (``precision``): a month-level phrase is stored as the first
day of that month with precision ``"month"`` rather than as a made-up day.

Two entry points:

- :func:`resolve_date_text` reads one expression (no spaCy needed);
- :func:`resolve_event_date` picks, among the sentence's DATE entities, the one that belongs to an
  event trigger, skipping reporting dates ("sources said Tuesday"), durations ("four-year"),
  frequencies ("every year"), ages and bounds ("since 2019", "by the end of the year").

Pure functions: no I/O, no global state; called once per event.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Iterable

from spacy.tokens import Span, Token

from transforms.entity_index import entities_within

__all__ = [
    "ResolvedDate", "UNKNOWN", "attachment_tier", "is_future_status", "is_reporting_verb", "lemma",
    "resolve_date_text", "resolve_event_date",
]


@dataclass(frozen=True)
class ResolvedDate:
    """A resolved event date.

    ``value`` is the day the event happened, or the first day of its month/year when ``precision``
    is ``"month"``/``"year"``; ``None`` with precision ``"unknown"`` when the words do not pin it
    down. ``text``/``start_char``/``end_char`` point at the words it was read from (offsets into
    the Doc; ``None`` when the date did not come from a Doc).
    """

    value: dt.date | None
    precision: str
    text: str | None = None
    start_char: int | None = None
    end_char: int | None = None

    @property
    def iso(self) -> str | None:
        """``value`` as an ISO string (what Doc extensions store), or None."""
        return self.value.isoformat() if self.value else None


UNKNOWN = ResolvedDate(None, "unknown")

#: Statuses whose event lies after the publication date ("will visit in January").
FUTURE_STATUSES = frozenset({"planned", "hypothetical"})

#: Two days of slack for day-level dates on the "wrong" side of publication (time zones, late copy).
_SKEW = dt.timedelta(days=2)

_MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}
_WEEKDAYS: dict[str, int] = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4, "saturday": 5, "sat": 5,
    "sunday": 6, "sun": 6,
}
_NUMBERS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a couple of": 2, "a few": 3,
}
_SEASONS: dict[str, tuple[int, int]] = {  # northern-hemisphere months, inclusive; winter spans years
    "spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11),
}

_MONTH_RE = (
    r"(?P<month>january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?"
)
_DAY_RE = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR_RE = r"(?P<year>(?:19|20)\d\d)"
_WEEKDAY_RE = r"(?P<weekday>" + "|".join(sorted(_WEEKDAYS, key=len, reverse=True)) + r")\.?"
# "early", "mid", "late", "mid to late", "mid-", "the end of", "the middle of", "the first week of"...
_PART_RE = (
    r"(?:(?:early|mid|middle|late|the (?:end|beginning|start|middle|close) of|end of|beginning of|start of"
    r"|the (?:first|second|third|fourth|last|final) (?:week|half|days?) of)"
    r"(?:\s*(?:-|to|or|and)\s*(?:early|mid|middle|late))?[\s-]+)?"
)
_DAY_PART_RE = r"(?:\s+(?:morning|afternoon|evening|night|noon|midnight))?"
_TIME_OF_DAY_RE = re.compile(r"\b(?:\d{1,2}(?::\d\d)?\s*(?:a\.?m\.?|p\.?m\.?)|noon|midnight)\b")

_BOUND_WORDS = ("since", "until", "till", "through", "throughout", "by", "before", "after", "between",
                "as of", "as early as", "as late as", "no later than", "prior to", "up to", "ahead of")
_NON_DATE = re.compile(
    r"\b(?:every|each|annual|annually|daily|weekly|monthly|yearly|per)\b|\b(?:once|twice|times) a\b"
    r"|\b(?:decade|decades|century|centuries|era|age|aged|old)\b|\d0s\b|\bfiscal\b|\bfy\b"
    r"|^(?:the )?(?:days|weeks|months|years|hours)$"
)
_DURATION = re.compile(
    r"\b(?:\d+|" + "|".join(n for n in _NUMBERS if " " not in n) + r"|several|few|many|more than|some|about|"
    r"nearly|almost|over|the past|the last|the next|the coming|the previous|recent|the following)"
    r"[\s-]+(?:\w+[\s-]+)?(?:days?|weeks?|months?|years?|hours?|minutes?)\b(?!\s+ago)"
)


def is_future_status(status: str) -> bool:
    """Does an event with this status lie after publication? Planned and hypothetical events do."""
    return status in FUTURE_STATUSES


def _as_date(published_at: dt.date | str | None) -> dt.date | None:
    """Accept a date, a datetime or an ISO string (Doc extensions store strings)."""
    if published_at is None:
        return None
    if isinstance(published_at, dt.datetime):
        return published_at.date()
    if isinstance(published_at, dt.date):
        return published_at
    try:
        return dt.date.fromisoformat(str(published_at)[:10])
    except ValueError:
        return None


def _normalise(text: str) -> str:
    text = text.lower().replace("\u2019", "'").replace("\u2013", "-").replace("\u2014", "-")
    text = re.sub(r"'s\b", "", text)
    text = re.sub(r"[\"(),;:!?]", " ", text)
    text = re.sub(r"\s+", " ", text).strip(" .-")
    for prefix in ("in", "on", "at", "during", "from", "of", "for", "over", "around", "about", "circa"):
        if text.startswith(prefix + " "):
            text = text[len(prefix) + 1:]
            break
    return text


def _month_start(year: int, month: int) -> dt.date:
    return dt.date(year, month, 1)


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + (day.month - 1) + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _span_precision(first: dt.date, last: dt.date) -> ResolvedDate:
    """The most precise honest label for a range of days (a week, a weekend)."""
    if (first.year, first.month) == (last.year, last.month):
        return ResolvedDate(_month_start(first.year, first.month), "month")
    if first.year == last.year:
        return ResolvedDate(dt.date(first.year, 1, 1), "year")
    return UNKNOWN


def _safe_day(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _day_in_direction(month: int, day: int, pub: dt.date, future: bool) -> dt.date | None:
    """A month/day without a year: the nearest occurrence on the event's side of publication."""
    this_year = _safe_day(pub.year, month, day)
    if this_year is None:
        return _safe_day(pub.year + (1 if future else -1), month, day)
    if future:
        return this_year if this_year >= pub - _SKEW else _safe_day(pub.year + 1, month, day)
    return this_year if this_year <= pub + _SKEW else _safe_day(pub.year - 1, month, day)


def _month_in_direction(month: int, pub: dt.date, future: bool, strict: bool = False) -> dt.date:
    """A month without a year: this month counts unless ``strict`` ("last March", "next January")."""
    if future:
        year = pub.year if (month > pub.month or (month == pub.month and not strict)) else pub.year + 1
    else:
        year = pub.year if (month < pub.month or (month == pub.month and not strict)) else pub.year - 1
    return _month_start(year, month)


def _weekday(weekday: int, pub: dt.date, future: bool, modifier: str | None) -> dt.date:
    if modifier == "last" or modifier == "past" or (modifier != "next" and not future):
        back = (pub.weekday() - weekday) % 7
        if modifier in ("last", "past") and back == 0:
            back = 7
        return pub - dt.timedelta(days=back)
    ahead = (weekday - pub.weekday()) % 7
    if modifier == "next" and ahead == 0:
        ahead = 7
    return pub + dt.timedelta(days=ahead)


def _week(pub: dt.date, offset: int) -> ResolvedDate:
    """Monday-to-Sunday week ``offset`` weeks from publication's week.

    A week is not a precision the warehouse has: it is reported as its month when the whole week
    lies in one month (value = first of that month), its year when it straddles two months of one
    year, and unknown when it straddles New Year. Never as a day: that would claim more than the
    text says.
    """
    monday = pub - dt.timedelta(days=pub.weekday()) + dt.timedelta(weeks=offset)
    return _span_precision(monday, monday + dt.timedelta(days=6))


def _weekend(pub: dt.date, offset: int, future: bool) -> ResolvedDate:
    """Saturday-Sunday: ``offset`` -1 last, +1 next, 0 "this"/"the" (direction decides)."""
    saturday = pub - dt.timedelta(days=pub.weekday()) + dt.timedelta(days=5)  # of publication's week
    on_weekend = pub.weekday() >= 5
    if offset < 0 or (offset == 0 and not future and not on_weekend):
        saturday -= dt.timedelta(weeks=1)
    elif offset > 0 and on_weekend:
        saturday += dt.timedelta(weeks=1)
    return _span_precision(saturday, saturday + dt.timedelta(days=1))


def _period_end_ok(end_month: dt.date, pub: dt.date, future: bool) -> bool:
    """'The end of the year' for a past event is only sure when that end is not after publication."""
    return future or end_month <= _month_start(pub.year, pub.month)


def _relative_period(t: str, pub: dt.date, future: bool) -> ResolvedDate | None:
    """last/this/next week|weekend|month|year, with early/late/end-of qualifiers."""
    m = re.fullmatch(
        r"(?P<part>earlier|later|early|mid|middle|late|(?:the )?(?:end|beginning|start|middle|close|first half|"
        r"second half|first week|last week|first days|last days) of)?\s*"
        r"(?P<rel>last|this|next|past|previous|coming|current|the)?\s*"
        r"(?P<unit>week|weekend|month|year)(?P<end>[\s-]?end)?",
        t,
    )
    if not m:
        return None
    unit, part, rel = m["unit"], (m["part"] or ""), (m["rel"] or "")
    if m["end"]:
        part = "end of"  # "year-end", "the year end"
    if rel in ("past", "previous") or (rel == "the" and not part and unit != "weekend"):
        return UNKNOWN  # "the past week" is a duration, "the week" an anaphor: no anchor
    if rel == "" and not part:
        return None
    offset = {"last": -1, "next": 1, "coming": 1}.get(rel, 0)
    current = rel in ("", "the", "this", "current")
    end = any(word in part for word in ("end", "close", "last"))
    if unit == "week":
        return _week(pub, offset)
    if unit == "weekend":
        return _weekend(pub, offset, future)
    if unit == "month":
        if current and end and not future and pub.day <= 20:
            return UNKNOWN  # "at the end of the month" early in a month: this one or the last?
        return ResolvedDate(_add_months(_month_start(pub.year, pub.month), offset), "month")
    year = pub.year + offset
    if end:
        december = dt.date(year, 12, 1)
        if current and not _period_end_ok(december, pub, future):
            return UNKNOWN
        return ResolvedDate(december, "month")
    return ResolvedDate(dt.date(year, 1, 1), "year")


def _ago(t: str, pub: dt.date) -> ResolvedDate | None:
    m = re.fullmatch(r"(?P<n>\d+|" + "|".join(_NUMBERS) + r")\s+(?P<unit>day|week|month|year)s?\s+ago", t)
    if not m:
        return None
    n = int(m.group("n")) if m.group("n").isdigit() else _NUMBERS[m.group("n")]
    unit = m.group("unit")
    if unit == "day":
        return ResolvedDate(pub - dt.timedelta(days=n), "day")
    if unit == "week":
        return _week(pub, -n)
    if unit == "month":
        return ResolvedDate(_add_months(_month_start(pub.year, pub.month), -n), "month")
    return ResolvedDate(dt.date(pub.year - n, 1, 1), "year")


def _explicit(t: str, pub: dt.date | None, future: bool) -> ResolvedDate | None:
    """Month-name and ISO dates, with or without a year; years alone."""
    m = re.search(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b", t)
    if m:
        day = _safe_day(int(m["y"]), int(m["m"]), int(m["d"]))
        return ResolvedDate(day, "day") if day else UNKNOWN
    # Month day[, year] | day Month [year]   (first day of a range "Sept. 5-7" / "Sept. 5 and 6")
    for pattern in (
        _MONTH_RE + r"\s+" + _DAY_RE + r"(?:\s*(?:-|to|and|through)\s*[0-3]?\d(?:st|nd|rd|th)?)?(?:\s+" + _YEAR_RE + r")?\b",
        _DAY_RE + r"(?:\s*(?:-|to|and)\s*[0-3]?\d(?:st|nd|rd|th)?)?\s+(?:of\s+)?" + _MONTH_RE + r"(?:\s+" + _YEAR_RE + r")?\b",
    ):
        m = re.search(r"(?<![\w-])" + pattern, t)
        if m and 1 <= int(m["day"]) <= 31:
            month = _MONTHS[m["month"]]
            if m["year"]:
                day = _safe_day(int(m["year"]), month, int(m["day"]))
            elif pub is not None:
                day = _day_in_direction(month, int(m["day"]), pub, future)
            else:
                return UNKNOWN
            return ResolvedDate(day, "day") if day else UNKNOWN
    # [part] Month [of] [year | this/last/next year]
    m = re.fullmatch(
        r"(?P<rel>this|last|next|past|the)?\s*" + _PART_RE + _MONTH_RE
        + r"(?:\s*(?:of\s+)?(?:" + _YEAR_RE + r"|(?:this|last|next) year))?",
        t,
    )
    if m:
        month = _MONTHS[m["month"]]
        if m["year"]:
            return ResolvedDate(_month_start(int(m["year"]), month), "month")
        if pub is None:
            return UNKNOWN
        if t.endswith("this year"):
            return ResolvedDate(_month_start(pub.year, month), "month")
        if t.endswith("last year"):
            return ResolvedDate(_month_start(pub.year - 1, month), "month")
        if t.endswith("next year"):
            return ResolvedDate(_month_start(pub.year + 1, month), "month")
        rel = m["rel"]
        if rel == "this":
            return ResolvedDate(_month_start(pub.year, month), "month")
        if rel in ("last", "past"):
            return ResolvedDate(_month_in_direction(month, pub, future=False, strict=True), "month")
        if rel == "next":
            return ResolvedDate(_month_in_direction(month, pub, future=True, strict=True), "month")
        return ResolvedDate(_month_in_direction(month, pub, future), "month")
    # [part] year: "2021", "early 2021", "the end of 2021", "the summer of 2021", "the first half of 2021"
    m = re.fullmatch(
        r"(?:the )?(?P<part>(?:the )?(?:end|close) of |(?:the )?(?:beginning|start|middle|first half|second half) of "
        r"|early |mid |mid-|late |(?:the )?(?:spring|summer|autumn|fall|winter)(?: of)? )?(?:the year )?" + _YEAR_RE,
        t,
    )
    if m:
        year = int(m["year"])
        part = m["part"] or ""
        if "end" in part or "close" in part:
            return ResolvedDate(dt.date(year, 12, 1), "month")
        if "winter" in part:
            return UNKNOWN  # winter 2021: Dec 2020-Feb 2021 or Dec 2021-Feb 2022 depending on usage
        return ResolvedDate(dt.date(year, 1, 1), "year")
    return None


def _season(t: str, pub: dt.date, future: bool) -> ResolvedDate | None:
    m = re.fullmatch(r"(?:(?P<rel>this|last|next|the) )?(?:early |late |mid-?)?(?P<season>spring|summer|autumn|fall|winter)", t)
    if not m:
        return None
    season, rel = m["season"], m["rel"]
    if season == "winter":
        return UNKNOWN
    first, last = _SEASONS[season]
    if rel == "this":
        year = pub.year
    elif rel == "last" or (rel in (None, "the") and not future):
        year = pub.year if pub.month > last else pub.year - 1
        if rel in (None, "the") and first <= pub.month <= last:
            year = pub.year  # "in summer" written during the summer: this one
    else:
        year = pub.year if pub.month < first else pub.year + 1
        if rel in (None, "the") and first <= pub.month <= last:
            year = pub.year
    return ResolvedDate(dt.date(year, 1, 1), "year")


def resolve_date_text(
    text: str, published_at: dt.date | str | None, status: str = "asserted"
) -> ResolvedDate:
    """Resolve one date expression against the publication date.

    Direction: ``planned``/``hypothetical`` events look forward from publication ("in January" =
    the next January, "Tuesday" = the next Tuesday, "Jan. 23" = the next Jan. 23); every other
    status looks back (the most recent one on or before publication; the current month/day
    counts). A date that names its year needs no anchor.

    Precision is what the words give: "Aug. 24" is a day, "late August"/"mid to late September"/
    "this month" a month (value = its first day), "in 2021"/"earlier this year" a year. A week
    ("last week", "two weeks ago") is reported as its month when all seven days lie in one month,
    as its year when it straddles two months, else unknown — never as a day. "The end of the year"
    is December (month) for planned events, and unknown for a past event published before
    December (this year's end has not happened, last year's is a guess). Durations ("four-year",
    "three years"), frequencies ("every year"), bounds ("since 2019", "by Friday"), decades and
    fiscal years are unknown. The publication date itself comes back only from words that mean it
    ("today", "this morning", a weekday that falls on it).

    Returns a :class:`ResolvedDate` whose ``text`` is ``text`` (offsets None); precision
    ``"unknown"`` and value None when it cannot be resolved.
    """
    resolved = _resolve(text, _as_date(published_at), is_future_status(status))
    return ResolvedDate(resolved.value, resolved.precision if resolved.value else "unknown", text)


def _resolve(text: str, pub: dt.date | None, future: bool) -> ResolvedDate:
    raw = text.lower().strip()
    if any(raw.startswith(word + " ") for word in _BOUND_WORDS):
        return UNKNOWN  # "since 2019", "by Friday": a bound, not the day it happened
    t = _normalise(text)
    if not t or _NON_DATE.search(t):
        return UNKNOWN
    t = _TIME_OF_DAY_RE.sub("", t).strip()
    t = re.sub(r"\b(?:at|around|about)$", "", t).strip()
    explicit = _explicit(t, pub, future)
    if explicit is not None:
        return explicit
    if _DURATION.search(t) and not re.search(r"\bago\b", t):
        return UNKNOWN
    if pub is None:
        return UNKNOWN
    words = re.sub(r"\b(?:early|late|earlier|later)\s+(?=today|yesterday|tomorrow|tonight)", "", t)
    if re.fullmatch(r"(?:today|tonight|this (?:morning|afternoon|evening))", words):
        return ResolvedDate(pub, "day")
    if re.fullmatch(r"(?:yesterday" + _DAY_PART_RE + r"|last night)", words):
        return ResolvedDate(pub - dt.timedelta(days=1), "day")
    if re.fullmatch(r"the day before yesterday", words):
        return ResolvedDate(pub - dt.timedelta(days=2), "day")
    if re.fullmatch(r"(?:tomorrow" + _DAY_PART_RE + r")", words):
        return ResolvedDate(pub + dt.timedelta(days=1), "day")
    if re.fullmatch(r"the day after tomorrow", words):
        return ResolvedDate(pub + dt.timedelta(days=2), "day")
    m = re.fullmatch(r"(?:(?P<mod>last|this|next|past|coming|early|late)\s+)?" + _WEEKDAY_RE + _DAY_PART_RE, words)
    if m:
        modifier = {"past": "last", "coming": "next"}.get(m["mod"] or "", m["mod"])
        modifier = None if modifier in ("this", "early", "late") else modifier
        return ResolvedDate(_weekday(_WEEKDAYS[m["weekday"]], pub, future, modifier), "day")
    found = _ago(words, pub) or _relative_period(words, pub, future) or _season(words, pub, future)
    return found if found is not None else UNKNOWN


# --------------------------------------------------------------------------------------------
# Picking the date that belongs to an event trigger
# --------------------------------------------------------------------------------------------

#: Verbs whose own time is the reporting time, not the event's.
REPORTING_LEMMAS = frozenset({
    "say", "tell", "announce", "accord", "report", "state", "add", "note", "confirm", "quote",
    "disclose", "reveal", "write", "comment", "explain", "insist", "remark", "stress", "reply",
    "respond", "declare", "claim", "brief", "learn", "show", "indicate", "acknowledge", "ask",
})
_REPORTING_FORMS = frozenset(
    {form for lemma in REPORTING_LEMMAS for form in (lemma, lemma + "s", lemma + "d", lemma + "ed")}
    | {"said", "told", "wrote", "written", "shown", "according"}
)
_TEMPORAL_LABELS = ("DATE", "TIME")
# "the 2011 earthquake" dates the quake; "Tuesday's talks" (poss) and "at the 2019 summit" date the event.
_PREMODIFIER_DEPS = frozenset({"nummod", "compound", "amod", "nmod", "quantmod"})
_TIME_FRAME_PREPS = frozenset({"at", "during", "on", "in", "amid"})
_FUTURE_HEADS = frozenset({"plan", "schedule", "expect", "set", "slate", "due", "aim", "intend", "prepare", "go"})
_AGE_RE = re.compile(r"\b(?:year|month)s?[- ]old\b|\baged?\b")


def lemma(token: Token) -> str:
    """The lemma, or the lower-cased word where no lemmatizer ran (blank pipelines in tests)."""
    return token.lemma_.lower() if token.lemma_ else token.lower_


def is_reporting_verb(token: Token) -> bool:
    """said/told/announced/according...: verbs whose time and place are the report's."""
    return lemma(token) in REPORTING_LEMMAS or token.lower_ in _REPORTING_FORMS


def _trigger_tokens(trigger: Span | Token) -> tuple[set[int], Token]:
    if isinstance(trigger, Token):
        return {trigger.i}, trigger
    return {t.i for t in trigger}, trigger.root


def _is_verb(token: Token) -> bool:
    return token.pos_ == "VERB" or (token.pos_ == "AUX" and token.dep_ in ("ROOT", "ccomp", "advcl", "conj", "relcl"))


#: Prepositions introducing a reason or topic: what lies below them is another event's business
#: ("blamed Israel *for* the bombing in Tulkarm on Tuesday").
TOPIC_PREPS = frozenset({"for", "over", "about", "regarding", "concerning", "because"})
_BLOCKED = -1


def _governor(start: Token, trigger_ids: set[int]) -> tuple[Token | None, int]:
    """Walk up from ``start``: the trigger (if reached first) or the first other verb, and the hops.

    Returns ``(None, _BLOCKED)`` when the path crosses a topic preposition above ``start``, and
    ``(None, hops)`` when it ends at a verbless root.
    """
    token, hops = start, 0
    while True:
        head = token.head
        if head.i == token.i:
            return (token if _is_verb(token) and hops > 0 else None), hops
        token, hops = head, hops + 1
        if token.i in trigger_ids:
            return token, hops
        if _is_verb(token):
            return token, hops
        if token.dep_ in ("prep", "agent") and token.lower_ in TOPIC_PREPS:
            return None, _BLOCKED


def _phrase_start(root: Token) -> Token:
    """A phrase is attached through its preposition: start walks there ("said *on* Monday")."""
    return root.head if root.dep_ in ("pobj", "pcomp") and root.head.i != root.i else root


#: Subordinators that put the subordinate event at another time ("met in July *after* prices rose").
SEQUENCE_MARKERS = frozenset({
    "after", "before", "because", "since", "until", "till", "if", "unless", "although", "though",
    "once", "following", "ahead", "prior",
})


def _verb_ancestors(trigger_root: Token) -> list[Token]:
    """Verbs whose clause contains the trigger's and whose time and place it shares.

    The walk stops at coordination ("resumed in 2018 but halted": a conjunct's time is its own),
    at relative clauses ("the discharge that began on Aug. 24" is not dated by the main verb) and
    at subordinators of sequence or condition ("after", "because", "if").
    """
    ancestors: list[Token] = []
    token = trigger_root
    while token.head.i != token.i:
        if token.dep_ == "conj" and _is_verb(token):
            break
        if token.dep_ in ("relcl", "acl") and _is_verb(token):
            break
        if token.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in SEQUENCE_MARKERS for c in token.children):
            break
        if token.dep_ in ("pcomp", "pobj") and token.head.lower_ in SEQUENCE_MARKERS:
            break
        token = token.head
        if _is_verb(token):
            ancestors.append(token)
    return ancestors


def attachment_tier(start: Token, trigger: Span | Token, max_reporting_hops: int = 1) -> int | None:
    """How closely the phrase attached through ``start`` (its preposition, or its head word when
    it has none) belongs to ``trigger``; shared with ``transforms.places``.

    0: the head path reaches the trigger before any other verb; 1: it hangs off a verb (or a
    verbless root) whose clause contains the trigger, not via coordination and not off a reporting
    verb within ``max_reporting_hops``; 2: it hangs off a later verb coordinated with the trigger
    ("killed ... and wounded ... on Sunday"); None: it belongs to another clause or sits below a
    topic preposition ("for", "over", "about").
    """
    trigger_ids, trigger_root = _trigger_tokens(trigger)
    ancestors = {t.i for t in _verb_ancestors(trigger_root)}
    return _tier(start, trigger_ids, ancestors, max_reporting_hops)


def _tier(start: Token, trigger_ids: set[int], ancestors: set[int] | dict[int, Token],
          max_reporting_hops: int = 1) -> int | None:
    if start.i in trigger_ids:
        return 0
    governor, hops = _governor(start, trigger_ids)
    if governor is None:
        if hops == _BLOCKED or ancestors:
            return None
        return 1  # a verbless sentence (a caption): both share its head
    if governor.i in trigger_ids:
        return 0
    if governor.i in ancestors:
        if is_reporting_verb(governor) and hops <= max_reporting_hops:
            return None
        return 1
    if _later_conjunct(governor, trigger_ids):
        return 2
    return None


def _later_conjunct(verb: Token, trigger_ids: set[int]) -> bool:
    """"killed two youths and wounded five others *on Sunday*": a phrase closing a coordination
    of verbs belongs to the earlier conjuncts too (not after "but": "resumed ... but halted")."""
    token = verb
    while token.dep_ == "conj" and token.head.i != token.i:
        if any(c.dep_ == "cc" and c.lower_ in ("but", "yet", "or") for c in token.children):
            return False
        token = token.head
        if token.i in trigger_ids:
            return True
    return False


def _looks_future(trigger_root: Token) -> bool:
    """``will``/``shall`` on the trigger's verb, or an infinitive under plan/expect/schedule..."""
    verb = trigger_root
    while not _is_verb(verb) and verb.head.i != verb.i:
        verb = verb.head
    if any(c.dep_ in ("aux", "auxpass") and c.lower_ in ("will", "'ll", "shall") for c in verb.children):
        return True
    if verb.dep_ == "xcomp" and lemma(verb.head) in _FUTURE_HEADS:
        return True
    return False


def _excluded(ent: Span, trigger_ids: set[int]) -> bool:
    """Durations, ages, frequencies, bounds, and dates that modify some other noun."""
    text = ent.text.lower()
    doc = ent.doc
    after = doc[ent.end: ent.end + 2].text.lower()
    if _AGE_RE.search(text) or after.startswith(("old", "-old")):
        return True
    if _NON_DATE.search(text) or (_DURATION.search(text) and "ago" not in text):
        return True
    if "-" in text and re.search(r"-(?:day|week|month|year|hour)s?\b", text):
        return True  # "four-year suspension", "two-day visit"
    root = ent.root
    before = doc[ent.start - 1].lower_ if ent.start > 0 else ""
    before2 = doc[max(ent.start - 2, 0): ent.start].text.lower()
    governing_prep = root.head.lower_ if root.dep_ in ("pobj", "pcomp") else ""
    if before in _BOUND_WORDS or governing_prep in _BOUND_WORDS or before2 in _BOUND_WORDS:
        return True
    head = root.head
    if (root.dep_ in _PREMODIFIER_DEPS and head.i not in trigger_ids and head.pos_ in ("NOUN", "PROPN")
            and head.ent_type_ not in _TEMPORAL_LABELS
            and not (head.dep_ == "pobj" and head.head.lower_ in _TIME_FRAME_PREPS)):
        return True  # "a massive 2011 earthquake": the date of the quake, not of the event
    return False


def _follows_reporting_verb(ent: Span, trigger_ids: set[int]) -> bool:
    """"said (on) Monday (that) ...": the reporting date, however the parser attached it."""
    index = ent.start - 1
    if index >= 0 and ent.doc[index].lower_ == "on":
        index -= 1
    if index < 0:
        return False
    verb = ent.doc[index]
    return is_reporting_verb(verb) and verb.pos_ == "VERB" and verb.i not in trigger_ids


def _candidates(sentence: Span) -> Iterable[Span]:
    for ent in entities_within(sentence):
        if ent.label_ == "DATE":
            yield ent
        elif ent.label_ == "TIME" and re.search(
            r"\b(?:today|tonight|yesterday|tomorrow|morning|afternoon|evening|night|"
            + "|".join(w for w in _WEEKDAYS if len(w) > 3) + r")\b", ent.text.lower()
        ):
            yield ent


def resolve_event_date(
    sentence: Span,
    trigger: Span | Token,
    published_at: dt.date | str | None,
    status: str = "asserted",
) -> ResolvedDate:
    """The date of the event expressed by ``trigger``, read from its sentence's DATE entities.

    Which DATE belongs to the trigger (dependency tree of the real parse):

    1. one whose head path reaches the trigger before any other verb ("visit China *in January*",
       "the detention ... *in March*", "*Tuesday's* talks");
    2. else one governed by a verb whose clause contains the trigger ("restarted *in July* when
       ... visited Beijing") — except coordinated verbs ("resumed in 2018 but halted": 2018 is not
       the halt's date) and dates hanging directly off a reporting verb ("sources said *Tuesday*",
       "said *on Friday*" is when it was said, not when it happened);
    3. else one closing a coordination the trigger heads ("killed two and wounded five *on
       Sunday*"; not after "but");
    4. nothing else: a DATE in another clause (a relative clause, a sibling conjunct) is that
       clause's time, and guessing it would put wrong dates in the warehouse. Then the result is
       unknown — the publication date is never used as a fallback.

    Skipped entirely: durations ("four-year", "three years"), ages, frequencies ("every year"),
    bounds ("since 2019", "by the end of the year", "until March") and dates modifying another
    noun ("a massive 2011 earthquake"). Within a tier the nearest resolvable date to the trigger
    wins. The direction (future or past) comes from ``status`` and, for asserted/negated triggers
    with "will", from the verb itself.
    """
    trigger_ids, trigger_root = _trigger_tokens(trigger)
    future = is_future_status(status) or (status in ("asserted", "negated") and _looks_future(trigger_root))
    pub = _as_date(published_at)
    ancestors = {t.i: t for t in _verb_ancestors(trigger_root)}
    ranked: list[tuple[int, int, int, Span, ResolvedDate]] = []
    for ent in _candidates(sentence):
        if any(t.i in trigger_ids for t in ent) or _excluded(ent, trigger_ids):
            continue
        if _follows_reporting_verb(ent, trigger_ids):
            continue
        tier = _tier(_phrase_start(ent.root), trigger_ids, ancestors)
        if tier is None:
            continue
        resolved = _resolve(ent.text, pub, future)
        if resolved.value is None and ent.start > 0 and ent.doc[ent.start - 1].lower_ == "for":
            continue  # "for years", "for some time": a duration
        distance = min(abs(ent.start - trigger_root.i), abs(ent.end - 1 - trigger_root.i))
        ranked.append((tier, 0 if resolved.value else 1, distance, ent, resolved))
    if not ranked:
        return UNKNOWN
    ranked.sort(key=lambda item: item[:3])
    _, _, _, ent, resolved = ranked[0]
    return ResolvedDate(
        resolved.value, resolved.precision if resolved.value else "unknown", ent.text, ent.start_char, ent.end_char
    )
