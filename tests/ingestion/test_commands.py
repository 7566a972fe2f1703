import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from articles.models import Article, ArticleRegion, Source, TagMethod

pytestmark = pytest.mark.django_db

DEMO = Path(__file__).resolve().parents[2] / "articles" / "demo" / "copy"


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def demo(name_part):
    return next(p for p in sorted(DEMO.glob("*.txt")) if name_part in p.name).read_text()


def test_import_articles_reads_txt_json_and_jsonl_and_reports_failures(tmp_path):
    (tmp_path / "a.txt").write_text(demo("osaka"))
    (tmp_path / "nested").mkdir()
    (tmp_path / "nested" / "b.json").write_text(json.dumps([
        {"text": demo("hamburg")},
        {"headline": "Structured", "body": "Body.", "published_at": "2026-02-02T00:00:00Z"},
    ]))  # fmt: skip
    (tmp_path / "c.jsonl").write_text(
        json.dumps({"text": demo("perth")}) + "\n{broken\n" + json.dumps({"headline": "x"}) + "\n"
    )
    (tmp_path / "d.txt").write_bytes(b"\xff\xfe not utf-8")
    (tmp_path / "ignored.csv").write_text("a,b")
    output = run("import_articles", str(tmp_path), "--quiet")
    assert "Imported 4 files: 4 created, 0 duplicates, 3 failed." in output
    assert "c.jsonl:2: item: is not valid JSON" in output
    assert "c.jsonl:3: body: This field is required." in output
    assert "d.txt: item: cannot be read as UTF-8 text" in output
    assert Article.objects.count() == 4
    again = run("import_articles", str(tmp_path), "--quiet")
    assert "0 created, 4 duplicates, 3 failed" in again


def test_load_demo_creates_sources_with_metadata_and_a_dozen_articles():
    assert "12 created" in run("load_demo")
    assert Article.objects.count() == 12
    reuters = Source.objects.get(slug="reuters")
    assert reuters.kind == "agency"
    assert reuters.homepage.startswith("https://")
    assert "0 created, 12 already there" in run("load_demo")


def test_retag_articles_replaces_automatic_tags_and_keeps_manual_ones(world):
    call_command("import_articles", str(DEMO / next(p.name for p in DEMO.glob("*osaka*"))),
                 "--quiet", stdout=StringIO(), stderr=StringIO())  # fmt: skip
    article = Article.objects.get()
    ArticleRegion.objects.filter(article=article).update(tagger_version="0.0")
    ArticleRegion.objects.create(article=article, region=world["armenia"], method=TagMethod.MANUAL)
    assert "Re-tagged 1 articles" in run("retag_articles", "--outdated", "--quiet")
    tags = {tag.region.slug: tag for tag in article.region_tags.select_related("region")}
    assert tags["armenia"].method == TagMethod.MANUAL
    assert tags["japan"].tagger_version != "0.0"
    assert "Re-tagged 0 articles" in run("retag_articles", "--outdated", "--quiet")
