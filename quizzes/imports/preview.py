"""The import preview as plain data and as text lines (for the admin page and the command)."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from quizzes.imports.services import ImportPlan

TYPE_NAMES = {
    "multichoice": "multiple choice",
    "truefalse": "true/false",
    "matching": "matching",
    "match": "matching",
    "ordering": "ordering",
    "numerical": "numerical",
}


def _becomes(item) -> str:
    if item.year is not None:
        return _("typed year")
    return _("chronology") if item.order else _("multiple choice")


@dataclass
class Row:
    number: int
    name: str
    qtype: str
    prompt: str
    becomes: str
    category: str = ""
    reason: str = ""


def plan_rows(plan: ImportPlan) -> tuple[list[Row], list[Row]]:
    """Return the rows to be created and the rows skipped, in the file's order."""
    create = [
        Row(
            number=p.item.number,
            name=p.item.name,
            qtype=p.item.qtype,
            prompt=p.item.prompt,
            becomes=_becomes(p.item),
            category=p.category,
        )
        for p in plan.create
    ]
    skipped = [
        Row(
            number=item.number,
            name=item.name,
            qtype=item.qtype,
            prompt=item.prompt,
            becomes="",
            reason=reason,
        )
        for item, reason in plan.skipped
    ]
    return create, sorted(skipped, key=lambda r: r.number)


def plan_lines(plan: ImportPlan) -> list[str]:
    create, skipped = plan_rows(plan)
    lines = [
        f"{plan.fmt.upper() if plan.fmt == 'gift' else 'Moodle XML'} file, {plan.total} "
        f"questions: {len(create)} to create, {len(skipped)} skipped."
    ]
    for row in create:
        lines.append(
            f"  + #{row.number} {row.qtype} → {row.becomes} in “{row.category}”: "
            f"{_short(row.prompt)}"
        )
    for row in skipped:
        lines.append(f"  - #{row.number} {row.qtype or '?'}: {row.reason}: {_short(row.prompt)}")
    for title in plan.new_sets:
        lines.append(f"  New quiz set: “{title}”")
    for title in plan.existing_sets:
        lines.append(f"  Added to your quiz set: “{title}”")
    return lines


def _short(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
