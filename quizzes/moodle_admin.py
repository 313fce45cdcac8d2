"""The admin's Moodle pages for quiz sets: export with a choice of language and chronology
form, and import of a GIFT or Moodle XML file (upload, preview, confirm)."""

import base64
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from quizzes import exports
from quizzes.imports.preview import plan_rows
from quizzes.imports.readers import ImportFileError
from quizzes.imports.services import MAX_IMPORT_BYTES, question_import_plan, questions_import
from quizzes.selectors import quiz_set_questions

SESSION_KEY = "quizzes_moodle_import"


class MoodleExportForm(forms.Form):
    format = forms.ChoiceField(
        label=_("Format"),
        choices=[("moodle", _("Moodle XML")), ("gift", _("GIFT"))],
        initial="moodle",
        widget=forms.RadioSelect,
    )
    language = forms.ChoiceField(
        label=_("Language"), choices=settings.LANGUAGES, widget=forms.RadioSelect
    )
    chronology = forms.ChoiceField(
        label=_("Chronology questions"),
        choices=[
            ("ordering", _("Ordering question, all or nothing (Moodle 4.4 and later)")),
            ("matching", _("Matching, credit per pair (older Moodle)")),
        ],
        initial="ordering",
        widget=forms.RadioSelect,
        help_text=_("GIFT has no ordering question: a GIFT file always writes matching."),
    )


class MoodleImportForm(forms.Form):
    file = forms.FileField(label=_("GIFT or Moodle XML file"))
    language = forms.ChoiceField(
        label=_("Language of the file"), choices=settings.LANGUAGES, widget=forms.RadioSelect
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("UTF-8 text, at most %(limit)d MB.") % {
            "limit": MAX_IMPORT_BYTES // 2**20
        }

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(
                _("The file is %(size)s MB; the limit is %(limit)d MB.")
                % {"size": f"{upload.size / 2**20:.1f}", "limit": MAX_IMPORT_BYTES // 2**20}
            )
        return upload


class MoodleAdminMixin:
    """Adds the export and import pages to the quiz set admin."""

    def moodle_urls(self):
        site = self.admin_site
        return [
            path(
                "moodle-export/",
                site.admin_view(self.moodle_export_view),
                name="quizzes_quizset_moodle_export",
            ),
            path(
                "moodle-import/",
                site.admin_view(self.moodle_import_view),
                name="quizzes_quizset_moodle_import",
            ),
        ]

    def moodle_export_redirect(self, queryset, fmt: str) -> HttpResponse:
        query = urlencode({"ids": [q.pk for q in queryset], "format": fmt}, doseq=True)
        return redirect(f"{reverse('admin:quizzes_quizset_moodle_export')}?{query}")

    def moodle_export_view(self, request: HttpRequest) -> HttpResponse:
        return require_GET(self._moodle_export)(request)

    def _moodle_export(self, request: HttpRequest) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        ids = [i for i in request.GET.getlist("ids") if i.isdigit()]
        quiz_sets = list(self.get_queryset(request).filter(pk__in=ids).order_by("title"))
        if not quiz_sets:
            self.message_user(
                request, _("Choose the quiz sets to export first."), messages.WARNING
            )
            return redirect("admin:quizzes_quizset_changelist")
        data = request.GET if "download" in request.GET else None
        form = MoodleExportForm(
            data,
            initial={"format": request.GET.get("format", "moodle"), "language": get_language()},
        )
        if form.is_valid():
            fmt, language = form.cleaned_data["format"], form.cleaned_data["language"]
            result = exports.export_file(
                quiz_sets,
                fmt=fmt,
                language=language,
                ordering=form.cleaned_data["chronology"] == "ordering",
            )
            suffix, content_type = exports.FORMATS[fmt]
            name = quiz_sets[0].slug if len(quiz_sets) == 1 else "quiz-sets"
            response = HttpResponse(result.text, content_type=f"{content_type}; charset=utf-8")
            response["Content-Disposition"] = f'attachment; filename="{name}.{language}.{suffix}"'
            return response
        language = get_language()
        left_out = {
            fmt: exports.export_file(quiz_sets, fmt=fmt, language=language).refused
            for fmt in exports.FORMATS
        }
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Export for Moodle"),
            "form": form,
            "quiz_sets": [
                (q, exports.draw_note(q, quiz_set_questions(q).count(), language))
                for q in quiz_sets
            ],
            "ids": [q.pk for q in quiz_sets],
            "left_out": left_out,
        }
        return TemplateResponse(request, "admin/quizzes/quizset/moodle_export.html", context)

    def moodle_import_view(self, request: HttpRequest) -> HttpResponse:
        return require_http_methods(["GET", "POST"])(self._moodle_import)(request)

    def _moodle_import(self, request: HttpRequest) -> HttpResponse:
        if not self.has_add_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Import questions from Moodle"),
        }
        if request.method == "POST" and "confirm" in request.POST:
            return self._moodle_import_confirm(request)
        form = MoodleImportForm(
            request.POST or None, request.FILES or None, initial={"language": get_language()}
        )
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            data = upload.read(MAX_IMPORT_BYTES + 1)
            language = form.cleaned_data["language"]
            default_category = Path(upload.name).stem.removesuffix(".gift")[:200] or "Imported"
            try:
                plan = question_import_plan(
                    data=data,
                    language=language,
                    user=request.user,
                    default_category=default_category,
                )
            except ImportFileError as error:
                form.add_error("file", str(error))
            else:
                request.session[SESSION_KEY] = {
                    "data": base64.b64encode(data).decode(),
                    "language": language,
                    "default_category": default_category,
                    "name": upload.name,
                }
                create, skipped = plan_rows(plan)
                context |= {
                    "plan": plan,
                    "create": create,
                    "skipped": skipped,
                    "name": upload.name,
                }
                return TemplateResponse(
                    request, "admin/quizzes/quizset/moodle_import.html", context
                )
        context["form"] = form
        return TemplateResponse(request, "admin/quizzes/quizset/moodle_import.html", context)

    def _moodle_import_confirm(self, request: HttpRequest) -> HttpResponse:
        stored = request.session.pop(SESSION_KEY, None)
        if not stored:
            self.message_user(
                request, _("Upload the file again: the preview has expired."), messages.WARNING
            )
            return redirect("admin:quizzes_quizset_moodle_import")
        try:
            result = questions_import(
                data=base64.b64decode(stored["data"]),
                language=stored["language"],
                user=request.user,
                default_category=stored["default_category"],
            )
        except ImportFileError as error:
            self.message_user(request, str(error), messages.ERROR)
            return redirect("admin:quizzes_quizset_moodle_import")
        count = len(result.questions)
        self.message_user(
            request,
            ngettext(
                "Imported %(count)d question from %(name)s; %(skipped)d skipped.",
                "Imported %(count)d questions from %(name)s; %(skipped)d skipped.",
                count,
            )
            % {"count": count, "name": stored["name"], "skipped": len(result.plan.skipped)},
            messages.SUCCESS if count else messages.WARNING,
        )
        return redirect("admin:quizzes_quizset_changelist")
