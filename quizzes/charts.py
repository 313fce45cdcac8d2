"""Small SVG charts of a learner's scores, laid out in Python and drawn by templates."""

from dataclasses import dataclass

WIDTH, HEIGHT = 260, 90
LEFT, RIGHT, TOP, BOTTOM = 34, 12, 18, 10
# Attempts sit this far apart, so one or two attempts read as points in time, not a spread.
MAX_STEP = 44


@dataclass(frozen=True)
class Sparkline:
    width: int
    height: int
    points: str
    dots: list[tuple[float, float, int]]
    #: The dots whose percent is written beside them: all of a few, else only the last.
    labelled: list[tuple[float, float, int]]
    pass_y: float | None
    pass_mark: int | None
    #: The y of the 0 % and 100 % grid lines, labelled on the left.
    low_y: float
    high_y: float
    right: float


def _y(percent: float) -> float:
    return round(HEIGHT - BOTTOM - (HEIGHT - TOP - BOTTOM) * percent / 100, 1)


def sparkline(percents: list[int], pass_mark: int | None = None) -> Sparkline:
    """One labelled dot per attempt, left to right in time, on a 0–100 % scale."""
    span = WIDTH - LEFT - RIGHT - 20
    step = min(span / max(len(percents) - 1, 1), MAX_STEP)
    dots = [(round(LEFT + 14 + i * step, 1), _y(p), p) for i, p in enumerate(percents)]
    return Sparkline(
        width=WIDTH,
        height=HEIGHT,
        points=" ".join(f"{x},{y}" for x, y, _ in dots),
        dots=dots,
        labelled=dots if len(dots) <= 5 else dots[-1:],
        pass_y=_y(pass_mark) if pass_mark is not None else None,
        pass_mark=pass_mark,
        low_y=_y(0),
        high_y=_y(100),
        right=WIDTH - RIGHT,
    )
