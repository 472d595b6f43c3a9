/* The lists of maps/index.html: articles and events, sortable, built from the map's own data.
 *
 * Text from articles goes in with textContent only. Long lists show their
 * first rows and a button for the rest, so a page of ten thousand events
 * stays quick to open.
 */
(function () {
  "use strict";

  var FIRST_ROWS = 300;

  var el = window.GeomapDom.el, link = window.GeomapDom.link, webLink = window.GeomapDom.webLink; // dom.js

  /* A cell's content, after a "new" badge when the run that wrote the page brought it. */
  function withNew(isNew, node) {
    if (!isNew) return node;
    var span = el("span");
    span.appendChild(el("span", "geomap-new", "new"));
    span.appendChild(node);
    return span;
  }

  /* A sortable table: columns = [{title, value(row) -> text or Node, sort(row) -> string|number}] */
  function table(id, columns, rows) {
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
    var order = rows.slice(), shown = FIRST_ROWS;

    function render() {
      body.textContent = "";
      order.slice(0, shown).forEach(function (row) {
        var line = el("tr");
        columns.forEach(function (column) {
          var cell = el("td");
          var value = column.value(row);
          if (value instanceof Node) cell.appendChild(value);
          else cell.textContent = value === null || value === undefined ? "" : String(value);
          cell.setAttribute("data-sort", String(column.sort ? column.sort(row) : cell.textContent));
          line.appendChild(cell);
        });
        body.appendChild(line);
      });
      more.hidden = order.length <= shown;
      more.textContent = "Show all " + order.length + " rows";
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
        order.sort(function (a, b) {
          var x = key(a), y = key(b);
          var c = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
          return ascending ? c : -c;
        });
        render();
      });
    });
    render();
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
      e.articles.forEach(function (a) {
        counts[a].events += 1;
        if (e.destination !== null && e.destination !== undefined) counts[a].movements += 1;
      });
    });
    var articles = data.articles.map(function (a, i) { return { a: a, c: counts[i] }; });
    root.appendChild(el("h2", null, "Articles"));
    var columns = [
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
    root.appendChild(table("geomap-articles", columns, articles));
    root.appendChild(el("h2", null, "Events"));
    root.appendChild(table("geomap-events", [
      {
        title: "Date",
        value: function (e) { return withNew(e.new, document.createTextNode(e.date || "")); },
        sort: function (e) { return e.start || ""; },
      },
      { title: "Type", value: function (e) { return view.label(e); } },
      {
        title: "Status",
        value: function (e) { return e.status + (e.deniedBy ? " (denied by " + e.deniedBy.join(", ") + ")" : ""); },
      },
      { title: "Who", value: function (e) { return e.actors.join(", "); } },
      { title: "From", value: function (e) { return (view.placeName(e.origin) || "") + (e.inferred ? " (inferred)" : ""); } },
      { title: "To", value: function (e) { return view.placeName(e.destination) || ""; } },
      { title: "At", value: function (e) { return e.locations.map(function (i) { return view.placeName(i); }).join(", "); } },
      { title: "Count", value: function (e) { return e.count || ""; }, sort: function (e) { return e.count || 0; } },
      {
        title: "Sources",
        value: function (e) {
          var span = el("span");
          e.articles.forEach(function (i, n) {
            if (n) span.appendChild(document.createTextNode(" "));
            span.appendChild(link(data.articles[i].href, data.articles[i].title.slice(0, 40)));
          });
          return span;
        },
        sort: function (e) { return e.articles.length; },
      },
      { title: "Evidence", value: function (e) { return e.evidence[0][1].slice(0, 220); } },
    ], data.events));
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", build);
  else build();
})();
