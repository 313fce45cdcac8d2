"""Item analysis on small hand-made answer sets with known figures."""

from classrooms.analysis import Response, item_analysis


def r(student, question, correct, choice=None, score=0.5):
    return Response(
        student=student, question=question, correct=correct, choice=choice, score=score
    )


def test_facility_is_the_share_right_and_the_likeliest_wrong_answer_is_found():
    responses = [
        r(1, 10, True, choice=100),
        r(2, 10, False, choice=101),
        r(3, 10, False, choice=101),
        r(4, 10, False, choice=102),
    ]

    (stats,) = item_analysis(responses, [10], {10: {100}})

    assert (stats.answered, stats.correct, stats.facility) == (4, 1, 0.25)
    assert stats.choices == {100: 1, 101: 2, 102: 1}
    assert stats.likeliest_wrong == 101


def test_a_question_the_strong_get_right_and_the_weak_wrong_discriminates():
    # Ten students; the four best overall answer right, the others wrong.
    responses = [r(s, 1, s > 6, score=s / 10) for s in range(1, 11)]

    (stats,) = item_analysis(responses, [1], {})

    assert stats.discrimination == 1.0
    assert stats.facility == 0.4


def test_a_question_the_weak_get_right_discriminates_negatively():
    responses = [r(s, 1, s <= 3, score=s / 10) for s in range(1, 11)]

    (stats,) = item_analysis(responses, [1], {})

    assert stats.discrimination == -1.0


def test_everyone_right_means_full_facility_and_no_discrimination():
    responses = [r(s, 1, True, choice=7, score=s / 5) for s in range(1, 6)]

    (stats,) = item_analysis(responses, [1], {1: {7}})

    assert (stats.facility, stats.discrimination, stats.likeliest_wrong) == (1.0, 0.0, None)


def test_nobody_answered_gives_no_figures():
    (stats,) = item_analysis([], [1], {1: {7}})

    assert (stats.answered, stats.facility, stats.discrimination) == (0, None, None)


def test_a_single_student_gives_facility_but_no_discrimination():
    (stats,) = item_analysis([r(1, 1, False, choice=8)], [1], {1: {7}})

    assert (stats.facility, stats.discrimination, stats.likeliest_wrong) == (0.0, None, 8)


def test_wrong_answers_picked_equally_often_tie_and_none_is_the_likeliest():
    responses = [
        r(1, 10, False, choice=101),
        r(2, 10, False, choice=102),
        r(3, 10, True, choice=100),
    ]

    (stats,) = item_analysis(responses, [10], {10: {100}})

    assert stats.likeliest_wrong is None
    assert stats.commonest_wrong == {101, 102}
