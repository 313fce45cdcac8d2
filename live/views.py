"""Live lesson pages: the projector the teacher runs, and the phones that join it."""

from asgiref.sync import sync_to_async
from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.core.handlers.asgi import ASGIRequest
from django.db import connection
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from core import ratelimit
from history.views import HtmxHttpRequest
from live import cookies, events, qr, selectors, services, stages
from live.forms import JoinForm, StartForm
from live.models import LiveSession
from quizzes.forms import AnswerForm

PLAY = stages.PLAY
PROJECTOR = "live/projector.html"
CONTROLS = {
    "next": services.live_session_advance,
    "reveal": services.live_session_reveal,
    "skip": services.live_session_skip,
    "pause": services.live_session_pause,
    "resume": services.live_session_resume,
    "end": services.live_session_end,
}


# Students --------------------------------------------------------------------------------


def _join_page(request: HtmxHttpRequest, form: JoinForm, status: int = 200) -> HttpResponse:
    return render(request, "live/join.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
@ratelimit.limited(("join_user", ratelimit.by_user), ("live_join_address", ratelimit.by_address))
def join(request: HtmxHttpRequest) -> HttpResponse:
    if request.method == "GET":
        name = ""
        if request.user.is_authenticated:
            name = request.user.get_full_name() or request.user.get_username()
        return _join_page(
            request, JoinForm(initial={"code": request.GET.get("code", ""), "display_name": name})
        )
    form = JoinForm(request.POST)
    if not form.is_valid():
        return _join_page(request, form, status=400)
    session = selectors.session_by_code(form.cleaned_data["code"])
    if session is None:
        form.add_error("code", _("No live session has this code. Check it on the screen."))
        return _join_page(request, form, status=400)
    try:
        participant = services.participant_join(
            session=session, display_name=form.cleaned_data["display_name"], user=request.user
        )
    except services.LiveError as refused:
        field = "code" if isinstance(refused, services.LiveClosed) else "display_name"
        form.add_error(field, refused.message)
        return _join_page(request, form, status=400)
    response = redirect("live:play", code=session.code)
    return cookies.remember(response, session.code, participant.token)


def _player(request: HtmxHttpRequest, code: str):
    session = selectors.session_by_code(code)
    if session is None:
        raise Http404("No such live session.")
    participant = selectors.participant_for(
        session=session, token=cookies.token_from(request, session.code), user=request.user
    )
    return session, participant


def _rejoin(request: HtmxHttpRequest, session: LiveSession) -> HttpResponse:
    url = f"{reverse('live:join')}?code={session.code}"
    if session.is_open:
        messages.info(request, _("Join the session with a name to take part."))
    if request.htmx:
        return HttpResponseClientRedirect(url)
    return redirect(url)


def _refusal_status(refused: services.LiveError) -> int:
    # A request at the wrong moment of the session conflicts with its state; others are bad.
    return 409 if isinstance(refused, services.LiveClosed) else 400


def _play_page(request, session, participant, *, status=200, error=None, form=None):
    template = f"{PLAY}#stage" if request.htmx else PLAY
    context = stages.stage_context(session, participant, form)
    context["error"] = error
    return render(request, template, context, status=status)


@require_GET
@never_cache
def play(request: HtmxHttpRequest, code: str) -> HttpResponse:
    session, participant = _player(request, code)
    if participant is None:
        return _rejoin(request, session)
    return _play_page(request, session, participant)


@require_GET
@never_cache
def play_state(request: HtmxHttpRequest, code: str) -> HttpResponse:
    """The phone's poll: nothing (204) while the session's version is the one it shows."""
    shown = request.GET.get("v")
    if shown and shown == str(selectors.session_version(code)):
        return HttpResponse(status=204)
    session = selectors.session_by_code(code)
    if session is None:
        raise Http404("No such live session.")
    participant = selectors.participant_for(
        session=session, token=cookies.token_from(request, session.code), user=request.user
    )
    if participant is None:
        return _rejoin(request, session)
    return render(request, f"{PLAY}#stage", stages.stage_context(session, participant))


@require_POST
def answer(request: HtmxHttpRequest, code: str) -> HttpResponse:
    session, participant = _player(request, code)
    if participant is None:
        return _rejoin(request, session)
    try:
        position = int(request.POST.get("position", ""))
    except ValueError:
        position = session.position
    given, form = _given(request, session)
    try:
        services.answer_submit(participant=participant, position=position, **given)
    except services.LiveError as refused:
        session.refresh_from_db()
        return _play_page(
            request,
            session,
            participant,
            status=_refusal_status(refused),
            error=(form.non_field_errors() or [refused.message])[0] if form else refused.message,
            form=form if form and form.is_bound and session.position == position else None,
        )
    if not request.htmx:
        return redirect("live:play", code=session.code)
    session.refresh_from_db()
    return _play_page(request, session, participant)


def _given(request: HtmxHttpRequest, session: LiveSession) -> tuple[dict, AnswerForm | None]:
    """The answer as sent: a choice's index, or for an ordering question a place per event."""
    asked = selectors.asked_question(session)
    if asked is not None and selectors.is_ordering(asked[0]):
        form = AnswerForm(request.POST, choices=asked[1], chronology=True)
        return ({"order": form.answer()["order"]} if form.is_valid() else {}), form
    try:
        return {"choice_index": int(request.POST.get("choice", ""))}, None
    except ValueError:
        return {}, None


# Event streams ---------------------------------------------------------------------------


def _let_go(read, *args, **kwargs):
    """Read, then give the database connection back at once.

    Under ASGI each request's synchronous code has a thread (and so a connection) of its own,
    which a stream would otherwise keep for minutes: a room of phones would use up the
    database's connections.
    """
    try:
        return read(*args, **kwargs)
    finally:
        if not connection.in_atomic_block:
            connection.close()


async def _read(request, read, *args, **kwargs):
    if isinstance(request, ASGIRequest):
        return await sync_to_async(_let_go)(read, *args, **kwargs)
    return await sync_to_async(read)(*args, **kwargs)


def _event_stream(
    request, code: str, kinds: list[str], session_id: int, language: str | None = None
) -> HttpResponse:
    channels = [events.channel(code, kind) for kind in kinds]
    if isinstance(request, ASGIRequest):

        async def version():
            return await _read(request, selectors.session_version_now, session_id)

        content = events.astream(channels, version, language)
    else:
        content = events.stream(
            channels, lambda: selectors.session_version_now(session_id), language
        )
    response = StreamingHttpResponse(content, content_type="text/event-stream")
    response["Cache-Control"] = "no-cache"
    # nginx passes each event on at once instead of buffering the stream.
    response["X-Accel-Buffering"] = "no"
    return response


@require_GET
async def play_events(request: HtmxHttpRequest, code: str) -> HttpResponse:
    """The phone's stream of the session's versions; 204 (no stream: poll) without Redis.

    A participant's phone is also sent each new question's stage, in the language of the
    address; any other phone only the versions (it fetches, and is asked to join).
    """
    if not events.enabled():
        return HttpResponse(status=204)
    session, joined = await _read(request, _phone, request, code)
    if session is None:
        raise Http404("No such live session.")
    language = get_language() if joined else None
    return _event_stream(request, session.code, [events.ROOM], session.pk, language)


def _phone(request, code: str) -> tuple[LiveSession | None, bool]:
    """The session, and whether this phone takes part in it."""
    session = selectors.session_by_code(code)
    if session is None:
        return None, False
    participant = selectors.participant_for(
        session=session, token=cookies.token_from(request, session.code), user=request.user
    )
    return session, participant is not None


@require_GET
async def projector_events(request: HtmxHttpRequest, code: str) -> HttpResponse:
    """The projector's stream: the versions, and a nudge whenever somebody joins or answers."""
    if not events.enabled():
        return HttpResponse(status=204)
    session = await _read(request, _owned_session, request, code)
    if session is None:
        raise Http404("No such live session.")
    return _event_stream(request, session.code, [events.ROOM, events.TALLY], session.pk)


def _owned_session(request, code: str) -> LiveSession | None:
    user = request.user
    if not (user.is_active and user.is_staff):
        return None
    return selectors.teacher_session(code=code, user=user)


# The teacher -----------------------------------------------------------------------------


def _teacher_session(request: HtmxHttpRequest, code: str) -> LiveSession:
    # Another teacher's session is answered exactly like one that doesn't exist.
    session = selectors.teacher_session(code=code, user=request.user)
    if session is None:
        raise Http404("No such live session.")
    return session


def _projector_page(request, session, *, status=200, error=None) -> HttpResponse:
    template = f"{PROJECTOR}#stage" if request.htmx else PROJECTOR
    context = selectors.projector_stage(session=session, language=get_language())
    join_base = request.build_absolute_uri(reverse("live:join"))
    join_url = f"{join_base}?code={session.code}"
    # Only the lobby shows the QR code; the polls during questions needn't draw it.
    qr_svg = qr.svg(join_url) if session.position == 0 and session.is_open else ""
    context.update(error=error, join_base=join_base, qr_svg=qr_svg)
    return render(request, template, context, status=status)


@require_http_methods(["GET", "POST"])
@staff_member_required
def start(request: HtmxHttpRequest) -> HttpResponse:
    if not request.user.has_perm("quizzes.view_quizset"):
        raise PermissionDenied
    if request.method == "GET":
        form = StartForm(user=request.user, initial=request.GET.dict())
        return render(
            request,
            "live/start.html",
            {"form": form, "sessions": selectors.teacher_sessions(request.user)[:10]},
        )
    form = StartForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            session = services.live_session_start(teacher=request.user, **form.cleaned_data)
        except services.LiveError as refused:
            form.add_error("quiz_set", refused.message)
        else:
            return redirect("live:projector", code=session.code)
    return render(request, "live/start.html", {"form": form, "sessions": []}, status=400)


@require_GET
@never_cache
@staff_member_required
def projector(request: HtmxHttpRequest, code: str) -> HttpResponse:
    return _projector_page(request, _teacher_session(request, code))


@require_GET
@never_cache
@staff_member_required
def projector_state(request: HtmxHttpRequest, code: str) -> HttpResponse:
    """The projector's poll: nothing (204) while nobody joined, answered or moved on."""
    session = _teacher_session(request, code)
    if request.GET.get("etag") == selectors.tally(session).etag(session):
        return HttpResponse(status=204)
    return _projector_page(request, session)


@require_POST
@staff_member_required
def control(request: HtmxHttpRequest, code: str, action: str) -> HttpResponse:
    session = _teacher_session(request, code)
    move = CONTROLS.get(action)
    if move is None:
        raise Http404("No such control.")
    try:
        session = move(session=session)
    except services.LiveError as refused:
        session.refresh_from_db()
        return _projector_page(
            request, session, status=_refusal_status(refused), error=refused.message
        )
    if not request.htmx:
        return redirect("live:projector", code=session.code)
    return _projector_page(request, session)


@require_POST
@staff_member_required
def remove(request: HtmxHttpRequest, code: str, pk: int) -> HttpResponse:
    session = _teacher_session(request, code)
    services.participant_remove(session=session, participant_id=pk)
    if not request.htmx:
        return redirect("live:projector", code=session.code)
    session.refresh_from_db()
    return _projector_page(request, session)
