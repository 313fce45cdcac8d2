"""Small SVG charts of a learner's scores, laid out in Python and drawn by templates."""

from dataclasses import dataclass

WIDTH, HEIGHT, PAD = 240, 60, 6


@dataclass(frozen=True)
class Sparkline:
    width: int
    height: int
    points: str
    dots: list[tuple[float, float, int]]
    pass_y: float | None


def _y(percent: float) -> float:
    return round(HEIGHT - PAD - (HEIGHT - 2 * PAD) * percent / 100, 1)


def sparkline(percents: list[int], pass_mark: int | None = None) -> Sparkline:
    """Place one dot per attempt, left to right in time, 0–100 % bottom to top."""
    step = (WIDTH - 2 * PAD) / max(len(percents) - 1, 1)
    dots = [
        (round(PAD + i * step if len(percents) > 1 else WIDTH / 2, 1), _y(p), p)
        for i, p in enumerate(percents)
    ]
    return Sparkline(
        width=WIDTH,
        height=HEIGHT,
        points=" ".join(f"{x},{y}" for x, y, _ in dots),
        dots=dots,
        pass_y=_y(pass_mark) if pass_mark is not None else None,
    )
