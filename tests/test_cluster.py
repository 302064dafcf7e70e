"""Incidents: which event mentions are one happening (hand-built Sudan and Ukraine fixtures)."""

from __future__ import annotations

import random

from sitrep.fuse import fuse
from sitrep.fuse.cluster import incident_fatalities
from sitrep.fuse.outlets import Outlets
from sitrep.fuse.words import strongholds
from sitrep.model import Event, PlaceRef, Range

from .fixtures.fuse import sudan, ukraine
from .fixtures.fuse.stories import (AVDIIVKA, EL_FASHER, FASHER_CAMP, KHARKIV, NORTH_DARFUR, OMDURMAN, WAD_MADANI, Story,
                                    num)


def readings(stories):
    return [s.reading for s in stories]


def incident_of(picture, story, nth=0):
    ev = story.reading.events[nth]
    return next(i for i in picture.incidents if ev.id in i.events)


def test_three_outlets_one_incident_and_reprint_not_counted_twice():
    stories = sudan.market_attack()
    picture = fuse(readings(stories))
    assert len(picture.incidents) == 1
    inc = picture.incidents[0]
    assert inc.articles == sorted(s.id for s in stories)
    # the reprint's outlet is listed, but the summary counts three independent outlets, not four
    assert inc.outlets == sorted(["Desert Wire", "Nile Courier", "Sahel Monitor", "Darfur Daily Digest"])
    assert "3 independent outlets" in inc.summary
    assert inc.date == "2024-05-14" and inc.place == EL_FASHER.id
    assert inc.sub_type == "Shelling/artillery/missile attack"


def test_fatalities_refine_each_other():
    picture = fuse(readings(sudan.market_attack()))
    f = picture.incidents[0].fatalities
    # at least 30, dozens (24+), more than 40 (41+): all compatible, the largest low wins
    assert (f.low, f.best, f.high) == (41, 41, None)
    assert "More than 40" in f.text and "Dozens" in f.text


def test_incompatible_fatalities_span_all_and_have_no_best():
    mk = lambda art, r: Event(f"e{art}", art, "Battles", "Armed clash", 0, 1, fatalities=r)
    f = incident_fatalities([mk("a", Range(12, 12, 12, "12")), mk("b", Range(3, 3, 3, "3"))], Outlets([]))
    assert (f.low, f.best, f.high) == (3, None, 12)


def test_same_town_on_different_days_stays_two_incidents():
    stories = sudan.two_shellings()
    picture = fuse(readings(stories))
    assert len(picture.incidents) == 2
    by_date = {i.date: i for i in picture.incidents}
    assert set(by_date) == {"2024-06-03", "2024-06-06"}
    # each day's incident has one mention from each outlet
    for inc in picture.incidents:
        assert len(inc.articles) == 2 and len(inc.events) == 2


def test_close_dates_told_alike_by_two_voices_are_one_incident():
    stories = ukraine.printing_house_strike()
    picture = fuse(readings(stories))
    strike = incident_of(picture, stories[0])
    assert strike.events == sorted([stories[0].reading.events[0].id, stories[1].reading.events[0].id])
    # the drone strike on an energy facility that same Thursday is another happening
    assert incident_of(picture, stories[2]).id != strike.id
    assert len(picture.incidents) == 2


def test_a_mass_grave_told_as_a_collective_burial_site_the_next_day_is_one_happening():
    # invented: one outlet reports a mass grave found on Thursday, another a "collective burial site"
    # on Friday, when monitors spoke of it; a shelling of the town that Friday stays apart
    a = Story("Desert Wire", "2024-08-08", "Investigators found a mass grave outside El Fasher on Thursday.")
    a.event("a mass grave outside El Fasher on Thursday", "Strategic developments", "Other", EL_FASHER, "2024-08-08")
    b = Story("Nile Courier", "2024-08-09", "Monitors will visit El Fasher after reports of a collective burial site "
              "there on Friday.")
    b.event("a collective burial site there on Friday", "Strategic developments", "Other", EL_FASHER, "2024-08-09")
    c = Story("Sahel Monitor", "2024-08-09", "Shells hit a market in El Fasher on Friday.")
    c.event("Shells hit a market in El Fasher on Friday", "Explosions/Remote violence",
            "Shelling/artillery/missile attack", EL_FASHER, "2024-08-09")
    picture = fuse(readings([a, b, c]))
    assert incident_of(picture, a).id == incident_of(picture, b).id
    assert incident_of(picture, c).id != incident_of(picture, a).id


def test_one_voice_with_two_dates_is_two_happenings():
    # the same article telling of the same kind of thing on two days, both in its own voice
    s = Story("Desert Wire", "2024-08-08",
              "Gunmen freed inmates from the central prison on Wednesday. Gunmen freed inmates from the central "
              "prison again on Tuesday night.")
    s.event("Gunmen freed inmates from the central prison on Wednesday", "Strategic developments", "Other",
            EL_FASHER, "2024-08-07", what="inmates freed central prison")
    s.event("Gunmen freed inmates from the central prison again on Tuesday night", "Strategic developments",
            "Other", EL_FASHER, "2024-08-06", what="inmates freed central prison")
    assert len(fuse([s.reading]).incidents) == 2
    # ... but a guard's account against the lede's is one happening told two ways
    assert len(fuse(readings(sudan.prison_break())).incidents) == 1


def _recapture_recalling_a_siege(kharkiv_named_twice: bool, verbal: bool = False) -> Story:
    # invented: a report of a recapture that compares the damage with another city's siege in passing
    s = Story("Desert Wire", "2024-05-11",
              "Government troops retook Kharkiv on Friday. Residents of Kharkiv said the streets were quiet. "
              "Aid workers likened the ruins to those left by the siege of Avdiivka.")
    s.event("Government troops retook Kharkiv on Friday", "Battles", "Government regains territory", KHARKIV,
            "2024-05-10", "Ukrainian security forces", trigger="retake").attrs["verbal"] = True
    if kharkiv_named_twice:
        s.place("Residents of Kharkiv", KHARKIV)
    siege = s.event("the siege of Avdiivka", "Battles", "Armed clash", AVDIIVKA, None, trigger="siege")
    siege.attrs.update(definite="siege", verbal=verbal)
    return s


def test_a_siege_named_in_passing_far_from_the_news_is_context_not_a_happening():
    s = _recapture_recalling_a_siege(kharkiv_named_twice=True)
    picture = fuse([s.reading])
    assert [i.place for i in picture.incidents] == [KHARKIV.id]
    # a place the report names as often as its news, or a happening told by a verb, is kept as its own
    for other in (_recapture_recalling_a_siege(kharkiv_named_twice=False),
                  _recapture_recalling_a_siege(kharkiv_named_twice=True, verbal=True)):
        assert sorted(i.place for i in fuse([other.reading]).incidents) == sorted([KHARKIV.id, AVDIIVKA.id])


def test_nearby_place_and_region_level_mention_join_on_the_same_day():
    a = Story("Desert Wire", "2024-04-02", "Fighting raged around Zamzam camp on Monday.")
    a.event("Fighting raged around Zamzam camp on Monday", "Battles", "Armed clash", FASHER_CAMP, "2024-04-01",
            "Rapid Support Forces", "Sudanese Armed Forces", precision=2)
    b = Story("Nile Courier", "2024-04-02", "The army repelled an assault on El Fasher on Monday.")
    b.event("The army repelled an assault on El Fasher on Monday", "Battles", "Armed clash", EL_FASHER,
            "2024-04-01", "Sudanese Armed Forces", "Rapid Support Forces")
    c = Story("Sahel Monitor", "2024-04-02", "Clashes were reported across North Darfur on Monday.")
    c.event("Clashes were reported across North Darfur on Monday", "Battles", "Armed clash", NORTH_DARFUR,
            "2024-04-01", precision=3)
    d = Story("Sahel Monitor", "2024-04-02", "A drone strike hit El Fasher airport on Monday.")
    d.event("A drone strike hit El Fasher airport on Monday", "Explosions/Remote violence", "Air/drone strike",
            EL_FASHER, "2024-04-01")
    picture = fuse(readings([a, b, c, d]))
    assert len(picture.incidents) == 2  # the battle (three reports), and the air strike apart
    battle = incident_of(picture, a)
    assert len(battle.events) == 3
    assert battle.place in (EL_FASHER.id, FASHER_CAMP.id)  # a precise place, not the province
    assert battle.actors[:2] == ["Rapid Support Forces", "Sudanese Armed Forces"]


