"""Invalidate the cached read-only pages whenever a history fact is saved, deleted or loaded."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from baltic_quiz.content_cache import content_changed


def _is_history(sender) -> bool:
    return getattr(getattr(sender, "_meta", None), "app_label", None) == "history"


@receiver(post_save)
@receiver(post_delete)
def history_row_changed(sender, **kwargs) -> None:
    # loaddata sends post_save too (raw=True), so fixture loads invalidate as well.
    if _is_history(sender):
        content_changed()


@receiver(m2m_changed)
def history_links_changed(sender, action: str, **kwargs) -> None:
    if action.startswith("post_") and _is_history(sender):
        content_changed()
