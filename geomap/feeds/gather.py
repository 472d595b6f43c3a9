"""From feeds and URL lists to articles: fetch each feed, then each entry's page, and read it.

A page's text, title and date come from trafilatura (through
:func:`geomap.ingest.parse_article`); the feed's own date is preferred to the
page's. An entry whose page cannot be fetched, is not a web page, or holds no
article text is read from the feed's title and summary instead, and its
article says so in a note. Nothing here writes: what the servers said to send
back next time (their validators) is returned, to be stored only once the
articles are saved (:meth:`geomap.store.ResultStore.remember_fetch`), so that
a run killed half-way fetches the same entries again.

The fetcher connects only where the fetch policy allows
(:mod:`geomap.addresses`): public addresses, the exact origins of the feeds
and listed URLs the user gave, and the addresses the settings allow. An entry
the policy refuses, or whose link is no web page, is not read from its
summary either: it is a :class:`~geomap.model.SkippedItem`, with its reason.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from ..addresses import AddressPolicy
from ..errors import AddressRefused, ArticleError, ConfigurationError, FetchError
from ..ingest import parse_article
from ..io import decode_bytes
from ..model import Article, Failure, SkippedItem, Source, Validators
from ..settings import Settings
from .entries import FeedEntry, canonical_url, read_feed, read_url_list
from .fetch import Fetcher, FetchPolicy

# What a page may be served as to be read as an article (others fall back to the feed's summary).
PAGE_TYPES = {"text/html": "html", "application/xhtml+xml": "html", "text/plain": "txt", "": "html"}
FEED_ACCEPT = "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, */*;q=0.5"
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"


@dataclass(frozen=True, slots=True)
class FeedSource:
    """A feed to follow: its URL, a label for people, and keywords an entry must (not) contain."""

    url: str
    label: str = ""
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()

    def wants(self, entry: FeedEntry) -> bool:
        """Whether the entry's title or summary has an include keyword (if any) and no exclude one."""
        words = f"{entry.title} {entry.summary}".lower()
        if self.include and not any(k.lower() in words for k in self.include):
            return False
        return not any(k.lower() in words for k in self.exclude)


def feed_source(url: str) -> FeedSource:
    """A feed named on the command line; ConfigurationError for a URL geomap does not fetch."""
    try:
        return FeedSource(canonical_url(url))
    except FetchError as exc:
        raise ConfigurationError(f"--feed {exc}") from None


@dataclass(frozen=True, slots=True)
class Sources:
    """The web sources of a run: feeds to follow and files that list article URLs."""

    feeds: tuple[FeedSource, ...] = ()
    url_lists: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.feeds or self.url_lists)


@dataclass(frozen=True, slots=True)
class Remember:
    """Validators to store for ``url`` once every article in ``articles`` is saved."""

    url: str
    validators: Validators
    articles: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Gathered:
    """What fetching found: articles to plan, failures, what had not changed, validators, and
    the items that were not fetched."""

    articles: tuple[Article, ...] = ()
    failures: tuple[Failure, ...] = ()
    unchanged: tuple[str, ...] = ()
    remember: tuple[Remember, ...] = ()
    skipped_items: tuple[SkippedItem, ...] = ()


NO_SOURCES = Sources()
NOTHING_FETCHED = Gathered()


