"""Control timeline: confirmed, claimed and disputed holders (hand-built fixtures)."""

from __future__ import annotations

from sitrep.fuse import fuse
from sitrep.fuse.control import row_holders
from sitrep.model import Agreement

from .fixtures.fuse import sudan, ukraine
from .fixtures.fuse.stories import AVDIIVKA, VOVCHANSK, WAD_MADANI, Story, official


def readings(stories):
    return [s.reading for s in stories]


def rows(picture, place):
    return sorted((c for c in picture.control if c.place == place.id), key=lambda c: c.holder)


def test_control_dispute_gives_one_disputed_row_naming_both_holders_and_one_dispute():
    picture = fuse(readings(sudan.city_control()))
    [row] = rows(picture, WAD_MADANI)
    assert row.status == "disputed" and row_holders(row.holder) == ["Rapid Support Forces", "Sudanese government"]
    assert row.from_ == "2024-01-03"
    [d] = picture.disputes
    assert d.kind == "control" and d.place == WAD_MADANI.id
    assert row.claims == sorted(c for side in d.sides for c in side.claims)  # every side's claims, on one row
    says = {s.value: [src.description for src in s.sources] for s in d.sides}
    assert says == {"Rapid Support Forces": ["the paramilitary force"],
                    "Sudanese government": ["an army spokesman"]}


def test_a_row_holding_one_holders_claims_is_never_disputed():
    """Whatever the claims, every disputed row names two holders or more; a lone holder's row is a claim."""
    stories = sudan.city_control() + ukraine.avdiivka_control()
    for row in fuse(readings(stories)).control:
        assert (row.status == "disputed") == (len(row_holders(row.holder)) >= 2), row


def test_confirmed_by_two_outlets_and_claimed_by_one():
    picture = fuse(readings(ukraine.avdiivka_control()))
    [avdiivka] = rows(picture, AVDIIVKA)
    assert avdiivka.status == "confirmed" and avdiivka.holder == "Russian armed forces"
    assert len(avdiivka.claims) == 3  # the hedged claim is listed
    assert (avdiivka.from_, avdiivka.to) == ("2024-02-17", "2024-02-18")
    [vovchansk] = rows(picture, VOVCHANSK)
    assert vovchansk.status == "claimed"  # one hedged voice never confirms
    assert [a for a in picture.agreements if isinstance(a, Agreement) and a.subject.startswith("who holds Avdiivka")]
    assert picture.disputes == []


def test_hedged_claims_alone_never_confirm():
    a = Story("Desert Wire", "2024-01-05", "Wad Madani was reportedly taken by the paramilitaries.")
    a.control("Wad Madani was reportedly taken", WAD_MADANI, "Rapid Support Forces", hedged=True)
    b = Story("Nile Courier", "2024-01-05", "Wad Madani was said to be held by the paramilitaries, unconfirmed.")
    b.control("Wad Madani was said to be held", WAD_MADANI, "Rapid Support Forces", hedged=True)
    [row] = fuse(readings([a, b])).control
    assert row.status == "claimed"


def test_a_reprint_does_not_confirm():
    a = Story("Desert Wire", "2024-01-05", "The paramilitaries hold Wad Madani, residents said.")
    a.control("The paramilitaries hold Wad Madani", WAD_MADANI, "Rapid Support Forces", official("residents"))
    b = Story("Wire Mirror", "2024-01-05", a.text + " (reprinted)", duplicate_of=a.id)
    b.control("The paramilitaries hold Wad Madani", WAD_MADANI, "Rapid Support Forces", official("residents"))
    [row] = fuse(readings([a, b])).control
    assert row.status == "claimed"


