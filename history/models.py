"""The facts of the Baltic Entente: source articles, and the events they state."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from history.dates import DatePrecision, format_span


class ArticleManager(models.Manager):
    def get_by_natural_key(self, slug: str) -> "Article":
        return self.get(slug=slug)


class Article(models.Model):
    """One source article, in one language, stored whole as ordered paragraphs."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    title = models.CharField(_("title"), max_length=200)
    source_url = models.URLField(_("source address"))
    licence = models.CharField(_("licence"), max_length=80)
    licence_url = models.URLField(_("licence address"))
    attribution = models.CharField(
        _("attribution"),
        max_length=300,
        help_text=_("Who wrote the text, as the licence asks it to be credited."),
    )

    objects = ArticleManager()

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["language", "title"]

    def __str__(self) -> str:
        return f"{self.title} ({self.language})"

    def get_absolute_url(self) -> str:
        return reverse("history:article", kwargs={"slug": self.slug})

    def natural_key(self) -> tuple[str]:
        return (self.slug,)


class ParagraphManager(models.Manager):
    def get_by_natural_key(self, article_slug: str, number: int) -> "Paragraph":
        return self.get(article__slug=article_slug, number=number)


class Paragraph(models.Model):
    """One paragraph of an article, addressable by its number."""

    class Kind(models.TextChoices):
        TEXT = "text", _("text")
        NOTE = "note", _("note")
        LIST = "list", _("list")
        REFERENCES = "references", _("references")

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="paragraphs", verbose_name=_("article")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    section = models.CharField(
        _("section"), max_length=120, blank=True, help_text=_("Heading of the section it is in.")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.TEXT)
    text = models.TextField(_("text"))

    objects = ParagraphManager()

    class Meta:
        verbose_name = _("paragraph")
        verbose_name_plural = _("paragraphs")
        ordering = ["article", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "number"], name="history_paragraph_unique_number"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.article.slug} ¶{self.number}"

    def get_absolute_url(self) -> str:
        return f"{self.article.get_absolute_url()}#{self.anchor}"

    def natural_key(self) -> tuple[str, int]:
        return (self.article.slug, self.number)

    natural_key.dependencies = ["history.article"]

    @property
    def anchor(self) -> str:
        return f"p{self.number}"

    @property
    def lines(self) -> list[str]:
        return self.text.splitlines()


class CodeManager(models.Manager):
    def get_by_natural_key(self, code: str):
        return self.get(code=code)


class Country(models.Model):
    """A state, as the articles name it at the time."""

    code = models.SlugField(_("code"), max_length=16, unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_lv_genitive = models.CharField(
        _("Latvian genitive"),
        max_length=100,
        blank=True,
        help_text=_("As in a sentence: „Igaunijas vārdā“ → Igaunijas."),
    )
    english_article = models.BooleanField(
        _("English article"),
        default=False,
        help_text=_("Said with “the” in an English sentence (the Soviet Union)."),
    )
    other_names = models.CharField(
        _("other names"),
        max_length=200,
        blank=True,
        help_text=_("Other names the texts use, comma-separated (PSRS, USSR)."),
    )
    existed_from = models.DateField(
        _("existed from"), null=True, blank=True, help_text=_("When the state came to be.")
    )
    existed_until = models.DateField(
        _("existed until"),
        null=True,
        blank=True,
        help_text=_("Last day of the state under this name (Soviet Russia: end of 1922)."),
    )

    objects = CodeManager()

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str]:
        return (self.code,)


class SlugManager(models.Manager):
    def get_by_natural_key(self, slug: str):
        return self.get(slug=slug)


class Place(models.Model):
    """A city or town where something happened, with its coordinates."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_lv_locative = models.CharField(
        _("Latvian locative"),
        max_length=100,
        blank=True,
        help_text=_("As in a sentence: „notika Tallinā“ → Tallinā."),
    )
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="places", verbose_name=_("country")
    )
    latitude = models.DecimalField(_("latitude"), max_digits=7, decimal_places=4)
    longitude = models.DecimalField(_("longitude"), max_digits=7, decimal_places=4)

    objects = SlugManager()

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__gte=-90, latitude__lte=90),
                name="history_place_latitude_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__gte=-180, longitude__lte=180),
                name="history_place_longitude_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str]:
        return (self.slug,)

    natural_key.dependencies = ["history.country"]


class Person(models.Model):
    """Someone the articles name, with the office they held at the time."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=120)
    office = models.CharField(_("office at the time"), max_length=200, blank=True)
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        related_name="people",
        null=True,
        blank=True,
        verbose_name=_("country"),
    )

    objects = SlugManager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str]:
        return (self.slug,)

    natural_key.dependencies = ["history.country"]


