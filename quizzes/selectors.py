"""Reads for the quizzes: the history facts, as plain data for the generators."""

from django.db.models import Prefetch

from history.models import Citation, Event, Participation, Role
from quizzes.generators import EventFacts, Named, Signature, Source


def _named(obj) -> Named:
    return Named(slug=obj.natural_key()[0], name={"en": obj.name_en, "lv": obj.name_lv})


def event_facts() -> list[EventFacts]:
    """Read every event with what questions can be asked of it, in a fixed number of queries."""
    events = (
        Event.objects.chronological()
        .select_related("place__country")
        .prefetch_related(
            Prefetch("participations", queryset=Participation.objects.select_related("country")),
            Prefetch("roles", queryset=Role.objects.select_related("person", "on_behalf_of")),
            Prefetch("citations", queryset=Citation.objects.select_related("paragraph__article")),
        )
    )
    facts = []
    for event in events:
        parties = [p.country for p in event.participations.all() if p.role == "party"]
        others = [p.country for p in event.participations.all() if p.role != "party"]
        # The host state of an event is never offered as "not a party": the articles may
        # simply not say whether it took part.
        if event.place and event.place.country not in parties + others:
            others.append(event.place.country)
        facts.append(
            EventFacts(
                slug=event.slug,
                kind=event.kind,
                title={"en": event.title_en, "lv": event.title_lv},
                start=event.start_date,
                end=event.end_date,
                precision=event.precision,
                sources=tuple(
                    Source(
                        article=c.paragraph.article.slug,
                        paragraph=c.paragraph.number,
                        language=c.paragraph.article.language,
                    )
                    for c in event.citations.all()
                ),
                place=_named(event.place) if event.place else None,
                parties=tuple(_named(c) for c in parties),
                others=tuple(_named(c) for c in others),
                signatures=tuple(
                    Signature(person=_named(r.person), country=_named(r.on_behalf_of))
                    for r in event.roles.all()
                    if r.kind == Role.Kind.SIGNATORY
                ),
                people=tuple(_named(r.person) for r in event.roles.all()),
            )
        )
    return facts
