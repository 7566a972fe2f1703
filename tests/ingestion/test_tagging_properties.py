"""Property tests: the tagger takes any text without failing and keeps its contract."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from articles.ingestion.tagging import tag_article, tag_text
from articles.ingestion.tagging_lexicon import normalize

# Place names and trap words mixed into arbitrary text reach the interesting paths.
WORDS = st.sampled_from(
    [
        "Georgia", "Jordan", "Chad", "Turkey", "turkey", "Nice", "Reading", "U.S.", "UK",
        "Paris", "Hilton", "Michael", "Baku", "Nagorno-Karabakh", "Armenian", "MOSCOW",
        "New", "Jersey", "Papua", "Guinea", "Mr", "in", ",", ".", "-", "\n", "'s", "İ",
    ]
)  # fmt: skip
TEXT = st.lists(st.one_of(WORDS, st.text(max_size=12)), max_size=40).map(" ".join)


def _check(tags, fields):
    assert isinstance(tags, list)
    for tag in tags:
        assert 0.0 <= tag.confidence <= 1.0
        assert 0.0 <= tag.relevance <= 1.0
        assert tag.mention_count == len(tag.mentions)
        for m in tag.mentions:
            text = fields[m.role]
            assert 0 <= m.start < m.end <= len(text)
            assert text[m.start : m.end] == m.text


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_tag_text_never_fails_and_offsets_are_valid(text):
    _check(tag_text(text), {"body": text})


@settings(max_examples=150, deadline=None)
@given(TEXT, TEXT, st.one_of(st.none(), TEXT))
def test_tag_article_keeps_each_field_apart(headline, body, dateline):
    tags = tag_article(headline=headline, body=body, dateline=dateline)
    _check(tags, {"headline": headline, "body": body, "dateline": dateline or ""})


def _normalized(text: str) -> str:
    """What normalize() means: lower case, anything but a letter or digit blanked, one
    character for one (a character whose lower case is longer is kept as it is)."""
    lowered = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)
    return re.sub(r"[\W_]", " ", lowered)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0x24F)))
def test_normalize_matches_its_definition_on_latin_text(text):
    assert normalize(text) == _normalized(text)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_normalize_keeps_every_offset(text):
    out = normalize(text)
    assert len(out) == len(text)
    assert all(ch == " " or ch.isalnum() for ch in out)
