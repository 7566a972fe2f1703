"""The gazetteer: hierarchy, disputed territories, keys and slugs."""

from __future__ import annotations

import gc
import re
import time
from collections import Counter

import pytest

from articles.ingestion import gazetteer as gazetteer_module
from articles.ingestion.gazetteer import Gazetteer, load_gazetteer
from articles.ingestion.gazetteer_cache import cached_json
from articles.ingestion.gazetteer_sources import us_counties

YEREVAN = "city:616052"
BAKU = "city:587084"
ATLANTA = "city:4180439"


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


def test_yerevan_sits_under_armenia_western_asia_and_asia(gaz):
    names = [p.key for p in gaz.ancestors(YEREVAN)]
    assert names == ["country:AM", "subregion:western-asia", "continent:AS"]
    assert gaz.get(YEREVAN).name == "Yerevan"
    assert gaz.get("subregion:western-asia").name == "Western Asia"


def test_nagorno_karabakh_is_a_territory_claimed_by_azerbaijan(gaz):
    place = gaz.get("territory:nagorno-karabakh")
    assert place.kind == "territory"
    assert place.claimants == ("country:AZ",)
    assert place.country_code is None
    assert gaz.country_of(place.key) is None
    assert "Artsakh" in place.alternative_names
    assert place.parent_key == "subregion:western-asia"


def test_kosovo_has_its_own_code_and_serbia_claims_it(gaz):
    place = gaz.get("territory:kosovo")
    assert (place.kind, place.iso2, place.country_code) == ("territory", "XK", "XK")
    assert place.claimants == ("country:RS",)
    assert gaz.get("country:XK") is None


@pytest.mark.parametrize(
    ("key", "claimants", "code"),
    [
        ("territory:taiwan", ("country:CN",), "TW"),
        ("territory:crimea", ("country:UA", "country:RU"), None),
        ("territory:western-sahara", ("country:MA",), "EH"),
        ("territory:palestine", ("country:IL",), "PS"),
        ("territory:abkhazia", ("country:GE",), None),
        ("territory:northern-cyprus", ("country:CY",), None),
    ],
)
def test_disputed_territories_record_their_claimants(gaz, key, claimants, code):
    place = gaz.get(key)
    assert place.claimants == claimants
    assert place.country_code == code
    assert all(gaz.get(c).kind == "country" for c in place.claimants)


def test_every_parent_exists_and_comes_first(gaz):
    seen: set[str] = set()
    for key, place in gaz.places.items():
        assert place.key == key
        assert place.parent_key is None or place.parent_key in seen
        seen.add(key)


def test_slugs_are_unique_and_url_safe(gaz):
    slugs = [p.slug for p in gaz.places.values()]
    assert len(slugs) == len(set(slugs))
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", s) for s in slugs)


def test_georgia_the_country_and_the_state_get_distinct_slugs(gaz):
    assert gaz.get("country:GE").slug == "georgia"
    assert gaz.get("admin_area:US-GA").slug == "georgia-us"
    assert gaz.get("admin_area:US-GA").parent_key == "country:US"


def test_country_of_a_city_is_its_country(gaz):
    assert gaz.country_of(BAKU) == "AZ"
    assert gaz.country_of(ATLANTA) == "US"
    assert gaz.get(ATLANTA).parent_key == "admin_area:US-GA"
    assert gaz.country_of("country:AM") == "AM"
    assert gaz.country_of("continent:AS") is None
    assert gaz.country_of("admin_area:US-GA") == "US"


def test_capitals_are_cities_of_their_country(gaz):
    assert BAKU in gaz.capitals
    assert YEREVAN in gaz.capitals
    assert all(gaz.get(k).kind == "city" for k in gaz.capitals)


def test_kinds_are_all_present_and_the_size_is_bounded(gaz):
    kinds = Counter(p.kind for p in gaz.places.values())
    assert set(kinds) == {"continent", "subregion", "country", "territory", "admin_area", "city"}
    assert kinds["continent"] == 7
    assert kinds["admin_area"] >= 51  # every US state and DC, at least
    assert len(gaz.places) < 15_000


def test_alternative_names_are_latin_and_bounded(gaz):
    for place in gaz.places.values():
        assert len(place.alternative_names) <= 12
        assert place.name not in place.alternative_names


def test_demonyms_include_plurals(gaz):
    assert {"Armenian", "Armenians"} <= set(gaz.demonyms["country:AM"])
    assert "Britons" in gaz.demonyms["country:GB"]


def test_gazetteer_builds_quickly():
    started = time.perf_counter()
    gazetteer_module.load_gazetteer.__wrapped__()
    assert time.perf_counter() - started < 2.0


def test_building_leaves_the_garbage_collector_running():
    gazetteer_module.load_gazetteer.__wrapped__()
    assert gc.isenabled()


def test_us_counties_know_their_states():
    counties = us_counties()
    assert counties["Cuyahoga County"] == {"OH"}
    assert counties["Suffolk County"] == {"MA", "NY"}
    assert "Orleans Parish" in counties


def test_cached_tables_are_reused_until_an_input_changes(tmp_path, monkeypatch):
    monkeypatch.setenv("GAZETTEER_CACHE_DIR", str(tmp_path / "cache"))
    source = tmp_path / "source.txt"
    source.write_text("one")
    calls = []

    def compute():
        calls.append(1)
        return {"Dundalk": {"IE": 39004, "US": 63597}}

    first = cached_json("table", (source, 1), compute)
    assert cached_json("table", (source, 1), compute) == first
    assert len(calls) == 1
    source.write_text("changed")
    cached_json("table", (source, 1), compute)
    cached_json("table", (source, 2), compute)
    assert len(calls) == 3


def test_the_cache_can_be_turned_off(tmp_path, monkeypatch):
    monkeypatch.setenv("GAZETTEER_CACHE_DIR", "")
    calls = []
    for _ in range(2):
        cached_json("table", (), lambda: calls.append(1) or [1])
    assert len(calls) == 2


def test_a_damaged_cache_file_is_computed_again(tmp_path, monkeypatch):
    monkeypatch.setenv("GAZETTEER_CACHE_DIR", str(tmp_path))
    cached_json("table", (), lambda: [1, 2])
    for path in tmp_path.glob("table-*.json"):
        path.write_text("{not json")
    assert cached_json("table", (), lambda: [3]) == [3]
