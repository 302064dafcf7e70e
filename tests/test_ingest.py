"""read_inputs(): every reader, manifests, language, and every kind of bad input (a Skip with a
reason, never a crash, and the batch goes on). Fixtures in tests/fixtures/ingest are our own."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from sitrep.errors import InputError
from sitrep.ingest import Notice, Passed, read_inputs
from sitrep.ingest.errors import ManifestError
from sitrep.ingest.metadata import normalise_date
from sitrep.model import Article, Skip

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ingest"
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"

PROSE = ("Shelling hit the eastern districts of the town overnight, residents said on Monday, "
         "and the water supply was cut for a second day.\n")


def _articles(items) -> list[Article]:
    return [i for i in items if isinstance(i, Article)]


def _skips(items) -> list[Skip]:
    return [i for i in items if isinstance(i, Skip)]


# --- plain text, directories, manifests -----------------------------------------------------

def test_directory_uses_its_manifest_and_walks_sorted_without_hidden_files():
    items = list(read_inputs([str(FIXTURES / "withmanifest")]))
    assert _skips(items) == []
    names = [Path(a.source).name for a in items]
    assert names == ["story_a.txt", "story_b.txt"]  # manifest.json and .hidden.txt are not articles
    a, b = items
    assert (a.outlet, a.published, a.language) == ("Coast Herald", "2019-05-01", "en")
    assert (b.outlet, b.published) == ("Coast Herald", "2019-05-02")  # "May 2, 2019" normalised
    assert b.language == "en"  # detected: the manifest does not say
    assert a.id == Article.from_text(a.text).id  # the id is the hash of the text as read


def test_seed_directory_reads_manifest_metadata():
    if not SEEDS.is_dir():
        pytest.skip("seeds folder ../shared/seeds is absent")
    items = list(read_inputs([str(SEEDS)]))
    manifest = json.loads((SEEDS / "manifest.json").read_text(encoding="utf-8"))
    assert [Path(a.source).name for a in items] == sorted(e["file"] for e in manifest["articles"])
    for article, entry in zip(items, sorted(manifest["articles"], key=lambda e: e["file"])):
        assert article.outlet == entry["outlet"] and article.published == entry["published"]
        assert article.language == "en"
        assert article.text == (SEEDS / entry["file"]).read_text(encoding="utf-8")


def test_explicit_csv_manifest_and_manifest_only_inputs():
    csv = str(FIXTURES / "manifest.csv")
    [given] = read_inputs([str(FIXTURES / "note_one.txt")], manifest=csv)
    assert (given.outlet, given.published, given.title) == ("Hill Gazette", "2020-02-14", "First note")
    [listed] = read_inputs([], manifest=csv)  # no inputs: the manifest's files
    assert listed.id == given.id


def test_manifest_entry_with_a_bad_date_is_reported_and_the_other_entries_used(tmp_path):
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(PROSE.replace("Monday", name))
    manifest = tmp_path / "m.json"
    manifest.write_text(json.dumps({"articles": [
        {"file": "a.txt", "outlet": "Plain Post", "published": "2024-03-01"},
        {"file": "b.txt", "outlet": "Plain Post", "published": "sometime in spring"},
        {"file": "c.txt", "outlet": "Other Post", "published": "3 March 2024"}]}))
    items = list(read_inputs([], manifest=str(manifest)))
    [skip] = _skips(items)
    assert skip.input == str(tmp_path / "b.txt")
    assert "entry 2" in skip.reason and "sometime in spring" in skip.reason and "YYYY-MM-DD" in skip.reason
    assert "\n" not in skip.reason
    assert [(Path(a.source).name, a.outlet, a.published) for a in _articles(items)] == [
        ("a.txt", "Plain Post", "2024-03-01"), ("c.txt", "Other Post", "2024-03-03")]
    # the same in a folder's own manifest.json
    (tmp_path / "m.json").rename(tmp_path / "manifest.json")
    items = list(read_inputs([str(tmp_path)]))
    assert [s.input for s in _skips(items)] == [str(tmp_path / "b.txt")]
    assert sorted(Path(a.source).name for a in _articles(items)) == ["a.txt", "c.txt"]


def test_manifest_keyed_by_file_name(tmp_path):
    """The shape the dev sets' README describes: {"001.txt": {"outlet", "published", "language"}}."""
    (tmp_path / "001.txt").write_text(PROSE)
    (tmp_path / "002.txt").write_text(PROSE.replace("Monday", "Friday"))
    (tmp_path / "manifest.json").write_text(json.dumps({
        "about": "notes are not entries",
        "001.txt": {"outlet": "Keyed Times", "published": "2023-04-15", "language": "en"},
        "002.txt": {"outlet": "Keyed Times", "published": "April 16, 2023"}}))
    items = list(read_inputs([str(tmp_path)]))
    assert _skips(items) == []
    assert [(a.outlet, a.published, a.language) for a in items] == [
        ("Keyed Times", "2023-04-15", "en"), ("Keyed Times", "2023-04-16", "en")]


