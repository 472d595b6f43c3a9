/* The lists of maps/index.html: articles and events, sortable, built from the map's own data.
 *
 * Text from articles goes in with textContent only. Long lists show their
 * first rows and a button for the rest, so a page of ten thousand events
 * stays quick to open.
 */
(function () {
  "use strict";

  var FIRST_ROWS = 300;
  var MAX_STOPS_LISTED = 12;  // a track's stops named in its row; its popup lists them all

  var el = window.GeomapDom.el, link = window.GeomapDom.link, webLink = window.GeomapDom.webLink; // dom.js

  /* A cell's content, after a "new" badge when the run that wrote the page brought it. */
  function withNew(isNew, node) {
    if (!isNew) return node;
    var span = el("span");
    span.appendChild(el("span", "geomap-new", "new"));
    span.appendChild(node);
    return span;
  }

  /* A sortable table: columns = [{title, value(row, above) -> text or Node, sort(row) -> string|number}],
   * ``above`` being the row shown just above (null on the first), for a cell that says "as above".
   * ``keep(row)`` says which rows the map's filters let through; ``table.update()`` asks again. */
  function table(id, columns, rows, keep) {
    var box = el("div", "geomap-table-box");
    var t = el("table", "geomap-sortable");
    t.id = id;
    var head = el("thead"), tr = el("tr");
    columns.forEach(function (column) { tr.appendChild(el("th", null, column.title)); });
    head.appendChild(tr);
    t.appendChild(head);
    var body = el("tbody");
    t.appendChild(body);
    box.appendChild(t);
    var more = el("button", "geomap-button geomap-more");
    more.type = "button";
    box.appendChild(more);
    var order = rows.slice(), shown = FIRST_ROWS, sorted = null;
    keep = keep || function () { return true; };

    function render() {
      body.textContent = "";
      var rendered = order.slice(0, shown);
      rendered.forEach(function (row, n) {
        var line = el("tr");
        columns.forEach(function (column) {
          var cell = el("td");
          var value = column.value(row, n ? rendered[n - 1] : null);
          if (value instanceof Node) cell.appendChild(value);
          else cell.textContent = value === null || value === undefined ? "" : String(value);
          cell.setAttribute("data-sort", String(column.sort ? column.sort(row) : cell.textContent));
          line.appendChild(cell);
        });
        body.appendChild(line);
      });
      more.hidden = order.length <= shown;
      more.textContent = "Show all " + order.length + " rows";
      box.setAttribute("data-rows", String(order.length));
      if (box.onCount) box.onCount(order.length, rows.length);
    }

    function arrange() {
      order = rows.filter(keep);
      if (sorted) order.sort(sorted);
    }

    more.addEventListener("click", function () { shown = order.length; render(); });
    tr.querySelectorAll("th").forEach(function (th, index) {
      th.setAttribute("role", "button");
      th.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        tr.querySelectorAll("th").forEach(function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var column = columns[index];
        var key = column.sort || function (row) {
          var value = column.value(row);
          return value instanceof Node ? value.textContent : String(value === null || value === undefined ? "" : value);
        };
        sorted = function (a, b) {
          var x = key(a), y = key(b);
          var c = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
          return ascending ? c : -c;
        };
        arrange();
        render();
      });
    });
    box.update = function () { arrange(); render(); };  // the first call draws the rows
    return box;
  }

  /* A heading that says how many rows the map's filters leave: "Events (12 of 40)". */
  function heading(root, title, box) {
    var h = el("h2", null, title);
    root.appendChild(h);
    box.onCount = function (shown, all) { h.textContent = title + (shown === all ? " (" + all + ")" : " (" + shown + " of " + all + ")"); };
    box.update();
    root.appendChild(box);
  }

  /* ---- the timeline: movements per week by type; dragging across it sets the time range ---- */

  var WEEK_CHART_HEIGHT = 90, CHART_WIDTH = 1000;

  // 1970-01-01 was a Thursday: week w (weeks start on Monday) begins on day 7w - 3.
  function weekOf(dayNumber) { return Math.floor((dayNumber + 3) / 7); }
  // The day helpers of geomap.js, which runs after this script is read, before the lists are built.
  function isoDay(n) { return window.GeomapView.isoOfDay(n); }
  function dayNumber(iso) { return window.GeomapView.dayIndex(iso); }

  function svg(tag, attrs) {
    var node = document.createElementNS("http://www.w3.org/2000/svg", tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, String(attrs[k])); });
    return node;
  }

  function timeline(view) {
    var data = view.data;
    if (!data.dateRange) return null;
    var first = weekOf(dayNumber(data.dateRange[0])), last = weekOf(dayNumber(data.dateRange[1]));
    var weeks = last - first + 1;
    var box = el("section", "geomap-timeline");
    box.setAttribute("aria-label", "Timeline of movements");
    var head = el("div", "geomap-timeline-head");
    head.appendChild(el("strong", null, "Movements per week"));
    head.appendChild(el("span", "geomap-muted", " drag across the chart to choose dates"));
    var reset = el("button", "geomap-button", "All dates");
    reset.type = "button";
    head.appendChild(reset);
    box.appendChild(head);
    // Drawn on a fixed 1000-unit width stretched to the page: reading the page's width here would
    // make the browser lay out the whole page in the middle of building it.
    var chart = svg("svg", {
      class: "geomap-timeline-chart", role: "img", height: WEEK_CHART_HEIGHT, tabindex: 0,
      viewBox: "0 0 " + CHART_WIDTH + " " + WEEK_CHART_HEIGHT, preserveAspectRatio: "none",
    });
    chart.style.width = "100%";
    box.appendChild(chart);
    var axis = el("div", "geomap-timeline-axis");
    box.appendChild(axis);
    var details = el("details", "geomap-timeline-table");
    details.appendChild(el("summary", null, "The timeline as a table"));
    var list = el("table");
    details.appendChild(list);
    box.appendChild(details);
    var types = data.types.map(function (t) { return t.type; });

    function counts() {
      // Every filter but the time range: the chart shows where the chosen dates sit in the whole.
      var byWeek = [];
      for (var w = 0; w < weeks; w++) byWeek.push({});
      data.events.forEach(function (e) {
        if (!e.movement || !view.matches(e)) return;
        var art = data.articles[e.sources[0]];
        var day = e.date_start || (art && art.date);
        if (!day) return;
        var w = weekOf(dayNumber(day)) - first;
        if (w >= 0 && w < weeks) byWeek[w][e.type] = (byWeek[w][e.type] || 0) + 1;
      });
      return byWeek;
    }

    function draw() {
      var byWeek = counts();
      var width = CHART_WIDTH;
      var totals = byWeek.map(function (c) { return types.reduce(function (n, t) { return n + (c[t] || 0); }, 0); });
      var top = Math.max(1, Math.max.apply(null, totals));
      var step = width / weeks, barWidth = Math.max(1, step - 1);
      chart.textContent = "";
      if (view.range) {
        var a = (weekOf(view.range[0]) - first) * step, b = (weekOf(view.range[1]) - first + 1) * step;
        chart.appendChild(svg("rect", { class: "geomap-timeline-range", x: a, y: 0, width: Math.max(1, b - a), height: WEEK_CHART_HEIGHT }));
      }
      list.textContent = "";
      var header = el("tr");
      header.appendChild(el("th", null, "Week of"));
      data.types.forEach(function (t) { header.appendChild(el("th", null, t.label)); });
      list.appendChild(header);
      byWeek.forEach(function (c, w) {
        if (!totals[w]) return;
        var y = WEEK_CHART_HEIGHT, start = isoDay(7 * (first + w) - 3);
        var group = svg("g", { class: "geomap-timeline-week" });
        var title = svg("title");
        title.textContent = "week of " + start + ": " + data.types.filter(function (t) { return c[t.type]; })
          .map(function (t) { return c[t.type] + " " + t.label.toLowerCase(); }).join(", ");
        group.appendChild(title);
        data.types.forEach(function (t) {
          if (!c[t.type]) return;
          var h = (c[t.type] / top) * (WEEK_CHART_HEIGHT - 4);
          y -= h;
          group.appendChild(svg("rect", { x: w * step, y: y, width: barWidth, height: h, fill: t.color, class: "geomap-timeline-bar" }));
        });
        chart.appendChild(group);
        var row = el("tr");
        row.appendChild(el("td", null, start));
        data.types.forEach(function (t) { row.appendChild(el("td", null, c[t.type] || 0)); });
        list.appendChild(row);
      });
      var total = totals.reduce(function (n, x) { return n + x; }, 0);
      var busiest = totals.indexOf(Math.max.apply(null, totals));
      chart.setAttribute("aria-label", "Movements per week from " + isoDay(7 * first - 3) + " to " +
        isoDay(7 * last + 3) + ": " + total + " movements" +
        (total ? ", most in the week of " + isoDay(7 * (first + busiest) - 3) + " (" + totals[busiest] + ")" : "") +
        ". Use the left and right arrow keys to move the chosen week; Escape shows all dates.");
      axis.textContent = "";
      axis.appendChild(el("span", null, isoDay(7 * first - 3)));
      axis.appendChild(el("span", null, isoDay(7 * last + 3)));
    }

    function choose(a, b) {  // weeks a..b, relative to the first; both kept on the chart
      a = Math.max(0, Math.min(weeks - 1, a));
      b = Math.max(0, Math.min(weeks - 1, b));
      var lo = Math.min(a, b), hi = Math.max(a, b);
      view.setDateRange(isoDay(7 * (first + lo) - 3), isoDay(7 * (first + hi) + 3));
    }

    function weekAt(clientX) {
      var rect = chart.getBoundingClientRect();
      return Math.floor(((clientX - rect.left) / Math.max(1, rect.width)) * weeks);
    }

    var from = null;
    chart.addEventListener("pointerdown", function (e) {
      from = weekAt(e.clientX);
      if (chart.setPointerCapture) chart.setPointerCapture(e.pointerId);
      e.preventDefault();
    });
    chart.addEventListener("pointermove", function (e) { if (from !== null) choose(from, weekAt(e.clientX)); });
    chart.addEventListener("pointerup", function (e) {
      if (from === null) return;
      choose(from, weekAt(e.clientX));
      from = null;
    });
    chart.addEventListener("keydown", function (e) {
      var current = view.range ? weekOf(view.range[0]) - first : -1;
      if (e.key === "ArrowRight" || e.key === "ArrowLeft") {
        var next = current + (e.key === "ArrowRight" ? 1 : -1);
        choose(next, next);
        e.preventDefault();
      } else if (e.key === "Escape") {
        view.setDateRange(data.dateRange[0], data.dateRange[1]);
      }
    });
    reset.addEventListener("click", function () { view.setDateRange(data.dateRange[0], data.dateRange[1]); });
    box.redraw = draw;
    return box;
  }

  function build() {
    var view = window.geomapView;
    var root = document.getElementById("geomap-lists");
    if (!view || !root) return;
    var data = view.data;
    var counts = data.articles.map(function () { return { places: 0, events: 0, movements: 0 }; });
    data.places.forEach(function (p) { p.articles.forEach(function (a) { counts[a].places += 1; }); });
    data.events.forEach(function (e) {
      e.sources.forEach(function (a) {
        counts[a].events += 1;
        if (e.movement) counts[a].movements += 1;
      });
    });
    var articles = data.articles.map(function (a, i) { return { a: a, c: counts[i], i: i }; });
    var chart = timeline(view);
    if (chart) root.parentNode.insertBefore(chart, root.parentNode.firstChild);
    // An article is listed while its checkbox is on; under a filter, only if it reports a shown event.
    var shownArticles = {};
    function articleShown(r) {
      if (!view.articles[r.i]) return false;
      return !(view.filtering() || view.range) || shownArticles[r.i] === true;
    }
    function countShown() {
      shownArticles = {};
      data.events.forEach(function (e) {
        if (view.eventVisible(e)) e.sources.forEach(function (a) { shownArticles[a] = true; });
      });
    }
    countShown();
    var columns = [
      { title: "#", value: function (r) { return reference(r.i); }, sort: function (r) { return r.i; } },
      {
        title: "Title",
        value: function (r) { return withNew(r.a.new, link(r.a.href, r.a.title)); },
        sort: function (r) { return (r.a.new ? "0" : "1") + r.a.title; },
      },
      { title: "Date", value: function (r) { return r.a.date || ""; } },
    ];
    // Where each article is on the web; shown only when some article is (files have no address).
    if (data.articles.some(function (a) { return a.web && a.web.length; })) {
      columns.push({
        title: "Found at",
        value: function (r) {
          var cell = el("span");
          (r.a.web || []).forEach(function (address, n) {
            if (n) cell.appendChild(el("br"));
            cell.appendChild(webLink(address));
          });
          return cell;
        },
        sort: function (r) { return (r.a.web || []).join(" "); },
      });
    }
    columns.push(
      { title: "Places", value: function (r) { return r.c.places; }, sort: function (r) { return r.c.places; } },
      { title: "Events", value: function (r) { return r.c.events; }, sort: function (r) { return r.c.events; } },
      { title: "Movements", value: function (r) { return r.c.movements; }, sort: function (r) { return r.c.movements; } }
    );
    var articleTable = table("geomap-articles", columns, articles, articleShown);
    heading(root, "Articles", articleTable);
    var trackTable = tracksTable(view);
    if (trackTable) heading(root, "Tracks", trackTable);
    var eventTable = table("geomap-events", [
      {
        title: "Date",
        value: function (e) { return withNew(e.new, document.createTextNode(e.date || "")); },
        sort: function (e) { return e.date_start || ""; },
      },
      { title: "Type", value: function (e) { return view.label(e); } },
      {
        title: "Status",
        value: function (e) { return e.status + (e.denied_by ? " (denied by " + e.denied_by.join(", ") + ")" : ""); },
      },
      { title: "Who", value: function (e) { return e.actor_names.join(", "); } },
      { title: "From", value: function (e) { return (view.placeName(e.origin) || "") + (e.inferred_origin ? " (inferred)" : ""); } },
      { title: "To", value: function (e) { return view.placeName(e.destination) || ""; } },
      {
        title: "At",
        value: function (e) { return e.locations.concat(e.via).map(function (i) { return view.placeName(i); }).join(", "); },
      },
      { title: "Count", value: function (e) { return e.count || ""; }, sort: function (e) { return e.count || 0; } },
      {
        title: "Sources",
        value: function (e, above) { return sources(data, e, above); },
        sort: function (e) { return e.sources.map(function (i) { return reference(i); }).join(" "); },
      },
      { title: "Evidence", value: function (e) { return e.evidence[0].sentence.slice(0, 220); } },
    ], data.events, function (e) { return view.eventVisible(e); });
    heading(root, "Events", eventTable);
    if (chart) chart.redraw();
    view.onChange(function () {
      countShown();
      articleTable.update();
      if (trackTable) trackTable.update();
      eventTable.update();
      if (chart) chart.redraw();
    });
  }

  /* An article's short reference, as the "#" column of the articles table gives it: "[3]". */
  function reference(i) { return "[" + (i + 1) + "]"; }

  /* The articles an event comes from: each with its whole title, except an article the row above
   * also came from, which is its reference alone ("[3]", the title on hover): the rows of one
   * article show its title once, and no two articles ever look alike. */
  function sources(data, e, above) {
    var span = el("span", "geomap-sources");
    var before = {};
    ((above && above.sources) || []).forEach(function (i) { before[i] = true; });
    e.sources.forEach(function (i, n) {
      var article = data.articles[i];
      if (n) span.appendChild(el("br"));
      if (before[i]) {
        var ref = link(article.href, reference(i));
        ref.title = article.title + " (as above)";
        span.appendChild(ref);
      } else {
        span.appendChild(link(article.href, reference(i) + " " + article.title));
      }
    });
    return span;
  }

  /* The tracks: who, the stops in order, the dates; a button shows one on the map. */
  function tracksTable(view) {
    var data = view.data;
    if (!data.tracks.length) return null;
    var rows = data.tracks.map(function (t, i) { return { t: t, i: i }; });
    function stops(r) { return view.trackStops(r.t); }
    function dates(r) {
      var days = [];
      stops(r).forEach(function (s) { if (s.start) days.push(s.start); if (s.end) days.push(s.end); });
      days.sort();
      return days.length ? days[0] + (days[days.length - 1] !== days[0] ? " – " + days[days.length - 1] : "") : "";
    }
    return table("geomap-tracks", [
      {
        title: "Who",
        value: function (r) {
          var button = el("button", "geomap-button geomap-track-button", r.t.actor);
          button.type = "button";
          button.title = "Show this track on the map";
          button.addEventListener("click", function () {
            window.scrollTo(0, 0);  // the filters and the map head the page
            view.showTrack(r.i);
          });
          return button;
        },
        sort: function (r) { return r.t.actor; },
      },
      {
        title: "Stops",
        value: function (r) {
          var names = stops(r).map(function (s) { return data.places[s.place].name; });
          if (names.length <= MAX_STOPS_LISTED) return names.join(" → ");
          // A mover with hundreds of stops: the first and the last few, and how many in all.
          return names.slice(0, MAX_STOPS_LISTED - 2).join(" → ") + " → … → " + names.slice(-2).join(" → ") +
            " (" + names.length + " stops)";
        },
        sort: function (r) { return stops(r).length; },
      },
      { title: "Dates", value: dates },
      { title: "Movements", value: function (r) { return r.t.events.length; }, sort: function (r) { return r.t.events.length; } },
    ], rows, function (r) { return stops(r).length > 1; });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", build);
  else build();
})();
