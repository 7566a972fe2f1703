import pytest

from articles.gazetteer_sync import sync_regions
from articles.ingestion.gazetteer import load_gazetteer
from articles.models import Region

pytestmark = pytest.mark.django_db


def test_full_gazetteer_loads_once_and_then_changes_nothing():
    gazetteer = load_gazetteer()
    first = sync_regions(gazetteer)
    assert first.created == len(gazetteer.places) == Region.objects.count()
    second = sync_regions(gazetteer)
    assert (second.created, second.updated, second.unchanged) == (0, 0, len(gazetteer.places))
    kinds = set(Region.objects.values_list("kind", flat=True))
    assert kinds == {"continent", "subregion", "country", "territory", "admin_area", "city"}
    yerevan = Region.objects.get(slug="yerevan")
    assert yerevan.path == "/asia/western-asia/armenia/yerevan/"
    assert [region.slug for region in yerevan.ancestors()] == ["asia", "western-asia", "armenia"]


def test_partial_sync_brings_ancestors_and_claimants():
    gazetteer = load_gazetteer()
    karabakh = next(p for p in gazetteer.places.values() if p.slug == "nagorno-karabakh")
    sync_regions(gazetteer, only=[karabakh.key])
    assert set(Region.objects.values_list("slug", flat=True)) == {
        "asia", "western-asia", "nagorno-karabakh", "azerbaijan"
    }  # fmt: skip
    territory = Region.objects.get(slug="nagorno-karabakh")
    assert list(territory.claimants.values_list("slug", flat=True)) == ["azerbaijan"]


def test_gazetteer_changes_are_applied_by_key():
    gazetteer = load_gazetteer()
    armenia = next(p for p in gazetteer.places.values() if p.slug == "armenia")
    sync_regions(gazetteer, only=[armenia.key])
    Region.objects.filter(slug="armenia").update(name="Old name", population=1)
    result = sync_regions(gazetteer, only=[armenia.key])
    assert result.updated == 1
    assert Region.objects.get(slug="armenia").name == "Armenia"
