"""What one line of wire copy is: page crumb, label, headline, attribution or tag.

Each test here reads the text of a single logical line and nothing else, so the
header and body readers can combine them with whatever context they have (what
came before, what follows). Datelines and bylines are recognised in `datelines`.
"""

from __future__ import annotations

import re

from articles.ingestion import datelines

# Page furniture scraped along with the story. A line is a crumb when it is one of
# these (ignoring case and surrounding punctuation), matches _CRUMB_RULE, or has no
# letters or digits at all ("***", "___").
CRUMBS = frozenset(
    {"discuss", "share", "share this", "share this article", "share this story"}
    | {"read more", "comments", "comment", "print", "tweet", "subscribe", "advertisement"}
    | {"advert", "sponsored", "email", "facebook", "twitter", "whatsapp", "telegram"}
    | {"back to top", "copy link", "listen", "loading", "related", "related stories"}
    | {"partager", "commentaires", "compartir", "comentarios", "teilen", "kommentare"}
)
_CRUMB_RULE = re.compile(
    r"(?i)^(?:(?:follow|like|join|find) us\b|(?:share|post) (?:on|via|to)\b|sign up\b"
    r"|subscribe (?:to|for|now)\b|click here\b|download (?:our|the) app\b|\d+ comments?$)"
)
# Lines that announce a run of related headlines; "Read more: Headline" may carry
# the first headline on the same line, captured as `rest`.
_RELATED_INTRO = re.compile(
    r"(?i)^(?:related(?: stories| coverage| news| articles?)?|read more|read also|also read"
    r"|see also|more on this(?: story)?)(?:\s*:\s*(?P<rest>.*)|\s*)$"
)
# Agencies recognised as standalone attribution lines even when not title-cased.
AGENCIES = frozenset(
    {"ap", "associated press", "reuters", "afp", "agence france-presse", "tass", "xinhua"}
    | {"sputnik", "kyodo", "kyodo news", "yonhap", "ansa", "efe", "dpa", "upi", "pti", "ani"}
    | {"anadolu", "interfax", "ria novosti", "bernama", "antara", "aap", "canadian press"}
    | {"jiji press", "prensa latina", "agência brasil", "cna", "pap", "ctk", "mti", "bta"}
)

# Closing quotes and brackets may follow a sentence's final mark: `said."` ends a sentence.
CLOSERS = "\"'\u201d\u2019)]\u00bb"
_SENTENCE_MARKS = re.compile(r"[.!?,;:\"\u201c\u201d]")
# A source tag after a headline: "Headline - Cabinet", with any dash spaced on both sides.
_TAG = re.compile(
    r"^(?P<head>.*\S)\s+(?:--|[\u2010-\u2015-])\s+(?P<tag>[^\W\d_][^\u2010-\u2015]{0,39})$"
)
# Reporting credits such as "(Reporting by Jane Roe; Editing by John Doe)".
_CREDIT = re.compile(
    r"(?i)^\((?:additional )?(?:reporting|writing|editing|compiled|translated) by\b[^()]*\)$"
)
# Longer lines are body text; the length caps also keep the regexes cheap.
_MAX_HEADLINE = 250


def is_crumb(text: str) -> bool:
    """Page furniture: see CRUMBS and _CRUMB_RULE."""
    if len(text) > 60:
        return False
    if not any(ch.isalnum() for ch in text):
        return True
    # Crumbs come decorated as "Share |", "» Related" or "- Print -"; judge the words.
    core = " ".join(text.strip(" \t:|>\u00bb\u203a\u2192\u2022-").split()).lower()
    return core in CRUMBS or (bool(_CRUMB_RULE.match(core)) and len(core.split()) <= 8)


def is_credit(text: str) -> bool:
    """A reporting credit in brackets, "(Reporting by ...; Editing by ...)"."""
    return bool(_CREDIT.match(text))


def ends_sentence(text: str) -> bool:
    return text.rstrip(CLOSERS)[-1:] in (".", "!", "?", "\u2026", ":", ";", ",")


def is_label(text: str) -> bool:
    """A section label or attribution: 1-3 words, no closing punctuation."""
    words = text.split()
    return (
        1 <= len(words) <= 3 and len(text) <= 40 and text[0].isalpha() and not ends_sentence(text)
    )


def headline_like(text: str) -> bool:
    """Could be a headline: no full stop, and neither a crumb, a byline nor a dateline."""
    if len(text) > _MAX_HEADLINE or text.rstrip(CLOSERS).endswith(".") or is_crumb(text):
        return False
    return datelines.split_byline(text) is None and datelines.split_dateline(text) is None


def is_headline(text: str) -> bool:
    """The story's own headline: any line that is not a date, byline or dateline.

    Looser than `headline_like` (a full stop is allowed): it is asked only of the
    first header lines, after crumbs and the section label are taken.
    """
    if len(text) > 300 or datelines.parse_header_date(text):
        return False
    return datelines.split_byline(text) is None and datelines.split_dateline(text) is None


def is_related_headline(text: str) -> bool:
    """A headline line inside the body: 4+ words or a " - Source" tag, no full stop."""
    if len(text) > _MAX_HEADLINE or ends_sentence(text):
        return False
    # Short untagged lines are too easily a paragraph fragment to lift out of the body.
    long_enough = len(text.split()) >= 4 or split_tag(text)[1] is not None
    return long_enough and headline_like(text)


def split_tag(text: str) -> tuple[str, str | None]:
    """ "Headline - Cabinet" -> ("Headline", "Cabinet"); untagged text unchanged."""
    found = _TAG.match(text) if len(text) <= _MAX_HEADLINE else None
    if not found:
        return text, None
    # A real tag is a short name ("Cabinet", "Ministry of Finance"); anything else
    # after a dash is the rest of the headline.
    words = found["tag"].split()
    capitalised = all(
        w[0].isupper() or (i and w.islower() and len(w) <= 3) for i, w in enumerate(words)
    )
    return (found["head"], found["tag"]) if len(words) <= 4 and capitalised else (text, None)


def related_intro(text: str) -> re.Match[str] | None:
    """A "Related:" / "Read more: Headline" line, with any inline headline as `rest`."""
    return _RELATED_INTRO.match(text) if len(text) <= _MAX_HEADLINE else None


def is_attribution(text: str, source: str | None) -> bool:
    """An agency name or reporting credit standing alone between paragraphs."""
    folded = text.casefold()
    if is_credit(text) or folded in AGENCIES or (source and folded == source.casefold()):
        return True
    # Unknown agencies still look like a short proper name: "Middle East Eye".
    words = text.split()
    if not 1 <= len(words) <= 3 or len(text) > 40 or _SENTENCE_MARKS.search(text):
        return False
    return all(word[0].isupper() for word in words)
