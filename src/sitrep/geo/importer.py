"""Add a user-supplied GeoNames dump to the gazetteer: villages, districts, facilities.

Reads the standard GeoNames files, streamed line by line:
  - a country or world dump (`AF.txt`, `allCountries.txt`): 19 tab-separated columns;
  - `alternateNamesV2.txt` (or `alternateNames.txt`): alternate names of ids already imported
    or already in the packaged index.
Writes to `geo-user.sqlite` beside the packaged index, so a rebuild of the packaged index (new
sitrep version) keeps what the user imported.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from ..errors import InputError
from .gazetteer import (ADOPTED_SOURCE, MAIN, PATTERN, PLACE_COLUMNS, GazetteerRow, features, keep_alternate, name_rows,
                        open_index, pattern_eligible, pattern_worthy, place_id_for_admin, reset_cache, write_places)

__all__ = ["ImportReport", "import_dump", "dump_kind"]

GEONAMES_COLUMNS = 19
ALTNAMES_MIN_COLUMNS = 4
BATCH = 5000  # rows per transaction: bounded memory on allCountries.txt


@dataclass(frozen=True)
class ImportReport:
    path: str
    kind: str  # "places" or "alternate_names"
    added: int
    skipped: int
    index: str


def dump_kind(path: Path) -> str:
    """"places" or "alternate_names", from the first data line's shape."""
    from ..ingest.decode import looks_binary

    with path.open("rb") as raw:
        head = raw.read(64_000)
    if looks_binary(head):
        raise InputError(f"{path}: binary data, not a GeoNames dump (a UTF-8 text file of tab-separated columns "
                         "like AF.txt); unzip a downloaded AF.zip first")
    with _open(path) as f:
        for line in f:
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.rstrip("\n").split("\t")
            if len(cols) == GEONAMES_COLUMNS:
                return "places"
            if ALTNAMES_MIN_COLUMNS <= len(cols) <= 10 and cols[0].isdigit() and cols[1].isdigit():
                return "alternate_names"
            break
    raise InputError(f"{path}: not a GeoNames dump (expected 19 tab-separated columns like AF.txt, or "
                     "alternateNamesV2.txt); download one from https://download.geonames.org/export/dump/")


def import_dump(path: str | Path, index_dir: Path | None = None) -> ImportReport:
    """Import a GeoNames dump into the user index (in `index_dir`, default the gazetteer cache)."""
    from .gazetteer import cache_dir

    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such file; give the path of a GeoNames dump such as AF.txt")
    target = (index_dir or cache_dir()) / "geo-user.sqlite"
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        kind = dump_kind(path)
        con = open_index(target)
        try:
            if kind == "places":
                added, skipped = _import_places(con, path)
            else:
                added, skipped = _import_alternates(con, path)
        finally:
            con.close()
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text ({exc.reason} in a block of the file); GeoNames dumps are UTF-8: "
                         "give the file as downloaded and unzipped") from exc
    reset_cache()
    return ImportReport(str(path), kind, added, skipped, str(target))


def _open(path: Path):
    return path.open(encoding="utf-8", newline="")


def _rows(path: Path) -> Iterator[list[str]]:
    with _open(path) as f:
        for line in f:
            if line.strip() and not line.startswith("#"):
                yield line.rstrip("\n").split("\t")


def _import_places(con: sqlite3.Connection, path: Path) -> tuple[int, int]:
    feats = features()
    codes, classes = feats["codes"], feats["classes"]
    thresholds, min_pop = feats["kind_by_population"], feats["pattern_min_population"]
    admin_names = _admin1_names(con, path)
    added = skipped = 0
    batch: list = []
    for cols in _rows(path):
        item = _place_item(cols, codes, classes, thresholds, admin_names, min_pop)
        if item is None:
            skipped += 1
            continue
        batch.append(item)
        if len(batch) >= BATCH:
            with con:
                added += write_places(con, batch)
            batch = []
    with con:
        added += write_places(con, batch)
    return added, skipped


def _admin1_names(con: sqlite3.Connection, path: Path) -> dict[tuple[str, str], str]:
    """Admin1 names by (country, code): from ADM1 rows of this dump, else from the indexes."""
    names: dict[tuple[str, str], str] = {}
    for cols in _rows(path):
        if len(cols) == GEONAMES_COLUMNS and cols[7] == "ADM1":
            names[(cols[8], cols[10])] = cols[1]
    for index in [con] + _packaged_indexes(con):
        for cc, code, name in index.execute("SELECT cc, admin1_code, name FROM places WHERE kind = 'admin1'"):
            names.setdefault((cc, code), name)
    return names


