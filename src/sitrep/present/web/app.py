"""The web app: FastAPI routes over a LiveSituation. Read-only (GET only), bound to 127.0.0.1 by
default, a Content-Security-Policy on every response, every piece of article text escaped by the
autoescaping templates (or carried as JSON). No asset comes from anywhere but this package."""

from __future__ import annotations

from importlib import resources
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import ChoiceLoader, Environment, PackageLoader, select_autoescape
from starlette.middleware.trustedhost import TrustedHostMiddleware

from ..mapdata import BBox
from ..maps import TYPE_COLOURS, build_frame, build_maps, map_features
from ..timeline import LANE_HEIGHT, build_timeline
from .live import LiveSituation
from .query import FilterError, Filters, story_dates, story_title
from .series import series_chart

__all__ = ["create_app", "CSP", "LOOPBACK_HOSTS"]

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}
LOOPBACK_HOSTS = ["127.0.0.1", "localhost", "[::1]", "::1"]
MAP_WIDTH = 760
MAX_ZOOM_WIDTH = 2000  # pixels: a zoomed frame is never drawn wider than this


def _env() -> Environment:
    env = Environment(loader=ChoiceLoader([PackageLoader("sitrep.present.web", "templates"),
                                           PackageLoader("sitrep.present", "templates")]),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.globals.update(colours=TYPE_COLOURS, lane_height=LANE_HEIGHT, story_title=story_title, story_dates=story_dates)
    env.filters["qs"] = lambda f, **kw: ("?" + urlencode(f.query(**kw))) if f.query(**kw) else ""
    return env


def create_app(live: LiveSituation, allowed_hosts: list[str] | None = None) -> FastAPI:
    app = FastAPI(title="sitrep", docs_url=None, redoc_url=None, openapi_url=None)
    env = _env()
    static = resources.files("sitrep.present.web") / "static"
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    if allowed_hosts:  # a page on another site cannot reach this one through a rebound DNS name
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts)

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        for k, v in SECURITY_HEADERS.items():
            response.headers.setdefault(k, v)
        return response

    def page(name: str, status: int = 200, **ctx) -> HTMLResponse:
        snap = ctx.pop("snap", None) or live.get()
        return HTMLResponse(env.get_template(name).render(version=snap.version, articles=snap.articles,
                                                          store=live.store.url, **ctx), status_code=status)

    def filters_or_error(request: Request, api: bool):
        try:
            return Filters.parse(request.query_params), None
        except FilterError as exc:
            if api:
                return None, JSONResponse({"error": str(exc)}, status_code=400)
            return None, page("error.html.j2", 400, message=str(exc), f=Filters())

    def link(inc_id: str) -> str:
        return f"/incidents/{inc_id}"

    # ---- pages ------------------------------------------------------------------------------

    @app.get("/", response_class=HTMLResponse)
    async def overview(request: Request):
        f, err = filters_or_error(request, api=False)
        if err:
            return err
        snap = live.get()
        pic = snap.picture
        incidents = pic.select_incidents(f)
        return page("overview.html.j2", snap=snap, f=f, pic=pic, incidents=[pic.incident_summary(i) for i in incidents],
                    counts=pic.counts_by_type(incidents), choices=pic.choices(),
                    maps=build_maps(pic.s, pic.ix, incidents, link=link, width=MAP_WIDTH),
                    timeline=build_timeline(pic.s, pic.ix, incidents, link=link, width=MAP_WIDTH + 300),
                    stories=[pic.story_view(s) for s in pic.select_stories(f)],
                    n_disputes=len(pic.select_disputes(f)), total=len(pic.incidents))

    @app.get("/incidents/{inc_id}", response_class=HTMLResponse)
    async def incident_page(inc_id: str):
        snap = live.get()
        detail = snap.picture.incident_detail(inc_id)
        if detail is None:
            return page("error.html.j2", 404, snap=snap, message=f"no incident {inc_id!r} in this store", f=Filters())
        inc = snap.picture.incidents[inc_id]
        maps = build_maps(snap.picture.s, snap.picture.ix, [inc], link=link, width=MAP_WIDTH)
        return page("incident.html.j2", snap=snap, d=detail, maps=maps, chart=series_chart(detail["series"]), f=Filters())

    @app.get("/stories/{story_id}", response_class=HTMLResponse)
    async def story_page(story_id: str):
        snap = live.get()
        st = next((s for s in snap.picture.stories if s.get("id") == story_id), None)
        if st is None:
            return page("error.html.j2", 404, snap=snap, message=f"no story {story_id!r} in this store", f=Filters())
        return page("story.html.j2", snap=snap, st=snap.picture.story_view(st), f=Filters())

    @app.get("/disputes", response_class=HTMLResponse)
    async def disputes_page(request: Request):
        f, err = filters_or_error(request, api=False)
        if err:
            return err
        snap = live.get()
        return page("disputes.html.j2", snap=snap, f=f, disputes=[snap.picture.dispute_view(d) for d in snap.picture.select_disputes(f)])

    @app.get("/claims", response_class=HTMLResponse)
    async def claims_page(request: Request):
        f, err = filters_or_error(request, api=False)
        if err:
            return err
        snap = live.get()
        return page("claims.html.j2", snap=snap, f=f, claims=[snap.picture.claim_view(c) for c in snap.picture.select_claims(f)])

    @app.get("/map/{idx}.svg")
    async def map_frame(idx: int, request: Request, bbox: str = "", width: int = MAP_WIDTH):
        """One frame drawn anew for a box (west,south,east,north): what zooming and panning ask for."""
        f, err = filters_or_error(request, api=True)
        if err:
            return err
        try:
            w, s, e, n = (float(x) for x in bbox.split(","))
            box = BBox(max(w, -180.0), max(s, -85.0), min(e, 180.0), min(n, 85.0))
            assert box.east > box.west and box.north > box.south
        except (ValueError, AssertionError):
            return JSONResponse({"error": f"bbox={bbox!r}: pass west,south,east,north in degrees"}, status_code=400)
        snap = live.get()
        pic = snap.picture
        frame = build_frame(pic.s, pic.ix, map_features(pic.s, pic.ix, pic.select_incidents(f)), box,
                            max(100, min(width, MAX_ZOOM_WIDTH)), link)
        svg = env.get_template("_charts.html.j2").module.map_frame(frame, idx)
        return Response(str(svg), media_type="image/svg+xml")

    # ---- API --------------------------------------------------------------------------------

    @app.get("/api/status")
    async def api_status():
        snap = live.get()
        return {"version": snap.version, "articles": snap.articles, "incidents": len(snap.picture.incidents)}

    def listing(request: Request, name: str, select, view):
        """A filtered list as JSON: {"count", "filters", name: [...]}."""
        f, err = filters_or_error(request, api=True)
        if err:
            return err
        pic = live.get().picture
        items = [view(pic, x) for x in select(pic, f)]
        return {"count": len(items), "filters": f.query(), name: items}

    @app.get("/api/incidents")
    async def api_incidents(request: Request):
        return listing(request, "incidents", lambda p, f: p.select_incidents(f), lambda p, i: p.incident_summary(i))

    @app.get("/api/disputes")
    async def api_disputes(request: Request):
        return listing(request, "disputes", lambda p, f: p.select_disputes(f), lambda p, d: p.dispute_view(d))

    @app.get("/api/stories")
    async def api_stories(request: Request):
        return listing(request, "stories", lambda p, f: p.select_stories(f), lambda p, st: st)

    @app.get("/api/claims")
    async def api_claims(request: Request):
        return listing(request, "claims", lambda p, f: p.select_claims(f), lambda p, c: p.claim_view(c))

    @app.get("/api/incidents/{inc_id}")
    async def api_incident(inc_id: str):
        detail = live.get().picture.incident_detail(inc_id)
        if detail is None:
            return JSONResponse({"error": f"no incident {inc_id!r} in this store"}, status_code=404)
        return detail

    @app.get("/api/stories/{story_id}")
    async def api_story(story_id: str):
        pic = live.get().picture
        st = next((s for s in pic.stories if s.get("id") == story_id), None)
        if st is None:
            return JSONResponse({"error": f"no story {story_id!r} in this store"}, status_code=404)
        return pic.story_view(st)

    return app