def test_far_places_do_not_merge():
    a = Story("Desert Wire", "2024-04-02", "Fighting raged in El Fasher on Monday.")
    a.event("Fighting raged in El Fasher on Monday", "Battles", "Armed clash", EL_FASHER, "2024-04-01")
    from .fixtures.fuse.stories import OMDURMAN
    b = Story("Nile Courier", "2024-04-02", "Fighting raged in Omdurman on Monday.")
    b.event("Fighting raged in Omdurman on Monday", "Battles", "Armed clash", OMDURMAN, "2024-04-01")
    assert len(fuse(readings([a, b])).incidents) == 2


def test_claims_are_assigned_their_incident_without_changing_the_readings():
    stories = sudan.market_attack()
    picture = fuse(readings(stories))
    inc = picture.incidents[0].id
    for s in stories:
        for c in s.reading.claims:
            assert picture.decisions.claim_incident[c.id] == inc, c.subject
            assert c.incident is None  # the reading as read: fuse decides, build_situation applies
        assert all(c.incident == inc for c in picture.decisions.claims_of(s.reading))


def test_deterministic_whatever_the_input_order():
    stories = sudan.market_attack() + sudan.two_shellings() + ukraine.printing_house_strike()
    first = fuse(readings(stories))
    shuffled = readings(stories)
    random.Random(7).shuffle(shuffled)
    second = fuse(shuffled)
    assert [i.to_dict() for i in first.incidents] == [i.to_dict() for i in second.incidents]
    assert [d.to_dict() for d in first.disputes] == [d.to_dict() for d in second.disputes]


def test_a_country_wide_mention_does_not_swallow_a_local_one():
    from sitrep.model import PlaceRef

    myanmar = PlaceRef("geo_t_mm", "Myanmar", "country", "MM", None, None, 21.0, 96.0)
    lashio = PlaceRef("geo_t_lashio", "Lashio", "town", "MM", "Shan", None, 22.93, 97.75)
    a = Story("Irrawaddy Notes", "2024-08-06", "Fighting continued across Myanmar on Monday.")
    a.event("Fighting continued across Myanmar on Monday", "Battles", "Armed clash", myanmar, "2024-08-05")
    b = Story("Mekong Review", "2024-08-06", "Resistance fighters clashed with junta troops in Lashio on Monday.")
    b.event("Resistance fighters clashed with junta troops in Lashio on Monday", "Battles", "Armed clash", lashio,
            "2024-08-05", "Resistance forces", "Myanmar military")
    picture = fuse(readings([a, b]))
    assert len(picture.incidents) == 2
    local = incident_of(picture, b)
    assert local.place == lashio.id and local.date == "2024-08-05"
    assert local.summary.startswith("Resistance forces vs Myanmar military: Armed clash in Lashio on 2024-08-05")


def test_a_town_changing_hands_over_days_is_one_capture_and_a_recapture_is_another():
    # an invented town taken over a weekend, told by three outlets dating different steps, then retaken
    a = Story("Desert Wire", "2024-09-07", "Rebels entered Wad Madani on Friday, residents said.")
    a.event("Rebels entered Wad Madani on Friday", "Battles", "Non-state actor overtakes territory", WAD_MADANI,
            "2024-09-06", "Rebels")
    b = Story("Nile Courier", "2024-09-08", "The rebels said they had seized Wad Madani on Sunday.")
    b.event("they had seized Wad Madani on Sunday", "Battles", "Non-state actor overtakes territory", WAD_MADANI,
            "2024-09-08", "Rebels")
    c = Story("Sahel Monitor", "2024-09-08", "Troops withdrew from Wad Madani on Saturday.")
    c.event("Troops withdrew from Wad Madani on Saturday", "Strategic developments",
            "Non-violent transfer of territory", WAD_MADANI, "2024-09-07", "Rebels", "Army")
    d = Story("Desert Wire", "2024-09-10", "The army said it retook Wad Madani on Tuesday.")
    d.event("it retook Wad Madani on Tuesday", "Battles", "Government regains territory", WAD_MADANI,
            "2024-09-09", "Army")
    for s in (a, b, c, d):
        s.reading.events[0].attrs["named"] = True
    picture = fuse(readings([a, b, c, d]))
    capture = incident_of(picture, a)
    assert incident_of(picture, b).id == capture.id == incident_of(picture, c).id
    assert capture.sub_type == "Non-state actor overtakes territory"
    assert incident_of(picture, d).id != capture.id


def _airport_then_city(city_phrase: str, city_text: str, city_day: str = "2024-09-08"):
    # invented: rebels take the airport serving Wad Madani on Friday, and the city itself on Sunday
    a = Story("Desert Wire", "2024-09-06", "Rebels seized the airport serving Wad Madani on Friday.")
    a.event("Rebels seized the airport serving Wad Madani on Friday", "Battles", "Non-state actor overtakes territory",
            WAD_MADANI, "2024-09-06", "Rebels")
    b = Story("Nile Courier", "2024-09-08", city_text)
    b.event(city_phrase, "Battles", "Non-state actor overtakes territory", WAD_MADANI, city_day, "Rebels")
    for x in (a, b):
        x.reading.events[0].attrs["named"] = True
    picture = fuse(readings([a, b]))
    return incident_of(picture, a).id == incident_of(picture, b).id


def test_a_stronghold_taken_and_its_town_entered_days_later_are_two_acts_of_one_battle():
    # the airport on Friday, the city entered on Sunday: two acts (a capture told in steps stays one,
    # see above, when its steps take the same thing)
    assert not _airport_then_city("Rebels entered Wad Madani on Sunday", "Rebels entered Wad Madani on Sunday.")
    assert _airport_then_city("Rebels held the airport of Wad Madani on Sunday",
                              "Rebels held the airport of Wad Madani on Sunday.")
    # a site named only to say where something else is does not make the taking a site's
    assert strongholds("rebels took two air bases and the headquarters") == {"base", "headquarters"}
    assert strongholds("rebels entered a village 10 km from the airport") == frozenset()
    assert strongholds("aid trucks drove past the base") == frozenset()
    # one site in two words is one stronghold, and a command that speaks is no site taken
    assert strongholds("rebels held the airfield") == strongholds("rebels seized the airport")
    assert strongholds("prison") == strongholds("jail")
    assert strongholds("rebels entered the town, the army command said") == frozenset()
    # a taking dated only by its week may be the Friday one
    assert _airport_then_city("Rebels entered Wad Madani this week", "Rebels entered Wad Madani this week.",
                              "2024-09-02/2024-09-08")


def test_a_capture_whose_taker_is_guessed_is_not_a_recapture_of_it():
    # invented: "the capture of Wad Madani", told without its taker, was coded with the army the
    # article names elsewhere; only named takers tell a place taken and taken back
    def report(named: bool):
        a = Story("Desert Wire", "2024-09-09", "Rebels seized Wad Madani on Sunday, residents said. Thousands fled "
                  "after the capture of Wad Madani on Sunday, the army said.")
        a.event("Rebels seized Wad Madani on Sunday", "Battles", "Non-state actor overtakes territory", WAD_MADANI,
                "2024-09-08", "Rebels").attrs["named"] = True
        a.event("the capture of Wad Madani on Sunday", "Battles", "Government regains territory", WAD_MADANI,
                "2024-09-08", "Army").attrs["named"] = named
        return [a]

    assert len(fuse(readings(report(False))).incidents) == 1
    assert len(fuse(readings(report(True))).incidents) == 2


def test_a_place_far_from_everything_else_the_story_names_is_weak_evidence():
    from sitrep.model import PlaceRef

    namesake = PlaceRef("geo_t_faraway", "Port Esperance", "city", "ZZ", "Far Coast", None, -30.0, 120.0)
    a = Story("Desert Wire", "2024-05-14", "Shells hit the market in El Fasher on Tuesday, killing 12.")
    a.event("Shells hit the market in El Fasher on Tuesday", "Explosions/Remote violence",
            "Shelling/artillery/missile attack", EL_FASHER, "2024-05-14")
    a.place("El Fasher", EL_FASHER)
    b = Story("Nile Courier", "2024-05-14", "The shelling of the El Fasher market on Tuesday killed 12, the aid "
              "group said from Port Esperance.")
    b.place("El Fasher", EL_FASHER)
    # a misreading places this mention abroad, at the aid group's seat
    b.event("The shelling of the El Fasher market on Tuesday", "Explosions/Remote violence",
            "Shelling/artillery/missile attack", namesake, "2024-05-14")
    picture = fuse(readings([a, b]))
    inc = incident_of(picture, a)
    assert incident_of(picture, b).id == inc.id and inc.place == EL_FASHER.id


