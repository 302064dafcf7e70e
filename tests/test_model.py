"""The domain types: the text as read is never altered, and prose is told from furniture."""

from sitrep.model import Article, BodySpan, Claim, Range, Reading, Removed, Source


def test_body_text_blanks_everything_outside_the_body_and_keeps_offsets():
    a = Article.from_text("HEADLINE\nThe body line.\nRead more")
    a.body = [BodySpan(9, 23)]
    a.removed = [Removed("title", 0, 8), Removed("related", 24, 33)]
    blanked = a.body_text()
    assert len(blanked) == len(a.text)
    assert blanked[9:23] == "The body line." and blanked[:8].strip() == "" and blanked[8] == "\n"
    assert a.in_body(9, 13) and not a.in_body(0, 8)


def test_an_article_that_is_all_furniture_has_no_prose():
    a = Article.from_text("Check Also\nSomething else")
    a.removed = [Removed("widget", 0, len(a.text))]
    assert a.body_text().strip() == ""
    assert not a.in_body(0, 5)
    uncleaned = Article.from_text("Plain prose.")
    assert uncleaned.body_text() == "Plain prose." and uncleaned.in_body(0, 5)


def test_reading_round_trips_through_its_stored_record():
    a = Article.from_text("More than 60 troops were killed, he said.", outlet="Wire", published="2024-05-01")
    c = Claim("c_1", a.id, "quantity", "troops killed", Source("entity", "ent_1", "A. Khan"), 0, 12,
              value=Range(61, None, None, "More than 60"), attrs={"measure": "killed"})
    r = Reading(a, claims=[c])
    back = Reading.from_record(r.to_record())
    assert back.to_record() == r.to_record()
    assert back.claims[0].value == Range(61, None, None, "More than 60")


def test_ids_come_from_content():
    assert Article.from_text("same").id == Article.from_text("same").id != Article.from_text("other").id
