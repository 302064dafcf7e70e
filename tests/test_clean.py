"""clean(): body and removed spans on the seeds (against the gold file) and on our own fixtures
in the shapes of several kinds of outlet (tests/fixtures/clean/*.txt, expectations in
expected.json: every fixture text is written for these tests)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sitrep.clean import clean, load_vocabulary, split_lines
from sitrep.ingest import read_inputs
from sitrep.model import Article, Removed

HERE = Path(__file__).resolve().parent
SHARED = Path(__file__).resolve().parents[2] / "shared"
SEEDS = SHARED / "seeds"
GOLD = SHARED / "gold" / "seeds.gold.json"
FIXTURES = HERE / "fixtures" / "clean"
EXPECTED = json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8"))


def _body_text(article: Article, i: int) -> str:
    b = article.body[i]
    return article.text[b.start:b.end]


def _check_reading(article: Article, expect: dict) -> None:
    """The checks the gold file asks for, shared by the seeds and our fixtures."""
    assert article.title == expect["title"]
    assert article.byline == expect["byline"] or article.byline in expect.get("byline_accept", [])
    assert article.dateline == expect["dateline"]
    assert article.standfirst == expect.get("standfirst")
    assert article.body, "no body found"
    assert _body_text(article, 0).startswith(expect["body_starts_with"])
    assert _body_text(article, -1).endswith(expect["body_ends_with"])
    for phrase in expect["must_be_removed"]:
        if phrase not in article.text and not expect.get("text_must_hold_removed", True):
            continue  # a reader left it out of the text (a feed's channel title, a page's menu)
        start = article.text.index(phrase)
        end = start + len(phrase)
        assert any(r.start <= start and end <= r.end for r in article.removed), f"not removed: {phrase!r}"
        assert not any(b.start < end and start < b.end for b in article.body), f"in body: {phrase!r}"
    for phrase in expect.get("must_be_body", []):
        start = article.text.index(phrase)
        assert article.in_body(start, start + len(phrase)), f"not body: {phrase!r}"
    kinds = {r.kind for r in article.removed}
    for phrase, kind in expect.get("removed_as", {}).items():
        start = article.text.index(phrase)
        spans = [r for r in article.removed if r.start <= start and start + len(phrase) <= r.end]
        assert spans and spans[0].kind == kind, f"{phrase!r}: {[s.kind for s in spans]} in {sorted(kinds)}"
    _check_spans(article)


def _check_spans(article: Article) -> None:
    """Spans are in order, inside the text, never overlapping, with no blank at either edge."""
    spans = sorted([(b.start, b.end, "body") for b in article.body] + [(r.start, r.end, r.kind) for r in article.removed])
    for (s1, e1, k1), (s2, e2, k2) in zip(spans, spans[1:]):
        assert e1 <= s2, f"{k1} {s1}-{e1} overlaps {k2} {s2}-{e2}"
    for start, end, _ in spans:
        assert 0 <= start < end <= len(article.text)
        piece = article.text[start:end]
        assert piece == piece.strip(), f"blank edge on {piece!r}"
    assert [b.start for b in article.body] == sorted(b.start for b in article.body)


# --- the seeds, against the gold file ---------------------------------------------------------

def _seed_articles() -> dict[str, Article]:
    if not SEEDS.is_dir() or not GOLD.is_file():
        pytest.skip("seeds folder ../shared/seeds is absent")
    return {Path(a.source).name: a for a in read_inputs([str(SEEDS)]) if isinstance(a, Article)}


def _gold_cleaning() -> list[dict]:
    if not GOLD.is_file():
        return []
    return json.loads(GOLD.read_text(encoding="utf-8")).get("cleaning", [])


@pytest.mark.parametrize("gold", _gold_cleaning(), ids=lambda g: g["file"])
def test_seed_cleaning_matches_gold(gold):
    articles = _seed_articles()
    article = clean(articles[gold["file"]])
    _check_reading(article, gold)


def test_seed_cleaning_never_alters_text():
    for article in _seed_articles().values():
        cleaned = clean(article)
        assert cleaned.text == article.text and cleaned.id == article.id


# --- the bundled examples (fiction written for sitrep), against their gold file -------------------

EXAMPLES = HERE.parent / "examples"


def _examples_gold() -> list[dict]:
    gold = EXAMPLES / "gold.json"
    return json.loads(gold.read_text(encoding="utf-8")).get("cleaning", []) if gold.is_file() else []


@pytest.mark.parametrize("gold", _examples_gold(), ids=lambda g: g["file"])
def test_example_cleaning_matches_gold(gold):
    manifest = json.loads((EXAMPLES / "manifest.json").read_text(encoding="utf-8"))
    [entry] = [e for e in manifest["articles"] if e["file"].startswith(gold["file"] + "_")]
    [article] = [a for a in read_inputs([str(EXAMPLES / entry["file"])]) if isinstance(a, Article)]
    _check_reading(clean(article), {**gold, "text_must_hold_removed": False})


# --- our fixtures -------------------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(EXPECTED["fixtures"]))
def test_fixture_cleaning(name):
    expect = EXPECTED["fixtures"][name]
    text = (FIXTURES / name).read_text(encoding="utf-8")
    article = Article.from_text(text, outlet=expect.get("outlet"))
    _check_reading(clean(article), expect)


def test_at_least_eight_fixtures_cover_every_removed_kind():
    assert len(EXPECTED["fixtures"]) >= 8
    kinds = set()
    for name, expect in EXPECTED["fixtures"].items():
        text = (FIXTURES / name).read_text(encoding="utf-8")
        kinds |= {r.kind for r in clean(Article.from_text(text, outlet=expect.get("outlet"))).removed}
    assert {"title", "byline", "dateline", "standfirst", "caption", "credit", "widget", "related",
            "title_repeat", "reporting_credit", "other"} <= kinds


# --- behaviour on small texts of our own ---------------------------------------------------------

def test_metadata_from_reader_is_kept():
    text = "Ceasefire holds in the east\n\nBy Ana Duarte\n\nThe truce agreed on Friday held through the weekend, officials said on Monday."
    article = Article.from_text(text, title="Metadata title", byline=["Someone Else"])
    cleaned = clean(article)
    assert cleaned.title == "Metadata title" and cleaned.byline == ["Someone Else"]
    assert [r.kind for r in cleaned.removed][:1] == ["title"]  # the text's own headline is still furniture


def test_text_without_furniture_is_all_body():
    text = ("Aid convoys reached the town on Tuesday after a week of delays, the agency said.\n\n"
            "Residents described long queues for water and bread.")
    cleaned = clean(Article.from_text(text))
    assert cleaned.removed == []
    assert [(b.start, b.end) for b in cleaned.body] == [(0, text.index("\n\n")), (text.rindex("\n\n") + 2, len(text))]
    assert cleaned.title is None


def test_empty_text_has_no_spans():
    cleaned = clean(Article.from_text("   \n\n "))
    assert cleaned.body == [] and cleaned.removed == []


@pytest.mark.parametrize("opening, dateline", [
    ("GOMA, Congo — Rebels", "GOMA, Congo"),
    ("KHARTOUM (AP) — Rebels", "KHARTOUM"),
    ("Kyiv, Ukraine — Rebels", "Kyiv, Ukraine"),
    ("MOGADISHU, Somalia, March 3 (Reuters) - Rebels", "MOGADISHU, Somalia"),
    ("BAMAKO, Jan. 5 (AFP) – Rebels", "BAMAKO"),
    ("DEIR AL-BALAH, Gaza Strip — Rebels", "DEIR AL-BALAH, Gaza Strip"),
    ("PESHAWAR: Rebels", "PESHAWAR"),
    ("BOGOTÁ, Colombia — Rebels", "BOGOTÁ, Colombia"),
    ("Deir al-Balah, Gaza Strip — Rebels", "Deir al-Balah, Gaza Strip"),
    ("Herat (AFP) - Rebels", "Herat"),
    ("THE HAGUE, Netherlands — Rebels", "THE HAGUE, Netherlands"),
    ("KHARTOUM (Meridian Wire) — Rebels", "KHARTOUM"),
    ("December 3, 2023 (KHARTOUM) – Rebels", "KHARTOUM"),
    ("KHARTOUM, Dec. 3 (Xinhua) -- Rebels", "KHARTOUM"),
    ("NYALA / KHARTOUM – Rebels", "NYALA / KHARTOUM"),
    ("Addis Abeba – Rebels", "Addis Abeba"),
    ("Mogadishu (HOL) – Rebels", "Mogadishu"),
    ("KRAMATORSK, Ukraine (Meridian Wire) — Rebels", "KRAMATORSK, Ukraine"),
    ("GOMA, Democratic Republic of the Congo (Lakeside Press) — Rebels", "GOMA, Democratic Republic of the Congo"),
    ("SAN JOSÉ DEL GUAVIARE, Colombia (Andes Wire) - Rebels", "SAN JOSÉ DEL GUAVIARE, Colombia"),
])
def test_datelines_in_several_wire_styles(opening, dateline):
    text = f"Headline about a clash\n\n{opening} attacked a checkpoint on the main road overnight, officials said.\n\nMore text follows here, in a second paragraph of the story."
    cleaned = clean(Article.from_text(text))
    assert cleaned.dateline == dateline
    first = cleaned.text[cleaned.body[0].start:cleaned.body[0].end]
    assert first.startswith("Rebels attacked")
    assert cleaned.removed[1].kind == "dateline"


def test_wire_tag_alone_is_a_dateline_and_names_the_outlet():
    text = "(Reuters) - Militants attacked a convoy on a highway north of the capital on Sunday, two officials said."
    cleaned = clean(Article.from_text(text))
    assert cleaned.dateline is None and cleaned.outlet == "Reuters"
    assert cleaned.text[cleaned.body[0].start:].startswith("Militants attacked")


@pytest.mark.parametrize("opening", [
    "Meanwhile — the army said it had retaken the bridge after a day of shelling.",
    "Residents, aid workers and officials — all of them tired — described a night of shelling in the city.",
    "ALSO: The army said it had retaken the bridge after a day of heavy shelling.",
    "In Goma, Congo — the army said it had retaken the bridge after a day of heavy shelling.",
    "Residents of the capital — tired and hungry — queued for bread from dawn on Sunday.",
    "Hamas — the group that runs the territory — said it had accepted the proposal on Sunday.",
])
def test_prose_with_a_dash_is_not_a_dateline(opening):
    cleaned = clean(Article.from_text(opening + "\n\nA second paragraph of ordinary prose follows it here."))
    assert cleaned.dateline is None
    assert cleaned.body[0].start == 0


def test_a_credit_after_a_paragraph_that_quotes_someone_leaves_the_paragraph_in_the_body():
    text = ("The militia withdrew from the market on Friday, a trader said, and shops reopened.\n\n"
            "Photo: Reuters\n\n"
            "Prices of flour and fuel have doubled since the fighting began in the spring.")
    cleaned = clean(Article.from_text(text))
    assert cleaned.in_body(0, 20)
    assert [r.kind for r in cleaned.removed] == ["credit"]


def test_widget_heading_before_any_prose_does_not_swallow_the_article():
    text = ("Tags\n\nConflict, Aid\n\nShelling resumed along the front line on Thursday after a two-day lull, "
            "according to residents of three villages who spoke by telephone.\n\nNo casualties were reported.")
    cleaned = clean(Article.from_text(text))
    assert any(cleaned.text[b.start:b.end].startswith("Shelling resumed") for b in cleaned.body)
    assert cleaned.text[cleaned.body[-1].start:cleaned.body[-1].end] == "No casualties were reported."


def test_a_closed_list_of_links_inside_the_story_does_not_end_it():
    lede = ("Rebel fighters took the lakeside market town on Tuesday after two days of fighting, residents "
            "said, as thousands of families left on foot for the provincial capital.")
    after = ("The army said in a statement that its units had regrouped south of the town and would hold the "
             "road to the capital, but gave no figure for its losses.")
    links = "Recommended Stories\nlist of 3 items\nA teaser of one story\nA teaser of another\nend of list"
    cleaned = clean(Article.from_text(f"{lede}\n{links}\n{after}"))
    bodies = [cleaned.text[b.start:b.end] for b in cleaned.body]
    assert bodies[-1] == after
    assert [r.kind for r in cleaned.removed] == ["related"]
    assert cleaned.text[cleaned.removed[0].start:cleaned.removed[0].end].endswith("end of list")
    # without the closing marker the heading is a rail that runs to the end, as before
    rail = clean(Article.from_text(f"{lede}\nRecommended Stories\nA teaser of one story\n{after}"))
    assert [rail.text[b.start:b.end] for b in rail.body] == [lede]


def test_hard_wrapped_paragraph_is_one_body_span():
    para = ("Fighting spread to two more districts on Saturday as the government sent reinforcements by\n"
            "road and by air, according to a statement from the defence ministry, which said the\n"
            "situation was under control and that the attackers had suffered heavy losses in the\n"
            "clashes that followed.")
    text = "\n\n".join([para, para.replace("Saturday", "Sunday"), para.replace("Saturday", "Monday")])
    lines = split_lines(text)
    assert len(lines) == 3
    assert lines[0].text.endswith("clashes that followed.")


def test_vocabulary_is_data_and_complete():
    vocab = load_vocabulary()
    assert "check also" in vocab.rest_headings and vocab.reporting_credit and vocab.widget_lines
    assert vocab.credit_agency_line.match("Jane Roe/AFP via Getty Images")
    assert vocab.credit_prefix.match("Credit…Jane Roe/Associated Press")


BODY = ("Troops and rebels exchanged fire near the airport on Monday, residents said, and flights were "
        "suspended.\n\nA second paragraph follows with more detail about the fighting.")


@pytest.mark.parametrize("byline, names", [
    ("By Jane Roe, Reuters", ["Jane Roe"]),
    ("By Jane Roe | Al Jazeera", ["Jane Roe"]),
    ("Jane Roe, Staff Reporter", ["Jane Roe"]),
    ("By Jane Roe and John Doe, Associated Press", ["Jane Roe", "John Doe"]),
    ("BY JANE ROE", ["JANE ROE"]),
    ("By Jane Roe in Khartoum", ["Jane Roe"]),
    ("By Ahmed al-Rashid and Maria de la Cruz", ["Ahmed al-Rashid", "Maria de la Cruz"]),
    ("Jane Roe\nJohn Doe", ["Jane Roe", "John Doe"]),
    ("Jane Roe, Special to The Daily Ledger", ["Jane Roe"]),
    ("Written by Jane Roe", ["Jane Roe"]),
    ("By Staff Reporter", []),
    ("Author: Jane Roe", ["Jane Roe"]),
    ("By: Jane Roe", ["Jane Roe"]),
])
def test_bylines_in_several_forms(byline, names):
    cleaned = clean(Article.from_text(f"Headline about the fighting near the airport\n\n{byline}\n\n{BODY}"))
    assert cleaned.byline == names
    assert [r.kind for r in cleaned.removed] == ["title", "byline"]
    assert cleaned.text[cleaned.body[0].start:].startswith("Troops and rebels")


@pytest.mark.parametrize("line", [
    "Rebels Seize Airport As Army Falls Back",  # a title-case line under the headline is not a byline
    "Fighting continued into the night.",
])
def test_lines_that_are_not_bylines(line):
    cleaned = clean(Article.from_text(f"Headline about the fighting near the airport\n\nBy Jane Roe\n\n{line}\n\n{BODY}"))
    assert cleaned.byline == ["Jane Roe"]
    assert cleaned.in_body(cleaned.text.index(line), cleaned.text.index(line) + len(line))


@pytest.mark.parametrize("head, title, kicker", [
    ("Ceasefire talks\n\nArmy and militia agree truce in weekend talks\n\nBy Jane Roe", "Army and militia agree truce in weekend talks", "Ceasefire talks"),
    ("WORLD\n\nArmy and militia agree truce", "Army and militia agree truce", "WORLD"),
    ("Truce agreed\n\nBy Jane Roe", "Truce agreed", None),
])
def test_kicker_above_the_headline(head, title, kicker):
    text = f"{head}\n\nThe two sides agreed to a week-long truce on Saturday, mediators said, after talks in the port city."
    cleaned = clean(Article.from_text(text))
    assert cleaned.title == title
    if kicker:
        assert cleaned.removed[0] == Removed("other", 0, len(kicker))
    assert cleaned.text[cleaned.body[0].start:].startswith("The two sides agreed")


def test_teaser_block_stops_at_the_next_lede():
    text = ("Related\n\nTruce holds for a second day\n\nThe two sides agreed to a week-long truce on Saturday, "
            "mediators said.\n\nThey will meet again in a week to discuss a longer ceasefire.")
    cleaned = clean(Article.from_text(text))
    assert [r.kind for r in cleaned.removed] == ["related"]
    assert cleaned.text[cleaned.body[0].start:].startswith("The two sides agreed")


@pytest.mark.parametrize("byline, names", [
    ("By Jane Roe | July 7, 2021", ["Jane Roe"]),
    ("Jane Roe · 7 July 2021 · 5 min read", ["Jane Roe"]),
    ("By Jane Roe 7 July 2021 10:32", ["Jane Roe"]),
    ("By The Hill Gazette 7 July 2021", []),
    ("By May Thu", ["May Thu"]),
])
def test_byline_with_a_timestamp(byline, names):
    cleaned = clean(Article.from_text(f"Headline about the fighting\n\n{byline}\n\n{BODY}"))
    assert cleaned.byline == names
    assert [r.kind for r in cleaned.removed] == ["title", "byline"]


def test_editor_line_under_the_byline_is_not_body():
    cleaned = clean(Article.from_text(f"Headline about the fighting\n\nAuthor: Jane Roe\nEdited by: John Doe\n\n{BODY}"))
    assert cleaned.byline == ["Jane Roe"]
    assert [r.kind for r in cleaned.removed] == ["title", "byline", "reporting_credit"]


@pytest.mark.parametrize("caption, credit", [
    ("A man walks past a destroyed building on Sunday.", "— AFP"),
    ("Smoke rises over the city on Saturday.", "(Reuters)"),
    ("Displaced families wait for food in a camp.", "Photo: Jane Roe/UNICEF"),
    ("Soldiers at a checkpoint on the main road.", "(AP Photo/John Doe)"),
    ("Soldiers stand guard at a checkpoint in the city, March 3, 2023.", "REUTERS/Jane Roe/File Photo"),
])
def test_caption_with_its_credit_on_one_line(caption, credit):
    text = f"Headline about the fighting\n\n{BODY}\n\n{caption} {credit}\n\nThe last paragraph of the story follows the picture."
    cleaned = clean(Article.from_text(text))
    kinds = {cleaned.text[r.start:r.end]: r.kind for r in cleaned.removed}
    assert kinds[caption] == "caption" and kinds[credit] == "credit"
    assert cleaned.text[cleaned.body[-1].start:cleaned.body[-1].end].startswith("The last paragraph")


def test_a_sign_off_credit_does_not_make_the_last_paragraph_a_caption():
    text = f"Headline about the fighting\n\n{BODY}\n\nThe army said it had retaken the airport.\n\nAFP"
    cleaned = clean(Article.from_text(text))
    assert cleaned.text[cleaned.body[-1].start:cleaned.body[-1].end] == "The army said it had retaken the airport."
    assert [r.kind for r in cleaned.removed] == ["title", "credit"]


def test_headline_repeated_with_the_site_name():
    cleaned = clean(Article.from_text(f"Headline about the fighting\n\n{BODY}\n\nHeadline about the fighting - The Daily Ledger"))
    assert [r.kind for r in cleaned.removed] == ["title", "title_repeat"]


def test_every_vocabulary_group_is_documented_and_non_empty():
    data = json.loads((HERE.parent / "src" / "sitrep" / "data" / "boilerplate.json").read_text(encoding="utf-8"))
    for name, group in data.items():
        if name == "about":
            continue
        assert group.get("about"), f"{name} has no 'about'"
        lists = [v for k, v in group.items() if isinstance(v, list)]
        assert lists and all(lists), f"{name} has an empty list"


def test_user_vocabulary_overrides_only_its_keys(tmp_path):
    user = tmp_path / "vocab.json"
    user.write_text(json.dumps({"widget_headings_rest": {"phrases": ["see the archive"]},
                                "credit_lines": {"agencies": []}}))
    vocab = load_vocabulary(str(user))
    assert vocab.rest_headings == frozenset({"see the archive"})
    assert vocab.reporting_credit  # untouched groups keep the shipped lists
    assert not vocab.credit_agency_line.match("Some words here")  # an emptied list matches nothing
    cleaned = clean(Article.from_text(f"{BODY}\n\nSee the archive\n\nAn old story"), vocab)
    assert [r.kind for r in cleaned.removed] == ["widget"]
    kept = clean(Article.from_text(f"{BODY}\n\nCheck Also\n\nAn old story"), vocab)
    assert kept.removed == [] and len(kept.body) == 4  # "Check Also" is no heading in this vocabulary


@pytest.mark.parametrize("lede", [
    "Monday saw the heaviest shelling of the town in weeks.",
    "Share prices of the state oil company fell sharply.",
    "Updated figures from the health ministry put the toll at 40.",
    "Published reports of the massacre reached the capital days later.",
    "Listen to the sirens, a resident told the reporter by phone.",
])
def test_short_ledes_that_start_like_furniture_stay_body(lede):
    text = f"Headline about the fighting\n\n{lede}\n\n{BODY}\n\n{lede}"
    cleaned = clean(Article.from_text(text))
    assert [r.kind for r in cleaned.removed] == ["title"]
    assert cleaned.text[cleaned.body[0].start:cleaned.body[0].end] == lede
    assert cleaned.text[cleaned.body[-1].start:cleaned.body[-1].end] == lede


def test_prose_that_starts_like_furniture_is_never_removed():
    """Paragraphs of plain prose that open with furniture words ("Share prices ...", "Credit for
    ...", "Live ammunition ..."): shuffled into many articles, none of them is ever removed."""
    import random

    paragraphs = (FIXTURES / "prose_that_looks_like_furniture.txt").read_text(encoding="utf-8").split("\n")
    paragraphs = [p for p in paragraphs if p.strip()]
    heads = {"": [], "Army pushes back fighters\n\n": ["title"], "KHARTOUM, Sudan — ": ["dateline"],
             "Army pushes back fighters from the city\n\nJane Roe and John Doe\n\n": ["title", "byline"]}
    for seed in range(200):
        rng = random.Random(seed)
        chosen = rng.sample(paragraphs, rng.randint(3, 8))
        head = rng.choice(sorted(heads))
        cleaned = clean(Article.from_text(head + "\n\n".join(chosen)))
        assert [r.kind for r in cleaned.removed] == heads[head], [cleaned.text[r.start:r.end] for r in cleaned.removed]
        assert len(cleaned.body) == len(chosen)


@pytest.mark.parametrize("head, kinds", [
    ("By Jane Roe\nWorld Service News, Kyiv", ["title", "byline"]),  # an outlet and its city, no name
    ("Author: Jane Roe\nEditor: John Doe", ["title", "byline", "reporting_credit"]),
    ("By Jane Roe\n\n3 minute read\n\nPurchase Licensing Rights", ["title", "byline", "widget"]),
])
def test_head_furniture_under_the_byline(head, kinds):
    cleaned = clean(Article.from_text(f"Headline about the fighting\n\n{head}\n\n{BODY}"))
    assert cleaned.byline == ["Jane Roe"]
    assert [r.kind for r in cleaned.removed] == kinds
    assert cleaned.text[cleaned.body[0].start:].startswith("Troops and rebels")


# --- a reprint inside another site's page: the masthead above the menu is not the headline -------

REPRINT = """The Valley Times
Home | World | Africa | Business | Sport | Opinion

Sign in

WORLD

Gunmen attack aid convoy on northern highway, agency says

By Lakeside Press
3 March 2024, 09:10 GMT
Share on Facebook | Share on X | Email

GOMA, Democratic Republic of the Congo (Lakeside Press) — Gunmen fired on a convoy of aid trucks on the highway north of the city on Monday, wounding two drivers, the relief agency that ran it said.

The agency said it had paused deliveries on the road until it could talk to the armed groups that control it.
"""


@pytest.mark.parametrize("outlet", [None, "Valley Times", "The Valley Times"])
def test_a_reprint_takes_its_title_from_the_story_not_the_site_masthead(outlet):
    cleaned = clean(Article.from_text(REPRINT, outlet=outlet))
    assert cleaned.title == "Gunmen attack aid convoy on northern highway, agency says"
    assert cleaned.dateline == "GOMA, Democratic Republic of the Congo"
    assert cleaned.text[cleaned.body[0].start:].startswith("Gunmen fired on a convoy")
    assert not any(b.start <= REPRINT.index("The Valley Times") < b.end for b in cleaned.body)


def test_a_short_headline_over_a_share_bar_is_still_the_headline():
    text = ("Truce collapses in the north\nShare | Tweet | Email | Print\n\n"
            "Fighting resumed around the northern towns on Sunday, two days after a truce was agreed, residents said.\n")
    assert clean(Article.from_text(text)).title == "Truce collapses in the north"


def test_example_reprint_without_manifest_metadata_still_finds_its_head():
    gold = {g["file"]: g for g in _examples_gold()}.get("02")
    if gold is None:
        pytest.skip("examples/gold.json has no entry for 02")
    [path] = sorted(EXAMPLES.glob("02_*"))
    cleaned = clean(Article.from_text(path.read_text(encoding="utf-8")))  # no outlet: nothing names the masthead
    assert (cleaned.title, cleaned.dateline) == (gold["title"], gold["dateline"])
    assert cleaned.text[cleaned.body[0].start:].startswith(gold["body_starts_with"])


def test_a_feeds_date_field_before_the_first_sentence_is_furniture():
    text = (" date 2031-03-09 Militia fighters walked into the river town of Pelbrook on Monday, residents said.\n\n"
            "A second paragraph tells what the townspeople saw in the market that afternoon.\n")
    article = clean(Article(id="field", text=text))
    assert Removed("other", 1, 16) in article.removed
    assert _body_text(article, 0).startswith("Militia fighters walked into")
    assert "2031" not in article.body_text()


def test_a_feeds_date_field_before_a_headline_is_cut_from_the_headline():
    text = ("Date 4 May 2031 10:15 Militia takes the ridge road above Pelbrook\n\n"
            "Fighters of the militia took the ridge road above the river town on Sunday, a local official said.\n\n"
            "The road links the town with the coast and had been shut for a week.\n")
    article = clean(Article(id="field-title", text=text))
    assert article.title == "Militia takes the ridge road above Pelbrook"
    kinds = [(r.kind, text[r.start:r.end]) for r in article.removed]
    assert kinds[:2] == [("other", "Date 4 May 2031 10:15"), ("title", article.title)]


def test_a_label_word_opening_prose_is_no_field():
    text = "Updated maps show the front line moved west of the river during the week, analysts said.\n"
    article = clean(Article(id="prose", text=text))
    assert not article.removed
    assert _body_text(article, 0) == text.strip()
