"""Classes a teacher runs, who is in them, and the quiz sets given to them."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quizzes.models import QuizSet

# No 0/O, 1/I/L: a code is read aloud or copied from a board.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8


def new_join_code() -> str:
    """Return a fresh join code: 8 characters, about 40 bits, from the secrets module."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


class ClassroomQuerySet(models.QuerySet):
    def taught_by(self, user) -> "ClassroomQuerySet":
        """Keep the classes this user teaches; a superuser sees every class."""
        if user.is_superuser:
            return self
        return self.filter(teachers=user)


class Classroom(models.Model):
    """A class: its teachers, its students, and the code students join it with."""

    name = models.CharField(_("name"), max_length=120)
    teachers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="taught_classrooms", verbose_name=_("teachers")
    )
    students = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="Membership",
        related_name="classrooms",
        blank=True,
        verbose_name=_("students"),
    )
    join_code = models.CharField(
        _("join code"),
        max_length=CODE_LENGTH,
        unique=True,
        default=new_join_code,
        help_text=_("Students enter it on their “My classes” page to join."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    objects = ClassroomQuerySet.as_manager()

    class Meta:
        verbose_name = _("class")
        verbose_name_plural = _("classes")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A student in a class."""

    classroom = models.ForeignKey(
        Classroom, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("class")
    )
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("student"),
    )
    joined_at = models.DateTimeField(_("joined"), default=timezone.now)

    class Meta:
        verbose_name = _("student in the class")
        verbose_name_plural = _("students in the class")
        ordering = ["classroom", "student__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["classroom", "student"], name="classrooms_membership_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.student} · {self.classroom}"


class AssignmentQuerySet(models.QuerySet):
    def taught_by(self, user) -> "AssignmentQuerySet":
        if user.is_superuser:
            return self
        return self.filter(classroom__teachers=user)


class Assignment(models.Model):
    """A quiz set given to a class, open from one moment and due at another."""

    classroom = models.ForeignKey(
        Classroom, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("class")
    )
    quiz_set = models.ForeignKey(
        QuizSet, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("quiz set")
    )
    opens_at = models.DateTimeField(_("opens"), default=timezone.now)
    due_at = models.DateTimeField(_("due"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
        editable=False,
    )

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["classroom", "due_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_at__gt=F("opens_at")), name="classrooms_assignment_due_after_open"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quiz_set} → {self.classroom}"
