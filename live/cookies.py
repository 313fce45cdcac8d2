"""The cookie that names a phone's participant in a live session.

One cookie per session, holding the participant's random token: a reload, a lost
connection or a locked phone comes back to the same place without a server session.
"""

import uuid

from django.conf import settings
from django.http import HttpRequest, HttpResponse

MAX_AGE = 12 * 60 * 60


def _name(code: str) -> str:
    return f"live-{code}"


def token_from(request: HttpRequest, code: str) -> uuid.UUID | None:
    raw = request.COOKIES.get(_name(code))
    try:
        return uuid.UUID(raw) if raw else None
    except ValueError:
        return None


def remember(response: HttpResponse, code: str, token: uuid.UUID) -> HttpResponse:
    response.set_cookie(
        _name(code),
        str(token),
        max_age=MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    return response
