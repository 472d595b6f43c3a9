"""Resolving date expressions of news text against the article date.

News gives dates relative to the day it was written: "on Wednesday", "last
week", "late August", "this month", "two days ago". :func:`resolve_date`
turns such an expression into a :class:`~geomap.model.TimeSpan`. Weekdays and
month names without a year point back in time for past events and forward for
planned ones, which is why the tense of the clause is an argument.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from functools import lru_cache

from .model import Precision, TimeSpan
from .number_words import CARDINALS

# Month names and their abbreviations, lower case, as news writes them.
MONTHS = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
WEEKDAYS = {
    "monday": 0,
    "mon": 0,
    "tuesday": 1,
    "tue": 1,
    "tues": 1,
    "wednesday": 2,
    "wed": 2,
    "thursday": 3,
    "thu": 3,
    "thurs": 3,
    "friday": 4,
    "fri": 4,
    "saturday": 5,
    "sat": 5,
    "sunday": 6,
    "sun": 6,
}
NUMBERS = {
    **CARDINALS,
    "several": 3,
    "a few": 3,
    "few": 3,
    "couple": 2,
    "a couple of": 2,
}
UNITS = {
    "day": "day",
    "days": "day",
    "week": "week",
    "weeks": "week",
    "month": "month",
    "months": "month",
    "year": "year",
    "years": "year",
}

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?P<weekday>" + "|".join(sorted(WEEKDAYS, key=len, reverse=True)) + r")\.?"
_PART = r"(?P<part>early|earlier|beginning of|start of|mid|middle of|late|later|end of)[\s-]*"
_NUMBER = r"(?P<number>\d+|" + "|".join(sorted(NUMBERS, key=len, reverse=True)) + r")"
_UNIT = r"(?P<unit>days?|weeks?|months?|years?)"


def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(r"^(?:on |in |at |during |by |from |since |until |of )?(?:the )?" + pattern + r"$", re.IGNORECASE)


_ISO = _compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})")
_NUMERIC = _compile(r"(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{2,4})")
_MONTH_DAY_YEAR = _compile(_MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(?P<year>\d{4}))?")
_DAY_MONTH_YEAR = _compile(r"(?P<day>\d{1,2})(?:st|nd|rd|th)?(?:\s+of)?\s+" + _MONTH + r"(?:,?\s+(?P<year>\d{4}))?")
_WEEKDAY_DATE = _compile(
    _WEEKDAY
    + r",?\s+(?:(?:"
    + _MONTH
    + r"\s+(?P<day>\d{1,2}))|(?P<day2>\d{1,2})\s+(?P<month2>[a-z]+))(?:,?\s+(?P<year>\d{4}))?"
)
_PART_MONTH = _compile(_PART + _MONTH + r"(?:,?\s+(?P<year>\d{4}))?")
_MONTH_YEAR = _compile(_MONTH + r"(?:,?\s+(?:of\s+)?(?P<year>\d{4}))?")
_PART_YEAR = _compile(_PART + r"(?P<year>\d{4})")
_YEAR = _compile(r"(?P<year>(?:19|20)\d\d)")
_WEEKDAY_ONLY = _compile(
    r"(?P<which>last |this |next |this past |this coming |past |coming )?"
    + _WEEKDAY
    + r"(?P<tod> morning| afternoon| evening| night)?"
)
_RELATIVE_UNIT = _compile(
    r"(?P<which>last|this|next|past|previous|coming|current|following)\s+(?P<unit>week|month|year|weekend)"
)
_PART_RELATIVE = _compile(_PART + r"(?P<which>last|this|next)\s+(?P<unit>week|month|year)")
_EARLIER_THIS = _compile(r"(?P<part>earlier|later) (?P<which>this|last|next) (?P<unit>week|month|year)")
_AGO = _compile(r"(?:about |some |nearly |almost |more than |over |just )?" + _NUMBER + r"\s+" + _UNIT + r"\s+ago")
_IN_UNITS = _compile(r"(?:within |in )?(?:the )?(?:next|coming)\s+(?:" + _NUMBER + r"\s+)?" + _UNIT)
_PAST_UNITS = _compile(r"(?:the )?(?:past|last|previous)\s+(?:" + _NUMBER + r"\s+)?" + _UNIT)
_SIMPLE = _compile(
    r"(?P<word>today|yesterday|tomorrow|tonight|this morning|this afternoon|this evening|last night"
    r"|the day before yesterday|the day after tomorrow|recently|this weekend|the weekend|weekend)"
)
_DECADE = _compile(r"(?P<year>(?:19|20)\d0)s")


def resolve_date(text: str, anchor: dt.date, *, future: bool = False) -> TimeSpan | None:
    """Resolve one date expression against ``anchor``, the article date.

    ``future`` says the clause looks forward ("will visit on Friday"): bare
    weekdays and months then point to the next one, not the last one.
    Returns None for an expression it does not understand.
    """
    cleaned = re.sub(r"\s+", " ", text.strip().strip(".,;:()")).replace("’", "'")
    cleaned = re.sub(r"^(?:on|in|at|during|by|from|since|until|of|the)\s+(?:the\s+)?", "", cleaned, flags=re.IGNORECASE)
    if not cleaned:
        return None
    return _resolve(cleaned, anchor, future)


@lru_cache(maxsize=4096)
def _resolve(text: str, anchor: dt.date, future: bool) -> TimeSpan | None:
    for resolver in _RESOLVERS:
        span = resolver(text, anchor, future)
        if span is not None:
            return span
    return None


def _span(start: dt.date, end: dt.date, precision: Precision, text: str) -> TimeSpan:
    return TimeSpan(start=start, end=end, precision=precision, text=text)


def _day(day: dt.date, text: str) -> TimeSpan:
    return _span(day, day, Precision.DAY, text)


def month_span(year: int, month: int, text: str) -> TimeSpan:
    last = calendar.monthrange(year, month)[1]
    return _span(dt.date(year, month, 1), dt.date(year, month, last), Precision.MONTH, text)


def _week_span(day: dt.date, text: str) -> TimeSpan:
    monday = day - dt.timedelta(days=day.weekday())
    return _span(monday, monday + dt.timedelta(days=6), Precision.WEEK, text)


def _year_span(year: int, text: str) -> TimeSpan:
    return _span(dt.date(year, 1, 1), dt.date(year, 12, 31), Precision.YEAR, text)


def safe_date(year: int, month: int, day: int) -> dt.date | None:
    """The date, or None for a day the calendar does not have (30 February)."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def nearest_year(month: int, day: int, anchor: dt.date, future: bool | None = None) -> int:
    """The year of a month and day written without one, read against the anchor date.

    ``future`` says which side of the anchor the day is on: after it for a
    planned event, before it for a past one, either with a week's slack. A
    dateline has no tense (``None``): it takes whichever of last year, this year
    and next year puts the day closest to the anchor, the earlier on a tie, so
    "Dec 31" read on 2 January is last year's; a day none of the three years
    has (29 February) gets the anchor's year.
    """
    if future is None:
        options = [d for d in (safe_date(anchor.year + delta, month, day) for delta in (-1, 0, 1)) if d is not None]
        return min(options, key=lambda d: abs((d - anchor).days)).year if options else anchor.year
    candidate = safe_date(anchor.year, month, day) or dt.date(anchor.year, month, 28)
    if future and candidate < anchor - dt.timedelta(days=7):
        return anchor.year + 1
    if not future and candidate > anchor + dt.timedelta(days=7):
        return anchor.year - 1
    return anchor.year


