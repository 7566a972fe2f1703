"""Behaviour of the wire-copy parser on the shared sample, on the wire fixtures and on bad input."""

import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from articles.ingestion.datelines import normalise_place, split_dateline
from articles.ingestion.wirecopy import (
    ParsedCopy,
    RelatedStory,
    WireCopyError,
    detect_language,
    parse_wire_copy,
)

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
SAMPLE = SEEDS / "000_c7cf1cb365c6adee.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "wire"
FIXTURE_FILES = sorted(FIXTURES.glob("*.txt"))


def read_copy(path: Path) -> str:
    # Bytes, not read_text(): universal newlines would hide \r\n and \r endings.
    return path.read_bytes().decode("utf-8")


def squeeze(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def sample_text() -> str:
    if not SAMPLE.is_file():
        pytest.skip(f"shared sample copy not found at {SAMPLE} (../shared/seeds is missing)")
    return read_copy(SAMPLE)


@pytest.fixture
def sample_lines(sample_text: str) -> list[str]:
    return [line.strip() for line in sample_text.splitlines() if line.strip()]


# --- the shared sample ----------------------------------------------------------------


def test_sample_section_headline_and_dateline_are_recognised(sample_text, sample_lines):
    parsed = parse_wire_copy(sample_text)
    assert parsed.section == "World"
    assert parsed.headline == sample_lines[1]
    assert parsed.dateline == "MOSCOW"
    assert parsed.dateline_place == "Moscow"
    assert parsed.source_name == "Sputnik"
    assert parsed.byline is None
    assert parsed.language == "en"
    assert parsed.published_at is None


def test_sample_body_is_exactly_the_story_paragraphs(sample_text, sample_lines):
    parsed = parse_wire_copy(sample_text)
    dateline_line = sample_lines[2]
    assert dateline_line.startswith("MOSCOW (Sputnik) - ")
    first = dateline_line.removeprefix("MOSCOW (Sputnik) - ")
    expected = [first, *sample_lines[4:7], *sample_lines[9:11]]
    assert len(parsed.paragraphs) == 6
    assert list(parsed.paragraphs) == expected
    assert parsed.paragraphs[0].startswith("Fifty")
    assert "Nagorno-Karabakh" in parsed.paragraphs[4]
    assert parsed.body == "\n\n".join(expected)


def test_sample_attribution_line_is_recorded_and_dropped_from_the_body(sample_text):
    parsed = parse_wire_copy(sample_text)
    assert parsed.attributions == ("Sputnik",)
    assert "Sputnik" not in parsed.paragraphs


def test_sample_related_story_block_is_lifted_out_with_its_source_tag(sample_text, sample_lines):
    parsed = parse_wire_copy(sample_text)
    related_line = sample_lines[8]
    assert related_line.endswith(" - Cabinet")
    assert parsed.related == (
        RelatedStory(
            section="World", headline=related_line.removesuffix(" - Cabinet"), source="Cabinet"
        ),
    )
    assert all(related_line not in paragraph for paragraph in parsed.paragraphs)


def test_sample_trailing_page_crumb_is_dropped(sample_text, sample_lines):
    parsed = parse_wire_copy(sample_text)
    assert sample_lines[-1] == "Discuss"
    assert "Discuss" not in parsed.paragraphs
    assert "Discuss" not in parsed.attributions
    assert parsed.paragraphs[-1] == sample_lines[-2]


def test_sample_spans_point_at_the_original_substrings(sample_text):
    parsed = parse_wire_copy(sample_text)
    spans = parsed.spans
    assert sample_text[slice(*spans["headline"])] == parsed.headline
    assert sample_text[slice(*spans["section"])] == parsed.section
    assert sample_text[slice(*spans["dateline"])] == parsed.dateline
    for index, paragraph in enumerate(parsed.paragraphs):
        assert sample_text[slice(*spans[f"paragraphs[{index}]"])] == paragraph
    assert sample_text[slice(*spans["attributions[0]"])] == "Sputnik"
    assert sample_text[slice(*spans["related[0]"])] == parsed.related[0].headline


def test_sample_summary_is_the_first_paragraph_within_the_limit(sample_text):
    parsed = parse_wire_copy(sample_text)
    assert len(parsed.summary) <= 300
    assert parsed.paragraphs[0].startswith(parsed.summary)


@pytest.mark.parametrize(
    "transform",
    [
        lambda text: text.replace("\n", "\r\n"),
        lambda text: text.replace("\n", "\r"),
        lambda text: "\ufeff" + text.replace("\n", "  \t\n") + "\n\n",
        lambda text: text.replace("\n", "\n\n"),
        lambda text: text.replace(" (Sputnik) ", "\u00a0(Sputnik)\u00a0"),
    ],
    ids=["crlf", "cr", "bom-and-trailing-space", "blank-line-paragraphs", "nbsp-dateline"],
)
def test_sample_fields_survive_other_line_endings_and_spacing(sample_text, transform):
    original = parse_wire_copy(sample_text)
    text = transform(sample_text)
    parsed = parse_wire_copy(text)
    assert parsed.paragraphs == original.paragraphs
    assert parsed.related == original.related
    assert parsed.attributions == original.attributions
    assert (parsed.headline, parsed.dateline_place, parsed.source_name) == (
        original.headline,
        "Moscow",
        "Sputnik",
    )
    assert text[slice(*parsed.spans["headline"])] == parsed.headline
    for index, paragraph in enumerate(parsed.paragraphs):
        assert text[slice(*parsed.spans[f"paragraphs[{index}]"])] == paragraph


# --- wire fixtures (table-driven) -----------------------------------------------------


def test_there_are_at_least_fifteen_wire_fixtures_each_with_expectations():
    assert len(FIXTURE_FILES) >= 15
    for path in FIXTURE_FILES:
        assert path.with_suffix("").with_suffix(".expected.json").is_file(), path.name


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=[p.stem for p in FIXTURE_FILES])
def test_wire_fixture_parses_to_its_expected_fields(path):
    expected = json.loads(path.with_suffix("").with_suffix(".expected.json").read_text("utf-8"))
    parsed = parse_wire_copy(read_copy(path))
    for name in ("headline", "section", "dateline", "dateline_place", "source_name", "byline"):
        assert getattr(parsed, name) == expected[name], name
    assert parsed.language == expected["language"]
    assert len(parsed.paragraphs) == expected["paragraph_count"]
    assert parsed.paragraphs[0].startswith(expected["first_words"])
    assert [story.headline for story in parsed.related] == expected["related"]
    assert [story.source for story in parsed.related] == expected.get(
        "related_sources", [story.source for story in parsed.related]
    )
    assert list(parsed.attributions) == expected.get("attributions", [])
    published = parsed.published_at.isoformat() if parsed.published_at else None
    assert published == expected.get("published_at")


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=[p.stem for p in FIXTURE_FILES])
def test_wire_fixture_spans_point_back_into_the_original_text(path):
    text = read_copy(path)
    parsed = parse_wire_copy(text)
    assert text[slice(*parsed.spans["headline"])] == parsed.headline
    for name in ("section", "dateline", "byline"):
        value = getattr(parsed, name)
        assert (name in parsed.spans) == (value is not None)
        if value is not None:
            assert text[slice(*parsed.spans[name])] == value
    for index, paragraph in enumerate(parsed.paragraphs):
        # Hard-wrapped paragraphs are rejoined, so compare with whitespace squeezed.
        assert squeeze(text[slice(*parsed.spans[f"paragraphs[{index}]"])]) == squeeze(paragraph)