def test_running_tolls_are_one_count_of_their_own_and_the_latest_figure_stands():
    from sitrep.model import PlaceRef

    sudan_ = PlaceRef("geo_t_sd", "Sudan", "country", "SD", None, None, 15.5, 30.0)
    tally = {"tally": True}
    a = Story("Desert Wire", "2024-04-17", "Clashes raged in Omdurman on Tuesday. The fighting that broke out on "
              "Saturday has killed 97 people in Sudan, doctors said.")
    a.event("Clashes raged in Omdurman on Tuesday", "Battles", "Armed clash", OMDURMAN, "2024-04-16")
    ev = a.event("has killed 97 people in Sudan", "Battles", "Armed clash", sudan_, "2024-04-13/2024-04-17",
                 killed=num(97, 97, 97, "97"), precision=3)
    ev.attrs.update(tally)
    b = Story("Nile Courier", "2024-04-19", "At least 185 people have been killed in Sudan since Saturday, the "
              "envoy said.")
    ev = b.event("At least 185 people have been killed in Sudan since Saturday", "Battles", "Armed clash", sudan_,
                 "2024-04-13/2024-04-19", killed=num(185, None, None, "At least 185"), precision=3)
    ev.attrs.update(tally)
    picture = fuse(readings([a, b]))
    count = incident_of(picture, a, 1)
    assert incident_of(picture, b).id == count.id  # told by two stories: one count
    assert incident_of(picture, a, 0).id != count.id  # the Omdurman clash is not part of it, nor it of the clash
    assert count.date == "2024-04-13/2024-04-19"
    assert count.fatalities.low == 185 and count.fatalities.high is None  # the latest count, not 97-185 disputed
    assert "running toll" in count.summary


def test_two_names_of_one_side_are_not_opposed_sides():
    from sitrep.fuse.cluster import _side

    assert _side("Russian Air Force") == _side("Russian forces")  # one state's forces
    assert _side("Rapid Support Forces") != _side("Sudanese security forces")


def test_a_town_taken_by_one_named_group_then_another_is_two_captures():
    from sitrep.model import PlaceRef

    deir = PlaceRef("geo_t_deir", "Deir Amar", "city", "ZZ", "East", None, 35.3, 40.1)
    a = Story("Desert Wire", "2024-12-07", "The Northern Alliance took control of Deir Amar on Saturday.")
    a.event("The Northern Alliance took control of Deir Amar on Saturday", "Battles",
            "Non-state actor overtakes territory", deir, "2024-12-07", "Syrian Democratic Forces")
    b = Story("Nile Courier", "2024-12-09", "Hayat fighters seized Deir Amar on Monday.")
    b.event("Hayat fighters seized Deir Amar on Monday", "Battles", "Non-state actor overtakes territory", deir,
            "2024-12-09", "Hayat Tahrir al-Sham")
    picture = fuse(readings([a, b]))
    assert incident_of(picture, a).id != incident_of(picture, b).id


def test_a_report_telling_a_capture_and_its_street_fighting_tells_one_happening():
    s = Story("Desert Wire", "2024-12-05", "Rebels captured Wad Madani on Thursday. Fighters stormed the police "
              "headquarters and were engaged in street fighting with the army.")
    s.event("Rebels captured Wad Madani on Thursday", "Battles", "Non-state actor overtakes territory", WAD_MADANI,
            "2024-12-05", "Rebels", "Army")
    s.event("were engaged in street fighting with the army", "Battles", "Armed clash", WAD_MADANI, None,
            "Rebels", "Army")
    picture = fuse(readings([s]))
    assert len(picture.incidents) == 1


def test_a_blast_whose_cause_is_disputed_is_one_happening():
    # invented: one outlet tells an explosion at a hospital, the other an air strike on it, same day
    a = Story("Desert Wire", "2024-05-15", "An explosion tore through the Sahel hospital in El Fasher on Tuesday. "
              "Witnesses blamed an army drone strike.")
    a.event("An explosion tore through the Sahel hospital in El Fasher on Tuesday", "Explosions/Remote violence",
            "Remote explosive/landmine/IED", EL_FASHER, "2024-05-14", trigger="explosion")
    a.event("an army drone strike", "Explosions/Remote violence", "Air/drone strike", EL_FASHER, "2024-05-14")
    b = Story("Nile Courier", "2024-05-15", "An air strike hit the hospital in El Fasher on Tuesday, officials said.")
    b.event("An air strike hit the hospital in El Fasher on Tuesday", "Explosions/Remote violence",
            "Air/drone strike", EL_FASHER, "2024-05-14", trigger="strike")
    picture = fuse(readings([a, b]))
    assert len(picture.incidents) == 1


def test_two_voices_naming_two_weapons_in_one_report_are_one_disputed_happening():
    from .fixtures.fuse.stories import official

    a = Story("Desert Wire", "2024-05-15",
              "A blast tore through a clinic in El Fasher on Tuesday. Rebel officials said an air raid by the army "
              "hit the clinic; the army said a rebel mortar round fell short.")
    a.event("A blast tore through a clinic in El Fasher on Tuesday", "Explosions/Remote violence",
            "Remote explosive/landmine/IED", EL_FASHER, "2024-05-14", trigger="blast")
    a.event("an air raid by the army hit the clinic", "Explosions/Remote violence", "Air/drone strike",
            EL_FASHER, "2024-05-14", trigger="raid", source=official("Rebel officials"))
    a.event("a rebel mortar round fell short", "Explosions/Remote violence", "Shelling/artillery/missile attack",
            EL_FASHER, "2024-05-14", trigger="mortar", source=official("the army"))
    picture = fuse(readings([a]))
    assert len(picture.incidents) == 1 and len(picture.incidents[0].events) == 3
    # one voice telling two weapons in other words tells two happenings
    b = Story("Desert Wire", "2024-05-15",
              "Shells hit the cattle market in El Fasher on Tuesday. A drone struck the water station there too.")
    b.event("Shells hit the cattle market in El Fasher on Tuesday", "Explosions/Remote violence",
            "Shelling/artillery/missile attack", EL_FASHER, "2024-05-14", trigger="shell")
    b.event("A drone struck the water station there too", "Explosions/Remote violence", "Air/drone strike",
            EL_FASHER, "2024-05-14", trigger="strike")
    assert len(fuse(readings([b])).incidents) == 2


def test_a_happening_days_before_the_reports_news_is_looked_back_on_not_its_incident():
    # Two reports of a market shelling on 2024-06-20; each also retells the raid that opened the
    # siege on 2024-06-10, with its dead. The raid neither becomes their incident nor outvotes it.
    stories = []
    for outlet, then in (("Desert Wire", "began"), ("Nile Courier", "opened")):
        s = Story(outlet, "2024-06-21",
                  f"Shells hit the El Fasher market on Thursday, killing 12. The siege {then} with a raid on "
                  "the city on June 10 that killed 30 people.")
        s.event("Shells hit the El Fasher market on Thursday", "Explosions/Remote violence",
                "Shelling/artillery/missile attack", EL_FASHER, "2024-06-20", killed=num(12, 12, 12, "12"),
                what="market", trigger="shell")
        s.event("a raid on the city on June 10 that killed 30 people", "Battles", "Armed clash", EL_FASHER,
                "2024-06-10", killed=num(30, 30, 30, "30"), what="raid siege", trigger="raid")
        stories.append(s)
    picture = fuse(readings(stories))
    market = incident_of(picture, stories[0])
    assert market.articles == sorted(s.id for s in stories) and market.date == "2024-06-20"
    raid_ids = {s.reading.events[1].id for s in stories}
    assert not any(raid_ids & set(i.events) for i in picture.incidents)
    # a report with no news of its own days (a retrospective) still tells its happening
    retro = Story("Sahel Monitor", "2024-06-21", "A raid on El Fasher on June 10 killed 30 people.")
    retro.event("A raid on El Fasher on June 10 killed 30 people", "Battles", "Armed clash", EL_FASHER,
                "2024-06-10", killed=num(30, 30, 30, "30"), what="raid", trigger="raid")
    assert any(retro.reading.events[0].id in i.events for i in fuse([retro.reading]).incidents)


