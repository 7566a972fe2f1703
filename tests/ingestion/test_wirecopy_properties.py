"""Property tests: the parser returns a ParsedCopy or raises WireCopyError, for any text."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.ingestion.wirecopy import ParsedCopy, WireCopyError, parse_wire_copy

PROPERTY_SETTINGS = settings(
    max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)

PLACES = [
    ("MOSCOW", "Moscow"),
    ("SÃO PAULO", "São Paulo"),
    ("KRAKÓW, Poland", "Kraków"),
    ("RIO DE JANEIRO", "Rio de Janeiro"),
    ("NEW YORK", "New York"),
    ("TBILISI, Georgia", "Tbilisi"),
]
AGENCIES = ["Sputnik", "AP", "Reuters", "AFP", "Xinhua", "dpa"]
DASHES = [" - ", " \u2013 ", " \u2014 ", " -- "]
BREAKS = ["\n", "\r\n", "\r", "\n\n", "\r\n\r\n", "\n \t\n"]
CRUMBS = ["Discuss", "Share", "Advertisement", "Comments", "Tweet", "Follow us on X"]
SENTENCES = [
    "Officials said the talks would resume on Monday after a long pause.",
    "The city budget rose by 4 percent, the ministry said.",
    '"We are ready," a spokeswoman told reporters.',
    "Residents were asked to stay indoors until the evening.",
    "Analysts expect prices to ease later in the year.",
    "The vote is scheduled for next week.",
    "Rescue teams reached the area by boat on Tuesday.",
    "Exports grew for a third month in a row.",
]
TITLE_WORDS = ["Council", "Approves", "Budget", "Talks", "Resume", "Storm", "Hits", "Coast"]
TITLE_WORDS += ["Minister", "Visits", "Border", "Region", "Prices", "Rise", "Again", "Rail"]
LINE_SHAPES = ["World", "Discuss", "By Jane Roe", "Related:", "MOSCOW (AP) - x.", '"', "\u00bb)"]
LINE_SHAPES += ["Read more: A B C D - E", "(Reuters) - ", "Posted 5 March 2024", "Sputnik", "***"]
LINE_SHAPES += ["x" * 60 + " and", "continued here.", "TOKYO: ", "By", "(AP) —"]
PADDING = st.sampled_from(["", " ", "\t", "\u00a0", "  "])


@st.composite
def paragraphs(draw) -> str:
    return " ".join(draw(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=3)))


@st.composite
def headlines(draw) -> str:
    return " ".join(draw(st.lists(st.sampled_from(TITLE_WORDS), min_size=4, max_size=9)))


@st.composite
def wire_copy(draw) -> tuple[str, int, str, str]:
    """Wire-like copy assembled from realistic pieces, with what it should parse to."""
    place, normalised = draw(st.sampled_from(PLACES))
    agency = draw(st.sampled_from(AGENCIES))
    dash = draw(st.sampled_from(DASHES))
    body = draw(st.lists(paragraphs(), min_size=1, max_size=5))
    lines = draw(st.lists(st.sampled_from(CRUMBS), max_size=2))
    lines += [draw(st.sampled_from(["World", "Business", "Sport", "Middle East"]))]
    lines += [draw(headlines())]
    lines += [f"By {draw(st.sampled_from(['Jane Roe', 'JOHN DOE']))}"] * draw(st.booleans())
    lines += [f"{place} ({agency}){dash}{body[0]}"]
    for paragraph in body[1:]:
        lines += [agency] * draw(st.booleans())
        if draw(st.booleans()):
            lines += ["World", f"{draw(headlines())}{dash}Cabinet"]
        lines += [paragraph]
    lines += draw(st.lists(st.sampled_from(CRUMBS), max_size=2))
    padded = [draw(PADDING) + line + draw(PADDING) for line in lines]
    text = "".join(line + draw(st.sampled_from(BREAKS)) for line in padded)
    return draw(st.sampled_from(["", "\ufeff"])) + text, len(body), normalised, agency


def check_result(text: str) -> ParsedCopy | None:
    """Parse and check the invariants every successful parse must keep."""
    try:
        parsed, problems = parse_wire_copy(text), []
    except WireCopyError as error:
        parsed, problems = None, error.problems
    if parsed is None:
        assert problems
        assert all(isinstance(name, str) and isinstance(why, str) for name, why in problems)
        return None
    assert isinstance(parsed, ParsedCopy)
    assert parsed.headline.strip()
    assert parsed.paragraphs
    assert all(paragraph.strip() for paragraph in parsed.paragraphs)
    assert len(parsed.summary) <= 300
    assert parsed.published_at is None or parsed.published_at.tzinfo is not None
    for start, end in parsed.spans.values():
        assert 0 <= start <= end <= len(text)
    return parsed


@PROPERTY_SETTINGS
@given(st.text())
def test_any_text_gives_a_parsed_copy_or_a_wire_copy_error(text):
    check_result(text)


@PROPERTY_SETTINGS
@given(
    st.lists(
        st.one_of(
            st.text(alphabet=st.characters(codec="utf-8"), max_size=80),
            st.sampled_from(LINE_SHAPES),
        ),
        max_size=12,
    ),
    st.sampled_from(BREAKS),
)
def test_any_lines_of_text_give_a_parsed_copy_or_a_wire_copy_error(lines, line_break):
    check_result(line_break.join(lines))


@PROPERTY_SETTINGS
@given(wire_copy())
def test_assembled_wire_copy_parses_to_its_paragraphs_place_and_source(case):
    text, paragraph_count, place, agency = case
    parsed = check_result(text)
    assert parsed is not None
    assert len(parsed.paragraphs) == paragraph_count
    assert parsed.dateline_place == place
    assert parsed.source_name == agency
    assert all(story.source == "Cabinet" for story in parsed.related)
    for index, paragraph in enumerate(parsed.paragraphs):
        assert text[slice(*parsed.spans[f"paragraphs[{index}]"])] == paragraph