def test_windows_fixture_really_has_crlf_line_endings():
    data = (FIXTURES / "09_sao_paulo_windows.txt").read_bytes()
    assert data.count(b"\r\n") == data.count(b"\n") > 5


def test_old_mac_fixture_really_has_bare_cr_line_endings():
    data = (FIXTURES / "14_nairobi_mac_endings.txt").read_bytes()
    assert b"\n" not in data
    assert data.count(b"\r") > 5


def test_hard_wrapped_paragraph_is_rejoined_with_single_spaces():
    parsed = parse_wire_copy(read_copy(FIXTURES / "15_washington_hard_wrapped.txt"))
    assert "\n" not in parsed.body.replace("\n\n", "")
    assert parsed.paragraphs[0].endswith("to the House.")


# --- datelines --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("opening", "written", "place", "source"),
    [
        ("WASHINGTON (AP) — Lawmakers met.", "WASHINGTON", "Washington", "AP"),
        ("LONDON, March 3 (Reuters) - Shares fell.", "LONDON", "London", "Reuters"),
        ("PARIS (AFP) \u2013 Le ministre a parlé.", "PARIS", "Paris", "AFP"),
        ("KYIV, Ukraine (AP) — Sirens sounded.", "KYIV, Ukraine", "Kyiv", "AP"),
        ("BEIJING, Nov. 2 (Xinhua) -- Trade grew.", "BEIJING", "Beijing", "Xinhua"),
        ("NEW YORK — Markets rallied.", "NEW YORK", "New York", None),
        ("TOKYO: Exports rose.", "TOKYO", "Tokyo", None),
        ("MOSCOW, October 5. /TASS/. Talks began.", "MOSCOW", "Moscow", "TASS"),
        ("SAN JOSÉ, Costa Rica (AP) — Rain fell.", "SAN JOSÉ, Costa Rica", "San José", "AP"),
        ("ZÜRICH (dpa) - Voters agreed.", "ZÜRICH", "Zürich", "dpa"),
    ],
)
def test_dateline_source_in_parentheses_is_the_source(opening, written, place, source):
    found = split_dateline(opening)
    assert found is not None
    assert (found.written, found.place, found.source) == (written, place, source)
    assert opening[found.body_start :][0].isupper()