def test_a_change_of_hands_over_time_is_a_timeline_not_a_dispute():
    a = Story("Desert Wire", "2023-12-10", "The army holds Wad Madani, a spokesman said.")
    a.control("The army holds Wad Madani", WAD_MADANI, "Sudanese government", official("a spokesman"))
    b = Story("Nile Courier", "2024-01-20", "The paramilitaries have held Wad Madani since last month.")
    b.control("The paramilitaries have held Wad Madani", WAD_MADANI, "Rapid Support Forces")
    c = Story("Sahel Monitor", "2024-01-20", "Wad Madani remains under paramilitary control.")
    c.control("Wad Madani remains under paramilitary control", WAD_MADANI, "the Rapid Support Forces")
    picture = fuse(readings([a, b, c]))
    assert picture.disputes == []
    timeline = sorted(picture.control, key=lambda c: c.from_)
    assert [(c.holder, c.status, c.from_) for c in timeline] == [
        ("Sudanese government", "claimed", "2023-12-10"),
        ("Rapid Support Forces", "confirmed", "2024-01-20"),
    ]


def test_a_state_force_and_its_government_are_one_side():
    a = Story("Desert Wire", "2024-01-05", "The Sudanese Armed Forces hold Wad Madani, a spokesman said.")
    a.control("The Sudanese Armed Forces hold Wad Madani", WAD_MADANI, "Sudanese Armed Forces", official("a spokesman"))
    b = Story("Nile Courier", "2024-01-05", "Wad Madani is in government hands, the ministry said.")
    b.control("Wad Madani is in government hands", WAD_MADANI, "Sudanese government", official("the ministry"))
    picture = fuse(readings([a, b]))
    assert picture.disputes == []
    [row] = picture.control
    assert row.status == "confirmed" and len(row.claims) == 2


def test_an_undated_denial_the_next_day_disputes_a_dated_capture():
    a = Story("Desk One", "2024-02-18", "Ukrainian forces said they retook Vovchansk on Saturday. "
              "A Russian commander said Vovchansk remained under the control of his forces.")
    a.control("they retook Vovchansk on Saturday", VOVCHANSK, "Ukrainian government", official("Ukrainian forces"),
              date="2024-02-17")
    a.control("Vovchansk remained under the control of his forces", VOVCHANSK, "Russian armed forces",
              official("a Russian commander"))
    picture = fuse(readings([a]))
    [row] = rows(picture, VOVCHANSK)
    assert row.status == "disputed" and row_holders(row.holder) == ["Russian armed forces", "Ukrainian government"]
    # but a denial published a week later speaks for its own days, not for the capture's
    b = Story("Desk Two", "2024-02-25", "A Russian commander said Vovchansk remained under the control of his forces.")
    b.control("Vovchansk remained under the control of his forces", VOVCHANSK, "Russian armed forces",
              official("a Russian commander"))
    c = Story("Desk Three", "2024-02-18", "Ukrainian forces said they retook Vovchansk on Saturday.")
    c.control("they retook Vovchansk on Saturday", VOVCHANSK, "Ukrainian government", official("Ukrainian forces"),
              date="2024-02-17")
    assert all(r.status != "disputed" for r in rows(fuse(readings([b, c])), VOVCHANSK))


def _taking(story, phrase, place, holder, source, date, cue="capture", **attrs):
    c = story.control(phrase, place, holder, source, date=date)
    c.attrs.update({"cue": cue, "date_precision": 1, **attrs})
    return c


def test_two_reports_naming_two_days_for_one_capture_dispute_its_date():
    a = Story("Desert Wire", "2024-01-20", "The paramilitaries said they captured Wad Madani on January 18.")
    _taking(a, "they captured Wad Madani on January 18", WAD_MADANI, "Rapid Support Forces",
            official("the paramilitaries"), "2024-01-18")
    b = Story("Nile Courier", "2024-01-21", "On January 19 the paramilitaries said they had seized Wad Madani.")
    _taking(b, "they had seized Wad Madani", WAD_MADANI, "Rapid Support Forces", official("the paramilitaries"),
            "2024-01-19", cue="seize")
    [d] = [d for d in fuse(readings([a, b])).disputes if d.kind == "date"]
    assert d.place == WAD_MADANI.id and [s.value for s in d.sides] == ["2024-01-18", "2024-01-19"]


