"""The phone's stage as HTML: for one phone, or shared by every phone of a language.

Presentation, used by the views and by the events: when a question is shown, nothing on the
stage of a phone that has not answered it yet belongs to that phone (the student's name is
outside the stage, the HTMX form sends its CSRF token from the page's body), so it is drawn
once per language and carried to every phone in the event, instead of fetched by each.

At the reveal the stage depends on the answer only (right, wrong or none, which choice or
order was "yours"), so it is drawn once per language and answer given, and each phone picks
the one its stage before said was its own (`data-answer`, selectors.answer_key).
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from live import selectors
from live.models import LiveAnswer, LiveParticipant, LiveSession
from quizzes.forms import AnswerForm

PLAY = "live/play.html"
# The reveal's stages drawn per language: "none" and the answers given most often, this many
# (a choice question has fewer; an ordering question's rarer orders fetch theirs) ...
REVEAL_ANSWERS = 12
# ... and no more HTML than this per language, which every phone of it is sent (about 2–3 kB
# a stage): the rarest answers are left out first, and their phones fetch.
REVEAL_BYTES = 48 * 1024


def stage_context(
    session: LiveSession,
    participant: LiveParticipant | None,
    form: AnswerForm | None = None,
    answer: LiveAnswer | None = None,
) -> dict:
    """What the stage partial is drawn from; no participant: one who gave `answer` (or none)."""
    context = selectors.student_stage(session=session, participant=participant, answer=answer)
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


def revealed_stages(session: LiveSession) -> dict[str, dict[str, str]]:
    """The stages of the question just revealed, per language and answer key.

    Empty unless the session shows a revealed question (not paused: a pause differs too).
    Read after the reveal commits, so no answer can come after it and nothing of the right
    answer is drawn before.
    """
    if session.state != LiveSession.State.REVEALED or not session.position:
        return {}
    asked = selectors.asked_question(session)
    if asked is None:
        return {}
    answers = [None, *selectors.given_answers(asked[0], limit=REVEAL_ANSWERS)]
    stages = {}
    for language, _name in settings.LANGUAGES:
        drawn, size = {}, 0
        with translation.override(language):
            for answer in answers:
                html = render_to_string(
                    f"{PLAY}#stage", stage_context(session, None, answer=answer)
                )
                size += len(html.encode())
                if size > REVEAL_BYTES:
                    break
                drawn[selectors.answer_key(answer)] = html
        if drawn:
            stages[language] = drawn
    return stages