@pytest.mark.parametrize(
    "opening",
    [
        "The minister said - after a pause - that talks would resume.",
        "UPDATE: officials revised the figures.",
        "Fifty people attended the meeting on Monday.",
    ],
)
def test_ordinary_sentences_are_not_datelines(opening):
    assert split_dateline(opening) is None


def test_reuters_style_tag_without_place_gives_only_the_source():
    found = split_dateline("(Reuters) - Gold prices edged higher on Monday.")
    assert found is not None
    assert (found.written, found.place, found.source) == (None, None, "Reuters")


@pytest.mark.parametrize(
    ("written", "normalised"),
    [
        ("MOSCOW", "Moscow"),
        ("RIO DE JANEIRO", "Rio de Janeiro"),
        ("SÃO PAULO", "São Paulo"),
        ("KRAKÓW", "Kraków"),
        ("RAS AL-KHAIMAH", "Ras al-Khaimah"),
        ("AL-MUKALLA", "Al-Mukalla"),
        ("AIX-EN-PROVENCE", "Aix-en-Provence"),
        ("N'DJAMENA", "N'Djamena"),
        ("ST. PETERSBURG", "St. Petersburg"),
        ("GUINEA-BISSAU", "Guinea-Bissau"),
        ("Moscow", "Moscow"),
    ],
)
def test_dateline_places_are_title_cased_with_particles_kept_low(written, normalised):
    assert normalise_place(written) == normalised


def test_copy_without_dateline_starts_the_body_at_the_first_paragraph():
    parsed = parse_wire_copy(
        "Harbour Ferry Fares to Rise in Spring\n\n"
        "Ferry fares across the harbour will rise by 5% from April, the operator said.\n"
        "Season tickets are not affected.\n"
    )
    assert parsed.dateline is None
    assert parsed.dateline_place is None
    assert parsed.section is None
    assert parsed.paragraphs[0].startswith("Ferry fares")
    assert len(parsed.paragraphs) == 2


# --- bylines, sections, crumbs, related blocks -----------------------------------------


def test_byline_between_headline_and_dateline_loses_its_by_prefix():
    text = (
        "Politics\nCity Council Approves New Budget\nBy Jane Roe\n"
        "DENVER (AP) — The council approved the budget late on Tuesday.\n"
        "The vote was 9-4.\n"
    )
    parsed = parse_wire_copy(text)
    assert parsed.byline == "Jane Roe"
    assert text[slice(*parsed.spans["byline"])] == "Jane Roe"
    assert parsed.paragraphs[0] == "The council approved the budget late on Tuesday."


