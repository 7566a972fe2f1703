import pytest

from tests.factories import SectionFactory, SourceFactory

pytestmark = pytest.mark.django_db


def slugs(response):
    assert response.status_code == 200, response.content
    return [item["slug"] for item in response.json()["results"]]


def test_region_detail_lists_ancestors_root_first_and_children(api, world):
    body = api.get("/api/v1/regions/armenia/").json()
    assert [region["slug"] for region in body["ancestors"]] == ["asia", "western-asia"]
    assert [region["slug"] for region in body["children"]] == ["yerevan"]
    assert body["parent"] == "western-asia"
    assert (body["iso2"], body["iso3"], body["kind"]) == ("AM", "ARM", "country")


def test_disputed_territory_lists_its_claimants(api, world):
    body = api.get("/api/v1/regions/nagorno-karabakh/").json()
    assert body["kind"] == "territory"
    assert [region["slug"] for region in body["claimants"]] == ["azerbaijan"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": "continent"}, ["asia", "europe"]),
        ({"parent": "western-asia"}, ["armenia", "azerbaijan", "nagorno-karabakh"]),
        ({"iso_code": "am"}, ["armenia"]),
        ({"iso_code": "RUS"}, ["russia"]),
        ({"q": "ba"}, ["baku"]),
    ],
)
def test_region_filters(api, world, params, expected):
    assert slugs(api.get("/api/v1/regions/", params)) == expected


def test_region_list_rejects_unknown_kind(api, world):
    response = api.get("/api/v1/regions/", {"kind": "planet"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "kind"


@pytest.fixture
def sources(world):
    return [
        SourceFactory(name="TASS", country=world["russia"], kind="agency", language="ru"),
        SourceFactory(name="Armenpress", country=world["armenia"], kind="agency", language="hy"),
        SourceFactory(name="Daily Planet", kind="newspaper", homepage="https://example.com/"),
    ]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["armenpress", "daily-planet", "tass"]),
        ({"country": "RU"}, ["tass"]),
        ({"country": "armenia"}, ["armenpress"]),
        ({"kind": "newspaper"}, ["daily-planet"]),
        ({"language": "hy"}, ["armenpress"]),
    ],
)
def test_source_filters(api, sources, params, expected):
    assert slugs(api.get("/api/v1/sources/", params)) == expected


def test_source_detail_carries_metadata(api, sources):
    body = api.get("/api/v1/sources/tass/").json()
    assert body["kind"] == "agency"
    assert body["language"] == "ru"
    assert body["country"]["slug"] == "russia"


def test_sections_list_and_detail(api, db):
    SectionFactory(name="Politics")
    SectionFactory(name="World")
    assert slugs(api.get("/api/v1/sections/")) == ["politics", "world"]
    assert api.get("/api/v1/sections/world/").json()["name"] == "World"
