"""The whole pipeline in plain Python: articles in, results and maps out.

``geomap.pipeline`` composes the stages without Prefect. The Prefect flow in
``flows/`` wraps the same functions in tasks; both give the same result.

Heavy resources (the spaCy model, the gazetteer, the geocoder, the maritime
network) are loaded once into :class:`Resources` and passed to the stages.
"""

from __future__ import annotations

import atexit
import hashlib
import logging
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from . import stopping
from .drawing import drawn_otherwise
from .errors import ArticleError, GeomapError, OutputError, Stopped
from .events.draft import RuleSet
from .events.link import link_events
from .events.rules import ALL_RULES
from .extract import extract_mentions
from .feeds.gather import NO_SOURCES, NOTHING_FETCHED, Gathered, Sources, gather
from .gazetteer.build import Progress, ensure_gazetteer
from .gazetteer.index import Gazetteer
from .geocode import geocode_names
from .geocoding.registry import CandidateLookup, make_lookup
from .ingest import parse_article
from .io import article_files, find_articles, no_articles_found, read_source, slugify
from .language import ENGLISH, MODELS, article_language, language_name, not_mapped_reason
from .model import Article, ArticleResult, Event, Failure, Place, RunSummary, SkippedItem, is_web_address
from .nlp import Parsed, load_model, parse_texts
from .resolve import Resolution, choose_places, place_id
from .sea_routes import SeaRouter, route_movements
from .settings import Settings
from .store import ResultStore
from .version import version_of

if TYPE_CHECKING:
    from spacy.language import Language

log = logging.getLogger("geomap")


@dataclass
class Resources:
    """What the stages need, loaded once per process."""

    nlp: Language
    gazetteer: Gazetteer
    lookup: CandidateLookup
    settings: Settings
    sea_routes: SeaRouter
    timings: dict[str, float] = field(default_factory=dict)

    # The models of the other languages geomap maps (language.MODELS), loaded when the first
    # article in that language comes.
    others: dict[str, Language] = field(default_factory=dict)

    def model_for(self, language: str) -> Language:
        """The spaCy model for articles in ``language`` (a key of language.MODELS);
        ModelNotFoundError when it is not installed."""
        name = MODELS[language].model
        if name is None:
            return self.nlp
        nlp = self.others.get(language)
        if nlp is None:
            started = time.perf_counter()
            nlp = self.others[language] = load_model(name)
            self.timings["model_load"] = self.timings.get("model_load", 0.0) + time.perf_counter() - started
        return nlp

    def close(self) -> None:
        self.lookup.close()
        self.gazetteer.close()


def load_resources(settings: Settings, *, progress: Progress | None = None) -> Resources:
    """Load the model and the gazetteer (building the index on first use, telling ``progress``
    each step), the geocoder and the maritime network."""
    started = time.perf_counter()
    path = ensure_gazetteer(settings.gazetteer_path, progress=progress)
    gazetteer = Gazetteer(path)
    gazetteer_s = time.perf_counter() - started
    started = time.perf_counter()
    nlp = load_model(settings.model)
    model_s = time.perf_counter() - started
    lookup = make_lookup(settings, gazetteer)
    started = time.perf_counter()
    sea_routes = SeaRouter()
    sea_routes_s = time.perf_counter() - started
    timings = {"gazetteer_load": gazetteer_s, "model_load": model_s, "sea_routes_load": sea_routes_s}
    return Resources(nlp, gazetteer, lookup, settings, sea_routes, timings)


@dataclass(frozen=True, slots=True)
class Loaded:
    """An article read and parsed, or the reason it could not be."""

    path: str
    article: Article | None = None
    failure: Failure | None = None


def read_articles(paths: Iterable[str | os.PathLike[str]], settings: Settings) -> list[Loaded]:
    """Read every article under ``paths``; failures are returned, never raised.

    Article ids are slugs of the file names, made unique within the run.
    An article whose text is identical to an earlier one is reported as a
    duplicate and not processed twice.
    """
    files, missing = find_articles(paths, follow_links=settings.follow_links, skip=[settings.out_dir])
    loaded: list[Loaded] = [Loaded(p, failure=Failure(p, reason)) for p, reason in missing]
    used_ids: dict[str, str] = {}
    seen_hashes: dict[str, str] = {}
    for file in files:
        path = str(file)
        try:
            source = read_source(file, max_bytes=settings.max_bytes)
            article = parse_article(source, reference_date=settings.reference_date)
        except ArticleError as exc:
            loaded.append(Loaded(path, failure=Failure(exc.path, exc.reason)))
            continue
        if article.content_hash in seen_hashes:
            loaded.append(Loaded(path, failure=Failure.duplicate(path, seen_hashes[article.content_hash])))
            continue
        seen_hashes[article.content_hash] = path
        article = _unique_id(article, used_ids)
        used_ids[article.id] = article.content_hash
        loaded.append(Loaded(path, article=article))
    return loaded


