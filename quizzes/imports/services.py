"""Turn a read question file into a plan (what will be created, what is skipped and why),
and carry the plan out: the teacher's own questions, one quiz set per category."""

import hashlib
import json
import random
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Max
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import override

from quizzes.exports import clean_text
from quizzes.imports.readers import ImportFileError, Item, read
from quizzes.models import Choice, Question, QuizSet, QuizSetQuestion

# Larger uploads are refused before they are read: the biggest real question banks are a
# few hundred kilobytes.
MAX_IMPORT_BYTES = 2 * 1024 * 1024
CHOICE_MAX_LENGTH = Choice._meta.get_field("text").max_length
TITLE_MAX_LENGTH = QuizSet._meta.get_field("title").max_length


@dataclass
class Planned:
    item: Item
    fingerprint: str
    category: str


@dataclass
class ImportPlan:
    """What importing a file would do, before anything is saved."""

    fmt: str
    language: str
    create: list[Planned] = field(default_factory=list)
    skipped: list[tuple[Item, str]] = field(default_factory=list)
    # Repeats of a planned question under another category: added to that set as well.
    also: list[Planned] = field(default_factory=list)
    new_sets: list[str] = field(default_factory=list)
    existing_sets: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.create) + len(self.skipped)


@dataclass
class ImportResult:
    plan: ImportPlan
    questions: list[Question] = field(default_factory=list)
    quiz_sets: list[QuizSet] = field(default_factory=list)


def fingerprint(
    *, prompt: str, choices: list[tuple[str, bool]], order: list[str], year: int | None = None
) -> str:
    """Name a question by what it asks, so the same question is found again."""
    if year is not None:
        content = {"prompt": prompt, "year": year}
    elif order:
        content = {"prompt": prompt, "order": order}
    else:
        content = {"prompt": prompt, "choices": sorted([text, right] for text, right in choices)}
    return hashlib.sha256(json.dumps(content, ensure_ascii=False).encode()).hexdigest()


def _question_fingerprint(question: Question, language: str) -> str:
    def text(obj, name):
        return clean_text(getattr(obj, f"{name}_{language}") or getattr(obj, f"{name}_en") or "")

    choices = list(question.choices.all())
    if question.kind == Question.Kind.YEAR and question.answer_year is not None:
        return fingerprint(
            prompt=text(question, "prompt"), choices=[], order=[], year=question.answer_year
        )
    if question.kind == Question.Kind.CHRONOLOGY:
        ordered = sorted(choices, key=lambda c: c.rank or 0)
        return fingerprint(
            prompt=text(question, "prompt"), choices=[], order=[text(c, "text") for c in ordered]
        )
    return fingerprint(
        prompt=text(question, "prompt"),
        choices=[(text(c, "text"), c.is_correct) for c in choices],
        order=[],
    )


def _existing_fingerprints(language: str) -> set[str]:
    questions = Question.objects.prefetch_related("choices")
    return {_question_fingerprint(q, language) for q in questions}


def _normalised(item: Item, language: str) -> None:
    """Clean the texts as the exporter does, and name true/false in the file's language."""
    item.prompt = clean_text(item.prompt)
    item.explanation = clean_text(item.explanation)
    if item.qtype == "truefalse":
        with override(language):
            labels = {"true": _("True"), "false": _("False")}
        item.choices = [(labels.get(text, text), right) for text, right in item.choices]
    item.choices = [(clean_text(text), right) for text, right in item.choices]
    item.order = [clean_text(text) for text in item.order]


def _problem(item: Item) -> str:
    if item.problem:
        return item.problem
    if not item.prompt:
        return _("no question text")
    if item.year is not None:
        return ""
    texts = [text for text, _right in item.choices] or item.order
    if len(texts) < 2:
        return _("fewer than two choices")
    if any(not text for text in texts):
        return _("an empty choice")
    if len(set(texts)) != len(texts):
        return _("two choices read the same")
    if longest := max((t for t in texts if len(t) > CHOICE_MAX_LENGTH), key=len, default=""):
        return _("a choice longer than %(max)d characters (%(length)d)") % {
            "max": CHOICE_MAX_LENGTH,
            "length": len(longest),
        }
    if not item.order:
        right = sum(1 for _text, is_right in item.choices if is_right)
        if right == 0:
            return _("no right answer")
        if right > 1:
            return _("more than one right answer")
    return ""


