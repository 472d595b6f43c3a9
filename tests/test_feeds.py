"""Feeds and URL lists against a news site on 127.0.0.1: what is fetched, how politely, and what is read.

The articles are written for these tests.
"""

from __future__ import annotations

import datetime as dt
import itertools
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from geomap.addresses import AddressPolicy
from geomap.errors import ConfigurationError, FetchRejected, FetchUnavailable
from geomap.feeds.entries import canonical_url, read_feed
from geomap.feeds.fetch import Fetcher, FetchPolicy, user_agent
from geomap.feeds.gather import FeedSource, Gathered, Sources, gather
from geomap.model import DateSource, Validators
from geomap.network import RetryPolicy
from geomap.settings import Settings

from .conftest import payload_of
from .news_site import NewsSite, atom, json_feed, page, rss

SHIP = (
    "Freighter reaches Lagos",
    "The freighter Morning Star sailed from Rotterdam to Lagos with a cargo of grain.\n\n"
    "Port officials in Lagos said the ship docked on Tuesday.",
)
VISIT = (
    "Minister visits Nairobi",
    "The foreign minister of Ghana flew from Accra to Nairobi for two days of talks.\n\n"
    "She met officials in Nairobi on Wednesday.",
)
FAST = FetchPolicy(
    min_delay=0.0,
    max_bytes=200_000,
    connect_timeout=2.0,
    read_timeout=2.0,
    deadline=5.0,
    retry=RetryPolicy(max_retries=2, backoff=0.05, max_retry_after=5.0),
)


@pytest.fixture
def fetcher(tmp_path: Path, site: NewsSite) -> Iterator[Fetcher]:
    """A fetcher of a run whose user named the news site (its origin is theirs to fetch)."""
    made = Fetcher(
        tmp_path / "data", contact="mailto:desk@example.org", policy=FAST, addresses=AddressPolicy.trusting([site.base])
    )
    yield made
    made.close()


def publish(site: NewsSite, path: str, story: tuple[str, str], **headers: str) -> str:
    site.put(path, page(*story), **headers)
    return site.url(path)


def collect(site: NewsSite, fetcher: Fetcher, *feeds: str, known: dict[str, Validators] | None = None) -> Gathered:
    return gather(
        Sources(tuple(FeedSource(site.url(f)) for f in feeds)), Settings(), (known or {}).get, fetcher=fetcher
    )


# --- feed formats ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "make", "content_type", "date"),
    [
        ("rss", rss, "application/rss+xml", "Tue, 07 May 2024 08:00:00 GMT"),
        ("atom", atom, "application/atom+xml", "2024-05-07T08:00:00Z"),
        ("json", json_feed, "application/feed+json", "2024-05-07T08:00:00Z"),
    ],
)
def test_each_feed_format_gives_its_articles_with_the_feeds_date(
    site: NewsSite, fetcher: Fetcher, kind: str, make: object, content_type: str, date: str
) -> None:
    ship = publish(site, "/world/ship.html", SHIP)
    visit = publish(site, "/world/visit.html", VISIT)
    assert callable(make)
    site.put(
        "/feed",
        make([(ship, SHIP[0], date, "A grain ship."), (visit, VISIT[0], date, "A visit.")]),
        content_type,
    )
    got = collect(site, fetcher, "/feed")
    assert got.failures == ()
    assert [a.path for a in got.articles] == [ship, visit]
    first = got.articles[0]
    assert first.title == SHIP[0]
    assert "sailed from Rotterdam to Lagos" in first.text
    assert "Copyright The Test Gazette" not in first.text  # the page's article, not its furniture
    assert (first.published, first.date_source) == (dt.date(2024, 5, 7), DateSource.FEED)


def test_a_page_without_a_feed_date_takes_the_pages_own(site: NewsSite, fetcher: Fetcher) -> None:
    site.put("/dated.html", page(*SHIP, published="2024-03-02T10:00:00Z"))
    site.put("/feed.xml", rss([(site.url("/dated.html"), SHIP[0], "", "")]), "application/rss+xml")
    [article] = collect(site, fetcher, "/feed.xml").articles
    assert (article.published, article.date_source) == (dt.date(2024, 3, 2), DateSource.METADATA)


