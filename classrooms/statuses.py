"""Where an assignment stands, for a student and for the teacher: named once, translated once."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Standing(models.TextChoices):
    """An assignment as one student sees it, listed in this order of urgency."""

    OVERDUE = "overdue", _("overdue")
    DUE_SOON = "due_soon", _("due soon")
    OPEN = "open", _("open")
    UPCOMING = "upcoming", _("opens")
    LATE = "late", _("done late")
    DONE = "done", _("done")


class Progress(models.TextChoices):
    """A student's work on an assignment as the teacher sees it, in this order for sorting."""

    NOT_STARTED = "not_started", _("not started")
    IN_PROGRESS = "in_progress", _("in progress")
    LATE = "late", _("done late")
    DONE = "done", _("done")
