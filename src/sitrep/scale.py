"""Scale-out: the per-article stages mapped over a local Dask cluster.

`read_article` is a pure function of one article, so workers need nothing but the article; each
worker process loads the language model and gazetteer once. Results come back in input order, so
what the caller stores does not depend on which worker finished first.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import islice

from .errors import ModelError
from .model import Article, Reading

# Articles in flight per worker: enough to keep every worker busy, few enough to stream.
BATCH_PER_WORKER = 8


def read_in_parallel(articles: Iterable[Article], workers: int) -> Iterator[Reading]:
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise ModelError("--workers needs Dask: pip install 'sitrep[scale]' "
                         "(or run without --workers)") from exc
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                           dashboard_address=None, silence_logs=40)
    client = Client(cluster)
    try:
        it = iter(articles)
        while batch := list(islice(it, workers * BATCH_PER_WORKER)):
            futures = client.map(_read_record, [a.to_dict() for a in batch], pure=False)
            for record in client.gather(futures):
                yield Reading.from_record(record)
    finally:
        client.close()
        cluster.close()


def _read_record(article: dict) -> dict:
    from .pipeline import read_article

    return read_article(Article.from_dict(article), _resources()).to_record()


@lru_cache(maxsize=1)
def _resources():
    from .pipeline import Resources

    return Resources.load()
