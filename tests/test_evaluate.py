"""The built-in evaluation: each matching rule on a hand-written gold, then the seeds end to end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sitrep.evaluate import EvalReport, evaluate, names_match, norm

from .conftest import GOLD, SEEDS
from .test_brief import small

GOLD_SMALL = json.loads((Path(__file__).resolve().parent / "fixtures" / "gold_small.json").read_text(encoding="utf-8"))


def gold() -> dict:
    return json.loads(json.dumps(GOLD_SMALL))


def score(s: dict, g: dict | None = None) -> dict[str, dict]:
    return {r["name"]: r for r in evaluate(g or gold(), s).to_dict()["rows"]}


def claim(s: dict, cid: str) -> dict:
    return next(c for c in s["claims"] if c["id"] == cid)


def test_a_faithful_situation_scores_full_marks():
    rows = score(small())
    assert {name: (r["found"], r["total"]) for name, r in rows.items() if r["found"] != r["total"]} == {}
    assert rows["quotes"]["total"] == 4 and rows["figures"]["total"] == 4 and rows["cleaning"]["total"] == 11


def test_an_empty_situation_finds_nothing_and_says_what_is_missing():
    rows = score({"articles": []})
    for name in ("cleaning", "places", "people", "quotes", "speakers", "figures", "events", "agreements", "disputes", "control"):
        assert rows[name]["found"] == 0, name
    assert "town-control (control: who holds Kutum)" in rows["disputes"]["missed"]


def test_articles_are_found_by_the_prefix_of_their_source_basename():
    s = small()
    for a in s["articles"]:
        a["source"] = "/elsewhere/" + Path(a["source"]).name.replace("101", "999")
    rows = score(s)
    assert rows["cleaning"]["found"] == 5  # only the 102 article is still found
    assert all("101" in m for m in rows["cleaning"]["missed"])


def test_cleaning_fails_when_boilerplate_is_left_in_the_body():
    s = small()
    s["articles"][0]["body"] = [{"start": 0, "end": len(s["articles"][0]["text"])}]
    missed = score(s)["cleaning"]["missed"]
    assert "101: remove 'By Lena Okafor'" in missed and "101: body start" in missed


def test_a_place_more_than_25_km_off_is_not_found():
    s = small()
    kutum = next(p for p in s["places"] if p["id"] == "geo_kutum")
    kutum["lat"] += 0.4  # about 44 km north
    assert score(s)["places"]["missed"] == ["Kutum in 101", "Kutum in 102"]
    kutum["lat"] -= 0.3  # about 11 km
    assert score(s)["places"]["missed"] == []


def test_place_roles_catch_a_context_place_marked_as_an_event_and_a_lost_dateline():
    s = small()
    tawila = next(p for p in s["places"] if p["id"] == "geo_tawila")
    tawila["mentions"][0]["role"] = "event"
    for m in next(p for p in s["places"] if p["id"] == "geo_kutum")["mentions"]:
        m["role"] = "event"
    assert sorted(score(s)["place roles"]["missed"]) == ["Kutum (as dateline): no mention with role dateline",
                                                         "Tawila: marked as an event place"]


def test_people_need_the_role_head_word():
    s = small()
    next(e for e in s["entities"] if e["id"] == "ent_nur")["roles"] = ["spokesman"]
    assert score(s)["people"]["missed"] == ["Hamid Nur (found, role missing)"]


def test_a_quote_with_the_wrong_speaker_is_found_but_not_attributed():
    s = small()
    q = next(q for q in s["quotes"] if q["id"] == "q_musa")
    q["speaker"] = {"kind": "entity", "entity": "ent_harun", "description": "Yusuf Adam Harun"}
    rows = score(s)
    assert rows["quotes"]["found"] == 4
    assert rows["speakers"]["missed"] == ["102: The whole town is in our hands… (Ibrahim Saleh Musa)"]


def test_unnamed_speakers_match_by_the_words_of_their_description():
    s = small()
    next(q for q in s["quotes"] if q["id"] == "q_aid")["speaker"] = {"kind": "unnamed", "entity": None, "description": "residents"}
    assert score(s)["speakers"]["missed"] == ["101: about 2,000 families had fled… (aid workers (unnamed))"]


def test_a_byline_name_given_as_a_source_is_a_false_source():
    s = small()
    s["quotes"][0]["speaker"] = {"kind": "unnamed", "entity": None, "description": "Lena Okafor"}
    assert score(s)["false sources"]["missed"] == ["Lena Okafor is given as a source"]


def test_figures_need_the_right_bounds_and_source():
    s = small()
    claim(s, "c_killed_60")["value"]["low"] = 60
    claim(s, "c_captured")["source"] = {"kind": "article", "entity": None, "description": None}
    missed = score(s)["figures"]["missed"]
    assert "102: more than 60 (soldiers killed in the convoy ambush) — not found with these bounds" in missed
    assert "102: 14 (soldiers captured in the ambush) — wrong source" in missed


def test_events_need_type_date_and_place_and_incidents_need_both_articles():
    s = small()
    air = next(e for e in s["events"] if e["id"] == "e_air_2")
    air["date"] = "2024-03-13"
    s["incidents"][0]["articles"] = s["incidents"][0]["articles"][:1]  # the ambush, now from one article only
    rows = score(s)
    assert rows["events"]["missed"] == ["air (Explosions/Remote violence, 2024-03-12, Kutum)"]
    assert rows["incidents"]["missed"] == ["ambush: one incident over 101, 102 with its fatalities"]


def test_an_incident_with_a_figure_that_is_neither_low_nor_best_is_missed():
    s = small()
    s["incidents"][0]["fatalities"]["low"] = 30
    assert score(s)["incidents"]["missed"] == ["ambush: one incident over 101, 102 with its fatalities"]


def test_an_incident_that_drops_the_higher_report_is_missed():
    s = small()
    s["incidents"][0]["fatalities"] = {"low": 24, "best": 24, "high": None, "text": "dozens"}
    assert score(s)["incidents"]["missed"] == ["ambush: one incident over 101, 102 with its fatalities"]
    s["incidents"][0]["fatalities"] = {"low": 24, "best": 61, "high": None, "text": "dozens / more than 60"}
    assert score(s)["incidents"]["missed"] == []


def test_an_event_of_the_gold_type_needs_the_gold_sub_type():
    s = small()
    next(e for e in s["events"] if e["id"] == "e_air_2")["sub_type"] = "Shelling/artillery/missile attack"
    assert score(s)["events"]["missed"] == ["air (Explosions/Remote violence, 2024-03-12, Kutum)"]


def test_a_dispute_elsewhere_does_not_stand_for_the_gold_one():
    s = small()
    s["disputes"][0]["place"] = "geo_tawila"
    s["disputes"][0]["subject"] = "Tawila"
    assert score(s)["disputes"]["missed"] == ["town-control (control: who holds Kutum)"]


def test_agreements_need_both_files_and_the_statements_words():
    s = small()
    s["agreements"] = []
    inc = next(i for i in s["incidents"] if i["id"] == "inc_assault")
    inc["articles"] = inc["articles"][:1]
    assert score(s)["agreements"]["missed"] == ["entered-monday: fighters entered Kutum on Monday"]
    g = gold()
    g["agreements"][0]["statement"] = "more than 500 fighters entered Kutum on Monday"  # a number nobody reported
    assert score(small(), g)["agreements"]["missed"] == ["entered-monday: more than 500 fighters entered Kutum on Monday"]


def test_a_dispute_needs_every_side():
    s = small()
    s["disputes"][0]["sides"][1]["value"] = "Sudanese Armed Forces"
    s["disputes"][0]["sides"][1]["claims"] = ["c_ctl_saf"]
    s["disputes"][0]["sides"][1]["sources"] = []
    row = score(s)["disputes"]
    assert row["missed"] == ["town-control (control: who holds Kutum)"]
    assert row["extra"] == ["control: Kutum"]


def test_a_side_matches_by_its_speaker_when_its_value_is_worded_otherwise():
    s = small()
    s["disputes"][0]["sides"][1]["value"] = "the paramilitary force"
    assert score(s)["disputes"]["missed"] == []


def test_compatible_figures_set_against_each_other_are_a_false_dispute():
    s = small()
    s["disputes"].append({"id": "dsp_bad", "kind": "quantity", "subject": "soldiers killed", "incident": "inc_ambush",
                          "place": None, "sides": [{"value": claim(s, "c_killed_dozens")["value"], "claims": ["c_killed_dozens"]},
                                                   {"value": claim(s, "c_killed_60")["value"], "claims": ["c_killed_60"]}]})
    assert score(s)["no false disputes"]["missed"] == ["convoy-deaths reported as a dispute"]


def test_control_of_a_disputed_place_must_say_disputed():
    s = small()
    s["control"][0]["status"] = "confirmed"
    assert score(s)["control"]["missed"] == ["Kutum: Rapid Support Forces (disputed)"]


def test_one_disputed_row_naming_both_holders_matches_both_gold_holders():
    s = small()
    rsf, saf = s["control"]
    s["control"] = [dict(rsf, holder=f"{rsf['holder']} / {saf['holder']}", claims=rsf["claims"] + saf["claims"])]
    assert score(s)["control"]["missed"] == []
    s["control"][0]["status"] = "claimed"
    assert score(s)["control"]["missed"] == ["Kutum: Sudanese Armed Forces (disputed)", "Kutum: Rapid Support Forces (disputed)"]


def test_a_holder_matches_through_the_affiliation_of_its_entity():
    g = gold()
    g["control_claims"][0]["holder"] = "Sudanese government"  # the affiliation of the army entity
    assert score(small(), g)["control"]["missed"] == []
    s = small()
    next(e for e in s["entities"] if e["id"] == "ent_saf")["affiliation"] = None
    s["control"][1]["holder"] = "Kutum Defence Committee"  # a holder of no side the gold names
    assert score(s, g)["control"]["missed"] == ["Kutum: Sudanese government (disputed)"]


def test_a_holder_matches_when_the_lexicon_puts_it_on_the_same_side():
    """'Sudanese Armed Forces' (gold) and a row held by the 'Sudanese government' are one side, as
    the control timeline reads holders; another country's government is not."""
    s = small()
    for e in s["entities"]:
        e["affiliation"] = None
    s["control"][1]["holder"] = "Sudanese government"
    assert score(s)["control"]["missed"] == []
    s["control"][1]["holder"] = "Chadian government"
    assert score(s)["control"]["missed"] == ["Kutum: Sudanese Armed Forces (disputed)"]


