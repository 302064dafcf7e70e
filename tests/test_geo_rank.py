"""The contextual ranker (geo/rank.py) and what the gazetteer gives it, on sentences of our own."""

from __future__ import annotations

import pytest

from sitrep.geo.rank import _domain_country, demonym_country, demonym_spans
from sitrep.geo.resolve import resolve_places, resolve_spans
from sitrep.model import Article


@pytest.fixture(scope="session")
def gaz():
    from sitrep.geo.gazetteer import Gazetteer

    return Gazetteer.load()


@pytest.fixture(scope="session")
def nlp(gaz):
    """The pipeline sitrep reads with (its place tagger included)."""
    from sitrep.nlp.load import freeze, load_nlp

    return load_nlp(freeze(gaz.patterns()))


def spans_of(text: str, *names: str) -> list[tuple[int, int]]:
    out, at = [], 0
    for n in names:
        i = text.index(n, at)
        out.append((i, i + len(n)))
        at = i + len(n)
    return out


def resolved(gaz, text: str, *names: str):
    return resolve_spans(Article.from_text(text), gaz, spans_of(text, *names))


def test_a_state_name_is_the_state_not_a_town_that_carries_it(gaz):
    text = "Voters in Ohio went to the polls on a cold morning."
    (m,) = resolved(gaz, text, "Ohio")
    assert m.place.kind == "admin1" and m.place.country_code == "US"


def test_a_country_name_is_the_country_even_in_a_story_set_elsewhere(gaz):
    text = "Farmers in Kansas and Iowa sell much of their grain to Egypt."
    ms = resolved(gaz, text, "Kansas", "Iowa", "Egypt")
    assert ms[2].place.kind == "country" and ms[2].place.country_code == "EG"
    assert [m.place.kind for m in ms[:2]] == ["admin1", "admin1"]


def test_neighbouring_places_pull_a_homonym_home(gaz):
    alone = resolved(gaz, "The painter moved to Paris after the war.", "Paris")[0]
    assert alone.place.country_code == "FR"
    text = "The storm crossed Dallas and Sherman before it reached Paris late on Sunday."
    near = resolved(gaz, text, "Dallas", "Sherman", "Paris")[2]
    assert near.place.country_code == "US" and near.place.admin1 == "Texas"


def test_a_province_after_a_comma_names_the_container(gaz):
    text = "The company opened an office in Dublin, Ohio, last spring."
    m = resolved(gaz, text, "Dublin", "Ohio")[0]
    assert m.place.country_code == "US" and m.place.admin1 == "Ohio"


@pytest.mark.parametrize("text, town_name, state_name, state", [
    ("The band played a show in Lexington, Ky., on Friday night.", "Lexington", "Ky.", "Kentucky"),
    # the state after a comma holds the town before it: not the capital named like it
    ("A baker in Spokane, Washington, sold out of bread by noon.", "Spokane", "Washington", "Washington"),
])
def test_a_state_after_its_town_is_read_as_the_state(gaz, text, town_name, state_name, state):
    town, st = resolved(gaz, text, town_name, state_name)
    assert st.place.kind == "admin1" and st.place.name == state
    assert town.place.admin1 == state


def test_given_a_nationality_word_the_span_resolves_to_its_country(gaz):
    text = "Syrian officials met their hosts on Tuesday."
    (m,) = resolved(gaz, text, "Syrian")
    assert m.place.kind == "country" and m.place.country_code == "SY"
    assert demonym_country("Syrian") == "SY" and demonym_country("Kurdish") is None


def test_nationality_words_are_found_as_country_evidence():
    found = demonym_spans("A Kenyan runner beat two Ethiopians and a Kurdish cyclist.")
    assert [cc for _, _, cc in found] == ["KE", "ET"]


def test_a_continent_keeps_its_geonames_id(gaz):
    (m,) = resolved(gaz, "Aid flights to Africa resumed.", "Africa")
    assert m.place.gazetteer_id == "6255146" and m.place.kind == "region"


def test_a_county_with_its_designator_is_a_second_level_unit(gaz):
    text = "Deputies in Douglas County, Minnesota, closed two roads."
    county = resolved(gaz, text, "Douglas County", "Minnesota")[0]
    assert county.place.kind == "admin2" and county.place.admin1 == "Minnesota"


