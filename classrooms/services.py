"""Writes for the classes: joining one, and a new join code."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from classrooms.models import Classroom, Membership, new_join_code


class JoinRefused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@transaction.atomic
def classroom_join(*, user, code: str) -> Classroom:
    """Put a student in the class whose code they entered; joining twice changes nothing."""
    normalized = "".join(code.split()).upper()
    classroom = Classroom.objects.filter(join_code=normalized).first()
    if classroom is None:
        raise JoinRefused(_("No class has this code. Check it with your teacher."))
    if classroom.teachers.filter(pk=user.pk).exists():
        raise JoinRefused(_("You teach this class, so you cannot join it as a student."))
    Membership.objects.get_or_create(classroom=classroom, student=user)
    return classroom


def classroom_new_code(*, classroom: Classroom) -> str:
    """Give a class a fresh join code; the old one stops working at once."""
    for _attempt in range(5):
        classroom.join_code = new_join_code()
        try:
            with transaction.atomic():
                classroom.save(update_fields=["join_code"])
        except IntegrityError:
            continue
        return classroom.join_code
    raise RuntimeError("Could not find a free join code.")
