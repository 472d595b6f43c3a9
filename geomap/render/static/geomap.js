/* geomap map client: draws places, movements and events from one JSON payload.
 *
 * Every piece of text that came from an article reaches the page through
 * textContent or DOM attributes set by script, never as HTML: popups and
 * tooltips are built as DOM elements here.
 */
(function () {
  "use strict";

  var el = window.GeomapDom.el, link = window.GeomapDom.link, appendWeb = window.GeomapDom.appendWeb; // dom.js

  var RAD = Math.PI / 180;
  // A movement that the run which wrote the page brought is drawn this much thicker (pixels), so
  // that what is new since the last run stands out on the index map.
  var NEW_EXTRA_WEIGHT = 2;
  var FAINT_OPACITY = 0.4;
  var REMEMBER_MS = 250;
  var CORNER_GAP = 6;  // px between the top and the bottom stacks of controls (see _fitCorners)
  var MIN_LEGEND_HEIGHT = 48;  // px: a legend scrolled shorter than this would show nothing useful

  /* A great-circle path from a to b ([lat, lon]), bowed to the right of the
   * direction of travel so that A->B and B->A never overlap. Longitudes stay
   * continuous across the antimeridian. */
  function curvedArc(a, b, bend, segments) {
    var p1 = a[0] * RAD, l1 = a[1] * RAD, p2 = b[0] * RAD, l2 = b[1] * RAD;
    var va = [Math.cos(p1) * Math.cos(l1), Math.cos(p1) * Math.sin(l1), Math.sin(p1)];
    var vb = [Math.cos(p2) * Math.cos(l2), Math.cos(p2) * Math.sin(l2), Math.sin(p2)];
    var dot = Math.max(-1, Math.min(1, va[0] * vb[0] + va[1] * vb[1] + va[2] * vb[2]));
    var omega = Math.acos(dot);
    if (omega < 1e-9) return [a, b];
    var points = [], previous = a[1], i, t, s1, s2, x, y, z, lat, lon;
    for (i = 0; i <= segments; i++) {
      t = i / segments;
      s1 = Math.sin((1 - t) * omega) / Math.sin(omega);
      s2 = Math.sin(t * omega) / Math.sin(omega);
      x = s1 * va[0] + s2 * vb[0]; y = s1 * va[1] + s2 * vb[1]; z = s1 * va[2] + s2 * vb[2];
      lat = Math.atan2(z, Math.sqrt(x * x + y * y)) / RAD;
      lon = Math.atan2(y, x) / RAD;
      while (lon - previous > 180) lon -= 360;
      while (lon - previous < -180) lon += 360;
      previous = lon;
      points.push([lat, lon]);
    }
    var kx = Math.max(Math.cos(((a[0] + b[0]) / 2) * RAD), 0.05);
    var first = points[0], last = points[points.length - 1];
    var dx = (last[1] - first[1]) * kx, dy = last[0] - first[0];
    var length = Math.sqrt(dx * dx + dy * dy);
    if (length < 1e-9) return points;
    var nx = dy / length, ny = -dx / length, height = bend * length;
    return points.map(function (p, j) {
      var offset = height * Math.sin(Math.PI * j / (points.length - 1));
      return [p[0] + ny * offset, p[1] + nx * offset / kx];
    });
  }

  function dayIndex(iso) {
    var p = iso.split("-");
    return Math.floor(Date.UTC(+p[0], +p[1] - 1, +(p[2] || 1)) / 86400000);
  }

  function isoOfDay(index) {
    return new Date(index * 86400000).toISOString().slice(0, 10);
  }

  /* Text as the search box compares it: lower case, accents dropped ("Odesa" finds "odesa"). */
  function fold(text) {
    return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  /* "3 mentions": a place the map shows was mentioned at least once. */
  function mentions(place) {
    var n = Math.max(1, place.mention_count || 0);
    return n + (n === 1 ? " mention" : " mentions");
  }

  // Every status an event can have, in the order the filter bar lists them.
  var STATUSES = ["happened", "planned", "alleged", "denied", "hypothetical"];
  // Tracks are drawn in one colour that no event type uses, dotted, so they never read as an arrow.
  var TRACK_COLOR = "#1b1b1b";
  // A popup lists this many of a track's stops; more would take seconds to open and no one reads them.
  var MAX_POPUP_STOPS = 200;

  function GeomapView(map, data, options) {
    this.map = map;
    this.data = data;
    this.options = options || {};
    this.types = {};
    this.articles = {};
    this.range = null;
    this.placeMarkers = [];
    this.movementLines = [];
    this.trackLines = [];
    this.query = [];  // the search box's words, folded; an event must contain them all
    this.statuses = {};
    STATUSES.forEach(function (s) { this.statuses[s] = true; }, this);
    this.listeners = [];
    this._restoring = true;  // until the fragment has been read, nothing writes it
    this.visible = { places: 0, movements: 0 };
    var self = this;
    data.events.forEach(function (e) {  // the payload leaves out what is empty or usual
      if (e.status === undefined) e.status = "happened";
      if (e.mode === undefined) e.mode = "unknown";
      if (e.date_start !== undefined && e.date_end === undefined) e.date_end = e.date_start;
      if (e.origin === undefined) e.origin = null;
      if (e.destination === undefined) e.destination = null;
      e.actor_names = e.actor_names || [];
      e.locations = e.locations || [];
      e.via = e.via || [];
    });
    data.tracks = data.tracks || [];
    data.tracks.forEach(function (t) {  // stops come as [place, start, end, events]
      t.stops = t.stops.map(function (s) {
        var articles = [];
        s[3].forEach(function (i) {
          data.events[i].sources.forEach(function (a) { if (articles.indexOf(a) < 0) articles.push(a); });
        });
        return { place: s[0], start: s[1], end: s[2], events: s[3], articles: articles };
      });
    });
    // A sea route's points; null for any other line, which is drawn as a bowed arc.
    data.events.forEach(function (e) { e.path = e.lane !== undefined ? data.lanes[e.lane] : null; });
    this.typeInfo = {};
    this.kindLabel = {};
    data.types.forEach(function (t) { self.types[t.type] = true; self.typeInfo[t.type] = t; });
    data.kinds.forEach(function (k) { self.kindLabel[k.kind] = k.label; });
    data.articles.forEach(function (a, i) { self.articles[i] = true; });
    // Thousands of movements: one canvas, and shorter arcs, keep the page quick to draw.
    var many = data.movements.length > 1500;
    this.many = many;
    this.renderer = many ? L.canvas({ padding: 0.1 }) : L.svg({ padding: 0.3 });
    this.segments = many ? 12 : 24;
    data.events.forEach(function (e, i) { e.search = self._searchText(e); e.index = i; });
    this.shown = new Uint8Array(data.events.length);  // per event, whether the filters show it
    this._basemap();
    this._places();
    this._movements();
    this._tracks();
    this._controls();
    if (!this._restore(window.location.hash)) this.fit();  // _restore draws what the filters show
    map.on("zoomend viewreset moveend", function () { self._arrowheads(); self._remember(); });
    map.whenReady(function () { self._arrowheads(); });
    window.addEventListener("hashchange", function () {
      if (window.location.hash !== self._written) self._restore(window.location.hash);
    });
  }

  // The basemap. Country outlines (inlined in an offline map, window.geomapOutlines from the shared
  // assets otherwise) are drawn in a pane under the tiles; a default map adds OpenStreetMap tiles
  // over them. Tiles that fail before any has loaded (no network, a closed network) mean there are
  // none to have: the tile layer goes, so the page stops asking, and the outlines show.
  // The map's data-basemap attribute says which one the user sees: "tiles" or "outlines".
  GeomapView.prototype._basemap = function () {
    var map = this.map;
    var container = map.getContainer();
    var attribution = this.options.attribution;
    function showOutlines() {  // the outlines are what the reader sees: say so, and credit them
      container.setAttribute("data-basemap", "outlines");
      if (attribution && map.attributionControl) map.attributionControl.addAttribution(attribution);
    }
    if (map.options.maxZoom === undefined) map.options.maxZoom = 18;  // no tiles to say it (offline maps)
    container.classList.add("geomap-offline");  // the sea, under the outlines
    var outlines = this.data.basemap || window.geomapOutlines;
    if (outlines) {
      map.createPane("geomap-outlines").style.zIndex = 150;  // under the tile pane (200)
      L.geoJSON(outlines, {
        interactive: false,
        pane: "geomap-outlines",
        style: { color: "#8a8f99", weight: 0.6, fillColor: "#eceae4", fillOpacity: 1 },
        renderer: L.canvas({ pane: "geomap-outlines" }),
      }).addTo(map);
    }
    if (!this.options.tiles) {
      showOutlines();
      return;
    }
    var tiles = L.tileLayer(this.options.tiles, { maxZoom: 19, attribution: this.options.tileAttribution });
    var loaded = false;
    tiles.on("tileload", function () {
      if (loaded) return;
      loaded = true;
      container.setAttribute("data-basemap", "tiles");
    });
    tiles.on("tileerror", function () {
      if (loaded || !map.hasLayer(tiles)) return;
      map.removeLayer(tiles);
      showOutlines();
    });
    tiles.addTo(map);
  };

  GeomapView.prototype._places = function () {
    var self = this;
    var data = this.data;
    var clustered = data.places.length > (this.options.clusterAbove || 200) && typeof L.markerClusterGroup === "function";
    this.placeLayer = clustered
      ? L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 45, chunkedLoading: true })
      : L.layerGroup();
    this.placeLayer.addTo(this.map);
    this.clustered = clustered;
    data.places.forEach(function (place, index) {
      var size = Math.round(Math.min(34, 12 + 4 * Math.sqrt(Math.max(1, place.mention_count))));
      var icon = L.divIcon({
        className: "geomap-place geomap-kind-" + place.feature,
        html: '<span class="geomap-shape"></span>',
        iconSize: [size, size],
        iconAnchor: [size / 2, size / 2],
        popupAnchor: [0, -size / 2],
        tooltipAnchor: [size / 2, 0],
      });
      var marker = L.marker([place.lat, place.lon], { icon: icon, title: place.name, riseOnHover: true, keyboard: true });
      marker.geomapIndex = index;
      marker.bindTooltip(function () { return self._placeTooltip(place); }, { direction: "right" });
      marker.bindPopup(function () { return self._placePopup(place); }, { maxWidth: 360, minWidth: 240, autoPanPadding: [30, 30] });
      self.placeMarkers.push(marker);
    });
  };

  GeomapView.prototype._movements = function () {
    var self = this;
    var data = this.data;
    // One tooltip and one popup binding for every line: the line that fired says which event.
    this.movementLayer = L.featureGroup().addTo(this.map);
    this.movementLayer.bindTooltip(function (layer) { return self._movementTooltip(layer.geomapEvent); }, { sticky: true });
    this.movementLayer.bindPopup(function (layer) { return self._eventPopup([layer.geomapEvent], null); },
                                 { maxWidth: 380, minWidth: 260 });
    data.movements.forEach(function (move, index) {
      var event = data.events[move[0]];
      var to = data.places[move[2]];
      var color = self.color(event);
      if (move[1] === null || move[1] === undefined) {
        // A movement whose origin the text does not give: an arrowhead on the destination.
        var mark = self._arrival(to, color, event, move[4]);
        mark.geomapEvent = event;
        self.movementLines.push({ index: index, event: event, line: mark, head: null, arrival: true, shown: false });
        return;
      }
      var from = data.places[move[1]];
      // A sea route comes with the path computed when the article was analysed: drawn as it is,
      // unbent, since it follows the sea lanes. Anything else is a bowed great-circle arc.
      var path = event.path || curvedArc([from.lat, from.lon], [to.lat, to.lon], 0.18, self.segments);
      var style = {
        color: color,
        weight: move[3] + (event["new"] ? NEW_EXTRA_WEIGHT : 0),
        // Planned, alleged or inferred: dashed. On the canvas of a big map, faint instead: painting
        // dashes made the 10,000-movement benchmark index take 0.9 s longer to open (5.3 s against
        // 3.6 s on a slow day), and the status toggles pick those movements out anyway.
        opacity: move[4] && self.many ? FAINT_OPACITY : 0.85,
        dashArray: move[4] && !self.many ? "7 6" : null,
        renderer: self.renderer,
        className: "geomap-arrow geomap-type-" + event.type + (event["new"] ? " geomap-arrow-new" : ""),
      };
      var line = L.polyline(path, style);
      // Few movements: one arrowhead each (countable in the page). Many: one shape per colour
      // holding every arrowhead of that colour, so the canvas draws ten shapes, not ten thousand.
      var head = self.many ? self._sharedHead(color) : self._head(color, event.type, path[path.length - 1]);
      line.geomapEvent = event;
      self.movementLines.push({ index: index, event: event, line: line, head: head, shown: false });
    });
  };

  GeomapView.prototype._arrival = function (place, color, event, dashed) {
    var icon = L.divIcon({
      className: "geomap-arrival geomap-type-" + event.type + (dashed ? " geomap-arrival-dashed" : ""),
      html: "<span class='geomap-arrival-head'></span>",
      iconSize: [18, 14],
      iconAnchor: [9, 18],
    });
    var mark = L.marker([place.lat, place.lon], { icon: icon, keyboard: false, zIndexOffset: -100 });
    mark.on("add", function () {
      var head = mark.getElement() && mark.getElement().querySelector(".geomap-arrival-head");
      if (head) head.style.borderTopColor = color;
    });
    return mark;
  };

  GeomapView.prototype._head = function (color, type, at) {
    return L.polygon([at], {
      color: color, weight: 1, fillColor: color, fillOpacity: 0.95, opacity: 0.95, renderer: this.renderer,
      interactive: false, className: "geomap-arrowhead geomap-type-" + type,
    });
  };

  GeomapView.prototype._sharedHead = function (color) {
    this.sharedHeads = this.sharedHeads || {};
    if (!this.sharedHeads[color]) {
      this.sharedHeads[color] = this._head(color, "shared", [0, 0]);
      this.sharedHeads[color].setLatLngs([]);
      this.sharedHeads[color].addTo(this.movementLayer);
    }
    return this.sharedHeads[color];
  };

  GeomapView.prototype.color = function (event) {
    return (this.typeInfo[event.type] || {}).color || "#555";
  };

  GeomapView.prototype.label = function (event) {
    var info = this.typeInfo[event.type] || { single: event.type };
    var goods = event.type === "shipment" || event.type === "transfer";
    return info.single + (event.cargo && goods ? " of " + event.cargo : "");
  };

  GeomapView.prototype.placeName = function (index) {
    var place = index === null || index === undefined ? null : this.data.places[index];
    return place ? place.name : null;
  };

  GeomapView.prototype._arrowheads = function () {
    var map = this.map;
    if (!map._loaded) return;
    var view = map.getBounds().pad(0.2);
    var shared = {};
    var many = this.many;
    this.movementLines.forEach(function (group) {
      if (group.arrival || !group.shown || !view.intersects(group.line.getBounds())) return;
      var path = group.line.getLatLngs();
      if (path.length < 2) return;
      var end = map.latLngToLayerPoint(path[path.length - 1]);
      var before = null;
      for (var i = path.length - 2; i >= 0; i--) {
        before = map.latLngToLayerPoint(path[i]);
        if (end.distanceTo(before) > 4) break;
      }
      if (!before) return;
      var dx = end.x - before.x, dy = end.y - before.y;
      var length = Math.sqrt(dx * dx + dy * dy) || 1;
      var ux = dx / length, uy = dy / length;
      var size = 8 + group.line.options.weight * 1.6;
      var base = L.point(end.x - ux * size, end.y - uy * size);
      var left = L.point(base.x - uy * size * 0.55, base.y + ux * size * 0.55);
      var right = L.point(base.x + uy * size * 0.55, base.y - ux * size * 0.55);
      var triangle = [map.layerPointToLatLng(end), map.layerPointToLatLng(left), map.layerPointToLatLng(right)];
      if (many) {
        var color = group.line.options.color;
        (shared[color] = shared[color] || []).push(triangle);
      } else {
        group.head.setLatLngs(triangle);
      }
    });
    if (many) {
      var heads = this.sharedHeads || {};
      Object.keys(heads).forEach(function (color) { heads[color].setLatLngs(shared[color] || []); });
    }
  };

  /* What the search box looks through: actors, cargo, places, evidence, and the type's name. */
  GeomapView.prototype._searchText = function (event) {
    var self = this;
    var parts = [this.label(event)].concat(event.actor_names);
    if (event.cargo) parts.push(event.cargo);
    [event.origin, event.destination].concat(event.locations, event.via).forEach(function (i) {
      var name = self.placeName(i);
      if (name) parts.push(name);
    });
    event.evidence.forEach(function (ev) { parts.push(ev.sentence); });
    return fold(parts.join(" \n "));
  };

  /* Whether the search box, the status toggles or the type filter hide anything. */
  GeomapView.prototype.filtering = function () {
    var self = this;
    return this.query.length > 0 ||
      STATUSES.some(function (s) { return !self.statuses[s]; }) ||
      Object.keys(this.types).some(function (t) { return !self.types[t]; });
  };

  /* Whether every filter but the time range lets an event through (the timeline shows those). */
  GeomapView.prototype.matches = function (event) {
    var range = this.range;
    this.range = null;
    try { return this._eventVisible(event); } finally { this.range = range; }
  };

  /* Whether the filters show an event, as of the last refresh. */
  GeomapView.prototype.eventVisible = function (event) { return this.shown[event.index] === 1; };

  GeomapView.prototype._eventVisible = function (event) {
    if (!this.types[event.type]) return false;
    if (this.statuses[event.status] === false) return false;
    for (var w = 0; w < this.query.length; w++) {
      if (event.search.indexOf(this.query[w]) < 0) return false;
    }
    var self = this;
    var inArticle = event.sources.some(function (i) { return self.articles[i]; });
    if (!inArticle) return false;
    if (!this.range) return true;
    // An undated event is placed at its article's date.
    var fallback = this.data.articles[event.sources[0]] && this.data.articles[event.sources[0]].date;
    var first = event.date_start || fallback;
    if (!first) return false;
    var start = dayIndex(first);
    var end = event.date_end ? dayIndex(event.date_end) : start;
    return start <= this.range[1] && end >= this.range[0];
  };

  GeomapView.prototype._placeVisible = function (place) {
    var self = this;
    if (!place.articles.some(function (i) { return self.articles[i]; })) return false;
    if (this._filtered) {
      // A filtered map shows the places of the events it shows, and places the search names.
      if (place.events.some(function (i) { return self.shown[i] === 1; })) return true;
      var named = this.query.length && this.query.every(function (w) { return fold(place.name).indexOf(w) >= 0; });
      if (!named) return false;
    }
    if (!this.range) return true;
    var dated = place.events.filter(function (i) { return self.data.events[i].date_start; });
    if (dated.length) {
      return dated.some(function (i) {
        var event = self.data.events[i];
        return dayIndex(event.date_start) <= self.range[1] && dayIndex(event.date_end || event.date_start) >= self.range[0];
      });
    }
    return place.articles.some(function (i) {
      var d = self.data.articles[i].date;
      return !d || (dayIndex(d) >= self.range[0] && dayIndex(d) <= self.range[1]);
    });
  };

  GeomapView.prototype.refresh = function () {
    var self = this;
    var data = this.data;
    var shown = this.shown;
    data.events.forEach(function (e, i) { shown[i] = self._eventVisible(e) ? 1 : 0; });
    this._filtered = this.filtering();  // once, not once per marker
    var showPlaces = this.map.hasLayer(this.placeLayer);
    var placeAdds = [], placeRemoves = [];
    var places = 0, movements = 0;
    this.placeMarkers.forEach(function (marker) {
      var visible = self._placeVisible(data.places[marker.geomapIndex]);
      if (visible) places += 1;
      var present = self.placeLayer.hasLayer(marker);
      if (visible && !present) placeAdds.push(marker);
      if (!visible && present) placeRemoves.push(marker);
    });
    if (this.clustered) {
      if (placeRemoves.length) this.placeLayer.removeLayers(placeRemoves);
      if (placeAdds.length) this.placeLayer.addLayers(placeAdds);
    } else {
      placeRemoves.forEach(function (m) { self.placeLayer.removeLayer(m); });
      placeAdds.forEach(function (m) { self.placeLayer.addLayer(m); });
    }
    this.movementLines.forEach(function (group) {
      var visible = shown[group.event.index] === 1;
      if (visible) movements += 1;
      if (visible && !group.shown) {
        self.movementLayer.addLayer(group.line);
        if (!self.many && group.head) self.movementLayer.addLayer(group.head);
      } else if (!visible && group.shown) {
        self.movementLayer.removeLayer(group.line);
        if (!self.many && group.head) self.movementLayer.removeLayer(group.head);
      }
      group.shown = visible;
    });
    var tracks = 0;
    this.trackLines.forEach(function (group) {
      var stops = self.trackStops(group.track);
      var visible = stops.length > 1;
      if (visible) tracks += 1;
      var key = stops.map(function (stop) { return stop.place; }).join(",");
      if (visible && key !== group.drawn) {  // redrawn only when its stops change
        group.line.setLatLngs(self._trackPath(stops));
        group.drawn = key;
      }
      if (visible && !group.shown) self.trackLayer.addLayer(group.line);
      else if (!visible && group.shown) self.trackLayer.removeLayer(group.line);
      group.shown = visible;
    });
    this.visible = { places: showPlaces ? places : 0, movements: movements, tracks: tracks };
    this._arrowheads();
    if (this.status) {
      this.status.textContent = places + " places, " + movements + " movements" +
        (this.trackLines.length ? ", " + tracks + (tracks === 1 ? " track" : " tracks") : "") + " shown";
    }
    this._remember();
    // The lists are rebuilt only when what is shown changed (moving the map changes nothing).
    var state = this.viewState().replace(/&?zoom=.*$/, "") + "|" + Object.keys(this.articles).filter(function (i) {
      return !self.articles[i];
    }).join(",");
    if (state !== this._listed) {
      this._listed = state;
      this.listeners.forEach(function (listener) { listener(self); });
    }
  };

  /* Call ``listener(view)`` after every change of what is shown (the index lists use it). */
  GeomapView.prototype.onChange = function (listener) { this.listeners.push(listener); };

  /* The line through a track's stops: along a movement's sea route where one joins the two stops
   * (a ship's track keeps to the sea lanes its arrows follow), else straight. */
  GeomapView.prototype._trackPath = function (stops) {
    var data = this.data;
    var path = [];
    stops.forEach(function (stop, n) {
      var place = data.places[stop.place];
      var next = stops[n + 1];
      path.push([place.lat, place.lon]);
      if (!next) return;
      var leg = null;
      stop.events.forEach(function (i) {
        var e = data.events[i];
        if (!leg && e.path && e.origin === stop.place && e.destination === next.place) leg = e.path;
      });
      if (leg) path.push.apply(path, leg.slice(1, -1));
    });
    return path;
  };

  /* A track's stops that a shown movement makes: a filter shortens a track as it hides arrows. */
  GeomapView.prototype.trackStops = function (track) {
    var self = this;
    return track.stops.filter(function (stop) {
      return stop.events.some(function (i) { return self.shown[i] === 1; });
    });
  };

  /* ---- tracks ------------------------------------------------------------ */

  GeomapView.prototype._tracks = function () {
    var self = this;
    var data = this.data;
    this.trackLayer = L.featureGroup();
    // On a big map the tracks start hidden (hundreds of them would hide the arrows): the layer
    // control shows them all, the index's list one at a time.
    if (!this.many) this.trackLayer.addTo(this.map);
    data.tracks.forEach(function (track, index) {
      // Dotted on a map of few movements. On the canvas of a big map a dotted line across the world
      // is millions of dots to paint on every move (8 s a pan for 20,000 stops): drawn solid there.
      var line = L.polyline([], {
        color: TRACK_COLOR, weight: self.many ? 2 : 4, opacity: self.many ? 0.55 : 0.8,
        dashArray: self.many ? null : "1 8", lineCap: "round", renderer: self.renderer, className: "geomap-track",
      });
      line.geomapTrack = track;
      // Few tracks: each line has its own popup, which the index's list can open.
      line.bindTooltip(function () { return el("div", "geomap-tip", track.actor + ": track, click for its stops"); },
                       { sticky: true });
      line.bindPopup(function () { return self._trackPopup(track); }, { maxWidth: 380, minWidth: 260 });
      self.trackLines.push({ index: index, track: track, line: line, shown: false });
    });
  };

  /* A track's stops in order, each with its dates and sources. */
  GeomapView.prototype._trackPopup = function (track) {
    var data = this.data;
    var box = el("div", "geomap-popup geomap-track-popup");
    box.appendChild(el("h3", null, track.actor));
    var stops = this.trackStops(track);
    box.appendChild(el("div", "geomap-muted", stops.length + " stops, " + track.events.length + " movements"));
    var list = el("ol", "geomap-stops");
    stops.slice(0, MAX_POPUP_STOPS).forEach(function (stop) {
      var item = el("li", "geomap-stop");
      item.appendChild(el("strong", null, data.places[stop.place].name));
      var when = stop.start ? stop.start + (stop.end ? " – " + stop.end : "") : "date unknown";
      // A stop only planned or alleged says so: the track is where the mover went, or is said to go.
      var statuses = [];
      stop.events.forEach(function (i) {
        var status = data.events[i].status;
        if (statuses.indexOf(status) < 0) statuses.push(status);
      });
      if (statuses.indexOf("happened") < 0) when += " · " + statuses.join(" or ");
      item.appendChild(document.createTextNode(" · " + when));
      var cite = el("div", "geomap-cite");
      stop.articles.forEach(function (i, n) {
        if (n) cite.appendChild(document.createTextNode("; "));
        var art = data.articles[i];
        cite.appendChild(art.href ? link(art.href, art.title) : el("span", null, art.title));
      });
      item.appendChild(cite);
      list.appendChild(item);
    });
    box.appendChild(list);
    if (stops.length > MAX_POPUP_STOPS) {
      box.appendChild(el("div", "geomap-muted", "and " + (stops.length - MAX_POPUP_STOPS) +
        " more stops: narrow the dates or search to see them"));
    }
    return box;
  };

  /* Show a track on the map and open its stops (the index's list of tracks calls this). */
  GeomapView.prototype.showTrack = function (index) {
    var group = this.trackLines[index];
    if (!group || !group.shown) return;
    if (!this.map.hasLayer(this.trackLayer)) this.map.addLayer(this.trackLayer);
    this.map.fitBounds(group.line.getBounds(), { padding: [40, 40], maxZoom: 7, animate: false });
    group.line.openPopup(group.line.getCenter());
  };

  GeomapView.prototype.fit = function () {
    var b = this.data.bounds;
    if (!b) { this.map.setView([20, 0], 2); return; }
    if (b[0][0] === b[1][0] && b[0][1] === b[1][1]) { this.map.setView(b[0], 6); return; }
    this.map.fitBounds(b, { padding: [40, 40], maxZoom: 8 });
  };

  /* ---- popups and tooltips (DOM only) -------------------------------- */

  GeomapView.prototype._placeTooltip = function (place) {
    var box = el("div", "geomap-tip");
    box.appendChild(el("strong", null, place.name));
    var meta = (this.kindLabel[place.feature] || place.feature) + (place.country_code ? ", " + place.country_code : "");
    box.appendChild(el("div", "geomap-muted", meta));
    box.appendChild(el("div", null, mentions(place) +
      (place.events.length ? ", " + place.events.length + (place.events.length === 1 ? " event" : " events") : "")));
    return box;
  };

  GeomapView.prototype._movementTooltip = function (event) {
    var box = el("div", "geomap-tip");
    box.appendChild(el("strong", null, this.label(event) + (event.count ? " ×" + event.count : "")));
    var who = event.actor_names.length ? event.actor_names.join(", ") : "unknown actor";
    box.appendChild(el("div", null, who));
    if (event.cargo) box.appendChild(el("div", null, "moved: " + event.cargo));
    box.appendChild(el("div", null, (this.placeName(event.origin) || "?") + " → " + (this.placeName(event.destination) || "?")));
    box.appendChild(el("div", "geomap-muted", (event.date || "date unknown") + " · " + event.status +
      (event.mode !== "unknown" ? " · by " + event.mode : "")));
    if (event.length_km !== undefined) {
      // Which line is drawn, and its length (km and nm from the payload, computed once in Python).
      box.appendChild(el("div", "geomap-route", (event.route_kind === "sea" ? "sea route" : "great circle") + " · " +
        Math.round(event.length_km).toLocaleString("en-US") + " km · " +
        Math.round(event.length_nm).toLocaleString("en-US") + " nm"));
    }
    return box;
  };

  GeomapView.prototype._placePopup = function (place) {
    var data = this.data;
    var self = this;
    var box = el("div", "geomap-popup");
    box.appendChild(el("h3", null, place.name));
    box.appendChild(el("div", "geomap-muted", (this.kindLabel[place.feature] || place.feature) +
      (place.country_code ? " · " + place.country_code : "") + (place.geonameid ? " · GeoNames " + place.geonameid : "")));
    box.appendChild(el("div", null, mentions(place)));
    box.appendChild(this._precision("Location", "location", place.location_precision));
    var reason = el("div", "geomap-reason");
    reason.appendChild(el("span", "geomap-label", "Why here: "));
    reason.appendChild(document.createTextNode(place.reason + " (score " + place.score + ")"));
    box.appendChild(reason);
    if (place.fallback) box.appendChild(el("div", "geomap-warning", "Resolved offline after the online geocoder failed."));
    var sources = el("div", "geomap-sources");
    sources.appendChild(el("span", "geomap-label", "Source: "));
    place.articles.forEach(function (i, n) {
      if (n) sources.appendChild(document.createTextNode("; "));
      var art = data.articles[i];
      sources.appendChild(art.href ? link(art.href, art.title) : el("span", null, art.title));
      appendWeb(sources, art);
    });
    box.appendChild(sources);
    var events = place.events.map(function (i) { return data.events[i]; });
    if (events.length) {
      box.appendChild(el("div", "geomap-label", events.length === 1 ? "Event here" : "Events here"));
      box.appendChild(this._eventList(events, place.id));
    } else if (place.snippets && place.snippets.length) {
      box.appendChild(el("div", "geomap-label", "Mentioned in"));
      place.snippets.forEach(function (s) { box.appendChild(el("blockquote", "geomap-evidence", s)); });
    }
    return box;
  };

  // "Location: exact (precision 1)": the words, and the number the exports carry (ACLED's 1-2-3).
  GeomapView.prototype._precision = function (label, scale, value) {
    var words = ((this.data.precisions || {})[scale] || {})[value] || "unknown";
    return el("div", "geomap-precision geomap-muted", label + ": " + words + " (precision " + value + ")");
  };

  GeomapView.prototype._eventList = function (events, placeId) {
    var list = el("ol", "geomap-events");
    var self = this;
    events.forEach(function (event) {
      var item = el("li", "geomap-event" + (self.eventVisible(event) ? "" : " geomap-hidden-event"));
      item.appendChild(self._eventSummary(event, placeId));
      list.appendChild(item);
    });
    return list;
  };

  GeomapView.prototype._eventSummary = function (event, placeId) {
    var data = this.data;
    var box = el("div");
    var title = el("div", "geomap-event-title");
    var swatch = el("span", "geomap-swatch");
    swatch.style.background = this.color(event);
    title.appendChild(swatch);
    title.appendChild(el("strong", null, this.label(event)));
    title.appendChild(document.createTextNode(" · " + (event.date || "date unknown") + " · "));
    title.appendChild(el("span", "geomap-status geomap-status-" + event.status, event.status));
    if (event.aside) title.appendChild(el("span", "geomap-aside", " caption / background"));
    box.appendChild(title);
    if (event.time_precision) box.appendChild(this._precision("Date", "time", event.time_precision));
    var roles = [], self = this;
    var origin = this.placeName(event.origin), destination = this.placeName(event.destination);
    if (origin) roles.push("from " + origin + (event.inferred_origin ? " (inferred)" : ""));
    if (destination) roles.push("to " + destination);
    var at = event.locations.concat(event.via);
    if (at.length) roles.push("at " + at.map(function (i) { return self.placeName(i); }).join(", "));
    if (roles.length) box.appendChild(el("div", null, roles.join(" ")));
    // Which rule linked each endpoint, so that every arrow can be checked against its evidence.
    var why = [], reasons = data.reasons || [];
    if (event.origin_reason !== undefined) why.push("from: " + reasons[event.origin_reason]);
    if (event.destination_reason !== undefined) why.push("to: " + reasons[event.destination_reason]);
    if (why.length) box.appendChild(el("div", "geomap-reason geomap-muted", "Why: " + why.join("; ")));
    if (event.actor_names.length) box.appendChild(el("div", null, "Who: " + event.actor_names.join(", ")));
    var extra = [];
    if (event.cargo) extra.push("what: " + event.cargo);
    if (event.count) extra.push("count: " + event.count);
    if (event.mode !== "unknown") extra.push("by " + event.mode);
    if (event.denied_by && event.denied_by.length) extra.push("denied by " + event.denied_by.join(", "));
    if (extra.length) box.appendChild(el("div", "geomap-muted", extra.join(" · ")));
    event.evidence.forEach(function (ev) {
      var quote = el("blockquote", "geomap-evidence", ev.sentence);
      box.appendChild(quote);
      var art = data.articles[ev.article];
      if (art) {
        var cite = el("div", "geomap-cite");
        cite.appendChild(art.href ? link(art.href, art.title) : el("span", null, art.title));
        appendWeb(cite, art);
        box.appendChild(cite);
      }
    });
    return box;
  };

  GeomapView.prototype._eventPopup = function (events) {
    var box = el("div", "geomap-popup");
    box.appendChild(this._eventSummary(events[0], null));
    return box;
  };

  /* ---- controls --------------------------------------------------------- */

  GeomapView.prototype._controls = function () {
    var self = this;
    var map = this.map;
    var data = this.data;
    var overlays = {};
    overlays["Places"] = this.placeLayer;
    overlays["Movements"] = this.movementLayer;
    if (data.tracks.length) overlays["Tracks (" + data.tracks.length + ")"] = this.trackLayer;
    // Open on a tall map, a button on a short one (where it would cover the overview map).
    var collapsed = map.getSize().y < 700;
    this.layerControl = L.control.layers(null, overlays, { collapsed: collapsed, position: "topright" }).addTo(map);
    map.on("overlayadd overlayremove", function () { self.refresh(); });
    this._filterBar();
    // For screen readers: what the map holds; the legend and the popups say the rest in words.
    map.getContainer().setAttribute("role", "region");
    map.getContainer().setAttribute("aria-label", "Map of " + data.places.length + " places and " +
      data.movements.length + " movements" + (data.tracks.length ? ", " + data.tracks.length + " tracks" : ""));
    if (data.articles.length > 1) this._articleControl();
    this._legend();
    this._timeSlider();
    this._fullscreen();
    this._fitButton();
    this._minimap();
    L.control.scale({ imperial: false }).addTo(map);
    this._fitCorners();
    map.on("resize", function () { self._fitCorners(); });
  };

  /* The filters above the map: a search box, status toggles and type toggles. Each applies to the
   * markers, the arrows, the tracks and the index lists alike. */
  GeomapView.prototype._filterBar = function () {
    var self = this;
    var data = this.data;
    var container = this.map.getContainer();
    var bar = el("div", "geomap-filters");
    bar.setAttribute("role", "search");
    bar.setAttribute("aria-label", "Filter the events on the map");
    var query = el("input", "geomap-search");
    query.type = "search";
    query.placeholder = "Search actors, cargo, places, evidence";
    query.setAttribute("aria-label", "Search actors, cargo, places and evidence");
    query.addEventListener("input", function () {
      self.query = fold(query.value).split(/\s+/).filter(Boolean);
      self.refresh();
    });
    bar.appendChild(query);
    var present = {};
    data.events.forEach(function (e) { present[e.status] = true; });

    function toggles(title, items, onChange) {
      var group = el("fieldset", "geomap-toggles");
      group.appendChild(el("legend", null, title));
      var inputs = {};
      items.forEach(function (item) {
        var label = el("label", "geomap-toggle");
        var input = el("input");
        input.type = "checkbox";
        input.checked = true;
        input.value = item.value;
        input.addEventListener("change", function () { onChange(item.value, input.checked); self.refresh(); });
        label.appendChild(input);
        if (item.color) {
          var swatch = el("span", "geomap-swatch");
          swatch.style.background = item.color;
          swatch.setAttribute("aria-hidden", "true");
          label.appendChild(swatch);
        }
        label.appendChild(document.createTextNode(item.text));
        group.appendChild(label);
        inputs[item.value] = input;
      });
      bar.appendChild(group);
      return inputs;
    }

    var statuses = toggles("Status", STATUSES.filter(function (s) { return s !== "hypothetical" || present[s]; })
      .map(function (s) { return { value: s, text: s }; }), function (value, on) { self.statuses[value] = on; });
    var types = toggles("Type", data.types.map(function (t) {
      return { value: t.type, text: t.label + " (" + t.count + ")", color: t.color };
    }), function (value, on) { self.types[value] = on; });
    this.filterInputs = { query: query, statuses: statuses, types: types };
    container.parentNode.insertBefore(bar, container);
    document.body.classList.add("geomap-with-filters");
    this.map.invalidateSize();
  };

  /* ---- shareable views: filters, dates, zoom and centre in the URL fragment ---------------- */

  GeomapView.prototype.viewState = function () {
    var self = this;
    var parts = [];
    var input = this.filterInputs;
    if (input && input.query.value.trim()) parts.push("q=" + encodeURIComponent(input.query.value.trim()));
    var statuses = Object.keys((input && input.statuses) || {});
    if (statuses.some(function (s) { return !self.statuses[s]; })) {
      parts.push("status=" + statuses.filter(function (s) { return self.statuses[s]; }).join(","));
    }
    var types = Object.keys(this.types);
    if (types.some(function (t) { return !self.types[t]; })) {
      parts.push("types=" + types.filter(function (t) { return self.types[t]; }).map(encodeURIComponent).join(","));
    }
    if (this.range) parts.push("from=" + isoOfDay(this.range[0]), "to=" + isoOfDay(this.range[1]));
    if (this.map._loaded) {
      var c = this.map.getCenter();
      parts.push("zoom=" + this.map.getZoom(), "center=" + c.lat.toFixed(4) + "," + c.lng.toFixed(4));
    }
    return "#" + parts.join("&");
  };

  /* Keep the fragment in step with the view, without adding a history entry per change, and at
   * most every REMEMBER_MS: browsers refuse or slow a page that replaces its URL hundreds of times
   * in a few seconds (Safari: 100 in 30 s), which dragging the slider or the map would do. */
  GeomapView.prototype._remember = function () {
    if (this._restoring || !this.filterInputs) return;
    var self = this;
    if (this._rememberTimer) return;  // a write is due: it will take the view as it is then
    var wait = Math.max(0, (this._rememberedAt || 0) + REMEMBER_MS - Date.now());
    this._rememberTimer = setTimeout(function () {
      self._rememberTimer = null;
      self._rememberedAt = Date.now();
      var state = self.viewState();
      if (state === self._written) return;
      self._written = state;
      try { window.history.replaceState(null, "", state); } catch (e) { /* a page opened from a sandbox */ }
    }, wait);
  };

  /* Open the view a fragment describes; true when it set the zoom and centre. */
  GeomapView.prototype._restore = function (hash) {
    var params = {};
    String(hash || "").replace(/^#/, "").split("&").forEach(function (part) {
      var at = part.indexOf("=");
      if (at > 0) {
        try { params[part.slice(0, at)] = decodeURIComponent(part.slice(at + 1)); } catch (e) { /* ignored */ }
      }
    });
    var self = this;
    var input = this.filterInputs;
    if (this._rememberTimer) { clearTimeout(this._rememberTimer); this._rememberTimer = null; }  // the link wins
    this._restoring = true;
    if (input) {
      input.query.value = params.q || "";
      this.query = fold(input.query.value).split(/\s+/).filter(Boolean);
      var shown = params.status === undefined ? null : params.status.split(",");
      Object.keys(input.statuses).forEach(function (s) {
        var on = shown === null || shown.indexOf(s) >= 0;
        input.statuses[s].checked = on;
        self.statuses[s] = on;
      });
      var types = params.types === undefined ? null : params.types.split(",");
      Object.keys(this.types).forEach(function (t) {
        var on = types === null || types.indexOf(t) >= 0;
        if (input.types[t]) input.types[t].checked = on;
        self.types[t] = on;
      });
    }
    var day = /^\d{4}-\d{2}-\d{2}$/;
    if (this.timeInputs) {
      if (day.test(params.from || "") && day.test(params.to || "")) this.setDateRange(params.from, params.to);
      else this.setDateRange(isoOfDay(this.timeInputs.min), isoOfDay(this.timeInputs.max));
    } else {
      this.refresh();
    }
    var zoom = parseInt(params.zoom, 10);
    var center = (params.center || "").split(",").map(Number);
    var placed = isFinite(zoom) && center.length === 2 && center.every(isFinite) &&
      Math.abs(center[0]) <= 90 && Math.abs(center[1]) <= 540;
    if (placed) this.map.setView(center, Math.max(0, Math.min(this.map.getMaxZoom() || 18, zoom)), { animate: false });
    this._restoring = false;
    this._remember();
    return placed;
  };

  /* One checkbox per article: show or hide everything an article reports. */
  GeomapView.prototype._articleControl = function () {
    var self = this;
    var data = this.data;
    var Articles = L.Control.extend({
      options: { position: "topright" },
      onAdd: function () {
        var box = el("div", "geomap-articles-control leaflet-bar");
        var head = el("div", "geomap-legend-title", "Articles (" + data.articles.length + ")");
        box.appendChild(head);
        var buttons = el("div");
        var all = el("button", "geomap-button", "All");
        var none = el("button", "geomap-button", "None");
        all.type = none.type = "button";
        buttons.appendChild(all);
        buttons.appendChild(none);
        box.appendChild(buttons);
        var list = el("div", "geomap-article-list");
        var inputs = [];
        var fragment = document.createDocumentFragment();
        data.articles.forEach(function (article, i) {
          var label = el("label", "geomap-article-item");
          var input = el("input");
          input.type = "checkbox";
          input.checked = true;
          input.addEventListener("change", function () { self.articles[i] = input.checked; self.refresh(); });
          label.appendChild(input);
          label.appendChild(document.createTextNode(" " + article.title.slice(0, 80)));
          label.title = article.title;
          fragment.appendChild(label);
          inputs.push(input);
        });
        list.appendChild(fragment);
        box.appendChild(list);
        function setAll(on) {
          inputs.forEach(function (input, i) { input.checked = on; self.articles[i] = on; });
          self.refresh();
        }
        all.addEventListener("click", function () { setAll(true); });
        none.addEventListener("click", function () { setAll(false); });
        L.DomEvent.disableClickPropagation(box);
        L.DomEvent.disableScrollPropagation(box);
        return box;
      },
    });
    new Articles().addTo(this.map);
  };

  GeomapView.prototype._legend = function () {
    var data = this.data;
    var self = this;
    var Legend = L.Control.extend({
      options: { position: "bottomright" },
      onAdd: function () {
        var outer = el("div", "geomap-legend leaflet-bar");
        // The legend's symbols are decoration: each row says in words what its symbol means.
        outer.setAttribute("role", "region");
        outer.setAttribute("aria-label", "Legend");
        // A short map folds the legend to this button (see _fitCorners); it opens it again.
        var toggle = el("button", "geomap-legend-toggle", "Legend");
        toggle.type = "button";
        toggle.setAttribute("aria-expanded", "true");
        outer.appendChild(toggle);
        var box = el("div", "geomap-legend-body");
        box.id = "geomap-legend-body";
        toggle.setAttribute("aria-controls", box.id);
        outer.appendChild(box);
        toggle.addEventListener("click", function () {
          self.legendChosen = !self.legendOpen;
          self._fitCorners();
        });
        self.legendBox = outer;
        box.appendChild(el("div", "geomap-legend-title", "Events"));
        data.types.forEach(function (t) {
          var row = el("div", "geomap-legend-row");
          var line = el("span", "geomap-legend-line");
          line.setAttribute("aria-hidden", "true");
          line.style.borderTopColor = t.color;
          row.appendChild(line);
          row.appendChild(document.createTextNode(t.label + " (" + t.count + ")"));
          box.appendChild(row);
        });
        var solid = el("div", "geomap-legend-row");
        var s = el("span", "geomap-legend-line");
        solid.appendChild(s);
        solid.appendChild(document.createTextNode("happened"));
        box.appendChild(solid);
        var dashed = el("div", "geomap-legend-row");
        var d = el("span", "geomap-legend-line geomap-legend-dashed");
        dashed.appendChild(d);
        if (self.many) d.className = "geomap-legend-line geomap-legend-faint";
        dashed.appendChild(document.createTextNode("planned, alleged or inferred"));
        box.appendChild(dashed);
        s.setAttribute("aria-hidden", "true");
        d.setAttribute("aria-hidden", "true");
        if (data.tracks.length) {
          var trackRow = el("div", "geomap-legend-row");
          var dots = el("span", "geomap-legend-line geomap-legend-track" + (self.many ? " geomap-legend-track-solid" : ""));
          dots.setAttribute("aria-hidden", "true");
          trackRow.appendChild(dots);
          trackRow.appendChild(document.createTextNode("track: one mover's stops in order"));
          box.appendChild(trackRow);
        }
        if (data.movements.some(function (m) { return m[1] === null || m[1] === undefined; })) {
          var arrival = el("div", "geomap-legend-row");
          var mark = el("span", "geomap-legend-icon geomap-arrival");
          mark.setAttribute("aria-hidden", "true");
          mark.appendChild(el("span", "geomap-arrival-head"));
          arrival.appendChild(mark);
          arrival.appendChild(document.createTextNode("arrival, origin not stated"));
          box.appendChild(arrival);
        }
        box.appendChild(el("div", "geomap-legend-title", "Places"));
        data.kinds.forEach(function (k) {
          var row = el("div", "geomap-legend-row");
          var icon = el("span", "geomap-legend-icon geomap-place geomap-kind-" + k.kind);
          icon.setAttribute("aria-hidden", "true");
          icon.appendChild(el("span", "geomap-shape"));
          row.appendChild(icon);
          row.appendChild(document.createTextNode(k.label));
          box.appendChild(row);
        });
        box.appendChild(el("div", "geomap-muted", "Marker size: number of mentions"));
        L.DomEvent.disableClickPropagation(outer);
        L.DomEvent.disableScrollPropagation(outer);
        return outer;
      },
    });
    new Legend().addTo(this.map);
  };

  GeomapView.prototype._setLegendOpen = function (open) {
    this.legendOpen = open;
    var box = this.legendBox;
    box.querySelector(".geomap-legend-body").hidden = !open;
    box.querySelector(".geomap-legend-toggle").setAttribute("aria-expanded", open ? "true" : "false");
    box.classList.toggle("geomap-legend-folded", !open);
  };

  /* The right-hand corners stack the layers and articles (top) and the overview map and the legend
   * (bottom). On a short map the two stacks would run into each other and cover one another, so
   * the first of these that fits is shown: the legend open with the overview map, the legend open
   * alone, the legend folded to its button with the overview map, the button alone. Once the
   * reader opens or folds the legend, only the overview map gives way. Run again whenever the
   * map's size changes. */
  GeomapView.prototype._fitCorners = function () {
    if (!this.legendBox) return;
    var container = this.map.getContainer();
    var mini = this.minimapBox;
    var self = this;
    function controls(corner) {
      var node = container.querySelector(".leaflet-" + corner + ".leaflet-right");
      if (!node) return [];
      return Array.prototype.filter.call(node.children, function (c) { return c.offsetParent !== null; });
    }
    function room() {  // px left between the two stacks, less than CORNER_GAP when they meet
      var box = container.getBoundingClientRect();
      var topEnd = box.top, bottomStart = box.bottom;
      controls("top").forEach(function (c) { topEnd = Math.max(topEnd, c.getBoundingClientRect().bottom); });
      controls("bottom").forEach(function (c) { bottomStart = Math.min(bottomStart, c.getBoundingClientRect().top); });
      return bottomStart - topEnd;
    }
    var body = this.legendBox.querySelector(".geomap-legend-body");
    body.style.maxHeight = "";
    var legend = this.legendChosen;
    var choices = legend === undefined
      ? [[true, true], [true, false], [false, true], [false, false]]
      : [[legend, true], [legend, false]];
    var wasHidden = mini && mini.hidden;
    for (var i = 0; i < choices.length; i++) {
      this._setLegendOpen(choices[i][0]);
      if (mini) mini.hidden = !choices[i][1];
      if (room() >= CORNER_GAP) break;
    }
    // Opened by the reader where it cannot fit: the legend scrolls within the room there is.
    var short = CORNER_GAP - room();
    if (short > 0 && this.legendOpen) {
      body.style.maxHeight = Math.max(MIN_LEGEND_HEIGHT, body.clientHeight - short) + "px";
    }
    if (mini && wasHidden && !mini.hidden && self.minimapSync) self.minimapSync();
  };

  GeomapView.prototype._timeSlider = function () {
    var self = this;
    var range = this.data.dateRange;
    if (!range) return;
    var min = dayIndex(range[0]), max = dayIndex(range[1]);
    if (max <= min) max = min + 1;
    var Slider = L.Control.extend({
      options: { position: "bottomleft" },
      onAdd: function () {
        var box = el("div", "geomap-time leaflet-bar");
        box.appendChild(el("div", "geomap-legend-title", "Event dates"));
        var from = el("input", "geomap-time-from");
        var to = el("input", "geomap-time-to");
        [from, to].forEach(function (input) {
          input.type = "range";
          input.min = String(min);
          input.max = String(max);
          input.step = "1";
        });
        from.value = String(min);
        to.value = String(max);
        from.setAttribute("aria-label", "earliest date shown");
        to.setAttribute("aria-label", "latest date shown");
        var label = el("div", "geomap-time-label", isoOfDay(min) + " – " + isoOfDay(max));
        var status = el("div", "geomap-muted geomap-status-line");
        self.status = status;
        function update() {
          var a = Math.min(+from.value, +to.value), b = Math.max(+from.value, +to.value);
          self.range = a <= min && b >= max ? null : [a, b];
          label.textContent = isoOfDay(a) + " – " + isoOfDay(b);
          self.refresh();
        }
        from.addEventListener("input", update);
        to.addEventListener("input", update);
        var reset = el("button", "geomap-button", "All dates");
        reset.type = "button";
        reset.addEventListener("click", function () { from.value = String(min); to.value = String(max); update(); });
        box.appendChild(label);
        box.appendChild(from);
        box.appendChild(to);
        box.appendChild(reset);
        box.appendChild(status);
        self.timeInputs = { from: from, to: to, update: update, min: min, max: max };
        L.DomEvent.disableClickPropagation(box);
        L.DomEvent.disableScrollPropagation(box);
        return box;
      },
    });
    new Slider().addTo(this.map);
  };

  GeomapView.prototype.setDateRange = function (startIso, endIso) {
    if (!this.timeInputs) return;
    this.timeInputs.from.value = String(Math.max(this.timeInputs.min, dayIndex(startIso)));
    this.timeInputs.to.value = String(Math.min(this.timeInputs.max, dayIndex(endIso)));
    this.timeInputs.update();
  };

  /* Icons drawn as SVG paths (fonts may lack the symbols); geomap's own markup, no article text. */
  var ICONS = {
    fullscreen: "M3 9V3h6M15 3h6v6M21 15v6h-6M9 21H3v-6",
    fit: "M4 12h16M12 4v16M8 8l-4 4 4 4M16 8l4 4-4 4",
  };

  function icon(name) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("width", "16");
    svg.setAttribute("height", "16");
    svg.setAttribute("aria-hidden", "true");
    var path = document.createElementNS(ns, "path");
    path.setAttribute("d", ICONS[name]);
    path.setAttribute("fill", "none");
    path.setAttribute("stroke", "currentColor");
    path.setAttribute("stroke-width", "2.2");
    svg.appendChild(path);
    return svg;
  }

  GeomapView.prototype._button = function (title, iconName, onClick, className) {
    var Button = L.Control.extend({
      options: { position: "topleft" },
      onAdd: function () {
        var bar = el("div", "leaflet-bar leaflet-control");
        var a = el("a", "geomap-control-button " + (className || ""));
        a.appendChild(icon(iconName));
        a.href = "#";
        a.title = title;
        a.setAttribute("role", "button");
        a.setAttribute("aria-label", title);
        L.DomEvent.on(a, "click", function (e) { L.DomEvent.preventDefault(e); onClick(); });
        L.DomEvent.disableClickPropagation(bar);
        bar.appendChild(a);
        return bar;
      },
    });
    return new Button().addTo(this.map);
  };

  GeomapView.prototype._fullscreen = function () {
    var map = this.map;
    var container = document.documentElement;
    this._button("Full screen", "fullscreen", function () {
      if (document.fullscreenElement) {
        document.exitFullscreen();
      } else if (container.requestFullscreen) {
        container.requestFullscreen().catch(function () {
          document.body.classList.toggle("geomap-fullscreen");
        });
      } else {
        document.body.classList.toggle("geomap-fullscreen");
      }
      setTimeout(function () { map.invalidateSize(); }, 200);
    }, "geomap-fullscreen-button");
  };

  GeomapView.prototype._fitButton = function () {
    var self = this;
    this._button("Fit to the data", "fit", function () { self.fit(); }, "geomap-fit-button");
  };

  GeomapView.prototype._minimap = function () {
    var self = this;
    var main = this.map;
    var data = this.data;
    var MiniMap = L.Control.extend({
      options: { position: "bottomright" },
      onAdd: function () {
        var box = el("div", "geomap-minimap leaflet-bar");
        box.setAttribute("aria-label", "overview map");
        self.minimapBox = box;
        L.DomEvent.disableClickPropagation(box);
        L.DomEvent.disableScrollPropagation(box);
        setTimeout(function () {
          var mini = L.map(box, {
            attributionControl: false, zoomControl: false, dragging: false, scrollWheelZoom: false,
            doubleClickZoom: false, boxZoom: false, keyboard: false, touchZoom: false, inertia: false,
          });
          var outlines = data.basemap || window.geomapOutlines;  // outlines only: it asks for nothing
          if (outlines) {
            L.geoJSON(outlines, {
              interactive: false,
              style: { color: "#8a8f99", weight: 0.4, fillColor: "#eceae4", fillOpacity: 1 },
              renderer: L.canvas(),
            }).addTo(mini);
          }
          var frame = L.rectangle(main.getBounds(), { weight: 1.5, color: "#d33", fillOpacity: 0.08, interactive: false }).addTo(mini);
          function sync() {
            var zoom = Math.max(0, main.getZoom() - 5);
            mini.setView(main.getCenter(), zoom, { animate: false });
            frame.setBounds(main.getBounds());
          }
          main.on("moveend zoomend", sync);
          mini.on("click", function (e) { main.panTo(e.latlng); });
          sync();
          // Shown again after _fitCorners hid it: it measures its box anew.
          self.minimapSync = function () { mini.invalidateSize({ animate: false }); sync(); };
        }, 0);
        return box;
      },
    });
    new MiniMap().addTo(main);
  };

  /* ---- for tests and scripts -------------------------------------------- */

  GeomapView.prototype.stats = function () {
    var markers = 0;
    var self = this;
    this.placeMarkers.forEach(function (m) { if (self.placeLayer.hasLayer(m)) markers += 1; });
    return {
      places: this.data.places.length,
      movements: this.data.movements.length,
      visiblePlaces: markers,
      visibleMovements: this.movementLines.filter(function (m) { return m.shown; }).length,
      visibleArrivals: this.movementLines.filter(function (m) { return m.shown && m.arrival; }).length,
      tracks: this.trackLines.length,
      visibleTracks: this.trackLines.filter(function (t) { return t.shown && self.map.hasLayer(self.trackLayer); }).length,
      clustered: this.clustered,
      renderer: this.renderer instanceof L.Canvas ? "canvas" : "svg",
    };
  };

  GeomapView.dayIndex = dayIndex;  // for the index lists (index.js)
  GeomapView.isoOfDay = isoOfDay;
  window.GeomapView = GeomapView;
})();
