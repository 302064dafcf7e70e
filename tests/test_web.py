"""`sitrep serve`: pages and JSON API in-process (FastAPI's TestClient), over a hand-made situation
and over the examples' real store; an ingest by another process while serving."""

from __future__ import annotations

import copy
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the web app needs fastapi (pip install -e '.[test]')")
pytest.importorskip("httpx", reason="FastAPI's TestClient needs httpx (pip install -e '.[test]')")

from fastapi.testclient import TestClient  # noqa: E402

from sitrep.present.web import create_app, open_live  # noqa: E402
from sitrep.present.web.live import LiveSituation  # noqa: E402
from sitrep.store import Store  # noqa: E402

from .test_brief import PAYLOAD, put_in_claim, small  # noqa: E402  (one home for the fixture and its payload)

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
EXTERNAL = re.compile(r"""(src|href|action|poster|data)\s*=\s*["']?\s*(https?:|//)""", re.I)


def client_for(situation: dict, tmp_path: Path) -> TestClient:
    """The app over a fixed situation (the store is only asked whether it changed)."""
    live = LiveSituation(Store(str(tmp_path / "empty.db")), derive=lambda store: copy.deepcopy(situation))
    return TestClient(create_app(live, allowed_hosts=["127.0.0.1"]), base_url="http://127.0.0.1")


@pytest.fixture
def client(tmp_path):
    return client_for(small(), tmp_path)


# ---- safety ---------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/", "/disputes", "/claims", "/incidents/inc_ambush", "/api/incidents",
                                  "/static/app.js", "/static/app.css", "/no/such/page", "/incidents/nope",
                                  "/map/0.svg?bbox=24,13,26,15"])
def test_every_response_carries_a_content_security_policy(client, path):
    r = client.get(path)
    csp = r.headers.get("content-security-policy", "")
    assert "default-src 'none'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert r.headers["x-content-type-options"] == "nosniff"


def test_pages_reference_nothing_outside_the_app(client):
    for path in ("/", "/disputes", "/claims", "/incidents/inc_assault"):
        html = client.get(path).text
        assert not EXTERNAL.search(html), path
        assert "<script>" not in html and "style=" not in html  # nothing inline for the CSP to refuse
        assert re.findall(r'<script src="([^"]+)"', html) == ["/static/app.js"]


def test_the_app_is_read_only(client):
    for method in ("post", "put", "delete", "patch"):
        for path in ("/", "/api/incidents", "/api/incidents/inc_ambush", "/static/app.js"):
            assert getattr(client, method)(path).status_code in (404, 405), (method, path)


def test_another_host_name_is_refused(tmp_path):
    live = LiveSituation(Store(str(tmp_path / "x.db")), derive=lambda store: small())
    c = TestClient(create_app(live, allowed_hosts=["127.0.0.1", "localhost"]), base_url="http://evil.example")
    assert c.get("/api/incidents").status_code == 400  # a rebound DNS name cannot read the store


def test_article_text_with_markup_is_shown_as_text(tmp_path):
    s = small()
    art = s["articles"][0]
    art["title"] = PAYLOAD
    put_in_claim(s, "c_ctl_saf", PAYLOAD)  # the claim's span now holds the payload
    next(e for e in s["entities"] if e["id"] == "ent_harun")["name"] = PAYLOAD
    s["incidents"][1]["summary"] = PAYLOAD
    c = client_for(s, tmp_path)
    for path in ("/", "/disputes", "/claims", "/incidents/inc_assault"):
        html = c.get(path).text
        assert "<script>alert" not in html and "<img" not in html, path
    html = c.get("/incidents/inc_assault").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=" in html
    assert "<mark>&lt;script&gt;alert(1)&lt;/script&gt;" in html  # highlighted, as text
    sides = c.get("/api/disputes").json()["disputes"][0]["sides"]
    assert any(PAYLOAD in cl["sentence"]["mark"] for side in sides for cl in side["claims"])  # JSON keeps the characters


# ---- the API --------------------------------------------------------------------------------