def _packaged_indexes(con: sqlite3.Connection) -> list[sqlite3.Connection]:
    """The packaged-data indexes beside the user index (read-only), for admin1 names."""
    user = Path(con.execute("PRAGMA database_list").fetchone()[2])
    return [sqlite3.connect(f"file:{p}?mode=ro", uri=True) for p in sorted(user.parent.glob("geo-*.sqlite"))
            if p != user]


def _place_item(cols: list[str], codes: dict, classes: dict, thresholds: list, admin_names: dict, min_pop: int):
    if len(cols) != GEONAMES_COLUMNS or not cols[0].isdigit():
        return None
    gid, name, ascii_name, alternates, lat, lon, fclass, fcode, cc = cols[:9]
    admin1_code = cols[10] or None
    try:
        lat_f, lon_f = float(lat), float(lon)
        pop = int(cols[14] or 0)
    except ValueError:
        return None
    kind = codes.get(fcode) or classes.get(fclass)
    if kind is None:
        return None
    if fcode in ("PPL", ""):  # a plain populated place: its size says city, town or village
        kind = next((k for m, k in thresholds if pop >= m), kind)
    if kind == "admin1":
        pid = place_id_for_admin(cc, "ADM1", admin1_code or "")  # same id as the packaged admin1 unit
    else:
        pid = f"geo_{gid}"
    row = GazetteerRow(pid, name, kind, cc or None, admin_names.get((cc, admin1_code or "")), admin1_code,
                       None, round(lat_f, 5), round(lon_f, 5), pop, gid, fcode or None, source="import")
    names = [name, ascii_name] + [a for a in alternates.split(",") if keep_alternate(a)]
    ruled = pattern_eligible(row, min_pop)
    return row, names, {n for n in (name, ascii_name) if pattern_worthy(n)} if ruled else set(), {name, ascii_name}


NOT_NAMES = ("link", "post", "iata", "icao", "faac", "wkdt", "unlc", "abbr", "tcid", "fr_1793")


def _import_alternates(con: sqlite3.Connection, path: Path) -> tuple[int, int]:
    """Alternate names for imported places, and for packaged places (copied into the user index so
    that the names survive a rebuild of the packaged one). Unknown ids are skipped."""
    rid_by_gid = {gid: rid for rid, gid in con.execute("SELECT rid, gid FROM places WHERE gid IS NOT NULL")}
    packaged = _packaged_indexes(con)
    added = skipped = 0
    with con:
        for cols in _rows(path):
            gid, lang, alt = (cols[1], cols[2], cols[3]) if len(cols) >= ALTNAMES_MIN_COLUMNS else ("", "", "")
            if lang in NOT_NAMES or not keep_alternate(alt):
                skipped += 1
                continue
            rid = rid_by_gid.get(gid) or _adopt(con, packaged, gid)
            if rid is None:
                skipped += 1
                continue
            rid_by_gid[gid] = rid
            rows = list(name_rows(rid, [alt], set()))
            con.executemany("INSERT INTO names (key, skel, rid, surface, pat) VALUES (?,?,?,?,?)", rows)
            added += len(rows)
    return added, skipped


def _adopt(con: sqlite3.Connection, packaged: list[sqlite3.Connection], gid: str) -> int | None:
    """Copy a packaged place (with its names) into the user index; its rid there, or None."""
    for index in packaged:
        r = index.execute(f"SELECT {PLACE_COLUMNS}, p.rid FROM places p WHERE p.id = ?", (f"geo_{gid}",)).fetchone()
        if r is None:
            continue
        names = index.execute("SELECT surface, pat FROM names WHERE rid = ?", (r[13],)).fetchall()
        row = GazetteerRow(*r[:12], source=ADOPTED_SOURCE)
        write_places(con, [(row, [n for n, _ in names], {n for n, pat in names if pat & PATTERN},
                             {n for n, pat in names if pat & MAIN})])
        return con.execute("SELECT rid FROM places WHERE id = ?", (row.id,)).fetchone()[0]
    return None