def _battle_reports(second_day_phrase: str, second_trigger: str, second_sub: str = "Armed clash"):
    a = Story("Desert Wire", "2024-06-12",
              f"Paramilitary fighters clashed with the army in Omdurman on Monday. {second_day_phrase} on Tuesday.")
    a.event("Paramilitary fighters clashed with the army in Omdurman on Monday", "Battles", "Armed clash",
            OMDURMAN, "2024-06-10", "Rapid Support Forces", "Sudanese Armed Forces", trigger="clash")
    a.event(f"{second_day_phrase} on Tuesday", "Battles", second_sub, OMDURMAN, "2024-06-11",
            "Rapid Support Forces", "Sudanese Armed Forces", trigger=second_trigger)
    b = Story("Nile Courier", "2024-06-12", f"{second_day_phrase} on Tuesday, residents said.")
    b.event(f"{second_day_phrase} on Tuesday", "Battles", second_sub, OMDURMAN, "2024-06-11",
            "Rapid Support Forces", "Sudanese Armed Forces", trigger=second_trigger)
    return [a, b]


def test_one_battle_told_day_by_day_is_one_incident_an_ambush_next_day_is_not():
    # fighting going on at one place on consecutive days, both days told by one report, same sides
    stories = _battle_reports("The offensive on Omdurman went on", "offensive")
    picture = fuse(readings(stories))
    assert len(picture.incidents) == 1 and picture.incidents[0].articles == sorted(s.id for s in stories)
    # an ambush the next day is an act of its own, not the battle going on
    stories = _battle_reports("Paramilitary fighters ambushed an army convoy in Omdurman", "ambush")
    assert len(fuse(readings(stories)).incidents) == 2


def test_a_city_share_of_the_wars_count_is_not_a_local_clash():
    # A report of a clash in Omdurman on Monday; another report breaks the war's civilian dead down by
    # city after a sentence on the fighting its reading left out as background (no when, no where).
    clash = Story("Desert Wire", "2024-06-11", "The army and the paramilitaries clashed in Omdurman on Monday.")
    clash.event("The army and the paramilitaries clashed in Omdurman on Monday", "Battles", "Armed clash", OMDURMAN,
                "2024-06-10", "Sudanese Armed Forces", "Rapid Support Forces", trigger="clash")
    toll = Story("Nile Courier", "2024-06-11",
                 "Doctors said the clashes between the two forces killed civilians. In Omdurman, 7 civilians "
                 "were killed.")
    share = toll.event("7 civilians were killed", "Battles", "Armed clash", OMDURMAN, None, "Sudanese Armed Forces",
                       "Rapid Support Forces", killed=num(7, 7, 7, "7"), trigger="kill")
    share.attrs["continues"] = "ev_left_out_as_background"
    picture = fuse(readings([clash, toll]))
    assert incident_of(picture, clash).articles == [clash.id]
    # told on its own (no background happening before it), the same count is the local clash's toll
    del share.attrs["continues"]
    assert incident_of(fuse(readings([clash, toll])), clash).articles == sorted([clash.id, toll.id])


def test_a_happening_told_without_a_day_is_the_reports_news_and_an_old_one_a_look_back():
    s = Story("Desert Wire", "2024-06-21",
              "Shells hit the El Fasher market, killing 12. The siege began with a raid on the city on June 10 "
              "that killed 30 people.")
    s.event("Shells hit the El Fasher market", "Explosions/Remote violence", "Shelling/artillery/missile attack",
            EL_FASHER, None, killed=num(12, 12, 12, "12"), what="market", trigger="shell")
    raid = s.event("a raid on the city on June 10 that killed 30 people", "Battles", "Armed clash", EL_FASHER,
                   "2024-06-10", killed=num(30, 30, 30, "30"), what="raid siege", trigger="raid")
    picture = fuse([s.reading])
    assert incident_of(picture, s).events == [s.reading.events[0].id]
    assert not any(raid.id in i.events for i in picture.incidents)


def test_ground_retaken_counted_across_a_region_is_a_count_not_a_towns_capture():
    # A town retaken on Thursday; two other reports count the ground retaken in its province and in the
    # whole country since the push began (dated from different days): one running count of the front.
    from sitrep.model import PlaceRef

    sudan_ = PlaceRef("geo_t_sd", "Sudan", "country", "SD", None, None, 15.5, 30.0)
    town = Story("Desert Wire", "2024-09-13", "The army retook Kutum on Thursday.")
    town.event("The army retook Kutum on Thursday", "Battles", "Government regains territory",
               PlaceRef("geo_t_kutum", "Kutum", "town", "SD", "North Darfur", None, 14.2, 24.67), "2024-09-12",
               "Sudanese Armed Forces")
    region = Story("Nile Courier", "2024-09-15", "Since 6 September the army has retaken about 8,500 square "
                   "kilometres and 388 settlements in North Darfur.")
    region.event("Since 6 September the army has retaken about 8,500 square kilometres and 388 settlements in "
                 "North Darfur", "Battles", "Government regains territory", NORTH_DARFUR, "2024-09-06/2024-09-15",
                 "Sudanese Armed Forces", precision=3)
    country = Story("Sahel Monitor", "2024-09-14", "From the start of the month until today the army has retaken "
                    "more than 6,000 square kilometres of Sudan.")
    country.event("the army has retaken more than 6,000 square kilometres of Sudan", "Battles",
                  "Government regains territory", sudan_, "2024-09-01/2024-09-14", "Sudanese Armed Forces",
                  precision=3)
    picture = fuse(readings([town, region, country]))
    assert incident_of(picture, region).id == incident_of(picture, country).id
    assert incident_of(picture, town).articles == [town.id]
    assert incident_of(fuse(readings([town, region])), town).articles == [town.id]
    # told without the ground it counts, the province-wide retaking covers the town's capture that week
    region.reading.events[0].end = region.reading.events[0].start + len("Since 6 September the army has retaken")
    region.reading.article.text = "Since 6 September the army has retaken North Darfur's towns."
    assert region.id in incident_of(fuse(readings([town, region])), town).articles


def test_a_happening_placed_only_at_the_reports_country_by_guess_joins_its_storys_happening():
    # invented: a report from a neighbouring capital names only that country; its words tell the
    # hospital strike without a place, so the country it was placed at is the article's, not the strike's
    chad = PlaceRef("geo_t_chad", "Chad", "country", "TD", None, None, 15.45, 18.73)

    def reports(guessed: bool):
        a = Story("Desert Wire", "2024-05-15", "A drone strike hit the Sahel hospital in El Fasher on Tuesday, "
                  "killing 20 patients, hospital staff said.")
        a.event("A drone strike hit the Sahel hospital in El Fasher on Tuesday", "Explosions/Remote violence",
                "Air/drone strike", EL_FASHER, "2024-05-14", trigger="strike")
        b = Story("Lake Courier", "2024-05-15", "Refugees arriving in Chad said the drone strike on the Sahel "
                  "hospital on Tuesday killed 20 patients.")
        ev = b.event("the drone strike on the Sahel hospital on Tuesday", "Explosions/Remote violence",
                     "Air/drone strike", chad, "2024-05-14", trigger="strike", precision=3)
        ev.attrs["country_guessed"] = guessed
        return [a, b]

    guessed = fuse(readings(reports(True)))
    assert len(guessed.stories) == 1
    assert len(guessed.incidents) == 1 and guessed.incidents[0].place == EL_FASHER.id
    # placed at that country by its own words, it is not the hospital in another country
    assert len(fuse(readings(reports(False))).incidents) == 2