def _unique_id(article: Article, used: dict[str, str]) -> Article:
    if article.id not in used:
        return article
    return replace(article, id=path_id(article))


def path_id(article: Article) -> str:
    """The id an article gets when its file name's id is another file's: the name and a digest of
    its path, so that it is the same on every run whatever ran first."""
    digest = hashlib.sha256(article.path.encode("utf-8")).hexdigest()[:8]
    return slugify(f"{article.id}-{digest}")


def analyse_article(
    article: Article, parsed: Parsed, resources: Resources, *, language: str = ENGLISH
) -> ArticleResult:
    """Mentions, places and events of one parsed article, with the route of each movement; in a
    language whose events geomap does not read (language.MODELS), its places only."""
    located = locate_places(article, parsed, resources)
    if not MODELS[language].events:
        note = f"events and movements are not read in articles in {language_name(language)}: places only"
        return replace(
            ArticleResult(article, located.resolution.places, ()),
            unresolved=tuple(located.resolution.unresolved),
            warnings=(*located.warnings, note),
        )
    return analyse_located(located, resources)


@dataclass(frozen=True, slots=True)
class Located:
    """An article with its parses and its places resolved: what event linking starts from."""

    article: Article
    parsed: Parsed
    resolution: Resolution
    warnings: tuple[str, ...] = ()


def locate_places(article: Article, parsed: Parsed, resources: Resources) -> Located:
    """Recognise, geocode and resolve the places of one parsed article (over the whole article)."""
    timings = resources.timings
    started = time.perf_counter()
    mentions = extract_mentions(parsed.chunks(), resources.gazetteer, dateline=article.dateline)
    extracted = time.perf_counter()
    names = geocode_names(article, mentions, resources.lookup.candidates, demonyms=resources.lookup.demonyms)
    geocoded = time.perf_counter()
    resolution = choose_places(article, names)
    resolved = time.perf_counter()
    timings["extract"] = timings.get("extract", 0.0) + extracted - started
    timings["geocode"] = timings.get("geocode", 0.0) + geocoded - extracted
    timings["resolve"] = timings.get("resolve", 0.0) + resolved - geocoded
    warnings = article.notes + tuple(resources.lookup.drain_warnings())
    unresolved = tuple(resolution.unresolved)
    if unresolved:
        missing = sorted({m.text for m in unresolved})
        where = "the gazetteer" if resources.lookup.name == "gazetteer" else resources.lookup.name
        warnings += (f"{len(missing)} place name(s) not found by {where}: {', '.join(missing[:10])}",)
    return Located(article, parsed, resolution, warnings)


def link_located(
    located: Located, resources: Resources, *, rules: RuleSet = ALL_RULES
) -> tuple[tuple[Event, ...], tuple[Place, ...]]:
    """The events of a located article, and the places they added (countries of actors).

    A long article's events are linked a section of its parses at a time
    (``nlp.SECTION_PIECES``), so that its memory does not grow with it. The parses are only
    read: linking again with other ``rules`` gives what those rules give.
    """
    started = time.perf_counter()
    events: list[Event] = []
    extra: dict[str, Place] = {}
    for section in located.parsed.sections():
        found, added = link_events(
            located.article,
            section,
            located.resolution.places,
            country_place=lambda code: country_place(resources.gazetteer, code),
            numbered_from=len(events),
            rules=rules,
        )
        events.extend(found)
        extra.update((place.id, place) for place in added)
        del section  # not held while the next one is unpacked
    timings = resources.timings
    timings["events"] = timings.get("events", 0.0) + time.perf_counter() - started
    return tuple(events), tuple(extra.values())


