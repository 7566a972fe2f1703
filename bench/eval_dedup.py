"""Evaluate story assignment (near-duplicate detection) on the labelled set, and its cost.

    python bench/eval_dedup.py [--seed N] [--stories N] [--batch N] [--scale 1000,20000]
                               [--min-precision 0.98] [--min-recall 0.90]

Builds the labelled set (bench/dedup_corpus.py), stores it as articles in a throwaway
database (SQLite in memory by default; with DATABASE_URL a test database beside that one,
as the test suite makes) and runs the real service, articles.stories.assign_stories, in
order of publication. Precision and recall are over pairs of articles: a pair is positive
when both are copies of one story, predicted positive when both were given one story.
Exits non-zero below precision 0.98 or recall 0.90 (or the bars given). `--scale` then
times the assignment of new articles on archives of those sizes, published at the same
daily rate.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter, defaultdict
from datetime import datetime
from math import comb
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsapi.settings")

import django

django.setup()

from django.db import connection, reset_queries  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from articles import services  # noqa: E402
from articles.models import Article, Source, Story  # noqa: E402
from articles.stories import fingerprint  # noqa: E402
from articles.stories.service import assign_stories, window  # noqa: E402
from bench.dedup_corpus import build  # noqa: E402

MIN_PRECISION, MIN_RECALL = 0.98, 0.90
LOOKUP = 'SELECT "articles_storyband"'
TIMED = 200  # new articles timed at each archive size


def store(docs) -> list[Article]:
    """The documents as articles, in order of publication (no stories yet)."""
    sources = {}
    for name in sorted({doc.source for doc in docs}):
        slug = services.headline_slug(name)
        sources[name] = Source.objects.get_or_create(slug=slug, defaults={"name": name})[0]
    articles = [
        Article(
            headline=doc.headline, slug=services.headline_slug(doc.headline), body=doc.body,
            source=sources[doc.source], published_at=datetime.fromisoformat(doc.published_at),
            content_hash=services.content_hash(doc.key, doc.body),
        )
        for doc in docs
    ]  # fmt: skip
    return Article.objects.bulk_create(articles, batch_size=500)


def assign(articles, batch: int) -> None:
    for start in range(0, len(articles), batch):
        assign_stories(articles[start : start + batch])


def pair_scores(labels: list[str], predicted: list[int]) -> dict:
    """Pairwise precision and recall from the contingency of labels and stories."""
    pairs = lambda counts: sum(comb(n, 2) for n in counts.values())  # noqa: E731
    both = pairs(Counter(zip(labels, predicted, strict=True)))
    truth, claimed = pairs(Counter(labels)), pairs(Counter(predicted))
    return {
        "true_pairs": truth, "predicted_pairs": claimed, "correct_pairs": both,
        "precision": both / claimed if claimed else 1.0, "recall": both / truth if truth else 1.0,
    }  # fmt: skip


def evaluate(args) -> dict:
    docs = build(args.seed, args.stories)
    articles = store(docs)
    started = time.perf_counter()
    assign(articles, args.batch)
    elapsed = time.perf_counter() - started
    stories = dict(Article.objects.values_list("id", "story_id"))
    scores = pair_scores([d.story for d in docs], [stories[a.pk] for a in articles])
    kinds = Counter(doc.kind for doc in docs)
    print(f"labelled set: seed {args.seed}, {len(docs)} articles {dict(kinds)}, "
          f"{len({d.story for d in docs})} stories, {Story.objects.count()} found")  # fmt: skip
    print(f"pairs: {scores['true_pairs']} true, {scores['predicted_pairs']} predicted, "
          f"{scores['correct_pairs']} correct")  # fmt: skip
    print(f"precision {scores['precision']:.4f}  recall {scores['recall']:.4f}  "
          f"({elapsed / len(docs) * 1000:.2f} ms an article, batches of {args.batch})")  # fmt: skip
    hard, merged = _hard_negatives(docs, [stories[a.pk] for a in articles])
    print(f"hard negatives: {hard} pairs of different stories on one topic published within "
          f"the window, {merged} of them put in one story")  # fmt: skip
    _errors(docs, articles, stories, args.errors)
    return scores


def _hard_negatives(docs, predicted) -> tuple[int, int]:
    by_topic = defaultdict(list)
    for doc, story in zip(docs, predicted, strict=True):
        by_topic[doc.topic].append((datetime.fromisoformat(doc.published_at), doc.story, story))
    hard = merged = 0
    for copies in by_topic.values():
        for i, (at, label, story) in enumerate(copies):
            for other_at, other_label, other_story in copies[i + 1 :]:
                if other_label != label and abs(other_at - at) <= window():
                    hard += 1
                    merged += other_story == story
    return hard, merged


def _errors(docs, articles, stories, limit) -> None:
    """A few stories split in two and a few merged by mistake, to look at."""
    by_label, by_story = defaultdict(set), defaultdict(set)
    for doc, article in zip(docs, articles, strict=True):
        by_label[doc.story].add(stories[article.pk])
        by_story[stories[article.pk]].add(doc.story)
    split = [label for label, found in by_label.items() if len(found) > 1]
    merged = [sorted(labels) for labels in by_story.values() if len(labels) > 1]
    print(f"stories split: {len(split)}, stories merged: {len(merged)} {merged[:limit]}")


def cost(sizes, seed: int) -> None:
    """Time assigning TIMED new articles, one at a time, after `size` stored ones."""
    hours = window().total_seconds() / 3600
    print(f"\ncost per new article (window {hours:.0f} hours, one call per article):")
    print(f"{'archive':>8} {'in window':>10} {'ms/article':>11} {'queries/article':>16} "
          f"{'lookup ms':>10} {'compared':>9}")  # fmt: skip
    for size in sizes:
        Article.objects.all().delete()
        Story.objects.all().delete()
        docs = build(seed + 1, max(1, (size + TIMED) * 400 // 1200))[: size + TIMED]
        articles = store(docs)
        stored, new = articles[:size], articles[size:]
        assign(stored, 500)
        lo, hi = new[0].published_at - window(), new[-1].published_at
        near = Article.objects.filter(published_at__gte=lo, published_at__lte=hi).count()
        reset_queries()  # the log keeps only the last 9,000 queries
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            compared = sum(assign_stories([article])[0].compared for article in new)
            elapsed = time.perf_counter() - started
        per = elapsed / len(new) * 1000
        lookups = [float(q["time"]) for q in queries if q["sql"].startswith(LOOKUP)]
        lookup = sum(lookups) / len(lookups) * 1000
        print(f"{size:>8} {near:>10} {per:>11.2f} {len(queries) / len(new):>16.1f} "
              f"{lookup:>10.2f} {compared / len(new):>9.1f}")  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--stories", type=int, default=400, help="base stories (default 400)")
    parser.add_argument("--batch", type=int, default=1, help="articles per call (default 1)")
    parser.add_argument("--scale", default="", help="archive sizes to time, e.g. 1000,20000")
    parser.add_argument("--errors", type=int, default=5, help="merged stories to show")
    parser.add_argument("--min-precision", type=float, default=MIN_PRECISION)
    parser.add_argument("--min-recall", type=float, default=MIN_RECALL)
    args = parser.parse_args()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        print(f"database: {connection.vendor}; shingles of {fingerprint.SHINGLE_WORDS} words, "
              f"{fingerprint.NUM_PERM} permutations, {fingerprint.BANDS} bands of "
              f"{fingerprint.ROWS}, threshold {fingerprint.THRESHOLD}")  # fmt: skip
        scores = evaluate(args)
        if args.scale:
            cost([int(size) for size in args.scale.split(",")], args.seed)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    if scores["precision"] < args.min_precision or scores["recall"] < args.min_recall:
        print(f"FAIL: needs precision >= {args.min_precision} and recall >= {args.min_recall}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
