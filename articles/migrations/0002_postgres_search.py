"""PostgreSQL only: a trigger-maintained, weighted search vector with a GIN index, and a
pattern index so the region path prefix match (descendants) is an index scan."""

from django.db import migrations

FORWARD = """
CREATE FUNCTION articles_article_search_vector() RETURNS trigger AS $$
BEGIN
    NEW.search_vector :=
        setweight(to_tsvector('english', coalesce(NEW.headline, '')), 'A') ||
        setweight(to_tsvector('english', coalesce(NEW.summary, '')), 'B') ||
        setweight(to_tsvector('english', coalesce(NEW.body, '')), 'C');
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER articles_article_search_vector_update
    BEFORE INSERT OR UPDATE OF headline, summary, body ON articles_article
    FOR EACH ROW EXECUTE FUNCTION articles_article_search_vector();

UPDATE articles_article SET headline = headline;

CREATE INDEX articles_article_search_gin ON articles_article USING gin (search_vector);
CREATE INDEX articles_region_path_pattern ON articles_region (path varchar_pattern_ops);
"""

BACKWARD = """
DROP INDEX IF EXISTS articles_region_path_pattern;
DROP INDEX IF EXISTS articles_article_search_gin;
DROP TRIGGER IF EXISTS articles_article_search_vector_update ON articles_article;
DROP FUNCTION IF EXISTS articles_article_search_vector();
"""


def run_on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("articles", "0001_initial")]

    operations = [migrations.RunPython(run_on_postgresql(FORWARD), run_on_postgresql(BACKWARD))]