def analyse_located(located: Located, resources: Resources) -> ArticleResult:
    """Link the events of a located article and route its movements."""
    events, extra = link_located(located, resources)
    linked = time.perf_counter()
    routed = route_movements(
        ArticleResult(located.article, located.resolution.places + extra, events), resources.sea_routes
    )
    timings = resources.timings
    timings["routes"] = timings.get("routes", 0.0) + time.perf_counter() - linked
    return replace(routed, unresolved=tuple(located.resolution.unresolved), warnings=located.warnings)


def country_place(gazetteer: Gazetteer, code: str) -> Place | None:
    """A country as a place, for origins inferred from an actor's nationality."""
    candidate = gazetteer.country(code)
    if candidate is None:
        return None
    return Place(
        id=place_id(candidate),
        name=candidate.name,
        lat=candidate.lat,
        lon=candidate.lon,
        feature=candidate.feature,
        mentions=(),
        reason="inferred: the country of an actor",
        score=0.5,
        country_code=candidate.country_code,
        geonameid=candidate.geonameid,
        population=candidate.population,
        source=candidate.source,
        admin1=candidate.admin1,
    )


def process(
    articles: Sequence[Article],
    resources: Resources,
    *,
    on_result: Callable[[ArticleResult | Failure], None] | None = None,
) -> Iterator[ArticleResult | Failure]:
    """Tell each article's language, then parse the articles of each language geomap maps with
    its model, in batches with ``nlp.pipe``, and analyse each one. An article in another
    language is a Failure that names it (language.not_mapped_reason).

    One article failing (a bug, a pathological text) yields a Failure for it
    and the others go on.
    """
    started = time.perf_counter()
    timings = resources.timings
    by_language: dict[str, list[Article]] = {}
    for article in articles:
        language = article_language(article.text)
        if language in MODELS:
            by_language.setdefault(language, []).append(article)
            continue
        failure = Failure(article.path, not_mapped_reason(language), language=language)
        if on_result is not None:
            on_result(failure)
        yield failure
    timings["language"] = timings.get("language", 0.0) + time.perf_counter() - started
    for language, group in by_language.items():
        yield from _process_in(language, group, resources, on_result)
    timings["total"] = timings.get("total", 0.0) + time.perf_counter() - started


def _process_in(
    language: str,
    articles: Sequence[Article],
    resources: Resources,
    on_result: Callable[[ArticleResult | Failure], None] | None,
) -> Iterator[ArticleResult | Failure]:
    """:func:`process` for the articles in one language."""
    try:
        nlp = resources.model_for(language)
    except GeomapError as exc:
        for article in articles:
            failure = Failure(article.path, f"written in {language_name(language)} ({language}), but {exc}")
            if on_result is not None:
                on_result(failure)
            yield failure
        return
    parsed = parse_texts(nlp, (a.text for a in articles), batch_size=resources.settings.batch_size)
    for article in articles:
        parse_started = time.perf_counter()
        try:
            parses = next(parsed)
        except StopIteration:  # pragma: no cover - parse_texts yields one entry per text
            break
        except Exception as exc:  # noqa: BLE001 - spaCy may raise anything on odd input
            failure = Failure(article.path, f"the language model failed on it ({type(exc).__name__}: {exc})")
            yield failure
            parsed = parse_texts(
                nlp,
                (a.text for a in articles[articles.index(article) + 1 :]),
                batch_size=resources.settings.batch_size,
            )
            continue
        resources.timings["parse"] = resources.timings.get("parse", 0.0) + time.perf_counter() - parse_started
        item: ArticleResult | Failure
        try:
            item = analyse_article(article, parses, resources, language=language)
        except Stopped:
            raise  # no failure of the article: the process is stopping, and the next run does it
        except GeomapError as exc:
            item = Failure(article.path, str(exc))
        except Exception as exc:
            log.exception("failed on %s", article.path)
            item = Failure(article.path, f"internal error ({type(exc).__name__}: {exc})")
        # The parses are not held while the caller stores and publishes the result.
        del parses
        if on_result is not None:
            on_result(item)
        yield item


def extract(
    paths: Iterable[str | os.PathLike[str]],
    settings: Settings,
    resources: Resources | None = None,
    *,
    progress: Progress | None = None,
) -> Iterator[ArticleResult | Failure]:
    """Read and analyse articles without writing anything (``geomap extract``). NoArticlesFound
    when ``paths`` hold no file to read at all; the model and the gazetteer are loaded only for
    articles (``progress``: told each step of the gazetteer's first build)."""
    paths = list(paths)
    loaded = read_articles(paths, settings)
    if not loaded:
        raise no_articles_found(paths, settings.out_dir)
    for item in loaded:
        if item.failure is not None:
            yield item.failure
    articles = [item.article for item in loaded if item.article is not None]
    if not articles:
        return
    own = resources is None
    resources = resources or load_resources(settings, progress=progress)
    try:
        yield from process(articles, resources)
    finally:
        if own:
            resources.close()


