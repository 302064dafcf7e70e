"""resolve_places on the seed articles (against the gold) and on sentences of our own."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from sitrep.geo.names import parse
from sitrep.geo.resolve import resolve_places
from sitrep.model import Article, BodySpan, Removed

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
GOLD = Path(__file__).resolve().parents[2] / "shared" / "gold" / "seeds.gold.json"


@pytest.fixture(scope="session")
def gaz():
    from sitrep.geo.gazetteer import Gazetteer

    return Gazetteer.load()


@pytest.fixture(scope="session")
def place_nlp(gaz):
    """The packaged English model with the gazetteer's patterns in an EntityRuler before 'ner'."""
    from sitrep.nlp.load import load_bare

    nlp = load_bare()
    ruler = nlp.add_pipe("entity_ruler", before="ner")
    ruler.add_patterns(gaz.patterns())
    return nlp


def km(lat1, lon1, lat2, lon2) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))


def read(place_nlp, gaz, article: Article):
    return resolve_places(article, place_nlp(article.body_text()), gaz)


def own(text: str, **kw) -> Article:
    return Article.from_text(text, **kw)


# -- the seeds ----------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def seed_readings(place_nlp, gaz):
    if not (SEEDS / "manifest.json").exists() or not GOLD.exists():
        pytest.skip(f"the seeds folder ../shared/seeds is absent ({SEEDS})")
    from sitrep.clean import clean

    out = {}
    for path in sorted(SEEDS.glob("*.txt")):
        article = clean(Article.from_text(path.read_text(encoding="utf-8")))
        out[path.name[:3]] = (article, read(place_nlp, gaz, article))
    return out


def _gold_places():
    if not GOLD.exists():
        return []
    return json.loads(GOLD.read_text(encoding="utf-8"))["places"]


def _right_place(gold: dict, ref) -> bool:
    if ref is None or ref.country_code != gold["country"]:
        return False
    if gold["kind"] in ("country", "admin1"):
        return ref.kind == gold["kind"] and parse(ref.name).key == parse(gold["canonical"]).key
    return km(ref.lat, ref.lon, gold["lat"], gold["lon"]) <= gold.get("accept_within_km", 25)


@pytest.mark.parametrize("gold", _gold_places(), ids=lambda g: g["canonical"])
def test_every_gold_place_is_resolved_in_each_file(seed_readings, gold):
    # A mention spans the name without the province's designator ("Badakhshan" of "Badakhshan
    # province"): the gold's surfaces are compared by their names.
    surfaces = {_name_of(s) for s in gold["surface"]}
    for file in gold["files"]:
        _, mentions = seed_readings[file]
        named = [m for m in mentions if _name_of(m.surface) in surfaces]
        assert named, f"{gold['canonical']} not found in {file}: {[m.surface for m in mentions]}"
        wrong = [(m.surface, m.place and m.place.name) for m in named if not _right_place(gold, m.place)]
        assert not wrong, f"{gold['canonical']} in {file} resolved wrongly: {wrong}"


def _name_of(surface: str) -> str:
    words = surface.casefold().split()
    return " ".join(words[:-1] if len(words) > 1 and words[-1] in ("province", "region", "state") else words)


def test_seed_dateline_and_credits_keep_their_roles(seed_readings):
    article, mentions = seed_readings["001"]
    roles = {(m.surface, m.role) for m in mentions}
    assert ("KABUL", "dateline") in roles
    assert ("Herat", "credit") in roles
    assert ("Kabul", "credit") in roles
    assert ("Washington", "credit") in roles
    assert not any(m.role == "event" for m in mentions)  # only the pipeline gives the event role
    # context places come from the body, or from the title, standfirst and captions cleaning set apart
    lines = [r for r in article.removed if r.kind in ("title", "standfirst", "caption")]
    context = [m for m in mentions if m.role == "context"]
    assert context and all(article.in_body(m.start, m.end) or any(r.start <= m.start and m.end <= r.end for r in lines)
                           for m in context)


def test_seed_non_places_resolve_to_nothing(seed_readings):
    for article, mentions in seed_readings.values():
        surfaces = {m.surface for m in mentions}
        for name in ("Taliban", "Parliament", "Ministry of Defense", "Biden", "Shinwari", "Mirwais", "Khan",
                     "Pentagon", "Abdul Rahim Rahin", "Defense Ministry"):
            assert name not in surfaces


