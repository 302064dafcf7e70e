"""Scale-out: the per-article stages mapped over Dask, a local cluster or an existing one.

`read_article` is a pure function of one article, so workers need nothing but the article; each
worker process loads the language model and gazetteer once. Results come back in input order, so
what the caller stores does not depend on which worker finished first. A failure on one article,
in a stage or of the worker itself, comes back as that article's Failure; the batch goes on.

`workers` > 0 starts a local cluster of that many processes. `scheduler` ("tcp://host:8786")
connects to a cluster started elsewhere (`dask scheduler` on one machine, `dask worker
tcp://host:8786` on each of the others, each with sitrep installed); then the workers are its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import islice

from .errors import InputError, ModelError
from .model import Article, Reading

# Articles in flight per worker: enough to keep every worker busy, few enough to stream.
BATCH_PER_WORKER = 8


def read_in_parallel(articles: Iterable[Article], workers: int, scheduler: str | None = None) -> Iterator[tuple]:
    """(article, Reading or Failure) for each article, in input order."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise ModelError("--workers and --scheduler need Dask: pip install 'sitrep[scale]' "
                         "(or run without them)") from exc
    from .pipeline import Failure

    cluster = None
    if scheduler:
        try:
            client = Client(scheduler, timeout="10s")
        except (OSError, TimeoutError, ValueError) as exc:
            raise InputError(f"cannot reach the Dask scheduler {scheduler} ({exc}): start one with "
                             "`dask scheduler` and workers with `dask worker ADDRESS`, or use --workers N "
                             "for a local cluster") from exc
        width = max(len(client.scheduler_info().get("workers", {})), workers, 1)
    else:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                               dashboard_address=":0", silence_logs=40)
        client = Client(cluster)
        width = workers
    try:
        it = iter(articles)
        while batch := list(islice(it, width * BATCH_PER_WORKER)):
            futures = client.map(_read_record, [a.to_dict() for a in batch], pure=False)
            for article, future in zip(batch, futures):
                try:
                    outcome = future.result()
                except Exception as exc:  # noqa: BLE001  the worker died or could not run the task
                    yield article, Failure(article.source or article.id, "Dask worker",
                                           " ".join(f"{type(exc).__name__}: {exc}".split())[:300])
                    continue
                yield article, outcome if isinstance(outcome, Failure) else Reading.from_record(outcome)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _read_record(article: dict):
    """On a worker: the reading as a record, or the article's Failure."""
    from .pipeline import Failure, StageFailed, read_article

    art = Article.from_dict(article)
    try:
        return read_article(art, _resources()).to_record()
    except StageFailed as exc:
        return Failure.of(art, exc)


@lru_cache(maxsize=1)
def _resources():
    from .pipeline import Resources

    return Resources.load()
