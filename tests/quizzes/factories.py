import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from quizzes.models import Choice, Learner, Question, QuizSet, QuizSetQuestion


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class TeacherFactory(UserFactory):
    is_staff = True

    @factory.post_generation
    def teachers_group(obj, create, extracted, **kwargs):
        if create:
            obj.groups.add(Group.objects.get(name="Teachers"))


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question
        skip_postgeneration_save = True

    prompt_en = factory.Sequence(lambda n: f"Question {n}?")
    prompt_lv = factory.Sequence(lambda n: f"Jautājums {n}?")
    explanation_en = "Because the article says so."
    explanation_lv = "Jo tā teikts rakstā."

    @factory.post_generation
    def choices(obj, create, extracted, **kwargs):
        if not create:
            return
        texts = extracted or [("Riga", "Rīga"), ("Tallinn", "Tallina"), ("Kaunas", "Kauņa")]
        for position, (en, lv) in enumerate(texts):
            Choice.objects.create(
                question=obj, text_en=en, text_lv=lv, is_correct=position == 0, position=position
            )


class QuizSetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QuizSet

    slug = factory.Sequence(lambda n: f"set-{n}")
    title_en = factory.Sequence(lambda n: f"Set {n}")
    title_lv = factory.Sequence(lambda n: f"Kopa {n}")
    mode = QuizSet.Mode.RULE


class ChronologyQuestionFactory(QuestionFactory):
    kind = Question.Kind.CHRONOLOGY
    prompt_en = "Put these events in order."
    prompt_lv = "Sakārtojiet šos notikumus."

    @factory.post_generation
    def choices(obj, create, extracted, **kwargs):
        if not create:
            return
        # Shown positions 0, 1, 2 happened third, first and second.
        for position, (en, lv, rank) in enumerate(
            [("Treaty", "Līgums", 3), ("Conference", "Konference", 1), ("Pact", "Pakts", 2)]
        ):
            Choice.objects.create(
                question=obj, text_en=en, text_lv=lv, position=position, rank=rank
            )


class LearnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Learner


def picked_quiz_set(questions: int = 3, chronology: int = 0, **fields) -> QuizSet:
    """Publish a quiz set of hand-picked questions made for the test."""
    fields.setdefault("is_published", True)
    fields.setdefault("shuffle_questions", False)
    quiz_set = QuizSetFactory(mode=QuizSet.Mode.PICKED, **fields)
    made = [QuestionFactory() for _ in range(questions)]
    made += [ChronologyQuestionFactory() for _ in range(chronology)]
    QuizSetQuestion.objects.bulk_create(
        QuizSetQuestion(quiz_set=quiz_set, question=q, position=i) for i, q in enumerate(made)
    )
    return quiz_set


class YearQuestionFactory(QuestionFactory):
    """A typed-year question: no choices, the year stored on the question."""

    kind = Question.Kind.YEAR
    prompt_en = factory.Sequence(lambda n: f"In which year did event {n} take place?")
    prompt_lv = factory.Sequence(lambda n: f"Kurā gadā notika notikums {n}?")
    explanation_en = "Event took place in Riga in 1934."
    explanation_lv = "Notikums notika Rīgā 1934. gadā."
    answer_year = 1934

    @factory.post_generation
    def choices(obj, create, extracted, **kwargs):
        """None: the year is the answer."""


class TimelineQuestionFactory(YearQuestionFactory):
    """A timeline question on the strip 1918–1940, asking the month (September 1934)."""

    kind = Question.Kind.TIMELINE
    prompt_en = factory.Sequence(lambda n: f"When did event {n} take place?")
    prompt_lv = factory.Sequence(lambda n: f"Kad notika notikums {n}?")
    answer_month = 9
    year_from = 1918
    year_to = 1940


def year_quiz_set(*kinds: str, **fields) -> QuizSet:
    """A picked set of the given year kinds ("year", "timeline", "timeline-year": to the year)."""
    fields.setdefault("is_published", True)
    fields.setdefault("shuffle_questions", False)
    quiz_set = QuizSetFactory(mode=QuizSet.Mode.PICKED, question_count=len(kinds), **fields)
    made = []
    for kind in kinds:
        if kind == "year":
            made.append(YearQuestionFactory())
        elif kind == "timeline":
            made.append(TimelineQuestionFactory())
        else:
            made.append(TimelineQuestionFactory(answer_month=None))
    QuizSetQuestion.objects.bulk_create(
        QuizSetQuestion(quiz_set=quiz_set, question=q, position=i) for i, q in enumerate(made)
    )
    return quiz_set
