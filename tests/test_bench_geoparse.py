"""bench/geoparse.py's judge: what counts as the right place (the numbers it prints rest on it)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench" / "geoparse.py"


@pytest.fixture(scope="module")
def geoparse():
    spec = importlib.util.spec_from_file_location("bench_geoparse", BENCH)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # its dataclasses look their module up
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def judge(geoparse):
    return geoparse.Judge()


def ref(kind, lat, lon, gid=None, cc=None):
    return SimpleNamespace(kind=kind, lat=lat, lon=lon, gazetteer_id=gid, country_code=cc, id="x", name="x")


def test_a_region_with_another_geonames_id_is_wrong_even_nearby(geoparse, judge):
    # invented ids: the gold names one sea, the reading another whose point lies 50 km away
    gold = geoparse.Gold(0, 5, "Wide", 10.0, -25.0, gid="9000001")
    assert judge.right(gold, ref("region", 10.0, -24.55, gid="9000002"))[0] is False


def test_a_region_with_the_gold_id_is_right_however_far_its_point(geoparse, judge):
    gold = geoparse.Gold(0, 5, "Wide", 10.0, -25.0, gid="9000001")
    ok, err = judge.right(gold, ref("region", 40.0, -40.0, gid="9000001"))
    assert ok is True and err > 1000


def test_a_region_without_an_id_is_judged_by_distance(geoparse, judge):
    gold = geoparse.Gold(0, 5, "Wide", 10.0, -25.0, gid="9000001")
    assert judge.right(gold, ref("region", 10.0, -24.55))[0] is True
    assert judge.right(gold, ref("region", 14.0, -25.0))[0] is False


def test_a_town_with_another_id_is_still_right_within_161_km(geoparse, judge):
    gold = geoparse.Gold(0, 5, "Dale", 10.0, -25.0, gid="9000001")
    assert judge.right(gold, ref("town", 10.0, -24.55, gid="9000002"))[0] is True
