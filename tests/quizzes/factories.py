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