def test_manifest_entry_without_a_file_is_reported(tmp_path):
    (tmp_path / "a.txt").write_text(PROSE)
    (tmp_path / "manifest.json").write_text(json.dumps({"articles": [{"outlet": "Nameless"}, {"file": "a.txt"}]}))
    skip, article = read_inputs([str(tmp_path)])
    assert skip.input.endswith("manifest.json entry 1") and "names no file" in skip.reason
    assert article.source.endswith("a.txt")


def test_unusable_explicit_manifest_is_an_input_error(tmp_path):
    bad = tmp_path / "m.json"
    bad.write_text("[1, 2")
    with pytest.raises(ManifestError, match="not valid JSON"):
        list(read_inputs([], manifest=str(bad)))
    assert issubclass(ManifestError, InputError)


def test_broken_directory_manifest_is_a_skip_and_its_files_are_still_read(tmp_path):
    (tmp_path / "manifest.json").write_text("{not json")
    (tmp_path / "a.txt").write_text(PROSE)
    items = list(read_inputs([str(tmp_path)]))
    [skip] = _skips(items)
    assert skip.input.endswith("manifest.json") and "not valid JSON" in skip.reason
    assert len(_articles(items)) == 1


def test_non_utf8_text_is_decoded_and_invalid_bytes_never_crash(tmp_path):
    cp1252 = tmp_path / "cp1252.txt"
    cp1252.write_bytes(("Le café du marché a été touché par un obus, selon des témoins. " * 4).encode("cp1252"))
    mixed = tmp_path / "mixed.txt"
    mixed.write_bytes(PROSE.encode("utf-8") + b"\xff\xfe\x80 broken bytes\n")
    items = list(read_inputs([str(tmp_path)]))
    by_name = {Path(a.source).name: a for a in _articles(items)}
    assert "café du marché a été touché" in by_name["cp1252.txt"].text
    assert by_name["cp1252.txt"].language == "fr"
    assert by_name["mixed.txt"].text.startswith("Shelling hit")
    notices = {Path(n.input).name: n.message for n in items if isinstance(n, Notice)}
    assert "read as cp125" in notices["cp1252.txt"]  # a guessed encoding is said, not silent
    assert "mixed.txt" in notices  # ASCII with odd bytes: whichever reading, the user is told


