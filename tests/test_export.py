"""Exports: ACLED-compatible CSV, GeoJSON, claim/quote/event tables as CSV and Parquet, the contract."""

from __future__ import annotations

import csv
import json
import sys

import pytest

from sitrep.errors import InputError, ModelError
from sitrep.present.export import ACLED_COLUMNS, FORMATS, export

from .test_brief import small


def test_acled_csv_loads_with_pandas_with_acleds_columns_one_row_per_incident(tmp_path):
    pd = pytest.importorskip("pandas")
    s = small()
    path = export(s, "acled", tmp_path / "acled.csv")
    df = pd.read_csv(path, keep_default_na=False)
    assert tuple(df.columns) == ACLED_COLUMNS
    assert len(df) == len(s["incidents"])
    assert list(df["event_date"]) == sorted(df["event_date"])
    ambush = df[df["event_date"] == "2024-03-10"].iloc[0]
    assert ambush["fatalities"] == 61  # ACLED's count: the lowest figure the reports support
    assert ambush["source"] == "Coastal Wire; Northern Ledger"
    assert "dozens" in ambush["notes"] and "more than 60" in ambush["notes"] and "Hamid Nur, Coastal Wire" in ambush["notes"]
    assert (ambush["event_type"], ambush["sub_event_type"], ambush["disorder_type"]) == ("Battles", "Armed clash", "Political violence")
    assert (ambush["country"], ambush["iso"], ambush["region"], ambush["admin1"]) == ("Sudan", 729, "Northern Africa", "North Darfur")
    assert (ambush["inter1"], ambush["inter2"], ambush["interaction"]) == ("Rebel group", "State forces", "Rebel group-State forces")
    assert ambush["latitude"] == pytest.approx(14.2036) and ambush["longitude"] == pytest.approx(24.6636)
    assert ambush["event_id_cnty"].startswith("SDN") and df["event_id_cnty"].is_unique
    assault = df[df["event_date"] == "2024-03-11"].iloc[0]
    assert "Disputed control of Kutum: Sudanese Armed Forces (Yusuf Adam Harun, Northern Ledger) vs " \
           "Rapid Support Forces (Ibrahim Saleh Musa, Coastal Wire)." in assault["notes"]
    air = df[df["event_date"] == "2024-03-12"].iloc[0]
    assert air["fatalities"] == 0 and "Disputed" not in air["notes"]


def test_acled_interval_dates_become_the_first_day_at_coarser_precision(tmp_path):
    s = small()
    s["incidents"][2]["date"] = "2024-03-04/2024-03-10"
    rows = list(csv.DictReader(export(s, "acled", tmp_path / "a.csv").open(encoding="utf-8")))
    row = next(r for r in rows if r["event_type"] == "Explosions/Remote violence")
    assert (row["event_date"], row["time_precision"]) == ("2024-03-04", "2")


def test_geojson_has_incidents_and_places_as_lon_lat_points(tmp_path):
    s = small()
    fc = json.loads(export(s, "geojson", tmp_path / "x.geojson").read_text(encoding="utf-8"))
    assert fc["type"] == "FeatureCollection"
    kinds = [f["properties"]["feature"] for f in fc["features"]]
    assert kinds.count("incident") == 3 and kinds.count("place") == len(s["places"])
    kutum = next(f for f in fc["features"] if f["id"] == "geo_kutum")
    assert kutum["geometry"] == {"type": "Point", "coordinates": [24.6636, 14.2036]}
    assault = next(f for f in fc["features"] if f["id"] == "inc_assault")
    assert assault["properties"]["disputed"] is True and assault["properties"]["outlets"] == ["Coastal Wire", "Northern Ledger"]


@pytest.mark.parametrize("table", ["claims", "quotes", "events"])
def test_tables_carry_every_row_with_its_words_and_outlet(tmp_path, table):
    s = small()
    rows = list(csv.DictReader(export(s, f"{table}-csv", tmp_path / "t.csv").open(encoding="utf-8")))
    assert len(rows) == len(s[table])
    texts = {a["id"]: a["text"] for a in s["articles"]}
    for r in rows:
        assert r["text"] == texts[r["article"]][int(r["start"]):int(r["end"])]
        assert r["outlet"] in ("Northern Ledger", "Coastal Wire")
    if table == "claims":
        r = next(r for r in rows if r["id"] == "c_killed_60")
        assert (r["value"], r["value_low"], r["value_high"], r["source_name"]) == ("more than 60", "61", "", "Hamid Nur")


@pytest.mark.parametrize("table", ["claims", "quotes", "events"])
def test_parquet_tables_match_the_csv_tables(tmp_path, table):
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    s = small()
    df = pd.read_parquet(export(s, f"{table}-parquet", tmp_path / "t.parquet"))
    rows = list(csv.DictReader(export(s, f"{table}-csv", tmp_path / "t.csv").open(encoding="utf-8")))
    assert list(df.columns) == list(rows[0]) and len(df) == len(rows)
    assert list(df["id"]) == [r["id"] for r in rows]


def test_parquet_without_the_extra_names_it(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas now raises ImportError
    with pytest.raises(ModelError, match=r"sitrep\[export\]"):
        export(small(), "claims-parquet", tmp_path / "c.parquet")
    assert not (tmp_path / "c.parquet").exists()


def test_json_is_the_contract(tmp_path):
    s = small()
    assert json.loads(export(s, "json", tmp_path / "s.json").read_text(encoding="utf-8")) == s


def test_an_unknown_format_lists_the_choices(tmp_path):
    with pytest.raises(InputError, match="choose one of: acled, geojson"):
        export(small(), "xlsx", tmp_path / "x")


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_export_is_deterministic(tmp_path, fmt):
    if fmt.endswith("parquet"):
        pytest.importorskip("pyarrow")
    a = export(small(), fmt, tmp_path / "a" / "out")
    b = export(small(), fmt, tmp_path / "b" / "out")
    assert a.read_bytes() == b.read_bytes() and a.stat().st_size > 0
