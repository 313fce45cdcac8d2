"""Charts for teachers, laid out in Python and drawn as inline SVG by templates."""

from dataclasses import dataclass

WIDTH, HEIGHT, PAD, BINS = 420, 160, 24, 10


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    count: int
    #: What is written under the bar: short enough not to run into its neighbours.
    tick: str = ""

    @property
    def middle(self) -> float:
        return round(self.x + self.width / 2, 1)


@dataclass(frozen=True)
class Histogram:
    width: int
    height: int
    bars: list[Bar]
    baseline: float
    most: int


def score_histogram(percents: list[int]) -> Histogram:
    """Count scores in ten bands (0–9 %, …, 90–100 %), one bar per band."""
    counts = [0] * BINS
    for percent in percents:
        counts[min(percent // 10, BINS - 1)] += 1
    most = max(counts) or 1
    step = (WIDTH - 2 * PAD) / BINS
    bars = []
    for band, count in enumerate(counts):
        height = (HEIGHT - 2 * PAD) * count / most
        bars.append(
            Bar(
                x=round(PAD + band * step + 2, 1),
                y=round(HEIGHT - PAD - height, 1),
                width=round(step - 4, 1),
                height=round(height, 1),
                label=f"{band * 10}–{band * 10 + 9 if band < BINS - 1 else 100}",
                count=count,
                tick=str(band * 10),
            )
        )
    return Histogram(
        width=WIDTH, height=HEIGHT, bars=bars, baseline=HEIGHT - PAD, most=max(counts)
    )


def facility_bars(facilities: list[float | None]) -> Histogram:
    """One bar per question, as tall as its facility (0–1); unanswered questions stay empty."""
    count = max(len(facilities), 1)
    step = (WIDTH - 2 * PAD) / count
    bars = []
    for index, facility in enumerate(facilities):
        height = (HEIGHT - 2 * PAD) * (facility or 0)
        bars.append(
            Bar(
                x=round(PAD + index * step + 1, 1),
                y=round(HEIGHT - PAD - height, 1),
                width=round(max(step - 2, 1), 1),
                height=round(height, 1),
                label=str(index + 1),
                count=round(100 * facility) if facility is not None else 0,
                # Past 20 bars every other number is written, or they would collide.
                tick=str(index + 1) if count <= 20 or index % 2 == 0 else "",
            )
        )
    return Histogram(width=WIDTH, height=HEIGHT, bars=bars, baseline=HEIGHT - PAD, most=100)
