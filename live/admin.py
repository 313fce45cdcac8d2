"""Live sessions in the admin, and "Start a live lesson" on quiz sets and classes.

The quiz-set and class admins belong to apps that don't know about live lessons, so the
action is added to them from here.
"""

from urllib.parse import urlencode

from django.contrib import admin, messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from classrooms.admin import ClassroomAdmin
from live.models import LiveSession
from quizzes.admin import QuizSetAdmin


def _start_with(request, queryset, field: str):
    if queryset.count() != 1:
        messages.warning(request, _("Pick exactly one to start a live lesson with."))
        return None
    return redirect(f"{reverse('live:start')}?{urlencode({field: queryset.get().pk})}")


@admin.action(description=_("Start a live lesson with this quiz set"))
def start_live_from_quiz_set(modeladmin, request, queryset):
    return _start_with(request, queryset, "quiz_set")


@admin.action(description=_("Start a live lesson with this class"))
def start_live_from_classroom(modeladmin, request, queryset):
    return _start_with(request, queryset, "classroom")


QuizSetAdmin.actions = [*QuizSetAdmin.actions, start_live_from_quiz_set]
ClassroomAdmin.actions = [*ClassroomAdmin.actions, start_live_from_classroom]


@admin.register(LiveSession)
class LiveSessionAdmin(admin.ModelAdmin):
    list_display = ["code", "quiz_set", "classroom", "state", "created_at", "projector"]
    list_filter = ["state"]
    readonly_fields = ["code", "quiz_set", "classroom", "teacher", "state", "position"]
    fields = [*readonly_fields, "allow_change"]

    def get_queryset(self, request):
        sessions = super().get_queryset(request).select_related("quiz_set", "classroom")
        return sessions if request.user.is_superuser else sessions.filter(teacher=request.user)

    def has_add_permission(self, request) -> bool:
        # A session is started from its page, which draws its questions.
        return False

    @admin.display(description=_("projector"))
    def projector(self, obj: LiveSession) -> str:
        return format_html(
            '<a href="{}">{}</a>', reverse("live:projector", args=[obj.code]), _("open")
        )
