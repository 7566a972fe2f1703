"""A Python client generated from the live schema works against a running server.

The client is generated with openapi-python-client, exactly as the README tells client
developers to, then used with its typed models: list, filter, search, page with the
cursor, create with a bearer token and read back.
"""

import contextlib
import importlib
import io
import json
import re
import shutil
import subprocess
import sys
import uuid
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.e2e.support import ROOT, VENV_BIN, find_operation, get_json, image_env, schema_operations

PACKAGE = "news_api_client"
GENERATE = [
    "openapi-python-client", "generate", "--path", "schema.json",
    "--output-path", PACKAGE, "--meta", "none",
]  # fmt: skip

# The generator cannot build request bodies from plain text nor parse XML responses. The
# operations concerned still get a client function for their JSON media types.
TOLERATED_WARNING = re.compile(r"Unsupported content.type (text/plain|application/[\w.+-]+\+xml)")


def generator_warnings(output: str) -> list[str]:
    """Each warning the generator printed, as `<where>: <first line of the reason>`."""
    warnings = []
    for match in re.finditer(r"^(WARNING|ERROR)\b(.*)\n\s*\n(.*)$", output, re.MULTILINE):
        warnings.append(f"{match[1]}{match[2]}: {match[3].strip()}")
    return warnings


@pytest.fixture(scope="module")
def client_package(news_server, tmp_path_factory):
    generator = shutil.which(GENERATE[0], path=str(VENV_BIN)) or shutil.which(GENERATE[0])
    if generator is None:
        pytest.skip("openapi-python-client is not installed (pip install openapi-python-client)")
    workdir = tmp_path_factory.mktemp("client")
    (workdir / "schema.json").write_text(json.dumps(news_server.schema))
    result = subprocess.run(
        [generator, *GENERATE[1:]], cwd=workdir, env=image_env(), capture_output=True,
        text=True, timeout=180, check=False,
    )  # fmt: skip
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    untolerated = [w for w in generator_warnings(output) if not TOLERATED_WARNING.search(w)]
    assert untolerated == [], "the generator objects to the schema:\n" + "\n".join(untolerated)

    sys.path.insert(0, str(workdir))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(workdir))
        for name in [n for n in sys.modules if n == PACKAGE or n.startswith(f"{PACKAGE}.")]:
            del sys.modules[name]


def operation(schema, method, path):
    """The generated module for an operation, named after its tag and operationId."""
    try:  # the generator's own naming rule
        from openapi_python_client.strings import snake_case
    except ImportError:  # releases before 0.27
        from openapi_python_client.utils import snake_case

    found = find_operation(schema, method, path)
    tag = snake_case(found["tags"][0])
    return importlib.import_module(f"{PACKAGE}.api.{tag}.{snake_case(found['operation_id'])}")


def assert_typed(value, where="response"):
    """Every object is a generated model that documents every field the server sent."""
    if isinstance(value, list):
        for index, item in enumerate(value):
            assert_typed(item, f"{where}[{index}]")
        return
    assert not isinstance(value, dict), f"{where} is a raw dict, not a model: {value!r}"
    if not hasattr(value, "__attrs_attrs__"):
        return  # a scalar, an enum member, a datetime
    assert value.additional_properties == {}, (
        f"{where} ({type(value).__name__}) got fields the schema does not declare: "
        f"{sorted(value.additional_properties)}"
    )
    for field in value.__attrs_attrs__:
        if field.name != "additional_properties":
            assert_typed(getattr(value, field.name), f"{where}.{field.name}")


def cursor_of(link):
    return parse_qs(urlsplit(link).query)["cursor"][0] if link else None


@pytest.fixture(scope="module")
def api(news_server, client_package):
    schema = news_server.schema

    class Api:
        client = client_package.Client(
            base_url=news_server.base_url, raise_on_unexpected_status=True
        )
        editor = client_package.AuthenticatedClient(
            base_url=news_server.base_url, token=news_server.editor_token,
            raise_on_unexpected_status=True,
        )  # fmt: skip
        models = importlib.import_module(f"{PACKAGE}.models")
        list_articles = operation(schema, "GET", "/api/v1/articles/")
        create_article = operation(schema, "POST", "/api/v1/articles/")
        get_article = operation(schema, "GET", "/api/v1/articles/{id}/")
        list_regions = operation(schema, "GET", "/api/v1/regions/")

        def every_article(self, page_size=5, **filters):
            """Every page from the first, following the cursor in `next`; the pages too."""
            pages, cursor = [], None
            while True:
                if cursor is not None:
                    filters["cursor"] = cursor
                response = self.list_articles.sync_detailed(
                    client=self.client, page_size=page_size, **filters
                )
                assert response.status_code == 200, response.content
                pages.append(response.parsed)
                cursor = cursor_of(response.parsed.next_)
                if cursor is None:
                    return [a for page in pages for a in page.results], pages

    return Api()


def test_every_operation_has_a_client_function(news_server, client_package):
    for op in schema_operations(news_server.schema):
        module = operation(news_server.schema, op["method"], op["path"])
        assert callable(module.sync_detailed), op