def test_agency_after_a_byline_is_the_source_when_nothing_else_names_one():
    text = (
        "Storm Closes Schools Across the Region\nBy JANE ROE and JOHN DOE, Associated Press\n\n"
        "Schools across the region were closed on Friday as the storm moved inland.\n"
        "Power was cut to thousands of homes.\n"
    )
    parsed = parse_wire_copy(text)
    assert parsed.byline == "JANE ROE and JOHN DOE, Associated Press"
    assert parsed.source_name == "Associated Press"


def test_first_line_is_the_headline_when_there_is_no_section_label():
    parsed = parse_wire_copy(
        "Wildfire Forces Evacuation of Mountain Villages\n"
        "ATHENS (AP) — Firefighters battled a wildfire north of the capital on Sunday.\n"
        "Several villages were evacuated as a precaution.\n"
    )
    assert parsed.section is None
    assert parsed.headline == "Wildfire Forces Evacuation of Mountain Villages"


def test_crumbs_are_dropped_at_the_edges_and_between_paragraphs():
    parsed = parse_wire_copy(
        "Share\nPrint\nWorld\nBridge Reopens After Repairs\n"
        "LISBON (Reuters) - The bridge reopened to traffic on Monday after repairs.\n"
        "Advertisement\n***\nEngineers replaced dozens of cables.\n"
        "Subscribe\nFollow us on Instagram\nRead more\n"
    )
    assert parsed.section == "World"
    assert parsed.paragraphs == (
        "The bridge reopened to traffic on Monday after repairs.",
        "Engineers replaced dozens of cables.",
    )
    assert parsed.attributions == ()
    assert parsed.related == ()


def test_related_intro_lines_collect_the_headlines_that_follow():
    parsed = parse_wire_copy(
        "Economy\nInflation Slows for Third Month in a Row\n"
        "OTTAWA (CP) — Consumer price growth slowed again in June, the statistics agency said.\n"
        "See also: Central Bank Keeps Its Key Rate on Hold - Statement\n"
        "Gasoline Prices Fall Ahead of Summer Travel Season\n"
        "Food prices rose at the slowest pace in two years.\n"
    )
    assert [story.headline for story in parsed.related] == [
        "Central Bank Keeps Its Key Rate on Hold",
        "Gasoline Prices Fall Ahead of Summer Travel Season",
    ]
    assert [story.source for story in parsed.related] == ["Statement", None]
    assert len(parsed.paragraphs) == 2


def test_reporting_credit_line_is_an_attribution_not_a_paragraph():
    parsed = parse_wire_copy(read_copy(FIXTURES / "02_reuters_london_read_more.txt"))
    assert parsed.attributions == ("(Reporting by Tom Ashby; Editing by Clare Hughes)",)
    assert parsed.source_name == "Reuters"


def test_short_paragraph_ending_a_sentence_stays_in_the_body():
    parsed = parse_wire_copy(
        "Talks End Without a Deal\nGENEVA (AFP) - Talks ended without agreement.\n"
        "Both sides blamed each other.\nNo date was set.\n"
    )
    assert parsed.paragraphs[-1] == "No date was set."


# --- header dates -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Published: 5 March 2024, 14:30 GMT", datetime(2024, 3, 5, 14, 30, tzinfo=UTC)),
        ("2024-03-05T14:30:00Z", datetime(2024, 3, 5, 14, 30, tzinfo=UTC)),
        (
            "Updated March 5, 2024 at 2:30 p.m. EST",
            datetime(2024, 3, 5, 14, 30, tzinfo=timezone(timedelta(hours=-5))),
        ),
        ("Posted 05.03.2024 10:15", datetime(2024, 3, 5, 10, 15, tzinfo=UTC)),
        ("Tuesday, 5 March 2024", datetime(2024, 3, 5, tzinfo=UTC)),
        ("Published 5 March 2024, 14:30 hrs", datetime(2024, 3, 5, 14, 30, tzinfo=UTC)),
    ],
)
def test_published_at_is_read_from_a_recognisable_header_line(line, expected):
    parsed = parse_wire_copy(
        f"Business\nPort Volumes Rise\n{line}\n"
        "HAMBURG (dpa) - Container volumes rose in the first quarter.\nExports led the increase.\n"
    )
    assert parsed.published_at == expected
    assert parsed.published_at.utcoffset() == expected.utcoffset()
    assert parsed.headline == "Port Volumes Rise"
    assert len(parsed.paragraphs) == 2