def test_seed_spans_point_into_the_text(seed_readings):
    for article, mentions in seed_readings.values():
        for m in mentions:
            assert article.text[m.start:m.end] == m.surface
            assert m.article == article.id


# -- sentences of our own -----------------------------------------------------------------------


def test_transliterated_town_tagged_as_org_is_resolved_in_focus(place_nlp, gaz):
    text = ("Fighting spread across Helmand Province on Monday. Government forces said they still held "
            "Lashkargah, the provincial capital, while residents of Nad-e Ali district reported shelling.")
    mentions = read(place_nlp, gaz, own(text))
    by_surface = {m.surface: m for m in mentions}
    assert by_surface["Lashkargah"].place.country_code == "AF"
    # the mention is the name; its designator settled that it is the province
    assert by_surface["Helmand"].place.kind == "admin1"
    assert by_surface["Helmand"].precision == 3


def test_precision_near_and_outskirts(place_nlp, gaz):
    text = ("Shelling was reported near Kharkiv on Tuesday. Drones struck a depot on the outskirts of "
            "Mykolaiv. Officials in Odesa said the port was closed.")
    mentions = {m.surface: m for m in read(place_nlp, gaz, own(text))}
    assert mentions["Kharkiv"].precision == 2
    assert mentions["Mykolaiv"].precision == 2
    assert mentions["Odesa"].precision == 1
    assert mentions["Odesa"].place.country_code == "UA"


def test_country_focus_settles_a_shared_name(place_nlp, gaz):
    # There are towns called Marawi in more than one country; a Sudan story means the Sudanese one.
    text = ("The Rapid Support Forces advanced on Merowe in Sudan's Northern State, witnesses said, "
            "after days of clashes around El Fasher in North Darfur.")
    mentions = {m.surface: m for m in read(place_nlp, gaz, own(text))}
    assert mentions["Merowe"].place.country_code == "SD"
    assert mentions["El Fasher"].place.country_code == "SD"
    assert mentions["North Darfur"].place.kind == "admin1"


def test_dateline_in_removed_span_gets_dateline_role(place_nlp, gaz):
    text = "MOGADISHU, Somalia — Militants attacked a base near Kismayo on Sunday, officials said."
    dash = text.index("—") + 1
    article = own(text, body=[BodySpan(dash + 1, len(text))], removed=[Removed("dateline", 0, dash)])
    mentions = read(place_nlp, gaz, article)
    roles = {(m.surface, m.role) for m in mentions}
    assert ("MOGADISHU", "dateline") in roles and ("Somalia", "dateline") in roles
    kismayo = next(m for m in mentions if m.surface == "Kismayo")
    assert kismayo.role == "context" and kismayo.precision == 2 and kismayo.place.country_code == "SO"


def test_person_and_month_names_are_not_places(place_nlp, gaz):
    text = ("In June, Ahmed Khan told reporters in Sana'a that the Houthis had not agreed. "
            "Jordan Peterson and Georgia Smith, two analysts, said March would be decisive.")
    mentions = read(place_nlp, gaz, own(text))
    surfaces = {m.surface for m in mentions}
    assert {"June", "Ahmed Khan", "Houthis", "March"}.isdisjoint(surfaces)
    assert any(m.place.country_code == "YE" for m in mentions if m.surface == "Sana'a")


def test_output_is_deterministic_and_sorted(place_nlp, gaz):
    text = "Clashes in Goma and Bukavu displaced thousands, the United Nations said from Kinshasa."
    a = read(place_nlp, gaz, own(text))
    b = read(place_nlp, gaz, own(text))
    assert a == b
    assert [m.start for m in a] == sorted(m.start for m in a)
    assert {m.place.country_code for m in a} == {"CD"}


def _non_places() -> list[tuple[str, str]]:
    path = Path(__file__).parent / "fixtures" / "non_places.txt"
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]
    return [(word, sentence) for word, sentence in rows]


def test_non_place_table_is_broad():
    assert len(_non_places()) >= 20