def test_a_document_that_is_no_feed_is_a_failure_of_its_own(site: NewsSite, fetcher: Fetcher) -> None:
    ship = publish(site, "/ship.html", SHIP)
    site.put("/good.xml", rss([(ship, SHIP[0], "", "")]), "application/rss+xml")
    site.put("/broken.xml", "<rss><channel><item><title>cut off", "application/rss+xml")
    site.put("/page.xml", "just some words, no feed at all", "text/plain")
    got = collect(site, fetcher, "/broken.xml", "/page.xml", "/good.xml")
    assert [a.path for a in got.articles] == [ship]
    assert [f.path for f in got.failures] == [site.url("/broken.xml"), site.url("/page.xml")]
    assert all(f.reason.startswith("not a feed (") and "\n" not in f.reason for f in got.failures)


def test_json_that_is_no_json_feed_is_said_so() -> None:
    with pytest.raises(Exception, match="without a JSON Feed version"):
        read_feed(b'{"items": []}', feed_url="http://127.0.0.1/x.json", content_type="application/json")


# --- the same article once -------------------------------------------------------


def test_the_same_story_in_two_feeds_is_one_article(site: NewsSite, fetcher: Fetcher) -> None:
    ship = publish(site, "/ship.html", SHIP)
    site.put("/a.xml", rss([(ship, SHIP[0], "", "")]), "application/rss+xml")
    site.put("/b.xml", rss([(ship + "?utm_source=b&utm_medium=rss", SHIP[0], "", "")]), "application/rss+xml")
    got = collect(site, fetcher, "/a.xml", "/b.xml")
    assert [a.path for a in got.articles] == [ship]
    assert len(site.requests("/ship.html")) == 1


def test_canonical_urls_drop_what_does_not_name_the_page() -> None:
    assert canonical_url("HTTPS://News.Example.org:443/a/b?id=7&utm_campaign=x&fbclid=y#comments") == (
        "https://news.example.org/a/b?id=7"
    )
    assert canonical_url("http://example.org") == "http://example.org/"


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/feed", "javascript:alert(1)", "/relative"])
def test_only_http_and_https_are_fetched(fetcher: Fetcher, url: str) -> None:
    with pytest.raises(FetchRejected, match=r"only http and https|no host"):
        fetcher.fetch(url)


# --- polite fetching -------------------------------------------------------------


def test_an_unchanged_feed_is_asked_with_its_validators_and_answers_304(site: NewsSite, fetcher: Fetcher) -> None:
    ship = publish(site, "/ship.html", SHIP)
    site.put("/feed.xml", rss([(ship, SHIP[0], "", "")]), "application/rss+xml")
    first = collect(site, fetcher, "/feed.xml")
    known = {r.url: r.validators for r in first.remember}
    assert known[site.url("/feed.xml")].etag and known[site.url("/feed.xml")].last_modified
    again = collect(site, fetcher, "/feed.xml", known=known)
    assert again.articles == () and again.unchanged == (site.url("/feed.xml"),)
    last = site.requests("/feed.xml")[-1]["headers"]
    assert last["If-None-Match"] == known[site.url("/feed.xml")].etag
    assert last["If-Modified-Since"] == known[site.url("/feed.xml")].last_modified
    assert len(site.requests("/ship.html")) == 1  # the page is not asked for again


def test_a_changed_feed_gives_its_new_entry_and_an_unchanged_page_is_not_read_again(
    site: NewsSite, fetcher: Fetcher
) -> None:
    ship = publish(site, "/ship.html", SHIP)
    site.put("/feed.xml", rss([(ship, SHIP[0], "", "")]), "application/rss+xml")
    known = {r.url: r.validators for r in collect(site, fetcher, "/feed.xml").remember}
    visit = publish(site, "/visit.html", VISIT)
    site.put("/feed.xml", rss([(visit, VISIT[0], "", ""), (ship, SHIP[0], "", "")]), "application/rss+xml")
    got = collect(site, fetcher, "/feed.xml", known=known)
    assert [a.path for a in got.articles] == [visit]
    assert got.unchanged == (ship,)  # asked conditionally: 304


