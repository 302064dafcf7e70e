"""The gazetteer: spelling variants across wars, ranking by context, the index file, the importer."""

from __future__ import annotations

import csv
import math
import sqlite3
from pathlib import Path

import pytest

from sitrep.errors import InputError
from sitrep.geo import gazetteer as gz
from sitrep.geo.gazetteer import Gazetteer, GazetteerRow, write_places
from sitrep.geo.importer import dump_kind, import_dump
from sitrep.geo.names import parse

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def gaz():
    return Gazetteer.load()


def km(lat1, lon1, lat2, lon2) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))


def variants() -> list[dict]:
    with (FIXTURES / "place_variants.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def right(row: dict, ref) -> bool:
    if ref is None or ref.country_code != row["country"]:
        return False
    if row["kind"] == "admin1":  # the right unit; its centroid is only roughly where we put it
        return ref.kind == "admin1" and km(ref.lat, ref.lon, float(row["lat"]), float(row["lon"])) <= 250
    return km(ref.lat, ref.lon, float(row["lat"]), float(row["lon"])) <= 25


def test_variant_table_is_broad():
    rows = variants()
    assert len(rows) >= 80
    assert len({r["country"] for r in rows}) >= 6


def test_spelling_variants_resolve_with_the_story_country(gaz):
    rows = variants()
    wrong = [(r["variant"], top.name if (top := _top(gaz, r["variant"], r["context"])) else None)
             for r in rows if not right(r, _top(gaz, r["variant"], r["context"]))]
    assert len(wrong) <= 0.05 * len(rows), wrong


def test_spelling_variants_mostly_resolve_without_context(gaz):
    rows = variants()
    ok = sum(right(r, _top(gaz, r["variant"], None)) for r in rows)
    assert ok >= 0.85 * len(rows)


def _top(gaz, name, country):
    hits = gaz.lookup(name, country=country or None)
    return hits[0][0] if hits else None


def test_country_hint_changes_the_answer_not_the_candidates(gaz):
    plain = gaz.lookup("Marawi")
    in_sudan = gaz.lookup("Marawi", country="SD")
    assert in_sudan[0][0].country_code == "SD"
    assert {r.id for r, _ in plain} & {r.id for r, _ in in_sudan}


def test_province_designator_prefers_the_province_bare_name_the_city(gaz):
    assert gaz.lookup("Herat")[0][0].kind == "city"
    assert gaz.lookup("Herat Province")[0][0].kind == "admin1"
    assert gaz.lookup("Donetsk Oblast")[0][0].kind == "admin1"


def test_capital_wins_a_shared_name(gaz):
    top = gaz.lookup("Washington")[0][0]
    assert top.kind == "city" and abs(top.lat - 38.9) < 0.3


def test_scores_are_sorted_and_bounded(gaz):
    hits = gaz.lookup("Kismayo")
    scores = [s for _, s in hits]
    assert scores == sorted(scores, reverse=True)
    assert all(0 < s <= 1 for s in scores)
    assert gaz.lookup("Kismayo") == hits  # deterministic


def test_nonsense_and_designators_alone_find_nothing(gaz):
    assert gaz.lookup("Province") == []
    assert gaz.lookup("") == []
    assert gaz.lookup("Xqzvvtrplk") == []


def test_arabic_script_names_resolve_through_alternate_names(gaz):
    top = gaz.lookup("الفاشر")[0][0]
    assert top.country_code == "SD" and abs(top.lat - 13.63) < 0.3


def test_admin_units_have_centroids_and_ids(gaz):
    badghis = gaz.lookup("Badghis")[0][0]
    assert badghis.kind == "admin1" and badghis.country_code == "AF"
    assert badghis.id.startswith("geo_") and badghis.lat is not None
    assert km(badghis.lat, badghis.lon, 35.17, 63.77) < 100
    assert gaz.get(badghis.id) == badghis


def test_named_regions_and_waters_carry_their_geonames_id(gaz):
    """A sea, river or world region the data ties to a GeoNames entity answers with that id (so a
    benchmark can tell "the same entity" from "a point nearby"); no two entries claim one entity."""
    import json
    from importlib import resources

    data = resources.files("sitrep.data")
    entries = json.loads(data.joinpath("geo_regions.json").read_text("utf-8"))["regions"] + \
        json.loads(data.joinpath("geo_physical.json").read_text("utf-8"))["features"]
    gids = [e["gid"] for e in entries if e.get("gid")]
    assert gids and all(g.isdigit() for g in gids)
    assert len(gids) == len(set(gids))
    for e in [e for e in entries if e.get("gid")][:40]:
        refs = [ref for ref, _ in gaz.lookup(e["name"]) if ref.kind == "region" and ref.name == e["name"]]
        assert refs and refs[0].gazetteer_id == e["gid"], e["name"]
    # a river's other spelling reaches the same entity
    river = next(e for e in entries if e.get("feature") == "STM" and e.get("gid") and e.get("alt"))
    assert any(ref.gazetteer_id == river["gid"] for ref, _ in gaz.lookup(river["alt"][0]))


def test_a_unit_named_as_a_compass_part_answers_to_the_whole_s_name():
    assert gz._whole_of_part("West Somewhere") == ["Somewhere"]
    assert gz._whole_of_part("Somewhere East") == ["Somewhere"]
    assert gz._whole_of_part("Westbury") == [] and gz._whole_of_part("East of Somewhere") == []
    # a bare designator is no whole, and a town's or province's own name stays theirs ("South Dorvana"
    # is a district of the city Dorvana)
    assert gz._whole_of_part("North District") == []
    assert gz._whole_of_part("South Dorvana", "ZZ", frozenset({("ZZ", "dorvana")})) == []
    assert gz._whole_of_part("South Dorvana", "ZZ", frozenset({("YY", "dorvana")})) == ["Dorvana"]


def test_a_county_split_in_compass_parts_is_found_by_its_old_name(gaz):
    parts = [m.ref for m in gaz.match("Berkshire", limit=25) if m.ref.country_code == "GB"]
    assert parts and all(p.kind == "admin2" and "Berkshire" in p.name and p.name != "Berkshire" for p in parts)


def test_patterns_tag_countries_and_provinces_but_not_stopwords(gaz):
    pats = gaz.patterns()
    by_text = {p["pattern"]: p for p in pats}
    assert by_text["Tajikistan"]["label"] == "GPE"
    assert by_text["Badghis"]["label"] == "GPE"
    assert by_text["Bagram Air Base"]["label"] == "FAC"
    # A province's leading towns in the hyphen and particle forms news copy uses.
    assert by_text["Qala-e-Naw"]["label"] == "GPE" and by_text["Qala-i Naw"]["id"] == by_text["Qala-e-Naw"]["id"]
    for word in ("May", "Police", "Parliament", "March", "The"):
        assert word not in by_text
    assert pats == sorted(pats, key=lambda p: (p["pattern"], p["label"] != "GPE", p["id"]))


def test_info_names_sources_and_attribution(gaz):
    info = gaz.info()
    assert "CC BY 4.0" in info["attribution"]
    assert info["places"]["country"] >= 200 and info["places"]["admin1"] >= 2000
    assert info["version"] == gz.INDEX_VERSION


# -- index files and the importer (on small indexes of our own) ----------------------------------


def _tiny_build(con):
    rows = [
        (GazetteerRow("geo_1", "Afghanistan", "country", "AF", lat=33.9, lon=67.7, feature="PCLI"), ["Afghanistan"]),
        (GazetteerRow(gz.place_id_for_admin("AF", "ADM1", "10"), "Helmand", "admin1", "AF", "Helmand", "10",
                      lat=31.0, lon=64.2, feature="ADM1"), ["Helmand"]),
    ]
    write_places(con, [(r, names, set(names)) for r, names in rows])


@pytest.fixture()
def tiny(tmp_path, monkeypatch):
    monkeypatch.setattr(gz, "_build_from_packages", _tiny_build)
    gz.reset_cache()
    path = tmp_path / "geo-test.sqlite"
    yield Gazetteer.load(str(path)), tmp_path
    gz.reset_cache()


def test_index_is_built_atomically_and_reused(tiny):
    g, folder = tiny
    assert [p.name for p in folder.iterdir()] == ["geo-test.sqlite"]  # no temp file left behind
    assert Gazetteer.load(str(folder / "geo-test.sqlite")) is g
    assert g.lookup("Helmand province")[0][0].kind == "admin1"


@pytest.mark.parametrize("known", [None, {}], ids=["looked-up", "held-by-caller"])
def test_a_place_written_again_replaces_the_first_with_its_names(tmp_path, known):
    # The build hands write_places the ids it has written (no look-up per place); both ways must
    # leave one place and only the second writing's names, even when the first's are still batched.
    con = gz.open_index(tmp_path / "replace.sqlite")
    first = GazetteerRow("geo_7", "Old Town", "town", "AF", lat=34.0, lon=66.0)
    second = GazetteerRow("geo_7", "New Town", "town", "AF", lat=34.1, lon=66.1)
    other = GazetteerRow("geo_8", "Elsewhere", "town", "AF", lat=35.0, lon=67.0)
    write_places(con, [(first, ["Old Town", "Oldtown"], set()), (other, ["Elsewhere"], set()),
                       (second, ["New Town"], set())], known)
    places = con.execute("SELECT id, name FROM places ORDER BY id").fetchall()
    keys = {k for (k,) in con.execute("SELECT key FROM names")}
    assert places == [("geo_7", "New Town"), ("geo_8", "Elsewhere")]
    assert keys == {parse("New Town").key, parse("Elsewhere").key}
    if known is not None:
        assert set(known) == {"geo_7", "geo_8"}


def test_index_of_another_version_is_refused(tmp_path):
    path = tmp_path / "old.sqlite"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT)")
    con.execute("INSERT INTO meta VALUES ('version', 'old')")
    con.commit()
    con.close()
    gz.reset_cache()
    with pytest.raises(InputError, match="delete it"):
        Gazetteer.load(str(path))


