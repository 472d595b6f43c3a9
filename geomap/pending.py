"""What a run has to do, found out before it starts anything.

``geomap run`` asks this before it imports Prefect, starts Prefect's temporary
server or loads the model: a missing path, a folder with no articles and a run
with nothing new are answered at once. It reads the inputs and the store and
writes nothing; the run itself (:func:`geomap.pipeline.plan`) decides again,
article by article.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .databases import is_database_url
from .drawing import drawn_otherwise, indexed_otherwise
from .errors import ArticleError, InputNotFound
from .ingest import parse_article
from .io import article_files, find_articles, index_files, no_articles_found, read_source
from .settings import Settings
from .store import ResultStore
from .version import version_of


@dataclass(frozen=True, slots=True)
class Inputs:
    """The article files under a run's paths, and what was refused there (a link out of a
    folder), with the reason."""

    files: tuple[Path, ...]
    refused: tuple[tuple[str, str], ...] = ()


def check_paths(paths: Sequence[str | os.PathLike[str]]) -> None:
    """InputNotFound naming every path that does not exist."""
    missing = [str(p) for p in paths if not Path(p).exists()]
    if missing:
        raise InputNotFound(f"no such file or folder: {', '.join(missing)}")


def find_inputs(paths: Sequence[str | os.PathLike[str]], settings: Settings) -> Inputs:
    """The article files under ``paths`` (as :func:`geomap.pipeline.read_articles` finds them:
    never in the output folder). InputNotFound for a path that does not exist; NoArticlesFound
    when there is nothing to read at all."""
    check_paths(paths)
    files, refused = find_articles(paths, follow_links=settings.follow_links, skip=[settings.out_dir])
    if not files and not refused:
        raise no_articles_found(paths, settings.out_dir)
    return Inputs(tuple(files), tuple(refused))


def work_to_do(inputs: Inputs, settings: Settings) -> str | None:
    """Why a run over ``inputs`` has something to do, or None when it has nothing new: every
    input reads, each article is stored with its text's hash by this version of geomap
    (:func:`geomap.version.version_of`), and its map and GeoJSON and the index are in the
    output folder, drawn this run's way; or it is stored as not mapped by this version
    (written in another language: :meth:`ResultStore.kept_failure`).

    The one place that decides whether a run may be skipped: whatever else would make a run
    write something (settings the pages were written with, say) is one more reason here. An
    input that does not read is a reason too: the run names it. Files the store does not know
    are read first, so that a new file is found without reading every other one.
    """
    if inputs.refused:
        path, reason = inputs.refused[0]
        return f"{path}: {reason}"
    location = settings.store_location
    if not is_database_url(location) and not Path(location).is_file():
        return f"no result store at {location} yet"
    for page in index_files(settings.out_dir):
        if not page.is_file():
            return f"{page} is missing"
    if drawn_otherwise(settings.out_dir, settings.offline_maps):
        return f"the maps in {settings.out_dir} were drawn another way (--offline, or another version of geomap)"
    if indexed_otherwise(settings.out_dir, settings.index_days):
        return f"the index in {settings.out_dir} shows another number of days than {settings.index_days}"
    version = version_of(settings)
    with ResultStore(location) as store:
        known = set(store.paths())
        for file in sorted(inputs.files, key=lambda f: str(f) in known):
            try:
                source = read_source(file, max_bytes=settings.max_bytes)
                article = parse_article(source, reference_date=settings.reference_date)
            except ArticleError as exc:
                return str(exc)
            article_id = store.done_id(article.content_hash, version)
            if article_id is None and store.kept_failure(article.content_hash, version) is not None:
                continue  # not mapped (another language), as this version decided: nothing to redo
            if article_id is None:
                return f"{file} is new, changed, or was analysed by another version of geomap"
            for page in article_files(article_id, settings.out_dir):
                if not page.is_file():
                    return f"{page} is missing"
    return None