def test_stray_bytes_in_utf8_keep_it_utf8_with_a_warning_naming_file_and_offset(tmp_path):
    """One bad byte must not turn "Adré" into "Adr√©" for the whole article."""
    text = "Refugees crossed into Adré, where the clinic in Tiné reported new arrivals on Sunday.\n" * 3
    data = text.encode("utf-8")
    cut = data.index(b"where")
    path = tmp_path / "stray.txt"
    path.write_bytes(data[:cut] + b"\x9d" + data[cut:])
    notice, article = read_inputs([str(path)])
    assert isinstance(notice, Notice) and notice.input == str(path)
    assert f"byte offset {cut:,}" in notice.message and "U+FFFD" in notice.message and "\n" not in notice.message
    assert article.text.count("Adré") == 3 and "Tiné" in article.text
    assert article.text == text[:text.index("where")] + "\ufffd" + text[text.index("where"):]


def test_stray_byte_in_a_jsonl_line_is_replaced_and_named_by_line(tmp_path):
    good = json.dumps({"text": "Shelling near Adré " + PROSE}, ensure_ascii=False).encode("utf-8")
    path = tmp_path / "a.jsonl"
    path.write_bytes(good + b"\n" + good.replace(b"Shelling", b"Shel\xffling") + b"\n")
    items = list(read_inputs([str(path)]))
    [notice] = [i for i in items if isinstance(i, Notice)]
    assert notice.input == f"{path}:2" and "of the line" in notice.message
    assert [a.text[:14] for a in _articles(items)] == ["Shelling near ", "Shel\ufffdling near"]


def test_crlf_newlines_are_normalised(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"Title line\r\n\r\n" + PROSE.encode())
    [a] = read_inputs([str(tmp_path / "a.txt")])
    assert "\r" not in a.text and a.text.startswith("Title line\n\n")


def test_stdin(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(PROSE.encode("utf-8"))))
    [a] = read_inputs(["-"])
    assert a.text == PROSE and a.source == "-"


def test_read_inputs_streams_one_input_at_a_time(tmp_path):
    first, second = tmp_path / "1.txt", tmp_path / "2.txt"
    first.write_text(PROSE)
    stream = read_inputs([str(first), str(second)])
    assert next(stream).source == str(first)
    second.write_text(PROSE.replace("Monday", "Tuesday"))  # created after the first article was yielded
    assert next(stream).source == str(second)


def test_same_inputs_same_articles_in_the_same_order():
    run = lambda: [(a.id, a.source) for a in _articles(read_inputs([str(FIXTURES)]))]  # noqa: E731
    assert run() == run() and len(run()) >= 8


# --- HTML, feeds, JSONL ---------------------------------------------------------------------------

def test_html_page_main_text_and_metadata():
    [a] = read_inputs([str(FIXTURES / "page.html")])
    assert a.title == "Floodwaters cut off displacement camps"
    assert a.outlet == "The Valley Courier" and a.byline == ["Rukia Mohamed"]
    assert a.published == "2023-11-02" and a.language == "en"
    assert "tens of thousands of people without deliveries" in a.text
    for noise in ("window.tracking", "color: red", "Sport", "Market prices climb", "Copyright 2023"):
        assert noise not in a.text
    assert "\n\n" in a.text  # paragraphs kept apart for clean()


def test_manifest_metadata_wins_over_html_metadata(tmp_path):
    (tmp_path / "page.html").write_text((FIXTURES / "page.html").read_text())
    (tmp_path / "manifest.json").write_text(json.dumps({"articles": [{"file": "page.html", "outlet": "Syndicator"}]}))
    [a] = read_inputs([str(tmp_path)])
    assert a.outlet == "Syndicator" and a.byline == ["Rukia Mohamed"]


def test_rss_items_are_articles_with_link_date_author_and_source():
    items = list(read_inputs([str(FIXTURES / "feed.rss")]))
    first, second = _articles(items)
    assert first.url == "https://frontline.example.org/2024/03/ceasefire-talks-stall"
    assert (first.source, second.source) == (str(FIXTURES / "feed.rss#1"), str(FIXTURES / "feed.rss#2"))
    assert (first.outlet, first.published, first.byline) == ("Frontline Wire", "2024-03-05", ["Lena Vargas"])
    assert first.text.startswith("Negotiators failed") and "<p>" not in first.text
    assert second.outlet == "Partner Desk"  # the item's <source> names the original outlet
    [skip] = _skips(items)
    assert skip.input == str(FIXTURES / "feed.rss#3") and "without content" in skip.reason


