"""Map questions: which of the site's maps a question is drawn on, its markers, the distance."""

import math
from dataclasses import dataclass

from history import maps
from quizzes.generators import MapFrame

#: The site's maps, the close-up first: a question is drawn on the first that holds its places.
MAPS = maps.MAPS
EARTH_RADIUS_KM = 6371.0


def frames() -> tuple[MapFrame, ...]:
    """Return the site's maps as the generators take them: plain data."""
    return tuple(
        MapFrame(slug, b.west, b.east, b.south, b.north, b.width) for slug, b in MAPS.items()
    )


def distance_km(a, b) -> int:
    """Return the great-circle distance between two places, to the nearest 10 km."""
    lat1, lon1, lat2, lon2 = (
        math.radians(float(v)) for v in (a.latitude, a.longitude, b.latitude, b.longitude)
    )
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    km = 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))
    # The coordinates are those of a city centre: kilometres beyond the tens mean nothing.
    return round(km / 10) * 10


@dataclass(frozen=True)
class Pin:
    """One choice drawn on the map: `index` is its value in the answer form."""

    index: int
    choice: object
    x: float
    y: float
    label_x: float
    label_y: float
    anchor: str
    is_right: bool = False
    is_picked: bool = False

    @property
    def label_dx(self) -> float:
        """Where the label starts, from the pin (each pin is drawn in its own frame)."""
        return round(self.label_x - self.x, 1)

    @property
    def label_dy(self) -> float:
        return round(self.label_y - self.y, 1)


@dataclass(frozen=True)
class QuestionMap:
    slug: str
    width: int
    height: int
    pins: tuple[Pin, ...]

    @property
    def right(self) -> Pin | None:
        return next((p for p in self.pins if p.is_right), None)

    @property
    def picked(self) -> Pin | None:
        return next((p for p in self.pins if p.is_picked), None)


def question_map(
    choices: list, language: str, *, answer=None, reveal: bool = False
) -> QuestionMap | None:
    """Draw a question's choices on the first map that holds every one of their places.

    Unrevealed, every pin looks alike (nothing tells which is right); revealed, the right one
    is marked, and the answer's pick. A choice without a place (a question made by
    hand) leaves the question to its plain list.
    """
    if not choices or any(c.place_id is None for c in choices):
        return None
    places = [c.place for c in choices]
    slug, bounds = next(
        (
            (slug, bounds)
            for slug, bounds in MAPS.items()
            if all(bounds.contains(float(p.latitude), float(p.longitude)) for p in places)
        ),
        (None, None),
    )
    if bounds is None:
        return None
    drawn = maps.draw(places, bounds, language)
    picked = answer.choice_id if answer is not None else None
    pins = tuple(
        Pin(
            index=index,
            choice=choice,
            x=marker.x,
            y=marker.y,
            label_x=marker.label_x,
            label_y=marker.label_y,
            anchor=marker.anchor,
            is_right=reveal and choice.is_correct,
            is_picked=choice.pk == picked,
        )
        for index, (choice, marker) in enumerate(zip(choices, drawn.markers, strict=True))
    )
    return QuestionMap(slug, bounds.width, bounds.height, pins)


@dataclass(frozen=True)
class MapFeedback:
    picked: object
    right: object
    km: int


def map_feedback(choices: list, answer) -> MapFeedback | None:
    """Say how far the picked place is from the right one (None when it is the right one)."""
    picked = next((c for c in choices if c.pk == answer.choice_id), None)
    right = next((c for c in choices if c.is_correct), None)
    if picked is None or right is None or picked.place_id is None or right.place_id is None:
        return None
    return MapFeedback(picked, right, distance_km(picked.place, right.place))