def test_published_at_is_none_when_the_copy_states_no_date():
    parsed = parse_wire_copy(
        "Port Volumes Rise\nHAMBURG, March 3 (dpa) - Container volumes rose.\nExports led.\n"
    )
    assert parsed.published_at is None


def test_impossible_header_date_is_not_a_date():
    parsed = parse_wire_copy("Port Volumes Rise\nPosted 2024-02-30\nVolumes rose.\n")
    assert parsed.published_at is None


# --- summary and language -------------------------------------------------------------------


def make_copy(first_paragraph: str) -> ParsedCopy:
    return parse_wire_copy(f"Long Story Short\n{first_paragraph}\nA second paragraph.\n")


def test_summary_is_cut_at_a_sentence_boundary_when_the_paragraph_is_long():
    sentence = "Officials met for several hours on Monday to review the plan. "
    parsed = make_copy(sentence * 8)
    assert len(parsed.summary) <= 300
    assert parsed.summary.endswith("plan.")


def test_summary_is_cut_at_a_word_boundary_when_there_is_no_sentence_end():
    parsed = make_copy("word " * 120)
    assert len(parsed.summary) <= 300
    assert parsed.summary.endswith("word\u2026")


def test_short_first_paragraph_is_its_own_summary():
    assert make_copy("Short and sweet.").summary == "Short and sweet."


def test_language_is_und_when_there_is_too_little_text():
    assert detect_language("Ok") == "und"
    assert detect_language("12 345 678 --- 9") == "und"


def test_language_of_a_spanish_story_is_detected():
    parsed = parse_wire_copy(read_copy(FIXTURES / "12_efe_mexico_spanish.txt"))
    assert parsed.language == "es"


# --- errors -------------------------------------------------------------------------------

BINARY = bytes(range(256)).decode("latin-1")
PNG_LIKE = bytes((index * 37 + 11) % 256 for index in range(600)).decode("utf-8", "replace")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", ("text", "is empty")),
        ("   \n\t\r\n\u00a0\ufeff ", ("text", "is empty")),
        (BINARY, ("text", "is not plain text")),
        (PNG_LIKE, ("text", "is not plain text")),
        ("Headline\n\ud800 broken text\n", ("text", "is not plain text")),
        ("Headline\x00 with a NUL\nBody text here.\n", ("text", "is not plain text")),
        ("Ministers Meet in Brussels", ("body", "no body paragraph found")),
        (
            "World\nMinisters Meet in Brussels\nShare\nDiscuss\n",
            ("body", "no body paragraph found"),
        ),
        ("Share\nDiscuss\n", ("headline", "no headline line found")),
        (
            "MOSCOW (Sputnik) - Something happened on Monday.",
            ("headline", "no headline line found"),
        ),
        ("x" * 1_000_001, ("text", "is longer than 1000000 characters")),
    ],
    ids=[
        "empty",
        "whitespace",
        "binary-bytes",
        "replacement-characters",
        "lone-surrogate",
        "nul-byte",
        "only-headline",
        "headline-and-crumbs",
        "only-crumbs",
        "dateline-without-headline",
        "too-long",
    ],
)
def test_text_that_is_not_an_article_raises_wire_copy_error_naming_the_field(text, problem):
    with pytest.raises(WireCopyError) as caught:
        parse_wire_copy(text)
    assert problem in caught.value.problems


def test_non_string_input_is_not_plain_text():
    with pytest.raises(WireCopyError) as caught:
        parse_wire_copy(b"World\nHeadline\nBody.")  # type: ignore[arg-type]
    assert caught.value.problems == [("text", "is not plain text")]


def test_wire_copy_error_is_a_value_error_with_readable_message():
    error = WireCopyError(
        [("headline", "no headline line found"), ("body", "no body paragraph found")]
    )
    assert isinstance(error, ValueError)
    assert str(error) == "headline no headline line found; body no body paragraph found"
