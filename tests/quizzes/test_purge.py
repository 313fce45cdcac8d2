"""Anonymous learners who left long ago are removed; accounts and recent visitors stay."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from quizzes import selectors, services
from quizzes.models import Answer, Attempt, AttemptQuestion, Learner, PracticeCard
from tests.quizzes.factories import UserFactory, picked_quiz_set

pytestmark = pytest.mark.django_db


def work(learner: Learner, quiz_set, when):
    """Start and answer an attempt at a given moment."""
    attempt = services.attempt_start(learner=learner, quiz_set=quiz_set, now=when)
    item = selectors.attempt_item(attempt=attempt, position=1)
    services.answer_submit(attempt=attempt, item=item, choice_index=0)
    Answer.objects.filter(attempt=attempt).update(answered_at=when)
    PracticeCard.objects.filter(learner=learner).update(last_seen_at=when)
    return attempt


@pytest.fixture
def learners():
    quiz_set = picked_quiz_set(questions=2)
    long_ago = timezone.now() - timedelta(days=40)
    yesterday = timezone.now() - timedelta(days=1)

    def anonymous(created):
        learner = services.learner_create_anonymous()
        Learner.objects.filter(pk=learner.pk).update(created_at=created)
        return learner

    gone = [anonymous(long_ago) for _ in range(3)]
    for learner in gone:
        work(learner, quiz_set, long_ago)
    came_back = anonymous(long_ago)
    work(came_back, quiz_set, long_ago)
    work(came_back, picked_quiz_set(questions=1), yesterday)
    new = anonymous(yesterday)
    account = services.learner_for_user(user=UserFactory())
    Learner.objects.filter(pk=account.pk).update(created_at=long_ago)
    work(account, quiz_set, long_ago)
    return {"gone": gone, "kept": [came_back, new, account]}


def test_the_command_removes_only_long_idle_anonymous_learners_and_says_so(learners):
    gone_ids = [learner.pk for learner in learners["gone"]]
    attempts = Attempt.objects.filter(learner__in=gone_ids).count()
    answers = Answer.objects.filter(attempt__learner__in=gone_ids).count()
    drawn = AttemptQuestion.objects.filter(attempt__learner__in=gone_ids).count()
    kept_rows = {
        learner.pk: (
            learner.attempts.count(),
            Answer.objects.filter(attempt__learner=learner).count(),
        )
        for learner in learners["kept"]
    }
    out = StringIO()

    call_command("purge_anonymous_learners", "--days", "30", stdout=out)

    assert not Learner.objects.filter(pk__in=gone_ids).exists()
    assert (
        f"{len(gone_ids)} learners, {attempts} attempts, {answers} answers, "
        f"{drawn} questions drawn" in out.getvalue()
    )
    assert {
        learner.pk: (
            learner.attempts.count(),
            Answer.objects.filter(attempt__learner=learner).count(),
        )
        for learner in learners["kept"]
    } == kept_rows


def test_running_it_again_deletes_nothing_more(learners):
    call_command("purge_anonymous_learners", "--days", "30", stdout=StringIO())
    before = (Learner.objects.count(), Attempt.objects.count(), Answer.objects.count())
    out = StringIO()

    call_command("purge_anonymous_learners", "--days", "30", stdout=out)

    assert (Learner.objects.count(), Attempt.objects.count(), Answer.objects.count()) == before
    assert "0 learners, 0 attempts" in out.getvalue()


def test_a_dry_run_counts_and_deletes_nothing(learners):
    before = (Learner.objects.count(), Attempt.objects.count(), Answer.objects.count())
    out = StringIO()

    call_command("purge_anonymous_learners", "--days", "30", "--dry-run", stdout=out)

    assert (Learner.objects.count(), Attempt.objects.count(), Answer.objects.count()) == before
    assert (
        f"Would delete anonymous learners idle for 30 days: {len(learners['gone'])} learners"
        in out.getvalue()
    )
