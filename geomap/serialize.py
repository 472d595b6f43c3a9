"""The stable JSON shape of results, in both directions.

``geomap extract`` prints :func:`result_to_json` objects, one per line; the
result store keeps them and :func:`result_from_json` reads them back. Field
names here are a public contract: add fields, never rename them. Their one definition, which
the exports and the map payload share, is :mod:`geomap.schema`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from .model import (
    Actor,
    Article,
    ArticleResult,
    Dateline,
    DateSource,
    Event,
    EventPlace,
    EventType,
    Evidence,
    FeatureKind,
    Mention,
    Mode,
    Place,
    Precision,
    Role,
    Route,
    RouteKind,
    Status,
    TimeSpan,
)
from .precision import time_precision
from .schema import (
    ActorJSON,
    ArticleJSON,
    DateRangeJSON,
    EventDerivedJSON,
    EventJSON,
    MentionJSON,
    PlaceJSON,
    ResultJSON,
    RouteJSON,
)

JSON = dict[str, Any]


def article_to_json(article: Article, *, with_text: bool = False) -> ArticleJSON:
    data: ArticleJSON = {
        "id": article.id,
        "path": article.path,
        "title": article.title,
        "published": article.published.isoformat() if article.published else None,
        "date_source": article.date_source,
        "dateline": article.dateline.place if article.dateline else None,
        "content_hash": article.content_hash,
        "format": article.source_format,
    }
    if with_text:
        data["text"] = article.text
        data["dateline_span"] = [article.dateline.start, article.dateline.end] if article.dateline else None
    return data


def mention_to_json(mention: Mention) -> MentionJSON:
    return {
        "start": mention.start,
        "end": mention.end,
        "text": mention.text,
        "label": mention.label,
        "source": mention.source,
    }


def place_to_json(place: Place) -> PlaceJSON:
    return {
        "id": place.id,
        "name": place.name,
        "lat": round(place.lat, 6),
        "lon": round(place.lon, 6),
        "country_code": place.country_code,
        "admin1": place.admin1,
        "geonameid": place.geonameid,
        "feature": place.feature,
        "population": place.population,
        "mentions": [mention_to_json(m) for m in place.mentions],
        "reason": place.reason,
        "score": place.score,
        "source": place.source,
        "fallback": place.fallback,
    }


def timespan_to_json(span: TimeSpan | None) -> DateRangeJSON | None:
    if span is None:
        return None
    return {
        "start": span.start.isoformat(),
        "end": span.end.isoformat(),
        "precision": span.precision,
        "text": span.text,
    }


def actor_to_json(actor: Actor) -> ActorJSON:
    return {"text": actor.text, "kind": actor.kind, "role": actor.role, "country_code": actor.country_code}


def route_to_json(route: Route | None) -> RouteJSON | None:
    """A movement's route: its kind, its length in km and, for a sea route, its [lat, lon] points."""
    if route is None:
        return None
    data: RouteJSON = {"kind": route.kind, "km": route.km}
    if route.points:
        data["points"] = [(lat, lon) for lat, lon in route.points]
    return data


def route_from_json(data: RouteJSON | JSON | None) -> Route | None:
    if not data:
        return None
    points = tuple((float(lat), float(lon)) for lat, lon in data.get("points", []))
    return Route(RouteKind(data["kind"]), float(data["km"]), points)


def event_to_json(event: Event) -> EventJSON:
    return {
        "id": event.id,
        "type": event.type,
        "trigger": event.trigger,
        "sentence": event.sentence,
        "start": event.start,
        "end": event.end,
        "date": event.date.iso if event.date else None,
        "date_range": timespan_to_json(event.date),
        "duration_days": event.duration_days,
        "actors": [actor_to_json(a) for a in event.actors],
        "origin": event.origin,
        "destination": event.destination,
        "via": list(event.place_ids(Role.VIA)),
        "locations": list(event.locations),
        "places": [
            {"id": p.place_id, "role": p.role, "inferred": p.inferred, "reason": p.reason} for p in event.places
        ],
        "movement": event.is_movement,
        "status": event.status,
        "denied_by": list(event.denied_by),
        "reported_by": event.reported_by,
        "mode": event.mode,
        "count": event.count,
        "cargo": event.cargo,
        "confidence": event.confidence,
        "aside": event.aside,
        "article": event.article_id,
        "sources": list(event.sources),
        "evidence": [
            {"article": e.article_id, "start": e.start, "end": e.end, "sentence": e.sentence} for e in event.evidence
        ],
        "route": route_to_json(event.route),
    }


def actor_name(actor: Actor) -> str:
    """An actor as the map and the exports show it: a person with their role in brackets."""
    if actor.role and actor.kind == "person":
        return f"{actor.text} ({actor.role})"
    return actor.text


def _reason(event: Event, role: Role) -> str | None:
    place_id = event.origin if role is Role.ORIGIN else event.destination
    return next((p.reason for p in event.places if p.place_id == place_id and p.role is role), "") or None


