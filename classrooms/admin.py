"""Classes and assignments in the admin, each teacher seeing only their own."""

from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from classrooms import charts, csv_exports, selectors, services
from classrooms.models import Assignment, Classroom, Membership
from classrooms.statuses import Progress
from classrooms.widgets import LabelledSplitDateTime
from core.changelists import SafeChangeListMixin
from core.related import SafeRelatedFieldsMixin


class TaughtByMixin:
    """Show a teacher only what belongs to the classes they teach."""

    def get_queryset(self, request):
        return super().get_queryset(request).taught_by(request.user)


class LabelledDatesMixin:
    """Give each date and time input of a date-time field its own accessible name."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.DateTimeField) and db_field.editable:
            kwargs["widget"] = LabelledSplitDateTime(label=capfirst(db_field.verbose_name))
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["student", "joined_at"]
    readonly_fields = ["student", "joined_at"]
    verbose_name_plural = _("students (they join with the class's code)")

    def has_add_permission(self, request, obj=None):
        # Students join themselves with the code; a teacher can remove them.
        return False


class AssignmentInline(LabelledDatesMixin, SafeRelatedFieldsMixin, admin.TabularInline):
    model = Assignment
    extra = 0
    fields = ["quiz_set", "opens_at", "due_at", "reports"]
    readonly_fields = ["reports"]
    autocomplete_fields = ["quiz_set"]

    @admin.display(description=_("reports"))
    def reports(self, obj: Assignment) -> str:
        return report_links(obj) if obj.pk else "–"


def report_links(assignment: Assignment) -> str:
    return format_html(
        '<a href="{}">{}</a> · <a href="{}">{}</a>',
        reverse("admin:classrooms_assignment_results", args=[assignment.pk]),
        _("results"),
        reverse("admin:classrooms_assignment_items", args=[assignment.pk]),
        _("questions"),
    )


@admin.register(Classroom)
class ClassroomAdmin(TaughtByMixin, admin.ModelAdmin):
    list_display = ["name", "join_code", "student_count", "created_at", "progress_link"]
    ordering = ["name"]
    search_fields = ["name"]
    readonly_fields = ["join_code"]
    inlines = [AssignmentInline, MembershipInline]
    actions = ["new_join_code"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(student_total=Count("memberships"))

    @admin.display(description=_("students"), ordering="student_total")
    def student_count(self, obj: Classroom) -> int:
        return obj.student_total

    def get_fields(self, request, obj=None):
        # The code is made when the class is saved; showing one before would mislead.
        fields = ["name", "join_code"] if obj else ["name"]
        # Only a superuser assigns teachers; a teacher's new class is theirs.
        return [*fields, "teachers"] if request.user.is_superuser else fields

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not change:
            form.instance.teachers.add(request.user)

    @admin.display(description=_("progress"))
    def progress_link(self, obj: Classroom) -> str:
        url = reverse("admin:classrooms_classroom_progress", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("mastery over time"))

    def get_urls(self):
        view = self.admin_site.admin_view(self.progress_view)
        return [
            path("<int:pk>/progress/", view, name="classrooms_classroom_progress"),
            *super().get_urls(),
        ]

    def progress_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        classroom = get_object_or_404(self.get_queryset(request), pk=pk)
        return TemplateResponse(
            request,
            "admin/classrooms/classroom/progress.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": _("Mastery over time: %(classroom)s") % {"classroom": classroom},
                "classroom": classroom,
                "trends": selectors.classroom_mastery(classroom),
            },
        )

    @admin.action(description=_("Give the selected classes a new join code"))
    def new_join_code(self, request, queryset):
        for classroom in queryset:
            services.classroom_new_code(classroom=classroom)
        count = len(queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d class has a new code; the old one no longer works.",
                "%(count)d classes have a new code; the old ones no longer work.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


class OwnClassroomFilter(admin.SimpleListFilter):
    """Filter by class, offering only the teacher's own classes."""

    title = _("class")
    parameter_name = "classroom"

    def lookups(self, request, model_admin):
        return [(str(c.pk), c.name) for c in Classroom.objects.taught_by(request.user)]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        # Only one of the offered classes: text or a number too big for the database is
        # the admin's "invalid filter" page, not an error.
        if self.value() not in {pk for pk, _name in self.lookup_choices}:
            raise IncorrectLookupParameters(self.value())
        return queryset.filter(classroom_id=int(self.value()))


@admin.register(Assignment)
class AssignmentAdmin(
    LabelledDatesMixin,
    SafeChangeListMixin,
    SafeRelatedFieldsMixin,
    TaughtByMixin,
    admin.ModelAdmin,
):
    list_display = ["quiz_set", "classroom", "opens_at", "due_at", "reports"]
    list_filter = [OwnClassroomFilter, "due_at"]
    search_fields = ["quiz_set__title_en", "quiz_set__title_lv", "classroom__name"]
    autocomplete_fields = ["classroom", "quiz_set"]
    date_hierarchy = "due_at"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "classroom":
            kwargs["queryset"] = Classroom.objects.taught_by(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description=_("reports"))
    def reports(self, obj: Assignment) -> str:
        return report_links(obj)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/results/", view(self.results_view), name="classrooms_assignment_results"
            ),
            path("<int:pk>/questions/", view(self.items_view), name="classrooms_assignment_items"),
            *super().get_urls(),
        ]

    def _assignment(self, request: HttpRequest, pk: int) -> Assignment:
        # Another teacher's assignment is not found, exactly like one that doesn't exist.
        if not self.has_view_permission(request):
            raise PermissionDenied
        return get_object_or_404(
            self.get_queryset(request).select_related("classroom", "quiz_set"), pk=pk
        )

    def results_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        assignment = self._assignment(request, pk)
        sort = request.GET.get("sort", "student")
        results = selectors.assignment_results(assignment, sort=sort)
        if request.GET.get("format") == "csv":
            return csv_exports.results_csv(assignment, results)
        return TemplateResponse(
            request,
            "admin/classrooms/assignment/results.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": _("Results: %(assignment)s") % {"assignment": assignment},
                "assignment": assignment,
                "results": results,
                "Progress": Progress,
                "sort": sort,
                "chart": charts.score_histogram([r.best for r in results if r.best is not None]),
            },
        )

    def items_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        assignment = self._assignment(request, pk)
        rows, students = selectors.assignment_item_report(assignment)
        if request.GET.get("format") == "csv":
            return csv_exports.items_csv(assignment, rows)
        return TemplateResponse(
            request,
            "admin/classrooms/assignment/items.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": _("Questions: %(assignment)s") % {"assignment": assignment},
                "assignment": assignment,
                "rows": rows,
                "students": students,
                "chart": charts.facility_bars([row.stats.facility for row in rows]),
            },
        )
