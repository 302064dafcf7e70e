"""Stories: reports grouped by the news they tell; incidents found story by story; fuse incremental."""

from __future__ import annotations

from sitrep.fuse import Fuser, fuse
from sitrep.fuse.stories import StoryIndex, average_link
from sitrep.present.situation import build_situation, validate

from .fixtures.fuse import sudan, ukraine
from .fixtures.fuse.stories import EL_FASHER, KHARKIV, NORTH_DARFUR, WAD_MADANI, Story


def readings(stories):
    return [s.reading for s in stories]


def everything():
    return (sudan.market_attack() + sudan.two_shellings() + sudan.city_control() + sudan.hospital_toll()
            + sudan.prison_break() + ukraine.printing_house_strike() + ukraine.surrender_count()
            + ukraine.avdiivka_control() + ukraine.withdrawal_labels())


def test_reports_of_one_happening_are_one_story_and_another_war_is_not():
    market = sudan.market_attack()
    kharkiv = ukraine.printing_house_strike()
    index = StoryIndex()
    index.add(readings(market + kharkiv))
    assert len({index.story_of[s.id] for s in market[:3]}) == 1
    assert index.story_of[market[0].id] not in {index.story_of[s.id] for s in kharkiv}


def test_a_report_that_shares_words_but_not_the_time_stays_out():
    market = sudan.market_attack()
    old = Story("Desert Wire", "2021-02-03",
                "Paramilitary shells hit the main livestock market in El Fasher on Tuesday, killing at least 30 "
                "people, a local health official told reporters.")
    index = StoryIndex()
    index.add(readings(market + [old]))
    assert index.story_of[old.id] != index.story_of[market[0].id]


def test_average_link_does_not_chain():
    # a-b and b-c are alike, a and c not at all: average linkage keeps c out of a's story
    links = {"a": {"b": 0.9}, "b": {"a": 0.9, "c": 0.12}, "c": {"b": 0.12}}
    assert average_link(["a", "b", "c"], links, threshold=0.1) == [["a", "b"], ["c"]]
    assert average_link(["a", "b", "c"], links, threshold=0.05) == [["a", "b", "c"]]


def test_adding_reports_of_another_week_leaves_what_was_told_as_it_was():
    first = sudan.market_attack() + sudan.two_shellings()
    later = ukraine.printing_house_strike() + ukraine.surrender_count()
    fuser = Fuser()
    fuser.add(readings(first))
    before = {i.id: i.to_dict() for i in fuser.picture().incidents}
    fuser.add(readings(later))
    after = {i.id: i.to_dict() for i in fuser.picture().incidents}
    assert all(after.get(k) == v for k, v in before.items())
    # and what the later reports tell is what fusing them alone tells
    alone = fuse(readings(later))
    assert all(after.get(i.id) == i.to_dict() for i in alone.incidents)
    # adding the same reports again changes nothing
    assert fuser.add(readings(later[:2])) == set()


def test_every_event_of_a_batch_fuse_is_in_one_incident_or_is_a_look_back():
    stories = everything()
    picture = fuse(readings(stories))
    placed = [e for i in picture.incidents for e in i.events]
    assert len(placed) == len(set(placed))
    for r in readings(stories):
        for ev in r.events:
            assert ev.id in picture.decisions.event_incident or ev.attrs.get("history")


def test_a_new_report_touches_only_its_own_story():
    market, kharkiv = sudan.market_attack(), ukraine.printing_house_strike()
    fuser = Fuser()
    fuser.add(readings(market[:2] + kharkiv))
    kharkiv_story = fuser.stories.story_of[kharkiv[0].id]
    changed = fuser.add(readings(market[2:3]))
    assert kharkiv_story not in changed
    assert fuser.stories.story_of[market[2].id] in changed


def test_fuse_leaves_the_readings_as_read_and_the_contract_lists_stories():
    stories = sudan.market_attack() + ukraine.printing_house_strike()
    before = [r.to_record() for r in readings(stories)]
    picture = fuse(readings(stories))
    assert [r.to_record() for r in readings(stories)] == before
    situation = build_situation(readings(stories), picture)
    validate(situation)
    assert "stories" in situation
    listed = sorted(a for s in situation["stories"] for a in s["articles"])
    assert listed == sorted(s.id for s in stories)  # every article in exactly one story
    market = next(s for s in situation["stories"] if stories[0].id in s["articles"])
    inc = next(i for i in situation["incidents"] if stories[0].id in i["articles"])
    assert inc["id"] in market["incidents"] and market["dates"] == "2024-05-15/2024-05-16"
    claim_incidents = {c["id"]: c["incident"] for c in situation["claims"]}
    assert all(claim_incidents[c.id] == inc["id"] for c in stories[1].reading.claims)


