"""Running counts are series, not disputes; disputes are values that cannot both be true (hand-built
fixtures in our own words; the brief's table of counts over time)."""

from __future__ import annotations

from sitrep.fuse import fuse
from sitrep.model import Range
from sitrep.nlp.figures import RUNNING_SUFFIX
from sitrep.present.brief import build_view, render_html, render_markdown
from sitrep.present.situation import build_situation

from .fixtures.fuse.stories import EL_FASHER, Story, num, official

SUDAN = "SD"


def toll(story: Story, figure: str, value: Range, source: str, date: str | None = None, group: str = "people",
         **attrs):
    """A running national count of the dead, as the figures stage reads one."""
    c = story.quantity(figure, value, group, "killed", group, official(source), date=date)
    c.subject = f"deaths among {group}{RUNNING_SUFFIX}"
    c.attrs.update({"cumulative": True, "group": group, "country": SUDAN, **attrs})
    return c


def disputes(picture, kind="quantity"):
    return [d for d in picture.disputes if d.kind == kind]


def test_a_toll_rising_day_by_day_is_a_series_not_a_dispute():
    a = Story("Nile Courier", "2024-05-16", "The fighting has killed 56 people so far, doctors said.")
    toll(a, "56", num(56, 56, 56, "56"), "doctors")
    b = Story("Desert Wire", "2024-05-17", "The toll has risen to 97, the doctors' union said.")
    toll(b, "97", num(97, 97, 97, "97"), "the doctors' union")
    c = Story("Sahel Monitor", "2024-05-19", "At least 185 people have been killed so far, a UN envoy said.")
    toll(c, "At least 185", num(185, None, None, "At least 185"), "a UN envoy")
    picture = fuse([s.reading for s in (a, b, c)])
    assert not disputes(picture)
    situation = build_situation([s.reading for s in (a, b, c)], picture)
    view = build_view(situation)
    [series] = view.series
    assert [r.date for r in series.rows] == ["2024-05-16", "2024-05-17", "2024-05-19"]
    assert [r.text for r in series.rows] == ["56", "97", "At least 185"]
    md = render_markdown(view)
    assert "## Counts over time" in md and "| 2024-05-17 | 97 (97) | the doctors' union | Desert Wire" in md
    html = render_html(view)
    assert 'id="series"' in html and html.index('id="series"') < html.index('id="agreed"')


def test_two_counts_of_one_day_that_cannot_both_be_true_are_a_dispute():
    a = Story("Nile Courier", "2024-05-20", "Nearly 300 people have been killed since the fighting began.")
    toll(a, "Nearly 300", num(225, None, 299, "Nearly 300"), "the outlet")
    b = Story("Desert Wire", "2024-05-20", "At least 413 people have been killed so far, the ministry said.")
    toll(b, "At least 413", num(413, None, None, "At least 413"), "the health ministry")
    [d] = disputes(fuse([a.reading, b.reading]))
    assert d.subject.endswith("as of 2024-05-20")
    assert sorted(s.value.text for s in d.sides) == ["At least 413", "Nearly 300"]


def test_a_count_that_falls_is_a_dispute_only_when_one_counter_gave_both():
    a = Story("Nile Courier", "2024-05-18", "The doctors' union said 180 civilians had been killed so far.")
    toll(a, "180", num(180, 180, 180, "180"), "the doctors' union", group="civilians")
    b = Story("Desert Wire", "2024-05-19", "The civilian toll rose to 174, the Sudanese Doctors Union said.")
    toll(b, "174", num(174, 174, 174, "174"), "Sudanese Doctors Union", group="civilians")
    [d] = disputes(fuse([a.reading, b.reading]))
    assert "fell from 180 to 174" in d.subject
    c = Story("Sahel Monitor", "2024-05-19", "A monitoring group has counted 150 civilian deaths so far.")
    toll(c, "150", num(150, 150, 150, "150"), "a monitoring group", group="civilians")
    assert not disputes(fuse([a.reading, c.reading]))  # another counter with less reach, not a contradiction


def test_civilians_and_all_people_are_two_series_and_a_hospital_count_is_its_own_scope():
    a = Story("Nile Courier", "2024-05-20", "At least 413 people have been killed so far, the ministry said.")
    toll(a, "At least 413", num(413, None, None, "At least 413"), "the health ministry")
    b = Story("Desert Wire", "2024-05-20", "Doctors said 174 civilians had been killed so far.")
    toll(b, "174", num(174, 174, 174, "174"), "doctors", group="civilians")
    c = Story("Sahel Monitor", "2024-05-20", "The hospital has received 44 dead so far, its director said.")
    toll(c, "44", num(44, 44, 44, "44"), "its director", facility=True)
    assert not disputes(fuse([s.reading for s in (a, b, c)]))


