"""The demo wire copy shipped with the project parses cleanly."""

from pathlib import Path

import pytest

from articles.ingestion.wirecopy import parse_wire_copy

DEMO_COPY = Path(__file__).resolve().parents[2] / "articles" / "demo" / "copy"
DEMO_FILES = sorted(DEMO_COPY.glob("*.txt"))


def test_there_are_twelve_demo_stories():
    assert len(DEMO_FILES) == 12


@pytest.mark.parametrize("path", DEMO_FILES, ids=[p.stem for p in DEMO_FILES])
def test_demo_story_has_headline_place_source_and_paragraphs(path):
    parsed = parse_wire_copy(path.read_text(encoding="utf-8"))
    assert parsed.headline
    assert parsed.dateline_place
    assert parsed.source_name
    assert len(parsed.paragraphs) >= 3
    assert parsed.related
    assert parsed.language == "en"
