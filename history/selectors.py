"""Reads of the history facts, shaped for the pages that show them."""

from django.db.models import Count, Max, Min, Prefetch, QuerySet

from history.models import Article, Citation, Country, Event, Paragraph, Participation, Place, Role


def article_list() -> QuerySet[Article]:
    return Article.objects.annotate(paragraph_count=Count("paragraphs"))


def article_detail_queryset() -> QuerySet[Article]:
    """Articles with their paragraphs, and the events each paragraph is cited for."""
    return Article.objects.prefetch_related(
        Prefetch(
            "paragraphs",
            queryset=Paragraph.objects.prefetch_related(
                Prefetch("events", queryset=Event.objects.chronological())
            ),
        )
    )


def event_timeline(*, kind: str = "", country: Country | None = None) -> QuerySet[Event]:
    """Events in date order, optionally of one kind or involving one country."""
    events = Event.objects.chronological().select_related("place")
    if kind:
        events = events.of_kind(kind)
    if country is not None:
        events = events.involving(country)
    return events


def event_span() -> dict:
    """Count the events and give the years of the first and the last."""
    return Event.objects.aggregate(
        count=Count("id"), first=Min("start_date"), last=Max("start_date")
    )


def event_detail_queryset() -> QuerySet[Event]:
    """Events with everything their page shows, in a fixed number of queries."""
    return Event.objects.select_related("place__country").prefetch_related(
        Prefetch(
            "participations",
            queryset=Participation.objects.select_related("country").order_by("role", "country"),
        ),
        Prefetch(
            "roles",
            queryset=Role.objects.select_related("person", "on_behalf_of").order_by(
                "kind", "on_behalf_of"
            ),
        ),
        Prefetch(
            "citations",
            queryset=Citation.objects.select_related("paragraph__article").order_by(
                "paragraph__article__language", "paragraph__number"
            ),
        ),
    )


def event_neighbours(event: Event) -> tuple[Event | None, Event | None]:
    """Return the events just before and just after this one on the timeline."""
    events = Event.objects.chronological()
    key = (event.start_date, event.end_date, event.slug)
    ordered = list(events.values_list("start_date", "end_date", "slug", "pk"))
    index = next(i for i, row in enumerate(ordered) if row[:3] == key)
    before = ordered[index - 1][3] if index > 0 else None
    after = ordered[index + 1][3] if index + 1 < len(ordered) else None
    found = Event.objects.in_bulk([pk for pk in (before, after) if pk])
    return found.get(before), found.get(after)


def place_list() -> QuerySet[Place]:
    """Places with their country and their events in date order."""
    return Place.objects.select_related("country").prefetch_related(
        Prefetch("events", queryset=Event.objects.chronological())
    )


def country_choices() -> QuerySet[Country]:
    return Country.objects.filter(participations__isnull=False).distinct()
