"""Signal receivers: hand over to services, hold no rules themselves."""

from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from quizzes import learners, question_cache, selectors, services
from quizzes.models import Choice, Question


@receiver(user_logged_in, dispatch_uid="quizzes_merge_anonymous_progress")
def merge_anonymous_progress(sender, request, user, **kwargs) -> None:
    """Keep what was done before signing in: move the session's progress into the account."""
    if request is None:
        return
    anonymous = selectors.anonymous_learner(learners.token_from(request))
    if anonymous is not None:
        services.learner_merge(anonymous=anonymous, user=user)


@receiver(post_save, sender=Choice, dispatch_uid="quizzes_choice_saved")
@receiver(post_delete, sender=Choice, dispatch_uid="quizzes_choice_deleted")
def choice_changed(sender, **kwargs) -> None:
    # Saved with its question, a choice already has a new cache key; saved alone, it has not.
    question_cache.bank_changed()


@receiver(m2m_changed, sender=Question.sources.through, dispatch_uid="quizzes_sources_changed")
@receiver(m2m_changed, sender=Question.events.through, dispatch_uid="quizzes_events_changed")
def question_links_changed(sender, action: str, **kwargs) -> None:
    # The quoted sources are the question's paragraphs, with its events' citations of them.
    if action.startswith("post_"):
        question_cache.bank_changed()