# --- runs that write maps and keep a store ---------------------------------

_RESOURCES: dict[tuple[object, ...], Resources] = {}
_RESOURCES_LOCK = threading.Lock()


def shared_resources(settings: Settings) -> Resources:
    """Resources loaded once per process and reused by every batch (and every Prefect task)."""
    key = (
        settings.model,
        str(settings.gazetteer_path),
        settings.geocoder,
        tuple(sorted(settings.geocoder_options.items())),
        settings.user_agent,
        str(settings.data_dir),
    )
    with _RESOURCES_LOCK:
        resources = _RESOURCES.get(key)
        if resources is None:
            if not _RESOURCES:
                atexit.register(close_shared_resources)
            resources = load_resources(settings)
            _RESOURCES[key] = resources
        return resources


def close_shared_resources() -> None:
    """Close what :func:`shared_resources` loaded (the gazetteer, the geocoder's cache and its
    connections): when the process ends, or when its caller wants the files let go."""
    with _RESOURCES_LOCK:
        while _RESOURCES:
            _, resources = _RESOURCES.popitem()
            resources.close()


# --- a run in four stages: plan, analyse, save_and_publish, summarise ---------
#
# ``run`` below and the Prefect flow in ``flows/`` are the same sequence of these calls; the
# flow makes each one a task.


@dataclass(frozen=True, slots=True)
class Plan:
    """What a run has to do: articles to analyse, articles already done, inputs that failed."""

    todo: tuple[Article, ...]
    unchanged: tuple[Article, ...]
    failures: tuple[Failure, ...]
    # What the run should tell its user besides failures: damaged stored results it redoes.
    notices: tuple[str, ...] = ()
    # Feeds and pages that answered "not modified" since the run that stored their articles.
    not_modified: tuple[str, ...] = ()
    # What feeds named that was not fetched (a link that is no web page, a refused address).
    skipped_items: tuple[SkippedItem, ...] = ()
    # Unchanged articles an earlier run did not map (another language: Failure.language), as it
    # stored them: listed with what was not mapped, not failures of this run.
    not_mapped: tuple[Failure, ...] = ()


@dataclass(frozen=True, slots=True)
class Published:
    """What saving and publishing did: each outcome as it now stands (a result whose map could not
    be written is a failure, though stored) and the files written."""

    outcomes: tuple[ArticleResult | Failure, ...]
    outputs: tuple[str, ...]


def fetch(sources: Sources, settings: Settings) -> Gathered:
    """Stage 0, when a run follows feeds or URL lists: fetch them and read their articles.

    It reads the store (what each server said to send back) and writes
    nothing; :func:`remember_fetches` stores that once the articles are saved.
    """
    if not sources:
        return NOTHING_FETCHED
    with ResultStore(settings.store_location) as store:
        return gather(sources, settings, store.validators)