def test_an_entry_a_part_or_one_report_telling_stages_gives_no_date_dispute():
    a = Story("Desert Wire", "2024-01-20", "The paramilitaries entered Wad Madani on January 18.")
    _taking(a, "The paramilitaries entered Wad Madani on January 18", WAD_MADANI, "Rapid Support Forces",
            official("the paramilitaries"), "2024-01-18", cue="enter")
    b = Story("Nile Courier", "2024-01-21", "The paramilitaries captured Wad Madani on January 19.")
    _taking(b, "The paramilitaries captured Wad Madani on January 19", WAD_MADANI, "Rapid Support Forces",
            official("residents"), "2024-01-19")
    assert not [d for d in fuse(readings([a, b])).disputes if d.kind == "date"]  # entering, then taking
    c = Story("Sahel Monitor", "2024-01-21", "They seized the airport of Wad Madani on January 18 and the "
              "city centre on January 19.")
    _taking(c, "They seized the airport of Wad Madani on January 18", WAD_MADANI, "Rapid Support Forces",
            official("residents"), "2024-01-18", cue="seize")
    _taking(c, "the city centre on January 19", WAD_MADANI, "Rapid Support Forces", official("a witness"),
            "2024-01-19", cue="seize")
    assert not [d for d in fuse(readings([b, c])).disputes if d.kind == "date"]  # one report tells two stages
    d = Story("Desk Four", "2024-01-21", "They seized the city centre of Wad Madani on January 17.")
    _taking(d, "They seized the city centre of Wad Madani on January 17", WAD_MADANI, "Rapid Support Forces",
            official("a witness"), "2024-01-17", cue="seize", scope="the city centre")
    assert not [d for d in fuse(readings([b, d])).disputes if d.kind == "date"]  # a part of the place


def test_an_undated_capture_speaks_for_the_days_before_it_was_published_whatever_else_is_dated():
    """A holding dated the 17th, a capture dated the 18th, and an undated capture published on the
    19th (it speaks for the 17th-19th): the undated claim overlaps the holding, so the two sides
    claim the place at one time, as they would without the dated capture."""
    a = Story("Desk One", "2024-02-17", "Vovchansk remained under the control of Russian forces, a commander said.")
    a.control("Vovchansk remained under the control of Russian forces", VOVCHANSK, "Russian armed forces",
              official("a commander"), date="2024-02-17")
    b = Story("Desk Two", "2024-02-19", "Ukrainian forces retook Vovchansk, the general staff said.")
    b.control("Ukrainian forces retook Vovchansk", VOVCHANSK, "Ukrainian government", official("the general staff"))
    c = Story("Desk Three", "2024-02-18", "Ukrainian forces said they retook Vovchansk on Sunday.")
    c.control("they retook Vovchansk on Sunday", VOVCHANSK, "Ukrainian government", official("Ukrainian forces"),
              date="2024-02-18")
    for stories in ([a, b], [a, b, c]):
        assert [r.status for r in rows(fuse(readings(stories)), VOVCHANSK)] == ["disputed"], stories


def test_a_taking_told_a_week_apart_may_be_two_takings():
    a = Story("Desert Wire", "2024-01-12", "The paramilitaries said they captured Wad Madani on January 10.")
    _taking(a, "they captured Wad Madani on January 10", WAD_MADANI, "Rapid Support Forces",
            official("the paramilitaries"), "2024-01-10")
    b = Story("Nile Courier", "2024-01-21", "The paramilitaries said they had recaptured Wad Madani on January 19.")
    _taking(b, "they had recaptured Wad Madani on January 19", WAD_MADANI, "Rapid Support Forces",
            official("the paramilitaries"), "2024-01-19", cue="recapture")
    assert not [d for d in fuse(readings([a, b])).disputes if d.kind == "date"]


