import datetime

import factory

from history.dates import DatePrecision
from history.models import (
    Article,
    Citation,
    Country,
    Event,
    Paragraph,
    Participation,
    Person,
    Place,
    Role,
)


class CountryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Country
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"c{n}")
    name_en = factory.Sequence(lambda n: f"Country {n}")
    name_lv = factory.Sequence(lambda n: f"Valsts {n}")


class PlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Place

    slug = factory.Sequence(lambda n: f"place-{n}")
    name_en = factory.Sequence(lambda n: f"Town {n}")
    name_lv = factory.Sequence(lambda n: f"Pilsēta {n}")
    country = factory.SubFactory(CountryFactory)
    latitude = "56.9496"
    longitude = "24.1052"


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    slug = factory.Sequence(lambda n: f"person-{n}")
    name_en = factory.Sequence(lambda n: f"Person {n}")
    name_lv = factory.Sequence(lambda n: f"Persona {n}")
    office_en = "Minister of Foreign Affairs"
    office_lv = "Ārlietu ministrs"
    country = factory.SubFactory(CountryFactory)


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    slug = factory.Sequence(lambda n: f"article-{n}")
    language = "en"
    title = factory.Sequence(lambda n: f"Article {n}")
    source_url = "https://en.wikipedia.org/wiki/Baltic_Entente"
    licence = "CC BY-SA 4.0"
    licence_url = "https://creativecommons.org/licenses/by-sa/4.0/"
    attribution = "Wikipedia contributors"


class ParagraphFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Paragraph

    article = factory.SubFactory(ArticleFactory)
    number = factory.Sequence(lambda n: n + 1)
    text = "In 1934 the treaty was signed in Geneva."


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    slug = factory.Sequence(lambda n: f"event-{n}")
    title_en = factory.Sequence(lambda n: f"Event {n}")
    title_lv = factory.Sequence(lambda n: f"Notikums {n}")
    kind = Event.Kind.TREATY
    start_date = factory.Sequence(lambda n: datetime.date(1920, 1, 1) + datetime.timedelta(days=n))
    precision = DatePrecision.DAY
    place = factory.SubFactory(PlaceFactory)
    summary_en = "Something was agreed."
    summary_lv = "Par kaut ko vienojās."


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation

    event = factory.SubFactory(EventFactory)
    country = factory.SubFactory(CountryFactory)
    role = Participation.Role.PARTY


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Role

    event = factory.SubFactory(EventFactory)
    person = factory.SubFactory(PersonFactory)
    kind = Role.Kind.SIGNATORY
    on_behalf_of = factory.SelfAttribute("person.country")


class CitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Citation

    event = factory.SubFactory(EventFactory)
    paragraph = factory.SubFactory(ParagraphFactory)
    quote = "the treaty was signed"


def event_with_everything(**kwargs) -> Event:
    """Make an event with two countries, a signatory and a citation, as a page would show."""
    event = EventFactory(**kwargs)
    for _ in range(2):
        ParticipationFactory(event=event)
    RoleFactory(event=event)
    CitationFactory(event=event)
    return event