def test_name_rules():
    assert names_match("Abdul-Rahim Khan", "Abdul Rahim Khan")
    assert names_match("Biden", "Joe Biden") and not names_match("Joe Biden", "Biden")
    assert not names_match("Abdul Rahim Rahin", "Abdul-Rahim Khan")
    assert norm("Qala\u2011e\u2019Naw  \u201cx\u201d") == norm("qala\u2011e'naw \"x\"")


def test_the_report_renders_a_rich_table_and_a_dict():
    from rich.console import Console
    from rich.table import Table

    report = evaluate(gold(), small())
    assert isinstance(report, EvalReport) and isinstance(report.render(), Table)
    console = Console(record=True, width=200)
    console.print(report.render())
    assert "no false disputes" in console.export_text()
    d = report.to_dict()
    assert d["overall"] == 1.0 and [r["name"] for r in d["rows"]][:3] == ["cleaning", "places", "place roles"]


# ---------------------------------------------------------------------------------------------
# The seeds, end to end: the acceptance thresholds of the issues, so a regression fails CI.
# (#3 cleaning exactly; #4 quotes 90%, speakers 95% of those found, figures 95%, every person;
#  #5 every place, no dateline/credit as event; #6 events 90%, all disputes, agreements, control,
#  no false dispute; the multi-outlet incidents — the assault is one incident over both articles.)