class EventQuerySet(models.QuerySet):
    def chronological(self) -> "EventQuerySet":
        return self.order_by("start_date", "end_date", "slug")

    def of_kind(self, kind: str) -> "EventQuerySet":
        return self.filter(kind=kind)

    def involving(self, country: "Country") -> "EventQuerySet":
        return self.filter(participations__country=country).distinct()

    def in_period(
        self, start: datetime.date | None = None, end: datetime.date | None = None
    ) -> "EventQuerySet":
        """Keep events that begin within [start, end]; either bound may be open."""
        events = self
        if start is not None:
            events = events.filter(start_date__gte=start)
        if end is not None:
            events = events.filter(start_date__lte=end)
        return events


class EventManager(models.Manager.from_queryset(EventQuerySet)):
    def get_by_natural_key(self, slug: str) -> "Event":
        return self.get(slug=slug)


class Event(models.Model):
    """Something that happened on a date (or over a few days), as the articles state it."""

    class Kind(models.TextChoices):
        CONFERENCE = "conference", _("conference")
        MINISTERS_CONFERENCE = "ministers_conference", _("foreign ministers' conference")
        TREATY = "treaty", _("treaty")
        DECLARATION = "declaration", _("declaration")
        PACT = "pact", _("pact")
        ULTIMATUM = "ultimatum", _("ultimatum")
        OCCUPATION = "occupation", _("occupation")
        ANNEXATION = "annexation", _("annexation")
        ANNULMENT = "annulment", _("annulment")
        MEMBERSHIP = "membership", _("membership")
        CRISIS = "crisis", _("crisis")
        FOUNDING = "founding", _("founding")
        DIPLOMACY = "diplomacy", _("diplomacy")
        MILITARY = "military", _("military")
        WAR = "war", _("war")

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    start_date = models.DateField(
        _("start date"),
        help_text=_("At month precision the 1st of the month; at year precision 1 January."),
    )
    end_date = models.DateField(
        _("end date"),
        null=True,
        blank=True,
        help_text=_("Last day, for events over several days."),
    )
    precision = models.CharField(_("date precision"), max_length=8, choices=DatePrecision.choices)
    number = models.PositiveSmallIntegerField(
        _("number"),
        null=True,
        blank=True,
        help_text=_(
            "Ordinal number within its series, e.g. the 11th foreign ministers' conference."
        ),
    )
    place = models.ForeignKey(
        Place,
        on_delete=models.PROTECT,
        related_name="events",
        null=True,
        blank=True,
        verbose_name=_("place"),
    )
    summary = models.TextField(_("summary"))
    # How questions name the event: forms for every slot a sentence puts it in.
    name = models.CharField(
        _("name in a sentence"),
        max_length=200,
        blank=True,
        help_text=_(
            "In English with its article (“the Bulduri Conference”); in Latvian in the "
            "nominative (“Bulduru konference”). Questions name the event so."
        ),
    )
    name_lv_accusative = models.CharField(
        _("Latvian accusative"),
        max_length=200,
        blank=True,
        help_text=_("„Kas parakstīja …?“ → līgumu par Baltijas Antantes izveidošanu."),
    )
    name_lv_locative = models.CharField(
        _("Latvian locative"),
        max_length=200,
        blank=True,
        help_text=_("„Kura valsts piedalījās …?“ → Bulduru konferencē."),
    )
    description = models.CharField(
        _("neutral description"),
        max_length=300,
        blank=True,
        help_text=_(
            "Names the event without its place or its parties, for the questions that ask "
            "them; same forms as the name."
        ),
    )
    description_lv_accusative = models.CharField(
        _("Latvian accusative of the description"), max_length=300, blank=True
    )
    description_lv_locative = models.CharField(
        _("Latvian locative of the description"), max_length=300, blank=True
    )
    name_is_plural = models.BooleanField(
        _("plural name"), default=False, help_text=_("The name is plural (the peace treaties).")
    )
    verb = models.CharField(
        _("verb"),
        max_length=16,
        choices=[
            ("take_place", _("took place (who took part may be asked)")),
            ("happen", _("happened")),
            ("sign", _("was signed")),
            ("conclude", _("was concluded")),
            ("make", _("was made")),
            ("found", _("was founded")),
            ("begin", _("began")),
            ("end", _("ended")),
            ("issue", _("was issued")),
        ],
        blank=True,
        help_text=_("What the event did, for the questions; blank: as its kind suggests."),
    )
    participants_complete = models.BooleanField(
        _("every participant named"),
        default=True,
        help_text=_(
            "Switch off where the articles give no full list (“the new Baltic states and "
            "Poland”): then no question asks who took part."
        ),
    )
    dated_after = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dated after"),
        help_text=_("The articles date it as after this event (“after the Bulduri conference”)."),
    )
    countries = models.ManyToManyField(
        Country, through="Participation", related_name="events", verbose_name=_("countries")
    )
    people = models.ManyToManyField(
        Person, through="Role", related_name="events", verbose_name=_("people")
    )
    paragraphs = models.ManyToManyField(
        Paragraph, through="Citation", related_name="events", verbose_name=_("sources")
    )

    objects = EventManager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["start_date", "end_date", "slug"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gt=models.F("start_date")),
                name="history_event_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(precision=DatePrecision.DAY),
                name="history_event_range_only_in_days",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("history:event", kwargs={"slug": self.slug})

    def natural_key(self) -> tuple[str]:
        return (self.slug,)

    def clean(self) -> None:
        # A blank or unknown precision or date is already reported on its own field.
        if self.start_date is None or self.precision not in DatePrecision.values:
            return
        if not DatePrecision(self.precision).fits(self.start_date):
            raise ValidationError(
                {"start_date": _("At this precision the date must be the first of its period.")}
            )

    @property
    def machine_date(self) -> str:
        """Return the start as an HTML datetime value, no finer than it is known."""
        iso = self.start_date.isoformat()
        return {DatePrecision.YEAR: iso[:4], DatePrecision.MONTH: iso[:7]}.get(self.precision, iso)

    @property
    def when(self) -> str:
        """Return the date in the active language, no finer than it is known."""
        return format_span(self.start_date, self.end_date, DatePrecision(self.precision))


