"""Fields that are stored in English and Latvian (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from history.models import Country, Event, Person, Place


class BilingualOptions(TranslationOptions):
    required_languages = ("en", "lv")


@register(Country)
class CountryTranslationOptions(BilingualOptions):
    fields = ("name",)


@register(Place)
class PlaceTranslationOptions(BilingualOptions):
    fields = ("name",)


@register(Person)
class PersonTranslationOptions(BilingualOptions):
    fields = ("name", "office")
    required_languages = {"en": ("name",), "lv": ("name",)}


@register(Event)
class EventTranslationOptions(BilingualOptions):
    fields = ("title", "summary", "name", "description")
    required_languages = {"en": ("title", "summary"), "lv": ("title", "summary")}
