import factory
from django.utils import timezone

from articles import services
from articles.models import Article, ArticleRegion, Section, Source, TagMethod


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section
        django_get_or_create = ["slug"]

    name = "World"
    slug = factory.LazyAttribute(lambda o: o.name.lower())


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Agency {n}")
    slug = factory.LazyAttribute(lambda o: o.name.lower().replace(" ", "-"))
    kind = "agency"
    language = "en"


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    headline = factory.Sequence(lambda n: f"Talks resume in round {n}")
    body = factory.Sequence(lambda n: f"Delegations met for the {n}th time.\n\nNo deal yet.")
    summary = "Delegations met again."
    published_at = factory.LazyFunction(timezone.now)
    source = factory.SubFactory(SourceFactory)
    section = factory.SubFactory(SectionFactory)
    language = "en"
    slug = factory.LazyAttribute(lambda o: services.headline_slug(o.headline))
    content_hash = factory.LazyAttribute(lambda o: services.content_hash(o.headline, o.body))


def tag(article, region, **fields):
    """Tag an article with a region, as the tagger would unless told otherwise."""
    defaults = {"method": TagMethod.AUTOMATIC, "is_main": True, "in_body": True, "mention_count": 1}
    return ArticleRegion.objects.create(article=article, region=region, **{**defaults, **fields})
