"""A labelled set for near-duplicate detection, built deterministically from a seed.

    python bench/dedup_corpus.py [--seed N] [--stories N] [--out FILE.jsonl]

Each base story is written from its topic's material (bench/dedup_topics.py) with facts of
its own. Reposts copy it with light edits (another headline, boilerplate at the top or
bottom, trimmed or added paragraphs, typos, a few changed words, a reordered lead, the
dateline dropped) and share its label. The hard negatives are other stories on the same
topic, published within days: the same cast of names and places, the same vocabulary,
often the same background paragraph, but other events and facts. Follow-ups reuse the
cast and, most often, the background paragraph of an earlier story.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.dedup_edits import repost
from bench.dedup_topics import NAMES, TOPICS

AGENCIES = ["Meridian Wire", "Continental Press", "Baltic News Service", "Pacific Newswire"]
START = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August"]
ORDINALS = ["second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"]
# Reactions and quotes that fit any topic.
GENERIC = [
    '"{We|I} {expect|hope for} a {quick|swift} {resolution|answer}," [person] said.',
    '"This is {not over|far from over}," [person2] told reporters in [city] on [day].',
    "The government {said|announced} it would {review|examine} the situation on [day2].",
    "{Opposition|Local} politicians {called for|demanded} an inquiry.",
    '"{Nobody|No one} {expected|anticipated} this," said [person2], {who|and she} has '
    "{followed|watched} the issue for [n] years.",
    "{A statement|A spokesperson} from [company] {declined to comment|gave no further "
    "details}.",
    "[person] is {due|expected} to {brief|update} {reporters|the press} again on [day2].",
    "{Officials|Authorities} said {more|further} information would follow.",
    "The {figures|numbers} could not be {independently verified|confirmed independently}.",
    '"{People|Residents} {deserve|need} {answers|clarity}," [person] {said|added}.',
    "{Earlier|On [day2]}, {dozens|hundreds} gathered in [city2] to {follow|watch} events.",
    "[company] {will|is to} publish a {full|detailed} report in [month].",
]  # fmt: skip


@dataclass
class Doc:
    key: str
    story: str  # the label: copies of one story share it
    topic: str
    kind: str  # original, follow-up or repost
    source: str
    headline: str
    body: str
    published_at: str


def facts(rng: random.Random, topic: dict, cast: dict | None = None) -> dict:
    """One story's slot values; a follow-up keeps its cast (people, places, groups)."""
    city, city2 = rng.sample(topic["city"], 2)
    person, person2 = rng.sample(NAMES, 2)
    values = {
        "city": city, "city2": city2, "person": person, "person2": person2,
        "group": rng.choice(topic["group"]), "company": rng.choice(topic["company"]),
        "topic": rng.choice(topic.get("topic", ["the case"])),
    }  # fmt: skip
    if cast:
        values.update({k: cast[k] for k in values})
    big = lambda: f"{rng.randint(1, 95):,},{rng.randint(0, 999):03d}"  # noqa: E731
    return values | {
        "day": rng.choice(DAYS), "day2": rng.choice(DAYS), "month": rng.choice(MONTHS),
        "month2": rng.choice(MONTHS), "year": rng.randint(1994, 2023),
        "year2": rng.randint(2027, 2035), "n": (n := rng.randint(2, 40)),
        "n2": n + rng.randint(1, 50), "n3": n + rng.randint(1, 9),
        "big": big(), "big2": big(), "big3": big(),
        "pct": f"{rng.uniform(0.5, 19):.1f}", "pct2": f"{rng.uniform(0.5, 19):.1f}",
        "small": f"{rng.uniform(0.1, 3):.1f}", "money": rng.randint(10, 900),
        "bp": rng.choice([25, 50, 75]), "mag": f"{rng.uniform(4.5, 7.4):.1f}",
        "nth": rng.choice(ORDINALS), "score": f"{rng.randint(1, 4)}-{rng.randint(0, 3)}",
        "minute": rng.randint(2, 90), "minute2": rng.randint(2, 90),
        "dir": rng.choice(["up", "down"]), "dir2": rng.choice(["higher", "lower"]),
        "index": f"{rng.randint(8, 40)},{rng.randint(0, 999):03d}.{rng.randint(0, 99):02d}",
    }  # fmt: skip


