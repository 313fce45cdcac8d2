"""A student's classes: joining one with a code, and the work assigned in each."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from classrooms import selectors, services
from classrooms.forms import JoinForm
from classrooms.statuses import Standing
from core import ratelimit


def _page(request: HttpRequest, form: JoinForm, status: int = 200) -> HttpResponse:
    return render(
        request,
        "classrooms/my_classes.html",
        {
            "form": form,
            "classrooms": selectors.student_classrooms(request.user),
            "assignments": selectors.student_assignments(request.user),
            "Standing": Standing,
        },
        status=status,
    )


@require_GET
@login_required
def my_classes(request: HttpRequest) -> HttpResponse:
    return _page(request, JoinForm())


@require_POST
@login_required
@ratelimit.limited(("join_user", ratelimit.by_user), ("join_address", ratelimit.by_address))
def join(request: HttpRequest) -> HttpResponse:
    form = JoinForm(request.POST)
    if form.is_valid():
        try:
            classroom = services.classroom_join(user=request.user, code=form.cleaned_data["code"])
        except services.JoinRefused as refused:
            form.add_error("code", refused.message)
        else:
            messages.success(request, _("You are in the class “%(name)s”.") % {"name": classroom})
            return redirect("classrooms:mine")
    return _page(request, form, status=400)
