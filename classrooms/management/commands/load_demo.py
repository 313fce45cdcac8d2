"""Fill the teacher pages with a demo: a teacher, a class, students and their results."""

import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from classrooms.models import Assignment, Classroom, Membership
from quizzes import selectors as quiz_selectors
from quizzes import services as quiz_services
from quizzes.models import QuizSet

STUDENTS = [
    ("demo-anna", "Anna", "Bērziņa", 0.9),
    ("demo-janis", "Jānis", "Kalniņš", 0.7),
    ("demo-liga", "Līga", "Ozola", 0.5),
    ("demo-martins", "Mārtiņš", "Liepiņš", 0.3),
    ("demo-zane", "Zane", "Šmite", None),  # has not started
]


class Command(BaseCommand):
    help = "Create a demo teacher, class and students with results (for trying the admin)."

    def add_arguments(self, parser):
        parser.add_argument("--password", default="baltic-demo-1934")
        parser.add_argument("--quiz-set", default="the-1934-treaty")

    @transaction.atomic
    def handle(self, *args, password: str, quiz_set: str, **options):
        users = get_user_model()
        try:
            quiz = QuizSet.objects.get(slug=quiz_set)
        except QuizSet.DoesNotExist as missing:
            raise CommandError(
                f"No quiz set {quiz_set!r}: run `make run` (or load it) first."
            ) from missing
        teacher, _ = users.objects.get_or_create(
            username="demo-teacher", defaults={"first_name": "Inese", "last_name": "Skolotāja"}
        )
        teacher.is_staff = True
        teacher.set_password(password)
        teacher.save()
        teacher.groups.add(Group.objects.get(name="Teachers"))
        classroom, _ = Classroom.objects.get_or_create(name="9.a — Baltijas Antante (demo)")
        classroom.teachers.add(teacher)
        now = timezone.now()
        Assignment.objects.get_or_create(
            classroom=classroom,
            quiz_set=quiz,
            defaults={"opens_at": now - timedelta(days=3), "due_at": now + timedelta(days=4)},
        )
        rng = random.Random(1934)
        for username, first, last, skill in STUDENTS:
            student, created = users.objects.get_or_create(
                username=username, defaults={"first_name": first, "last_name": last}
            )
            student.set_password(password)
            student.save()
            Membership.objects.get_or_create(classroom=classroom, student=student)
            if skill is None or not created:
                continue
            learner = quiz_services.learner_for_user(user=student)
            attempt = quiz_services.attempt_start(
                learner=learner, quiz_set=quiz, now=now - timedelta(minutes=rng.randint(6, 25))
            )
            for position in range(1, attempt.question_total + 1):
                item = quiz_selectors.attempt_item(attempt=attempt, position=position)
                choices = quiz_selectors.shown_choices(item)
                if item.question.kind == item.question.Kind.CHRONOLOGY:
                    order = list(range(len(choices)))
                    if rng.random() < skill:
                        order.sort(key=lambda i: choices[i].rank or 0)
                    quiz_services.answer_submit(attempt=attempt, item=item, order=order)
                    continue
                right = [i for i, c in enumerate(choices) if c.is_correct]
                wrong = [i for i, c in enumerate(choices) if not c.is_correct]
                index = right[0] if rng.random() < skill else rng.choice(wrong)
                quiz_services.answer_submit(attempt=attempt, item=item, choice_index=index)
            quiz_services.attempt_finish(attempt=attempt)
        self.stdout.write(
            f"Demo ready: log in at /admin/ as demo-teacher (password {password!r}); "
            f"students demo-anna, demo-janis, demo-liga, demo-martins, demo-zane "
            f"(same password) in class {classroom.name!r} (join code {classroom.join_code})."
        )
