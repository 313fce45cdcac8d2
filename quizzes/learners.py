"""Who is taking a quiz: the cookie that names an anonymous learner.

A browser without an account gets a random token in its own cookie rather than a server
session, so answering a question costs no session read. The token is as unguessable as a
session key; signing in hands the learner to the account and clears the token.
"""

import uuid

from django.conf import settings
from django.http import HttpRequest, HttpResponse

COOKIE = "learner"
MAX_AGE = 365 * 24 * 60 * 60


def token_from(request: HttpRequest) -> uuid.UUID | None:
    """Read the anonymous learner's token, ignoring anything that isn't one."""
    raw = request.COOKIES.get(COOKIE)
    if not raw:
        return None
    try:
        return uuid.UUID(raw)
    except ValueError:
        return None


def remember(response: HttpResponse, token: uuid.UUID | None) -> HttpResponse:
    """Keep an anonymous learner's token in the browser for a year."""
    if token is not None:
        response.set_cookie(
            COOKIE,
            str(token),
            max_age=MAX_AGE,
            httponly=True,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
    return response