def _resolve_iso(text: str, anchor: dt.date, future: bool) -> TimeSpan | None:
    m = _ISO.match(text) or _NUMERIC.match(text)
    if not m:
        return None
    year = int(m["y"])
    if year < 100:
        year += 2000 if year < 70 else 1900
    day = safe_date(year, int(m["m"]), int(m["d"]))
    return _day(day, text) if day else None


def _resolve_month_day(text: str, anchor: dt.date, future: bool) -> TimeSpan | None:
    m = _MONTH_DAY_YEAR.match(text) or _DAY_MONTH_YEAR.match(text)
    if not m:
        w = _WEEKDAY_DATE.match(text)
        if not w:
            return None
        month_name = w["month"] or w["month2"]
        day_text = w["day"] or w["day2"]
        if not month_name or month_name.lower().rstrip(".") not in MONTHS:
            return None
        month, day_number, year_text = MONTHS[month_name.lower().rstrip(".")], int(day_text), w["year"]
    else:
        month, day_number, year_text = MONTHS[m["month"].lower()], int(m["day"]), m["year"]
    year = int(year_text) if year_text else nearest_year(month, day_number, anchor, future)
    day = safe_date(year, month, day_number)
    return _day(day, text) if day else None


def _part_bounds(part: str, first: dt.date, last: dt.date) -> tuple[dt.date, dt.date]:
    """Early / mid / late thirds of a span."""
    length = (last - first).days + 1
    third = length // 3
    part = part.lower().strip()
    if part in {"early", "earlier", "beginning of", "start of"}:
        return first, first + dt.timedelta(days=third - 1)
    if part in {"mid", "middle of"}:
        return first + dt.timedelta(days=third), last - dt.timedelta(days=length - 2 * third)
    return last - dt.timedelta(days=length - 2 * third - 1), last