def question_import_plan(*, data: bytes, language: str, user, default_category: str) -> ImportPlan:
    """Read a file and say what importing it would create and skip; nothing is saved."""
    if len(data) > MAX_IMPORT_BYTES:
        raise ImportFileError(
            _("The file is %(size)s MB; the limit is %(limit)s MB.")
            % {"size": f"{len(data) / 2**20:.1f}", "limit": MAX_IMPORT_BYTES // 2**20}
        )
    read_file = read(data)
    plan = ImportPlan(fmt=read_file.fmt, language=language)
    known = _existing_fingerprints(language)
    seen: dict[str, Planned] = {}
    for item in read_file.items:
        _normalised(item, language)
        if problem := _problem(item):
            plan.skipped.append((item, problem))
            continue
        mark = fingerprint(
            prompt=item.prompt, choices=item.choices, order=item.order, year=item.year
        )
        if mark in known:
            plan.skipped.append((item, _("duplicate of a question already in the bank")))
            continue
        category = (item.category or default_category)[:TITLE_MAX_LENGTH]
        if mark in seen:
            first = seen[mark]
            if category != first.category:
                # The same question in another category: one question, in both quiz sets.
                plan.also.append(Planned(item=item, fingerprint=mark, category=category))
                reason = _(
                    "duplicate of question %(number)d in this file, which goes into “%(set)s” too"
                ) % {"number": first.item.number, "set": category}
            else:
                reason = _("duplicate of question %(number)d in this file") % {
                    "number": first.item.number
                }
            plan.skipped.append((item, reason))
        else:
            seen[mark] = Planned(item=item, fingerprint=mark, category=category)
            plan.create.append(seen[mark])
    for category in dict.fromkeys(p.category for p in [*plan.create, *plan.also]):
        if _own_set(category, language, user) is None:
            plan.new_sets.append(category)
        else:
            plan.existing_sets.append(category)
    return plan


def _own_set(title: str, language: str, user) -> QuizSet | None:
    return (
        QuizSet.objects.filter(**{f"title_{language}": title}, created_by=user)
        .order_by("pk")
        .first()
    )


# Any constant: the key of the transaction-scoped lock PostgreSQL imports take.
IMPORT_LOCK_KEY = 0x51_4D_49  # "QMI"


def _one_import_at_a_time() -> None:
    """Serialise imports, so two at once cannot both find a question new.

    SQLite transactions here are IMMEDIATE (they take the write lock when they begin);
    PostgreSQL takes an advisory lock held until the transaction ends.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK_KEY])


def _unsolved_positions(count: int, *, seed: str) -> list[int]:
    """Place a chronology's events so they are not already listed in order of time."""
    positions = list(range(1, count + 1))
    rng = random.Random(seed)
    while count > 1 and positions == sorted(positions):
        rng.shuffle(positions)
    return positions


def _unique_slug(title: str) -> str:
    base = slugify(title)[:70] or "imported"
    slug, n = base, 1
    while QuizSet.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def questions_import(*, data: bytes, language: str, user, default_category: str) -> ImportResult:
    """Create the planned questions, owned by the user, in one quiz set per category.

    The plan is made again inside the transaction, from what is in the bank then, and imports
    run one at a time: a file imported twice, even at the same moment, creates its questions
    once.
    """
    _one_import_at_a_time()
    plan = question_import_plan(
        data=data, language=language, user=user, default_category=default_category
    )
    result = ImportResult(plan=plan)
    created: dict[str, Question] = {}
    for planned in plan.create:
        created[planned.fingerprint] = _question_create(planned, user=user)
        result.questions.append(created[planned.fingerprint])
    sets: dict[str, QuizSet] = {}
    for planned in sorted([*plan.create, *plan.also], key=lambda p: p.item.number):
        quiz_set = sets.get(planned.category)
        if quiz_set is None:
            quiz_set = _own_set(planned.category, language, user) or QuizSet.objects.create(
                slug=_unique_slug(planned.category),
                title_en=planned.category,
                title_lv=planned.category,
                mode=QuizSet.Mode.PICKED,
                created_by=user,
            )
            sets[planned.category] = quiz_set
            result.quiz_sets.append(quiz_set)
        question = created[planned.fingerprint]
        if not quiz_set.entries.filter(question=question).exists():
            last = quiz_set.entries.aggregate(last=Max("position"))["last"] or 0
            QuizSetQuestion.objects.create(quiz_set=quiz_set, question=question, position=last + 1)
    return result


def _question_create(planned: Planned, *, user) -> Question:
    item = planned.item
    if item.year is not None:
        # A numerical question answered by one exact year: a typed-year question.
        return Question.objects.create(
            kind=Question.Kind.YEAR,
            answer_year=item.year,
            prompt_en=item.prompt,
            prompt_lv=item.prompt,
            explanation_en=item.explanation,
            explanation_lv=item.explanation,
            created_by=user,
        )
    question = Question.objects.create(
        kind=Question.Kind.CHRONOLOGY if item.order else Question.Kind.CUSTOM,
        # A teacher's file is in one language: both fields hold it until translated.
        prompt_en=item.prompt,
        prompt_lv=item.prompt,
        explanation_en=item.explanation,
        explanation_lv=item.explanation,
        created_by=user,
    )
    if item.order:
        positions = _unsolved_positions(len(item.order), seed=planned.fingerprint)
        choices = [
            Choice(question=question, text_en=t, text_lv=t, rank=i, position=p)
            for i, (t, p) in enumerate(zip(item.order, positions, strict=True), start=1)
        ]
    else:
        choices = [
            Choice(question=question, text_en=t, text_lv=t, is_correct=right, position=i)
            for i, (t, right) in enumerate(item.choices, start=1)
        ]
    Choice.objects.bulk_create(choices)
    return question
