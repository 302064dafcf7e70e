"""Metadata sidecars: a JSON ({"articles": [{"file", "outlet", "published", "language", ...}]})
or CSV (a header row with the same field names) that says, for each file, what a feed or crawler
would have delivered beside its text."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

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
        for number, row in enumerate(rows, start=1):
            file = str(row.get("file") or "").strip()
            if not file:
                raise ManifestError(f"manifest {path}: entry {number} has no 'file'; name the file it describes")
            meta = _meta(path, number, row)
            target = path.parent / file  # as the user wrote it: sources stay relative, the same on any machine
            manifest.by_path[str(target.resolve())] = meta
            manifest.files.append(target)
            names.setdefault(Path(file).name, []).append(meta)
        manifest.by_name = {name: metas[0] for name, metas in names.items() if len(metas) == 1}
        return manifest

    def lookup(self, file: Path) -> Meta | None:
        """Metadata for a file: by its resolved path, else by its name when that is unambiguous."""
        found = self.by_path.get(str(file.resolve()))
        return found if found is not None else self.by_name.get(file.name)


def _rows(path: Path, raw: bytes) -> list[dict]:
    text = raw.decode("utf-8-sig", errors="replace")
    if path.suffix.lower() == ".csv":
        return list(csv.DictReader(io.StringIO(text)))
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise ManifestError(f"manifest {path}: not valid JSON (line {e.lineno}: {e.msg}); "
                            "fix it or give a CSV with a header row 'file,outlet,published,language'") from e
    rows = data.get("articles") if isinstance(data, dict) else data
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise ManifestError(f"manifest {path}: expected {{\"articles\": [{{\"file\": ..., ...}}]}}")
    return rows


def _meta(path: Path, number: int, row: dict) -> Meta:
    published = row.get("published") or row.get("date")
    iso = normalise_date(published)
    if published and iso is None:
        raise ManifestError(f"manifest {path}: entry {number} has published {published!r}, which is not a "
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