def test_the_user_agent_names_the_tool_and_a_contact(site: NewsSite, fetcher: Fetcher) -> None:
    publish(site, "/ship.html", SHIP)
    fetcher.fetch(site.url("/ship.html"))
    agent = site.requests("/ship.html")[0]["headers"]["User-Agent"]
    assert agent.startswith("geomap/") and "mailto:desk@example.org" in agent
    assert "geomap/" in user_agent(None) and "+http" in user_agent(None)


@pytest.mark.slow
def test_429_with_retry_after_is_waited_for_and_then_fetched(site: NewsSite, fetcher: Fetcher) -> None:
    ship = publish(site, "/ship.html", SHIP)
    site.fail("/ship.html", 429, retry_after="1")
    got = fetcher.fetch(ship)
    tries = site.requests("/ship.html")
    assert got.status == 200 and len(tries) == 2
    assert tries[1]["time"] - tries[0]["time"] >= 0.9


def test_a_500_is_retried_and_one_that_lasts_falls_back_to_the_summary(site: NewsSite, fetcher: Fetcher) -> None:
    ship, visit = publish(site, "/ship.html", SHIP), publish(site, "/visit.html", VISIT)
    site.fail("/ship.html", 500)  # once: the retry gets the page
    site.fail("/visit.html", 503, count=10)
    site.put(
        "/feed.xml",
        rss([(ship, SHIP[0], "", "A grain ship."), (visit, VISIT[0], "", "Ghana's minister flew to Nairobi.")]),
        "application/rss+xml",
    )
    got = collect(site, fetcher, "/feed.xml")
    by_url = {a.path: a for a in got.articles}
    assert "sailed from Rotterdam" in by_url[ship].text and by_url[ship].notes == ()
    assert len(site.requests("/visit.html")) == 3  # the first try and two retries
    assert by_url[visit].text.endswith("Ghana's minister flew to Nairobi.")
    assert by_url[visit].notes == (
        "the page could not be fetched (HTTP 503 after 3 tries); mapped the feed's summary instead",
    )
    assert [r.url for r in got.remember if r.url == visit] == []  # a summary is no page to ask for again


@pytest.mark.parametrize(
    ("setup", "why"),
    [
        pytest.param(
            lambda s: s.drip("/story.html", delay=0.2),
            "the page could not be fetched (gave up after 1 try within its 5 s deadline: timed out)",
            marks=pytest.mark.slow,
        ),
        (
            lambda s: s.put("/story.html", "x" * 300_000),
            "the page could not be fetched (300 kB, over the 200 kB limit)",
        ),
        (lambda s: (s.redirect("/story.html", "/b"), s.redirect("/b", "/story.html")), "a redirect loop"),
        (
            lambda s: s.put("/story.html", b"%PDF-1.4 ...", "application/pdf"),
            "the page is not a web page (application/pdf)",
        ),
        (
            lambda s: s.put("/robots.txt", "User-agent: *\nDisallow: /story", "text/plain"),
            "robots.txt of http://127.0.0.1",
        ),
    ],
    ids=["slow", "huge", "redirect-loop", "not-html", "robots"],
)
def test_a_page_that_cannot_be_read_falls_back_to_the_feeds_summary(
    site: NewsSite, fetcher: Fetcher, setup: object, why: str
) -> None:
    site.put("/story.html", page(*SHIP))
    assert callable(setup)
    setup(site)
    story = site.url("/story.html")
    site.put(
        "/feed.xml", rss([(story, SHIP[0], "", "The freighter sailed from Rotterdam to Lagos.")]), "application/rss+xml"
    )
    started = time.monotonic()
    [article] = collect(site, fetcher, "/feed.xml").articles
    assert time.monotonic() - started < 30  # a dripping page is cut off, not waited out
    assert article.text == f"{SHIP[0]}\n\nThe freighter sailed from Rotterdam to Lagos."
    [note] = article.notes
    assert why in note and note.endswith("; mapped the feed's summary instead")


