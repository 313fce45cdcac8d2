"""The proofreading sheet: the whole active bank in one language, as plain text."""

from django.utils import translation
from django.utils.translation import gettext as _

from quizzes import selectors, year_answers
from quizzes.models import Question

#: Opening and closing quotation marks per language.
QUOTES = {"en": ("“", "”"), "lv": ("„", "“")}


def _quote(text: str, language: str) -> str:
    opening, closing = QUOTES[language]
    return f"{opening}{text}{closing}"


def review_sheet(language: str) -> str:
    """Write every question in use, its choices (the right one marked), explanation and sources."""
    questions = list(Question.objects.in_use().order_by("kind", "key").prefetch_related("choices"))
    with translation.override(language):
        lines = [
            _("Baltic Entente Quiz: the question bank (%(count)s questions)")
            % {"count": len(questions)},
            _("[x] marks the right answer; for ordering, the number is the place in time."),
            "",
        ]
        for question in questions:
            lines.append(f"## {question.key}")
            lines.append(getattr(question, f"prompt_{language}"))
            for choice in question.choices.all():
                text = getattr(choice, f"text_{language}")
                if question.kind == Question.Kind.CHRONOLOGY:
                    lines.append(f"  {choice.rank}. {text}")
                else:
                    lines.append(f"  [{'x' if choice.is_correct else ' '}] {text}")
            if question.kind in year_answers.KINDS and question.answer_year is not None:
                strip = ""
                if question.kind == Question.Kind.TIMELINE:
                    strip = f" ({question.year_from}–{question.year_to})"
                answer = year_answers.say(question.answer_year, question.answer_month)
                lines.append(f"  [x] {answer}{strip}")
            explanation = getattr(question, f"explanation_{language}")
            lines.append(_("Explanation: %(text)s") % {"text": explanation})
            for source in selectors.question_sources(question, language):
                where = f"{source.paragraph.article.slug} ¶{source.paragraph.number}"
                lines.append(f"  {where}: {_quote(source.quote, source.language)}")
            lines.append("")
    return "\n".join(lines)
