"""Draw places on an inline SVG map, over country outlines shipped with the app."""

import itertools
import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Protocol

OUTLINE_FILE = Path(__file__).parent / "data" / "baltic_region.geojson"
COUNTRY_LABEL_FILE = Path(__file__).parent / "data" / "country_labels.json"
# The three Entente states are drawn stronger than their neighbours.
ENTENTE = {"Estonia", "Latvia", "Lithuania"}
# In map units (the map is 800 wide): about 12 px when two maps share a desktop row.
LABEL_SIZE = 20
LABEL_CHAR_WIDTH = 0.58 * LABEL_SIZE
LABEL_HEIGHT = LABEL_SIZE
COUNTRY_SIZE = 19
COUNTRY_CHAR_WIDTH = 0.75 * COUNTRY_SIZE  # upper case, spaced out


class Located(Protocol):
    name: str
    latitude: float
    longitude: float


@dataclass(frozen=True)
class Bounds:
    west: float
    east: float
    south: float
    north: float
    width: int = 800

    @property
    def height(self) -> int:
        # Equirectangular projection, stretched by the cosine of the middle latitude so that
        # shapes at these latitudes are not squashed.
        mid = math.radians((self.south + self.north) / 2)
        return round(
            self.width * (self.north - self.south) / ((self.east - self.west) * math.cos(mid))
        )

    def project(self, latitude: float, longitude: float) -> tuple[float, float]:
        x = (longitude - self.west) / (self.east - self.west) * self.width
        y = (self.north - latitude) / (self.north - self.south) * self.height
        return round(x, 1), round(y, 1)

    def contains(self, latitude: float, longitude: float) -> bool:
        return self.south <= latitude <= self.north and self.west <= longitude <= self.east


@dataclass(frozen=True)
class Shape:
    name: str
    path: str
    entente: bool


@dataclass(frozen=True)
class Marker:
    place: object
    x: float
    y: float
    label_x: float
    label_y: float
    anchor: str


@dataclass(frozen=True)
class CountryLabel:
    name: str
    x: float
    y: float


@dataclass(frozen=True)
class Map:
    bounds: Bounds
    shapes: list[Shape]
    markers: list[Marker]
    countries: list[CountryLabel] = ()


@cache
def _outlines() -> tuple[tuple[str, tuple], ...]:
    with OUTLINE_FILE.open(encoding="utf-8") as f:
        data = json.load(f)
    outlines = []
    for feature in data["features"]:
        geometry = feature["geometry"]
        polygons = (
            geometry["coordinates"]
            if geometry["type"] == "MultiPolygon"
            else [geometry["coordinates"]]
        )
        outlines.append((feature["properties"]["name"], tuple(polygons)))
    return tuple(outlines)


@cache
def _country_labels() -> dict[str, dict]:
    with COUNTRY_LABEL_FILE.open(encoding="utf-8") as f:
        return {k: v for k, v in json.load(f).items() if not k.startswith("_")}


def _ring_path(points: list[tuple[int, int]]) -> str:
    """A closed ring in relative moves, whole map units: a fraction of the absolute text."""
    steps = [points[0]]
    for point in points[1:]:
        if point != steps[-1]:
            steps.append(point)
    path = f"M{steps[0][0]} {steps[0][1]}"
    for (x0, y0), (x1, y1) in itertools.pairwise(steps):
        path += f"l{x1 - x0} {y1 - y0}"
    return path + "z"


@cache
def _shapes(bounds: Bounds) -> tuple[Shape, ...]:
    shapes = []
    frame = (-bounds.width * 0.1, -bounds.height * 0.1, bounds.width * 1.1, bounds.height * 1.1)
    for name, polygons in _outlines():
        rings = []
        for polygon in polygons:
            for ring in polygon:
                points = [bounds.project(lat, lon) for lon, lat in ring]
                xs, ys = [p[0] for p in points], [p[1] for p in points]
                if not _overlaps((min(xs), min(ys), max(xs), max(ys)), frame):
                    continue  # wholly outside this map: drawing it only adds bytes
                rings.append(_ring_path([(round(x), round(y)) for x, y in points]))
        if rings:
            shapes.append(Shape(name, "".join(rings), name in ENTENTE))
    return tuple(shapes)


def _countries(bounds: Bounds, language: str) -> list[CountryLabel]:
    labels = []
    for label in _country_labels().values():
        if bounds.contains(label["lat"], label["lon"]):
            x, y = bounds.project(label["lat"], label["lon"])
            labels.append(CountryLabel(label.get(language) or label["en"], x, y))
    return labels


def _country_box(label: CountryLabel) -> tuple[float, float, float, float]:
    half = len(label.name) * COUNTRY_CHAR_WIDTH / 2
    return (label.x - half, label.y - COUNTRY_SIZE, label.x + half, label.y + 4)


def _overlaps(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _within(box: tuple[float, float, float, float], frame: tuple[float, ...]) -> bool:
    return frame[0] <= box[0] and frame[1] <= box[1] and box[2] <= frame[2] and box[3] <= frame[3]


def draw(places: list[Located], bounds: Bounds, language: str = "en") -> Map:
    """Project the places inside the bounds and give each a label that overlaps no other.

    Country names are written where they clear every place and its label.
    """
    inside = [p for p in places if bounds.contains(float(p.latitude), float(p.longitude))]
    points = [bounds.project(float(p.latitude), float(p.longitude)) for p in inside]
    taken = [(x - 6, y - 6, x + 6, y + 6) for x, y in points]
    frame = (0, 0, bounds.width, bounds.height)
    markers = []
    for place, (x, y) in zip(inside, points, strict=True):
        width = len(str(place.name)) * LABEL_CHAR_WIDTH
        h = LABEL_HEIGHT
        candidates = [
            (x + 9, y + 6, "start", (x + 8, y - h + 6, x + 10 + width, y + 7)),
            (x - 9, y + 6, "end", (x - 10 - width, y - h + 6, x - 8, y + 7)),
            (x, y - 10, "middle", (x - width / 2, y - 10 - h, x + width / 2, y - 8)),
            (x, y + 8 + h, "middle", (x - width / 2, y + 8, x + width / 2, y + 10 + h)),
        ]
        label = next(
            (
                c
                for c in candidates
                if _within(c[3], frame) and not any(_overlaps(c[3], box) for box in taken)
            ),
            candidates[0],
        )
        taken.append(label[3])
        markers.append(Marker(place, x, y, label[0], label[1], label[2]))
    countries = []
    for country in _countries(bounds, language):
        box = _country_box(country)
        if _within(box, frame) and not any(_overlaps(box, other) for other in taken):
            taken.append(box)
            countries.append(country)
    return Map(bounds, list(_shapes(bounds)), markers, countries)


#: The whole stage, from Geneva to Moscow.
EUROPE = Bounds(west=4.5, east=40.0, south=44.5, north=62.5, width=800)
#: The three Baltic states close up.
BALTIC = Bounds(west=20.5, east=29.5, south=53.5, north=60.8, width=800)
#: Every map by the name its outline is served under, the close-up first.
MAPS = {"baltic": BALTIC, "europe": EUROPE}