class ParticipationManager(models.Manager):
    def get_by_natural_key(self, event_slug: str, country_code: str) -> "Participation":
        return self.get(event__slug=event_slug, country__code=country_code)


class Participation(models.Model):
    """A country's part in an event."""

    class Role(models.TextChoices):
        PARTY = "party", _("party")
        OBSERVER = "observer", _("observer")
        AFFECTED = "affected", _("affected")
        # The sources leave its part open: never offered as a right or wrong answer.
        OPEN = "open", _("not stated by the sources")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="participations", verbose_name=_("event")
    )
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="participations", verbose_name=_("country")
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.PARTY)

    objects = ParticipationManager()

    class Meta:
        verbose_name = _("participating country")
        verbose_name_plural = _("participating countries")
        ordering = ["event", "role", "country"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "country"], name="history_participation_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.country} ({self.get_role_display()}): {self.event}"

    def natural_key(self) -> tuple[str, str]:
        return (*self.event.natural_key(), *self.country.natural_key())

    natural_key.dependencies = ["history.event", "history.country"]


class RoleManager(models.Manager):
    def get_by_natural_key(self, event_slug: str, person_slug: str) -> "Role":
        return self.get(event__slug=event_slug, person__slug=person_slug)


class Role(models.Model):
    """What a person did in an event, and for which state."""

    class Kind(models.TextChoices):
        SIGNATORY = "signatory", _("signatory")
        PARTICIPANT = "participant", _("participant")
        INITIATOR = "initiator", _("initiator")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="roles", verbose_name=_("event")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="roles", verbose_name=_("person")
    )
    kind = models.CharField(_("role"), max_length=16, choices=Kind.choices)
    on_behalf_of = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("on behalf of"),
    )

    objects = RoleManager()

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        ordering = ["event", "kind", "on_behalf_of"]
        constraints = [
            models.UniqueConstraint(fields=["event", "person"], name="history_role_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.person}, {self.get_kind_display()} ({self.on_behalf_of}): {self.event}"

    def natural_key(self) -> tuple[str, str]:
        return (*self.event.natural_key(), *self.person.natural_key())

    natural_key.dependencies = ["history.event", "history.person"]


#: Joins separate excerpts of one paragraph in a citation's quote.
QUOTE_ELISION = " … "


class CitationManager(models.Manager):
    def get_by_natural_key(self, event_slug: str, article_slug: str, number: int) -> "Citation":
        return self.get(
            event__slug=event_slug, paragraph__article__slug=article_slug, paragraph__number=number
        )


class Citation(models.Model):
    """A paragraph that states an event, with the words that state it."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="citations", verbose_name=_("event")
    )
    paragraph = models.ForeignKey(
        Paragraph, on_delete=models.PROTECT, related_name="citations", verbose_name=_("paragraph")
    )
    quote = models.TextField(
        _("quote"),
        help_text=_("The paragraph's own words, verbatim; separate excerpts joined by “ … ”."),
    )
    states_parties = models.BooleanField(
        _("states who took part"),
        default=False,
        help_text=_(
            "The quote says which states took part without naming the event's date or place "
            "(“periodic conferences of the foreign ministers of the three countries”)."
        ),
    )

    objects = CitationManager()

    class Meta:
        verbose_name = _("citation")
        verbose_name_plural = _("citations")
        ordering = ["event", "paragraph"]
        constraints = [
            models.UniqueConstraint(fields=["event", "paragraph"], name="history_citation_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.event} ← {self.paragraph}"

    def clean(self) -> None:
        if self.paragraph_id and self.quote and not self.is_verbatim():
            raise ValidationError({"quote": _("The quote must be copied from the paragraph.")})

    def natural_key(self) -> tuple[str, str, int]:
        return (*self.event.natural_key(), *self.paragraph.natural_key())

    def is_verbatim(self) -> bool:
        """Tell whether every excerpt of the quote is copied exactly from the paragraph."""
        return all(part in self.paragraph.text for part in self.quote.split(QUOTE_ELISION))

    natural_key.dependencies = ["history.event", "history.paragraph"]
