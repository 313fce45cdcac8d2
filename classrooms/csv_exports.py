"""Spreadsheet exports of an assignment: UTF-8 with a byte-order mark, so Excel reads ā, š, ž."""

import csv
import io

from django.http import HttpResponse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from classrooms.models import Assignment

# A cell starting with one of these is run as a formula by spreadsheets (OWASP's "CSV
# injection"): a student named "=HYPERLINK(...)" must reach the teacher as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Text that a spreadsheet would read as a formula, prefixed with ' so it stays text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _response(rows: list[list], filename: str) -> HttpResponse:
    buffer = io.StringIO()
    buffer.write("\ufeff")
    csv.writer(buffer).writerows([neutralise(cell) for cell in row] for row in rows)
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _name(assignment: Assignment, what: str) -> str:
    return f"{slugify(assignment.classroom.name) or 'class'}-{assignment.quiz_set.slug}-{what}.csv"


def results_csv(assignment: Assignment, results) -> HttpResponse:
    """One row per student: status, best score, attempts, time spent, late."""
    rows = [[_("student"), _("status"), _("best (%)"), _("attempts"), _("minutes"), _("late")]]
    for r in results:
        minutes = round(r.time_spent.total_seconds() / 60, 1) if r.time_spent else ""
        name = r.student.get_full_name() or r.student.get_username()
        best = "" if r.best is None else r.best
        rows.append([name, r.status.label, best, r.attempts, minutes, int(r.late)])
    return _response(rows, _name(assignment, "results"))


def items_csv(assignment: Assignment, rows) -> HttpResponse:
    """One row per question: answered, right, facility, discrimination, the likeliest wrong."""
    out = [
        [
            _("question"),
            _("kind"),
            _("answered"),
            _("right"),
            _("facility"),
            _("discrimination"),
            _("most chosen wrong answer"),
        ]
    ]
    for row in rows:
        # Wrong answers chosen equally often are all named: none of them is "the" most chosen.
        wrong = " / ".join(
            [c.text for c, _count, mark in row.choices if mark]
            + [label for label, _count, mark in row.offsets if mark]
        )
        out.append(
            [
                row.question.prompt,
                row.question.get_kind_display(),
                row.stats.answered,
                row.stats.correct,
                "" if row.stats.facility is None else row.stats.facility,
                "" if row.stats.discrimination is None else row.stats.discrimination,
                wrong,
            ]
        )
    return _response(out, _name(assignment, "questions"))
