"""Signing up; the other account pages are Django's own auth views."""

from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from accounts.forms import SignupForm
from core import ratelimit


@sensitive_post_parameters("password1", "password2")
@require_http_methods(["GET", "POST"])
@ratelimit.limited(("signup_address", ratelimit.by_address))
def signup(request: HttpRequest) -> HttpResponse:
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
        next_url = ""
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        # Signing in hands the session's quiz progress to the new account.
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect(next_url or "quizzes:progress")
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/signup.html", {"form": form, "next": next_url}, status=status)
