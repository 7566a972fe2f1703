"""The body of wire copy: paragraphs, attribution lines and related-story blocks.

Everything after the header is a paragraph unless it is a page crumb (dropped),
a standalone attribution such as "Sputnik" or "(Reporting by ...)", or a block
of other stories' headlines printed inside the copy. The first paragraph may
open with a dateline, which is split off and kept separately.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from articles.ingestion import datelines, wireblocks
from articles.ingestion.wirelines import Line


class Related(NamedTuple):
    """Another story's headline found in the body, and where it sits in the input."""

    section: str | None
    headline: str
    source: str | None
    span: tuple[int, int]


@dataclass
class Body:
    """What the body reader found, in the order it appears in the copy."""

    paragraphs: list[tuple[str, tuple[int, int]]] = field(default_factory=list)
    attributions: list[Line] = field(default_factory=list)
    related: list[Related] = field(default_factory=list)
    dateline: datelines.Dateline | None = None
    dateline_line: Line | None = None

    def spans(self) -> dict[str, tuple[int, int]]:
        """Input spans of the dateline, paragraphs, attributions and related headlines."""
        spans = {}
        if self.dateline and self.dateline.span:
            spans["dateline"] = self.dateline_line.span(*self.dateline.span)
        spans.update({f"paragraphs[{i}]": span for i, (_, span) in enumerate(self.paragraphs)})
        spans.update({f"attributions[{i}]": a.span() for i, a in enumerate(self.attributions)})
        spans.update({f"related[{i}]": story.span for i, story in enumerate(self.related)})
        return spans


def read_body(lines: list[Line], start: int) -> Body:
    """Read lines[start:] as the body of the copy."""
    body, i = Body(), start
    while i < len(lines):
        i = _body_step(lines, i, body)
    return body


def _body_step(lines: list[Line], i: int, body: Body) -> int:
    """Take the item starting at lines[i] into `body`; returns the index after it."""
    # Related blocks first: their section label would otherwise read as an attribution.
    taken = _related_at(lines, i)
    if taken is not None:
        body.related.extend(taken[0])
        return taken[1]
    line = lines[i]
    # The dateline's agency often reappears alone on a line, in any capitalisation.
    source = body.dateline.source if body.dateline else None
    if wireblocks.is_crumb(line.text):
        pass
    elif wireblocks.is_attribution(line.text, source):
        body.attributions.append(line)
    else:
        _add_paragraph(line, body)
    return i + 1


def _add_paragraph(line: Line, body: Body) -> None:
    # Only the first paragraph can open with a dateline.
    found = None if body.paragraphs else datelines.split_dateline(line.text)
    if found:
        body.dateline, body.dateline_line = found, line
    begin = found.body_start if found else 0
    body.paragraphs.append((line.text[begin:], line.span(begin)))


def _related_at(lines: list[Line], i: int) -> tuple[list[Related], int] | None:
    """Related stories starting at lines[i] and the index after them, or None."""
    intro = wireblocks.related_intro(lines[i].text)
    if intro:
        # "Read more: Headline" carries its first headline on the same line.
        inline = intro["rest"] and wireblocks.is_related_headline(intro["rest"])
        stories, end = _related_run(lines, i + 1)
        return ([_related(lines[i], intro.start("rest"))] if inline else []) + stories, end
    # Without an intro line only a labelled or tagged headline counts, so that a
    # paragraph that merely looks like a headline stays in the body.
    stories, end = _related_run(lines, i, limit=1)
    return (stories, end) if stories else None


def _related_run(lines: list[Line], i: int, limit: int | None = None) -> tuple[list, int]:
    """Consecutive "Label / Headline" pairs or tagged headline lines from lines[i]."""
    stories = []
    # After an intro any headline line counts; without one it needs a source tag.
    any_headline = limit is None
    while i < len(lines) and (limit is None or len(stories) < limit):
        text, following = lines[i].text, lines[i + 1].text if i + 1 < len(lines) else ""
        if _is_labelled_headline(text, following):
            stories.append(_related(lines[i + 1], 0, section=text))
            i += 2
        elif wireblocks.is_related_headline(text) and (any_headline or _is_tagged(text)):
            stories.append(_related(lines[i], 0))
            i += 1
        else:
            break
    return stories, i


def _is_labelled_headline(text: str, following: str) -> bool:
    """A section label followed by a headline, as in "World" / "Talks Resume - AP"."""
    return (
        wireblocks.is_label(text)
        and wireblocks.is_related_headline(following)
        and not wireblocks.is_label(following)
    )


def _is_tagged(text: str) -> bool:
    return wireblocks.split_tag(text)[1] is not None


def _related(line: Line, begin: int, section: str | None = None) -> Related:
    """The related headline in line.text[begin:], with its source tag split off."""
    headline, source = wireblocks.split_tag(line.text[begin:])
    return Related(section, headline, source, line.span(begin, begin + len(headline)))
