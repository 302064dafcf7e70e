"""Fuzzing every reader through `read_inputs`, the one entry point: random bytes under every
extension, truncated and corrupted real documents, huge lines, deep nesting. Whatever comes in,
no exception escapes and every input is either read (an Article with text) or reported (a Skip
with a one-line reason); nothing else is yielded."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitrep.ingest import Notice, read_inputs
from sitrep.model import Article, Skip

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ingest"
EXTENSIONS = ["", ".txt", ".html", ".htm", ".xml", ".rss", ".atom", ".json", ".jsonl", ".md"]
DOCUMENTS = {  # real documents of every format, to cut and corrupt
    ".rss": (FIXTURES / "feed.rss").read_bytes(),
    ".atom": (FIXTURES / "feed.atom").read_bytes(),
    ".html": (FIXTURES / "page.html").read_bytes(),
    ".jsonl": (FIXTURES / "articles.jsonl").read_bytes(),
    ".json": json.dumps({"articles": [{"text": "Aid reached the town.", "published": "2024-01-02"}] * 3}).encode(),
    ".txt": (FIXTURES / "note_one.txt").read_bytes(),
}
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def read_file(name: str, data: bytes, max_bytes: int = 10_000_000) -> list:
    """Everything read_inputs yields for one file written with these bytes."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        items = list(read_inputs([str(path)], max_bytes=max_bytes))
        assert_read_or_reported(items, str(path))
    return items


def assert_read_or_reported(items: list, path: str) -> None:
    assert items, "an input must be read or reported, never silently dropped"
    for item in items:
        assert isinstance(item, (Article, Skip, Notice)), item
        if isinstance(item, Article):
            assert item.text.strip() and item.source.startswith(path)
            assert item.id == Article.from_text(item.text).id
        elif isinstance(item, Skip):
            assert item.input.startswith(path) and item.reason and "\n" not in item.reason
        else:
            assert item.message and "\n" not in item.message
    assert any(isinstance(i, (Article, Skip)) for i in items)


@FUZZ
@given(data=st.binary(max_size=4000), ext=st.sampled_from(EXTENSIONS))
def test_random_bytes_under_every_extension(data, ext):
    read_file("input" + ext, data)


@FUZZ
@given(text=st.text(max_size=3000), ext=st.sampled_from(EXTENSIONS))
def test_random_text_under_every_extension(text, ext):
    read_file("input" + ext, text.encode("utf-8", errors="surrogatepass").decode("utf-8", "replace").encode())


@FUZZ
@given(ext=st.sampled_from(sorted(DOCUMENTS)), cut=st.floats(0, 1), noise=st.binary(max_size=40),
       at=st.floats(0, 1))
def test_truncated_and_corrupted_documents(ext, cut, noise, at):
    doc = DOCUMENTS[ext]
    doc = doc[:int(len(doc) * cut)]
    split = int(len(doc) * at)
    read_file("doc" + ext, doc[:split] + noise + doc[split:])


@pytest.mark.parametrize("depth", [50, 5_000, 200_000])
@pytest.mark.parametrize("ext, open_, close, inner", [
    (".html", "<div>", "</div>", "Aid reached the town on Monday."),
    (".xml", "<item>", "</item>", "x"),
    (".rss", "<rss><channel><item>", "</item></channel></rss>", "<description>Aid reached the town.</description>"),
    (".json", '{"a":', "}", '{"text": "Aid reached the town."}'),
    (".jsonl", "[", "]", "1"),
])
def test_deep_nesting(depth, ext, open_, close, inner):
    nested = (open_ * depth + inner + close * depth).encode()
    read_file("deep" + ext, nested)


@pytest.mark.parametrize("ext", [".txt", ".html", ".jsonl", ".json", ".rss"])
def test_huge_single_line(ext):
    line = ("Shelling hit the town " * 150_000).encode()  # 3.3 MB, no newline
    if ext == ".jsonl":
        line = json.dumps({"text": line.decode()}).encode()
    items = read_file("huge" + ext, line)
    assert any(isinstance(i, Article) for i in items) or all("\n" not in i.reason for i in items if isinstance(i, Skip))
    capped = read_file("huge" + ext, line, max_bytes=1_000_000)  # over the cap: reported, not read
    assert not any(isinstance(i, Article) for i in capped)