def _told_taking(outlet, published, sentence, source, day, cue):
    story = Story(outlet, published, f"{sentence}, {source} said.")
    _taking(story, sentence, WAD_MADANI, "Rapid Support Forces", official(source), day, cue=cue)
    return story


def test_a_taking_told_with_two_far_days_by_reports_that_knew_both_is_one_taking_with_two_dates():
    took = "The paramilitaries took Wad Madani on January 10"
    a = _told_taking("Desert Wire", "2024-01-22", took, "a monitor", "2024-01-10", "take")
    b = _told_taking("Nile Courier", "2024-01-21", "The paramilitaries seized Wad Madani on January 19", "residents",
                     "2024-01-19", "seize")
    [d] = [d for d in fuse(readings([a, b])).disputes if d.kind == "date"]
    assert [s.value for s in d.sides] == ["2024-01-10", "2024-01-19"]
    # a report published before the later day could not know of it: maybe two takings
    early = _told_taking("Desert Wire", "2024-01-12", took, "a monitor", "2024-01-10", "take")
    assert not [d for d in fuse(readings([early, b])).disputes if d.kind == "date"]
    # the army said to hold the town between the two days: lost and taken again
    held = Story("Sahel Monitor", "2024-01-15", "The army held Wad Madani on January 14, an officer said.")
    held.control("The army held Wad Madani on January 14", WAD_MADANI, "Sudanese Armed Forces",
                 official("an officer"), date="2024-01-14")
    assert not [d for d in fuse(readings([a, b, held])).disputes if d.kind == "date"]
    # so said in a report of a day between, with no day of its own
    undated = Story("Sahel Monitor", "2024-01-15", "The army holds Wad Madani, an officer said.")
    undated.control("The army holds Wad Madani", WAD_MADANI, "Sudanese Armed Forces", official("an officer"))
    assert not [d for d in fuse(readings([a, b, undated])).disputes if d.kind == "date"]


def test_a_liberation_told_with_two_far_days_is_two_takings_not_one_told_twice():
    # 'liberated' says the place had been lost since, as 'retook' does: no rival days
    a = _told_taking("Desert Wire", "2024-01-22", "The paramilitaries liberated Wad Madani on January 10", "a monitor",
                     "2024-01-10", "liberate")
    b = _told_taking("Nile Courier", "2024-01-21", "The paramilitaries seized Wad Madani on January 19", "residents",
                     "2024-01-19", "seize")
    assert not [d for d in fuse(readings([a, b])).disputes if d.kind == "date"]


def test_a_taking_with_two_far_days_is_one_taking_only_inside_one_story():
    from sitrep.fuse.control import control_timeline
    from sitrep.fuse.outlets import Outlets

    a = _told_taking("Desert Wire", "2024-01-22", "The paramilitaries took Wad Madani on January 10", "a monitor",
                     "2024-01-10", "take")
    b = _told_taking("Nile Courier", "2024-01-21", "The paramilitaries seized Wad Madani on January 19", "residents",
                     "2024-01-19", "seize")
    claims = [c for s in (a, b) for c in s.reading.claims]
    outlets = Outlets([a.reading.article, b.reading.article])

    def date_disputes(story_b):
        _, disputes, _ = control_timeline(claims, {WAD_MADANI.id: WAD_MADANI}, outlets,
                                          {a.id: "story-town", b.id: story_b})
        return [d for d in disputes if d.kind == "date"]

    assert len(date_disputes("story-town")) == 1
    # a report of another matter recapping the capture weeks on: maybe a loss told as fighting, then a capture
    assert not date_disputes("story-other")


# ---- reading control from the words (our own sentences; places given by hand) ----------------

from .test_events import nlp, read  # noqa: E402,F401  (the shared spaCy fixture and reader)


