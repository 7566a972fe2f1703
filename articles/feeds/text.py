"""Feed HTML to plain-text paragraphs: tags dropped, entities unescaped, nothing run.

Article bodies are plain text, so markup from a feed is never stored or rendered as
markup: scripts and styles lose their content, every other tag is removed, and block
elements become paragraph breaks.
"""

import re
from html.parser import HTMLParser

# Elements whose content is code or metadata, not text a reader sees.
SKIPPED = {"script", "style", "template", "noscript", "iframe", "object", "svg", "math", "head"}
BLOCKS = {
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption",
    "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main",
    "nav", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul",
}  # fmt: skip
# Control characters other than whitespace: nothing a reader sees, and PostgreSQL
# refuses NUL in text.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
SPACE = re.compile(r"\s+")
BLANK_LINE = re.compile(r"\n\s*\n")


class TextExtractor(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)  # entities arrive unescaped in data
        self.paragraphs: list[list[str]] = [[]]
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in SKIPPED:
            self.skipping += 1
        elif tag in BLOCKS:
            self.paragraphs.append([])

    def handle_endtag(self, tag):
        if tag in SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in BLOCKS:
            self.paragraphs.append([])

    def handle_data(self, data):
        if not self.skipping:
            self.paragraphs[-1].append(data)


def clean(text: str) -> str:
    """One line of text: control characters removed, whitespace runs made one space."""
    return SPACE.sub(" ", CONTROL.sub("", text)).strip()


def html_paragraphs(html: str) -> list[str]:
    extractor = TextExtractor()
    extractor.feed(html)
    extractor.close()
    paragraphs = (clean("".join(parts)) for parts in extractor.paragraphs)
    return [paragraph for paragraph in paragraphs if paragraph]


def plain_paragraphs(text: str) -> list[str]:
    paragraphs = (clean(part) for part in BLANK_LINE.split(text))
    return [paragraph for paragraph in paragraphs if paragraph]


def to_paragraphs(value: str, content_type: str = "text/html") -> list[str]:
    """Paragraphs of a feed text construct; feeds mark HTML as text/html or xhtml."""
    if "html" in (content_type or "text/html"):
        return html_paragraphs(value or "")
    return plain_paragraphs(value or "")


def to_text(value: str, content_type: str = "text/html") -> str:
    """Paragraphs separated by blank lines, as article bodies are stored."""
    return "\n\n".join(to_paragraphs(value, content_type))


def to_line(value: str, content_type: str = "text/html") -> str:
    """A single line, for headlines, titles and bylines."""
    return " ".join(to_paragraphs(value, content_type))
