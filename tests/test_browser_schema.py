"""The map's scripts read only keys the schema has: in Chromium, every place, event and evidence
of the payload is wrapped in a Proxy that records each key read, and the page is used as a reader
uses it (popups, tooltips, search, dates, the index's tables)."""

from __future__ import annotations

from pathlib import Path

import pytest

from geomap.model import ArticleResult
from geomap.publish import publish_article, publish_index
from geomap.schema import json_schema

from .browser import Browser, wait_idle

pytestmark = pytest.mark.browser

# Wraps what JSON.parse gives the map: a key is recorded when read before the page itself set it
# (the client's own keys, such as an event's search text, are not the payload's).
WATCH = """
(() => {
  const parse = JSON.parse;
  window.geomapKeysRead = {place: [], event: [], evidence: []};
  function watch(object, kind) {
    const own = new Set();
    return new Proxy(object, {
      get(target, key, receiver) {
        if (typeof key === "string" && !own.has(key) && !(key in Object.prototype)) {
          const read = window.geomapKeysRead[kind];
          if (read.indexOf(key) < 0) read.push(key);
        }
        return Reflect.get(target, key, receiver);
      },
      set(target, key, value, receiver) {
        if (typeof key === "string" && !(key in target)) own.add(key);
        return Reflect.set(target, key, value, receiver);
      },
    });
  }
  JSON.parse = function (text, reviver) {
    const data = parse(text, reviver);
    if (data && Array.isArray(data.places) && Array.isArray(data.events)) {
      data.places = data.places.map((p) => watch(p, "place"));
      data.events = data.events.map((e) => {
        e.evidence = e.evidence.map((ev) => watch(ev, "evidence"));
        return watch(e, "event");
      });
    }
    return data;
  };
})();
"""

# Every popup and tooltip of every place and event, a search, a date range, and on the index each
# table sorted by each column and shown whole.
EXERCISE = """
() => {
  const view = window.geomapView, data = view.data;
  data.places.forEach((p) => { view._placePopup(p); view._placeTooltip(p); });
  data.events.forEach((e) => { view._eventPopup([e]); view._movementTooltip(e); });
  view.placeMarkers.slice(0, 3).forEach((m) => { view.map.addLayer(m); m.openPopup(); });
  view.filterInputs.query.value = "ship";
  view.filterInputs.query.dispatchEvent(new Event("input"));
  if (data.dateRange) view.setDateRange(data.dateRange[0], data.dateRange[0]);
  document.querySelectorAll("table.geomap-sortable th").forEach((th) => th.click());
  document.querySelectorAll("button.geomap-more").forEach((b) => b.click());
  if (data.dateRange) view.setDateRange(data.dateRange[0], data.dateRange[1]);
  view.filterInputs.query.value = "";
  view.filterInputs.query.dispatchEvent(new Event("input"));
  return window.geomapKeysRead;
}
"""


def test_the_scripts_read_only_keys_the_schema_has(
    browser: Browser, sample_result: ArticleResult, hostile: ArticleResult, tmp_path: Path
) -> None:
    article, _ = publish_article(sample_result, tmp_path)
    index, _ = publish_index([sample_result, hostile], tmp_path)
    defs = json_schema()["$defs"]
    allowed = {
        "place": set(defs["payload_place"]["properties"]),
        "event": set(defs["payload_event"]["properties"]),
        "evidence": set(defs["payload_evidence"]["properties"]),
    }
    for page_file in (article, index):
        context = browser.new_context(viewport={"width": 1280, "height": 860}, service_workers="block")
        context.add_init_script(WATCH)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc, errors=errors: errors.append(str(exc)))
        page.route(lambda url: not url.startswith(("file:", "data:", "about:")), lambda route: route.abort())
        page.goto(page_file.resolve().as_uri(), wait_until="load")
        wait_idle(page)
        read = {kind: set(keys) for kind, keys in page.evaluate(EXERCISE).items()}
        assert errors == []
        for kind, keys in read.items():
            assert keys <= allowed[kind], f"{page_file.name}: the scripts read {kind} keys the schema lacks"
        # The page did read the payload: the recording works.
        assert {"name", "mention_count", "location_precision"} <= read["place"]
        assert {"type", "sources", "time_precision", "denied_by"} <= read["event"]
        assert read["evidence"] == {"article", "sentence"}
        context.close()
