"""Writes to the question bank and the quiz sets."""

import hashlib
import json
from dataclasses import asdict, dataclass

from django.db import transaction
from django.utils import timezone

from history.models import Event, Paragraph
from quizzes import selectors
from quizzes.generators import Question as GeneratedQuestion
from quizzes.generators import generate_questions
from quizzes.models import Choice, Question, QuizSet, QuizSetQuestion
from quizzes.phrases import phrasebook, say_date


@dataclass(frozen=True)
class SyncReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    retired: int = 0

    def __str__(self) -> str:
        return (
            f"created {self.created}, updated {self.updated}, "
            f"unchanged {self.unchanged}, retired {self.retired}"
        )


def _fingerprint(generated: GeneratedQuestion) -> str:
    data = json.dumps(asdict(generated), sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(data.encode()).hexdigest()


def _ranks(generated: GeneratedQuestion) -> dict[int, int]:
    """Map each shown position to its rank in time (1 = earliest), for chronology."""
    return {position: rank for rank, position in enumerate(generated.order, start=1)}


def _write(question: Question, generated: GeneratedQuestion, events, paragraphs) -> None:
    """Store a generated question's content, keeping its choices' rows where they are."""
    question.kind = generated.kind.value
    question.prompt_en, question.prompt_lv = generated.prompt["en"], generated.prompt["lv"]
    question.explanation_en = generated.explanation["en"]
    question.explanation_lv = generated.explanation["lv"]
    question.difficulty = generated.difficulty
    question.is_generated = True
    question.retired_at = None
    question.fingerprint = _fingerprint(generated)
    question.save()
    ranks = _ranks(generated)
    existing = {c.position: c for c in question.choices.all()}
    for position, choice in enumerate(generated.choices):
        row = existing.pop(position, None) or Choice(question=question, position=position)
        row.text_en, row.text_lv = choice.text["en"], choice.text["lv"]
        row.is_correct = choice.correct
        row.rank = ranks.get(position)
        row.save()
    Choice.objects.filter(pk__in=[c.pk for c in existing.values()]).delete()
    question.events.set([events[slug] for slug in generated.events])
    question.sources.set([paragraphs[(s.article, s.paragraph)] for s in generated.sources])


@transaction.atomic
def question_bank_sync(*, seed: int | str = 0) -> SyncReport:
    """Bring the generated questions in line with the facts; retire, never delete, the rest."""
    generated = generate_questions(
        selectors.event_facts(), say_date=say_date, phrases=phrasebook(), seed=seed
    )
    existing = {q.key: q for q in Question.objects.filter(is_generated=True)}
    events = {e.slug: e.pk for e in Event.objects.only("pk", "slug")}
    paragraphs = {
        (p.article.slug, p.number): p.pk for p in Paragraph.objects.select_related("article")
    }
    created = updated = unchanged = retired = 0
    for item in generated:
        question = existing.pop(item.key, None)
        if question is None:
            _write(Question(key=item.key), item, events, paragraphs)
            created += 1
        elif question.fingerprint == _fingerprint(item) and question.retired_at is None:
            unchanged += 1
        else:
            _write(question, item, events, paragraphs)
            updated += 1
    now = timezone.now()
    for question in existing.values():
        if question.retired_at is None:
            question.retired_at = now
            question.save(update_fields=["retired_at", "updated_at"])
            retired += 1
    return SyncReport(created=created, updated=updated, unchanged=unchanged, retired=retired)


@transaction.atomic
def quiz_set_duplicate(*, quiz_set: QuizSet, user=None) -> QuizSet:
    """Copy a quiz set, unpublished, with its rule, countries and picked questions."""
    base = f"{quiz_set.slug}-copy"
    slug, n = base, 1
    while QuizSet.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    copy = QuizSet.objects.get(pk=quiz_set.pk)
    copy.pk = None
    copy.slug = slug
    copy.title_en = f"{quiz_set.title_en} (copy)"
    copy.title_lv = f"{quiz_set.title_lv} (kopija)"
    copy.is_published = False
    copy.created_by = user
    copy.created_at = timezone.now()
    copy.save()
    copy.countries.set(quiz_set.countries.all())
    QuizSetQuestion.objects.bulk_create(
        QuizSetQuestion(quiz_set=copy, question_id=e.question_id, position=e.position)
        for e in quiz_set.entries.all()
    )
    return copy