def test_one_kind_of_happening_at_one_point_told_alike_by_two_stories_is_one_even_undated():
    # invented: one story tells a mass grave found at a camp on Thursday; another story that week, about
    # the returning displaced, tells the mass grave there without a day
    def reports(second: str):
        a = Story("Desert Wire", "2024-05-17", "Investigators found a mass grave at Zamzam camp on Thursday "
                  "holding some 40 bodies, the prosecutor's office said.")
        a.event("found a mass grave at Zamzam camp on Thursday", "Strategic developments", "Other", FASHER_CAMP,
                "2024-05-16", trigger="grave").attrs["dated_in_text"] = True
        b = Story("Lake Courier", "2024-05-20", "Shells hit Zamzam camp on Sunday, wounding five people. Families "
                  f"there spoke of {second} at Zamzam camp as they rebuilt shelters.")
        b.event("Shells hit Zamzam camp on Sunday", "Explosions/Remote violence", "Shelling/artillery/missile attack",
                FASHER_CAMP, "2024-05-19", trigger="shell").attrs["dated_in_text"] = True  # its lead: another day
        b.event(f"{second} at Zamzam camp", "Strategic developments", "Other", FASHER_CAMP, None, trigger="grave")
        return [a, b]

    picture = fuse(readings(reports("the mass grave")))
    assert len(picture.stories) == 2
    assert len(picture.incidents) == 2  # the grave, and Sunday's shelling
    # told in other words, the undated one is not known to be the same happening
    picture = fuse(readings(reports("the flag raised")))
    assert len(picture.stories) == 2 and len(picture.incidents) == 3


def test_a_running_count_is_placed_where_it_counts_not_at_a_city_share():
    sudan_ = PlaceRef("geo_t_sd", "Sudan", "country", "SD", None, None, 15.5, 30.0)
    a = Story("Desert Wire", "2024-04-19", "At least 185 people have been killed in Sudan since Saturday, "
              "the envoy said. Doctors said the clashes killed civilians. In Omdurman, 7 civilians were killed.")
    ev = a.event("At least 185 people have been killed in Sudan since Saturday", "Battles", "Armed clash", sudan_,
                 "2024-04-13/2024-04-19", killed=num(185, None, None, "At least 185"), precision=3)
    ev.attrs["tally"] = True
    share = a.event("7 civilians were killed", "Battles", "Armed clash", OMDURMAN, None, killed=num(7, 7, 7, "7"),
                    trigger="kill")
    share.attrs["continues"] = "ev_left_out_as_background"
    picture = fuse(readings([a]))
    assert len(picture.incidents) == 1
    count = picture.incidents[0]
    assert len(count.events) == 2 and count.place == sudan_.id


def _toll_by_town(link: bool, second_place: PlaceRef = WAD_MADANI) -> tuple[Story, PlaceRef]:
    # invented: a report gives a country's running toll, then the day's deaths town by town
    sudan_ = PlaceRef("geo_t_sd", "Sudan", "country", "SD", None, None, 15.5, 30.0)
    a = Story("Desert Wire", "2024-04-19", "The medics' union said the civilian toll in Sudan has risen to 185 "
              f"since Saturday. Omdurman counted four deaths yesterday, and {second_place.name} two.")
    toll = a.event("the civilian toll in Sudan has risen to 185 since Saturday", "Battles", "Armed clash", sudan_,
                   "2024-04-13/2024-04-19", killed=num(185, 185, 185, "185"), precision=3)
    toll.attrs["tally"] = True
    first = a.event("Omdurman counted four deaths yesterday", "Battles", "Armed clash", OMDURMAN, "2024-04-18",
                    killed=num(4, 4, 4, "four"))
    second = a.event(f"{second_place.name} two", "Battles", "Armed clash", second_place, "2024-04-18",
                     killed=num(2, 2, 2, "two"))
    if link:
        first.attrs["continues"], second.attrs["continues"] = toll.id, first.id
    return a, sudan_


def test_a_running_toll_broken_down_town_by_town_is_one_count_not_a_happening_per_town():
    a, sudan_ = _toll_by_town(link=True)
    picture = fuse([a.reading])
    assert [i.place for i in picture.incidents] == [sudan_.id]
    assert picture.incidents[0].events == [a.reading.events[0].id]
    # counts the report does not tie to the toll are happenings of their own
    a, _ = _toll_by_town(link=False)
    assert len(fuse([a.reading]).incidents) == 3
    # and a town outside the counted country is not its share
    abroad = PlaceRef("geo_t_abroad", "Ndjamena", "city", "TD", None, None, 12.1, 15.0)
    a, _ = _toll_by_town(link=True, second_place=abroad)
    assert len(fuse([a.reading]).incidents) == 2


def test_a_week_guessed_from_a_reports_tense_does_not_join_two_stories():
    # invented: one story tells a drone strike on the El Fasher market on Thursday; another, led by
    # Sunday's shelling there, tells "a drone strike on the market" dated only by its tense to its week
    def reports(second_date: str, told: bool = False):
        a = Story("Desert Wire", "2024-05-17", "A drone struck the cattle market in El Fasher on Thursday, "
                  "killing nine traders, witnesses said.")
        a.event("A drone struck the cattle market in El Fasher on Thursday", "Explosions/Remote violence",
                "Air/drone strike", EL_FASHER, "2024-05-16", trigger="strike").attrs["dated_in_text"] = True
        b = Story("Lake Courier", "2024-05-20", "Shells hit El Fasher on Sunday, wounding five. Residents have "
                  "also counted the dead of a drone strike on a market there.")
        b.event("Shells hit El Fasher on Sunday", "Explosions/Remote violence", "Shelling/artillery/missile attack",
                EL_FASHER, "2024-05-19", trigger="shell").attrs["dated_in_text"] = True
        b.event("a drone strike on a market there", "Explosions/Remote violence", "Air/drone strike", EL_FASHER,
                second_date, trigger="strike").attrs["dated_in_text"] = told
        return [a, b]

    week = fuse(readings(reports("2024-05-14/2024-05-20")))
    assert len(week.stories) == 2 and len(week.incidents) == 3
    # "last week" in its words, or the same two days, it is the same strike
    for date in ("2024-05-14/2024-05-20", "2024-05-15/2024-05-16"):
        told = fuse(readings(reports(date, told=True)))
        assert len(told.stories) == 2 and len(told.incidents) == 2


def test_the_examples_incidents_hold(examples_situation):
    # the bundled examples' gold (examples/gold.json): every incident, the market shelling told over
    # five reports ("last week" in one of them) among them
    import json
    from pathlib import Path

    from sitrep.evaluate import evaluate

    gold = Path(__file__).resolve().parents[1] / "examples" / "gold.json"
    report = evaluate(json.loads(gold.read_text(encoding="utf-8")), examples_situation).to_dict()
    row = next(r for r in report["rows"] if r["name"] == "incidents")
    assert row["found"] == row["total"] == 4


def test_a_country_wide_mention_joins_the_happening_of_its_kind_and_day_before_a_bigger_one_it_may_be():
    # invented: a report tells a pull-out country-wide, then where it happened that day, and the day's
    # fighting another report tells too; the pull-out is the withdrawal, not the fighting
    sudan_ = PlaceRef("geo_t_sudan", "Sudan", "country", "SD", None, None, 15.5, 30.0)
    day = "2024-06-12"
    sides = ("Sudanese Armed Forces", "Rapid Support Forces")
    a = Story("River Post", "2024-06-13", "Army troops and paramilitary fighters fought in Omdurman on Wednesday, "
              "residents of the old market said.")
    a.event("Army troops and paramilitary fighters fought in Omdurman on Wednesday", "Battles", "Armed clash",
            OMDURMAN, day, *sides, trigger="fought")
    b = Story("Nile Evening", "2024-06-13", "The army pulled its garrisons out of Sudan's south on Wednesday, handing "
              "the barracks to the paramilitary fighters. The pull-out from Wad Madani ended on Wednesday, "
              "officials said. Army troops and paramilitary fighters also fought in Omdurman on Wednesday.")
    b.event("The army pulled its garrisons out of Sudan's south on Wednesday", "Strategic developments",
            "Non-violent transfer of territory", sudan_, day, *sides, trigger="pulled", precision=3)
    b.event("The pull-out from Wad Madani ended on Wednesday", "Strategic developments",
            "Non-violent transfer of territory", WAD_MADANI, day, *sides, trigger="pull-out")
    b.event("Army troops and paramilitary fighters also fought in Omdurman on Wednesday", "Battles", "Armed clash",
            OMDURMAN, day, *sides, trigger="fought")
    picture = fuse(readings([a, b]))
    assert len(picture.stories) == 1
    withdrawal, fighting = incident_of(picture, b, 1), incident_of(picture, b, 2)
    assert withdrawal.id != fighting.id and fighting.articles == sorted([a.id, b.id])
    assert incident_of(picture, b, 0).id == withdrawal.id