def test_list_articles_with_typed_models(api):
    response = api.list_articles.sync_detailed(client=api.client, page_size=5)
    assert response.status_code == 200
    page = response.parsed
    assert isinstance(page, api.models.PaginatedArticleListList)
    assert_typed(page)
    assert len(page.results) == 5
    assert page.next_ is not None
    assert page.previous is None
    for article in page.results:
        assert isinstance(article, api.models.ArticleList)
        assert isinstance(article.id, int)
        assert article.headline
        assert isinstance(article.published_at, datetime)
        assert article.published_at.tzinfo is not None
        assert isinstance(article.source, api.models.SourceSummary | None)
        assert isinstance(article.section, api.models.Section | None)
        assert article.regions
        assert all(isinstance(region, api.models.TaggedRegion) for region in article.regions)
    published = [article.published_at for article in page.results]
    assert published == sorted(published, reverse=True), "newest first"


def test_page_through_with_the_cursor(api, news_server):
    articles, pages = api.every_article(page_size=5)
    everything = get_json(f"{news_server.api}/articles/?page_size=100")
    assert len(pages) > 2
    assert [a.id for a in articles] == [a["id"] for a in everything["results"]]
    assert all(len(page.results) == 5 for page in pages[:-1])
    # `previous` leads back to the page before.
    second = pages[1]
    back = api.list_articles.sync(client=api.client, page_size=5, cursor=cursor_of(second.previous))
    assert [a.id for a in back.results] == [a.id for a in pages[0].results]


def test_filter_by_region(api):
    western_asia, _ = api.every_article(region=["western-asia"])
    everything, _ = api.every_article(page_size=50)
    assert western_asia, "the demo data has articles about Western Asia"
    assert len(western_asia) < len(everything)
    countries = api.list_regions.sync(
        client=api.client, parent="western-asia", kind=api.models.RegionsListKind.COUNTRY,
        page_size=100,
    )  # fmt: skip
    codes = {country.country_code for country in countries.results}
    assert {"AM", "AZ", "GE"} <= codes
    for article in western_asia:
        assert_typed(article)
        assert {region.country_code for region in article.regions} & codes, article.headline
    # Repeating the parameter widens the filter.
    armenia = {a.id for a in api.every_article(region=["AM"])[0]}
    georgia = {a.id for a in api.every_article(region=["GE"])[0]}
    both = {a.id for a in api.every_article(region=["AM", "GE"])[0]}
    assert armenia
    assert georgia
    assert both == armenia | georgia


def test_search_with_q(api):
    everything, _ = api.every_article(page_size=50)
    target = everything[len(everything) // 2]
    word = max(re.findall(r"[A-Za-z]{5,}", target.headline), key=len)
    found = api.list_articles.sync(client=api.client, q=word, page_size=50)
    assert_typed(found)
    assert target.id in [a.id for a in found.results]
    assert len(found.results) < len(everything)


def test_create_with_the_bearer_token_and_read_back(api, news_server):
    article = api.models.ArticleWriteRequest(
        headline=f"Yerevan Opens New Metro Station {uuid.uuid4().hex[:8]}",
        body="YEREVAN - The city opened its first new metro station in decades.\n\n"
        "Officials said trains would run every four minutes at peak hours.",
        published_at=datetime.now(UTC).replace(microsecond=0),
        summary="The city's first new metro station in decades.",
        byline="Staff",
        regions=["yerevan"],
    )
    anonymous = api.create_article.sync_detailed(client=api.client, body=article)
    assert anonymous.status_code == 401
    assert isinstance(anonymous.parsed, api.models.Problem)
    assert anonymous.parsed.status == 401

    response = api.create_article.sync_detailed(client=api.editor, body=article)
    assert response.status_code == 201, response.content
    created = response.parsed
    assert isinstance(created, api.models.ArticleDetail)
    assert_typed(created)
    assert created.headline == article.headline
    assert created.published_at == article.published_at

    read = api.get_article.sync(client=api.client, id=created.id)
    assert isinstance(read, api.models.ArticleDetail)
    assert_typed(read)
    assert (read.id, read.headline, read.body) == (created.id, article.headline, article.body)
    assert read.published_at == article.published_at
    assert "yerevan" in {region.slug for region in read.regions}
    assert all(isinstance(tag, api.models.RegionTag) for tag in read.tags)
    newest = api.list_articles.sync(client=api.client, page_size=1)
    assert newest.results[0].id == created.id


def readme_client_section():
    readme = (ROOT / "README.md").read_text()
    start = readme.index("## Client developers")
    end = readme.find("\n## ", start + 1)
    return readme[start : end if end != -1 else None]


def test_readme_shows_the_generate_command_and_a_working_example(news_server, client_package):
    section = readme_client_section()
    assert " ".join(GENERATE) in section
    example = re.search(r"```python\n(.*?)```", section, re.DOTALL)[1]
    example = example.replace("http://127.0.0.1:8000", news_server.base_url)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(example, "README.md", "exec"), {})
    lines = printed.getvalue().splitlines()
    assert lines, "the README example prints the articles it finds"
    assert all(line.strip() for line in lines)
