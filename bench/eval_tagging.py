"""Evaluate the region tagger at country level, and time it.

    python bench/eval_tagging.py [--gwn PATH] [--labelled PATH] [--fail-under F] [--errors]

Scores the project's labelled set (tests/ingestion/data/tagging_labelled.jsonl) and, where
the shared GeoWebNews set is present (../shared/geo), that set too, with the shared scorer
(score_countries.py, loaded by path). The GeoWebNews data is GPL-licensed: it is read from
its shared folder at run time and never copied. Speed is measured over the GeoWebNews
texts, or over the labelled set when they are absent. No Django needed.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from articles.ingestion.tagging import tag_text  # noqa: E402
from articles.ingestion.tagging_lexicon import load_lexicon  # noqa: E402

SHARED_GEO = ROOT.parent / "shared" / "geo"
LABELLED = ROOT / "tests" / "ingestion" / "data" / "tagging_labelled.jsonl"


class _MicroScorer:
    """Stand-in for the shared scorer when ../shared is absent: micro P/R/F1 only."""

    @staticmethod
    def load(path: Path) -> dict[str, set[str]]:
        return {str(r["id"]): {c.upper() for c in r["countries"]} for r in read_jsonl(path)}

    @staticmethod
    def score(gold: dict[str, set[str]], pred: dict[str, set[str]]) -> dict:
        tp = sum(len(want & pred.get(k, set())) for k, want in gold.items())
        fp = sum(len(pred.get(k, set()) - want) for k, want in gold.items())
        fn = sum(len(want - pred.get(k, set())) for k, want in gold.items())
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {
            "articles": len(gold), "tp": tp, "fp": fp, "fn": fn, "micro_precision": p,
            "micro_recall": r, "micro_f1": f, "top_false_positives": [], "top_false_negatives": [],
        }  # fmt: skip


def load_scorer(geo_dir: Path = SHARED_GEO) -> ModuleType | None:
    """The shared scorer module, or None when the shared folder is absent."""
    path = geo_dir / "score_countries.py"
    if not path.exists():
        return None
    spec = importlib.util.spec_from_file_location("score_countries", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def predict_countries(text: str) -> list[str]:
    """ISO2 codes of the regions tagged in `text`."""
    return sorted({t.country_code for t in tag_text(text) if t.country_code})


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def write_predictions(records: list[dict], out: Path) -> None:
    with out.open("w", encoding="utf-8") as fh:
        for rec in records:
            fh.write(
                json.dumps({"id": rec["id"], "countries": predict_countries(rec["text"])}) + "\n"
            )


def score_set(scorer: ModuleType, gold: Path, workdir: Path, name: str) -> dict:
    """Write predictions for `gold` into `workdir` and score them."""
    pred = workdir / f"{name}-predictions.jsonl"
    write_predictions(read_jsonl(gold), pred)
    return scorer.score(scorer.load(gold), scorer.load(pred))


def speed_ms_per_kb(texts: list[str], rounds: int = 5) -> tuple[float, float]:
    """CPU time per kilobyte of UTF-8 text over a few rounds after a warm-up: (median,
    best). CPU time, so that other work on the machine counts as little as it can."""
    tag_text(texts[0])
    size_kb = sum(len(t.encode("utf-8")) for t in texts) / 1024
    timings = []
    for _ in range(rounds):
        start = time.process_time()
        for text in texts:
            tag_text(text)
        timings.append((time.process_time() - start) * 1000 / size_kb)
    return statistics.median(timings), min(timings)


def print_result(name: str, res: dict) -> None:
    print(
        f"{name}: articles {res['articles']}  P {res['micro_precision']:.3f}  "
        f"R {res['micro_recall']:.3f}  F1 {res['micro_f1']:.3f}  "
        f"(tp {res['tp']}, fp {res['fp']}, fn {res['fn']})"
    )
    print("  top false positives:", res["top_false_positives"] or "-")
    print("  top false negatives:", res["top_false_negatives"] or "-")


def print_build() -> None:
    """Time the first-call build (gazetteer, lexicon and automaton) every process pays."""
    cpu, wall = time.process_time(), time.perf_counter()
    load_lexicon()
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    print(f"build: {cpu:.2f} s CPU ({wall:.2f} s wall) for the first call in a process")


def print_speed(texts: list[str], what: str) -> None:
    median, best = speed_ms_per_kb(texts)
    print(f"speed: {median:.3f} ms/KB median, {best:.3f} best, CPU time over {what}")


def print_errors(gold: Path) -> None:
    """Per-article false positives and negatives, for looking into mistakes."""
    for rec in read_jsonl(gold):
        got, want = set(predict_countries(rec["text"])), set(rec["countries"])
        if got != want:
            print(f"  {rec['id']}: fp {sorted(got - want)} fn {sorted(want - got)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gwn", type=Path, default=SHARED_GEO / "gwn-countries.jsonl")
    parser.add_argument("--labelled", type=Path, default=LABELLED)
    parser.add_argument("--fail-under", type=float, default=None, help="labelled-set F1 floor")
    parser.add_argument("--errors", action="store_true", help="list per-article mistakes")
    args = parser.parse_args(argv)

    print_build()
    scorer = load_scorer(args.gwn.parent) or load_scorer()
    if scorer is None:
        print("shared scorer not found (../shared/geo/score_countries.py); using micro P/R/F1")
        scorer = _MicroScorer
    with tempfile.TemporaryDirectory() as tmp:
        labelled = score_set(scorer, args.labelled, Path(tmp), "labelled")
        print_result("labelled set", labelled)
        if args.errors:
            print_errors(args.labelled)
        texts = [r["text"] for r in read_jsonl(args.labelled)]
        if args.gwn.exists():
            print_result("GeoWebNews", score_set(scorer, args.gwn, Path(tmp), "gwn"))
            if args.errors:
                print_errors(args.gwn)
            texts = [r["text"] for r in read_jsonl(args.gwn)]
            print_speed(texts, "the GeoWebNews texts")
        else:
            print(f"GeoWebNews set not found at {args.gwn}; skipped")
            print_speed(texts, "the labelled set (GeoWebNews absent)")
    if args.fail_under is not None and labelled["micro_f1"] < args.fail_under:
        print(f"labelled-set F1 {labelled['micro_f1']:.3f} is below {args.fail_under}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
