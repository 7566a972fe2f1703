"""The loader supplies each article's search vector, so it must be the trigger's to the
byte: equality in PostgreSQL over a sample of generated articles, and the cases past
PostgreSQL's caps left to the trigger."""

import pytest
from django.db import connection

from articles.gazetteer_sync import sync_regions
from articles.ingestion.gazetteer import load_gazetteer
from articles.models import Article
from bench import datagen

# The trigger's expression (articles/migrations/0002_postgres_search.py).
TRIGGER = (
    "setweight(to_tsvector('english', coalesce(headline, '')), 'A') || "
    "setweight(to_tsvector('english', coalesce(summary, '')), 'B') || "
    "setweight(to_tsvector('english', coalesce(body, '')), 'C')"
)
# A few hundred articles spread over a million ids, so reference numbers vary too.
SAMPLE_IDS = range(1, 1_000_001, 3_333)

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("search vectors are PostgreSQL's (to_tsvector and its trigger)")


@pytest.fixture
def generator():
    """A generator over the whole gazetteer, so that place names of every shape appear."""
    sync_regions(load_gazetteer())
    with connection.cursor() as cursor:
        return datagen.Generator(datagen.DEFAULT_SEED, datagen.prepare(cursor))


def mismatches(rows) -> int:
    """Of (headline, summary, body, vector) rows, those whose vector is not the trigger's."""
    with connection.connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE supplied (headline text, summary text, body text,"
            " search_vector tsvector) ON COMMIT DROP"
        )
        columns = ("headline", "summary", "body", "search_vector")
        types = ("text", "text", "text", "tsvector")
        datagen.copy_rows(cursor, "supplied", columns, types, rows)
        cursor.execute(f"SELECT count(*) FROM supplied WHERE search_vector <> {TRIGGER}")
        return cursor.fetchone()[0]


def vectors_of(generator, articles):
    with connection.connection.cursor() as cursor:
        generator.vectors.resolve(cursor)
    return generator.vectors.build([article.vector_units for article in articles])


def test_generated_vectors_equal_what_the_trigger_computes(generator):
    articles = [generator.article(article_id) for article_id in SAMPLE_IDS]
    vectors = vectors_of(generator, articles)
    assert None not in vectors
    rows = [
        (a.field("headline"), a.field("summary"), a.field("body"), vector)
        for a, vector in zip(articles, vectors, strict=True)
    ]
    # The sample has the delicate cases: a summary that cuts a word in two, headlines
    # without a place, place names followed by a comma.
    assert any(cuts_a_word(a.field("summary"), a.field("body")) for a in articles)
    assert any(not a.tags for a in articles)
    assert any(", officials said the measures" in a.field("body") for a in articles)
    assert mismatches(rows) == 0


def cuts_a_word(summary: str, body: str) -> bool:
    return len(summary) == 500 and summary[-1].isalpha() and body[500].isalpha()


def test_copy_loader_stores_vectors_equal_to_the_trigger_expression(generator):
    start = generator.catalogue.next_id
    datagen.copy_chunk(connection.connection, generator, start, start + 300)
    loaded = Article.objects.filter(search_vector__isnull=False).count()
    assert loaded == 300
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM articles_article WHERE search_vector <> {TRIGGER}")
        assert cursor.fetchone()[0] == 0


def build_one(headline: list[str], summary: list[str], body: list[str]):
    """The vector SearchVectors builds from these units, and the row to compare it with."""
    vectors = datagen.SearchVectors()
    fields = [[vectors.unit(text) for text in units] for units in (headline, summary, body)]
    with connection.connection.cursor() as cursor:
        vectors.resolve(cursor)
    (vector,) = vectors.build([(*fields, "000000001")])
    return vector, ("".join(headline), "".join(summary), "".join(body), vector)


@pytest.mark.parametrize(
    ("body", "computed"),
    [
        (["government "] * 255, True),  # to_tsvector keeps 255 positions of a lexeme
        (["government "] * 256, False),
        (["the " * 16_380, "end"], True),  # 'end' lands at 16,382 after the headline's 1
        (["the " * 16_390, "end"], False),  # PostgreSQL would cap its position at 16,383
    ],
)
def test_vectors_past_postgresql_caps_are_left_to_the_trigger(body, computed):
    vector, row = build_one(["Caps"], [], body)
    if computed:
        assert mismatches([row]) == 0
    else:
        assert vector is None


def test_fields_shift_by_the_largest_position_before_them_not_by_their_length():
    # Trailing stop words take positions but do not move the next field: `||` shifts by
    # the largest position present.
    vector, row = build_one(["Talks on the ", "budget of the"], ["a b c the the the"], ["end"])
    assert vector is not None
    assert mismatches([row]) == 0
