from datetime import timedelta

import factory
from django.utils import timezone

from classrooms.models import Assignment, Classroom, Membership
from tests.quizzes.factories import QuizSetFactory, TeacherFactory


class ClassroomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Classroom
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Class {n}")

    @factory.post_generation
    def teachers(obj, create, extracted, **kwargs):
        if create:
            obj.teachers.add(*(extracted or [TeacherFactory()]))


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    classroom = factory.SubFactory(ClassroomFactory)


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    classroom = factory.SubFactory(ClassroomFactory)
    quiz_set = factory.SubFactory(QuizSetFactory, is_published=True)
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    due_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
