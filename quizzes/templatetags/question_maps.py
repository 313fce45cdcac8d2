"""Draw a map question's choices on the site's map, in the reader's language."""

from django import template
from django.utils.translation import get_language

from quizzes import mapping

register = template.Library()


@register.simple_tag
def question_map(choices, answer=None, reveal=False):
    """The choices as pins on a map; revealed, the right and the picked one marked."""
    return mapping.question_map(list(choices), get_language(), answer=answer, reveal=reveal)


@register.simple_tag
def map_feedback(choices, answer):
    """How far the picked place lies from the right one, or None."""
    return mapping.map_feedback(list(choices), answer) if answer is not None else None
