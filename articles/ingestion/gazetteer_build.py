"""Assemble Places from the sources in gazetteer_sources.py."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from articles.ingestion import gazetteer_cities as cities_src
from articles.ingestion import gazetteer_sources as src
from articles.ingestion.gazetteer import Gazetteer, Place


class _Builder:
    """Collects places in hierarchy order and hands out unique slugs."""

    def __init__(self) -> None:
        self.places: dict[str, Place] = {}
        self.slugs: set[str] = set()
        self.demonyms: dict[str, tuple[str, ...]] = {}
        self.capitals: set[str] = set()

    def slug(self, *candidates: str) -> str:
        for candidate in candidates:
            if candidate and candidate not in self.slugs:
                self.slugs.add(candidate)
                return candidate
        raise ValueError(f"no free slug among {candidates}")

    def add(self, place: Place, demonyms: Iterable[str] = ()) -> None:
        self.places[place.key] = place
        forms = src.with_plurals(demonyms)
        if forms:
            self.demonyms[place.key] = forms


def _place(**fields: Any) -> Place:
    defaults = dict.fromkeys(
        ("iso2", "iso3", "geonames_id", "country_code", "latitude", "longitude", "population")
    )
    return Place(**{**defaults, "alternative_names": (), **fields})


def build_gazetteer() -> Gazetteer:
    """Every place, parents before children."""
    builder = _Builder()
    countries = src.countries()
    territories = {t["iso2"]: t for t in src.curated()["territories"] if t.get("iso2")}
    continent_names = _add_continents(builder)
    subregions = _add_subregions(builder, countries, continent_names)
    _add_countries(builder, countries, territories, subregions)
    _add_territories(builder, subregions)
    admin_keys = _add_admin_areas(builder)
    _add_cities(builder, countries, admin_keys)
    return Gazetteer(
        places=builder.places, demonyms=builder.demonyms, capitals=frozenset(builder.capitals)
    )


def _add_continents(builder: _Builder) -> dict[str, str]:
    region_names = src.curated()["region_names"]
    names = {}
    for raw in src.continents():
        key = f"continent:{raw['code']}"
        names[raw["name"]] = key
        builder.add(
            _place(
                key=key,
                name=raw["name"],
                slug=builder.slug(src.slugify(raw["name"])),
                kind="continent",
                parent_key=None,
                geonames_id=raw["geonameid"],
                latitude=raw["lat"],
                longitude=raw["lon"],
                population=raw["population"],
                alternative_names=tuple(region_names.get(raw["name"]) or ()),
            )
        )
    return names


def _add_subregions(
    builder: _Builder, countries: list[dict[str, Any]], continent_names: dict[str, str]
) -> dict[str, str]:
    """UN subregions; returns subregion name -> key (or continent key when the names
    coincide, as "South America" does, so no level repeats itself)."""
    votes: dict[str, Counter[str]] = {}
    for country in countries:
        if country["subregion"]:
            votes.setdefault(country["subregion"], Counter())[country["continent"]] += 1
    region_names = src.curated()["region_names"]
    keys = {}
    for name in sorted(votes):
        if name in continent_names:
            keys[name] = continent_names[name]
            continue
        slug = src.slugify(name)
        keys[name] = f"subregion:{slug}"
        continent = votes[name].most_common(1)[0][0]
        builder.add(
            _place(
                key=keys[name],
                name=name,
                slug=builder.slug(slug, f"{slug}-region"),
                kind="subregion",
                parent_key=f"continent:{continent}",
                alternative_names=tuple(region_names.get(name) or ()),
            )
        )
    return keys


def _add_countries(
    builder: _Builder,
    countries: list[dict[str, Any]],
    territories: dict[str, dict[str, Any]],
    subregions: dict[str, str],
) -> None:
    for raw in countries:
        iso = raw["iso2"]
        parent = subregions.get(raw["subregion"]) or f"continent:{raw['continent']}"
        if iso in territories:
            _add_territory(builder, territories[iso], parent, raw)
            continue
        builder.add(
            _place(
                key=f"country:{iso}",
                name=raw["name"],
                slug=builder.slug(
                    src.slugify(raw["name"]), f"{src.slugify(raw['name'])}-{iso.lower()}"
                ),
                kind="country",
                parent_key=parent,
                iso2=iso,
                iso3=raw["iso3"],
                geonames_id=raw["geonameid"],
                country_code=iso,
                population=raw["population"],
                alternative_names=src.unique_names(
                    raw["name"], [raw["geonames_name"], *raw["names"]]
                ),
            ),
            raw["demonyms"],
        )


def _add_territories(builder: _Builder, subregions: dict[str, str]) -> None:
    """Territories without an ISO code of their own (those with one come with countries)."""
    for raw in src.curated()["territories"]:
        if not raw.get("iso2"):
            _add_territory(builder, raw, subregions[raw["subregion"]], None)


def _add_territory(
    builder: _Builder, raw: dict[str, Any], parent: str, country: dict[str, Any] | None
) -> None:
    names = [*(raw.get("names") or [])]
    if country:
        names += [country["geonames_name"], *country["names"]]
    builder.add(
        _place(
            key=f"territory:{raw['slug']}",
            name=raw["name"],
            slug=builder.slug(raw["slug"]),
            kind="territory",
            parent_key=parent,
            iso2=raw.get("iso2"),
            iso3=country["iso3"] if country else None,
            geonames_id=country["geonameid"] if country else None,
            country_code=raw.get("iso2"),
            latitude=raw.get("lat"),
            longitude=raw.get("lon"),
            population=country["population"] if country else None,
            alternative_names=src.unique_names(raw["name"], names),
            claimants=tuple(f"country:{iso}" for iso in raw["claimants"]),
        ),
        raw.get("demonyms") or (),
    )


def _add_admin_areas(builder: _Builder) -> dict[tuple[str, str], str]:
    """US states and curated areas; returns (country, GeoNames admin1) -> key."""
    keys = {}
    for raw in [*src.us_states(), *src.other_admin_areas()]:
        iso = raw["code"][:2]
        key = f"admin_area:{raw['code']}"
        slug = src.slugify(raw["name"])
        builder.add(
            _place(
                key=key,
                name=raw["name"],
                slug=builder.slug(slug, f"{slug}-{iso.lower()}", src.slugify(raw["code"])),
                kind="admin_area",
                parent_key=f"country:{iso}",
                geonames_id=raw["geonameid"],
                country_code=iso,
                alternative_names=src.unique_names(raw["name"], raw["names"]),
            ),
            raw["demonyms"],
        )
        if raw["admin1"]:
            keys[(iso, raw["admin1"])] = key
    return keys


def _add_cities(
    builder: _Builder, countries: list[dict[str, Any]], admin_keys: dict[tuple[str, str], str]
) -> None:
    country_keys = {
        p.country_code: p.key
        for p in builder.places.values()
        if p.kind in ("country", "territory") and p.country_code
    }
    capitals = {c["iso2"]: c["capital"] for c in countries if c["capital"]}
    for raw in cities_src.cities(capitals):
        iso = raw["countrycode"]
        if iso not in country_keys:
            continue
        parent = admin_keys.get((iso, raw["admin1code"])) or country_keys[iso]
        city = _city(builder, raw, parent)
        builder.add(city)
        if raw["is_capital"]:
            builder.capitals.add(city.key)


def _city(builder: _Builder, raw: dict[str, Any], parent: str) -> Place:
    iso = raw["countrycode"]
    slug = src.slugify(raw["name"]) or str(raw["geonameid"])
    admin = src.slugify(raw["admin1code"] or "")
    return _place(
        key=f"city:{raw['geonameid']}",
        name=raw["name"],
        slug=builder.slug(
            slug,
            f"{slug}-{iso.lower()}",
            f"{slug}-{iso.lower()}-{admin}",
            f"{slug}-{raw['geonameid']}",
        ),
        kind="city",
        parent_key=parent,
        geonames_id=raw["geonameid"],
        country_code=iso,
        latitude=raw["latitude"],
        longitude=raw["longitude"],
        population=raw["population"],
        alternative_names=tuple(raw["alternatives"]),
    )
