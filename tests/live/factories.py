from live import services
from live.models import LiveSession
from tests.quizzes.factories import TeacherFactory, picked_quiz_set


def live_session(questions: int = 2, teacher=None, chronology: int = 0, **fields) -> LiveSession:
    """Open a live session over a quiz set of hand-picked questions made for the test."""
    return services.live_session_start(
        teacher=teacher or TeacherFactory(),
        quiz_set=picked_quiz_set(
            questions=questions, chronology=chronology, shuffle_choices=False
        ),
        **fields,
    )


def right_index(session: LiveSession, position: int) -> int:
    """Where the right answer of a session's question is shown."""
    item = session.items.get(position=position)
    right = item.question.choices.get(is_correct=True)
    return item.choice_order.index(right.pk)