@pytest.mark.parametrize("designator, kind, fit", [
    ("town", "city", 1), ("town", "village", 1), ("village", "town", 1), ("city", "village", 1), ("admin2", "admin2", 1),
    ("admin1", "town", -1), ("admin2", "city", -1), ("region", "country", -1), ("city", "country", -1),
    ("town", "admin1", -1), ("village", "admin2", -1), ("region", "admin1", 0), (None, "city", 0),
])
def test_one_judgement_of_whether_a_designator_fits_a_kind(designator, kind, fit):
    from sitrep.geo.gazetteer import designator_fit

    assert designator_fit(designator, kind) == fit


@pytest.mark.parametrize("text, name", [
    ("Shelling reached Kharkiv town before dawn.", "Kharkiv town"),
    ("The army rolled into Kherson town on Friday.", "Kherson town"),
])
def test_a_town_word_after_a_province_name_means_the_town(gaz, text, name):
    """The ranking asks the same designator judgement as the gazetteer: a "town" is no province,
    even when the province shares its name."""
    (m,) = resolved(gaz, text, name)
    assert m.place.kind in ("city", "town", "village")


def test_listed_names_are_grouped_once_for_every_use():
    from sitrep.geo.rank import list_runs

    text = "Shells hit Aaa, Bbb and Ccc; later Ddd, Eee. Fff or Ggg"
    spans = [(text.index(w), text.index(w) + 3) for w in ("Aaa", "Bbb", "Ccc", "Ddd", "Eee", "Fff", "Ggg")]
    assert list_runs(spans, text) == [[0, 1, 2], [3, 4], [5, 6]]
    # with "and"/"or" required, a comma alone joins a town and its container, no list
    assert list_runs(spans, text, conjoined=True) == [[0, 1, 2], [5, 6]]
    assert list_runs(list(reversed(spans)), text, conjoined=True) == [[6, 5, 4], [1, 0]]


def test_us_states_carry_their_geonames_ids(gaz):
    top = gaz.match("Texas")[0]
    assert top.ref.kind == "admin1" and top.ref.gazetteer_id == "4736286"


def test_outlet_domain_gives_a_country_only_for_country_endings():
    assert _domain_country("https://news.example.co.uk/world/1") == "GB"
    assert _domain_country("www.example.ca") == "CA"
    assert _domain_country("www.example.com") is None


def test_an_all_caps_dateline_name_is_found(gaz, nlp):
    text = "NAIROBI, Kenya — Heavy rain flooded several roads in the capital on Monday."
    mentions = resolve_places(Article.from_text(text), nlp(text), gaz)
    assert any(m.surface == "NAIROBI" and m.place.country_code == "KE" for m in mentions)


def test_a_place_that_opens_an_institution_name_is_kept_as_context(gaz, nlp):
    text = "Students gathered outside the Nairobi University library in Kenya on Monday."
    mentions = resolve_places(Article.from_text(text), nlp(text), gaz)
    assert any(m.surface == "Nairobi" and m.place.country_code == "KE" for m in mentions)


def test_a_place_inside_a_person_name_is_still_no_place(gaz, nlp):
    text = "Envoy Victoria Nuland spoke to reporters in Kyiv about the talks."
    mentions = resolve_places(Article.from_text(text), nlp(text), gaz)
    assert not any(m.surface == "Victoria" for m in mentions)
    assert any(m.surface == "Kyiv" for m in mentions)


def test_a_state_is_not_the_city_that_carries_its_name_with_city(gaz):
    text = "Storms swept across Oklahoma and Kansas overnight, the forecasters said."
    ms = resolved(gaz, text, "Oklahoma", "Kansas")
    assert ms[0].place.kind == "admin1" and ms[0].place.name == "Oklahoma"


def test_the_country_named_supports_its_capital_city_of_the_same_word(gaz):
    # "Mexico City" is not the name "Mexico": the country's mentions are evidence for the city
    text = ("MEXICO CITY - Mexico asked the U.S. for talks on trade. Officials in Mexico and in the "
            "U.S. said the talks would start soon.")
    ms = resolved(gaz, text, "MEXICO CITY", "Mexico", "U.S.", "Mexico", "U.S.")
    assert ms[0].place.country_code == "MX" and ms[0].place.kind == "city"


