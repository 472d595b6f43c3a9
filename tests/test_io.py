"""Reading article files of every kind, and writing outputs safely."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

import pytest

from geomap.errors import ArticleError
from geomap.io import decode_bytes, find_articles, read_source, slugify, write_atomic

TEXT = "Lavrov arrived in Pyongyang. Café Zürich – “quotes” and ‘apostrophes’."


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        pytest.param(TEXT.encode("utf-8"), "utf-8", id="utf-8"),
        pytest.param(codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig", id="utf-8-bom"),
        pytest.param(TEXT.encode("utf-16"), "utf-16", id="utf-16-bom"),
        pytest.param(codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16", id="utf-16-be-bom"),
        pytest.param(TEXT.encode("utf-16-le"), "utf-16-le", id="utf-16-le-no-bom"),
        pytest.param(TEXT.encode("cp1252"), "cp1252", id="windows-1252"),
    ],
)
def test_decodes_text_encodings(data: bytes, encoding: str) -> None:
    text, found = decode_bytes(data, "a.txt")
    assert text.lstrip("\ufeff") == TEXT
    assert found == encoding


def test_decodes_latin1_bytes_undefined_in_windows_1252() -> None:
    data = "Sevilla \x81 Málaga".encode("latin-1")
    text, found = decode_bytes(data, "a.txt")
    assert found == "latin-1"
    assert "Málaga" in text


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        pytest.param(b"", "empty", id="empty"),
        pytest.param(b"   \n\t\n", "empty", id="whitespace"),
        pytest.param(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF", id="pdf"),
        pytest.param(b"PK\x03\x04\x14\x00\x00\x00", "ZIP", id="zip"),
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00", "PNG", id="png"),
        pytest.param(bytes(range(256)) * 20, "binary", id="binary"),
        pytest.param(b"\x7fELF\x02\x01\x01", "executable", id="elf"),
    ],
)
def test_refuses_what_is_not_an_article(data: bytes, reason: str) -> None:
    with pytest.raises(ArticleError) as info:
        decode_bytes(data, "inbox/bad.bin")
    message = str(info.value)
    assert message.startswith("inbox/bad.bin: ")
    assert reason in message
    assert "\n" not in message


def test_read_source_names_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ArticleError, match=r"gone\.txt: file disappeared"):
        read_source(tmp_path / "gone.txt")


def test_read_source_refuses_huge_files(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("word " * 1000)
    with pytest.raises(ArticleError, match="over the"):
        read_source(path, max_bytes=1000)


def test_read_source_detects_html_without_suffix(tmp_path: Path) -> None:
    path = tmp_path / "page"
    path.write_text("<!DOCTYPE html><html><body><p>Hi</p></body></html>")
    (tmp_path / "page").rename(tmp_path / "page.dat")
    assert read_source(tmp_path / "page.dat").format == "html"


def test_find_articles_expands_folders_and_reports_missing(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("b")
    (tmp_path / "a.md").write_text("a")
    (tmp_path / "notes.csv").write_text("x")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "c.txt").write_text("c")
    found, missing = find_articles([tmp_path, tmp_path / "nope.txt"])
    assert [p.name for p in found] == ["a.md", "b.txt"]
    assert missing == [(str(tmp_path / "nope.txt"), "no such file or folder")]


@pytest.mark.parametrize(
    ("value", "slug"),
    [
        pytest.param("Reuters: Lavrov in Pyongyang!", "reuters-lavrov-in-pyongyang", id="punctuation"),
        pytest.param("../../etc/passwd", "etc-passwd", id="path-traversal"),
        pytest.param("São Paulo – Ação", "sao-paulo-acao", id="accents"),
        pytest.param("日本", "article", id="no-ascii-left"),
        pytest.param("a" * 200, "a" * 80, id="long"),
        pytest.param("CON", "con", id="reserved-name-is-lowercased"),
    ],
)
def test_slugify(value: str, slug: str) -> None:
    assert slugify(value) == slug
    assert "/" not in slugify(value) and ".." not in slugify(value)


def test_write_atomic_replaces_whole_files(tmp_path: Path) -> None:
    target = tmp_path / "out" / "map.html"
    write_atomic(target, "first")
    write_atomic(target, "second version")
    assert target.read_text() == "second version"
    assert [p.name for p in target.parent.iterdir()] == ["map.html"]
    assert oct(os.stat(target).st_mode & 0o777) == "0o644"