def test_a_province_wide_mention_attaches_to_the_happening_of_its_story():
    a = Story("Desert Wire", "2024-04-02", "Paramilitary fighters stormed a camp outside El Fasher on Monday, "
              "killing 12 displaced people. Clashes were reported in North Darfur on Monday.")
    a.event("Paramilitary fighters stormed a camp outside El Fasher on Monday", "Battles", "Armed clash",
            EL_FASHER, "2024-04-01", "Rapid Support Forces", "Sudanese Armed Forces")
    a.event("Clashes were reported in North Darfur on Monday", "Battles", "Armed clash", NORTH_DARFUR,
            "2024-04-01", "Rapid Support Forces", "Sudanese Armed Forces", precision=3)
    picture = fuse([a.reading])
    assert len(picture.incidents) == 1
    assert picture.incidents[0].place == EL_FASHER.id  # the most specific place, not the province


def test_a_country_wide_mention_of_another_kind_opens_no_place_of_its_own():
    a = Story("Steppe Post", "2024-05-24", "A missile destroyed a printing house in Kharkiv on Thursday. "
              "Ukraine and Russia agreed to exchange prisoners on Thursday.")
    a.event("A missile destroyed a printing house in Kharkiv on Thursday", "Explosions/Remote violence",
            "Shelling/artillery/missile attack", KHARKIV, "2024-05-23")
    a.event("Ukraine and Russia agreed to exchange prisoners on Thursday", "Strategic developments", "Agreement",
            None, "2024-05-23")
    picture = fuse([a.reading])
    # an agreement cannot be part of a strike: it stays its own happening, without a place
    assert sorted(i.sub_type for i in picture.incidents) == ["Agreement", "Shelling/artillery/missile attack"]


def test_leads_telling_different_happenings_keep_reports_apart():
    from sitrep.fuse.stories import Lead, leads_apart

    day = 739000
    taken = Lead("Strategic developments", "Non-state actor overtakes territory", "rebels", EL_FASHER, day, day)
    retaken = Lead("Battles", "Government regains territory", "army", EL_FASHER, day + 1, day + 1)
    fight_here = Lead("Battles", "Armed clash", None, EL_FASHER, day, day)
    fight_there = Lead("Battles", "Armed clash", None, WAD_MADANI, day, day)  # some 700 km away
    truce = Lead("Strategic developments", "Agreement", None, None, day, day)
    week_later = Lead("Battles", "Armed clash", None, EL_FASHER, day + 7, day + 7)
    assert leads_apart((taken,), (retaken,))  # a place taken and taken back by the other side
    assert leads_apart((fight_here,), (fight_there,))
    assert leads_apart((fight_here,), (truce,))
    assert leads_apart((fight_here,), (week_later,))
    # one happening told twice, or a lead that does not say what it tells, keeps them together
    assert not leads_apart((fight_here,), (fight_here, truce))
    assert not leads_apart((fight_here,), ())
    # a lead read at a place in another country (a namesake misread abroad) does not say it is elsewhere
    abroad = Lead("Battles", "Armed clash", None, KHARKIV, day, day)
    assert not leads_apart((fight_here,), (abroad,))


def test_one_truce_told_country_wide_by_two_stories_is_one_incident():
    from sitrep.model import PlaceRef

    sudan_ = PlaceRef("geo_t_sd", "Sudan", "country", "SD", None, None, 15.5, 30.0)
    a = Story("Desert Wire", "2024-05-15", "Both armies agreed to a ceasefire across Sudan on Tuesday, "
              "mediators in the capital announced after long talks.")
    a.event("Both armies agreed to a ceasefire across Sudan on Tuesday", "Strategic developments", "Agreement",
            sudan_, "2024-05-14", precision=3)
    # a week on, another story (grain prices) tells the same truce
    b = Story("Nile Courier", "2024-05-22", "Grain prices fell at rural markets once traders heard of "
              "last Tuesday's ceasefire in Sudan, farmers told our reporter.")
    b.event("last Tuesday's ceasefire in Sudan", "Strategic developments", "Agreement", sudan_, "2024-05-14",
            precision=3)
    picture = fuse(readings([a, b]))
    story = picture.decisions.article_story
    assert story[a.id] != story[b.id]
    inc = next(i for i in picture.incidents if a.reading.events[0].id in i.events)
    assert b.reading.events[0].id in inc.events
