"""Dates as written, resolved against the publication date: weekdays, last week, in May, Sept. 11,
in recent days, hours later, explicit dates — on sentences from many wars, in our own words."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sitrep.nlp.dates import DAY, MONTH, WEEK, DateMention, find_dates, resolve_date

FIXTURES = Path(__file__).resolve().parent / "fixtures"
TABLE = [json.loads(line) for line in (FIXTURES / "dates_wars.jsonl").read_text(encoding="utf-8").splitlines()
         if line.strip()]
PUB = "2021-07-07"  # a Wednesday


@pytest.mark.parametrize("text, value, precision", [
    ("on Tuesday", "2021-07-06", DAY), ("Tuesday", "2021-07-06", DAY),
    ("Wednesday", "2021-07-07", DAY),  # the publication weekday is the publication day
    ("on Thursday", "2021-07-01", DAY),  # the most recent Thursday, not tomorrow
    ("last Wednesday", "2021-06-30", DAY), ("next Monday", "2021-07-12", DAY),
    ("last week", "2021-06-28/2021-07-04", WEEK), ("this week", "2021-07-05/2021-07-11", WEEK),
    ("in May", "2021-05-01/2021-05-31", MONTH), ("in July", "2021-07-01/2021-07-31", MONTH),
    ("in August", "2020-08-01/2020-08-31", MONTH),  # the most recent August not after publication
    ("Sept. 11", "2021-09-11", DAY), ("by Sept. 11", "2021-09-11", DAY),  # a deadline: future allowed
    ("in recent days", "2021-06-30/2021-07-07", WEEK), ("in recent months", "2021-04-08/2021-07-07", MONTH),
    ("yesterday", "2021-07-06", DAY), ("last night", "2021-07-06", DAY), ("today", "2021-07-07", DAY),
    ("two days ago", "2021-07-05", DAY), ("a week ago", "2021-06-28/2021-07-04", WEEK),
    ("last month", "2021-06-01/2021-06-30", MONTH), ("last year", "2020-01-01/2020-12-31", MONTH),
    ("July 6, 2021", "2021-07-06", DAY), ("6 July 2021", "2021-07-06", DAY), ("2021-07-02", "2021-07-02", DAY),
    ("on the night of July 5", "2021-07-05", DAY), ("on the night of Monday", "2021-07-05", DAY),
    ("in May 2019", "2019-05-01/2019-05-31", MONTH), ("in 2019", "2019-01-01/2019-12-31", MONTH),
    ("the 1990s", "1990-01-01/1999-12-31", MONTH), ("over the weekend", "2021-07-03/2021-07-04", WEEK),
    ("in the past week", "2021-06-30/2021-07-07", WEEK), ("earlier this year", "2021-01-01/2021-07-07", MONTH),
    ("since May", "2021-05-01/2021-07-07", MONTH), ("since Saturday", "2021-07-03/2021-07-07", WEEK),
])
def test_resolve_date_forms(text, value, precision):
    assert resolve_date(text, PUB) == (value, precision)


def test_anchored_forms_need_the_date_before_them():
    assert resolve_date("hours later", PUB, anchor="2021-07-05") == ("2021-07-05", DAY)
    assert resolve_date("the next day", PUB, anchor="2021-07-05") == ("2021-07-06", DAY)
    assert resolve_date("two days later", PUB, anchor="2021-07-01") == ("2021-07-03", DAY)
    assert resolve_date("hours later", PUB) == (None, None)


def test_unresolvable_keeps_nothing_invented():
    assert resolve_date("on Tuesday", None) == (None, None)
    assert resolve_date("at some point", PUB) == (None, None)
    assert resolve_date("Sept. 11, 2001", None) == ("2001-09-11", DAY)  # explicit needs no publication date


@pytest.mark.parametrize("row", TABLE, ids=[f"{i:02d}-{r['war']}" for i, r in enumerate(TABLE)])
def test_dates_in_sentences_from_many_wars(row):
    found = find_dates(row["text"], row["published"])
    assert [(d.text, d.value, d.precision) for d in found] == [tuple(d) for d in row["dates"]]
    for d in found:
        assert row["text"][d.start:d.end] == d.text


def test_table_covers_many_wars():
    assert len(TABLE) >= 25 and len({r["war"] for r in TABLE}) >= 4


def test_find_dates_reads_a_spacy_doc_with_offsets_into_the_text():
    class FakeDoc:  # only .text is read: no parse needed for dates
        text = "   \n\nOn Monday, hundreds fled. By Sept. 11 all will have left."

    found = find_dates(FakeDoc(), PUB)
    by = FakeDoc.text.index("By")
    assert found == [DateMention(5, 14, "On Monday", "2021-07-05", DAY),
                     DateMention(by, by + 11, "By Sept. 11", "2021-09-11", DAY)]


def test_words_that_only_look_like_dates_are_skipped():
    assert find_dates("The talks may resume, and Mark said the march would go on.", PUB) == []


def test_weekdays_inside_names_are_no_dates():
    text = "The Sunday Times reported it, and Bloody Sunday was recalled. Officials said Tuesday that talks failed."
    assert [d.text for d in find_dates(text, PUB)] == ["Tuesday"]


@pytest.mark.parametrize("text, published, value", [
    ("The siege began on March 3.", "2031-10-20", "2031-03-03"),  # 231 days back beats 134 ahead
    ("Talks are due to resume on Nov. 4.", "2031-08-20", "2031-11-04"),  # a date a few months ahead stays ahead
    ("The town fell on Dec. 30.", "2032-01-04", "2031-12-30"),
])
def test_a_day_without_its_year_leans_to_the_past(text, published, value):
    assert [d.value for d in find_dates(text, published)] == [value]


def test_anchored_forms_follow_the_last_day_in_the_text():
    text = "The town was shelled on Monday. Hours later it fell, and a month earlier talks had failed."
    found = [(d.text, d.value) for d in find_dates(text, PUB)]
    assert found == [("on Monday", "2021-07-05"), ("Hours later", "2021-07-05"),
                     ("a month earlier", "2021-06-01/2021-06-30")]


def test_a_weekday_in_a_sentence_about_the_future_is_the_coming_one():
    text = "Fighting stopped on Monday. Negotiators will meet again on Friday, and the truce is due to end Sunday."
    assert [(d.text, d.value) for d in find_dates(text, PUB)] == [
        ("on Monday", "2021-07-05"), ("on Friday", "2021-07-09"), ("Sunday", "2021-07-11")]
