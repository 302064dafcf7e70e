"""Helpers the store tests run in other processes (spawned, so they must be importable by name):
writers that start at the same moment and store readings into one database."""

from __future__ import annotations

import time

from sitrep.model import Article, Reading
from sitrep.store import Store

PIPELINE_VERSION = 1


def texts(count: int) -> list[str]:
    """Distinct short article texts, in our own words."""
    return [f"Report {i}: aid convoys reached the camp on the {i % 28 + 1}th, officials said; "
            f"{i * 3 % 97} families registered." for i in range(count)]


def write(db: str, start_at: float, items: list[str]) -> int:
    """Open the store (creating the schema if need be) at `start_at` and store every text."""
    time.sleep(max(0.0, start_at - time.time()))
    store = Store(db)
    changed = 0
    for text in items:
        article = Article.from_text(text, source=f"report-{texts_index(text)}.txt", language="en")
        changed += store.put(Reading(article), PIPELINE_VERSION)
    store.close()
    return changed


def texts_index(text: str) -> str:
    return text.split(":", 1)[0].split()[-1]


def run_concurrently(db: str, writers: int, count: int) -> list[int]:
    """`writers` processes store the same `count` texts (each in its own order) into `db` at once;
    returns how many each newly stored."""
    import multiprocessing

    items = texts(count)
    orders = [items[k::1] if k % 2 == 0 else items[::-1] for k in range(writers)]
    start_at = time.time() + 3.0  # after every process has imported sitrep
    with multiprocessing.get_context("spawn").Pool(writers) as pool:
        return pool.starmap(write, [(db, start_at, order) for order in orders])
