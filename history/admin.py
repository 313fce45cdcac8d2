"""Admin for the history facts: search, filters, and inlines for who took part and the sources."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from core.changelists import SafeChangeListMixin
from core.related import SafeRelatedFieldsMixin
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


class ParagraphInline(admin.StackedInline):
    model = Paragraph
    extra = 0
    fields = ["number", "section", "kind", "text"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "language", "licence", "source_url"]
    list_filter = ["language"]
    search_fields = ["title", "paragraphs__text"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [ParagraphInline]


@admin.register(Paragraph)
class ParagraphAdmin(admin.ModelAdmin):
    list_display = ["__str__", "article", "number", "kind", "section"]
    list_filter = ["article", "kind"]
    search_fields = ["text", "section"]
    list_select_related = ["article"]
    ordering = ["article", "number"]


@admin.register(Country)
class CountryAdmin(TranslationAdmin):
    list_display = ["name", "code", "name_lv_genitive", "existed_from", "existed_until"]
    search_fields = ["name_en", "name_lv", "code"]


@admin.register(Place)
class PlaceAdmin(TranslationAdmin):
    list_display = ["name", "name_lv_locative", "country", "latitude", "longitude"]
    list_filter = ["country"]
    list_select_related = ["country"]
    search_fields = ["name_en", "name_lv", "slug"]


@admin.register(Person)
class PersonAdmin(SafeRelatedFieldsMixin, TranslationAdmin):
    list_display = ["name", "office", "country"]
    list_filter = ["country"]
    list_select_related = ["country"]
    search_fields = ["name_en", "name_lv", "office_en", "office_lv"]


class ParticipationInline(SafeRelatedFieldsMixin, admin.TabularInline):
    model = Participation
    extra = 0
    autocomplete_fields = ["country"]


class RoleInline(SafeRelatedFieldsMixin, admin.TabularInline):
    model = Role
    extra = 0
    autocomplete_fields = ["person", "on_behalf_of"]


class CitationInline(SafeRelatedFieldsMixin, admin.StackedInline):
    model = Citation
    extra = 0
    autocomplete_fields = ["paragraph"]


@admin.register(Event)
class EventAdmin(SafeChangeListMixin, SafeRelatedFieldsMixin, TranslationAdmin):
    list_display = ["title", "kind", "start_date", "end_date", "precision", "place"]
    list_filter = ["kind", "precision", "place", "participations__country"]
    list_select_related = ["place"]
    search_fields = ["title_en", "title_lv", "summary_en", "summary_lv", "slug"]
    date_hierarchy = "start_date"
    autocomplete_fields = ["place", "dated_after"]
    inlines = [ParticipationInline, RoleInline, CitationInline]
    fieldsets = [
        (None, {"fields": ["slug", "title", "kind", "number", "summary"]}),
        (_("When and where"), {"fields": ["start_date", "end_date", "precision", "place"]}),
        (
            _("How questions name it"),
            {
                "fields": [
                    "name",
                    "name_lv_accusative",
                    "name_lv_locative",
                    "description",
                    "description_lv_accusative",
                    "description_lv_locative",
                    "name_is_plural",
                    "verb",
                    "participants_complete",
                    "dated_after",
                ]
            },
        ),
    ]


@admin.register(Citation)
class CitationAdmin(SafeRelatedFieldsMixin, admin.ModelAdmin):
    list_display = ["event", "paragraph"]
    list_filter = ["paragraph__article"]
    list_select_related = ["event", "paragraph__article"]
    search_fields = ["quote", "event__title_en", "event__title_lv"]
    autocomplete_fields = ["event", "paragraph"]
