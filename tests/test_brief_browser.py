"""brief.html in a real browser: it renders, and it asks for nothing outside file://.

Needs /usr/bin/chromium (Debian package `chromium`); skipped with the reason when it is absent.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from sitrep.present.brief import write_brief

from .test_brief import PAYLOAD, small

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage"]

pytestmark = pytest.mark.skipif(not CHROMIUM.exists() and not shutil.which("chromium"),
                                reason="chromium is not installed (apt-get install chromium); the browser test needs it")


def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    exe = str(CHROMIUM) if CHROMIUM.exists() else shutil.which("chromium")
    cmd = [exe, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, cwd=tmp_path)


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> Path:
    s = small()
    s["incidents"][0]["summary"] = PAYLOAD  # untrusted text must stay text in the browser too
    _, html = write_brief(s, tmp_path_factory.mktemp("brief"))
    return html


def test_the_brief_renders_to_a_non_trivial_screenshot(page, tmp_path):
    shot = tmp_path / "brief.png"
    _chromium(tmp_path, "--window-size=1280,2400", f"--screenshot={shot}", page.as_uri())
    assert shot.exists(), "chromium wrote no screenshot"
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 40_000  # a blank page compresses to a few kB


def test_the_rendered_page_references_nothing_outside_the_file(page, tmp_path):
    run = _chromium(tmp_path, "--dump-dom", "--virtual-time-budget=2000", page.as_uri())
    dom = run.stdout
    assert "Situation brief" in dom and "who controls Kutum" in dom
    assert not re.search(r"""(src|href|action|poster|data)\s*=\s*["']?\s*(https?:|//)""", dom, re.I)
    assert "<script>alert" not in dom and "<img" not in dom  # the payload stayed text
    assert "default-src 'none'" in dom  # the browser itself blocks any request the page might try
    # the page's script ran: it parsed every evidence snippet from the JSON block
    listed = len(re.findall(r'<li id="e\d+">', dom))
    assert listed > 5 and f'data-evidence="{listed}"' in dom