def fill(rng: random.Random, template: str, values: dict) -> str:
    """`{a|b}` picks a wording at random, `[slot]` takes the story's value."""
    text = re.sub(r"\{([^{}]*)\}", lambda m: rng.choice(m.group(1).split("|")), template)
    text = re.sub(r"\[(\w+)\]", lambda m: str(values[m.group(1)]), text)
    return text[:1].upper() + text[1:]


def write_story(rng, topic: dict, values: dict, agency: str, background, told=frozenset()):
    """A headline and paragraphs: a datelined lead, then topic and generic sentences.

    A follow-up tells what is new: sentences other than those already `told`, but one.
    """
    headline = fill(rng, rng.choice(topic["headlines"]), values)
    lead = f"{values['city'].upper()} ({agency}) - " + fill(rng, rng.choice(topic["leads"]), values)
    fresh = [template for template in topic["sentences"] if template not in told]
    chosen = rng.sample(fresh, min(len(fresh), rng.randint(4, 7)))
    again = sorted(told - set(GENERIC))
    chosen += rng.sample(again, min(1, len(again)))
    chosen += rng.sample([template for template in GENERIC if template not in told], 3)
    told = set(chosen)
    rng.shuffle(chosen)
    sentences = [fill(rng, template, values) for template in chosen]
    paragraphs = [lead]
    while sentences:
        take = rng.choice([1, 1, 2])
        paragraphs.append(" ".join(sentences[:take]))
        sentences = sentences[take:]
    if background:
        paragraphs.insert(rng.randint(2, len(paragraphs)), background)
    return headline, paragraphs, told


def build(seed: int = 1, stories: int = 400) -> list[Doc]:
    """`stories` base stories, about a quarter of them with a follow-up, each with
    0 to 4 reposts; spread over one day per 25 base stories."""
    rng = random.Random(seed)
    docs: list[Doc] = []
    span = timedelta(days=max(1, stories // 25))
    for number in range(stories):
        name = rng.choice(sorted(TOPICS))
        topic, agency = TOPICS[name], rng.choice(AGENCIES)
        values = facts(rng, topic)
        background = fill(rng, rng.choice(topic["background"]), values)
        at = START + span * rng.random()
        originals = [(f"s{number}", values, background if rng.random() < 0.5 else None, at)]
        if rng.random() < 0.25:
            later = at + timedelta(hours=rng.uniform(8, 48))
            kept = background if rng.random() < 0.7 else None
            originals.append((f"s{number}f", facts(rng, topic, values), kept, later))
        told = frozenset()
        for label, story_values, story_background, published in originals:
            headline, paragraphs, told = write_story(
                rng, topic, story_values, agency, story_background, frozenset(told)
            )
            kind = "follow-up" if label.endswith("f") else "original"
            docs.append(_doc(label, label, name, kind, agency, headline, paragraphs, published))
            copies = [(headline, paragraphs)]
            for n in range(rng.choices(range(5), weights=[25, 30, 25, 15, 5])[0]):
                outlet = f"Outlet {rng.randint(1, 40)}"
                origin = rng.choice(copies)  # a repost of a repost, sometimes
                taken = {copy[0] for copy in copies}
                copy = repost(
                    rng, *origin, outlet=outlet, topic=topic, values=story_values, taken=taken
                )
                copies.append(copy)
                when = published + timedelta(minutes=rng.uniform(5, 36 * 60))
                docs.append(_doc(f"{label}-r{n}", label, name, "repost", outlet, *copy, when))
    return sorted(docs, key=lambda doc: (doc.published_at, doc.key))


def _doc(key, story, topic, kind, source, headline, paragraphs, published) -> Doc:
    body = "\n\n".join(paragraphs)
    return Doc(key, story, topic, kind, source, headline, body, published.isoformat())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--stories", type=int, default=400)
    parser.add_argument("--out", type=Path, help="JSON lines; standard output when absent")
    args = parser.parse_args()
    lines = [json.dumps(asdict(doc)) for doc in build(args.seed, args.stories)]
    text = "\n".join(lines) + "\n"
    if args.out:
        args.out.write_text(text)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