THRESHOLDS = {
    "cleaning": 1.0, "places": 1.0, "place roles": 1.0, "people": 1.0, "quotes": 0.9,
    "false sources": 1.0, "figures": 0.95, "events": 0.9, "incidents": 1.0, "agreements": 1.0,
    "disputes": 1.0, "no false disputes": 1.0, "control": 1.0,
}


@pytest.fixture(scope="module")
def seeds_report(request):
    if not (SEEDS / "manifest.json").exists() or not GOLD.exists():
        pytest.skip(f"the seeds folder ../shared/seeds is absent ({SEEDS}); the gold lives in ../shared/gold")
    situation = request.getfixturevalue("seeds_situation")  # the session's one pipeline run on the seeds
    return evaluate(json.loads(GOLD.read_text(encoding="utf-8")), situation)


def test_seeds_scores_are_recorded(seeds_report, record_property):
    d = seeds_report.to_dict()
    record_property("seeds_scores", json.dumps({r["name"]: r["score"] for r in d["rows"]}))
    print("\n" + json.dumps({r["name"]: f"{r['found']}/{r['total']}" for r in d["rows"]}, indent=1))
    assert set(THRESHOLDS) | {"speakers"} == {r["name"] for r in d["rows"]}


@pytest.mark.parametrize("row", list(THRESHOLDS))
def test_seeds_reach_the_threshold(seeds_report, row):
    r = seeds_report.row(row)
    assert r.score >= THRESHOLDS[row], f"{row}: {r.found}/{r.total}; missed: {r.missed}"


