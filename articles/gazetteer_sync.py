"""Keep the Region table in step with the gazetteer, by gazetteer key."""

from dataclasses import dataclass

from django.db import transaction

from .freshness import mark_changed
from .ingestion.gazetteer import Gazetteer, Place
from .models import Region

SYNCED_FIELDS = [
    "name", "slug", "kind", "iso2", "iso3", "country_code", "geonames_id", "latitude",
    "longitude", "population", "alternative_names", "parent_id", "path",
]  # fmt: skip


@dataclass(frozen=True)
class SyncResult:
    created: int
    updated: int
    unchanged: int


@transaction.atomic
def sync_regions(gazetteer: Gazetteer, only=None) -> SyncResult:
    """Create or update a Region for every place (or only for the keys in `only`, with
    what they need: ancestors and claimants); parents are written before children.

    Idempotent: running it again changes nothing unless the gazetteer did. Regions that
    the gazetteer no longer has are kept, since articles may be tagged with them.
    """
    places = _closure(gazetteer, only) if only is not None else list(gazetteer.places.values())
    by_key = {region.key: region for region in Region.objects.all()}
    created = updated = 0
    for level in _levels(places):
        new = []
        for place in level:
            region = by_key.get(place.key)
            values = _values(place, by_key.get(place.parent_key) if place.parent_key else None)
            if region is None:
                region = Region(key=place.key, **values)
                new.append(region)
                by_key[place.key] = region
            elif _changed(region, values):
                for name, value in values.items():
                    setattr(region, name, value)
                region.save(update_fields=SYNCED_FIELDS)
                updated += 1
        if new:
            # Another process may be adding the same places (two ingests naming a region not
            # loaded yet): skip rows it already wrote, then read back every row's key.
            Region.objects.bulk_create(new, batch_size=1000, ignore_conflicts=True)
            stored = Region.objects.filter(key__in=[region.key for region in new])
            by_key.update({region.key: region for region in stored})
            created += len(new)
    _sync_claimants(places, by_key)
    if created:
        mark_changed()  # bulk inserts send no signals
    return SyncResult(created, updated, len(places) - created - updated)


def _closure(gazetteer: Gazetteer, keys) -> list[Place]:
    """The places named, their claimants, and every ancestor of those, parents first."""
    wanted = set()
    pending = [key for key in keys if key in gazetteer.places]
    while pending:
        place = gazetteer.places[pending.pop()]
        if place.key not in wanted:
            wanted.add(place.key)
            pending.extend(place.claimants)
            pending.extend([place.parent_key] if place.parent_key else [])
    return [place for key, place in gazetteer.places.items() if key in wanted]


def _levels(places: list[Place]):
    """Places grouped by depth, so each group's parents already have primary keys."""
    depth = {}
    for place in places:  # parents come first
        depth[place.key] = depth.get(place.parent_key, -1) + 1 if place.parent_key else 0
    for level in range(max(depth.values(), default=-1) + 1):
        yield [place for place in places if depth[place.key] == level]


def _values(place: Place, parent: Region | None) -> dict:
    return {
        "name": place.name,
        "slug": place.slug,
        "kind": place.kind,
        "iso2": place.iso2,
        "iso3": place.iso3,
        "country_code": place.country_code or "",
        "geonames_id": place.geonames_id,
        "latitude": place.latitude,
        "longitude": place.longitude,
        "population": place.population,
        "alternative_names": list(place.alternative_names),
        "parent_id": parent.pk if parent else None,
        "path": Region.path_below(parent, place.slug),
    }


def _changed(region: Region, values: dict) -> bool:
    return any(getattr(region, name) != value for name, value in values.items())


def _sync_claimants(places: list[Place], by_key: dict[str, Region]) -> None:
    through = Region.claimants.through
    wanted = {
        (by_key[place.key].pk, by_key[claimant].pk)
        for place in places
        for claimant in place.claimants
    }
    present = set(through.objects.values_list("from_region_id", "to_region_id"))
    through.objects.bulk_create(
        [through(from_region_id=a, to_region_id=b) for a, b in wanted - present],
        ignore_conflicts=True,
    )


def regions_for(gazetteer: Gazetteer, keys) -> dict[str, Region]:
    """The Region rows for these gazetteer keys, creating any that are not loaded yet."""
    keys = set(keys)
    found = {region.key: region for region in Region.objects.filter(key__in=keys)}
    missing = keys - set(found)
    if missing:
        sync_regions(gazetteer, only=missing)
        found.update({region.key: region for region in Region.objects.filter(key__in=missing)})
    return found