def event_derived(event: Event) -> EventDerivedJSON:
    """The fields of :class:`~geomap.schema.EventJSON` that the exports and the map payload derive
    from an event's own, without looking up its places: its days, their precision, its actors as
    shown, why each endpoint is there, and its route's kind and length."""
    route = event.route
    return {
        "date_start": event.date.start.isoformat() if event.date else None,
        "date_end": event.date.end.isoformat() if event.date else None,
        "time_precision": time_precision(event.date),
        "actor_names": [actor_name(a) for a in event.actors],
        "inferred_origin": event.inferred_origin,
        "origin_reason": _reason(event, Role.ORIGIN),
        "destination_reason": _reason(event, Role.DESTINATION),
        "route_kind": route.kind if route else None,
        "length_km": round(route.km, 1) if route else None,
        "length_nm": round(route.nautical_miles, 1) if route else None,
    }


def result_to_json(result: ArticleResult, *, with_text: bool = False) -> ResultJSON:
    """One article's result as printed by ``geomap extract``."""
    return {
        "article": article_to_json(result.article, with_text=with_text),
        "places": [place_to_json(p) for p in result.places],
        "events": [event_to_json(e) for e in result.events],
        "unresolved": [mention_to_json(m) for m in result.unresolved],
        "warnings": list(result.warnings),
    }


def result_to_text(result: ArticleResult, *, with_text: bool = False, event_texts: Sequence[str] | None = None) -> str:
    """:func:`result_to_json` as JSON text, built an event at a time: a result of tens of thousands
    of events is never held as one tree of dicts. ``event_texts`` are the events' JSON texts when
    the caller already has them."""
    if event_texts is None:
        event_texts = [json.dumps(event_to_json(e), ensure_ascii=False) for e in result.events]
    head = result_to_json(replace(result, events=()), with_text=with_text)
    parts = [f"{json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}" for key, value in head.items()]
    parts[list(head).index("events")] = '"events": [' + ", ".join(event_texts) + "]"
    return "{" + ", ".join(parts) + "}"


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def mention_from_json(data: JSON) -> Mention:
    return Mention(data["text"], data["start"], data["end"], data.get("label", "GPE"), data.get("source", "model"))


def place_from_json(data: JSON) -> Place:
    return Place(
        id=data["id"],
        name=data["name"],
        lat=data["lat"],
        lon=data["lon"],
        feature=FeatureKind(data["feature"]),
        mentions=tuple(mention_from_json(m) for m in data.get("mentions", [])),
        reason=data.get("reason", ""),
        score=data.get("score", 0.0),
        country_code=data.get("country_code"),
        geonameid=data.get("geonameid"),
        population=data.get("population", 0),
        source=data.get("source", "gazetteer"),
        fallback=data.get("fallback", False),
        admin1=data.get("admin1"),
    )


def event_from_json(data: JSON, article_id: str) -> Event:
    span = data.get("date_range")
    return Event(
        id=data["id"],
        article_id=data.get("article", article_id),
        type=EventType(data["type"]),
        trigger=data["trigger"],
        sentence=data["sentence"],
        start=data["start"],
        end=data["end"],
        places=tuple(
            EventPlace(p["id"], Role(p["role"]), p.get("inferred", False), p.get("reason", ""))
            for p in data.get("places", [])
        ),
        status=Status(data["status"]),
        mode=Mode(data["mode"]),
        confidence=data["confidence"],
        date=TimeSpan(_date(span["start"]), _date(span["end"]), Precision(span["precision"]), span["text"])  # type: ignore[arg-type]
        if span
        else None,
        actors=tuple(Actor(a["text"], a["kind"], a.get("role"), a.get("country_code")) for a in data.get("actors", [])),
        count=data.get("count"),
        cargo=data.get("cargo"),
        aside=data.get("aside", False),
        sources=tuple(data.get("sources", [article_id])),
        duration_days=data.get("duration_days"),
        denied_by=tuple(data.get("denied_by", [])),
        reported_by=data.get("reported_by"),
        evidence=tuple(Evidence(e["article"], e["start"], e["end"], e["sentence"]) for e in data.get("evidence", [])),
        # Results stored before routes were computed have none.
        route=route_from_json(data.get("route")),
    )


def result_from_json(data: JSON) -> ArticleResult:
    """Read back what :func:`result_to_json` wrote (with ``with_text=True``)."""
    a = data["article"]
    dateline = None
    if a.get("dateline") and a.get("dateline_span"):
        start, end = a["dateline_span"]
        dateline = Dateline(a["dateline"], start, end, _date(a.get("published")))
    article = Article(
        id=a["id"],
        path=a["path"],
        title=a["title"],
        text=a.get("text", ""),
        published=_date(a.get("published")),
        date_source=DateSource(a.get("date_source", "none")),
        content_hash=a.get("content_hash", ""),
        dateline=dateline,
        source_format=a.get("format", "txt"),
    )
    return ArticleResult(
        article=article,
        places=tuple(place_from_json(p) for p in data.get("places", [])),
        events=tuple(event_from_json(e, article.id) for e in data.get("events", [])),
        unresolved=tuple(mention_from_json(m) for m in data.get("unresolved", [])),
        warnings=tuple(data.get("warnings", [])),
    )