def plan(
    paths: Iterable[str | os.PathLike[str]],
    settings: Settings,
    *,
    force: bool = False,
    fetched: Gathered = NOTHING_FETCHED,
) -> Plan:
    """Stage 1: read the inputs (files, and the articles ``fetched`` from the web) and split them
    into new work and work the store already holds."""
    with ResultStore(settings.store_location) as store:
        todo: list[Article] = []
        unchanged: list[Article] = []
        not_mapped: list[Failure] = []
        failures: list[Failure] = list(fetched.failures)
        seen: dict[str, str] = {}
        loaded = [*read_articles(paths, settings), *(Loaded(a.path, article=a) for a in fetched.articles)]
        notices = [
            f"the stored result of {path} was damaged; it is left out, and analysed again if the file is given"
            for path in store.discard_damaged(given=[item.article.path for item in loaded if item.article])
        ]
        version = version_of(settings)
        older = 0
        if drawn_otherwise(settings.out_dir, settings.offline_maps):
            notices.append(
                f"the maps in {settings.out_dir} were drawn another way than this run's "
                f"({'offline' if settings.offline_maps else 'default'} maps, this version of geomap): every stored "
                "article's map is drawn again from the store, without analysing it again"
            )
        for item in loaded:
            if item.failure is not None:
                failures.append(item.failure)
                continue
            article = item.article
            assert article is not None
            if article.content_hash in seen:  # a page with the text of a file, or of another page
                failures.append(Failure.duplicate(article.path, seen[article.content_hash]))
                continue
            seen[article.content_hash] = article.path
            stored = store.lookup(article.content_hash)
            if not force and stored is not None and stored.path != article.path and is_web_address(article.path):
                store.also_at(article.content_hash, article.path)  # republished under another URL: one article
                unchanged.append(article)
                continue
            article = replace(article, id=store.claim_id(article.path, article.id, path_id(article)))
            if not force and store.is_done(article.content_hash, version):
                unchanged.append(article)
                continue
            kept = None if force else store.kept_failure(article.content_hash, version)
            if kept is not None:
                unchanged.append(article)
                not_mapped.append(replace(kept, path=article.path))
                continue
            if stored is not None and stored.status == "ok" and stored.pipeline != version:
                older += 1
            todo.append(article)
        if older and not force:
            notices.append(
                f"{older} stored article{'s were' if older != 1 else ' was'} analysed by another version of geomap "
                "(its code, model, gazetteer or sea network): analysed again"
            )
        return Plan(
            tuple(todo),
            tuple(unchanged),
            tuple(failures),
            tuple(notices),
            fetched.unchanged,
            fetched.skipped_items,
            tuple(not_mapped),
        )


def remember_fetches(fetched: Gathered, settings: Settings) -> None:
    """After saving: store the validators of each feed and page whose articles are all in the
    store, so that the next run asks them only for what changed. A run killed before this
    fetches the same entries again, and the store maps each of them once."""
    if not fetched.remember:
        return
    with ResultStore(settings.store_location) as store:
        for item in fetched.remember:
            if all(store.holds(path) for path in item.articles):
                store.remember_fetch(item.url, item.validators)


def batches(articles: Sequence[Article], size: int) -> list[list[Article]]:
    """Articles in batches for ``nlp.pipe``: big enough to batch, small enough to save often."""
    size = max(1, size)
    return [list(articles[i : i + size]) for i in range(0, len(articles), size)]


_ANALYSIS_LOCK = threading.Lock()


def analyse(articles: Sequence[Article], settings: Settings) -> list[ArticleResult | Failure]:
    """Stage 2: analyse a batch with this process's shared resources, writing nothing; failures
    are returned, not raised.

    Batches on threads of one process take turns: they share one spaCy
    pipeline, which is not made for concurrent use.
    """
    resources = shared_resources(settings)
    with _ANALYSIS_LOCK:
        return list(process(list(articles), resources))


def save_and_publish(
    outcomes: Sequence[ArticleResult | Failure], articles: Sequence[Article], settings: Settings
) -> Published:
    """Stage 3: store each outcome of a batch (one transaction each), then write each result's map
    and GeoJSON. A map that cannot be written fails its article, which stays stored: the next
    run writes the map without analysing it again. Nothing is written once the process is
    stopping (Stopped)."""
    stopping.check()
    by_path = {a.path: a for a in articles}
    done: list[ArticleResult | Failure] = []
    outputs: list[str] = []
    version = version_of(settings)
    with ResultStore(settings.store_location) as store:
        for item in outcomes:
            kept = _record(item, store, by_path, version)
            if kept is not None and isinstance(item, ArticleResult):
                # Another run stored the same text meanwhile: this copy is that article, no new page.
                path = item.article.path
                if is_web_address(path):
                    store.also_at(item.article.content_hash, path)
                item = Failure.duplicate(path, kept)
            elif isinstance(item, ArticleResult):
                try:
                    outputs.extend(_publish_article(item, settings))
                except OutputError as exc:
                    item = Failure(item.article.path, f"analysed and stored, but {exc}")
            done.append(item)
    return Published(tuple(done), tuple(outputs))