def _control(nlp, text, places, published="2022-09-15"):  # noqa: F811
    _, claims = read(nlp, text, published, places)
    return sorted(((c.value, c.date, c.attrs.get("cue")) for c in claims if c.kind == "control"), key=str)


def test_bare_occupied_place_is_held_by_the_occupier_the_article_names(nlp):  # noqa: F811
    text = ("Officials appointed by Moscow in the Russian-occupied east said buses would take families "
            "out of occupied Dorvana.")
    assert _control(nlp, text, [["Dorvana", "town", "UA"]]) == [("Russian government", "2022-09-15", "held")]


def test_bare_occupied_place_takes_the_one_foreign_state_named(nlp):  # noqa: F811
    text = "Russian forces shelled the road again. Families left the occupied town of Dorvana overnight."
    assert [v for v, *_ in _control(nlp, text, [["Dorvana", "town", "UA"]])] == ["Russian government"]


def test_occupied_with_no_occupier_named_says_nothing(nlp):  # noqa: F811
    text = "The Ukrainian army moved closer. Families left the occupied town of Dorvana overnight."
    assert _control(nlp, text, [["Dorvana", "town", "UA"]]) == []


def test_formerly_occupied_is_not_held_now(nlp):  # noqa: F811
    text = "Russian forces shelled the road again. Families returned to the formerly occupied town of Dorvana."
    assert _control(nlp, text, [["Dorvana", "town", "UA"]]) == []


def test_foreign_forces_named_by_their_country_keep_it(nlp):  # noqa: F811
    """'Russian troops took X' in Ukraine: Russia holds X, not the place's own government."""
    text = "Russian troops occupied Dorvana in March, local officials said."
    assert [v for v, *_ in _control(nlp, text, [["Dorvana", "town", "UA"]])] == ["Russian government"]


def test_divided_place_is_held_in_part_by_each_side_named_around_it(nlp):  # noqa: F811
    text = ("Ukrainian forces say they pushed Russian forces back across the region. "
            "In Dorvana, divided in two by the river, fighting goes on.")
    got = _control(nlp, text, [["Dorvana", "town", "UA"]])
    assert got == [("Russian government", None, "divided"), ("Ukrainian government", None, "divided")]


def test_front_line_through_a_town_divides_it(nlp):  # noqa: F811
    text = ("The front line now runs through the middle of the river town of Dorvana. "
            "The Ukrainians hold the west bank, and their Russian enemies dug in on the east.")
    assert [v for v, *_ in _control(nlp, text, [["Dorvana", "town", "UA"]])] == ["Russian government",
                                                                                  "Ukrainian government"]


def test_divided_place_with_one_side_named_is_no_claim(nlp):  # noqa: F811
    text = "Dorvana, split in two by the river, has had no power for a week, the mayor said."
    assert _control(nlp, text, [["Dorvana", "town", "UA"]]) == []


def test_they_in_an_as_clause_is_the_main_clauses_subject(nlp):  # noqa: F811
    """'The rebels forced the guards to give up as they took the airport': the rebels took it."""
    text = ("Fighters of the Rapid Support Forces forced the Egyptian troops to lay down their arms "
            "as they took control of Dorvana on Saturday.")
    assert [v for v, *_ in _control(nlp, text, [["Dorvana", "town", "SD"]])] == ["Rapid Support Forces"]


def test_claiming_control_over_a_place_is_holding_it_but_claiming_an_attack_is_not(nlp):  # noqa: F811
    text = "By Friday, the Ukrainian army claimed complete control of Dorvana after a week of fighting."
    assert [v for v, *_ in _control(nlp, text, [["Dorvana", "town", "UA"]])] == ["Ukrainian government"]
    text = "The rebels claimed the attack on Dorvana."
    assert _control(nlp, text, [["Dorvana", "town", "UA"]]) == []


