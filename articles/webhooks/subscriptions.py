"""Subscriptions: their filters (the article list's parameters), checks and writes."""

import time

from django.db.models import Max
from django.http import QueryDict
from django.utils import timezone
from rest_framework.exceptions import ErrorDetail, ValidationError

from articles.filters import ArticleFilter, form_errors
from articles.models import Article, ChangeEvent, Subscription

from .signing import new_secret
from .transport import TargetRefused, resolved

# List parameters that order or fold a page: they say nothing about one article.
NOT_FILTERS = {"ordering", "collapse"}

# Whether any subscription is on, as last looked up and when: writes ask the database at
# most every ACTIVE_TTL seconds. A change in this process is seen at once, one in another
# process within ACTIVE_TTL (anything missed meanwhile goes with the next round).
ACTIVE_TTL = 5.0
_active = {"known": False, "at": float("-inf")}


def any_active() -> bool:
    now = time.monotonic()
    if now - _active["at"] > ACTIVE_TTL:
        _active.update(known=Subscription.objects.filter(active=True).exists(), at=now)
    return _active["known"]


def subscriptions_changed() -> None:
    _active["at"] = float("-inf")


def clean_url(url: str) -> str:
    try:
        resolved(url)
    except TargetRefused as exc:
        raise ValidationError(f"Refused by the outbound address rules: {exc}.") from None
    return url


def clean_filter(raw) -> dict[str, list[str]]:
    """The filter with each parameter's values as a list of strings, if the article list
    would take it; else a ValidationError naming each bad parameter."""
    if not isinstance(raw, dict):
        raise ValidationError("Must be an object of article list parameters.")
    cleaned, errors = {}, {}
    filterset = ArticleFilter(data=as_query(raw), queryset=Article.objects.none())
    for name, value in raw.items():
        values = value if isinstance(value, list) else [value]
        if name not in filterset.filters or name in NOT_FILTERS:
            errors[name] = [ErrorDetail("Not a filter of the article list.", code="unknown")]
        elif not values or not all(_scalar(v) for v in values):
            errors[name] = [ErrorDetail("Must be a string, or a list of them.", code="invalid")]
        elif len(values) > 1 and not _repeatable(filterset, name):
            errors[name] = [ErrorDetail("Takes one value.", code="invalid")]
        else:
            cleaned[name] = [str(v) for v in values]
    if not errors and not filterset.is_valid():
        errors = form_errors(filterset.errors)
    if errors:
        raise ValidationError(errors)
    return cleaned


def _scalar(value) -> bool:
    return isinstance(value, str | int | float) and not isinstance(value, bool)


def _repeatable(filterset, name) -> bool:
    return getattr(filterset.form.fields[name].widget, "allow_multiple_selected", False)


def as_query(parameters: dict) -> QueryDict:
    query = QueryDict(mutable=True)
    for name, value in parameters.items():
        for item in value if isinstance(value, list) else [value]:
            query.appendlist(name, str(item))
    return query


def matching_articles(subscription: Subscription, article_ids) -> set[int]:
    """Those of the stored articles that the subscription's filter keeps, in one query: the
    article list's own FilterSet, over a queryset of just these articles."""
    articles = Article.objects.filter(pk__in=article_ids)
    filterset = ArticleFilter(data=as_query(subscription.filter), queryset=articles)
    if not filterset.is_valid():
        return set()  # e.g. a region since removed from the gazetteer: nothing matches
    return set(filterset.qs.values_list("pk", flat=True))


def subscription_create(*, owner, target_url: str, **fields) -> Subscription:
    """A new subscription with a fresh secret: it gets the events committed after now.

    `fields`: `filter` (cleaned by `clean_filter`), `description`, `active`.
    """
    newest = ChangeEvent.objects.aggregate(newest=Max("id"))["newest"] or 0
    subscription = Subscription.objects.create(
        owner=owner, target_url=target_url, secret=new_secret(), dispatched_through=newest,
        **fields,
    )  # fmt: skip
    subscriptions_changed()
    return subscription


def subscription_update(subscription: Subscription, **fields) -> Subscription:
    """Change the given fields; turning a subscription on again clears its failure streak."""
    if fields.get("active") and not subscription.active:
        fields.update(failure_streak=0, disabled_at=None)
    elif fields.get("active") is False and subscription.active:
        fields.setdefault("disabled_at", timezone.now())
    for name, value in fields.items():
        setattr(subscription, name, value)
    subscription.save(update_fields=list(fields))
    subscriptions_changed()
    return subscription