@pytest.mark.parametrize("word, sentence", _non_places(), ids=lambda v: v if len(v) < 30 else None)
def test_non_places_resolve_to_nothing(place_nlp, gaz, word, sentence):
    start = sentence.index(word)
    end = start + len(word)
    mentions = read(place_nlp, gaz, own(sentence))
    clash = [m.surface for m in mentions if m.start < end and start < m.end]
    assert not clash, f"{word!r} was read as a place: {clash}"


def test_demonyms_are_not_places_but_named_regions_are(place_nlp, gaz):
    text = ("Somali officials said the convoy reached Beledweyne. Fighting spread to the Somali Region "
            "of Ethiopia, Palestinian and Israeli officials meanwhile met in Cairo.")
    mentions = read(place_nlp, gaz, own(text))
    surfaces = {m.surface for m in mentions}
    assert "Somali" not in surfaces and "Palestinian" not in surfaces and "Israeli" not in surfaces
    region = next(m for m in mentions if m.surface.startswith("Somali Region"))
    assert region.place.kind == "admin1" and region.place.country_code == "ET"


def test_a_list_after_a_place_word_counts_every_name(place_nlp, gaz):
    # The small model tends to tag such town names as people; "hit … and …" says they are places.
    text = ("Israeli strikes hit Khan Younis and Rafah in the southern Gaza Strip on Monday, "
            "and troops raided Jenin in the West Bank.")
    mentions = {m.surface: m for m in read(place_nlp, gaz, own(text))}
    for name in ("Khan Younis", "Rafah", "Jenin"):
        assert mentions[name].place.country_code == "PS", name


def test_focus_does_not_sink_a_neighbouring_country(place_nlp, gaz):
    text = ("Jihadists killed soldiers near Djibo in northern Burkina Faso, and attacked a convoy "
            "between Gao and Menaka in Mali, and another near Mopti.")
    mentions = {m.surface: m for m in read(place_nlp, gaz, own(text))}
    assert mentions["Djibo"].place.country_code == "BF" and mentions["Djibo"].precision == 2
    assert mentions["Gao"].place.country_code == "ML"


def test_province_named_like_its_capital(place_nlp, gaz):
    text = "Coalition jets struck targets in Sanaa and in Saada province overnight, the rebels said."
    mentions = {m.surface: m for m in read(place_nlp, gaz, own(text))}
    assert mentions["Saada"].place.kind == "admin1"
    assert mentions["Saada"].place.country_code == "YE"
    assert mentions["Sanaa"].place.kind == "city"


def test_loose_spelling_far_from_the_story_is_rejected(place_nlp, gaz):
    text = ("Rebels attacked a police station in Jamundi, in Valle del Cauca, and clashed with "
            "another group in Catatumbo near the border.")
    mentions = {m.surface: m for m in read(place_nlp, gaz, own(text))}
    assert mentions["Jamundi"].place.country_code == "CO"
    assert "Catatumbo" not in mentions or mentions["Catatumbo"].place.country_code == "CO"


def test_on_the_way_to_a_place_is_near_it(place_nlp, gaz):
    text = "Gunmen ambushed a convoy on its way to Kandahar, and a second one en route to Ghazni."
    mentions = {m.surface: m for m in read(place_nlp, gaz, own(text))}
    assert mentions["Kandahar"].precision == 2 and mentions["Ghazni"].precision == 2


def test_seed_convoy_destination_is_near_precision(seed_readings):
    _, mentions = seed_readings["001"]
    article = seed_readings["001"][0]
    way = [m for m in mentions if "way to" in article.text[m.start - 15:m.start]]
    assert way and all(m.precision == 2 for m in way)


def test_features_and_regions_named_with_generic_words(place_nlp, gaz):
    text = ("Engineers warned that the Haditha Dam could fail. Settlers moved into the Jordan Valley, "
            "and fighting in Darfur spread east.")
    mentions = {m.surface: m for m in read(place_nlp, gaz, own(text))}
    # a dam the data lacks is found as the town that names it: near it, not at it
    assert mentions["Haditha Dam"].place.country_code == "IQ" and mentions["Haditha Dam"].precision == 2
    assert mentions["Jordan Valley"].place.kind != "country"
    assert mentions["Darfur"].place.kind == "region" and mentions["Darfur"].precision == 3


