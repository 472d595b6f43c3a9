"""Everything that touches the file system: reading articles, writing outputs.

The stages themselves never read files; they get :class:`~geomap.model.Source`
values from here and hand their results back here to be written.
"""

from __future__ import annotations

import codecs
import contextlib
import datetime as dt
import fcntl
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import ArticleError, NoArticlesFound, OutputBusy, OutputError
from .model import Source

# What a run writes into its output folder besides the store: each article's map and GeoJSON
# (:func:`article_files`), the index and its GeoJSON, and the monthly archives (:func:`archive_files`).
INDEX_NAME = "index.html"
COMBINED_GEOJSON = "all.geojson"
ARCHIVE_DIR = "archive"
# An article's id is never the name of one of the files above (its page would overwrite it).
OUTPUT_NAMES = frozenset(Path(name).stem for name in (INDEX_NAME, COMBINED_GEOJSON))


def article_files(article_id: str, out_dir: Path) -> tuple[Path, Path]:
    """Where an article's map and GeoJSON go."""
    return out_dir / f"{article_id}.html", out_dir / f"{article_id}.geojson"


def index_files(out_dir: Path) -> tuple[Path, Path]:
    """Where the index and its GeoJSON go."""
    return out_dir / INDEX_NAME, out_dir / COMBINED_GEOJSON


def archive_files(month: str, out_dir: Path) -> tuple[Path, Path]:
    """Where a month's archive page and its GeoJSON go."""
    return out_dir / ARCHIVE_DIR / f"{month}.html", out_dir / ARCHIVE_DIR / f"{month}.geojson"