def test_a_region_across_countries_is_not_a_namesake_village(gaz):
    text = "Officials in Washington and Baltimore discussed the Middle East on Tuesday."
    ms = resolved(gaz, text, "Washington", "Baltimore", "Middle East")
    assert ms[2].place.kind == "region" and ms[2].place.country_code is None


def test_a_country_is_not_the_region_its_name_resembles(gaz):
    text = "Miners in South Africa and Chile went on strike, unions in Madrid and Sydney said."
    ms = resolved(gaz, text, "South Africa", "Chile", "Madrid", "Sydney")
    assert ms[0].place.kind == "country" and ms[0].place.country_code == "ZA"


def test_an_unknown_name_is_placed_by_the_well_known_place_inside_it(gaz):
    text = ("Students at California Polytechnic State University marched on Friday, "
            "organisers in San Luis Obispo said.")
    (m,) = resolved(gaz, text, "California Polytechnic State University")
    assert m.place.kind == "admin1" and m.place.name == "California"


def test_a_village_word_inside_an_unknown_name_is_not_its_place(gaz):
    # "Hatch" is a village somewhere, but "Brands Hatch" is a circuit in the article's town
    text = "Drivers raced at Brands Hatch near Sevenoaks on Sunday; Sevenoaks was packed."
    ms = resolved(gaz, text, "Brands Hatch", "Sevenoaks", "Sevenoaks")
    assert ms[0].place.id == ms[1].place.id and ms[0].precision == 2


def test_a_city_that_dwarfs_its_namesakes_holds_against_a_state_named_nearby(gaz):
    # Louisville, Ohio is a town of 9,000 near Canton; the Kentucky city is 60 times bigger
    text = "Fans drove from Columbus, Ohio, to watch the team lose in Louisville on Sunday."
    *_, louisville = resolved(gaz, text, "Columbus", "Ohio", "Louisville")
    assert louisville.place.admin1 == "Kentucky"


def test_the_state_named_after_a_namesake_still_places_it(gaz):
    text = "The parade in Louisville, Ohio, drew a crowd from nearby Canton on Saturday."
    louisville, *_ = resolved(gaz, text, "Louisville", "Ohio", "Canton")
    assert louisville.place.admin1 == "Ohio"


def test_world_physical_features_are_places_with_points(gaz):
    text = "Cargo from the Bay of Bengal went up the Yangtze while the Cauvery ran low and the Pyrenees had snow."
    ms = resolved(gaz, text, "Bay of Bengal", "Yangtze", "Cauvery", "Pyrenees")
    assert [m.place.kind for m in ms] == ["region"] * 4
    assert ms[1].place.country_code == "CN" and ms[2].place.country_code == "IN"
    assert all(m.place.lat is not None for m in ms)


def test_physical_features_and_regions_do_not_share_a_name():
    import json
    from importlib import resources

    data = resources.files("sitrep.data")
    rows = json.loads(data.joinpath("geo_regions.json").read_text("utf-8"))["regions"] + \
        json.loads(data.joinpath("geo_physical.json").read_text("utf-8"))["features"]
    owners: dict[str, set[str]] = {}
    for r in rows:
        for n in [r["name"], *r.get("alt", [])]:
            owners.setdefault(n.casefold(), set()).add(r["name"])
    assert not {n: o for n, o in owners.items() if len(o) > 1}


def test_a_name_listed_with_states_is_the_state_not_the_capital_of_its_name(gaz):
    text = "Start-ups have moved from costly states such as Oregon or Washington to cheaper ones."
    oregon, washington = resolved(gaz, text, "Oregon", "Washington")
    assert washington.place.kind == "admin1" and washington.place.name == "Washington"
    alone = resolved(gaz, "The senator flew back to Washington on Monday.", "Washington")[0]
    assert alone.place.kind == "city"


def test_a_town_and_its_province_after_a_comma_are_no_list():
    from sitrep.geo.rank import Name, _list_peers

    text = "Tacoma, Washington sent help to Oregon and Idaho."
    names = [Name(text.index(w), text.index(w) + len(w), w) for w in ("Tacoma", "Washington", "Oregon", "Idaho")]
    assert _list_peers(names, text) == {2: (3,), 3: (2,)}


