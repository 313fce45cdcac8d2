"""Pages for taking quizzes, practising and following one's own progress."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import reswap, retarget

from core import ratelimit
from history import selectors as history_selectors
from history.views import HtmxHttpRequest
from quizzes import learners, mapping, selectors, services, year_answers
from quizzes.forms import AnswerForm
from quizzes.models import Attempt, Learner, QuizSet

ATTEMPT_PAGE = "quizzes/attempt.html"
YEAR_KINDS = year_answers.KINDS


def _learner_id(request: HtmxHttpRequest) -> int | None:
    """Return who is asking, without creating a record for a mere visitor."""
    if request.user.is_authenticated:
        return selectors.learner_id_for_user(request.user)
    return selectors.anonymous_learner_id(learners.token_from(request))


def _learner(request: HtmxHttpRequest) -> Learner:
    """Return who is asking, creating their record when they start something."""
    if request.user.is_authenticated:
        return services.learner_for_user(user=request.user)
    learner = selectors.anonymous_learner(learners.token_from(request))
    return learner or services.learner_create_anonymous()


def _go_to(attempt: Attempt, learner: Learner) -> HttpResponse:
    """Send a learner who started (or resumed) an attempt straight to its question.

    A new attempt opens at its first question without a stop at the attempt's own address,
    which costs a phone a round trip; a resumed one at the first question not yet answered.
    """
    position = 1
    if attempt.answered_count:
        position = selectors.attempt_next_position(attempt) or attempt.question_total
    response = redirect("quizzes:question", public_id=attempt.public_id, number=position)
    # An anonymous learner's browser keeps the token that names it.
    # (The learner the view has in hand: reading it again through the attempt is a query.)
    return learners.remember(response, learner.anonymous_token)


def _attempt_or_404(request: HtmxHttpRequest, public_id) -> Attempt:
    # Someone else's attempt is answered exactly like one that doesn't exist.
    attempt = selectors.attempt_for_learner(public_id=public_id, learner_id=_learner_id(request))
    if attempt is None:
        raise Http404("No such attempt.")
    return attempt


def _item_or_404(
    request: HtmxHttpRequest, public_id, number: int, with_answer: bool = True, with_next=False
):
    # The busiest pages: an anonymous learner is found by its token in the same query.
    signed_in = request.user.is_authenticated
    item = selectors.learner_attempt_item(
        public_id=public_id,
        position=number,
        learner_id=selectors.learner_id_for_user(request.user) if signed_in else None,
        token=None if signed_in else learners.token_from(request),
        with_answer=with_answer,
        with_next=with_next,
    )
    if item is None:
        raise Http404("No such question in this attempt.")
    return item


# What each refusal of the quiz rules is in HTTP; the first class that matches wins.
REFUSAL_STATUS = [
    (services.InvalidAnswer, 400),
    (services.AttemptNotAllowed, 403),
    (services.AttemptClosed, 409),
]


def _refusal(request: HtmxHttpRequest, error: services.QuizError, attempt=None) -> HttpResponse:
    template = "quizzes/refused.html"
    if request.htmx:
        template += "#message"
    status = next((code for kind, code in REFUSAL_STATUS if isinstance(error, kind)), 400)
    return render(request, template, {"message": error.message, "attempt": attempt}, status=status)


def _live_lesson_going_on(request: HtmxHttpRequest, attempt: Attempt) -> HttpResponse | None:
    """A live lesson's attempt is answered in the lesson and handed in when it ends."""
    if attempt.kind != Attempt.Kind.LIVE or attempt.is_finished:
        return None
    try:
        services.attempt_ensure_open(attempt=attempt)
    except services.QuizError as error:
        # Not "see the result": there is none until the teacher ends the lesson.
        return _refusal(request, error)
    return None


@require_GET
def quiz_list(request: HtmxHttpRequest) -> HttpResponse:
    standings = selectors.quiz_list(learner_id=_learner_id(request))
    return render(request, "quizzes/quiz_list.html", {"standings": standings})


