"""The labelled set is deterministic and labelled as it claims; the evaluation scores it."""

import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

from bench.dedup_corpus import build

ROOT = Path(__file__).resolve().parents[2]


def test_the_labelled_set_is_the_same_for_the_same_seed():
    assert build(3, 30) == build(3, 30)
    assert build(3, 30) != build(4, 30)


def test_copies_share_their_label_and_follow_ups_have_their_own():
    docs = build(1, 80)
    kinds = defaultdict(set)
    for doc in docs:
        kinds[doc.story].add(doc.kind)
    assert all(
        kinds[label] <= {"original", "repost"} for label in kinds if "original" in kinds[label]
    )
    assert any(kinds[label] == {"follow-up", "repost"} for label in kinds)
    follow_ups = [doc for doc in docs if doc.kind == "follow-up"]
    assert follow_ups
    base = {doc.story: doc for doc in docs if doc.kind == "original"}
    for doc in follow_ups:
        assert base[doc.story.removesuffix("f")].topic == doc.topic  # same topic, other story


def test_reposts_are_edited_not_identical():
    docs = build(2, 60)
    originals = {doc.story: doc for doc in docs if doc.kind in ("original", "follow-up")}
    reposts = [doc for doc in docs if doc.kind == "repost"]
    assert reposts
    assert all(doc.headline != originals[doc.story].headline for doc in reposts)
    assert sum(doc.body != originals[doc.story].body for doc in reposts) > 0.9 * len(reposts)


def eval_dedup(*args):
    return subprocess.run(
        [sys.executable, "bench/eval_dedup.py", "--stories", "60", *args],
        cwd=ROOT, capture_output=True, text=True, env={"PATH": "/usr/bin:/bin"},
    )  # fmt: skip


@pytest.mark.parametrize(("args", "code"), [((), 0), (("--min-recall", "1.01"), 1)])
def test_the_evaluation_prints_precision_and_recall_and_fails_below_the_bar(args, code):
    run = eval_dedup(*args)
    assert run.returncode == code, run.stdout + run.stderr
    assert "precision " in run.stdout
    assert "recall " in run.stdout
