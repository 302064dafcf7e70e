"""NearDuplicateIndex: a reprint of a story under another site's furniture is found as a
near-duplicate of the original; a different report on the same event is not."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitrep.clean import clean
from sitrep.ingest import read_inputs
from sitrep.ingest.dedup import NearDuplicateIndex, shingles

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ingest"


def _body(name: str) -> tuple[str, str]:
    [article] = read_inputs([str(FIXTURES / name)])
    cleaned = clean(article)
    return cleaned.id, cleaned.body_text()


@pytest.fixture(scope="module")
def index() -> NearDuplicateIndex:
    found = NearDuplicateIndex()
    found.add(*_body("dedup_original.txt"))
    return found


def test_reprint_with_other_furniture_is_a_near_duplicate(index):
    original_id, _ = _body("dedup_original.txt")
    reprint_id, reprint_body = _body("dedup_reprint.txt")
    assert reprint_id != original_id  # different texts as read ...
    assert index.find(reprint_body) == original_id  # ... of the same story


def test_other_report_of_the_same_event_is_not_a_duplicate(index):
    _, other_body = _body("dedup_same_topic.txt")
    assert index.find(other_body) is None


def test_the_earliest_added_original_is_returned():
    text = (FIXTURES / "dedup_original.txt").read_text()
    index = NearDuplicateIndex()
    index.add("a_first", text)
    index.add("a_second", text + "\nOne more closing line from a mirror site.")
    index.add("a_first", "an entirely different text added again under the same id is ignored")
    assert index.find(text) == "a_first" and len(index) == 2


def test_empty_and_wordless_texts_match_nothing():
    index = NearDuplicateIndex()
    index.add("a_empty", "   ")
    assert len(index) == 0
    assert index.find("") is None and index.find("— … —") is None


def test_short_texts_are_one_shingle():
    assert shingles("Two words") == {"two words"}
    assert len(shingles("one two three four five six")) == 2


def test_signatures_are_deterministic():
    text = (FIXTURES / "dedup_same_topic.txt").read_text()
    a, b = NearDuplicateIndex(), NearDuplicateIndex()
    a.add("x", text)
    b.add("x", text)
    assert a.find(text) == b.find(text) == "x"
    assert (a._signatures["x"].hashvalues == b._signatures["x"].hashvalues).all()


def test_pipeline_style_use_marks_only_the_reprint():
    """The pipeline's loop: find an earlier near-duplicate, then add; only the reprint is marked."""
    index = NearDuplicateIndex()
    marks = {}
    for name in ("dedup_original.txt", "dedup_same_topic.txt", "dedup_reprint.txt"):
        article_id, body = _body(name)
        marks[name] = index.find(body)
        index.add(article_id, body)
    assert marks["dedup_original.txt"] is None and marks["dedup_same_topic.txt"] is None
    assert marks["dedup_reprint.txt"] == _body("dedup_original.txt")[0]


def test_bundled_examples_reprint_is_found_and_nothing_else():
    """examples/ (fiction written for sitrep): 02 reprints 01 inside another site's page."""
    examples = Path(__file__).resolve().parents[1] / "examples"
    if not (examples / "manifest.json").is_file():
        pytest.skip("examples/ is absent")
    index, found = NearDuplicateIndex(), {}
    for item in read_inputs([str(examples)]):
        if not hasattr(item, "text"):
            continue
        cleaned = clean(item)
        found[Path(cleaned.source).name[:2]] = index.find(cleaned.body_text())
        index.add(cleaned.id, cleaned.body_text())
    first = next(a for a in read_inputs([str(examples / "01_meridian_wire_fasher_market.txt")]))
    assert found.pop("02") == first.id
    assert all(v is None for v in found.values()), found


def test_a_cut_reprint_is_a_duplicate_but_a_story_that_quotes_and_goes_on_is_not():
    original_id, original = _body("dedup_original.txt")
    _, other = _body("dedup_same_topic.txt")
    paragraphs = [p for p in original.split("\n") if len(p.split()) > 20]
    index = NearDuplicateIndex()
    index.add(original_id, original)
    cut = "\n\n".join(paragraphs[:3])  # a site that kept only the first three paragraphs
    assert index.find(cut) == original_id
    quoting = "\n\n".join([other, paragraphs[0], other.replace("the", "a")])  # quotes one paragraph, says more
    assert index.find(quoting) is None
    assert index.find(" ".join(paragraphs[0].split()[:12])) is None  # one shared sentence is no copy