def test_a_happening_told_without_a_day_near_one_its_story_dates_is_that_happening():
    # invented: two reports of one night of drone strikes; one adds, without a day, a strike a few
    # kilometres away (the same night's happening) and one far away (a happening of its own)
    hantoub = PlaceRef("geo_t_hantoub", "Hantoub", "town", "SD", "Al Jazirah", None, 14.42, 33.55)
    a = Story("Sennar Daily", "2024-03-12", "Drones struck the grain depot in Wad Madani on Monday, killing four "
              "guards, the state governor said.")
    a.event("Drones struck the grain depot in Wad Madani on Monday", "Explosions/Remote violence", "Air/drone strike",
            WAD_MADANI, "2024-03-11", trigger="struck")
    b = Story("Blue Nile Radio", "2024-03-12", "Drones struck the grain depot in Wad Madani on Monday, killing four "
              "guards. A drone also hit the bakery in Hantoub, residents said. Drones hit a market in El Fasher, "
              "medics said.")
    b.event("Drones struck the grain depot in Wad Madani on Monday", "Explosions/Remote violence", "Air/drone strike",
            WAD_MADANI, "2024-03-11", trigger="struck")
    b.event("A drone also hit the bakery in Hantoub", "Explosions/Remote violence", "Air/drone strike", hantoub, None,
            trigger="hit")
    b.event("Drones hit a market in El Fasher", "Explosions/Remote violence", "Air/drone strike", EL_FASHER, None,
            trigger="hit")
    picture = fuse(readings([a, b]))
    assert len(picture.stories) == 1
    depot = incident_of(picture, a)
    assert incident_of(picture, b, 0).id == depot.id and incident_of(picture, b, 1).id == depot.id
    assert depot.place == WAD_MADANI.id and depot.date == "2024-03-11"
    assert incident_of(picture, b, 2).id != depot.id
    # when the story also dates a strike in that town on another day, nothing says which it was
    c = Story("Sennar Daily", "2024-03-12", "Drones struck the grain depot in Wad Madani on Monday. On Sunday "
              "shells hit the barracks in Hantoub, the governor said.")
    c.event("Drones struck the grain depot in Wad Madani on Monday", "Explosions/Remote violence", "Air/drone strike",
            WAD_MADANI, "2024-03-11", trigger="struck")
    c.event("shells hit the barracks in Hantoub", "Explosions/Remote violence", "Shelling/artillery/missile attack",
            hantoub, "2024-03-10", trigger="shell")
    picture = fuse(readings([c, b]))
    assert len(picture.stories) == 1
    bakery = incident_of(picture, b, 1)
    assert bakery.id not in {incident_of(picture, c, 0).id, incident_of(picture, c, 1).id}


def test_a_happening_told_without_a_day_is_the_one_another_story_dates_there_unless_there_are_several():
    # invented: a report on truce talks adds, without a day, a shelling in a city where another story
    # dates one; when a third story dates a strike there on another day, nothing says which it was
    jeddah = PlaceRef("geo_t_jeddah", "Jeddah", "city", "SA", "Makkah", None, 21.49, 39.19)

    def reports(second_strike: bool):
        a = Story("River Post", "2024-07-03", "Militia fighters shelled the fuel depot in Omdurman on Tuesday, "
                  "the civil defence said, and the blaze burned through the night.")
        a.event("Militia fighters shelled the fuel depot in Omdurman on Tuesday", "Explosions/Remote violence",
                "Shelling/artillery/missile attack", OMDURMAN, "2024-07-02", trigger="shelled")
        b = Story("Gulf Ledger", "2024-07-04", "Talks on a truce opened in Jeddah on Wednesday, mediators said. The "
                  "truce talks in Jeddah went on late into the night. Separately, shelling hit a depot in Omdurman, "
                  "residents said.")
        b.event("Talks on a truce opened in Jeddah on Wednesday", "Strategic developments", "Agreement", jeddah,
                "2024-07-03", trigger="truce")
        b.event("truce talks in Jeddah went on late into the night", "Strategic developments", "Agreement", jeddah,
                "2024-07-03", trigger="truce")
        b.event("shelling hit a depot in Omdurman", "Explosions/Remote violence", "Shelling/artillery/missile attack",
                OMDURMAN, None, trigger="shelling")
        out = [a, b]
        if second_strike:
            c = Story("Sahel Monitor", "2024-07-02", "Drones struck army barracks in Omdurman on Sunday, killing "
                      "two recruits, a military spokesman told reporters.")
            c.event("Drones struck army barracks in Omdurman on Sunday", "Explosions/Remote violence",
                    "Air/drone strike", OMDURMAN, "2024-06-30", trigger="struck")
            out.append(c)
        return out

    one = reports(False)
    picture = fuse(readings(one))
    assert len(picture.stories) == 2
    assert incident_of(picture, one[1], 2).id == incident_of(picture, one[0]).id
    several = reports(True)
    picture = fuse(readings(several))
    assert len(picture.stories) == 3
    undated = incident_of(picture, several[1], 2)
    assert undated.id not in {incident_of(picture, several[0]).id, incident_of(picture, several[2]).id}
    # added one report at a time, the picture is the same: a later strike there undoes the join
    from sitrep.fuse import Fuser

    fuser = Fuser()
    for s in several:
        fuser.add([s.reading])
    assert sorted(i.id for i in fuser.picture().incidents) == sorted(i.id for i in picture.incidents)


def test_a_period_retold_as_background_of_a_reports_own_news_is_in_no_incident():
    # invented: a report of a grave found on Wednesday recalls the town's recapture "this month";
    # another report dates the recapture
    def reports(news: bool, killed: bool = False):
        text = ("Investigators found a mass grave near Wad Madani on Wednesday. " if news else "") + \
            "The town was retaken by the army during an offensive this month" + (", which killed 40." if killed else ".")
        a = Story("Desert Wire", "2024-06-20", text)
        if news:
            a.event("Investigators found a mass grave near Wad Madani on Wednesday", "Strategic developments", "Other",
                    WAD_MADANI, "2024-06-19", trigger="find")
        a.event("The town was retaken by the army during an offensive this month", "Battles",
                "Government regains territory", WAD_MADANI, "2024-06-01/2024-06-30", "Sudanese Armed Forces",
                killed=num(40, 40, 40, "40") if killed else None, trigger="retake")
        b = Story("Nile Courier", "2024-06-20", "The army retook Wad Madani on June 8, residents said.")
        b.event("The army retook Wad Madani on June 8", "Battles", "Government regains territory", WAD_MADANI,
                "2024-06-08", "Sudanese Armed Forces", trigger="retake")
        return a, b

    a, b = reports(news=True)
    picture = fuse(readings([a, b]))
    retold = a.reading.events[1]
    assert not any(retold.id in i.events for i in picture.incidents)
    assert incident_of(picture, a).articles == [a.id]  # the grave is the report's own happening
    # a report that tells only the period: the recapture is what it reports
    a, b = reports(news=False)
    assert any(a.reading.events[0].id in i.events for i in fuse(readings([a, b])).incidents)
    # a count of the dead over the period is a count, not background
    a, b = reports(news=True, killed=True)
    assert any(a.reading.events[1].id in i.events for i in fuse(readings([a, b])).incidents)


def _town_counts(trigger: str = "kill") -> tuple[Story, Story, Story]:
    # invented: one story tells a one-day clash at a city's airport; two later stories count the city's
    # dead since the assault began, one with no day, one over the week it names
    clash = Story("Desert Wire", "2024-05-13", "Fighters stormed the El Fasher airport on Sunday.")
    clash.event("Fighters stormed the El Fasher airport on Sunday", "Battles", "Armed clash", EL_FASHER, "2024-05-12",
                trigger="storm")
    undated = Story("Nile Courier", "2024-05-15", "Since the assault began, 140 people have been killed in El Fasher, "
                    "medics said.")
    undated.event("140 people have been killed in El Fasher", "Battles", "Armed clash", EL_FASHER, None,
                  killed=num(140, None, None, "140"), trigger=trigger)
    week = Story("Sahel Monitor", "2024-05-16", "Doctors said 160 people died in El Fasher this week.")
    week.event("160 people died in El Fasher this week", "Battles", "Armed clash", EL_FASHER, "2024-05-10/2024-05-16",
               killed=num(160, 160, 160, "160"), trigger=trigger)
    return clash, undated, week


