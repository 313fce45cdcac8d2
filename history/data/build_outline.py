"""Build baltic_region.geojson: country outlines clipped to the Baltic region.

Usage: python build_outline.py COUNTRIES_GEOJSON [OUTPUT]

COUNTRIES_GEOJSON is world-atlas's countries-50m.json converted to GeoJSON
(see README.md). Needs shapely (>= 2.0); not a runtime dependency of the site.
"""

import json
import sys
from pathlib import Path

from shapely import make_valid, set_precision
from shapely.geometry import MultiPolygon, Polygon, box, mapping, shape

BBOX = (4.0, 43.0, 42.0, 66.0)  # west, south, east, north (degrees)
SIMPLIFY_TOLERANCE = 0.03  # degrees
MIN_AREA = 0.02  # square degrees; smaller islands are dropped
GRID = 0.01  # output coordinates are rounded to 2 decimals


def polygons(geom):
    if isinstance(geom, Polygon):
        return [geom]
    if isinstance(geom, MultiPolygon):
        return list(geom.geoms)
    return [p for g in getattr(geom, "geoms", []) for p in polygons(g)]


def rounded(coords):
    return [[round(x, 2), round(y, 2)] for x, y in coords]


def outline(geom):
    clipped = make_valid(geom).intersection(box(*BBOX))
    simplified = clipped.simplify(SIMPLIFY_TOLERANCE, preserve_topology=True)
    snapped = set_precision(simplified, GRID)
    parts = [p for p in polygons(snapped) if p.area >= MIN_AREA]
    if not parts:
        return None
    geometry = mapping(parts[0] if len(parts) == 1 else MultiPolygon(parts))
    if geometry["type"] == "Polygon":
        geometry["coordinates"] = [rounded(r) for r in geometry["coordinates"]]
    else:
        geometry["coordinates"] = [[rounded(r) for r in p] for p in geometry["coordinates"]]
    return geometry


def main(src, dst):
    world = json.loads(Path(src).read_text(encoding="utf-8"))
    features = []
    for feature in world["features"]:
        if not feature.get("geometry"):
            continue
        geometry = outline(shape(feature["geometry"]))
        if geometry:
            props = {"name": feature["properties"]["name"]}
            features.append({"type": "Feature", "properties": props, "geometry": geometry})
    features.sort(key=lambda f: f["properties"]["name"])
    collection = {"type": "FeatureCollection", "features": features}
    Path(dst).write_text(json.dumps(collection, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{dst}: {len(features)} features, {Path(dst).stat().st_size} bytes")


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    default = Path(__file__).with_name("baltic_region.geojson")
    main(sys.argv[1], sys.argv[2] if len(sys.argv) == 3 else default)
