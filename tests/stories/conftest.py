from datetime import UTC, datetime, timedelta

import pytest

from articles.stories.service import assign_stories
from tests.factories import ArticleFactory, SourceFactory

WIRE = """GDANSK - Dockworkers kept the gates of the port of Gdansk shut on Tuesday for a third \
day, leaving about 14,000 containers stranded on the quays, the port authority said.

The union is asking for an 11 percent raise and limits on night shifts, while the terminal \
operators have offered 4 percent spread over two years.

At least 23 vessels were anchored offshore waiting for a berth, according to a shipping \
agent who asked not to be named because he was not authorised to speak to the press.

Talks between the union and the employers are due to resume on Thursday in Gdansk, with a \
mediator appointed by the labour ministry in the chair for the first time.

Retailers warned that some shelves could run short within two weeks if the strike went on, \
and two carriers said they had begun diverting cargo to Gdynia and Rostock.

Police said there had been no incidents at the picket lines, where a few hundred strikers \
gathered around braziers through the night."""

REPOST = """This article was originally published by Baltic Wire and is republished here \
with permission.

GDANSK - Dockworkers kept the gates of the port of Gdansk shut on Tuesday for a third \
day, leaving about 14,000 containers stranded on the quays, the port authority said.

The union is asking for an 11 percent raise and limits on night shifts, while the terminal \
operators have offered 4 percent spread over two years.

At least 23 vessels were anchored offshore waiting for a berth, according to a shipping \
agent who asked not to be named because he was not authorised to speak to the press.

Talks between the union and the employers are due to resume on Thursday in Gdansk, with a \
mediator appointed by the labur ministry in the chair for the first time.

Retailers warned that some shelves could run short within two weeks if the strike went on, \
and two carriers said they had begun diverting cargo to Gdynia and Rostock.

Copyright 2026 Coastal Daily. All rights reserved."""

# The same port, union and places a day later: another event, told in other words.
SEQUEL = """GDANSK - The strike at the port of Gdansk ended on Wednesday after the union \
accepted a 7 percent raise, and the first cranes started moving again before midnight.

The deal, reached after nine hours with the labour ministry's mediator, also caps night \
shifts at two a week and sets up a committee on safety at the container terminal.

Shipping agents said it would take about a week to clear the vessels anchored offshore, \
and two carriers that had diverted cargo to Gdynia and Rostock said they would return.

Union leaders told a rally at the port gates that the agreement was the best in a decade, \
although some members booed when the figure was read out.

Retailers welcomed the end of the dispute and said deliveries would be back to normal by \
the end of the month."""

MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def article(body=WIRE, *, hours=0, source="baltic-wire", **fields):
    """A stored article published `hours` after Monday morning, with no story yet."""
    fields.setdefault("headline", f"Port strike, {hours} hours on")
    return ArticleFactory(
        body=body,
        published_at=MONDAY + timedelta(hours=hours),
        source=SourceFactory(name=source.replace("-", " ").title(), slug=source),
        **fields,
    )


@pytest.fixture
def stories(db):
    """Two stories on one topic: a wire story with two reposts, and its sequel."""
    wire = article(WIRE, headline="Port strike enters third day")
    repost = article(REPOST, hours=3, source="coastal-daily", headline="Ships queue off Gdansk")
    again = article(WIRE, hours=5, source="harbour-news", headline="Gdansk port paralysed")
    sequel = article(SEQUEL, hours=28, headline="Gdansk port strike ends with 7 percent deal")
    assign_stories([wire, repost, again, sequel])
    return {"wire": wire, "repost": repost, "again": again, "sequel": sequel}
