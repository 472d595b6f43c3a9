"""``sources.toml``: the feeds and URL lists a newsroom follows, each with a label and an interval.

::

    interval = "30m"              # the default for every feed (seconds, or "90s", "15m", "2h")
    urls = ["lists/today.txt"]    # files of article URLs, one a line

    [[feed]]
    url = "https://www.example.org/world/rss.xml"
    label = "Example world news"
    interval = "15m"
    include = ["port", "ship", "troops"]   # an entry must mention one of these (title or summary)
    exclude = ["football"]                 # and none of these

Relative URL-list paths are read from the file's folder.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ConfigurationError, FetchError
from .entries import canonical_url
from .gather import FeedSource, Sources

# What a run on a schedule waits between two fetches of a feed, when neither the file nor the
# command line says: half an hour, as feed readers commonly poll.
DEFAULT_INTERVAL_S = 1800.0
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|m|h|d)?\s*$")
_UNIT = {"s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0, None: 1.0}
_FEED_KEYS = {"url", "label", "interval", "include", "exclude"}


@dataclass(frozen=True, slots=True)
class SourcesFile:
    """What a sources file says: its feeds (each with its interval) and URL lists."""

    sources: Sources
    intervals: tuple[float, ...]  # one per feed, in the order of ``sources.feeds``
    interval: float  # the default, and the URL lists'


def parse_interval(value: object, where: str) -> float:
    """Seconds from a number or a duration such as "90s", "15m", "2h"; ConfigurationError otherwise."""
    if isinstance(value, bool):
        raise ConfigurationError(f"{where}: interval {value!r} is not a duration")
    if isinstance(value, int | float):
        seconds = float(value)
    else:
        match = _DURATION.match(str(value))
        if match is None:
            raise ConfigurationError(f"{where}: interval {value!r} is not a duration such as 900, '15m' or '2h'")
        seconds = float(match[1]) * _UNIT[match[2]]
    if seconds <= 0:
        raise ConfigurationError(f"{where}: interval must be more than 0 seconds")
    return seconds


def read_sources_file(path: str | Path) -> SourcesFile:
    """The feeds and URL lists of a sources file; ConfigurationError naming what is wrong."""
    path = Path(path)
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigurationError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigurationError(f"{path}: not a TOML file ({exc})") from None
    unknown = set(document) - {"interval", "urls", "feed"}
    if unknown:
        raise ConfigurationError(f"{path}: unknown key(s) {', '.join(sorted(unknown))} (use interval, urls, [[feed]])")
    default = parse_interval(document.get("interval", DEFAULT_INTERVAL_S), str(path))
    lists = document.get("urls", [])
    if not isinstance(lists, list) or not all(isinstance(item, str) for item in lists):
        raise ConfigurationError(f"{path}: urls must be a list of file names")
    feeds: list[FeedSource] = []
    intervals: list[float] = []
    raw_feeds = document.get("feed", [])
    if not isinstance(raw_feeds, list):
        raise ConfigurationError(f"{path}: write each feed as a [[feed]] table")
    for number, raw in enumerate(raw_feeds, 1):
        where = f"{path}: feed {number}"
        feed, interval = _feed(raw, where, default)
        feeds.append(feed)
        intervals.append(interval)
    url_lists = tuple(str((path.parent / item) if not Path(item).is_absolute() else Path(item)) for item in lists)
    return SourcesFile(Sources(tuple(feeds), url_lists), tuple(intervals), default)


def _feed(raw: Any, where: str, default: float) -> tuple[FeedSource, float]:
    if not isinstance(raw, dict):
        raise ConfigurationError(f"{where}: not a table")
    unknown = set(raw) - _FEED_KEYS
    if unknown:
        raise ConfigurationError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    if not isinstance(raw.get("url"), str):
        raise ConfigurationError(f"{where}: has no url")
    try:
        url = canonical_url(raw["url"])
    except FetchError as exc:
        raise ConfigurationError(f"{where}: {exc}") from None
    words: dict[str, tuple[str, ...]] = {}
    for key in ("include", "exclude"):
        value = raw.get(key, [])
        if not isinstance(value, list) or not all(isinstance(word, str) and word.strip() for word in value):
            raise ConfigurationError(f"{where}: {key} must be a list of keywords")
        words[key] = tuple(word.strip() for word in value)
    label = str(raw.get("label", "")).strip()
    interval = parse_interval(raw["interval"], where) if "interval" in raw else default
    return FeedSource(url, label, words["include"], words["exclude"]), interval