def test_atom_entries_are_articles():
    first, second = read_inputs([str(FIXTURES / "feed.atom")])
    assert (first.title, first.published, first.byline) == ("Shelling damages water station", "2022-08-19", ["Ivo Petrenko"])
    assert first.url == "https://border.example.com/shelling-water-station"
    assert [first.source, second.source] == [str(FIXTURES / "feed.atom#1"), str(FIXTURES / "feed.atom#2")]
    assert "Engineers expect repairs" in first.text and "&lt;" not in first.text
    assert second.published == "2022-08-18" and second.outlet == "Border Monitor"


def test_jsonl_lines_text_and_html_and_bad_lines():
    items = list(read_inputs([str(FIXTURES / "articles.jsonl")]))
    plain, from_html = _articles(items)
    assert (plain.url, plain.outlet, plain.published, plain.title) == (
        "https://relief.example.org/a1", "Relief Bulletin", "2024-06-09", "Rain grounds relief flights")
    assert from_html.title == "Clinic reopens" and from_html.published == "2024-06-10"
    assert plain.source == str(FIXTURES / "articles.jsonl:1")  # the file and line read; the link is url
    assert from_html.source.startswith(str(FIXTURES / "articles.jsonl:")) and from_html.url != from_html.source
    assert from_html.text.startswith("A clinic that was closed")
    skips = {s.input.rsplit(":", 1)[1]: s.reason for s in _skips(items)}
    assert set(skips) == {"3", "4", "6"}
    assert "malformed JSON" in skips["3"] and "neither 'text' nor 'html'" in skips["4"]


def test_format_is_sniffed_when_the_extension_says_nothing(tmp_path):
    (tmp_path / "feed.download").write_bytes((FIXTURES / "feed.atom").read_bytes())
    (tmp_path / "page").write_bytes((FIXTURES / "page.html").read_bytes())  # no extension: walked and sniffed
    articles = _articles(read_inputs([str(tmp_path / "feed.download"), str(tmp_path)]))
    assert sorted(a.title for a in articles) == ["Evacuation buses leave frontline villages",
                                                  "Floodwaters cut off displacement camps",
                                                  "Shelling damages water station"]


def test_directory_walk_reports_files_that_are_not_articles(tmp_path):
    (tmp_path / "README.md").write_text("# Notes\n\nSome notes about this folder of articles.")
    (tmp_path / "a.txt").write_text(PROSE)
    skip, article = read_inputs([str(tmp_path)])
    assert skip.input.endswith("README.md") and "not an article format (.md)" in skip.reason
    assert article.text == PROSE
    [named] = read_inputs([str(tmp_path / "README.md")])  # named one by one, it is read as text
    assert named.text.startswith("# Notes")


def test_json_file_with_one_article_a_list_or_none(tmp_path):
    (tmp_path / "one.json").write_text(json.dumps({"text": PROSE, "title": "One", "published": "2024-01-02"}, indent=2))
    (tmp_path / "many.json").write_text(json.dumps([{"text": PROSE + "A."}, {"html": "<p>" + PROSE + "</p>"}, {"x": 1}]))
    (tmp_path / "other.json").write_text(json.dumps({"cleaning": [], "places": []}, indent=2))
    items = list(read_inputs([str(tmp_path)]))
    by_input = {Path(i.input if isinstance(i, Skip) else i.source).name: i for i in items}
    assert by_input["one.json"].title == "One" and by_input["one.json"].published == "2024-01-02"
    assert by_input["many.json#1"].text == PROSE + "A." and by_input["many.json#2"].text.startswith("Shelling hit")
    assert "neither 'text' nor 'html'" in by_input["many.json#3"].reason
    assert "JSON without article text" in by_input["other.json"].reason


