"""Metadata sidecars: what a feed or crawler would have delivered beside each file's text.

Three shapes: JSON {"articles": [{"file", "outlet", "published", "language", ...}]}, JSON keyed by
file {"001.txt": {"outlet", "published", "language"}, ...}, or CSV (a header row with the same
field names). An entry that cannot be used (a date that is no date, no file named) is reported
and its file is not read, so it is not stored without its metadata; the other entries are used."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

from ..model import Skip
from .errors import ManifestError
from .metadata import Meta, normalise_date

__all__ = ["Manifest", "MANIFEST_NAME"]

# A directory holding a file of this name uses it for the files beneath it.
MANIFEST_NAME = "manifest.json"

_BYLINE_KEYS = ("byline", "author", "authors")


@dataclass
class Manifest:
    path: Path
    by_path: dict[str, Meta] = field(default_factory=dict)  # resolved path -> metadata
    by_name: dict[str, Meta] = field(default_factory=dict)  # file name -> metadata (when unique)
    files: list[Path] = field(default_factory=list)  # in manifest order
    bad: dict[str, str] = field(default_factory=dict)  # resolved path -> why its entry cannot be used
    problems: list[Skip] = field(default_factory=list)  # entries that name no file

    @classmethod
    def load(cls, path: str | Path) -> "Manifest":
        path = Path(path)
        try:
            raw = path.read_bytes()
        except OSError as e:
            raise ManifestError(f"manifest {path}: cannot be read ({e.strerror or e}); check the path") from e
        rows = _rows(path, raw)
        manifest = cls(path=path)
        names: dict[str, list[Meta]] = {}
        for label, row in rows:
            file = str(row.get("file") or "").strip() if isinstance(row, dict) else ""
            if not file:
                manifest.problems.append(Skip(f"{path} {label}", "names no file: give each entry a 'file' "
                                                                 "(or key it by file name)"))
                continue
            target = path.parent / file  # as the user wrote it: sources stay relative, the same on any machine
            manifest.files.append(target)
            try:
                meta = _meta(path, label, row)
            except ManifestError as e:
                manifest.bad[str(target.resolve())] = f"{e}, then read the file again"
                continue
            manifest.by_path[str(target.resolve())] = meta
            names.setdefault(Path(file).name, []).append(meta)
        manifest.by_name = {name: metas[0] for name, metas in names.items() if len(metas) == 1}
        return manifest

    def lookup(self, file: Path) -> Meta | None:
        """Metadata for a file: by its resolved path, else by its name when that is unambiguous."""
        found = self.by_path.get(str(file.resolve()))
        return found if found is not None else self.by_name.get(file.name)

    def bad_entry(self, file: Path) -> str | None:
        """Why this manifest's entry for the file cannot be used, or None."""
        return self.bad.get(str(file.resolve()))


def _rows(path: Path, raw: bytes) -> list[tuple[str, object]]:
    """(label for messages, entry) pairs in file order."""
    text = raw.decode("utf-8-sig", errors="replace")
    if path.suffix.lower() == ".csv":
        try:
            return [(f"row {n}", row) for n, row in enumerate(csv.DictReader(io.StringIO(text)), start=2)]
        except csv.Error as e:
            raise ManifestError(f"manifest {path}: not a valid CSV ({e}); give a header row "
                                "'file,outlet,published,language' and one row per file") from e
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as e:
        where = f"line {e.lineno}: {e.msg}" if isinstance(e, json.JSONDecodeError) else "nested too deeply"
        raise ManifestError(f"manifest {path}: not valid JSON ({where}); "
                            "fix it or give a CSV with a header row 'file,outlet,published,language'") from e
    if isinstance(data, dict) and isinstance(data.get("articles"), list):
        return [(f"entry {n}", row) for n, row in enumerate(data["articles"], start=1)]
    if isinstance(data, list):
        return [(f"entry {n}", row) for n, row in enumerate(data, start=1)]
    if isinstance(data, dict) and "articles" not in data:
        # keyed by file name; other values ("about": "...") are notes, not entries
        entries = [(f"entry {key!r}", {"file": key, **value}) for key, value in data.items() if isinstance(value, dict)]
        if entries:
            return entries
    raise ManifestError(f"manifest {path}: expected {{\"articles\": [{{\"file\": ..., ...}}]}} or "
                        "{\"FILE\": {\"outlet\": ..., \"published\": ..., \"language\": ...}}")


def _meta(path: Path, label: str, row: dict) -> Meta:
    published = row.get("published") or row.get("date")
    iso = normalise_date(published)
    if published and iso is None:
        raise ManifestError(f"manifest {path}: {label} has published {published!r}, which is not a "
                            "calendar date; write it as YYYY-MM-DD")
    byline: list[str] = []
    for key in _BYLINE_KEYS:
        value = row.get(key)
        if isinstance(value, list):
            byline = [str(v).strip() for v in value if str(v).strip()]
        elif isinstance(value, str) and value.strip():
            byline = [v.strip() for v in value.replace(";", ",").split(",") if v.strip()]
        if byline:
            break
    return Meta(
        outlet=_str(row.get("outlet") or row.get("source")),
        title=_str(row.get("title")),
        byline=byline,
        published=iso,
        language=_str(row.get("language")),
        url=_str(row.get("url")),
    )


def _str(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None
