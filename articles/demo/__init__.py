"""Demo data for a fresh install: sources with their metadata and a dozen wire stories."""

import json
from datetime import timedelta
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from articles.ingestion import service
from articles.models import Region, Source

DEMO_DIR = Path(__file__).resolve().parent


@transaction.atomic
def load_demo() -> dict[str, int]:
    """Create the demo sources, then ingest the demo copy, newest first an hour apart.

    Idempotent: stories already stored are reported as duplicates.
    """
    for entry in json.loads((DEMO_DIR / "sources.json").read_text()):
        country = Region.objects.filter(iso2=entry.pop("country")).first()
        Source.objects.update_or_create(
            slug=entry.pop("slug"), defaults={**entry, "country": country}
        )
    outcomes = {"created": 0, "duplicate": 0}
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    for hours, path in enumerate(sorted((DEMO_DIR / "copy").glob("*.txt"))):
        result = service.ingest_copy(path.read_text(), published_at=now - timedelta(hours=hours))
        outcomes[result.outcome] += 1
    return outcomes
