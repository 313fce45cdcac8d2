"""Signal receivers: hand over to services, hold no rules themselves."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from quizzes import learners, selectors, services


@receiver(user_logged_in, dispatch_uid="quizzes_merge_anonymous_progress")
def merge_anonymous_progress(sender, request, user, **kwargs) -> None:
    """Keep what was done before signing in: move the session's progress into the account."""
    if request is None:
        return
    anonymous = selectors.anonymous_learner(learners.token_from(request))
    if anonymous is not None:
        services.learner_merge(anonymous=anonymous, user=user)
