"""Turn a decoded source file into an :class:`~geomap.model.Article`.

This stage finds the article text (HTML goes through trafilatura), the title,
the dateline ("SEOUL, Oct 19 (Reuters) -") and the article date. A dateline
seldom gives the year, so the year comes from, in this order: the
``reference_date`` the user gave, the date of the feed entry that listed the
page, a date in front matter or HTML metadata (trafilatura's, which falls back
to htmldate), a date in the file name, or the file's modification time. The source used is
recorded in :attr:`Article.date_source`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import re
from dataclasses import dataclass
from pathlib import PurePath

from .dates import MONTHS, nearest_year, safe_date
from .errors import ArticleError
from .io import OUTPUT_NAMES, slugify
from .model import Article, Dateline, DateSource, Source

_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))

# "SEOUL, Oct 19 (Reuters) -", "WASHINGTON (AP) —", "KYIV, Ukraine, March 3, 2024 —",
# "MOSCOW, March 3 -". The place is in capitals; a country or state may follow it.
_DATELINE = re.compile(
    r"""^(?P<place>[A-Z][A-Z.'’\- ]{1,40}?[A-Z.])
        (?:,\s*(?P<region>[A-Z][A-Za-z.'’\- ]{1,30}?))?
        (?:,?\s+(?P<month>(?i:"""
    + _MONTH_RE
    + r"""))\.?\s+(?P<day>\d{1,2})(?:,\s*(?P<year>\d{4}))?)?
        \s*(?:\((?P<agency>[A-Za-z][A-Za-z .&/-]{0,30})\))?
        \s*[-–—]{1,2}\s""",
    re.VERBOSE,
)
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<body>.*?)\n---[ \t]*\n", re.DOTALL)
_FILENAME_DATE = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)[-_.]?(?P<m>[01]\d)[-_.]?(?P<d>[0-3]\d)(?!\d)")
_ISO_DATE = re.compile(r"(?P<y>(?:19|20)\d\d)-(?P<m>\d\d)-(?P<d>\d\d)")


@dataclass(frozen=True, slots=True)
class _Body:
    text: str
    title: str | None
    metadata_date: dt.date | None
    # A date the metadata gives that could not be used, as written ("2024-13-45").
    unusable_date: str | None = None


def parse_article(
    source: Source,
    *,
    reference_date: dt.date | None = None,
    article_id: str | None = None,
) -> Article:
    """Build an :class:`Article` from a decoded source.

    Raises :class:`ArticleError` when the file holds no article text.
    """
    if source.format == "html":
        body = _html_body(source)
    elif source.format == "md":
        body = _markdown_body(source.text)
    else:
        body = _text_body(source.text)
    text = normalize_text(body.text)
    if not text.strip():
        raise ArticleError(source.path, "holds no article text")
    title = body.title or _first_line(text)
    metadata_date, notes = _checked_date(body)
    base, date_source = _base_date(source, reference_date, metadata_date)
    if notes and base is not None:
        notes = tuple(f"{note}; used {base.isoformat()} ({_DATE_SOURCE_WORDS[date_source]})" for note in notes)
    dateline = find_dateline(text, base=base)
    published = dateline.date if dateline is not None and dateline.date is not None else base

    # The hash is the article's identity in the store: it covers what the metadata says as well as
    # the body, so that editing only a front-matter title or date is a new version.
    identity = text
    if body.title:
        identity += f"\x00title:{body.title}"
    if body.metadata_date:
        identity += f"\x00date:{body.metadata_date.isoformat()}"
    digest = hashlib.sha256(identity.encode("utf-8")).hexdigest()
    return Article(
        id=article_id or article_slug(source.path),
        path=source.path,
        title=title,
        text=text,
        published=published,
        date_source=date_source if published is not None else DateSource.NONE,
        content_hash=digest,
        dateline=dateline,
        source_format=source.format,
        notes=notes,
    )


_INLINE_LINK = re.compile(r"</a\s*>|<a\s[^<>]{0,500}>|<a>", re.IGNORECASE)


def article_slug(path: str) -> str:
    """The article's id from its file name; never one of geomap's own output names ("index")."""
    slug = slugify(PurePath(path).stem)
    return f"{slug}-article" if slug in OUTPUT_NAMES else slug


def normalize_text(text: str) -> str:
    """Unify line ends, drop control characters and re-join words broken by PDF hyphenation."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n")
    text = text.replace("\u00ad", "").replace("\u200b", "").replace("\ufeff", "")
    text = re.sub(r"[\x00-\x08\x0b\x0e-\x1f\x7f]", " ", text)
    # Links copied with a page's text keep their words, not their markup:
    # '<a href="...">UN</a> flights' is 'UN flights'.
    text = _INLINE_LINK.sub("", text)
    text = re.sub(r"(?<=[a-z])-\n(?=[a-z])", "", text)
    # Hard-wrapped lines (text from PDFs, e-mail) become one paragraph: a line
    # that does not end a sentence and is followed by a lower-case line, or a
    # long line (as wrapped text has) that ends inside a sentence.
    text = re.sub(r"(?<=[a-z,;])[ \t]*\n(?=[ \t]*[a-z])", " ", text)
    text = re.sub(r"(?m)^([^\n]{60,}[a-z,;])[ \t]*\n(?=[ \t]*[A-Za-z0-9\"“])", r"\1 ", text)
    text = re.sub(r"[ \t]+\n", "\n", text)
    return text.strip("\n ")


def find_dateline(text: str, *, base: dt.date | None = None) -> Dateline | None:
    """The dateline at the start of one of the first paragraphs, if any.

    A dateline without a year takes the year that puts its month and day
    closest to ``base``.
    """
    offset = 0
    for index, paragraph in enumerate(text.split("\n")):
        if index > 8 or offset > 2000:
            break
        stripped = paragraph.lstrip()
        match = _DATELINE.match(stripped)
        if match and _plausible_place(match.group("place")):
            place = match.group("place").strip()
            start = offset + len(paragraph) - len(stripped) + match.start("place")
            return Dateline(place=place, start=start, end=start + len(place), date=_dateline_date(match, base))
        offset += len(paragraph) + 1
    return None


def _dateline_date(match: re.Match[str], base: dt.date | None) -> dt.date | None:
    if not match.group("month"):
        return None
    month, day = MONTHS[match.group("month").lower()], int(match.group("day"))
    if match.group("year"):
        return safe_date(int(match.group("year")), month, day)
    return safe_date(nearest_year(month, day, base), month, day) if base is not None else None


def _plausible_place(place: str) -> bool:
    words = place.replace(".", " ").split()
    return 1 <= len(words) <= 4 and any(len(w) > 2 for w in words) and place.upper() == place


# A metadata date this far past today is a typo, not a publication date (two days cover time zones
# and an article dated for the next morning's paper).
FUTURE_SLACK = dt.timedelta(days=2)

_DATE_SOURCE_WORDS = {
    DateSource.REFERENCE: "the reference date",
    DateSource.FEED: "the date the feed gives",
    DateSource.METADATA: "the metadata date",
    DateSource.FILENAME: "the date in the file name",
    DateSource.MTIME: "the file's modification date",
    DateSource.NONE: "none",
}


def _checked_date(body: _Body) -> tuple[dt.date | None, tuple[str, ...]]:
    """The metadata date if it can be used, and what to tell the user when it cannot."""
    if body.unusable_date is not None:
        return None, (f"the date {body.unusable_date!r} in the metadata is not a date",)
    date = body.metadata_date
    if date is not None and date > dt.date.today() + FUTURE_SLACK:
        return None, (f"the date {date.isoformat()} in the metadata is in the future",)
    return date, ()


def _base_date(
    source: Source, reference: dt.date | None, metadata: dt.date | None
) -> tuple[dt.date | None, DateSource]:
    if reference is not None:
        return reference, DateSource.REFERENCE
    if source.published is not None:
        return source.published, DateSource.FEED
    if metadata is not None:
        return metadata, DateSource.METADATA
    from_name = _filename_date(source.path)
    if from_name is not None:
        return from_name, DateSource.FILENAME
    if source.modified is not None:
        return source.modified.date(), DateSource.MTIME
    return None, DateSource.NONE


def _filename_date(path: str) -> dt.date | None:
    matches = list(_FILENAME_DATE.finditer(PurePath(path).name))
    if not matches:
        return None
    match = matches[-1]
    return safe_date(int(match["y"]), int(match["m"]), int(match["d"]))


def parse_date_value(value: str) -> dt.date | None:
    """A date from metadata: ISO 8601 (with or without a time), or "Oct 19, 2023"."""
    value = value.strip().strip("'\"")
    match = _ISO_DATE.search(value)
    if match:
        return safe_date(int(match["y"]), int(match["m"]), int(match["d"]))
    words = re.match(r"(?P<month>[A-Za-z]+)\.?\s+(?P<day>\d{1,2}),?\s+(?P<year>\d{4})", value)
    if words and words["month"].lower() in MONTHS:
        return safe_date(int(words["year"]), MONTHS[words["month"].lower()], int(words["day"]))
    return None


def _split_front_matter(text: str) -> tuple[dict[str, str], str]:
    match = _FRONT_MATTER.match(text.lstrip("\ufeff"))
    if not match:
        return {}, text
    fields: dict[str, str] = {}
    for line in match.group("body").splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip() and not key.startswith((" ", "\t")):
            fields[key.strip().lower()] = value.strip().strip("'\"")
    return fields, text.lstrip("\ufeff")[match.end() :]


_DATE_KEYS = ("date", "published", "pubdate", "publication_date", "datepublished")


def _front_matter_date(fields: dict[str, str]) -> dt.date | None:
    for key in _DATE_KEYS:
        if key in fields:
            parsed = parse_date_value(fields[key])
            if parsed:
                return parsed
    return None


def _front_matter_body(text: str, fields: dict[str, str]) -> _Body:
    date = _front_matter_date(fields)
    written = next((fields[key] for key in _DATE_KEYS if fields.get(key)), None)
    return _Body(text, fields.get("title") or None, date, written if date is None else None)


def _text_body(text: str) -> _Body:
    fields, rest = _split_front_matter(text)
    return _front_matter_body(rest, fields)


def _markdown_body(text: str) -> _Body:
    fields, rest = _split_front_matter(text)
    rest = re.sub(r"```.*?```", "", rest, flags=re.DOTALL)
    rest = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", rest)
    rest = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", rest)
    rest = re.sub(r"^\s{0,3}#{1,6}\s*", "", rest, flags=re.MULTILINE)
    rest = re.sub(r"^\s{0,3}>\s?", "", rest, flags=re.MULTILINE)
    rest = re.sub(r"^\s*[-*+]\s+", "", rest, flags=re.MULTILINE)
    rest = re.sub(r"(\*\*|__)(.+?)\1", r"\2", rest)
    rest = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?!\w)", r"\1", rest)
    rest = re.sub(r"<[^>\n]+>", "", rest)
    return _front_matter_body(html.unescape(rest), fields)


def _html_body(source: Source) -> _Body:
    import trafilatura  # imported here: it is only needed for HTML inputs

    try:
        metadata = trafilatura.extract_metadata(source.text)
        text = trafilatura.extract(
            source.text,
            output_format="txt",
            include_comments=False,
            include_tables=False,
            include_images=False,
            favor_precision=False,
            deduplicate=False,
        )
    except Exception as exc:  # noqa: BLE001 - trafilatura raises many types on broken markup
        raise ArticleError(source.path, f"HTML could not be parsed ({type(exc).__name__})") from None
    title = metadata.title if metadata is not None else None
    date = parse_date_value(metadata.date) if metadata is not None and metadata.date else None
    if not text or not text.strip():
        text = _visible_text(source.text)
    if title and not text.lstrip().startswith(title):
        text = f"{title}\n\n{text}"
    return _Body(text or "", title, date)


def _visible_text(markup: str) -> str:
    """All visible text of a page, for pages trafilatura finds no article in."""
    from lxml import html as lxml_html

    try:
        tree = lxml_html.fromstring(markup)
    except Exception:  # noqa: BLE001 - lxml raises many types on broken markup
        return ""
    for element in tree.xpath("//script|//style|//noscript|//nav|//header|//footer|//template"):
        element.drop_tree()
    blocks = [" ".join(t.split()) for t in tree.xpath("//body//text()")]
    return "\n".join(b for b in blocks if b)


def _first_line(text: str) -> str:
    for line in text.splitlines():
        line = line.strip()
        if line:
            return line[:200]
    return ""
