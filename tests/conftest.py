import pytest
from django.contrib.auth.models import Permission, User
from django.core.cache import cache
from rest_framework.test import APIClient

from articles.models import ApiToken
from tests.factories import RegionFactory


@pytest.fixture(autouse=True)
def empty_cache():
    """Throttle counters and cached responses must not leak from one test into the next."""
    cache.clear()


@pytest.fixture
def api():
    return APIClient()


def client_with_token(username, *, permissions=(), **user_fields):
    user = User.objects.create(username=username, **user_fields)
    user.user_permissions.add(*Permission.objects.filter(codename__in=permissions))
    _, raw = ApiToken.issue(user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


@pytest.fixture
def editor(db):
    """A client whose token may write articles."""
    return client_with_token(
        "editor", permissions=["add_article", "change_article", "delete_article"]
    )


@pytest.fixture
def reader(db):
    """A client with a valid token but no write permission."""
    return client_with_token("reader")


@pytest.fixture
def world(db):
    """A small region tree: Asia > Western Asia > Armenia > Yerevan, Azerbaijan > Baku,
    Nagorno-Karabakh claimed by Azerbaijan; Europe > Eastern Europe > Russia > Moscow."""
    asia = RegionFactory(name="Asia", kind="continent")
    western_asia = RegionFactory(name="Western Asia", kind="subregion", parent=asia)
    armenia = RegionFactory(name="Armenia", iso2="AM", iso3="ARM", country_code="AM",
                            parent=western_asia)  # fmt: skip
    azerbaijan = RegionFactory(name="Azerbaijan", iso2="AZ", iso3="AZE", country_code="AZ",
                               parent=western_asia)  # fmt: skip
    karabakh = RegionFactory(name="Nagorno-Karabakh", kind="territory", parent=western_asia)
    karabakh.claimants.add(azerbaijan)
    europe = RegionFactory(name="Europe", kind="continent")
    eastern_europe = RegionFactory(name="Eastern Europe", kind="subregion", parent=europe)
    russia = RegionFactory(name="Russia", iso2="RU", iso3="RUS", country_code="RU",
                           parent=eastern_europe)  # fmt: skip
    regions = {
        "asia": asia,
        "western-asia": western_asia,
        "armenia": armenia,
        "yerevan": RegionFactory(name="Yerevan", kind="city", country_code="AM", parent=armenia),
        "azerbaijan": azerbaijan,
        "baku": RegionFactory(name="Baku", kind="city", country_code="AZ", parent=azerbaijan),
        "nagorno-karabakh": karabakh,
        "europe": europe,
        "eastern-europe": eastern_europe,
        "russia": russia,
        "moscow": RegionFactory(name="Moscow", kind="city", country_code="RU", parent=russia),
    }
    return regions