def test_a_feed_that_drips_fails_at_its_deadline_after_one_request(site: NewsSite, fetcher: Fetcher) -> None:
    """Each read of a dripping answer comes within the read timeout; the deadline of the URL cuts
    it, and is the deadline of all its tries: none is made after it."""
    site.put("/feed.xml", rss([(site.url("/a.html"), "A", "", "A summary.")]), "application/rss+xml")
    site.drip("/feed.xml", delay=0.2)
    fetcher.policy = replace(FAST, deadline=2.0)
    with pytest.raises(FetchUnavailable) as failed:
        fetcher.fetch(site.url("/feed.xml"))
    assert str(failed.value) == f"{site.url('/feed.xml')}: gave up after 1 try within its 2 s deadline: timed out"
    assert len(site.requests("/feed.xml")) == 1


def test_no_retry_waits_past_the_deadline_of_its_url(site: NewsSite, fetcher: Fetcher) -> None:
    # tries at 0 s and about 2 s; the third would come after a 4 s wait, past the 5 s deadline
    site.fail("/feed.xml", 503, count=10)
    fetcher.policy = replace(FAST, deadline=5.0, retry=RetryPolicy(max_retries=10, backoff=2.0))
    with pytest.raises(FetchUnavailable) as failed:
        fetcher.fetch(site.url("/feed.xml"))
    assert str(failed.value) == f"{site.url('/feed.xml')}: gave up after 2 tries within its 5 s deadline: HTTP 503"
    assert len(site.requests("/feed.xml")) == 2


@pytest.mark.parametrize("variable", ["GEOMAP_FETCH_DEADLINE", "GEOMAP_LOOKUP_DEADLINE"])
def test_the_deadlines_are_settings_that_travel_whole(variable: str) -> None:
    settings = Settings.from_env({"GEOMAP_FETCH_DEADLINE": "7.5", "GEOMAP_LOOKUP_DEADLINE": "4"})
    assert (settings.fetch_deadline, settings.lookup_deadline) == (7.5, 4.0)
    assert Settings.from_env(settings.to_environ()) == settings  # as geomap serve hands them to a run
    for value in ["0", "soon", "-1"]:
        with pytest.raises(ConfigurationError, match=f"{variable}='{value}' must be a number of seconds > 0"):
            Settings.from_env({variable: value})


def test_robots_txt_is_honoured_before_the_page_is_asked_for(site: NewsSite, fetcher: Fetcher) -> None:
    site.put("/robots.txt", "User-agent: geomap\nDisallow: /private/\n", "text/plain")
    site.put("/private/a.html", page(*SHIP))
    with pytest.raises(FetchRejected, match=r"robots\.txt"):
        fetcher.fetch(site.url("/private/a.html"))
    assert site.requests("/private/a.html") == []
    assert len(site.requests("/robots.txt")) == 1
    publish(site, "/public.html", VISIT)
    assert fetcher.fetch(site.url("/public.html")).status == 200
    assert len(site.requests("/robots.txt")) == 1  # read once per site


def test_a_robots_txt_that_fails_with_a_server_error_forbids_the_site(site: NewsSite, fetcher: Fetcher) -> None:
    """RFC 9309: an unreachable robots.txt means complete disallow; a missing one allows all."""
    site.fail("/robots.txt", 500, count=10)
    publish(site, "/a.html", SHIP)
    with pytest.raises(FetchRejected, match=r"robots\.txt"):
        fetcher.fetch(site.url("/a.html"))
    assert site.requests("/a.html") == []