def test_a_province_named_after_its_designator_and_of_is_the_province(gaz):
    text = "Snow closed roads across the province of Quebec, officials in Montreal said."
    quebec, montreal = resolved(gaz, text, "Quebec", "Montreal")
    assert quebec.place.kind == "admin1" and quebec.place.country_code == "CA"
    city = "A shell hit a tram depot in the Podil district of Kyiv, the mayor said."
    assert resolved(gaz, city, "Kyiv")[0].place.kind == "city"  # Podil is the district; Kyiv holds it
    loose = "Soldiers guarded the border territory of Georgia near Armenia and Azerbaijan."
    assert resolved(gaz, loose, "Georgia", "Armenia", "Azerbaijan")[0].place.kind == "country"


def test_a_province_with_its_lower_case_designator_before_its_country_stays_the_province(gaz):
    text = "Shelling hit Khartoum state, Sudan, on Monday."
    m = resolved(gaz, text, "Khartoum state", "Sudan")[0]
    assert m.place.kind == "admin1" and m.place.country_code == "SD"


@pytest.mark.parametrize("name, cc", [("Bosnia", "BA"), ("BiH", "BA"), ("T&T", "TT"), ("PNG", "PG"), ("KSA", "SA"),
                                      ("PRC", "CN"), ("Burkina", "BF"), ("Falklands", "FK"), ("Sao Tome", "ST")])
def test_a_country_s_short_english_name_or_initials_is_the_country(gaz, name, cc):
    # names GeoNames and ISO do not list: "Bosnia" was read as Busan by its skeleton
    top = gaz.match(name)[0]
    assert top.exact and top.ref.kind == "country" and top.ref.country_code == cc


def test_initials_of_a_country_in_a_story_about_it_are_the_country(gaz):
    text = "Fishermen in Trinidad and Tobago say T&T waters were emptied by trawlers from Washington."
    ms = resolved(gaz, text, "Trinidad and Tobago", "T&T", "Washington")
    assert ms[1].place == ms[0].place and ms[1].place.kind == "country"


def test_a_nationality_word_draws_a_name_to_its_country_s_neighbourhood(gaz):
    # the only other clue is "Israeli": Gaza is the Palestinian city beside Israel, not the
    # Mozambican province of the same name
    text = "Israeli jets struck Gaza before dawn, and medics in Gaza counted the wounded."
    ms = resolved(gaz, text, "Gaza", "Gaza")
    assert all(m.place.country_code == "PS" for m in ms)


def test_a_small_town_abroad_that_nothing_else_points_to_is_a_place_of_the_story(gaz):
    # the gazetteer knows the name only as small towns in another country than the story's
    text = "Rangers shut the Glenrock walking track south of Newcastle, New South Wales, after the storm."
    town, newcastle, _ = resolved(gaz, text, "Glenrock", "Newcastle", "New South Wales")
    assert newcastle.place.country_code == "AU"
    assert town.place.country_code == "AU" and town.precision == 2


def test_a_small_town_abroad_stays_when_the_story_names_its_country(gaz):
    text = "Rangers from Glenrock in the United States visited Newcastle, New South Wales, for a week."
    town = resolved(gaz, text, "Glenrock", "United States", "Newcastle", "New South Wales")[0]
    assert town.place.country_code == "US" and town.precision == 1


def test_an_old_county_name_in_a_british_story_is_the_british_county(gaz):
    # the county is split in compass parts today; namesake towns abroad keep the bare name
    text = "The touring cars left Kent for Hampshire, then crossed England to Cheshire for the UK round."
    *_, cheshire, _ = resolved(gaz, text, "Kent", "Hampshire", "England", "Cheshire", "UK")
    assert cheshire.place.country_code == "GB" and cheshire.place.kind == "admin2"


def test_a_regional_people_word_given_as_a_place_is_its_region(gaz):
    text = "Siberian winters closed the northern road for months."
    (m,) = resolved(gaz, text, "Siberian")
    assert m.place.kind == "region" and m.place.name == "Siberia"
