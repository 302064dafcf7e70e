"""`sitrep serve`: the situation as a local web app over the store.

    live.py    the store's situation, re-derived when another process ingests into it
    query.py   filters from the URL and the views pages and API share
    app.py     FastAPI routes: pages, /map frames for zooming, the JSON API; safety headers
    series.py  the casualty series chart
    templates/ static/   packaged HTML, CSS and JS: no CDN, no tiles, nothing from the network
"""

from __future__ import annotations

import ipaddress
from pathlib import Path

from ...errors import SitrepError

__all__ = ["create_app", "open_live", "serve", "is_loopback"]


def open_live(db: str):
    """The live situation of an existing store; a missing SQLite file is an error, not a new store."""
    from ...store import Store, db_url
    from .live import LiveSituation

    url = db_url(db)
    if url.startswith("sqlite:///") and not Path(url[len("sqlite:///"):]).exists():
        raise SitrepError(f"no store at {url[len('sqlite:///'):]}; ingest reports first "
                          f"(sitrep ingest ARTICLES --db {db}) or pass --db with an existing store")
    return LiveSituation(Store(db))


def create_app(live, allowed_hosts: list[str] | None = None):
    from .app import create_app as _create

    return _create(live, allowed_hosts)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def serve(db: str, host: str, port: int) -> None:
    """Run the app until interrupted. On a loopback address only local names may reach it."""
    import socket

    import uvicorn

    from .app import LOOPBACK_HOSTS

    live = open_live(db)
    live.get()  # derive once now: a broken store fails here, with its message, not on the first page
    try:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as s:
            s.bind((host.strip("[]"), port))
    except OSError as exc:
        raise SitrepError(f"cannot listen on {host}:{port} ({exc.strerror}); pass another --port") from None
    allowed = LOOPBACK_HOSTS if is_loopback(host) else None
    uvicorn.run(create_app(live, allowed), host=host.strip("[]"), port=port, log_level="warning")
