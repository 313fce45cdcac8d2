"""Live lessons: a teacher takes a whole class through a quiz set one question at a time."""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from classrooms.models import CODE_ALPHABET, Classroom
from quizzes.models import Attempt, Choice, Question, QuizSet

# Short enough to type on a phone from the projector; the alphabet has no look-alikes.
CODE_LENGTH = 6
NAME_MIN, NAME_MAX = 2, 24


def new_live_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


class LiveSession(models.Model):
    """One live run of a quiz set, and where the room is in it."""

    class State(models.TextChoices):
        LOBBY = "lobby", _("waiting for students")
        QUESTION = "question", _("question open")
        REVEALED = "revealed", _("answer shown")
        PAUSED = "paused", _("paused")
        ENDED = "ended", _("ended")

    code = models.CharField(_("join code"), max_length=CODE_LENGTH, unique=True)
    quiz_set = models.ForeignKey(
        QuizSet, on_delete=models.PROTECT, related_name="+", verbose_name=_("quiz set")
    )
    classroom = models.ForeignKey(
        Classroom,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("class"),
    )
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("teacher"),
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default="lobby")
    # Where a pause returns to.
    paused_state = models.CharField(max_length=10, choices=State.choices, blank=True)
    position = models.PositiveSmallIntegerField(_("current question"), default=0)
    allow_change = models.BooleanField(_("answers can be changed until the reveal"), default=True)
    # Raised by every change the phones must see; a poll with the same number gets nothing.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(_("started"), default=timezone.now, editable=False)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)

    class Meta:
        verbose_name = _("live session")
        verbose_name_plural = _("live sessions")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state="lobby", position=0)
                | ~Q(state="lobby") & Q(position__gte=1)
                | Q(state="ended"),
                name="live_session_position_matches_state",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quiz_set} · {self.code}"

    @property
    def is_open(self) -> bool:
        return self.state != self.State.ENDED


class LiveQuestion(models.Model):
    """A question drawn for a live session, with the order its choices are shown in."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("not asked yet")
        ASKED = "asked", _("asked")
        REVEALED = "revealed", _("answer shown")
        SKIPPED = "skipped", _("skipped")

    session = models.ForeignKey(
        LiveSession, on_delete=models.CASCADE, related_name="items", verbose_name=_("session")
    )
    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, related_name="+", verbose_name=_("question")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    choice_order = models.JSONField(_("choice order"), default=list)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.WAITING
    )

    class Meta:
        verbose_name = _("live question")
        verbose_name_plural = _("live questions")
        ordering = ["session", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "position"], name="live_question_unique_position"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session} #{self.position}"


class LiveParticipant(models.Model):
    """A student in a live session: a display name, and an account when signed in."""

    session = models.ForeignKey(
        LiveSession,
        on_delete=models.CASCADE,
        related_name="participants",
        verbose_name=_("session"),
    )
    display_name = models.CharField(_("display name"), max_length=NAME_MAX)
    # The name case-folded: SQLite's lower() knows only ASCII, and "Jānis" is "JĀNIS".
    name_key = models.CharField(max_length=NAME_MAX * 3, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    # The phone's cookie names the participant by this, so a reload or a lost connection
    # comes back to the same place.
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    joined_at = models.DateTimeField(_("joined"), default=timezone.now)
    # A signed-in student's answers go into this attempt as each question is revealed.
    attempt = models.OneToOneField(
        Attempt,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("attempt"),
    )

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["session", "joined_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "name_key"], name="live_participant_unique_name"
            ),
            models.UniqueConstraint(
                fields=["session", "user"],
                condition=Q(user__isnull=False),
                name="live_participant_unique_user",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name


class LiveAnswer(models.Model):
    """A participant's one answer to one question of the session."""

    participant = models.ForeignKey(
        LiveParticipant,
        on_delete=models.CASCADE,
        related_name="answers",
        verbose_name=_("participant"),
    )
    item = models.ForeignKey(
        LiveQuestion, on_delete=models.CASCADE, related_name="answers", verbose_name=_("question")
    )
    choice = models.ForeignKey(
        Choice, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("choice")
    )
    # An ordering question's answer: the choices' ids in the order the student put them.
    order = models.JSONField(_("order given"), default=list, blank=True)
    is_correct = models.BooleanField(_("correct"))
    answered_at = models.DateTimeField(_("answered"), default=timezone.now)

    class Meta:
        verbose_name = _("live answer")
        verbose_name_plural = _("live answers")
        ordering = ["item", "answered_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "item"], name="live_answer_once_per_question"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant}: {self.item} ({'✓' if self.is_correct else '✗'})"