@pytest.mark.parametrize("text, surface, cc", [
    ("Aid groups said famine had taken hold in the nearby Zamzam camp, south of El Fasher.", "Zamzam camp", "SD"),
    ("Families who fled Rakhine crowded into the Kutupalong camp in Bangladesh, officials said.",
     "Kutupalong camp", "BD"),
    ("Residents of Goma fled west to the Mugunga camp after shelling on Sunday.", "Mugunga camp", "CD"),
    ("Prisoners of war were killed in a blast at the Olenivka prison in Donetsk region.", "Olenivka prison", "UA"),
    ("Thousands of people walked from El Fasher to Tawila in North Darfur this week.", "Tawila", "SD"),
])
def test_named_conflict_sites_resolve_with_their_facility_word(place_nlp, gaz, text, surface, cc):
    mentions = {m.surface: m for m in read(place_nlp, gaz, own(text))}
    assert surface in mentions, sorted(mentions)
    assert mentions[surface].place.country_code == cc


def test_admin1_without_designator_is_the_province(place_nlp, gaz):
    text = "Clashes spread across North Darfur and North Kivu, and shelling hit villages in the Kherson region."
    mentions = {m.surface: m for m in read(place_nlp, gaz, own(text))}
    assert mentions["North Darfur"].place.kind == "admin1" and mentions["North Darfur"].place.name == "North Darfur"
    assert mentions["North Kivu"].place.kind == "admin1" and mentions["North Kivu"].place.country_code == "CD"
    assert all(m.precision == 3 for m in mentions.values() if m.place.kind == "admin1")


@pytest.mark.parametrize("text, surface, cc", [
    ("Both armed groups have said they control Mellit, the town on the road north of El Fasher in Sudan.",
     "Mellit", "SD"),
    ("Militants said they had overrun Macomia, a district town in Mozambique's Cabo Delgado province.", "Macomia",
     "MZ"),
    ("Rebels in Mali said they control Kidal, the town where the army had returned in 2023.", "Kidal", "ML"),
])
def test_an_apposition_makes_a_name_a_place(place_nlp, gaz, text, surface, cc):
    mentions = {m.surface: m for m in read(place_nlp, gaz, own(text))}
    assert surface in mentions and mentions[surface].place.country_code == cc


def test_a_town_official_apposition_is_not_a_place_cue(place_nlp, gaz):
    from sitrep.geo.resolve import _appositive_place

    text = "Bashir, a town official, said that Mellit, a market town about 60 km away, was calm."
    assert not _appositive_place(text, text.index(","))
    assert _appositive_place(text, text.index("Mellit") + len("Mellit"))


def test_namesake_hamlet_abroad_is_not_taken(place_nlp, gaz):
    # A Darfur story: the only other "Tawila" is a hamlet in Yemen.
    text = "People fled El Fasher in Sudan for Tawila, aid workers said, and more arrived in Tawila on Monday."
    places = [m.place for m in read(place_nlp, gaz, own(text)) if m.surface == "Tawila"]
    assert places and all(p.country_code == "SD" for p in places)


@pytest.mark.parametrize("dateline, body, event_place", [
    ("KRAMATORSK, Ukraine (Meridian Wire) —", "Glide bombs struck Kostiantynivka on Sunday, officials said.",
     "Kostiantynivka"),
    ("PORT SUDAN, Sudan (Wire Service) —", "Shells fell on the central market in El Fasher on Tuesday.",
     "El Fasher"),
    ("ADEN, Yemen (Gulf Desk) —", "An air strike hit a port in Hodeidah on Monday, residents said.", "Hodeidah"),
])
def test_wire_dateline_places_keep_the_dateline_role(place_nlp, gaz, dateline, body, event_place):
    text = f"{dateline} {body}"
    article = own(text, body=[BodySpan(len(dateline) + 1, len(text))],
                  removed=[Removed("dateline", 0, len(dateline))])
    mentions = read(place_nlp, gaz, article)
    head = dateline.split(",")[0]
    assert [m.role for m in mentions if m.surface == head] == ["dateline"]
    assert any(m.surface == event_place and m.role == "context" for m in mentions)
