"""The one table the bare endpoint writes to (created by `migrate --run-syncdb`)."""

from django.db import models
from django.utils import timezone


class BareRow(models.Model):
    """One row per bare request: the smallest write a view can make."""

    question_id = models.BigIntegerField(null=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"BareRow {self.pk}"
