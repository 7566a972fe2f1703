import pytest
from django.contrib.auth.models import Permission, User
from django.core.cache import cache
from rest_framework.test import APIClient

from articles.gazetteer_sync import sync_regions
from articles.ingestion.gazetteer import load_gazetteer
from articles.models import ApiToken, Region


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


WORLD_SLUGS = ["yerevan", "baku", "moscow", "nagorno-karabakh"]


@pytest.fixture
def world(db):
    """A slice of the real gazetteer: Asia > Western Asia > Armenia > Yerevan, Azerbaijan >
    Baku, Nagorno-Karabakh (claimed by Azerbaijan); Europe > Eastern Europe > Russia > Moscow."""
    gazetteer = load_gazetteer()
    keys = [place.key for place in gazetteer.places.values() if place.slug in WORLD_SLUGS]
    sync_regions(gazetteer, only=keys)
    return {region.slug: region for region in Region.objects.all()}
