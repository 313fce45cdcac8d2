"""The phone's stage as HTML: for one phone, or shared by every phone of a language.

Presentation, used by the views and by the events: when a question is shown, nothing on the
stage of a phone that has not answered it yet belongs to that phone (the student's name is
outside the stage, the HTMX form sends its CSRF token from the page's body), so it is drawn
once per language and carried to every phone in the event, instead of fetched by each.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from live import selectors
from live.models import LiveParticipant, LiveSession
from quizzes.forms import AnswerForm

PLAY = "live/play.html"


def stage_context(
    session: LiveSession, participant: LiveParticipant | None, form: AnswerForm | None = None
) -> dict:
    """What the stage partial is drawn from; no participant means one who has not answered."""
    context = selectors.student_stage(session=session, participant=participant)
    if context.get("ordering") and context.get("is_open"):
        # The quiz pages' ordering form: a place for each event, with move buttons.
        context["order_form"] = form or AnswerForm(
            choices=context["choices"],
            chronology=True,
            initial=AnswerForm.initial_from(context["answer"], context["choices"]),
        )
    return context


def shared_stage(*, session: LiveSession, language: str) -> str | None:
    """The stage of the question just shown, for any phone that has not answered it yet.

    None when the session is not showing an open question: then the stages differ per phone
    (a verdict, a pause over a saved answer, a score) and each phone fetches its own.
    """
    if session.state != LiveSession.State.QUESTION or not session.position:
        return None
    with translation.override(language):
        context = stage_context(session, None)
        if context["item"] is None:
            return None
        # No request and no CSRF input: the same HTML for every phone.
        context["shared"] = True
        return render_to_string(f"{PLAY}#stage", context)


def shared_stages(session: LiveSession) -> dict[str, str]:
    """The shared stage in each of the site's languages (none if there is no shared stage)."""
    stages = {}
    for language, _name in settings.LANGUAGES:
        html = shared_stage(session=session, language=language)
        if html is not None:
            stages[language] = html
    return stages