# --- bad inputs ---------------------------------------------------------------------------------

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rss version="2.0"><channel><title>x</title><item><title>&lol3;</title><description>&lol3;</description></item></channel></rss>"""


@pytest.mark.parametrize("name, content, reason", [
    ("empty.txt", b"", "empty"),
    ("blank.txt", b"  \n\n\t ", "empty"),
    ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
    ("nothing.html", b"<html><head><title>x</title></head><body><div></div></body></html>", "HTML"),
    ("broken.xml", b"<rss version='2.0'><channel><item><title>cut off", "malformed XML"),
    ("bomb.rss", BILLION_LAUGHS.encode(), "refused for safety"),
    ("odd.xml", b"<catalogue><book>A novel</book></catalogue>", "not an RSS"),
])
def test_bad_inputs_are_skipped_with_a_reason_and_the_batch_goes_on(tmp_path, name, content, reason):
    (tmp_path / name).write_bytes(content)
    (tmp_path / "zz_good.txt").write_text(PROSE)
    items = list(read_inputs([str(tmp_path)]))
    [skip] = _skips(items)
    assert skip.input == str(tmp_path / name)
    assert reason in skip.reason and "\n" not in skip.reason
    assert [Path(a.source).name for a in _articles(items)] == ["zz_good.txt"]


def test_oversized_file_names_its_size_the_cap_and_the_option(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text(PROSE * 10)
    [skip] = read_inputs([str(big)], max_bytes=100)
    assert f"{big.stat().st_size:,} bytes" in skip.reason and "100-byte cap" in skip.reason
    assert "--max-bytes" in skip.reason


def test_oversized_stdin_is_skipped(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO((PROSE * 10).encode())))
    [skip] = read_inputs(["-"], max_bytes=100)
    assert skip.input == "-" and "more than 100 bytes" in skip.reason


def test_oversized_jsonl_line_is_skipped_and_the_next_line_read(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"text": PROSE * 20}) + "\n" + json.dumps({"text": PROSE}) + "\n")
    skip, article = read_inputs([str(path)], max_bytes=1000)
    assert skip.input.endswith("a.jsonl:1") and "--max-bytes" in skip.reason
    assert article.text == PROSE


def test_missing_path_is_skipped(tmp_path):
    (tmp_path / "ok.txt").write_text(PROSE)
    items = list(read_inputs([str(tmp_path / "nope.txt"), str(tmp_path / "ok.txt")]))
    assert items[0] == Skip(str(tmp_path / "nope.txt"), "no such file or directory: check the path")
    assert isinstance(items[1], Article)


# --- metadata helpers -------------------------------------------------------------------------------

@pytest.mark.parametrize("value, iso", [
    ("2021-07-07", "2021-07-07"), ("2021-07-07T23:30:00-05:00", "2021-07-07"),
    ("Wed, 07 Jul 2021 08:00:00 GMT", "2021-07-07"), ("July 7, 2021", "2021-07-07"), ("7 July 2021", "2021-07-07"),
    ("yesterday", None), ("2021-02-30", None), ("", None), (None, None), ("sometime in spring", None),
])
def test_normalise_date(value, iso):
    assert normalise_date(value) == iso


RSS1 = """<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
         xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://old.example.org/"><title>Old Style Wire</title></channel>
  <item rdf:about="https://old.example.org/1">
    <title>Convoy reaches besieged town</title>
    <link>https://old.example.org/1</link>
    <description>A convoy of twelve trucks carrying food reached the besieged town on Friday, the relief agency said.</description>
    <dc:date>2018-03-09T10:00:00Z</dc:date>
    <dc:creator>Omar Haddad</dc:creator>
  </item>