# Standard 19-column GeoNames rows (facts: names, coordinates, feature codes; ids invented).
DUMP = [
    ["9000001", "Shindand Air Base", "Shindand Air Base", "Shindand Airfield,Sabzwar Air Base", "33.3913",
     "62.2610", "S", "AIRB", "AF", "", "11", "", "", "", "0", "", "1150", "Asia/Kabul", "2024-01-01"],
    ["9000002", "Nad-e ‘Alī District", "Nad-e `Ali District", "Nad Ali,Nadi Ali", "31.63", "64.26", "A", "ADM2",
     "AF", "", "10", "", "", "", "0", "", "780", "Asia/Kabul", "2024-01-01"],
    ["9000003", "Deh-e Kuchek", "Deh-e Kuchek", "", "31.70", "64.30", "P", "PPL", "AF", "", "10", "", "", "",
     "0", "", "800", "Asia/Kabul", "2024-01-01"],
    ["9000004", "Zahrawi Prison", "Zahrawi Prison", "", "31.60", "64.36", "S", "PRN", "AF", "", "10", "", "", "",
     "0", "", "780", "Asia/Kabul", "2024-01-01"],
]


def _write_dump(folder: Path) -> Path:
    path = folder / "AF.txt"
    path.write_text("".join("\t".join(r) + "\n" for r in DUMP), encoding="utf-8")
    return path


