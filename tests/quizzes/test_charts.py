"""The score chart on My progress says something from the first attempt on."""

from quizzes import charts


def test_one_attempt_is_a_labelled_dot_against_the_pass_mark():
    chart = charts.sparkline([70], pass_mark=60)

    ((x, y, percent),) = chart.labelled
    assert percent == 70
    # Higher scores sit higher: 100 % above the pass mark above this score above 0 %.
    assert chart.high_y < y < chart.pass_y < chart.low_y
    assert 0 < x < chart.width


def test_two_attempts_sit_close_enough_to_read_as_a_step():
    chart = charts.sparkline([40, 80], pass_mark=60)

    (x1, y1, _), (x2, y2, _) = chart.dots
    assert 0 < x2 - x1 <= charts.MAX_STEP
    assert y2 < chart.pass_y < y1
    assert len(chart.labelled) == 2


def test_many_attempts_label_only_the_last():
    chart = charts.sparkline(list(range(10, 100, 10)))

    assert [p for _, _, p in chart.labelled] == [90]
    assert chart.dots[-1][0] <= chart.right