def test_a_towns_dead_counted_over_days_by_two_stories_is_one_count_not_the_nearest_clash():
    clash, undated, week = _town_counts()
    picture = fuse(readings([clash, undated, week]))
    count = incident_of(picture, undated)
    assert count.articles == sorted([undated.id, week.id])  # one count, told twice
    assert incident_of(picture, clash).articles == [clash.id]  # the airport clash is a happening of its own
    assert "running toll" in count.summary
    # an assault told with its own dead is that assault, not a count (here: the airport clash's)
    clash, undated, week = _town_counts(trigger="storm")
    picture = fuse(readings([clash, undated, week]))
    assert not any("running toll" in i.summary for i in picture.incidents)


def test_the_dead_of_one_attack_told_over_its_week_are_that_attacks_not_a_running_count():
    # invented: the week's dead are said to have died in one attack on the city: that attack's toll
    clash, undated, _ = _town_counts()
    act = Story("Sahel Monitor", "2024-05-16", "Doctors said 160 people were killed in an attack on El Fasher this week.")
    act.event("160 people were killed in an attack on El Fasher this week", "Battles", "Armed clash", EL_FASHER,
              "2024-05-10/2024-05-16", killed=num(160, 160, 160, "160"), trigger="kill")
    picture = fuse(readings([clash, undated, act]))
    assert "running toll" not in incident_of(picture, act).summary
    assert act.id not in incident_of(picture, undated).articles


def test_a_count_placed_nowhere_is_the_count_its_story_places_at_a_town():
    # invented: a report counts a city's dead, then gives an agency's count for the same days without
    # naming any place; another story counts the same city's dead
    _, undated, _ = _town_counts()
    a = Story("Darfur Daily", "2024-05-16", "Medics said 150 people have been killed in El Fasher since Friday. "
              "Between Friday and yesterday, 170 people were killed, the health agency said.")
    a.event("150 people have been killed in El Fasher since Friday", "Battles", "Armed clash", EL_FASHER, None,
            killed=num(150, 150, 150, "150"), trigger="kill")
    nowhere = a.event("170 people were killed", "Battles", "Armed clash", None, "2024-05-10/2024-05-15",
                      killed=num(170, 170, 170, "170"), trigger="kill", precision=3)
    nowhere.attrs["tally"] = True
    picture = fuse(readings([a, undated]))
    count = incident_of(picture, a, 1)
    assert incident_of(picture, a, 0).id == count.id and count.place == EL_FASHER.id
    assert count.articles == sorted([a.id, undated.id])


def _truce_reports(area: PlaceRef, town: PlaceRef, other_town: PlaceRef | None, area_day: str | None = "2024-07-02"
                   ) -> list[Story]:
    """Invented: a relief agency's note tells a truce placed only at a country or region, another story a
    day's truce in a town of it; with `other_town`, a third story a truce there on that day."""
    note = Story("Relief Ledger", "2024-07-04", f"A pause in the shooting held in {area.name} on Tuesday, a relief "
                 "agency wrote, and families loaded their carts to leave.")
    note.event(f"A pause in the shooting held in {area.name} on Tuesday", "Strategic developments", "Agreement",
               area, area_day, trigger="pause", precision=3)
    city = Story("Desert Wire", "2024-07-03", f"Army and militia commanders agreed a day-long truce in {town.name} "
                 "on Tuesday, the mediators announced after the meeting.")
    city.event(f"agreed a day-long truce in {town.name} on Tuesday", "Strategic developments", "Agreement", town,
               "2024-07-02", trigger="truce")
    out = [note, city]
    if other_town is not None:
        other = Story("Sahel Monitor", "2024-07-03", f"Cattle herders and farmers signed a truce in {other_town.name} "
                      "on Tuesday to end a feud over grazing land.")
        other.event(f"signed a truce in {other_town.name} on Tuesday", "Strategic developments", "Agreement",
                    other_town, "2024-07-02", trigger="truce")
        out.append(other)
    return out


def _joins_the_one_local_truce(area: PlaceRef, town: PlaceRef, other_town: PlaceRef) -> object:
    """The area's truce joins the town's; with a second town's truce that day it joins neither. Returns
    the picture of the three reports."""
    one = _truce_reports(area, town, None)
    picture = fuse(readings(one))
    assert len(picture.stories) == 2
    joined = incident_of(picture, one[0])
    assert joined.id == incident_of(picture, one[1]).id and joined.place == town.id
    several = _truce_reports(area, town, other_town)
    picture = fuse(readings(several))
    assert len(picture.stories) == 3
    assert incident_of(picture, several[0]).id not in {incident_of(picture, several[1]).id,
                                                       incident_of(picture, several[2]).id}
    # added one report at a time, the picture is the same: the second truce undoes the join
    from sitrep.fuse import Fuser

    fuser = Fuser()
    for s in several:
        fuser.add([s.reading])
    assert sorted(i.id for i in fuser.picture().incidents) == sorted(i.id for i in picture.incidents)
    return picture


def test_a_happening_told_only_at_its_country_joins_the_one_local_happening_of_its_kind_and_days():
    sudan_ = PlaceRef("geo_t_sd", "Sudan", "country", "SD", None, None, 15.5, 30.0)
    _joins_the_one_local_truce(sudan_, OMDURMAN, EL_FASHER)
    # told without a day, its days do not meet the town's: it stays its own
    undated = _truce_reports(sudan_, OMDURMAN, None, area_day=None)
    picture = fuse(readings(undated))
    assert incident_of(picture, undated[0]).id != incident_of(picture, undated[1]).id


def test_a_happening_told_only_at_its_region_joins_the_one_local_happening_there_not_one_of_several():
    kutum = PlaceRef("geo_t_kutum", "Kutum", "town", "SD", "North Darfur", None, 14.20, 24.66)
    _joins_the_one_local_truce(NORTH_DARFUR, EL_FASHER, kutum)


def test_a_fight_placed_only_at_a_neighbour_is_context_of_a_report_with_news_of_its_own():
    # invented: two reports of a market shelled in one city; each adds a week's fighting that its words
    # place only at the neighbouring country the fighters are said to come from
    chad = PlaceRef("geo_t_chad", "Chad", "country", "TD", None, None, 15.45, 18.73)

    def reports(second_has_news: bool):
        a = Story("Desert Wire", "2024-05-15", "Shells hit the central market of Omdurman on Tuesday, traders "
                  "said. The fighting, blamed on gunmen crossing from Chad, has gone on all week.")
        a.event("Shells hit the central market of Omdurman on Tuesday", "Explosions/Remote violence",
                "Shelling/artillery/missile attack", OMDURMAN, "2024-05-14", trigger="shells")
        a.event("The fighting, blamed on gunmen crossing from Chad", "Battles", "Armed clash", chad,
                "2024-05-09/2024-05-15", trigger="fighting", precision=3)
        news = "Shelling struck the central market of Omdurman on Tuesday, traders said. " if second_has_news else ""
        b = Story("Lake Courier", "2024-05-15", news + "Fighting blamed on gunmen crossing from Chad has gone on "
                  "all week around the central market of Omdurman, traders said.")
        if second_has_news:
            b.event("Shelling struck the central market of Omdurman on Tuesday", "Explosions/Remote violence",
                    "Shelling/artillery/missile attack", OMDURMAN, "2024-05-14", trigger="shelling")
        b.event("Fighting blamed on gunmen crossing from Chad", "Battles", "Armed clash", chad,
                "2024-05-09/2024-05-15", trigger="fighting", precision=3)
        return [a, b]

    both = reports(True)
    picture = fuse(readings(both))
    assert len(picture.stories) == 1
    assert [i.place for i in picture.incidents] == [OMDURMAN.id]
    in_incidents = {e for i in picture.incidents for e in i.events}
    assert not any(ev.id in in_incidents for s in both for ev in s.reading.events if ev.place == chad.id)
    # a report whose only happening is the fighting at the neighbour has no other news: it keeps its incident
    one = reports(False)
    picture = fuse(readings(one))
    assert len(picture.stories) == 1
    assert incident_of(picture, one[1]).place == chad.id


