"""The headline as evidence of a report's news (events/headline.py and the pipeline's headline pass).
Every text is invented for these tests (our own words); the places are real so the gazetteer is used."""

from __future__ import annotations

from sitrep.events.headline import told_in_body
from sitrep.model import Article, Event
from sitrep.pipeline import read_article


def ev(id_, start, sub_type, type_="Battles", place=None, precision=None, date=None, **attrs) -> Event:
    return Event(id_, "a1", type_, sub_type, start, start + 10, date=date, place=place, place_precision=precision,
                 attrs=dict(attrs))


def test_a_headline_happening_the_body_tells_is_a_mention_of_the_first_body_telling():
    body = [ev("b1", 100, "Armed clash", place="geo_1", precision=1, date="2031-04-02"),
            ev("b2", 300, "Armed clash", place="geo_1", precision=1, date="2031-04-03")]
    (kept,) = told_in_body([ev("h1", 5, "Armed clash")], body)
    assert (kept.id, kept.start, kept.place, kept.date) == ("h1", 5, "geo_1", "2031-04-02")
    assert kept.attrs["headline_of"] == "b1"


def test_a_headline_happening_the_body_does_not_tell_opens_nothing():
    body = [ev("b1", 100, "Armed clash", place="geo_1", precision=1)]
    assert told_in_body([ev("h1", 5, "Air/drone strike", type_="Explosions/Remote violence")], body) == []
    # the same kind at another town is another happening
    assert told_in_body([ev("h2", 5, "Armed clash", place="geo_2", precision=1)], body) == []
    # a headline placed only at the country fits the town the body names
    assert [e.id for e in told_in_body([ev("h3", 5, "Armed clash", place="geo_0", precision=3)], body)] == ["h3"]


def test_each_body_happening_takes_one_headline_mention_and_history_is_left_out():
    body = [ev("b1", 100, "Armed clash", history=True), ev("b2", 200, "Armed clash")]
    kept = told_in_body([ev("h1", 5, "Armed clash"), ev("h2", 40, "Armed clash")], body)
    assert [(e.id, e.attrs["headline_of"]) for e in kept] == [("h1", "b2")]


BODY = ("Rebel fighters captured the town of Minova on Friday after heavy fighting with the army, "
        "a local official said.\n\n"
        "The official said the town had been cut off for a week before the attack.\n")


def test_the_pipeline_reads_the_headline_at_its_own_span(resources):
    text = "Rebels have captured the town of Minova\n\n" + BODY
    art = Article.from_text(text, outlet="Test Wire", published="2031-02-15", language="en")
    reading = read_article(art, resources)
    title_end = text.index("\n")
    head = [e for e in reading.events if e.start < title_end]
    assert len(head) == 1, [(e.sub_type, text[e.start:e.end]) for e in reading.events]
    (e,) = head
    body = next(b for b in reading.events if b.id == e.attrs["headline_of"])
    assert body.start > title_end and e.end <= title_end and e.article == art.id
    assert text[e.start:e.end].startswith("Rebels have captured")
    assert (e.type, e.sub_type, e.place, e.date) == (body.type, body.sub_type, body.place, body.date)
    assert e.sub_type == "Non-state actor overtakes territory"


def test_the_pipeline_keeps_no_happening_only_the_headline_tells(resources):
    text = "Army jets have bombed the market in Goma\n\n" + BODY
    art = Article.from_text(text, outlet="Test Wire", published="2031-02-15", language="en")
    reading = read_article(art, resources)
    assert reading.events and not [e for e in reading.events if e.start < text.index("\n")]
