"""The situation of a store, kept current while the server runs.

Another process (`sitrep ingest`) may add reports to the same store at any time. Before answering,
the app asks the store for a fingerprint of what it holds (one aggregate query, at most every
POLL_SECONDS); when it changed, the picture is derived again with pipeline.situation(store).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from sqlalchemy import func, select

from ...store import Store, readings
from .query import Picture

__all__ = ["LiveSituation", "Snapshot", "POLL_SECONDS"]

# How often, at most, the store is asked whether it changed: a page load within this time of the
# last one reuses the picture without touching the database.
POLL_SECONDS = 1.0


@dataclass(frozen=True)
class Snapshot:
    picture: Picture
    version: str  # changes whenever the store's content does
    articles: int


class LiveSituation:
    def __init__(self, store: Store, derive=None):
        from ...pipeline import situation

        self.store = store
        self._derive = derive or situation
        self._lock = threading.Lock()
        self._snap: Snapshot | None = None
        self._checked = 0.0

    def fingerprint(self) -> str:
        """Cheap summary of the stored readings: their number, last id, versions and sizes. Any
        ingest that stores or re-reads an article changes it."""
        q = select(func.count(), func.max(readings.c.article_id), func.sum(readings.c.pipeline_version),
                   func.sum(func.length(readings.c.record)))
        with self.store.engine.connect() as conn:
            row = conn.execute(q).one()
        return ":".join(str(x or 0) for x in row)

    def get(self) -> Snapshot:
        with self._lock:
            now = time.monotonic()
            if self._snap is not None and now - self._checked < POLL_SECONDS:
                return self._snap
            self._checked = now
            fp = self.fingerprint()
            if self._snap is None or fp != self._snap.version:
                situation = self._derive(self.store)
                self._snap = Snapshot(Picture(situation), fp, len(situation.get("articles", [])))
            return self._snap
