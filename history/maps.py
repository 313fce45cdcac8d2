"""Draw places on an inline SVG map, over country outlines shipped with the app."""

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Protocol

OUTLINE_FILE = Path(__file__).parent / "data" / "baltic_region.geojson"
# The three Entente states are drawn stronger than their neighbours.
ENTENTE = {"Estonia", "Latvia", "Lithuania"}
LABEL_CHAR_WIDTH = 7.5
LABEL_HEIGHT = 14


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
class Map:
    bounds: Bounds
    shapes: list[Shape]
    markers: list[Marker]


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
def _shapes(bounds: Bounds) -> tuple[Shape, ...]:
    shapes = []
    for name, polygons in _outlines():
        rings = []
        for polygon in polygons:
            for ring in polygon:
                points = [bounds.project(lat, lon) for lon, lat in ring]
                rings.append("M" + "L".join(f"{x},{y}" for x, y in points) + "Z")
        shapes.append(Shape(name, "".join(rings), name in ENTENTE))
    return tuple(shapes)


def _overlaps(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _within(box: tuple[float, float, float, float], frame: tuple[float, ...]) -> bool:
    return frame[0] <= box[0] and frame[1] <= box[1] and box[2] <= frame[2] and box[3] <= frame[3]


def draw(places: list[Located], bounds: Bounds) -> Map:
    """Project the places inside the bounds and give each a label that overlaps no other."""
    inside = [p for p in places if bounds.contains(float(p.latitude), float(p.longitude))]
    points = [bounds.project(float(p.latitude), float(p.longitude)) for p in inside]
    taken = [(x - 5, y - 5, x + 5, y + 5) for x, y in points]
    markers = []
    for place, (x, y) in zip(inside, points, strict=True):
        width = len(str(place.name)) * LABEL_CHAR_WIDTH
        candidates = [
            (x + 8, y + 4, "start", (x + 7, y - 9, x + 9 + width, y + 5)),
            (x - 8, y + 4, "end", (x - 9 - width, y - 9, x - 7, y + 5)),
            (x, y - 9, "middle", (x - width / 2, y - 9 - LABEL_HEIGHT, x + width / 2, y - 8)),
            (x, y + 18, "middle", (x - width / 2, y + 6, x + width / 2, y + 20)),
        ]
        frame = (0, 0, bounds.width, bounds.height)
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
    return Map(bounds, list(_shapes(bounds)), markers)


#: The whole stage, from Geneva to Moscow.
EUROPE = Bounds(west=4.5, east=40.0, south=44.5, north=62.5, width=800)
#: The three Baltic states close up.
BALTIC = Bounds(west=20.5, east=29.5, south=53.5, north=60.8, width=800)