</rdf:RDF>"""


def test_rss_1_0_feed_read_from_stdin(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(RSS1.encode())))
    [a] = read_inputs(["-"])
    assert (a.title, a.outlet, a.published, a.byline) == ("Convoy reaches besieged town", "Old Style Wire",
                                                          "2018-03-09", ["Omar Haddad"])
    assert a.url == "https://old.example.org/1" and a.source == "-#1"


@pytest.mark.parametrize("given, code", [
    ("en", "en"), ("EN", "en"), ("en-US", "en"), ("fr_FR", "fr"), ("Arabic", "ar"), ("ara", "ar"),
    ("Klingonese", "klingonese"), ("", None), (None, None),
])
def test_language_metadata_is_normalised(given, code):
    from sitrep.ingest.metadata import normalise_language

    assert normalise_language(given) == code


def test_manifest_language_wins_over_detection(tmp_path):
    (tmp_path / "a.txt").write_text(PROSE)
    (tmp_path / "manifest.json").write_text(json.dumps({"articles": [{"file": "a.txt", "language": "English"}]}))
    (tmp_path / "b.txt").write_text("Les combats ont repris dans le nord du pays, selon des habitants joints par téléphone.")
    a, b = read_inputs([str(tmp_path)])
    assert a.language == "en" and b.language == "fr"


def test_url_input_is_skipped_with_an_offline_reason():
    [skip] = read_inputs(["https://news.example.org/story"])
    assert "offline" in skip.reason and "save the page" in skip.reason


# --- a folder with a manifest is read quietly ------------------------------------------------------

def test_folder_with_a_manifest_reads_listed_and_article_like_files_without_skips(tmp_path):
    (tmp_path / "manifest.json").write_text(json.dumps({"articles": [
        {"file": "listed.txt", "outlet": "Valley Post"}, {"file": "notes_as_article.md", "outlet": "Valley Post"}]}))
    (tmp_path / "listed.txt").write_text(PROSE)
    (tmp_path / "notes_as_article.md").write_text("Listed, so read. " + PROSE)
    (tmp_path / "unlisted.txt").write_text("Not listed but an article. " + PROSE)
    (tmp_path / "README.md").write_text("# About these files\n")
    (tmp_path / "gold.json").write_text(json.dumps({"cleaning": [], "places": []}))
    (tmp_path / "LICENSE").write_text("Some licence words.\n")
    items = list(read_inputs([str(tmp_path)]))
    assert _skips(items) == []
    by_name = {Path(a.source).name: a for a in items}
    assert sorted(by_name) == ["listed.txt", "notes_as_article.md", "unlisted.txt"]
    assert by_name["listed.txt"].outlet == by_name["notes_as_article.md"].outlet == "Valley Post"
    assert by_name["unlisted.txt"].outlet is None  # read, with no manifest metadata


def test_folder_with_a_manifest_still_reports_real_problems(tmp_path):
    (tmp_path / "manifest.json").write_text(json.dumps({"articles": [{"file": "empty.txt"}, {"file": "gone.txt"}]}))
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "broken.xml").write_bytes(b"<rss version='2.0'><channel><item><title>cut off")
    (tmp_path / "good.txt").write_text(PROSE)
    reasons = {Path(s.input).name: s.reason for s in _skips(read_inputs([str(tmp_path)]))}
    assert set(reasons) == {"empty.txt", "broken.xml", "gone.txt"}
    assert "empty" in reasons["empty.txt"] and "malformed XML" in reasons["broken.xml"]
    assert "not found" in reasons["gone.txt"]


def test_examples_folder_reads_every_manifest_file_without_a_skip():
    examples = Path(__file__).resolve().parents[1] / "examples"
    manifest = json.loads((examples / "manifest.json").read_text(encoding="utf-8"))
    items = list(read_inputs([str(examples)]))
    assert _skips(items) == []
    files = sorted({Path(a.source).name.split("#")[0].split(":")[0] for a in items})
    assert files == sorted(e["file"] for e in manifest["articles"])
