"""Relative date expressions, resolved against Thursday 2023-10-19."""

from __future__ import annotations

import datetime as dt

import pytest

from geomap.dates import open_range, resolve_date, shift
from geomap.model import Precision

ANCHOR = dt.date(2023, 10, 19)


@pytest.mark.parametrize(
    ("text", "iso", "precision"),
    [
        pytest.param("Wednesday", "2023-10-18", Precision.DAY, id="weekday-past"),
        pytest.param("on Wednesday", "2023-10-18", Precision.DAY, id="on-weekday"),
        pytest.param("Thursday", "2023-10-19", Precision.DAY, id="weekday-today"),
        pytest.param("last Thursday", "2023-10-12", Precision.DAY, id="last-weekday"),
        pytest.param("last week", "2023-10-09/2023-10-15", Precision.WEEK, id="last-week"),
        pytest.param("this week", "2023-10-16/2023-10-22", Precision.WEEK, id="this-week"),
        pytest.param("late August", "2023-08-21/2023-08-31", Precision.WEEK, id="late-month"),
        pytest.param("early September", "2023-09-01/2023-09-10", Precision.WEEK, id="early-month"),
        pytest.param("mid-September", "2023-09-11/2023-09-20", Precision.WEEK, id="mid-month"),
        pytest.param("this month", "2023-10", Precision.MONTH, id="this-month"),
        pytest.param("last month", "2023-09", Precision.MONTH, id="last-month"),
        pytest.param("next month", "2023-11", Precision.MONTH, id="next-month"),
        pytest.param("June 20, 2017", "2017-06-20", Precision.DAY, id="full-date"),
        pytest.param("20 June 2017", "2017-06-20", Precision.DAY, id="day-month-year"),
        pytest.param("Oct 19", "2023-10-19", Precision.DAY, id="month-day"),
        pytest.param("Sept. 12", "2023-09-12", Precision.DAY, id="abbreviated-month"),
        pytest.param("December 25", "2022-12-25", Precision.DAY, id="month-day-last-year"),
        pytest.param("March", "2023-03", Precision.MONTH, id="month"),
        pytest.param("in May", "2023-05", Precision.MONTH, id="in-may"),
        pytest.param("May 2020", "2020-05", Precision.MONTH, id="month-year"),
        pytest.param("2019", "2019", Precision.YEAR, id="year"),
        pytest.param("last year", "2022", Precision.YEAR, id="last-year"),
        pytest.param("the 1990s", "1990-01-01/1999-12-31", Precision.YEAR, id="decade"),
        pytest.param("yesterday", "2023-10-18", Precision.DAY, id="yesterday"),
        pytest.param("two days ago", "2023-10-17", Precision.DAY, id="days-ago"),
        pytest.param("three weeks ago", "2023-09-25/2023-10-01", Precision.WEEK, id="weeks-ago"),
        pytest.param("the past two weeks", "2023-10-05/2023-10-19", Precision.WEEK, id="past-weeks"),
        pytest.param("earlier this month", "2023-10-01/2023-10-19", Precision.MONTH, id="earlier-this-month"),
        pytest.param("2023-10-01", "2023-10-01", Precision.DAY, id="iso"),
        pytest.param("10/1/2023", "2023-10-01", Precision.DAY, id="us-numeric"),
    ],
)
def test_past_expressions(text: str, iso: str, precision: Precision) -> None:
    span = resolve_date(text, ANCHOR)
    assert span is not None
    assert span.iso == iso
    assert span.precision is precision


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        pytest.param("Friday", "2023-10-20", id="weekday-ahead"),
        pytest.param("next Thursday", "2023-10-26", id="next-weekday"),
        pytest.param("next week", "2023-10-23/2023-10-29", id="next-week"),
        pytest.param("March", "2024-03", id="month-ahead"),
        pytest.param("tomorrow", "2023-10-20", id="tomorrow"),
        pytest.param("early next year", "2024-01-01/2024-05-01", id="early-next-year"),
    ],
)
def test_future_expressions(text: str, iso: str) -> None:
    span = resolve_date(text, ANCHOR, future=True)
    assert span is not None and span.iso == iso


@pytest.mark.parametrize("text", ["may", "soon", "the stage", "", "a two-hour meeting"])
def test_not_dates(text: str) -> None:
    assert resolve_date(text, ANCHOR) is None


def test_since_opens_a_range_to_the_article_date() -> None:
    span = resolve_date("late August", ANCHOR)
    assert span is not None
    widened = open_range(span, "since", ANCHOR)
    assert widened.iso == "2023-08-21/2023-10-19"


def test_a_month_before() -> None:
    assert shift(dt.date(2023, 10, 18), -1, "month") == dt.date(2023, 9, 18)
    assert shift(dt.date(2023, 3, 31), -1, "month") == dt.date(2023, 2, 28)
