"""Building folium maps from a :class:`~geomap.render.payload.MapView`.

The builder takes places and events and returns a ``folium.Map``; it neither
geocodes nor parses. Saving is a separate step (:func:`map_html`).
"""

from __future__ import annotations

import html
from typing import Any

import folium
from branca.element import Element, Figure, MacroElement
from folium.template import Template

from .assets import (
    ASSETS_DIR,
    NATURAL_EARTH_ATTRIBUTION,
    OSM_ATTRIBUTION,
    OSM_TILES,
    Asset,
    SharedAssets,
    client_css,
    client_js,
    dom_js,
    offline_css,
    offline_js,
)
from .payload import MapView, build_payload, script_json

CLUSTER_ABOVE = 200
PAYLOAD_ID = "geomap-payload"


class RawHtml(Element):
    """A piece of HTML put into the page as it is.

    branca's ``Element`` compiles its text as a Jinja template: text that holds ``{{ ... }}`` or
    ``{% ... %}`` (an article's title, a failure's path, a library's code) would be run as template
    code, or fail the page. This one is never compiled; its text must already be safe HTML.
    """

    def __init__(self, html: str) -> None:
        super().__init__()
        self._html = html

    def render(self, **kwargs: Any) -> str:
        return self._html


class GeomapLayer(MacroElement):
    """A folium element that draws a geomap payload with the geomap client, inlined into the page
    (``inline``) or loaded before it from the shared assets."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
            {% if this.inline %}<style>{{ this.css }}</style>{% endif %}
        {% endmacro %}
        {% macro script(this, kwargs) %}
            {% if this.inline %}{{ this.js }}{% endif %}
            var {{ this.get_name() }} = new GeomapView(
                {{ this._parent.get_name() }},
                JSON.parse(document.getElementById("{{ this.data_id }}").textContent), {{ this.options }});
            window.geomapView = {{ this.get_name() }};
        {% endmacro %}
        """
    )

    def __init__(self, options: dict[str, Any], *, inline: bool) -> None:
        super().__init__()
        self._name = "GeomapLayer"
        self.data_id = PAYLOAD_ID
        self.options = script_json(options)
        self.inline = inline
        self.js = client_js() if inline else ""
        self.css = client_css() if inline else ""


def asset_link(asset: Asset, up: str = "") -> str:
    """The HTML that loads one shared asset from a page ``up`` folders below the output folder."""
    href = html.escape(f"{up}{ASSETS_DIR}/{asset.name}", quote=True)
    if asset.name.endswith(".css"):
        return f'<link rel="stylesheet" href="{href}">'
    return f'<script src="{href}"></script>'


def build_map(
    view: MapView,
    *,
    offline: bool = False,
    outlines: dict[str, Any] | None = None,
    shared: SharedAssets | None = None,
    up: str = "",
    height: str = "100%",
) -> folium.Map:
    """A folium map of the view's places and movements; it reads and writes nothing.

    A default map links to the ``shared`` assets
    (:func:`geomap.render.assets.shared_assets`, written beside the pages by
    :func:`geomap.publish.write_assets`; ``up`` is the way from the page's
    folder to the output folder, "../" for an archive page) and draws
    OpenStreetMap tiles over country outlines. An ``offline`` map inlines
    every script and style and draws ``outlines`` (a GeoJSON collection:
    :func:`geomap.render.assets.basemap`) without tiles: the page alone is the
    whole map.
    """
    if offline and outlines is None:
        raise ValueError("an offline map draws country outlines: pass outlines=basemap(data_dir)")
    if not offline and shared is None:
        raise ValueError("a default map links to the shared assets: pass shared=shared_assets(data_dir)")
    payload = build_payload(view, basemap=outlines if offline else None)
    fmap = folium.Map(
        location=[20, 0],
        zoom_start=2,
        tiles=None,
        control_scale=False,
        height=height,
        world_copy_jump=False,
        attribution_control=True,
    )
    clustered = len(payload["places"]) > CLUSTER_ABOVE
    fmap.default_js = []
    fmap.default_css = []
    root = fmap.get_root()
    assert isinstance(root, Figure)
    root.header.add_child(RawHtml(f"<title>{html.escape(view.title)} · geomap</title>"), name="title")
    if offline:
        for index, code in enumerate(offline_js()[: 2 if clustered else 1]):
            root.header.add_child(RawHtml(f"<script>{_inline_script(code)}</script>"), name=f"offline_js_{index}")
        for index, css in enumerate(offline_css()[: 3 if clustered else 1]):
            root.header.add_child(RawHtml(f"<style>{_inline_style(css)}</style>"), name=f"offline_css_{index}")
        # Before the map client and the index lists, which both use it.
        root.header.add_child(RawHtml(f"<script>{dom_js()}</script>"), name="geomap_dom_js")
    else:
        assert shared is not None
        cluster = (shared.cluster_css, shared.cluster_default_css, shared.cluster) if clustered else ()
        linked = [shared.leaflet_css, *cluster[:2], shared.client_css, shared.leaflet, *cluster[2:]]
        linked += [shared.dom, shared.outlines, shared.client]
        root.header.add_child(RawHtml("\n".join(asset_link(a, up) for a in linked)), name="geomap_assets")
    options = {
        "clusterAbove": CLUSTER_ABOVE,
        "tiles": None if offline else OSM_TILES,
        "tileAttribution": None if offline else OSM_ATTRIBUTION,
        "attribution": NATURAL_EARTH_ATTRIBUTION,
    }
    # The data goes in as JSON text in its own <script type="application/json"> element, handed to
    # JSON.parse: browsers parse that several times faster than the same data written as a JavaScript
    # object literal, and, unlike a JavaScript string, it needs no backslash before every quote (a
    # tenth of the page, and a 6 MB string literal the script engine no longer has to read).
    root.header.add_child(
        RawHtml(f'<script type="application/json" id="{PAYLOAD_ID}">{script_json(payload)}</script>'),
        name="geomap_payload",
    )
    GeomapLayer(options, inline=offline).add_to(fmap)
    return fmap


def _inline_script(code: str) -> str:
    """Library code inlined into a <script>: guard the only sequence that could end the element."""
    return code.replace("</script", "<\\/script")


def _inline_style(css: str) -> str:
    return css.replace("</style", "<\\/style")


def map_html(fmap: folium.Map) -> str:
    """The complete HTML page of a map."""
    return fmap.get_root().render()
