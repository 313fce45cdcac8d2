"""The question bank and the quiz sets teachers build from it."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from history.models import Country, Event, Paragraph, Place
from quizzes.generators import QuestionKind


def new_custom_key() -> str:
    return f"custom:{uuid.uuid4().hex}"


class QuestionQuerySet(models.QuerySet):
    def in_use(self) -> "QuestionQuerySet":
        """Keep questions a quiz may draw: switched on and not retired by the generator."""
        return self.filter(is_active=True, retired_at__isnull=True)


class QuestionManager(models.Manager.from_queryset(QuestionQuerySet)):
    def get_by_natural_key(self, key: str) -> "Question":
        return self.get(key=key)


class Question(models.Model):
    """One multiple-choice (or ordering) question, in English and Latvian."""

    class Kind(models.TextChoices):
        DATE = QuestionKind.DATE, _("date")
        PLACE = QuestionKind.PLACE, _("place")
        HOST = QuestionKind.HOST, _("conference host city")
        SIGNATORY = QuestionKind.SIGNATORY, _("signatory")
        SIGNED_FOR = QuestionKind.SIGNED_FOR, _("state signed for")
        PARTICIPANT = QuestionKind.PARTICIPANT, _("participant")
        NON_PARTICIPANT = QuestionKind.NON_PARTICIPANT, _("non-participant")
        CHRONOLOGY = QuestionKind.CHRONOLOGY, _("chronology")
        MAP = QuestionKind.MAP, _("place on the map")
        TIMELINE = QuestionKind.TIMELINE, _("place on the timeline")
        YEAR = QuestionKind.YEAR, _("typed year")
        CUSTOM = "custom", _("written by a teacher")

    class Difficulty(models.IntegerChoices):
        EASY = 1, _("easy")
        MEDIUM = 2, _("medium")
        HARD = 3, _("hard")

    key = models.CharField(
        _("key"),
        max_length=255,
        unique=True,
        default=new_custom_key,
        help_text=_("Stable identifier: kind, event(s) and variant for generated questions."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.CUSTOM)
    prompt = models.TextField(_("question"))
    explanation = models.TextField(_("explanation"), blank=True)
    difficulty = models.PositiveSmallIntegerField(
        _("difficulty"), choices=Difficulty.choices, default=Difficulty.MEDIUM
    )
    events = models.ManyToManyField(
        Event, related_name="questions", blank=True, verbose_name=_("events")
    )
    sources = models.ManyToManyField(
        Paragraph, related_name="questions", blank=True, verbose_name=_("source paragraphs")
    )
    # Timeline and typed year: the right answer, with the month only where it is asked.
    answer_year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    answer_month = models.PositiveSmallIntegerField(
        _("month"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text=_("Timeline: set only where the date is known to the month."),
    )
    # Timeline: the strip of years the student places the event on.
    year_from = models.PositiveSmallIntegerField(_("timeline from"), null=True, blank=True)
    year_to = models.PositiveSmallIntegerField(_("timeline to"), null=True, blank=True)
    is_generated = models.BooleanField(_("generated"), default=False, editable=False)
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Switch off to keep it out of every quiz.")
    )
    retired_at = models.DateTimeField(
        _("retired"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When the facts it was generated from stopped supporting it."),
    )
    fingerprint = models.CharField(max_length=64, blank=True, editable=False)
    # The teacher who wrote it: only they (and a superuser) may change it. Generated
    # questions belong to nobody.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = QuestionManager()

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["kind", "key"]

    def __str__(self) -> str:
        return self.prompt

    def natural_key(self) -> tuple[str]:
        return (self.key,)


class Choice(models.Model):
    """One answer offered for a question; for chronology, one event to put in its place."""

    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="choices", verbose_name=_("question")
    )
    text = models.CharField(_("text"), max_length=300)
    is_correct = models.BooleanField(_("correct"), default=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    rank = models.PositiveSmallIntegerField(
        _("rank"), null=True, blank=True, help_text=_("Chronology: 1 for the earliest event.")
    )
    # Map questions: the place this choice marks; the answer is judged by the choice picked.
    place = models.ForeignKey(
        Place,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("place on the map"),
    )

    class Meta:
        verbose_name = _("choice")
        verbose_name_plural = _("choices")
        ordering = ["question", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "position"], name="quizzes_choice_unique_position"
            ),
        ]

    def __str__(self) -> str:
        return self.text


class QuizSetQuerySet(models.QuerySet):
    def published(self) -> "QuizSetQuerySet":
        return self.filter(is_published=True)

    def available(self, at=None) -> "QuizSetQuerySet":
        """Keep published sets whose availability window is open at the given moment."""
        at = at or timezone.now()
        return self.published().filter(
            Q(available_from__isnull=True) | Q(available_from__lte=at),
            Q(available_until__isnull=True) | Q(available_until__gt=at),
        )


class QuizSetManager(models.Manager.from_queryset(QuizSetQuerySet)):
    def get_by_natural_key(self, slug: str) -> "QuizSet":
        return self.get(slug=slug)


class QuizSet(models.Model):
    """A quiz a teacher offers: picked questions, or a rule to draw them by."""

    class Mode(models.TextChoices):
        PICKED = "picked", _("hand-picked questions")
        RULE = "rule", _("drawn by a rule")

    class Feedback(models.TextChoices):
        EACH = "each", _("after each answer")
        END = "end", _("at the end")

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    mode = models.CharField(_("questions"), max_length=8, choices=Mode.choices, default=Mode.RULE)
    question_kinds = models.JSONField(
        _("question kinds"), default=list, blank=True, help_text=_("Empty: every kind.")
    )
    event_kinds = models.JSONField(
        _("event kinds"), default=list, blank=True, help_text=_("Empty: every kind of event.")
    )
    period_start = models.DateField(_("events from"), null=True, blank=True)
    period_end = models.DateField(_("events until"), null=True, blank=True)
    countries = models.ManyToManyField(
        Country,
        blank=True,
        related_name="quiz_sets",
        verbose_name=_("countries"),
        help_text=_("Only events these states took part in. Empty: any."),
    )
    question_count = models.PositiveSmallIntegerField(
        _("questions per attempt"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Empty: all of them."),
    )
    questions = models.ManyToManyField(
        Question,
        through="QuizSetQuestion",
        related_name="quiz_sets",
        blank=True,
        verbose_name=_("questions"),
    )
    shuffle_questions = models.BooleanField(_("shuffle questions"), default=True)
    shuffle_choices = models.BooleanField(_("shuffle choices"), default=True)
    time_limit_minutes = models.PositiveSmallIntegerField(
        _("time limit (minutes)"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    attempts_allowed = models.PositiveSmallIntegerField(
        _("attempts allowed"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Empty: no limit."),
    )
    feedback_mode = models.CharField(
        _("feedback"), max_length=8, choices=Feedback.choices, default=Feedback.EACH
    )
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"), default=60, validators=[MaxValueValidator(100)]
    )
    is_published = models.BooleanField(_("published"), default=False)
    available_from = models.DateTimeField(_("available from"), null=True, blank=True)
    available_until = models.DateTimeField(_("available until"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    objects = QuizSetManager()

    class Meta:
        verbose_name = _("quiz set")
        verbose_name_plural = _("quiz sets")
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(pass_mark__lte=100), name="quizzes_quizset_pass_mark_percent"
            ),
            models.CheckConstraint(
                condition=Q(available_from__isnull=True)
                | Q(available_until__isnull=True)
                | Q(available_until__gt=models.F("available_from")),
                name="quizzes_quizset_window_forward",
            ),
            models.CheckConstraint(
                condition=Q(period_start__isnull=True)
                | Q(period_end__isnull=True)
                | Q(period_end__gte=models.F("period_start")),
                name="quizzes_quizset_period_forward",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def natural_key(self) -> tuple[str]:
        return (self.slug,)


class QuizSetQuestionManager(models.Manager):
    def get_by_natural_key(self, set_slug: str, question_key: str) -> "QuizSetQuestion":
        return self.get(quiz_set__slug=set_slug, question__key=question_key)


class QuizSetQuestion(models.Model):
    """A hand-picked question's place in a quiz set."""

    quiz_set = models.ForeignKey(
        QuizSet, on_delete=models.CASCADE, related_name="entries", verbose_name=_("quiz set")
    )
    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, related_name="entries", verbose_name=_("question")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = QuizSetQuestionManager()

    class Meta:
        verbose_name = _("picked question")
        verbose_name_plural = _("picked questions")
        ordering = ["quiz_set", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["quiz_set", "question"], name="quizzes_quizsetquestion_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quiz_set} #{self.position}: {self.question}"

    def natural_key(self) -> tuple[str, str]:
        return (*self.quiz_set.natural_key(), *self.question.natural_key())

    natural_key.dependencies = ["quizzes.quizset", "quizzes.question"]


class LearnerQuerySet(models.QuerySet):
    def named_by(self, token) -> "LearnerQuerySet":
        """Keep the anonymous learner a browser's token names; an account's is never named."""
        return self.filter(anonymous_token=token, user__isnull=True)


class Learner(models.Model):
    """Whoever takes quizzes: an account, or an anonymous browser session until it signs up."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="learner",
        verbose_name=_("user"),
    )
    # The browser's cookie names an anonymous learner by this; cleared when it signs in.
    anonymous_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    objects = LearnerQuerySet.as_manager()

    class Meta:
        verbose_name = _("learner")
        verbose_name_plural = _("learners")

    def __str__(self) -> str:
        return str(self.user) if self.user_id else _("anonymous learner %(id)s") % {"id": self.pk}


class AttemptQuerySet(models.QuerySet):
    def finished(self) -> "AttemptQuerySet":
        return self.filter(finished_at__isnull=False)

    def open(self) -> "AttemptQuerySet":
        return self.filter(finished_at__isnull=True)


class Attempt(models.Model):
    """One go at a quiz set (or a practice session), with the questions drawn for it."""

    class Kind(models.TextChoices):
        QUIZ = "quiz", _("quiz")
        PRACTICE = "practice", _("practice")
        # Answers given in a live lesson: recorded as each question is revealed, never counted
        # against the quiz set's attempt limit.
        LIVE = "live", _("live lesson")

    class Ending(models.TextChoices):
        SUBMITTED = "submitted", _("submitted")
        EXPIRED = "expired", _("time ran out")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    learner = models.ForeignKey(
        Learner, on_delete=models.CASCADE, related_name="attempts", verbose_name=_("learner")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.QUIZ)
    quiz_set = models.ForeignKey(
        QuizSet,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attempts",
        verbose_name=_("quiz set"),
    )
    # Copied from the quiz set when the attempt starts, so later edits don't change it.
    feedback_mode = models.CharField(
        _("feedback"),
        max_length=8,
        choices=QuizSet.Feedback.choices,
        default=QuizSet.Feedback.EACH,
    )
    pass_mark = models.PositiveSmallIntegerField(_("pass mark (%)"), null=True, blank=True)
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    ending = models.CharField(_("ending"), max_length=10, choices=Ending.choices, blank=True)
    question_total = models.PositiveSmallIntegerField(_("questions"), default=0)
    # Kept with every stored answer, in its transaction, for the live progress bar; the score
    # itself is counted from the answers when the attempt is finished.
    answered_count = models.PositiveSmallIntegerField(_("answered"), default=0)
    correct_count = models.PositiveSmallIntegerField(_("answered right"), default=0)
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)

    objects = AttemptQuerySet.as_manager()

    class Meta:
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["learner", "quiz_set", "started_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="practice") | Q(quiz_set__isnull=False),
                name="quizzes_attempt_quiz_has_set",
            ),
            models.CheckConstraint(
                condition=Q(finished_at__isnull=True, ending="")
                | Q(finished_at__isnull=False, score__isnull=False) & ~Q(ending=""),
                name="quizzes_attempt_finished_has_score",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quiz_set or self.get_kind_display()} · {self.learner}"

    def get_absolute_url(self) -> str:
        return reverse("quizzes:attempt", kwargs={"public_id": self.public_id})

    @property
    def is_finished(self) -> bool:
        return self.finished_at is not None

    @property
    def percent(self) -> int | None:
        if self.score is None or not self.question_total:
            return None
        return round(100 * self.score / self.question_total)

    @property
    def passed(self) -> bool | None:
        if self.percent is None or self.pass_mark is None:
            return None
        return self.percent >= self.pass_mark


class AttemptQuestion(models.Model):
    """A question drawn for an attempt, with the order its choices are shown in."""

    attempt = models.ForeignKey(
        Attempt, on_delete=models.CASCADE, related_name="items", verbose_name=_("attempt")
    )
    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, related_name="+", verbose_name=_("question")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    choice_order = models.JSONField(_("choice order"), default=list)

    class Meta:
        verbose_name = _("drawn question")
        verbose_name_plural = _("drawn questions")
        ordering = ["attempt", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["attempt", "position"], name="quizzes_attemptquestion_unique_position"
            ),
            models.UniqueConstraint(
                fields=["attempt", "question"], name="quizzes_attemptquestion_unique_question"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.attempt} #{self.position}"


class Answer(models.Model):
    """A learner's one answer to one drawn question of an attempt."""

    attempt = models.ForeignKey(
        Attempt, on_delete=models.CASCADE, related_name="answers", verbose_name=_("attempt")
    )
    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, related_name="answers", verbose_name=_("question")
    )
    choice = models.ForeignKey(
        Choice,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("choice"),
    )
    order = models.JSONField(
        _("order given"), default=list, blank=True, help_text=_("Chronology: choice ids in order.")
    )
    # Timeline and typed year: the year (and month) the learner gave.
    given_year = models.PositiveSmallIntegerField(_("year given"), null=True, blank=True)
    given_month = models.PositiveSmallIntegerField(_("month given"), null=True, blank=True)
    is_correct = models.BooleanField(_("correct"))
    answered_at = models.DateTimeField(_("answered"), default=timezone.now)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["attempt", "answered_at"]
        constraints = [
            # The record's guarantee: whatever the client sends, and however often, one
            # answer per question per attempt.
            models.UniqueConstraint(
                fields=["attempt", "question"], name="quizzes_answer_once_per_question"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.attempt}: {self.question_id} ({'✓' if self.is_correct else '✗'})"


class PracticeCardQuerySet(models.QuerySet):
    def due(self, at=None) -> "PracticeCardQuerySet":
        return self.filter(due_at__lte=at or timezone.now())


class PracticeCard(models.Model):
    """Where a question stands for a learner in the Leitner boxes."""

    BOXES = 5

    learner = models.ForeignKey(
        Learner, on_delete=models.CASCADE, related_name="cards", verbose_name=_("learner")
    )
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="+", verbose_name=_("question")
    )
    box = models.PositiveSmallIntegerField(
        _("box"), default=1, validators=[MinValueValidator(1), MaxValueValidator(BOXES)]
    )
    due_at = models.DateTimeField(_("due"), default=timezone.now)
    last_seen_at = models.DateTimeField(_("last seen"), default=timezone.now)
    right = models.PositiveIntegerField(_("right"), default=0)
    wrong = models.PositiveIntegerField(_("wrong"), default=0)

    objects = PracticeCardQuerySet.as_manager()

    class Meta:
        verbose_name = _("practice card")
        verbose_name_plural = _("practice cards")
        ordering = ["learner", "due_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "question"], name="quizzes_practicecard_unique"
            ),
            models.CheckConstraint(
                condition=Q(box__gte=1, box__lte=5), name="quizzes_practicecard_box_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.learner} · {self.question_id} · box {self.box}"