def test_api_incidents_lists_every_incident_without_filters(client):
    data = client.get("/api/incidents").json()
    assert data["count"] == 3 and [i["id"] for i in data["incidents"]] == ["inc_ambush", "inc_assault", "inc_air"]
    assert data["incidents"][0]["place_name"] == "Kutum, North Darfur, SD"


@pytest.mark.parametrize("query, expected", [
    ("type=Battles", ["inc_ambush", "inc_assault"]),
    ("type=Explosions/Remote violence", ["inc_air"]),
    ("from=2024-03-11", ["inc_assault", "inc_air"]),
    ("from=2024-03-11&to=2024-03-11", ["inc_assault"]),
    ("to=2024-03-10", ["inc_ambush"]),
    ("outlet=Northern Ledger", ["inc_ambush", "inc_assault"]),
    ("disputed=1", ["inc_assault"]),
    ("place=geo_kutum", ["inc_ambush", "inc_assault", "inc_air"]),
    ("place=geo_ndarfur", ["inc_ambush", "inc_assault", "inc_air"]),  # Kutum lies in North Darfur
    ("place=geo_elfasher", []),
    ("actor=rapid support forces", ["inc_ambush", "inc_assault", "inc_air"]),
    ("actor=Nobody", []),
    ("type=Battles&from=2024-03-11", ["inc_assault"]),
])
def test_filters_narrow_the_incidents(client, query, expected):
    data = client.get(f"/api/incidents?{query}").json()
    assert [i["id"] for i in data["incidents"]] == expected and data["count"] == len(expected)


def test_the_overview_page_applies_the_same_filters(client):
    html = client.get("/?type=Battles&from=2024-03-11").text
    rows = re.findall(r'class="inc-link" href="/incidents/(\w+)"', html)
    assert rows == ["inc_assault"]
    assert '<option value="Battles" selected>' in html and 'value="2024-03-11"' in html


def test_a_bad_filter_is_a_clear_error(client):
    r = client.get("/api/incidents?from=yesterday")
    assert r.status_code == 400 and "from='yesterday' is not a date; pass it as YYYY-MM-DD" in r.json()["error"]
    page = client.get("/?from=yesterday")
    assert page.status_code == 400 and "is not a date" in page.text


def test_an_incident_in_the_api_has_its_claims_with_speaker_outlet_date_and_span(client):
    d = client.get("/api/incidents/inc_ambush").json()
    assert d["incident"]["fatalities_text"] == "at least 61"
    figs = {f["words"]: f for f in d["figures"]}
    assert figs["more than 60"]["range"] == "at least 61" and figs["dozens"]["source"]["outlet"] == "Northern Ledger"
    claim = next(c for c in d["claims"] if c["sentence"]["mark"] == "more than 60 soldiers were killed")
    assert claim["speaker"] == "Hamid Nur (army officer)" and claim["outlet"] == "Coastal Wire"
    assert claim["published"] and claim["start"] < claim["end"]
    assert [p["words"] for p in d["series"]] and all(p["date"] for p in d["series"])
    assert client.get("/api/incidents/nope").status_code == 404


def test_disputes_show_each_side_with_speaker_outlet_date_and_words(client):
    data = client.get("/api/disputes").json()
    (d,) = data["disputes"]
    assert d["subject"] == "who controls Kutum, North Darfur, SD"
    sides = {s["value"]: s for s in d["sides"]}
    saf = sides["Sudanese Armed Forces"]["claims"][0]
    assert saf["speaker"] == "Yusuf Adam Harun (regional governor)" and saf["outlet"] == "Northern Ledger"
    assert saf["sentence"]["mark"] == "the town remains under army control" and saf["published"]
    html = client.get("/disputes").text
    assert html.count('class="side"') == 2 and "The whole town is in our hands" in html
    assert client.get("/api/disputes?outlet=Nowhere Times").json()["count"] == 0


def test_claims_filter_by_outlet_and_disputed(client):
    all_claims = client.get("/api/claims").json()["count"]
    coastal = client.get("/api/claims?outlet=Coastal Wire").json()
    assert 0 < coastal["count"] < all_claims and all(c["outlet"] == "Coastal Wire" for c in coastal["claims"])
    disputed = client.get("/api/claims?disputed=1").json()["claims"]
    assert disputed and all(c["disputed"] for c in disputed)


