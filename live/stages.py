"""The phone's stage as HTML: for one phone, or shared by every phone of a language.

Presentation, used by the views and by the events: when a question is shown, nothing on the
stage of a phone that has not answered it yet belongs to that phone (the student's name is
outside the stage, the HTMX form sends its CSRF token from the page's body), so it is drawn
once per language and carried to every phone in the event, instead of fetched by each.

At the reveal the stage depends on the answer only (right, wrong or none, which choice or
order was "yours"), so it is drawn once per language and answer given, and each phone picks
the one its stage before said was its own (`data-answer`, selectors.answer_key). An ordering
question has too many orders for that: the rarer wrong ones are put together on the phone
from a wrong order's stage cut into parts and an item per event (`revealed_orders`).
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import format_html

from live import selectors
from live.models import LiveAnswer, LiveParticipant, LiveSession
from quizzes.forms import AnswerForm

PLAY = "live/play.html"
# The reveal's stages drawn per language: "none" and the answers given, right first, then the
# most common, this many (a choice question has fewer; an ordering question gets only the
# right order, its wrong ones are put together on the phone) ...
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
    item, choices, _total = asked
    given = selectors.given_answers(item, limit=REVEAL_ANSWERS)
    if selectors.is_ordering(item) and _one_right_order(choices):
        # Every wrong order is put together on the phone (revealed_orders): a stage each
        # would be sent to every phone for nothing.
        given = [answer for answer in given if answer.is_correct]
    # No stage for "not answered": a phone that shows no answer of its own may have answered
    # in another tab or on another device (a signed-in student), and would be told it did
    # not. Those phones fetch; a stage for an answer shown is that phone's for sure.
    answers = given
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


# Where a wrong order's stage is cut: the phone's key, and the events of "Your order:".
ORDER_LIST = '<ol class="live-order">'


def _one_right_order(choices) -> bool:
    """Whether exactly one order of these events is right: no two share a rank."""
    ranks = [c.rank for c in choices]
    return len(choices) > 1 and None not in ranks and len(set(ranks)) == len(ranks)


def revealed_orders(session: LiveSession) -> dict[str, dict]:
    """For an ordering question just revealed: how a phone draws the stage of any wrong order.

    Per language, a wrong order's stage in three parts (before the key, between the key and
    the events of "Your order:", after them) and each event's list item by id: the parts
    joined around the phone's own key and events are the stage it would fetch, which is
    checked here on the order drawn. Only when exactly one order is right (no two events share
    a rank), which is named ("right"): that phone does not put its stage together.
    """
    if session.state != LiveSession.State.REVEALED or not session.position:
        return {}
    asked = selectors.asked_question(session)
    if asked is None or not selectors.is_ordering(asked[0]):
        return {}
    item, choices, _total = asked
    if not _one_right_order(choices):
        return {}
    right = selectors.right_order(choices)
    wrong = right[1:] + right[:1]
    answer = LiveAnswer(item=item, order=[c.pk for c in wrong], is_correct=False)
    key = selectors.answer_key(answer)
    right_key = selectors.answer_key(LiveAnswer(item=item, order=[c.pk for c in right]))
    orders = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            html = render_to_string(f"{PLAY}#stage", stage_context(session, None, answer=answer))
            items = {str(c.pk): format_html("<li>{}</li>", c.text) for c in choices}
        mark = f'data-answer="{key}"'
        listed = ORDER_LIST + "".join(items[str(c.pk)] for c in wrong) + "</ol>"
        if html.count(mark) != 1 or html.count(listed) != 1:
            continue
        head, tail = html.split(mark)
        if tail.count(listed) != 1:
            continue
        middle, end = tail.split(listed)
        parts = [head + 'data-answer="', '"' + middle + ORDER_LIST, "</ol>" + end]
        if parts[0] + key + parts[1] + "".join(items[str(c.pk)] for c in wrong) + parts[2] != html:
            continue
        orders[language] = {"right": right_key, "parts": parts, "items": items}
    return orders