def test_seeds_speakers_are_right_for_95_percent_of_quotes_found(seeds_report):
    quotes, speakers = seeds_report.row("quotes"), seeds_report.row("speakers")
    assert speakers.found >= 0.95 * quotes.found, f"speakers {speakers.found}/{quotes.found}: {speakers.missed}"


# --- follow-up rules: item sources, boilerplate dropped by the reader, sided figures, "X of Y" ----

@pytest.mark.parametrize("suffix", ["#1", ":1", "#3", ":12"])
def test_feed_and_jsonl_items_are_found_by_the_file_before_their_item_suffix(suffix):
    s = small()
    for a in s["articles"]:
        a["source"] = "/feeds/" + Path(a["source"]).name + suffix
    assert score(s)["cleaning"]["found"] == 11  # "101" and "102" still find their articles


def test_a_whole_file_name_and_an_item_reference_find_the_right_item():
    s = small()
    first, second = s["articles"]
    first["source"], second["source"] = "in/101_feed.xml#2", "in/101_feed.xml#1"
    g = gold()
    g["cleaning"] = [dict(g["cleaning"][1], file="101_feed.xml"), dict(g["cleaning"][0], file="101_feed.xml#2")]
    rows = score(s, g)["cleaning"]
    assert rows["missed"] == [] and rows["found"] == 11  # bare name: item 1 (the 102 story); #2: the 101 story


def test_boilerplate_the_reader_already_dropped_counts_as_removed():
    s, g = small(), gold()
    g["cleaning"][0]["must_be_removed"].append("Subscribe to our channel for more")  # not in the text as read
    rows = score(s, g)["cleaning"]
    assert rows["missed"] == [] and rows["found"] == 12
    s["articles"] = s["articles"][1:]  # ... but a missing article removes nothing
    assert "101: remove 'Subscribe to our channel for more'" in score(s, g)["cleaning"]["missed"]