def test_one_voice_s_figures_in_one_report_and_breakdowns_are_no_dispute():
    a = Story("Nile Courier", "2024-05-15", "In El Fasher 17 people were killed on Tuesday, and 7 people were "
                                            "killed in its market, the health official said.")
    a.place("El Fasher", EL_FASHER)
    a.quantity("17", num(17, 17, 17, "17"), "people", "killed", "people", official("the health official"),
               date="2024-05-14", place=EL_FASHER)
    part = a.quantity("7 people", num(7, 7, 7, "7"), "people", "killed", "people", official("the health official"),
                      date="2024-05-14", place=EL_FASHER)
    assert not disputes(fuse([a.reading]))
    b = Story("Desert Wire", "2024-05-15", "At least 40 people were killed in El Fasher on Tuesday, a doctor said.")
    b.place("El Fasher", EL_FASHER)
    b.quantity("At least 40", num(40, None, None, "At least 40"), "people", "killed", "people", official("a doctor"),
               date="2024-05-14", place=EL_FASHER)
    part.attrs["part"] = True  # "…, 7 of them in its market": a breakdown, not a rival toll
    [d] = disputes(fuse([a.reading, b.reading]))
    assert sorted(s.value.text for s in d.sides) == ["17", "At least 40"]


def test_a_round_figure_agrees_with_more_than_it():
    a = Story("Nile Courier", "2024-05-20", "The army said it had retaken 6,000 square kilometres so far.")
    b = Story("Desert Wire", "2024-05-20", "The army has retaken more than 6,000 square kilometres so far.")
    for s, text, r in ((a, "6,000", num(6000, 6000, 6000, "6,000", "km2")),
                       (b, "more than 6,000", num(6001, None, None, "more than 6,000", "km2"))):
        c = s.quantity(text, r, "square kilometres", "retaken", "kilometre", official("the army"))
        c.attrs.update({"cumulative": True, "country": SUDAN})
    assert not disputes(fuse([a.reading, b.reading]))


def test_a_speaker_who_gives_both_labels_describes_two_acts():
    a = Story("Nile Courier", "2024-05-20", "The minister said the town was liberated from years of occupation.")
    a.characterize("liberated", "Mellit takeover", "liberation", official("the minister"))
    a.characterize("occupation", "Mellit takeover", "occupation", official("the minister"))
    b = Story("Desert Wire", "2024-05-20", "A rebel commander called the army's entry an occupation.")
    b.characterize("occupation", "Mellit takeover", "occupation", official("a rebel commander"))
    assert not disputes(fuse([a.reading, b.reading]), "characterization")
    c = Story("Sahel Monitor", "2024-05-20", "The governor hailed the liberation of the town.")
    c.characterize("liberation", "Mellit takeover", "liberation", official("the governor"))
    [d] = disputes(fuse([b.reading, c.reading]), "characterization")
    assert sorted(s.value for s in d.sides) == ["liberation", "occupation"]


def test_the_tolls_of_two_strikes_are_two_series_not_one_that_fell():
    a = Story("Nile Courier", "2024-05-16", "The toll from the strike on the camp rose to 39, the doctors' union said.")
    toll(a, "39", num(39, 39, 39, "39"), "the doctors' union", happening="strike")
    b = Story("Desert Wire", "2024-05-20", "The toll from the strike on the bakery rose to 13, the doctors' union said.")
    toll(b, "13", num(13, 13, 13, "13"), "the doctors' union", happening="strike")
    c = Story("Sahel Monitor", "2024-05-20", "The toll from the strike on the school rose to 21, the doctors' union said.")
    toll(c, "21", num(21, 21, 21, "21"), "the doctors' union", happening="strike")
    assert not disputes(fuse([s.reading for s in (a, b, c)]))  # each strike its own incident-less count


def test_a_count_that_falls_below_many_earlier_days_is_one_dispute():
    days = [Story(f"Outlet {k}", f"2024-05-{10 + k}", f"The doctors' union said {100 + k} civilians had been killed so far.")
            for k in range(5)]
    for k, s in enumerate(days):
        toll(s, str(100 + k), num(100 + k, 100 + k, 100 + k, str(100 + k)), "the doctors' union", group="civilians")
    low = Story("Late Wire", "2024-05-20", "The civilian toll stood at 90, the Sudanese Doctors Union said.")
    toll(low, "90", num(90, 90, 90, "90"), "Sudanese Doctors Union", group="civilians")
    [d] = disputes(fuse([s.reading for s in (*days, low)]))
    assert "fell from 104 to 90" in d.subject  # against the latest figure above it, not every earlier day


def test_a_takeover_labelled_twice_with_no_taker_named_is_no_dispute():
    """A place is taken, held and retaken: 'the occupation of the town' and 'its liberation' are one
    takeover only when both name the taker ('the army's occupation', 'liberated by the army')."""
    def labelled(label: str, outlet: str, agent: str | None):
        speaker = {"occupation": "a rebel commander", "liberation": "the governor"}[label]
        s = Story(outlet, "2024-05-20", f"{speaker.capitalize()} spoke of the {label} of Mellit.")
        c = s.characterize(label, "Mellit takeover", label, official(speaker))
        c.attrs.update({"act": "takeover", "agent": agent})
        return s
    assert not disputes(fuse([labelled("occupation", "Desert Wire", None).reading,
                              labelled("liberation", "Sahel Monitor", None).reading]), "characterization")
    assert not disputes(fuse([labelled("occupation", "Desert Wire", None).reading,
                              labelled("liberation", "Sahel Monitor", "the army").reading]), "characterization")
    [d] = disputes(fuse([labelled("occupation", "Desert Wire", "army").reading,
                         labelled("liberation", "Sahel Monitor", "the army").reading]), "characterization")
    assert sorted(s.value for s in d.sides) == ["liberation", "occupation"]
