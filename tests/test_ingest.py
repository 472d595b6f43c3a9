"""From decoded files to articles: titles, datelines, dates, HTML and Markdown."""

from __future__ import annotations

import datetime as dt

import pytest

from geomap.ingest import find_dateline, normalize_text, parse_article
from geomap.model import DateSource, Source

MTIME = dt.datetime(2026, 11, 27, tzinfo=dt.UTC)


def source(text: str, *, path: str = "seeds/story.txt", fmt: str = "txt") -> Source:
    return Source(path=path, text=text, format=fmt, encoding="utf-8", modified=MTIME)


@pytest.mark.parametrize(
    ("text", "place", "date"),
    [
        pytest.param("SEOUL, Oct 19 (Reuters) – Lavrov arrived.", "SEOUL", "2022-10-19", id="reuters-last-year"),
        pytest.param("WASHINGTON (AP) — The president said.", "WASHINGTON", None, id="ap-no-date"),
        pytest.param("KYIV, Ukraine, March 3, 2024 — Drones hit.", "KYIV", "2024-03-03", id="with-year"),
        pytest.param("NEW YORK, Dec. 31 (Reuters) - Stocks fell.", "NEW YORK", "2022-12-31", id="year-before-base"),
        pytest.param("MOSCOW, Jan 2 (Reuters) - Snow.", "MOSCOW", "2023-01-02", id="january"),
    ],
)
def test_finds_datelines(text: str, place: str, date: str | None) -> None:
    dateline = find_dateline(text, base=dt.date(2023, 1, 5))
    assert dateline is not None
    assert dateline.place == place
    assert text[dateline.start : dateline.end] == place
    assert (dateline.date.isoformat() if dateline.date else None) == date


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Local man wins the lottery - again.", id="sentence"),
        pytest.param("BREAKING NEWS: markets fall", id="headline"),
        pytest.param("The U.S. and the U.K. agreed.", id="abbreviations"),
    ],
)
def test_no_dateline_in_ordinary_text(text: str) -> None:
    assert find_dateline(text) is None


def test_year_comes_from_the_reference_date_first() -> None:
    article = parse_article(
        source("Title\n\nSEOUL, Oct 19 (Reuters) - Text.", path="x-2021-01-01.txt"),
        reference_date=dt.date(2023, 10, 20),
    )
    assert article.published == dt.date(2023, 10, 19)
    assert article.date_source is DateSource.REFERENCE


def test_year_comes_from_front_matter_before_file_name() -> None:
    text = "---\ntitle: Talks in Seoul\ndate: 2022-10-25\n---\nSEOUL, Oct 19 (Reuters) - Text."
    article = parse_article(source(text, path="story-2021-01-01.md", fmt="md"))
    assert article.title == "Talks in Seoul"
    assert article.published == dt.date(2022, 10, 19)
    assert article.date_source is DateSource.METADATA
    assert "date:" not in article.text


def test_year_comes_from_the_file_name_before_mtime() -> None:
    article = parse_article(source("Title\n\nSEOUL, Oct 19 (Reuters) - Text.", path="x-2023-10-19.txt"))
    assert article.published == dt.date(2023, 10, 19)
    assert article.date_source is DateSource.FILENAME


def test_year_comes_from_mtime_last() -> None:
    article = parse_article(source("Title\n\nSEOUL, Oct 19 (Reuters) - Text.", path="story.txt"))
    assert article.published == dt.date(2026, 10, 19)
    assert article.date_source is DateSource.MTIME


def test_no_date_at_all() -> None:
    article = parse_article(Source(path="a.txt", text="A story with no date.", format="txt", encoding="utf-8"))
    assert article.published is None
    assert article.date_source is DateSource.NONE


def test_html_article_text_without_scripts_and_navigation() -> None:
    html = """<!DOCTYPE html><html><head><title>Ships leave Odesa</title>
    <meta property="article:published_time" content="2023-08-16T10:00:00Z">
    <script>var tracking = "Moscow";</script></head>
    <body><nav><a href="/">Home</a> <a href="/world">World news from Paris</a></nav>
    <article><h1>Ships leave Odesa</h1>
    <p>ODESA, Aug 16 (Reuters) - The first cargo ship left Odesa on Wednesday bound for Istanbul,
    Ukraine's navy said, testing a new corridor through the Black Sea.</p>
    <p>The Hong Kong-flagged vessel had been stuck in the port since February 2022.</p></article>
    <footer>Copyright Example News, London</footer><script>alert("x")</script></body></html>"""
    article = parse_article(source(html, path="odesa.html", fmt="html"))
    assert article.title == "Ships leave Odesa"
    assert "bound for Istanbul" in article.text
    assert "tracking" not in article.text and "alert" not in article.text
    assert "Home" not in article.text
    assert article.published == dt.date(2023, 8, 16)
    assert article.dateline is not None and article.dateline.place == "ODESA"


def test_markdown_markup_is_removed() -> None:
    text = "# Grain deal\n\n**Turkey** said [ships](http://x.example) will sail from *Odesa*."
    article = parse_article(source(text, path="deal.md", fmt="md"))
    assert article.title == "Grain deal"
    assert "Turkey said ships will sail from Odesa." in article.text


def test_pdf_style_text_is_rejoined() -> None:
    text = (
        "The first ships sailed from the Ukrainian port of Odesa to Is-\ntanbul on\ntuesday, and a "
        "second convoy of grain carriers left the port for\nTurkey.\fNext page."
    )
    assert normalize_text(text) == (
        "The first ships sailed from the Ukrainian port of Odesa to Istanbul on tuesday, and a second convoy of "
        "grain carriers left the port for Turkey.\n\nNext page."
    )


def test_short_title_line_stays_apart() -> None:
    assert normalize_text("Ships leave Odesa\nThe first ship left on Tuesday.") == (
        "Ships leave Odesa\nThe first ship left on Tuesday."
    )


def test_same_text_same_hash_whatever_the_name() -> None:
    a = parse_article(source("Same story.", path="a.txt"))
    b = parse_article(source("Same story.", path="b.txt"))
    assert a.content_hash == b.content_hash
    assert a.id == "a" and b.id == "b"