@pytest.mark.slow
def test_requests_to_one_site_keep_the_delay_across_fetchers(site: NewsSite, tmp_path: Path) -> None:
    """Two fetchers on one data dir (two processes, or two threads) share the site's limit."""
    for name in ("a", "b", "c", "d"):
        publish(site, f"/{name}.html", SHIP)
    policy = replace(FAST, min_delay=0.3)
    trusted = AddressPolicy.trusting([site.base])
    fetchers = [Fetcher(tmp_path / "data", policy=policy, addresses=trusted) for _ in range(2)]
    threads = [
        threading.Thread(target=lambda f=f, n=n: [f.fetch(site.url(f"/{x}.html")) for x in n])
        for f, n in zip(fetchers, ("ab", "cd"), strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    times = sorted(r["time"] for r in site.requests() if r["path"] != "/robots.txt")
    assert len(times) == 4
    assert all(b - a >= 0.25 for a, b in itertools.pairwise(times))
    for f in fetchers:
        f.close()


def test_a_url_list_reads_one_url_a_line_and_names_the_lines_it_cannot(
    site: NewsSite, fetcher: Fetcher, tmp_path: Path
) -> None:
    ship = publish(site, "/ship.html", SHIP)
    listing = tmp_path / "urls.txt"
    listing.write_text(f"# today's stories\n{ship}\n\nnot a url\nfile:///etc/passwd\n", encoding="utf-8")
    got = gather(Sources(url_lists=(str(listing),)), Settings(), {}.get, fetcher=fetcher)
    assert [a.path for a in got.articles] == [ship]
    assert [f.path for f in got.failures] == [f"{listing}:4", f"{listing}:5"]


# --- runs over feeds -----------------------------------------------------------------


def feed_settings(settings: Settings, tmp_path: Path) -> Settings:
    return replace(settings, out_dir=tmp_path / "maps", fetch_delay=0.0, offline_maps=True)


@pytest.mark.slow
def test_a_feed_run_maps_each_entry_once_and_a_rerun_asks_only_for_what_changed(
    site: NewsSite, settings: Settings, tmp_path: Path
) -> None:
    from geomap.pipeline import run
    from geomap.store import ResultStore

    config = feed_settings(settings, tmp_path)
    sources = Sources((FeedSource(site.url("/feed.xml")),))
    ship = publish(site, "/ship.html", SHIP)
    site.put("/feed.xml", rss([(ship, SHIP[0], "Tue, 07 May 2024 08:00:00 GMT", "")]), "application/rss+xml")

    first = run([], config, sources=sources)
    assert [r.article.path for r in first.results] == [ship]
    [movement] = [e for e in first.results[0].events if e.is_movement]
    assert {p.name for p in first.results[0].places} >= {"Rotterdam", "Lagos"}
    assert (config.out_dir / f"{first.results[0].article.id}.html").is_file()

    again = run([], config, sources=sources)
    assert again.results == () and again.skipped == (site.url("/feed.xml"),)
    assert len(site.requests("/ship.html")) == 1

    visit = publish(site, "/visit.html", VISIT)
    edited = (SHIP[0], SHIP[1].replace("on Tuesday", "on Wednesday after a storm"))
    site.put("/ship.html", page(*edited))
    site.put(
        "/feed.xml",
        rss(
            [
                (visit, VISIT[0], "Wed, 08 May 2024 08:00:00 GMT", ""),
                (ship, SHIP[0], "Tue, 07 May 2024 08:00:00 GMT", ""),
            ]
        ),
        "application/rss+xml",
    )
    third = run([], config, sources=sources)
    assert sorted(r.article.path for r in third.results) == sorted([visit, ship])
    with ResultStore(config.store_location) as store:
        assert store.paths() == sorted([ship, visit])  # the edited story replaced, not added
        texts = {r.article.path: r.article.text for r in store.results()}
    assert "after a storm" in texts[ship]
    assert movement.id  # the first run's movement was a real one


@pytest.mark.slow
def test_a_story_republished_under_a_new_url_is_one_article_found_at_both(
    site: NewsSite, settings: Settings, tmp_path: Path
) -> None:
    from geomap.pipeline import run
    from geomap.store import ResultStore

    config = feed_settings(settings, tmp_path)
    ship = publish(site, "/2024/ship.html", SHIP)
    site.put("/a.xml", rss([(ship, SHIP[0], "Tue, 07 May 2024 08:00:00 GMT", "")]), "application/rss+xml")
    run([], config, sources=Sources((FeedSource(site.url("/a.xml")),)))
    moved = publish(site, "/archive/ship.html", SHIP)
    site.put("/b.xml", rss([(moved, SHIP[0], "Tue, 07 May 2024 08:00:00 GMT", "")]), "application/rss+xml")
    second = run([], config, sources=Sources((FeedSource(site.url("/b.xml")),)))
    assert second.results == () and moved in second.skipped
    with ResultStore(config.store_location) as store:
        assert store.paths() == [ship]
        [stored] = store.results()
        assert store.other_paths(stored.article.content_hash) == [moved]
        assert store.holds(moved)
    [listed] = payload_of((config.out_dir / "index.html").read_text(encoding="utf-8"))["articles"]
    assert listed["web"] == [ship, moved]  # the index lists both addresses of the story


@pytest.mark.slow
def test_a_broken_feed_is_a_one_line_failure_and_the_others_are_mapped(
    site: NewsSite, settings: Settings, tmp_path: Path
) -> None:
    from geomap.pipeline import run

    config = feed_settings(settings, tmp_path)
    ship = publish(site, "/ship.html", SHIP)
    site.put("/good.xml", rss([(ship, SHIP[0], "", "")]), "application/rss+xml")
    site.fail("/gone.xml", 410)
    summary = run([], config, sources=Sources((FeedSource(site.url("/gone.xml")), FeedSource(site.url("/good.xml")))))
    assert [r.article.path for r in summary.results] == [ship]
    assert [str(f) for f in summary.failures] == [f"{site.url('/gone.xml')}: HTTP 410, not retried"]
    index = (config.out_dir / "index.html").read_text(encoding="utf-8")
    assert "HTTP 410, not retried" in index


# --- sources.toml and the command line -------------------------------------------------


def test_a_sources_file_names_feeds_with_labels_intervals_and_keywords(tmp_path: Path) -> None:
    from geomap.feeds.sources_file import read_sources_file

    (tmp_path / "sources.toml").write_text(
        'interval = "2h"\nurls = ["today.txt"]\n\n'
        '[[feed]]\nurl = "https://News.Example.org/world.xml?utm_source=x"\nlabel = "World"\ninterval = "15m"\n'
        'include = ["ship"]\nexclude = ["football"]\n\n'
        '[[feed]]\nurl = "https://example.org/feed.json"\n',
        encoding="utf-8",
    )
    listed = read_sources_file(tmp_path / "sources.toml")
    assert listed.sources.feeds == (
        FeedSource("https://news.example.org/world.xml", "World", ("ship",), ("football",)),
        FeedSource("https://example.org/feed.json"),
    )
    assert listed.intervals == (900.0, 7200.0)
    assert listed.sources.url_lists == (str(tmp_path / "today.txt"),)
    ship = FeedSource("x", include=("ship",), exclude=("football",))
    from geomap.feeds.entries import FeedEntry

    assert ship.wants(FeedEntry("u", "Ship docks in Lagos", None, "", "f"))
    assert not ship.wants(FeedEntry("u", "Ship docks", None, "after the football final", "f"))
    assert not ship.wants(FeedEntry("u", "Minister visits Accra", None, "", "f"))


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ('[[feed]]\nlabel = "no url"\n', "feed 1: has no url"),
        ('[[feed]]\nurl = "ftp://example.org/x"\n', "only http and https"),
        ('[[feed]]\nurl = "https://e.org/x"\ninterval = "soon"\n', "is not a duration"),
        ('[[feed]]\nurl = "https://e.org/x"\nschedule = 5\n', "unknown key(s) schedule"),
        ("feed = [", "not a TOML file"),
    ],
)
def test_a_broken_sources_file_is_a_clear_error(tmp_path: Path, text: str, error: str) -> None:
    from geomap.errors import ConfigurationError
    from geomap.feeds.sources_file import read_sources_file

    (tmp_path / "s.toml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigurationError) as raised:
        read_sources_file(tmp_path / "s.toml")
    assert error in str(raised.value) and str(tmp_path / "s.toml") in str(raised.value)


@pytest.mark.process
def test_run_refuses_a_feed_it_would_not_fetch_before_starting(tmp_path: Path) -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "geomap.cli", "run", "--feed", "file:///etc/passwd", "--out", str(tmp_path / "m")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.strip() == "geomap: error: --feed 'file:///etc/passwd': only http and https URLs are fetched"