def _resolve_part_month(text: str, anchor: dt.date, future: bool) -> TimeSpan | None:
    m = _PART_MONTH.match(text)
    if not m:
        return None
    month = MONTHS[m["month"].lower()]
    year = int(m["year"]) if m["year"] else nearest_year(month, 15, anchor, future)
    whole = month_span(year, month, text)
    start, end = _part_bounds(m["part"], whole.start, whole.end)
    return _span(start, end, Precision.WEEK, text)


def _resolve_month(text: str, anchor: dt.date, future: bool) -> TimeSpan | None:
    m = _MONTH_YEAR.match(text)
    if not m:
        return None
    if m["month"] == "may" and not m["year"]:
        return None  # lower-case "may" is the verb
    month = MONTHS[m["month"].lower()]
    if m["year"]:
        year = int(m["year"])
    elif month == anchor.month:
        year = anchor.year
    else:
        year = nearest_year(month, 15, anchor, future)
    return month_span(year, month, text)


def _resolve_year(text: str, anchor: dt.date, future: bool) -> TimeSpan | None:
    m = _PART_YEAR.match(text)
    if m:
        year = int(m["year"])
        start, end = _part_bounds(m["part"], dt.date(year, 1, 1), dt.date(year, 12, 31))
        return _span(start, end, Precision.MONTH, text)
    m = _YEAR.match(text)
    if m:
        return _year_span(int(m["year"]), text)
    m = _DECADE.match(text)
    if m:
        year = int(m["year"])
        return _span(dt.date(year, 1, 1), dt.date(year + 9, 12, 31), Precision.YEAR, text)
    return None


def _resolve_weekday(text: str, anchor: dt.date, future: bool) -> TimeSpan | None:
    m = _WEEKDAY_ONLY.match(text)
    if not m:
        return None
    weekday = WEEKDAYS[m["weekday"].lower()]
    which = (m["which"] or "").strip().lower()
    if which in {"next", "this coming", "coming"} or (future and which not in {"last", "this past", "past"}):
        delta = (weekday - anchor.weekday()) % 7
        if which == "next" and delta == 0:
            delta = 7
        return _day(anchor + dt.timedelta(days=delta), text)
    delta = (anchor.weekday() - weekday) % 7
    if which == "last" and delta == 0:
        delta = 7
    return _day(anchor - dt.timedelta(days=delta), text)


def _resolve_relative_unit(text: str, anchor: dt.date, future: bool) -> TimeSpan | None:
    m = _RELATIVE_UNIT.match(text) or _PART_RELATIVE.match(text) or _EARLIER_THIS.match(text)
    if not m:
        return None
    which, unit = m["which"].lower(), m["unit"].lower()
    step = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1, "following": 1}.get(which, 0)
    part = m.groupdict().get("part")
    if unit in {"week", "weekend"}:
        span = _week_span(anchor + dt.timedelta(weeks=step), text)
        if unit == "weekend":
            saturday = span.start + dt.timedelta(days=5)
            return _span(saturday, saturday + dt.timedelta(days=1), Precision.DAY, text)
    elif unit == "month":
        year, month = _add_months(anchor.year, anchor.month, step)
        span = month_span(year, month, text)
    else:
        span = _year_span(anchor.year + step, text)
    if part:
        if part.lower() == "earlier" and step == 0:
            return _span(span.start, anchor, span.precision, text)
        if part.lower() == "later" and step == 0:
            return _span(anchor, span.end, span.precision, text)
        start, end = _part_bounds(part, span.start, span.end)
        finer = {Precision.YEAR: Precision.MONTH, Precision.MONTH: Precision.WEEK}.get(span.precision, Precision.DAY)
        return _span(start, end, finer, text)
    return span


