"""Signal receivers: hand over to selectors and services, hold no rules themselves."""

from django.dispatch import receiver

from classrooms import selectors
from quizzes.signals import quiz_set_withdrawal


@receiver(quiz_set_withdrawal, dispatch_uid="classrooms_keep_assigned_sets")
def keep_assigned_sets(sender, quiz_set, user, **kwargs) -> str | None:
    return selectors.quiz_set_assigned_beyond(quiz_set=quiz_set, user=user)