def test_compatible_figures_together_on_one_side_are_not_a_false_dispute():
    s, g = small(), gold()
    g["not_disputes"][0]["why"] = "'dozens', 'more than 60' and '14' are compatible ranges"
    lone = dict(claim(s, "c_captured"), id="c_other", start=41, end=73,  # words without a quoted figure
                value=dict(claim(s, "c_captured")["value"], text="9", low=9))
    s["claims"].append(lone)
    side_low = {"value": lone["value"], "claims": ["c_other"]}  # '9' is not one of the quoted figures
    side_high = {"value": claim(s, "c_killed_60")["value"], "claims": ["c_killed_dozens", "c_killed_60"]}
    s["disputes"].append({"id": "dsp_ok", "kind": "quantity", "subject": "soldiers killed", "incident": "inc_ambush",
                          "place": None, "sides": [side_low, side_high]})
    assert score(s, g)["no false disputes"]["missed"] == []
    side_low["claims"] = ["c_captured"]  # now '14' stands against 'dozens' / 'more than 60'
    assert score(s, g)["no false disputes"]["missed"] == ["convoy-deaths reported as a dispute"]


def _with_split_figure(gold_text: str, low=150) -> tuple[dict, dict]:
    s, g = small(), gold()
    a = s["articles"][0]
    extra = "\n\nGunmen looted at least 150 of the district's roughly 400 shops, the article said."
    start = len(a["text"]) + extra.index("at least 150")
    a["text"] += extra
    s["claims"].append({**claim(s, "c_killed_dozens"), "id": "c_shops", "start": start, "end": start + 12,
                        "value": {"low": 150, "best": None, "high": None, "unit": None, "text": "at least 150"},
                        "subject": "shops looted"})
    g["numeric_claims"].append({"file": "101", "quantity": "shops looted", "text": gold_text, "low": low,
                                "high": None, "source": "the article"})
    return s, g


@pytest.mark.parametrize("gold_text, low, found", [
    ("at least 150 of roughly 400", 150, True),   # the article puts "the district's" in between
    ("at least 150", 150, True),
    ("at least 150 of roughly 500", 150, False),  # the "of Y" part must still be the article's
    ("at least 15 of roughly 400", 15, False),    # the figure itself must be the claim's
    ("at least 150 of roughly 400", 151, False),  # bounds stay strict
])
def test_a_gold_x_of_y_figure_matches_the_figure_when_the_article_splits_the_words(gold_text, low, found):
    s, g = _with_split_figure(gold_text, low)
    missed = score(s, g)["figures"]["missed"]
    assert (not any("shops looted" in m for m in missed)) is found


def test_a_place_near_a_non_event_gold_place_is_judged_as_the_nearer_gold_place():
    # the dateline city and an event town 15 km away: the town's event role is not the city's
    gold = {"places": [
        {"canonical": "Datelineton", "kind": "city", "country": "XX", "lat": 10.0, "lon": 20.0,
         "surface": ["Datelineton"], "files": ["a"]},
        {"canonical": "Eventville", "kind": "town", "country": "XX", "lat": 10.0, "lon": 20.137,
         "surface": ["Eventville"], "files": ["a"]}],
        "places_not_events": ["Datelineton"]}
    text = "DATELINETON — Shelling hit Eventville."
    situation = {"articles": [{"id": "a1", "source": "a.txt", "text": text, "body": [], "removed": []}],
                 "places": [
                     {"id": "p1", "name": "Datelineton", "kind": "city", "country_code": "XX", "lat": 10.0,
                      "lon": 20.0, "mentions": [{"article": "a1", "start": 0, "end": 11, "role": "dateline"}]},
                     {"id": "p2", "name": "Eventville", "kind": "town", "country_code": "XX", "lat": 10.0,
                      "lon": 20.137, "mentions": [{"article": "a1", "start": 27, "end": 37, "role": "event"}]}]}
    row = evaluate(gold, situation).row("place roles")
    assert (row.found, row.total) == (1, 1), row.missed
    situation["places"][0]["mentions"][0]["role"] = "event"
    assert evaluate(gold, situation).row("place roles").found == 0