def gather(
    sources: Sources,
    settings: Settings,
    validators: Callable[[str], Validators | None],
    *,
    fetcher: Fetcher | None = None,
) -> Gathered:
    """The articles of the feeds and URL files of ``sources``; ``validators`` gives what was
    stored for a URL. One broken feed or page is a failure of its own; the others go on.
    Without a ``fetcher``, one is made with the policy of :func:`address_policy`."""
    list_failures: list[Failure] = []
    from_lists: list[FeedEntry] = []
    for path in sources.url_lists:  # read first: the URLs they list are the user's own
        try:
            entries_of_list, bad = read_url_list(path)
        except ArticleError as exc:
            list_failures.append(Failure(exc.path, exc.reason))
            continue
        list_failures.extend(Failure(f"{path}:{number}", reason) for number, reason in bad)
        from_lists.extend(entries_of_list)
    own = fetcher is None
    fetcher = fetcher or Fetcher(
        settings.data_dir,
        contact=settings.user_agent,
        policy=FetchPolicy(min_delay=settings.fetch_delay, deadline=settings.fetch_deadline),
        addresses=address_policy(sources, from_lists, settings),
    )
    articles: dict[str, Article] = {}
    failures: list[Failure] = []
    unchanged: list[str] = []
    remember: list[Remember] = []
    skipped: list[SkippedItem] = []
    refused: set[str] = set()
    try:
        listed: list[FeedEntry] = []
        for feed in sources.feeds:
            try:
                fetched = fetcher.fetch(feed.url, validators(feed.url), accept=FEED_ACCEPT)
                if fetched.not_modified:
                    unchanged.append(feed.url)
                    continue
                items = read_feed(fetched.body, feed_url=feed.url, content_type=fetched.content_type)
            except FetchError as exc:
                failures.append(Failure(feed.url, _reason(exc, feed.url)))
                continue
            wanted = [e for e in items.entries if feed.wants(e)]
            listed.extend(wanted)
            skipped.extend(items.skipped)
            remember.append(Remember(feed.url, fetched.validators, tuple(e.url for e in wanted)))
        failures.extend(list_failures)
        listed.extend(from_lists)
        for entry in listed:
            if entry.url in articles or entry.url in unchanged or entry.url in refused:
                continue  # the same story in two feeds: one article (or one refusal)
            outcome = _read_entry(entry, fetcher, validators(entry.url), settings)
            if isinstance(outcome, Failure):
                failures.append(outcome)
            elif isinstance(outcome, SkippedItem):
                skipped.append(outcome)
                refused.add(entry.url)
            elif isinstance(outcome, str):
                unchanged.append(outcome)
            else:
                article, page_validators = outcome
                articles[entry.url] = article
                if page_validators is not None:
                    remember.append(Remember(entry.url, page_validators, (entry.url,)))
    finally:
        if own:
            fetcher.close()
    return Gathered(tuple(articles.values()), tuple(failures), tuple(unchanged), tuple(remember), tuple(skipped))


def address_policy(sources: Sources, listed: Iterable[FeedEntry], settings: Settings) -> AddressPolicy:
    """Where a run may connect: public addresses, the exact origins of its feeds and of the URLs
    its lists name (the user gave them), and the addresses the settings allow."""
    return AddressPolicy.trusting([*(f.url for f in sources.feeds), *(e.url for e in listed)], settings.allow_addresses)


def _read_entry(
    entry: FeedEntry, fetcher: Fetcher, known: Validators | None, settings: Settings
) -> tuple[Article, Validators | None] | str | Failure | SkippedItem:
    """The entry's article and its page's validators; its URL when the page has not changed; a
    skipped item when the fetch policy refuses its address (no summary stands in for it)."""
    why: str
    try:
        page = fetcher.fetch(entry.url, known, accept=PAGE_ACCEPT)
    except AddressRefused as exc:
        return SkippedItem(entry.url, _reason(exc, entry.url), entry.source)
    except FetchError as exc:
        why = f"the page could not be fetched ({_reason(exc, entry.url)})"
    else:
        if page.not_modified:
            return entry.url
        kind = PAGE_TYPES.get(page.content_type)
        if kind is None:
            why = f"the page is not a web page ({page.content_type})"
        else:
            try:
                article = _page_article(entry, page.body, page.charset, kind, settings)
                return article, page.validators
            except ArticleError as exc:
                why = f"the page {exc.reason}"
    summary = "\n\n".join(part for part in (entry.title, entry.summary) if part)
    if not summary.strip():
        return Failure(entry.url, f"{why}, and the feed gives no summary")
    source = Source(entry.url, summary, "txt", "utf-8", published=entry.published)
    article = parse_article(source, reference_date=settings.reference_date)
    return replace(article, notes=(*article.notes, f"{why}; mapped the feed's summary instead")), None


def _page_article(entry: FeedEntry, body: bytes, charset: str | None, kind: str, settings: Settings) -> Article:
    if len(body) > settings.max_bytes:
        raise ArticleError(entry.url, f"is over the {settings.max_bytes / 1e6:.0f} MB limit")
    text: str | None = None
    encoding = charset or ""
    if charset:
        try:
            text = body.decode(charset)
        except (LookupError, UnicodeDecodeError):
            text = None
    if text is None:
        text, encoding = decode_bytes(body, entry.url)
    source = Source(entry.url, text, kind, encoding, published=entry.published)
    return parse_article(source, reference_date=settings.reference_date)


def _reason(exc: Exception, url: str) -> str:
    """The error's message without the URL it starts with (the failure names it already)."""
    return str(exc).removeprefix(f"{url}: ")