def test_a_flag_raised_in_a_place_is_its_countrys_claim(nlp):  # noqa: F811
    text = "The national flag of Ukraine was hoisted over the town hall in Dorvana on 10 September."
    assert _control(nlp, text, [["Dorvana", "town", "UA"]]) == [("Ukrainian government", "2022-09-10", "flag")]
    text = "On Saturday the Ukrainian flag was not raised in Dorvana, the army said."
    assert _control(nlp, text, [["Dorvana", "town", "UA"]]) == []


def test_recaptured_place_is_back_with_its_own_state_only_when_that_state_fights(nlp):  # noqa: F811
    text = "Ukrainian troops moved on. Graves were found in the recently recaptured town of Dorvana."
    assert [v for v, *_ in _control(nlp, text, [["Dorvana", "town", "UA"]])] == ["Ukrainian government"]
    text = "Russian forces fled. Graves were found in the recaptured town of Dorvana."
    assert _control(nlp, text, [["Dorvana", "town", "UA"]]) == []


def test_no_longer_under_a_sides_control_is_not_that_sides_claim(nlp):  # noqa: F811
    text = "A monitoring group said Dorvana is no longer under the control of the Syrian government."
    assert _control(nlp, text, [["Dorvana", "city", "SY"]]) == []


def test_de_occupied_is_not_a_holder_named_de(nlp):  # noqa: F811
    text = "The Ukrainian army pressed on. Aid trucks drove into de-occupied Dorvana on Sunday."
    assert [v for v, *_ in _control(nlp, text, [["Dorvana", "town", "UA"]])] == ["Ukrainian government"]


def test_no_control_over_a_place_is_no_claim_and_a_waved_flag_is_no_flag_raised(nlp):  # noqa: F811
    text = "By Friday, the Ukrainian army claimed complete control of Dorvana after a week of fighting."
    assert _control(nlp, text, [["Dorvana", "town", "UA"]])  # the claim this negation must not make
    text = "Officials admitted that the Ukrainian army has no control over Dorvana after a week of fighting."
    assert _control(nlp, text, [["Dorvana", "town", "UA"]]) == []
    text = "Protesters waved Ukrainian flags in Dorvana on Sunday."
    assert _control(nlp, text, [["Dorvana", "town", "PL"]]) == []


def test_place_held_by_a_side_in_apposition(nlp):  # noqa: F811
    text = "Dorvana, held by the RSF since the spring, came under shelling on Monday."
    assert [v for v, *_ in _control(nlp, text, [["Dorvana", "town", "SD"]])] == ["Rapid Support Forces"]
    text = "Dorvana, which was held by the RSF until March, came under shelling on Monday."
    assert _control(nlp, text, [["Dorvana", "town", "SD"]]) == []


def _divided_story(outlet, published, text, phrase):
    s = Story(outlet, published, text)
    for holder in ("Russian government", "Ukrainian government"):
        c = s.control(phrase, VOVCHANSK, holder)
        c.id += holder[:3]  # one claim per side of the same words
        c.attrs = {"scope": "divided", "cue": "divided"}
    return s


def test_reports_that_a_town_is_divided_agree_with_each_other_but_contradict_one_holder():
    a = _divided_story("Steppe Post", "2024-05-20", "Vovchansk, cut in two by the river, is quiet.", "Vovchansk, cut in two")
    b = _divided_story("River Wire", "2024-05-20", "The front line runs through Vovchansk now.",
                       "front line runs through Vovchansk")
    picture = fuse(readings([a, b]))
    assert picture.disputes == []
    assert sorted(r.holder for r in rows(picture, VOVCHANSK)) == ["Russian government", "Ukrainian government"]
    c = Story("Border Daily", "2024-05-20", "Ukrainian troops hold all of Vovchansk, officials said.")
    c.control("Ukrainian troops hold all of Vovchansk", VOVCHANSK, "Ukrainian government", date="2024-05-19")
    picture = fuse(readings([a, b, c]))
    [row] = rows(picture, VOVCHANSK)
    assert row.status == "disputed" and [d.kind for d in picture.disputes] == ["control"]