@require_POST
@ratelimit.limited(("anonymous_start", ratelimit.by_address_if_anonymous))
def attempt_start(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    quiz_set = get_object_or_404(QuizSet.objects.published(), slug=slug)
    learner = _learner(request)
    try:
        attempt = services.attempt_start(learner=learner, quiz_set=quiz_set)
    except services.QuizError as error:
        return _refusal(request, error)
    return _go_to(attempt, learner)


@require_POST
@ratelimit.limited(("anonymous_start", ratelimit.by_address_if_anonymous))
def practice_start(request: HtmxHttpRequest) -> HttpResponse:
    learner = _learner(request)
    try:
        attempt = services.practice_start(learner=learner)
    except services.QuizError as error:
        return _refusal(request, error)
    return _go_to(attempt, learner)


@require_GET
def attempt_detail(request: HtmxHttpRequest, public_id) -> HttpResponse:
    """Send the learner to where the attempt stands: the next question, or the result."""
    attempt = _attempt_or_404(request, public_id)
    services.attempt_expire_if_due(attempt=attempt)
    if attempt.is_finished:
        return redirect("quizzes:result", public_id=attempt.public_id)
    if refused := _live_lesson_going_on(request, attempt):
        return refused
    position = selectors.attempt_next_position(attempt) or attempt.question_total
    return redirect("quizzes:question", public_id=attempt.public_id, number=position)


def _question_context(request, attempt: Attempt, item, form=None) -> dict:
    choices = selectors.shown_choices(item)
    chronology = item.question.kind == item.question.Kind.CHRONOLOGY
    answer = item.answer
    at_end = attempt.feedback_mode == QuizSet.Feedback.END
    total = attempt.question_total
    context = {
        "attempt": attempt,
        "item": item,
        "question": item.question,
        "choices": choices,
        "chronology": chronology,
        "answer": answer,
        "at_end": at_end,
        "progress": selectors.attempt_progress(attempt),
        "show_feedback": answer is not None and not at_end,
        "next_position": item.position + 1 if item.position < total else None,
        "previous_position": item.position - 1 if item.position > 1 else None,
        "remaining_seconds": (
            max(int((attempt.deadline - timezone.now()).total_seconds()), 0)
            if attempt.deadline
            else None
        ),
    }
    if answer is None or at_end:
        # With feedback at the end, the answer given stays in the form until hand-in.
        context["form"] = form or AnswerForm(
            choices=choices,
            chronology=chronology,
            question=item.question,
            initial=AnswerForm.initial_from(answer, choices),
        )
        if answer is not None and item.question.kind in YEAR_KINDS:
            context["chosen_year"] = year_answers.say(answer.given_year, answer.given_month)
        elif answer is not None and not chronology:
            context["chosen"] = next((c for c in choices if c.pk == answer.choice_id), None)
    elif context["show_feedback"]:
        context["sources"] = selectors.item_sources(item, get_language())
        if item.question.kind in YEAR_KINDS:
            context["placed"] = year_answers.placed(item.question, answer)
        elif chronology:
            context["given"], context["right_order"] = selectors.chronology_orders(answer, choices)
        else:
            context["right_choice"] = next((c for c in choices if c.is_correct), None)
        if item.question.kind == item.question.Kind.MAP and not answer.is_correct:
            context["far"] = mapping.map_feedback(choices, answer)
    return context


def _waiting_card(request, attempt: Attempt, item) -> str:
    """Render the next question's card, unanswered, for the answer's response to carry."""
    if item is None:
        return ""
    choices = selectors.shown_choices(item)
    chronology = item.question.kind == item.question.Kind.CHRONOLOGY
    context = {
        "attempt": attempt,
        "item": item,
        "question": item.question,
        "chronology": chronology,
        "at_end": False,
        "form": AnswerForm(choices=choices, chronology=chronology, question=item.question),
    }
    return render_to_string(f"{ATTEMPT_PAGE}#card", context, request)


@require_GET
def attempt_question(request: HtmxHttpRequest, public_id, number: int) -> HttpResponse:
    item = _item_or_404(request, public_id, number)
    attempt = item.attempt
    if services.attempt_expire_if_due(attempt=attempt) or attempt.is_finished:
        return redirect("quizzes:result", public_id=attempt.public_id)
    if refused := _live_lesson_going_on(request, attempt):
        return refused
    return render(request, ATTEMPT_PAGE, _question_context(request, attempt, item))


@require_POST
@vary_on_headers("HX-Request")
def attempt_answer(request: HtmxHttpRequest, public_id, number: int) -> HttpResponse:
    # The HTMX responses show the next question too: it is read in the same query.
    item = _item_or_404(
        request, public_id, number, with_answer=False, with_next=bool(request.htmx)
    )
    attempt = item.attempt
    chronology = item.question.kind == item.question.Kind.CHRONOLOGY
    form = AnswerForm(
        request.POST,
        choices=selectors.shown_choices(item),
        chronology=chronology,
        question=item.question,
    )
    try:
        if form.is_valid():
            item.answer = services.answer_record(
                attempt=attempt, item=item, **form.answer()
            ).answer
        else:
            # Whatever was sent, a question answered before shows that answer again.
            item.answer = selectors.stored_answer(item)
            if item.answer is None or attempt.feedback_mode == QuizSet.Feedback.END:
                services.attempt_ensure_open(attempt=attempt)
                context = _question_context(request, attempt, item, form=form)
                if request.htmx:
                    response = render(request, f"{ATTEMPT_PAGE}#card", context, status=400)
                    return reswap(retarget(response, "#card"), "outerHTML")
                return render(request, ATTEMPT_PAGE, context, status=400)
    except services.QuizError as error:
        return _refusal(request, error, attempt)
    if attempt.feedback_mode == QuizSet.Feedback.END:
        return _answered_at_end(request, attempt, item)
    # A repeated answer (a double click, a retry, a second tab) gets the first one's feedback.
    if not request.htmx:
        return redirect("quizzes:question", public_id=attempt.public_id, number=number)
    context = _question_context(request, attempt, item)
    context["waiting_card"] = _waiting_card(request, attempt, item.waiting)
    return render(request, f"{ATTEMPT_PAGE}#answered", context)


@require_GET
def attempt_sources(request: HtmxHttpRequest, public_id, number: int) -> HttpResponse:
    """The quoted sources of an answered question, for the answer's fragment to fetch."""
    item = _item_or_404(request, public_id, number)
    attempt = item.attempt
    # Only once the feedback is shown: the quotes would tell the answer before.
    if item.answer is None or (
        attempt.feedback_mode == QuizSet.Feedback.END and not attempt.is_finished
    ):
        raise Http404("No feedback for this question yet.")
    context = {"sources": selectors.item_sources(item, get_language())}
    return render(request, f"{ATTEMPT_PAGE}#quotes", context)


def _answered_at_end(request: HtmxHttpRequest, attempt: Attempt, item) -> HttpResponse:
    """Move straight on to the next question; after the last, show it again with hand-in."""
    position = item.position + 1 if item.position < attempt.question_total else item.position
    if not request.htmx:
        return redirect("quizzes:question", public_id=attempt.public_id, number=position)
    if position != item.position:
        # Usually the next question is unanswered, and was read with this one.
        item = item.waiting or selectors.attempt_item(attempt=attempt, position=position)
        item.attempt = attempt
    context = _question_context(request, attempt, item)
    context["saved"] = True
    return render(request, f"{ATTEMPT_PAGE}#moved_on", context)


@require_POST
def attempt_finish(request: HtmxHttpRequest, public_id) -> HttpResponse:
    attempt = _attempt_or_404(request, public_id)
    if refused := _live_lesson_going_on(request, attempt):
        return refused
    if not services.attempt_expire_if_due(attempt=attempt):
        services.attempt_finish(attempt=attempt)
    return redirect("quizzes:result", public_id=attempt.public_id)


@require_GET
def attempt_result(request: HtmxHttpRequest, public_id) -> HttpResponse:
    attempt = _attempt_or_404(request, public_id)
    services.attempt_expire_if_due(attempt=attempt)
    if not attempt.is_finished:
        return redirect(attempt)
    items = selectors.attempt_review(attempt, get_language())
    mistakes = [item for item in items if not (item.answer and item.answer.is_correct)]
    only_mistakes = request.GET.get("show") == "mistakes"
    shown = mistakes if only_mistakes else items
    selectors.mark_repeated_sources(shown)
    return render(
        request,
        "quizzes/result.html",
        {
            "attempt": attempt,
            "items": shown,
            "item_count": len(items),
            "mistake_count": len(mistakes),
            "only_mistakes": only_mistakes,
            "topics": selectors.attempt_topics(items),
            "can_retry": selectors.attempt_can_retry(attempt),
        },
    )


@require_POST
def practice_mistakes(request: HtmxHttpRequest, public_id) -> HttpResponse:
    attempt = _attempt_or_404(request, public_id)
    try:
        practice = services.practice_start_from_mistakes(learner=attempt.learner, attempt=attempt)
    except services.QuizError as error:
        return _refusal(request, error, attempt)
    return _go_to(practice, attempt.learner)


@require_GET
def home(request: HtmxHttpRequest) -> HttpResponse:
    """The front page: go on with what is open, practise, take a quiz, or read."""
    learner_id = _learner_id(request)
    return render(
        request,
        "quizzes/home.html",
        {
            "open_attempts": selectors.learner_open_attempts(learner_id),
            "practice": selectors.practice_overview(learner_id=learner_id),
            "standings": selectors.quiz_list(learner_id=learner_id),
            "articles": history_selectors.article_list(),
            "span": history_selectors.event_span(),
        },
    )


@require_GET
def progress(request: HtmxHttpRequest) -> HttpResponse:
    learner_id = _learner_id(request)
    records = selectors.learner_records(learner_id) if learner_id else []
    return render(
        request,
        "quizzes/progress.html",
        {
            "records": records,
            "mastery": selectors.learner_mastery(learner_id) if learner_id else [],
            "practice": selectors.practice_overview(learner_id=learner_id),
            "recent": selectors.learner_recent_attempts(learner_id) if learner_id else [],
        },
    )


@require_GET
def practice(request: HtmxHttpRequest) -> HttpResponse:
    overview = selectors.practice_overview(learner_id=_learner_id(request))
    return render(request, "quizzes/practice.html", {"practice": overview})