def test_import_adds_facilities_districts_and_villages(tiny):
    g, folder = tiny
    report = import_dump(_write_dump(folder), index_dir=folder)
    assert report.kind == "places" and report.added == 4 and report.skipped == 0
    gz.reset_cache()
    g = Gazetteer.load(str(folder / "geo-test.sqlite"))
    base = g.lookup("Shindand Airfield")[0][0]
    assert base.kind == "facility" and base.id == "geo_9000001"
    assert g.lookup("Nad-e Ali district")[0][0].kind == "admin2"
    assert g.lookup("Deh-e Kuchek")[0][0].kind == "village"
    prison = g.lookup("Zahrawi prison")[0][0]
    assert prison.kind == "facility" and prison.admin1 == "Helmand"  # admin1 name from the packaged index
    assert g.info()["sources"]["import"] == 4


def test_import_of_alternate_names_extends_imported_places(tiny):
    g, folder = tiny
    import_dump(_write_dump(folder), index_dir=folder)
    alt = folder / "alternateNamesV2.txt"
    alt.write_text("1\t9000003\t\tDih Kuchak\t\t\t\t\t\t\n2\t9000003\tlink\thttps://example.org\t\t\t\t\t\t\n"
                   "3\t12345\ten\tNowhere\t\t\t\t\t\t\n", encoding="utf-8")
    assert dump_kind(alt) == "alternate_names"
    report = import_dump(alt, index_dir=folder)
    assert report.added == 1 and report.skipped == 2
    gz.reset_cache()
    g = Gazetteer.load(str(folder / "geo-test.sqlite"))
    assert g.lookup("Dih Kuchak")[0][0].id == "geo_9000003"


