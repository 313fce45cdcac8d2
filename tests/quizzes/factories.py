import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from quizzes.models import Choice, Question, QuizSet


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
