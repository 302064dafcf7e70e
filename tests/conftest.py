"""Shared fixtures. The seeds and their gold live outside the repository (../shared); tests that need
them skip with a clear reason when that folder is absent."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"
GOLD = SHARED / "gold" / "seeds.gold.json"
EXAMPLES = REPO / "examples"


def need_seeds() -> Path:
    if not (SEEDS / "manifest.json").exists():
        pytest.skip(f"the seed articles are not at {SEEDS} (they live in ../shared/seeds, outside the repo)")
    return SEEDS


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return need_seeds()


@pytest.fixture(scope="session")
def gold() -> dict:
    if not GOLD.exists():
        pytest.skip(f"the gold file is not at {GOLD} (it lives in ../shared/gold, outside the repo)")
    return json.loads(GOLD.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def nlp():
    from sitrep.nlp.load import load_nlp

    return load_nlp()  # the packaged model, cached per process


@pytest.fixture(scope="session")
def actors():
    """The actor lexicon, as the pipeline passes it (kinds of organisations, canonical names)."""
    from sitrep.actors import ActorLexicon

    return ActorLexicon.load()


@pytest.fixture(scope="session")
def resources():
    from sitrep.pipeline import Resources

    return Resources.load()


@pytest.fixture(scope="session")
def seeds_situation(seeds_dir, tmp_path_factory) -> dict:
    """The whole pipeline on the seeds, once per test session."""
    from sitrep.pipeline import run_situation

    return run_situation([str(seeds_dir)], db=str(tmp_path_factory.mktemp("seeds") / "sitrep.db"))


@pytest.fixture(scope="session")
def examples_situation(tmp_path_factory) -> dict:
    from sitrep.pipeline import run_situation

    if not any(EXAMPLES.glob("*")):
        pytest.fail("examples/ is empty: `make run` has nothing to read")
    return run_situation([str(EXAMPLES)], db=str(tmp_path_factory.mktemp("examples") / "sitrep.db"))