def test_stories_are_read_when_the_situation_has_them(tmp_path):
    s = small()
    assert client_for(s, tmp_path).get("/api/stories").json() == {"count": 0, "filters": {}, "stories": []}
    s["stories"] = [{"id": "sto_kutum", "title": ["Kutum", "siege"], "articles": [a["id"] for a in s["articles"]],
                     "incidents": ["inc_ambush", "inc_assault"], "date_range": ["2024-03-10", "2024-03-11"]}]
    c = client_for(s, tmp_path)
    assert c.get("/api/stories?type=Battles").json()["count"] == 1
    assert c.get("/api/stories?type=Explosions/Remote violence").json()["count"] == 0
    page = c.get("/stories/sto_kutum").text
    assert "Kutum siege" in page and "2024-03-10 – 2024-03-11" in page and page.count("/incidents/inc_") == 2
    assert '/stories/sto_kutum' in c.get("/").text


def test_the_map_redraws_any_box_for_zooming(client):
    r = client.get("/map/0.svg?bbox=24.5,14.0,24.9,14.4&width=600&type=Battles")
    assert r.status_code == 200 and r.headers["content-type"].startswith("image/svg+xml")
    svg = r.text
    assert svg.startswith("<svg") and 'data-bbox="24.5 14.0 24.9 14.4"' in svg
    assert svg.count('class="inc"') == 2  # the two battles at Kutum; the air strike is filtered out
    assert client.get("/map/0.svg?bbox=nonsense").status_code == 400


# ---- the real store of the examples, and a second process ingesting into it ------------------

@pytest.fixture(scope="module")
def examples_store(tmp_path_factory, resources):
    from sitrep.pipeline import ingest

    db = tmp_path_factory.mktemp("web") / "sitrep.db"
    files = sorted(p for p in EXAMPLES.iterdir() if p.name not in ("README.md", "gold.json", "manifest.json"))
    held_back = files[-1]  # ingested later, by another process, while the app serves
    ingest([str(p) for p in files[:-1]], Store(str(db)), manifest=str(EXAMPLES / "manifest.json"), resources=resources)
    return db, held_back


def test_serving_the_examples_store_matches_its_situation_and_sees_a_new_ingest(examples_store, monkeypatch):
    from sitrep.pipeline import situation
    from sitrep.present.web import live as live_module

    monkeypatch.setattr(live_module, "POLL_SECONDS", 0.0)
    db, held_back = examples_store
    live = open_live(str(db))
    c = TestClient(create_app(live, allowed_hosts=["127.0.0.1"]), base_url="http://127.0.0.1")
    expected = situation(Store(str(db)))
    before = c.get("/api/incidents").json()
    assert before["count"] == len(expected["incidents"]) > 0
    assert {i["id"] for i in before["incidents"]} == {i["id"] for i in expected["incidents"]}
    status = c.get("/api/status").json()
    home = c.get("/")
    assert "default-src 'none'" in home.headers["content-security-policy"] and not EXTERNAL.search(home.text)

    run = subprocess.run([sys.executable, "-c", "from sitrep.cli import app; app()", "ingest", str(held_back), "--db", str(db),
                          "--manifest", str(EXAMPLES / "manifest.json")],
                         capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    after = c.get("/api/status").json()
    assert after["articles"] == status["articles"] + 1 and after["version"] != status["version"]
    now = situation(Store(str(db)))
    assert c.get("/api/incidents").json()["count"] == len(now["incidents"])
    assert f"{after['articles']} articles" in c.get("/").text


def test_serve_refuses_a_store_that_does_not_exist(tmp_path):
    from sitrep.errors import SitrepError

    with pytest.raises(SitrepError, match="no store at .*missing.db; ingest reports first"):
        open_live(str(tmp_path / "missing.db"))
    assert not (tmp_path / "missing.db").exists()  # serving never creates a store
