"""The light edits an outlet makes when it republishes a wire story (bench/dedup_corpus.py)."""

from __future__ import annotations

import random
import re

TOP = [
    "This article was originally published by [agency] and is republished with permission.",
    "Editor's note: this story has been updated since it first appeared.",
    "By staff and wire reports",
    "Reprinted from [agency].",
    "Listen to this article - [n] min",
    "Our journalism is free to read. Support it today.",
]
BOTTOM = [
    "(Reporting by [person]; editing by [person2])",
    "Copyright [year] [outlet]. All rights reserved.",
    "Follow us for more stories like this. Subscribe to our daily newsletter.",
    "Additional reporting by [person2] in [city].",
    "Have a news tip? Write to the [outlet] newsroom.",
    "Read more: our coverage of [city] this week.",
    "This story was produced with material from [agency]. Comments are closed.",
    "[outlet] is an independent publication covering the region since [year].",
]
ADDED = [
    "Local businesses in [place] said they were watching the developments closely, "
    "although none expected an immediate effect on prices.",
    "[outlet] contacted several residents of [place] with family in [city], who described "
    "an anxious week of phone calls and rumours.",
    "The story is developing and will be updated as more information becomes available to "
    "our newsroom in [place].",
    "In [place], the city council has scheduled a briefing on the matter for next week, "
    "according to its published agenda.",
]
PLACES = ["Leeds", "Dayton", "Graz", "Lyon", "Tampere", "Cork", "Utrecht", "Ghent"]
HEADLINE_TWEAKS = ["UPDATE 1-{}", "{} | [outlet]", "WATCH: {}", "{} - report", "{} (updated)"]
SYNONYMS = {
    "said": "stated", "on": "on", "people": "residents", "about": "around",
    "began": "started", "expected": "anticipated", "after": "following", "told": "informed",
    "percent": "per cent", "officials": "authorities", "would": "will", "more": "further",
}  # fmt: skip


def repost(rng: random.Random, headline, paragraphs, *, outlet, topic, values, taken=()):
    """A republished copy: a headline not among those `taken` and a few edits, each drawn
    at random."""
    agency = re.match(r"[^(]*\(([^)]*)\)", paragraphs[0])
    frame = values | {
        "outlet": outlet, "place": rng.choice(PLACES), "n": rng.randint(2, 9),
        "agency": agency.group(1) if agency else "the wire", "year": rng.randint(2019, 2026),
    }  # fmt: skip
    fill = lambda template: re.sub(r"\[(\w+)\]", lambda m: str(frame[m.group(1)]), template)  # noqa: E731
    body = list(paragraphs)
    if rng.random() < 0.5 and len(body) > 5:  # cut the tail, keeping 60 percent or more
        body = body[: max(4, len(body) - rng.randint(1, max(1, int(len(body) * 0.4))))]
    if rng.random() < 0.25:
        body.insert(rng.randint(2, len(body)), fill(rng.choice(ADDED)))
    if rng.random() < 0.2:
        body[0], body[1] = body[1], body[0]
    if rng.random() < 0.5:
        body[0] = re.sub(r"^[A-Z .'-]+ \([^)]*\) - ", "", body[0])
    for _ in range(rng.choice([0, 0, 1, 2, 3])):
        i = rng.randrange(len(body))
        body[i] = _typo(rng, body[i])
    if rng.random() < 0.4:
        body = [_reword(rng, paragraph) for paragraph in body]
    if rng.random() < 0.4:
        body.insert(0, fill(rng.choice(TOP)))
    if rng.random() < 0.6:
        body.extend(fill(template) for template in rng.sample(BOTTOM, rng.randint(1, 2)))
    new = _headline(rng, headline, topic, frame, fill)
    return (new if new not in taken else f"{new} | {outlet}"), body


def _headline(rng, headline, topic, frame, fill) -> str:
    if rng.random() < 0.5:
        return fill(rng.choice(HEADLINE_TWEAKS).format(headline))
    template = rng.choice(topic["headlines"])
    template = re.sub(r"\{([^{}]*)\}", lambda m: rng.choice(m.group(1).split("|")), template)
    return fill(template)


def _typo(rng, paragraph: str) -> str:
    """One misspelt word: two letters swapped, one dropped or one doubled."""
    words = paragraph.split(" ")
    i = rng.randrange(len(words))
    word = words[i]
    if len(word) >= 4:
        j = rng.randrange(1, len(word) - 2)
        words[i] = rng.choice([
            word[:j] + word[j + 1] + word[j] + word[j + 2 :],
            word[:j] + word[j + 1 :],
            word[:j] + word[j] + word[j:],
        ])  # fmt: skip
    return " ".join(words)


def _reword(rng, paragraph: str) -> str:
    """Swap a word for a synonym here and there, as a house style would."""
    words = paragraph.split(" ")
    for i, word in enumerate(words):
        if word in SYNONYMS and rng.random() < 0.3:
            words[i] = SYNONYMS[word]
    return " ".join(words)