def test_import_rejects_files_that_are_not_dumps(tmp_path):
    bad = tmp_path / "notes.txt"
    bad.write_text("just some words\n", encoding="utf-8")
    with pytest.raises(InputError, match="GeoNames"):
        import_dump(bad, index_dir=tmp_path)
    with pytest.raises(InputError, match="no such file"):
        import_dump(tmp_path / "missing.txt", index_dir=tmp_path)


def test_reimport_replaces_rather_than_duplicates(tiny):
    g, folder = tiny
    dump = _write_dump(folder)
    import_dump(dump, index_dir=folder)
    import_dump(dump, index_dir=folder)
    gz.reset_cache()
    g = Gazetteer.load(str(folder / "geo-test.sqlite"))
    assert [r.id for r in g.rows("Deh-e Kuchek")] == ["geo_9000003"]
    assert parse("Deh-e Kuchek").key == "dehkuchek"


def test_gazetteer_pickles_by_path_for_workers(tiny):
    import pickle

    g, _ = tiny
    clone = pickle.loads(pickle.dumps(g))
    assert clone.lookup("Helmand") == g.lookup("Helmand")


def test_cli_lookup_and_a_bad_import(gaz, tmp_path):
    from typer.testing import CliRunner

    from sitrep.geo.commands import app

    runner = CliRunner()
    found = runner.invoke(app, ["lookup", "Al-Fashir", "--country", "SD"])
    assert found.exit_code == 0 and "El Fasher" in found.output
    bad = tmp_path / "notes.txt"
    bad.write_text("not a dump\n", encoding="utf-8")
    failed = runner.invoke(app, ["import", str(bad)])
    assert failed.exit_code == 2 and "GeoNames" in failed.output


def test_alternate_names_of_packaged_places_survive_in_the_user_index(tiny):
    g, folder = tiny
    alt = folder / "alternateNamesV2.txt"
    alt.write_text("7\t1\tfa\tAfghanestan\t\t\t\t\t\t\n", encoding="utf-8")
    report = import_dump(alt, index_dir=folder)
    assert report.added == 1
    gz.reset_cache()
    g = Gazetteer.load(str(folder / "geo-test.sqlite"))
    top = g.lookup("Afghanestan")[0][0]
    assert top.id == "geo_1" and top.kind == "country"
    assert g.info()["places"]["country"] == 1  # the copy is not counted twice


def test_admin1_shown_by_its_english_name(gaz):
    # GeoNames calls it "Northern Darfur"; the news and ISO 3166-2 write "North Darfur".
    top = _top(gaz, "North Darfur", None)
    assert top.kind == "admin1" and top.name == "North Darfur"
    assert _top(gaz, "Northern Darfur", "SD").name == "North Darfur"


def test_compass_words_keep_provinces_apart(gaz):
    # Letters alike, compass apart: "South Darfur" must never be an exact name of North Darfur.
    for name, other in (("South Darfur", "North Darfur"), ("West Kordofan", "South Kordofan")):
        assert all(not (m.exact and m.ref.name == other) for m in gaz.match(name, "SD")), name
