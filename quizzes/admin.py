"""The admin for teachers: the question bank and the quiz sets."""

from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from core.related import SafeRelatedFieldsMixin
from quizzes import selectors, services
from quizzes.forms import (
    ChoicesFormSet,
    PickedQuestionsFormSet,
    QuestionAdminForm,
    QuizSetAdminForm,
)
from quizzes.models import Choice, Question, QuizSet, QuizSetQuestion
from quizzes.moodle_admin import MoodleAdminMixin


def owns(request: HttpRequest, obj) -> bool:
    """A teacher owns what they made; a superuser owns everything; nothing is unowned."""
    if obj is None or request.user.is_superuser:
        return True
    return obj.created_by_id is not None and obj.created_by_id == request.user.pk


class OwnedAdminMixin:
    """Change and delete only one's own; everyone else's are shown read-only."""

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and owns(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and owns(request, obj)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


class OwnedInlineMixin:
    """An inline is editable only on a parent its user owns."""

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and owns(request, obj)

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and owns(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and owns(request, obj)


class ChoiceInline(OwnedInlineMixin, TranslationTabularInline):
    model = Choice
    formset = ChoicesFormSet
    extra = 0
    fields = ["text", "is_correct", "rank", "position"]

    def get_extra(self, request, obj=None, **kwargs):
        return 4 if obj is None else 0

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        # A map question's choices are places on the map: show which place each one marks.
        if obj is not None and obj.kind == Question.Kind.MAP and "place" not in fields:
            fields.insert(fields.index("is_correct"), "place")
        return fields

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not (obj and obj.is_generated)

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not (obj and obj.is_generated)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj and obj.is_generated)


@admin.register(Question)
class QuestionAdmin(OwnedAdminMixin, SafeRelatedFieldsMixin, TranslationAdmin):
    list_display = [
        "prompt",
        "kind",
        "difficulty",
        "is_active",
        "is_generated",
        "retired_at",
        "created_by",
    ]
    list_filter = ["kind", "difficulty", "is_active", "is_generated", "events__kind"]
    search_fields = ["key", "prompt_en", "prompt_lv", "choices__text_en", "choices__text_lv"]
    autocomplete_fields = ["events", "sources"]
    inlines = [ChoiceInline]
    form = QuestionAdminForm
    fields = [
        "kind",
        "prompt",
        "explanation",
        "difficulty",
        "is_active",
        "events",
        "sources",
        # Timeline and typed-year questions: the answer, and the timeline's strip.
        ("answer_year", "answer_month"),
        ("year_from", "year_to"),
    ]
    # Generated questions are rewritten by the generator: only switching them off is kept.
    generated_readonly = [
        "kind",
        "prompt",
        "explanation",
        "difficulty",
        "events",
        "sources",
        "answer_year",
        "answer_month",
        "year_from",
        "year_to",
    ]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.is_generated:
            return [
                *self.generated_readonly,
                *(f"{f}_{lang}" for f in ("prompt", "explanation") for lang in ("en", "lv")),
            ]
        return []

    change_list_template = "admin/quizzes/question/change_list.html"
    actions = ["duplicate"]

    def get_queryset(self, request):
        return super().get_queryset(request).distinct()

    def get_urls(self):
        sync = self.admin_site.admin_view(self.sync_view)
        return [path("sync/", sync, name="quizzes_question_sync"), *super().get_urls()]

    def sync_view(self, request: HttpRequest) -> HttpResponse:
        """Show what the facts would change in the bank (GET); apply it (POST)."""
        if not self.has_change_permission(request):
            return redirect("admin:index")
        apply = request.method == "POST"
        report = services.question_bank_sync(dry_run=not apply)
        if apply:
            self.message_user(
                request,
                _(
                    "Question bank: %(created)s new, %(updated)s reworded, %(unchanged)s "
                    "unchanged, %(retired)s retired."
                )
                % vars(report),
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Bring the generated questions up to date with the facts"),
            "report": report,
            "applied": apply,
        }
        return TemplateResponse(request, "admin/quizzes/question/sync.html", context)

    @admin.action(description=_("Duplicate the selected questions"), permissions=["add"])
    def duplicate(self, request, queryset):
        # Anyone's question, generated ones too, becomes the teacher's own to change.
        for question in queryset:
            services.question_duplicate(question=question, user=request.user)
        count = queryset.count()
        self.message_user(
            request,
            ngettext("Duplicated %d question.", "Duplicated %d questions.", count) % count,
            messages.SUCCESS,
        )


class PickedQuestionInline(OwnedInlineMixin, SafeRelatedFieldsMixin, admin.TabularInline):
    model = QuizSetQuestion
    formset = PickedQuestionsFormSet
    extra = 1
    autocomplete_fields = ["question"]
    fields = ["position", "question"]


@admin.register(QuizSet)
class QuizSetAdmin(MoodleAdminMixin, OwnedAdminMixin, SafeRelatedFieldsMixin, TranslationAdmin):
    form = QuizSetAdminForm
    list_display = [
        "title",
        "mode",
        "question_count",
        "pool_size",
        "is_published",
        "created_by",
        "preview",
    ]
    list_filter = ["is_published", "mode", "feedback_mode"]
    search_fields = ["slug", "title_en", "title_lv", "description_en", "description_lv"]
    prepopulated_fields = {"slug": ["title_en"]}
    filter_horizontal = ["countries"]
    inlines = [PickedQuestionInline]
    actions = ["duplicate", "export_moodle", "export_gift"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "description", "is_published"]}),
        (
            _("Questions"),
            {
                "fields": ["mode", "question_count"],
                "description": _(
                    "Hand-picked: the questions listed below. By a rule: drawn from the bank "
                    "with the filters under “Rule”."
                ),
            },
        ),
        (
            _("Rule"),
            {
                "fields": [
                    "question_kinds",
                    "event_kinds",
                    "period_start",
                    "period_end",
                    "countries",
                ]
            },
        ),
        (
            _("Taking the quiz"),
            {
                "fields": [
                    "shuffle_questions",
                    "shuffle_choices",
                    "time_limit_minutes",
                    "attempts_allowed",
                    "feedback_mode",
                    "pass_mark",
                    "available_from",
                    "available_until",
                ]
            },
        ),
    ]

    @admin.display(description=_("questions available"))
    def pool_size(self, obj: QuizSet) -> int:
        return selectors.quiz_set_questions(obj).count()

    @admin.display(description=_("preview"))
    def preview(self, obj: QuizSet) -> str:
        url = reverse("admin:quizzes_quizset_preview", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Preview"))

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        # A set in use by a class the teacher doesn't teach stays published.
        if obj is not None and obj.is_published and self.withdrawal_refusal(request, obj):
            readonly.append("is_published")
        return readonly

    def has_delete_permission(self, request, obj=None):
        if obj is not None and self.withdrawal_refusal(request, obj):
            return False
        return super().has_delete_permission(request, obj)

    def withdrawal_refusal(self, request, obj: QuizSet) -> str | None:
        # Asked several times per page: once per request and set is enough.
        cache = request.__dict__.setdefault("_quiz_set_withdrawal", {})
        if obj.pk not in cache:
            cache[obj.pk] = selectors.quiz_set_withdrawal_refusal(obj, request.user)
        return cache[obj.pk]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id) if request.method == "GET" else None
        if obj is not None and (reason := self.withdrawal_refusal(request, obj)):
            self.message_user(request, reason, messages.WARNING)
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        preview = self.admin_site.admin_view(self.preview_view)
        return [
            path("<int:pk>/preview/", preview, name="quizzes_quizset_preview"),
            *self.moodle_urls(),
            *super().get_urls(),
        ]

    def preview_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Show one draw of the quiz set, as a student would meet it."""
        quiz_set = get_object_or_404(QuizSet, pk=pk)
        if not self.has_view_permission(request, quiz_set):
            return redirect("admin:index")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "quiz_set": quiz_set,
            "questions": selectors.quiz_set_preview(quiz_set, seed=request.GET.get("seed", 0)),
            "title": _("Preview: %(title)s") % {"title": quiz_set.title},
            "show_answers": request.GET.get("answers") == "1",
        }
        return TemplateResponse(request, "admin/quizzes/quizset/preview.html", context)

    @admin.action(description=_("Duplicate the selected quiz sets"), permissions=["add"])
    def duplicate(self, request, queryset):
        for quiz_set in queryset:
            services.quiz_set_duplicate(quiz_set=quiz_set, user=request.user)
        count = queryset.count()
        self.message_user(
            request,
            ngettext("Duplicated %d quiz set.", "Duplicated %d quiz sets.", count) % count,
            messages.SUCCESS,
        )

    @admin.action(description=_("Export as Moodle XML"), permissions=["view"])
    def export_moodle(self, request, queryset):
        return self.moodle_export_redirect(queryset, "moodle")

    @admin.action(description=_("Export as GIFT (Moodle)"), permissions=["view"])
    def export_gift(self, request, queryset):
        return self.moodle_export_redirect(queryset, "gift")