ARTICLE_SUFFIXES = {".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}

# The largest source file read (``Settings.max_bytes`` unless changed). A news
# article is rarely over a megabyte; anything far beyond this is more likely a
# mistake (a log, a dump) than an article, and is refused before it is read
# into memory.
DEFAULT_MAX_BYTES = 100 * 1024 * 1024

# Binary files are full of NUL bytes; a text copied through a broken tool may carry a few. Up to
# this many (or one per 1,000 bytes) are dropped, more make the file binary.
MAX_STRAY_NULS = 8

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_MAGIC = (
    (b"%PDF-", "a PDF file; convert it to text first (for example with pdftotext)"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document); extract the text first"),
    (b"\x89PNG", "a PNG image, not an article"),
    (b"\xff\xd8\xff", "a JPEG image, not an article"),
    (b"GIF8", "a GIF image, not an article"),
    (b"\x1f\x8b", "a gzip archive; decompress it first"),
    (b"\x7fELF", "an executable, not an article"),
)


def find_articles(
    paths: Iterable[str | os.PathLike[str]], *, follow_links: bool = False, skip: Iterable[Path] = ()
) -> tuple[list[Path], list[tuple[str, str]]]:
    """Expand files and folders into article files, sorted within each folder.

    Returns the files and, separately, ``(path, reason)`` for paths that do
    not exist or may not be read, so the caller can report them without
    stopping. A link inside a folder that leads out of it is refused unless
    ``follow_links``; a file named on the command line is read wherever it
    leads. Folders in ``skip`` (geomap's own output folder) are not read.
    Each file is named by its real path, so two spellings of one folder are
    one folder.
    """
    found: list[Path] = []
    missing: list[tuple[str, str]] = []
    skipped = [s.resolve() for s in skip]
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            root = path.resolve()
            for p in sorted(path.rglob("*")):
                if not p.is_file() or p.suffix.lower() not in ARTICLE_SUFFIXES or _hidden(p, path):
                    continue
                real = p.resolve()
                if any(real.is_relative_to(s) for s in skipped):
                    continue
                if not follow_links and not real.is_relative_to(root):
                    missing.append((str(p), f"a link to {real}, outside {path}; refused (--follow-links reads it)"))
                    continue
                found.append(real)
        elif path.is_file():
            found.append(path.resolve())
        else:
            missing.append((str(path), "no such file or folder"))
    unique: dict[Path, None] = {}
    for p in found:
        unique.setdefault(p, None)
    return list(unique), missing


def no_articles_found(paths: Iterable[str | os.PathLike[str]], out_dir: Path) -> NoArticlesFound:
    """The error for inputs that hold no article file; it names a path that is the output
    folder, where :func:`find_articles` never reads."""
    named = [Path(p) for p in paths]
    out = out_dir.resolve()
    own = [str(p) for p in named if p.is_dir() and p.resolve().is_relative_to(out)]
    said = f"no articles found in {', '.join(str(p) for p in named)}"
    if own:
        said += f" ({', '.join(own)}: the output folder, which geomap writes and never reads)"
    return NoArticlesFound(said)


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def read_source(path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> Source:
    """Read one article file and decode it.

    Raises :class:`ArticleError` naming the file for anything that is not a
    readable text article: a missing or empty file, a binary file, a file
    larger than ``max_bytes``.
    """
    p = Path(path)
    name = str(p)
    try:
        stat = p.stat()
        if stat.st_size > max_bytes:
            raise ArticleError(name, f"file is {stat.st_size / 1e6:.0f} MB, over the {max_bytes / 1e6:.0f} MB limit")
        data = p.read_bytes()
    except FileNotFoundError:
        raise ArticleError(name, "file disappeared before it could be read") from None
    except IsADirectoryError:
        raise ArticleError(name, "is a folder, not a file") from None
    except PermissionError:
        raise ArticleError(name, "permission denied") from None
    except OSError as exc:
        raise ArticleError(name, f"cannot be read ({exc.strerror or exc})") from None
    text, encoding = decode_bytes(data, name)
    fmt = ARTICLE_SUFFIXES.get(p.suffix.lower())
    if fmt is None:
        fmt = "html" if _looks_like_html(text) else "txt"
    modified = dt.datetime.fromtimestamp(stat.st_mtime, tz=dt.UTC)
    return Source(path=name, text=text, format=fmt, encoding=encoding, modified=modified)


def decode_bytes(data: bytes, name: str = "<bytes>") -> tuple[str, str]:
    """Decode article bytes: BOMs first, then UTF-8, then Windows-1252/Latin-1."""
    if not data.strip():
        raise ArticleError(name, "file is empty")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise ArticleError(
                    name, f"has a {encoding} byte-order mark but is not valid {encoding} ({exc.reason})"
                ) from None
            return _checked_text(text, name), encoding
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise ArticleError(name, f"is {what}")
    if b"\x00" in data[:65536]:
        utf16 = _sniff_utf16(data)
        if utf16 is not None:
            return _checked_text(data.decode(utf16), name), utf16
        if data[:65536].count(b"\x00") > max(MAX_STRAY_NULS, len(data[:65536]) // 1000):
            raise ArticleError(name, "is a binary file, not text")
        data = data.replace(b"\x00", b"")  # a stray NUL in a good text: dropped, not a reason to refuse it
    try:
        return _checked_text(data.decode("utf-8"), name), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
        encoding = "cp1252"
    except UnicodeDecodeError:
        text = data.decode("latin-1")
        encoding = "latin-1"
    return _checked_text(text, name), encoding


def _sniff_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: mostly-ASCII text has NULs in every other byte."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0) / max(1, len(sample[0::2]))
    odd = sample[1::2].count(0) / max(1, len(sample[1::2]))
    encoding = "utf-16-le" if odd > 0.6 and even < 0.1 else "utf-16-be" if even > 0.6 and odd < 0.1 else None
    if encoding is None:
        return None
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return None
    return encoding


def _checked_text(text: str, name: str) -> str:
    if not text.strip():
        raise ArticleError(name, "file is empty")
    sample = text[:20000]
    control = sum(1 for ch in sample if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f\v")
    if control > max(8, len(sample) // 50):
        raise ArticleError(name, "is a binary file, not text")
    return text.replace("\x00", "")


def _looks_like_html(text: str) -> bool:
    head = text[:2048].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or "<body" in head


_SLUG_STRIP = re.compile(r"[^a-z0-9]+")


def slugify(value: str, *, max_length: int = 80) -> str:
    """A file-name-safe slug: lowercase ASCII letters, digits and dashes."""
    ascii_value = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    slug = _SLUG_STRIP.sub("-", ascii_value.lower()).strip("-")
    slug = slug[:max_length].rstrip("-")
    return slug or "article"


def write_atomic(path: str | os.PathLike[str], data: str | bytes | Iterable[str]) -> Path:
    """Write a file so that readers see either the old or the new one, whole. ``data`` may come
    in pieces (an iterable of text), each written as it comes."""
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise OutputError(f"cannot write {target}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            if isinstance(data, str | bytes):
                handle.write(data.encode("utf-8") if isinstance(data, str) else data)
            else:
                for piece in data:
                    handle.write(piece.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"cannot write {target}: {exc.strerror or exc}") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def check_writable(folder: Path) -> None:
    """Raise OutputError now, before any work, when ``folder`` cannot be created or written."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder) as probe:
            probe.write(b"geomap")
            probe.flush()
            os.fsync(probe.fileno())
    except OSError as exc:
        raise OutputError(f"cannot write to {folder}: {exc.strerror or exc}") from None


def iter_jsonl(path: str | os.PathLike[str]) -> Iterator[tuple[int, str]]:
    """Yield ``(line number, line)`` for the non-blank lines of a JSON Lines file."""
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if line.strip():
                yield number, line


# Held by a long-running writer of an output folder (``geomap serve``), for as long as it runs.
HOLD_NAME = ".geomap-serve.lock"


def hold_folder(folder: Path, *, what: str) -> contextlib.AbstractContextManager[None]:
    """An exclusive hold on ``folder`` for this process, or OutputBusy naming the holder.

    The hold is an ``flock`` on a file in the folder, so it ends with the process, however it ends.
    """
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / HOLD_NAME
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = os.pread(fd, 512, 0).decode("utf-8", "replace").strip() or "another process"
        os.close(fd)
        raise OutputBusy(f"{folder} is already written by {holder}; stop it first, or use another --out") from None
    os.ftruncate(fd, 0)
    os.pwrite(fd, f"{what}, pid {os.getpid()}".encode(), 0)
    return _held(fd)


@contextmanager
def _held(fd: int) -> Iterator[None]:
    try:
        yield
    finally:
        os.close(fd)