def publish_index(fresh: Sequence[ArticleResult], failures: Sequence[Failure], settings: Settings) -> Published:
    """The last of stage 3: ``index.html`` and the merged GeoJSON of the recent articles, and the
    monthly archive pages that are out of date (:mod:`geomap.archive`), from the store (this run's
    ``fresh`` results as they are). A folder that cannot be written is a failure. Nothing is
    written once the process is stopping (Stopped)."""
    from .archive import publish_pages  # imported here: folium is needed only for maps

    stopping.check()
    try:
        with ResultStore(settings.store_location) as store:
            return Published((), tuple(publish_pages(store, settings, fresh=fresh, failures=failures)))
    except OutputError as exc:
        return Published((Failure(str(settings.out_dir), f"the index was not written: {exc}"),), ())


def summarise(the_plan: Plan, published: Sequence[Published]) -> RunSummary:
    """Stage 4: what the run did, from its plan and what it saved and published."""
    failures = failed_now(the_plan, published)
    return RunSummary(
        tuple(results_of(published)),
        tuple(f for f in failures if not is_duplicate(f)),
        tuple(a.path for a in the_plan.unchanged)
        + the_plan.not_modified
        + tuple(f.path for f in failures if is_duplicate(f)),
        tuple(output for p in published for output in p.outputs),
        the_plan.notices,
        the_plan.skipped_items,
    )


def results_of(published: Sequence[Published]) -> list[ArticleResult]:
    """The results a run saved."""
    return [item for p in published for item in p.outcomes if isinstance(item, ArticleResult)]


def failures_of(the_plan: Plan, published: Sequence[Published]) -> list[Failure]:
    """Every input of a run that was not mapped, as the index lists them: those an earlier run
    did not map and this one kept (first), then those that failed now: unreadable, not
    analysed, or not published."""
    return [*the_plan.not_mapped, *failed_now(the_plan, published)]


def failed_now(the_plan: Plan, published: Sequence[Published]) -> list[Failure]:
    """The inputs that failed in this run: unreadable, not analysed, or not published."""
    return [*the_plan.failures, *(item for p in published for item in p.outcomes if isinstance(item, Failure))]


def _record(
    item: ArticleResult | Failure, store: ResultStore, articles: dict[str, Article], version: str
) -> str | None:
    """Save one outcome in the store (one transaction) with the ``version`` that made it; the path
    of the copy that another run stored first, when there is one (:meth:`ResultStore.save`)."""
    if isinstance(item, ArticleResult):
        return store.save(item, version)
    article = articles.get(item.path)
    if article is not None:
        store.save_failure(item, article.content_hash, article.id, version)
    return None


def _publish_article(result: ArticleResult, settings: Settings) -> list[str]:
    """One article's map and GeoJSON; the files written."""
    from .publish import publish_article

    written = publish_article(result, settings.out_dir, offline=settings.offline_maps, data_dir=settings.data_dir)
    return [str(p) for p in written]


def run(
    paths: Iterable[str | os.PathLike[str]],
    settings: Settings,
    *,
    force: bool = False,
    progress: Callable[[int], None] | None = None,
    sources: Sources = NO_SOURCES,
) -> RunSummary:
    """Analyse new articles, store them, write their maps and rebuild the index (no Prefect).

    Articles the store already holds (same text, same version: :mod:`geomap.version`) are
    not analysed again; the index is rebuilt from everything in the store.
    """
    fetched = fetch(sources, settings)
    the_plan = plan(paths, settings, force=force, fetched=fetched)
    published: list[Published] = []
    for batch in batches(the_plan.todo, settings.batch_size):
        published.append(save_and_publish(analyse(batch, settings), batch, settings))
        if progress is not None:
            progress(len(batch))
    remember_fetches(fetched, settings)
    published.append(publish_index(results_of(published), failures_of(the_plan, published), settings))
    return summarise(the_plan, published)


def prune(settings: Settings) -> list[str]:
    """Remove from the store, and from the output folder, every article whose file is gone, then
    rebuild the index; the paths removed. The store never drops an article on its own: a file
    missing from one run's input may only be elsewhere that day."""
    removed: list[str] = []
    with ResultStore(settings.store_location) as store:
        for path in store.paths():
            if not os.path.isabs(path) or os.path.exists(path):
                continue  # a relative path (from an older store) cannot be checked from here
            for article_id in store.forget(path):
                for output in article_files(article_id, settings.out_dir):
                    output.unlink(missing_ok=True)
            removed.append(path)
        from .archive import publish_pages

        publish_pages(store, settings, rebuild=True)
    return removed


def is_duplicate(failure: Failure) -> bool:
    """A skipped copy of another input: reported, but not a failure."""
    return failure.duplicate_of is not None
