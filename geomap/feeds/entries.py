"""Feeds and URL lists as entries: RSS 0.9x/1.0/2.0 and Atom through feedparser, JSON Feed by hand.

feedparser 6.0 does not read JSON Feed (https://jsonfeed.org/version/1.1), so
:func:`read_feed` reads its few fields itself. Each entry's link is made
canonical (:func:`canonical_url`), which is how an article is known in the
store: the same story listed by two feeds, or with other tracking
parameters, is one article. An entry whose link is no http(s) URL (``file:``,
``data:``, ``javascript:``, ``mailto:``) is not dropped unsaid: it comes back
as a :class:`~geomap.model.SkippedItem` with its reason.
"""

from __future__ import annotations

import calendar
import datetime as dt
import html
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from ..errors import ArticleError, FetchError
from ..ingest import parse_date_value
from ..model import SkippedItem
from .fetch import check_url

# Query parameters that say where a reader came from, not what the page is: dropped from URLs.
TRACKING_PARAMETERS = re.compile(r"^(?:utm_\w+|fbclid|gclid|dclid|mc_cid|mc_eid|ocid|cmpid|smid|taid|ito)$", re.I)
_DEFAULT_PORTS = {"http": 80, "https": 443}
_TAG = re.compile(r"<[^>]+>")
# A skipped link is shown this long at most: a data: URL can hold a whole document.
SHOWN_LINK_CHARS = 100


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One article a feed (or a URL list) points to."""

    url: str
    title: str
    published: dt.date | None
    summary: str
    source: str


@dataclass(frozen=True, slots=True)
class FeedItems:
    """What a feed lists: the entries to fetch, and the items whose links are not fetched."""

    entries: tuple[FeedEntry, ...]
    skipped: tuple[SkippedItem, ...] = ()


def canonical_url(url: str) -> str:
    """The URL an article is known by: lowercase scheme and host, no default port, no fragment,
    no tracking parameters; FetchError for a URL that is not http(s)."""
    parts = urlsplit(check_url(url))
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    port = parts.port
    netloc = host if port is None or port == _DEFAULT_PORTS.get(scheme) else f"{host}:{port}"
    query = urlencode(
        [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not TRACKING_PARAMETERS.match(k)]
    )
    return urlunsplit((scheme, netloc, parts.path or "/", query, ""))


def read_feed(body: bytes, *, feed_url: str, content_type: str = "") -> FeedItems:
    """The entries of a feed document, newest first as the feed lists them, and the items whose
    links geomap does not fetch.

    Raises FetchError when the document is no feed: not XML nor JSON Feed, or
    so broken that no entry can be read from it.
    """
    head = body.lstrip()[:1]
    if "json" in content_type or head == b"{":
        return _json_feed(body, feed_url)
    import feedparser

    parsed = feedparser.parse(body, response_headers={"content-location": feed_url})
    entries: list[FeedEntry | SkippedItem] = []
    for item in parsed.entries:
        link = item.get("link") or _alternate(item.get("links") or [])
        if not link:
            continue
        # dict.get: feedparser's own get() maps one date to the other, with a DeprecationWarning
        when = dict.get(item, "published_parsed") or dict.get(item, "updated_parsed")
        published = dt.datetime.fromtimestamp(calendar.timegm(when), tz=dt.UTC).date() if when else None
        summary = item.get("summary") or ""
        if not summary and item.get("content"):
            summary = item["content"][0].get("value", "")
        entries.append(_entry(link, item.get("title") or "", published, summary, feed_url))
    found = _items(entries)
    if not found.entries and not found.skipped and (parsed.bozo or not parsed.version):
        # an empty feed is a feed; broken markup is not
        problem = parsed.get("bozo_exception")
        raise FetchError(f"{feed_url}: not a feed ({problem or 'no RSS, Atom or JSON Feed found'})")
    return found


def _alternate(links: Iterable[Mapping[str, Any]]) -> str | None:
    for link in links:
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return str(link["href"])
    return None


def _json_feed(body: bytes, feed_url: str) -> FeedItems:
    try:
        document = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FetchError(f"{feed_url}: not a feed (JSON that cannot be read: {exc})") from None
    if not isinstance(document, dict) or not str(document.get("version", "")).startswith("https://jsonfeed.org/"):
        raise FetchError(f"{feed_url}: not a feed (JSON without a JSON Feed version)")
    items = document.get("items")
    if not isinstance(items, list):
        raise FetchError(f"{feed_url}: not a feed (a JSON Feed without items)")
    entries: list[FeedEntry | SkippedItem] = []
    for item in items:
        if not isinstance(item, dict):
            continue
        link = item.get("url") or item.get("external_url") or item.get("id")
        if not isinstance(link, str):
            continue
        when = item.get("date_published") or item.get("date_modified")
        published = parse_date_value(when) if isinstance(when, str) else None
        summary = item.get("summary") or item.get("content_text") or item.get("content_html") or ""
        entries.append(_entry(link, str(item.get("title") or ""), published, str(summary), feed_url))
    return _items(entries)


def _items(found: list[FeedEntry | SkippedItem]) -> FeedItems:
    return FeedItems(
        tuple(e for e in found if isinstance(e, FeedEntry)), tuple(e for e in found if isinstance(e, SkippedItem))
    )


def _entry(link: str, title: str, published: dt.date | None, summary: str, source: str) -> FeedEntry | SkippedItem:
    try:
        url = canonical_url(link)
    except FetchError:
        return skipped_link(link, source)  # a file:, data:, javascript: or mailto: link is no article page
    return FeedEntry(url, _plain(title), published, _plain(summary), source)


def skipped_link(link: str, source: str) -> SkippedItem:
    """A link that is no http(s) URL, as a skipped item that says what kind of link it is."""
    scheme = urlsplit(link.strip()).scheme.lower()
    if scheme in _DEFAULT_PORTS:
        what = "a link with no host"
    elif scheme:
        what = f"a {scheme}: link"
    else:
        what = "a link with no scheme"
    shown = link if len(link) <= SHOWN_LINK_CHARS else link[: SHOWN_LINK_CHARS - 3] + "..."
    return SkippedItem(shown, f"{what}; only http and https pages are fetched", source)


def _plain(markup: str) -> str:
    """Feed text without its markup: summaries are often HTML."""
    return " ".join(html.unescape(_TAG.sub(" ", markup)).split())


def read_url_list(path: str | Path) -> tuple[tuple[FeedEntry, ...], tuple[tuple[int, str], ...]]:
    """The article URLs of a file, one a line (blank lines and ``#`` comments skipped), and the
    lines that are no http(s) URL, by line number."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ArticleError(str(path), f"URL list cannot be read ({exc})") from None
    entries: list[FeedEntry] = []
    bad: list[tuple[int, str]] = []
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            entries.append(FeedEntry(canonical_url(line), "", None, "", str(path)))
        except FetchError as exc:
            bad.append((number, str(exc)))
    return tuple(entries), tuple(bad)