def _number(value: str | None) -> int:
    if not value:
        return 1
    return int(value) if value.isdigit() else NUMBERS.get(value.lower(), 1)


def _add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def shift(day: dt.date, amount: int, unit: str) -> dt.date:
    """``day`` moved by ``amount`` days, weeks, months or years."""
    unit = UNITS.get(unit, unit)
    if unit == "day":
        return day + dt.timedelta(days=amount)
    if unit == "week":
        return day + dt.timedelta(weeks=amount)
    months = amount * (12 if unit == "year" else 1)
    year, month = _add_months(day.year, day.month, months)
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def span_for_unit(day: dt.date, unit: str, text: str) -> TimeSpan:
    """The span of the given unit's precision around ``day``."""
    unit = UNITS.get(unit, unit)
    if unit == "year":
        return _year_span(day.year, text)
    if unit == "month":
        return month_span(day.year, day.month, text)
    if unit == "week":
        return _week_span(day, text)
    return _day(day, text)


def _resolve_ago(text: str, anchor: dt.date, future: bool) -> TimeSpan | None:
    m = _AGO.match(text)
    if not m:
        return None
    unit = UNITS[m["unit"].lower()]
    return span_for_unit(shift(anchor, -_number(m["number"]), unit), unit, text)


def _resolve_window(text: str, anchor: dt.date, future: bool) -> TimeSpan | None:
    m = _IN_UNITS.match(text)
    if m:
        unit = UNITS[m["unit"].lower()]
        end = shift(anchor, _number(m["number"]), unit)
        return _span(anchor, end, Precision.DAY if unit == "day" else Precision.WEEK, text)
    m = _PAST_UNITS.match(text)
    if m:
        unit = UNITS[m["unit"].lower()]
        start = shift(anchor, -_number(m["number"]), unit)
        return _span(start, anchor, Precision.DAY if unit == "day" else Precision.WEEK, text)
    return None


def _resolve_simple(text: str, anchor: dt.date, future: bool) -> TimeSpan | None:
    m = _SIMPLE.match(text)
    if not m:
        return None
    word = m["word"].lower()
    if word in {"today", "tonight", "this morning", "this afternoon", "this evening"}:
        return _day(anchor, text)
    if word in {"yesterday", "last night"}:
        return _day(anchor - dt.timedelta(days=1), text)
    if word == "the day before yesterday":
        return _day(anchor - dt.timedelta(days=2), text)
    if word == "tomorrow":
        return _day(anchor + dt.timedelta(days=1), text)
    if word == "the day after tomorrow":
        return _day(anchor + dt.timedelta(days=2), text)
    if word == "recently":
        return _span(anchor - dt.timedelta(days=30), anchor, Precision.MONTH, text)
    saturday = anchor + dt.timedelta(days=(5 - anchor.weekday()) % 7)
    if not future and saturday > anchor:
        saturday -= dt.timedelta(days=7)
    return _span(saturday, saturday + dt.timedelta(days=1), Precision.DAY, text)


_RESOLVERS = (
    _resolve_iso,
    _resolve_month_day,
    _resolve_part_month,
    _resolve_month,
    _resolve_year,
    _resolve_weekday,
    _resolve_relative_unit,
    _resolve_ago,
    _resolve_window,
    _resolve_simple,
)


_SINCE_UNTIL = re.compile(r"\b(?P<word>since|until|till|through|from|between|by)\s*$", re.IGNORECASE)


def open_range(span: TimeSpan, word: str, anchor: dt.date) -> TimeSpan:
    """Widen a span for "since X" (X to the anchor) and "until X" (anchor to X)."""
    word = word.lower()
    if word == "since" and span.start <= anchor:
        return TimeSpan(span.start, anchor, span.precision, f"since {span.text}")
    if word in {"until", "till", "through"} and span.end >= anchor:
        return TimeSpan(anchor, span.end, span.precision, f"{word} {span.text}")
    return span