def test_a_fight_placed_at_a_country_with_no_code_is_not_taken_for_abroad():
    # invented: a report of a city's shelling adds the previous week's fighting (days that do not meet the
    # shelling's, so it joins nothing) placed only at a country place the gazetteer gave no country code;
    # nothing says that country is another one, so the fighting keeps an incident of its own
    uncoded = PlaceRef("geo_t_uncoded", "Dar Sila", "country", None, None, None, 12.0, 21.0)
    a = Story("Desert Wire", "2024-05-15", "Shells hit the central market of Omdurman on Tuesday, traders "
              "said. Fighting in Dar Sila went on all of last week.")
    a.event("Shells hit the central market of Omdurman on Tuesday", "Explosions/Remote violence",
            "Shelling/artillery/missile attack", OMDURMAN, "2024-05-14", trigger="shells")
    a.event("Fighting in Dar Sila went on all of last week", "Battles", "Armed clash", uncoded,
            "2024-05-06/2024-05-12", trigger="fighting", precision=3)
    picture = fuse(readings([a]))
    assert incident_of(picture, a, 1).id != incident_of(picture, a, 0).id


def test_a_happening_told_only_at_its_country_does_not_join_a_group_holding_another_kind_but_one_undated():
    # invented: a charity's tally tells a drone strike only at the country; one report tells a drone
    # strike in a city that day, another (whose lead is a ceasefire abroad) shelling there that day,
    # which joins the strike. The country's strike covers the city's strike but not the shelling: it
    # joins the city's happening alone, and not once the shelling is part of it
    sudan_ = PlaceRef("geo_t_sd", "Sudan", "country", "SD", None, None, 15.5, 30.0)
    jeddah = PlaceRef("geo_t_jeddah", "Jeddah", "city", "SA", "Makkah", None, 21.49, 39.19)
    note = Story("Relief Ledger", "2024-07-04", "An unmanned aircraft attack was recorded in Sudan on Tuesday, a "
                 "charity bulletin listed among its weekly figures for donors.")
    note.event("An unmanned aircraft attack was recorded in Sudan on Tuesday", "Explosions/Remote violence",
               "Air/drone strike", sudan_, "2024-07-02", trigger="attack", precision=3)
    city = Story("Desert Wire", "2024-07-03", "A drone struck the bus station in Omdurman on Tuesday, killing six "
                 "passengers waiting for coaches, medics said.")
    city.event("A drone struck the bus station in Omdurman on Tuesday", "Explosions/Remote violence",
               "Air/drone strike", OMDURMAN, "2024-07-02", trigger="struck")
    talks = Story("Sahel Monitor", "2024-07-03", "Envoys of the army and the paramilitary signed a ceasefire text "
                  "in Jeddah on Tuesday, the hosts said. Artillery rounds pounded Omdurman on Tuesday, residents "
                  "told our reporter by telephone.")
    talks.event("signed a ceasefire text in Jeddah on Tuesday", "Strategic developments", "Agreement", jeddah,
                "2024-07-02", trigger="ceasefire")
    talks.event("Artillery rounds pounded Omdurman on Tuesday", "Explosions/Remote violence",
                "Shelling/artillery/missile attack", OMDURMAN, "2024-07-02", trigger="pounded")
    picture = fuse(readings([note, city]))
    assert incident_of(picture, note).id == incident_of(picture, city).id
    picture = fuse(readings([note, city, talks]))
    assert len(picture.stories) == 3
    assert incident_of(picture, city).id == incident_of(picture, talks, 1).id
    assert incident_of(picture, note).id != incident_of(picture, city).id
    # told without a day, a drone strike at the station that joined the city's strike is that strike,
    # dated by it: the country's strike still joins it
    undated = Story("Sahel Monitor", "2024-07-03", "Envoys of the army and the paramilitary signed a ceasefire "
                    "text in Jeddah on Tuesday, the hosts said. A drone hit the bus station in Omdurman, residents "
                    "told our reporter by telephone.")
    undated.event("signed a ceasefire text in Jeddah on Tuesday", "Strategic developments", "Agreement", jeddah,
                  "2024-07-02", trigger="ceasefire")
    undated.event("A drone hit the bus station in Omdurman", "Explosions/Remote violence", "Air/drone strike",
                  OMDURMAN, None, trigger="hit")
    picture = fuse(readings([note, city, undated]))
    assert len(picture.stories) == 3
    assert incident_of(picture, note).id == incident_of(picture, city).id == incident_of(picture, undated, 1).id


def test_a_week_that_holds_one_reports_day_meets_that_days_happening_before_another_week():
    # invented: one report says only that fighting has gone on in Omdurman this week; another dates a
    # clash there to Thursday, a third to the week before. The week holding Thursday is Thursday's clash.
    sides = ("Sudanese Armed Forces", "Rapid Support Forces")
    week = Story("River Post", "2024-06-14", "Fighting has gone on in Omdurman all this week, traders say.")
    week.event("Fighting has gone on in Omdurman all this week", "Battles", "Armed clash", OMDURMAN,
               "2024-06-08/2024-06-14", *sides, trigger="fighting")
    before = Story("Nile Evening", "2024-06-11", "Soldiers and paramilitaries fought for days in Omdurman, "
                   "a medic recalled.")
    before.event("Soldiers and paramilitaries fought for days in Omdurman", "Battles", "Armed clash", OMDURMAN,
                 "2024-06-03/2024-06-09", *sides, trigger="fought")
    day = Story("Delta Times", "2024-06-14", "Troops clashed with paramilitaries in Omdurman on Thursday.")
    day.event("Troops clashed with paramilitaries in Omdurman on Thursday", "Battles", "Armed clash", OMDURMAN,
              "2024-06-13", *sides, trigger="clashed")
    picture = fuse(readings([week, before, day]))
    assert incident_of(picture, week).id == incident_of(picture, day).id
    assert incident_of(picture, before).id != incident_of(picture, day).id


def test_a_country_wide_mention_joins_its_reports_happening_when_that_group_tells_its_kind_on_its_day():
    # invented: a report dates a blast and a clash at an Omdurman base to Thursday; a second report tells
    # the week's fighting in the city and, placed only at the country, a clash on Thursday; three reports
    # tell the clashes of the days before. The country-wide clash is Thursday's, told with the blast.
    sudan_ = PlaceRef("geo_t_sudan", "Sudan", "country", "SD", None, None, 15.5, 30.0)
    sides = ("Sudanese Armed Forces", "Rapid Support Forces")
    base = Story("River Post", "2024-06-14", "A blast hit the army base in Omdurman on Thursday. Soldiers and "
                 "paramilitaries then clashed at its gate on Thursday.")
    base.event("A blast hit the army base in Omdurman on Thursday", "Explosions/Remote violence",
               "Remote explosive/landmine/IED", OMDURMAN, "2024-06-13", sides[1], None, trigger="blast")
    base.event("Soldiers and paramilitaries then clashed at its gate on Thursday", "Battles", "Armed clash",
               OMDURMAN, "2024-06-13", *sides, trigger="clashed")
    own = Story("Nile Evening", "2024-06-14", "Fighting has gone on in Omdurman all this week. Government "
                "troops and rebels fought in Sudan on Thursday, the ministry said.")
    own.event("Fighting has gone on in Omdurman all this week", "Battles", "Armed clash", OMDURMAN,
              "2024-06-08/2024-06-14", *sides, trigger="fighting")
    own.event("Government troops and rebels fought in Sudan on Thursday", "Battles", "Armed clash", sudan_,
              "2024-06-13", *sides, trigger="fought", precision=3)
    earlier = []
    for outlet in ("Delta Times", "Kordofan Wire", "Sahel Daily"):
        s = Story(outlet, "2024-06-12", "Street battles have shaken Omdurman for days, residents say.")
        s.event("Street battles have shaken Omdurman for days", "Battles", "Armed clash", OMDURMAN,
                "2024-06-05/2024-06-11", *sides, trigger="battles")
        earlier.append(s)
    picture = fuse(readings([base, own, *earlier]))
    thursday = incident_of(picture, base, 1)
    assert incident_of(picture, earlier[0]).id != thursday.id
    assert incident_of(picture, own, 1).id == thursday.id
