"""Event linking on short sentences written for these tests, with the real model and gazetteer.

Every case is dated as if published on Thursday 2023-10-19. A case names the
event it expects (type, roles, status, date, mode) or that no movement must
be found.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from geomap.model import ArticleResult, Event, EventType, Mode, Status
from geomap.pipeline import Resources

from .conftest import analyse_text

TRAVEL = {EventType.VISIT, EventType.TRIP}
GOODS = {EventType.SHIPMENT, EventType.TRANSFER}


@dataclass(frozen=True)
class Expect:
    types: set[EventType]
    origin: str | None = None
    destination: str | None = None
    locations: tuple[str, ...] = ()
    status: Status = Status.HAPPENED
    date: str | None = None
    mode: Mode | None = None
    cargo: str | None = None
    inferred_origin: bool = False
    count: int | None = None
    actors: tuple[str, ...] = field(default=())


def _name(result: ArticleResult, place_id: str | None) -> str | None:
    place = result.place(place_id) if place_id else None
    return place.name if place else None


def _is(result: ArticleResult, place_id: str | None, name: str) -> bool:
    """The place is called ``name`` in the gazetteer or in the text ("Izmail" for GeoNames' "Izmayil")."""
    place = result.place(place_id) if place_id else None
    return place is not None and (place.name == name or any(m.text == name for m in place.mentions))


def _matches(result: ArticleResult, event: Event, expect: Expect) -> bool:
    return (
        event.type in expect.types
        and (expect.destination is None or _is(result, event.destination, expect.destination))
        and (expect.origin is None or _is(result, event.origin, expect.origin))
        and all(any(_is(result, p, name) for p in event.locations) for name in expect.locations)
    )


MOVEMENTS = [
    pytest.param(
        "The cargo ship left Odesa on Monday bound for Istanbul.",
        Expect(GOODS, "Odesa", "Istanbul", date="2023-10-16", mode=Mode.SEA),
        id="bound-for",
    ),
    pytest.param(
        "A tanker carrying Russian oil sailed from Primorsk to India last week.",
        Expect(GOODS, "Primorsk", "India", date="2023-10-09/2023-10-15", mode=Mode.SEA, cargo="oil"),
        id="sailed-from-to",
    ),
    pytest.param(
        "Chinese President Xi Jinping will travel to Moscow next week.",
        Expect(TRAVEL, "China", "Moscow", status=Status.PLANNED, date="2023-10-23/2023-10-29", inferred_origin=True),
        id="planned-trip",
    ),
    pytest.param(
        "Indian Prime Minister Narendra Modi arrived in Washington on Tuesday.",
        Expect(TRAVEL, "India", "Washington", date="2023-10-17", inferred_origin=True),
        id="arrived-in",
    ),
    pytest.param(
        "The ship was bound for Izmail, a port on the Danube.",
        Expect(GOODS, None, "Izmail", mode=Mode.SEA),
        id="destination-only-apposition",
    ),
    pytest.param(
        "Russia shipped grain from Sevastopol to Syria in March.",
        Expect(GOODS, "Sevastopol", "Syria", date="2023-03", cargo="grain"),
        id="shipped-grain",
    ),
    pytest.param(
        "North Korea sent artillery shells to Russia by rail.",
        Expect(GOODS, "North Korea", "Russia", mode=Mode.RAIL, cargo="shells"),
        id="sent-by-rail",
    ),
    pytest.param(
        "Germany delivered tanks to Ukraine in January.",
        Expect(GOODS, "Germany", "Ukraine", date="2023-01", cargo="tanks"),
        id="delivered",
    ),
    pytest.param(
        "Iran supplied drones to Russia, U.S. officials said.",
        Expect(GOODS, "Iran", "Russia", status=Status.HAPPENED, cargo="drones"),
        id="a-report-unhedged-and-undisputed-is-what-happened",
    ),
    pytest.param(
        "Iran supplied drones to Russia, U.S. officials said. Tehran called the allegations baseless.",
        Expect(GOODS, "Iran", "Russia", status=Status.ALLEGED, cargo="drones"),
        id="a-report-disputed-later-is-alleged",
    ),
    pytest.param(
        "The Kremlin denied that North Korea had sent weapons to Russia.",
        Expect(GOODS, "North Korea", "Russia", status=Status.DENIED),
        id="denied-by-verb",
    ),
    pytest.param(
        "If China sends troops to Taiwan, Japan will respond.",
        Expect({EventType.DEPLOYMENT}, "China", "Taiwan", status=Status.HYPOTHETICAL),
        id="hypothetical",
    ),
    pytest.param(
        "Russia did not send troops to Belarus.",
        Expect({EventType.DEPLOYMENT}, "Russia", "Belarus", status=Status.DENIED),
        id="negated",
    ),
    pytest.param(
        "The convoy crossed from Turkey into Syria on Wednesday.",
        Expect(TRAVEL | GOODS, "Turkey", "Syria", date="2023-10-18", mode=Mode.ROAD),
        id="convoy-crossed",
    ),
    pytest.param(
        "Hundreds of migrants traveled from Libya to Italy by boat.",
        Expect({EventType.MIGRATION}, "Libya", "Italy", mode=Mode.SEA),
        id="traveled-by-boat",
    ),
    pytest.param(
        "The United States deployed troops to Poland.",
        Expect({EventType.DEPLOYMENT}, "United States", "Poland"),
        id="deployed",
    ),
    pytest.param(
        "Putin's visit to Beijing last month strengthened ties.",
        Expect({EventType.VISIT}, None, "Beijing", date="2023-09"),
        id="possessive-visit",
    ),
    pytest.param(
        "Ukrainian grain exports to Egypt resumed in August.",
        Expect(GOODS, "Ukraine", "Egypt", date="2023-08"),
        id="demonym-origin-exports",
    ),
    pytest.param(
        "A Panama-flagged vessel departed Novorossiysk for Turkey.",
        Expect(GOODS, "Novorossiysk", "Turkey", mode=Mode.SEA),
        id="departed-for",
    ),
    pytest.param(
        "The delegation will leave for Pyongyang tomorrow.",
        Expect(TRAVEL, None, "Pyongyang", status=Status.PLANNED, date="2023-10-20"),
        id="leave-for-planned",
    ),
    pytest.param(
        "Kim Jong Un plans to visit Russia in the spring.",
        Expect(TRAVEL, None, "Russia", status=Status.PLANNED),
        id="plans-to-visit",
    ),
    pytest.param(
        "The Kenyan president is expected to visit Canada next month.",
        Expect(TRAVEL, "Kenya", "Canada", status=Status.PLANNED, date="2023-11", inferred_origin=True),
        id="expected-to-visit",
    ),
    pytest.param(
        "Sudan said it had received weapons from Iran.",
        Expect(GOODS, "Iran", "Sudan", cargo="weapons"),
        id="received-from",
    ),
    pytest.param(
        "Japan imported coal from Australia last year.",
        Expect(GOODS, "Australia", "Japan", date="2022", cargo="coal"),
        id="imported-from",
    ),
    pytest.param(
        "Boats carried refugees from Lesbos to Athens.",
        Expect({EventType.MIGRATION}, "Lesbos", "Athens", mode=Mode.SEA),
        id="carried-from-to",
    ),
    pytest.param(
        "Rescuers flew the injured to Nairobi.",
        Expect({EventType.EVACUATION}, None, "Nairobi", mode=Mode.AIR),
        id="flew-to",
    ),
    pytest.param(
        "The Japanese minister returned to Tokyo on Saturday.",
        Expect(TRAVEL, None, "Tokyo", date="2023-10-14"),
        id="returned-to",
    ),
    pytest.param(
        "Exports of wheat from Russia to Turkey fell sharply in September.",
        Expect(GOODS, "Russia", "Turkey", date="2023-09", cargo="wheat"),
        id="exports-of-from-to",
    ),
    pytest.param(
        "The tanker was seen heading to Rotterdam on Tuesday.",
        Expect(TRAVEL | GOODS, None, "Rotterdam", date="2023-10-17", mode=Mode.SEA),
        id="heading-to",
    ),
    pytest.param(
        "Ukrainian President Volodymyr Zelenskiy visited Warsaw.",
        Expect({EventType.VISIT}, "Ukraine", "Warsaw", inferred_origin=True),
        id="visited-inferred-origin",
    ),
    pytest.param(
        "British Prime Minister Rishi Sunak flew to Washington on Wednesday for talks.",
        Expect(TRAVEL, "United Kingdom", "Washington", date="2023-10-18", mode=Mode.AIR, inferred_origin=True),
        id="flew-for-talks",
    ),
    pytest.param(
        "At least six trips by sea were made between Rajin and Vladivostok since late August.",
        Expect(GOODS | TRAVEL, "Rajin", "Vladivostok", date="2023-08-21/2023-10-19", mode=Mode.SEA, count=6),
        id="between-since-count",
    ),
    pytest.param(
        "The White House said Russia had probably received drones from Iran.",
        Expect(GOODS, "Iran", "Russia", status=Status.ALLEGED),
        id="hedged-receive",
    ),
    pytest.param(
        "Chinese warships sailed through the Taiwan Strait to the Pacific on Friday.",
        Expect({EventType.DEPLOYMENT} | TRAVEL | GOODS, None, "Pacific Ocean", date="2023-10-13", mode=Mode.SEA),
        id="via-strait",
    ),
]

LOCATED = [
    pytest.param(
        "Macron met Scholz in Berlin on Friday.",
        Expect({EventType.MEETING}, locations=("Berlin",), date="2023-10-13"),
        id="met-in",
    ),
    pytest.param(
        "South Korea and the United States held joint drills near Pohang on Thursday.",
        Expect({EventType.EXERCISE}, locations=("Pohang",), date="2023-10-19"),
        id="drills-near",
    ),
    pytest.param(
        "Russian missiles struck Kharkiv overnight.", Expect({EventType.ATTACK}, locations=("Kharkiv",)), id="struck"
    ),
    pytest.param(
        "The summit in Geneva ended without agreement.",
        Expect({EventType.MEETING}, locations=("Geneva",)),
        id="summit-in",
    ),
    pytest.param(
        "Chinese and Russian warships conducted drills in the Sea of Japan on Tuesday.",
        Expect({EventType.EXERCISE}, locations=("Sea of Japan",), date="2023-10-17"),
        id="drills-at-sea",
    ),
    pytest.param(
        "The foreign minister spoke in London on Monday.",
        Expect({EventType.STATEMENT}, locations=("London",), date="2023-10-16"),
        id="spoke-in",
    ),
]

NO_MOVEMENT = [
    pytest.param("Officials in Paris and Berlin discussed the plan.", id="co-mention"),
    pytest.param("Trade between China and Russia grew last year.", id="trade-between"),
    pytest.param("The minister, who was born in Kyiv, spoke in London.", id="birthplace-is-not-origin"),
    pytest.param("The Syrian refugee, originally from Aleppo, now lives in Berlin.", id="person-origin"),
    pytest.param("China and Russia signed a deal in Moscow.", id="signed-in"),
    pytest.param("Analysts in Seoul see risks in Pyongyang's weapons program.", id="see-risks"),
    pytest.param("Tokyo and Seoul have long disputed islands in the Sea of Japan.", id="dispute"),
    pytest.param("Prices rose in Germany, France and Italy.", id="list-of-countries"),
]


@pytest.mark.parametrize(("text", "expect"), MOVEMENTS + LOCATED)
def test_event(resources: Resources, text: str, expect: Expect) -> None:
    result = analyse_text(text, resources)
    found = [e for e in result.events if _matches(result, e, expect)]
    summary = [
        (
            e.type,
            _name(result, e.origin),
            _name(result, e.destination),
            [_name(result, p) for p in e.locations],
            e.status,
        )
        for e in result.events
    ]
    assert found, f"no matching event in {summary}"
    event = found[0]
    assert event.status is expect.status, summary
    if expect.date is not None:
        assert event.date is not None, "no date"
        assert event.date.iso == expect.date
    if expect.mode is not None:
        assert event.mode is expect.mode
    if expect.cargo is not None:
        assert event.cargo == expect.cargo
    if expect.count is not None:
        assert event.count == expect.count
    if expect.origin is not None:
        assert event.inferred_origin is expect.inferred_origin
    elif expect.destination is not None:
        assert event.origin is None or event.inferred_origin
    assert event.sentence and result.article.text[event.start : event.end].strip() == event.sentence


@pytest.mark.parametrize("text", NO_MOVEMENT)
def test_no_movement(resources: Resources, text: str) -> None:
    result = analyse_text(text, resources)
    movements = [
        (e.type, _name(result, e.origin), _name(result, e.destination))
        for e in result.events
        if e.is_movement and not e.inferred_origin
    ]
    assert not movements


def test_apposition_is_not_a_destination(resources: Resources) -> None:
    result = analyse_text("The ship was bound for Izmail, a port on the Danube.", resources)
    for event in result.events:
        assert _name(result, event.destination) != "Danube"


def test_month_after_resolves_against_the_other_event(resources: Resources) -> None:
    text = (
        "Lavrov arrived in Pyongyang on Wednesday. Lavrov's visit comes a month after Kim Jong Un "
        "made a trip to Russia."
    )
    result = analyse_text(text, resources)
    trip = next(e for e in result.events if _name(result, e.destination) == "Russia")
    assert trip.date is not None and trip.date.iso == "2023-09"


def test_denial_in_a_later_sentence(resources: Resources) -> None:
    text = (
        "The White House said North Korea provided Russia with a shipment of weapons. "
        "Kremlin spokesman Dmitry Peskov said the allegations were not based on evidence."
    )
    result = analyse_text(text, resources)
    shipment = next(e for e in result.events if e.type in GOODS)
    assert shipment.status is Status.ALLEGED
    assert shipment.denied_by and "Peskov" in shipment.denied_by[0]


def test_caption_keeps_its_own_date(resources: Resources) -> None:
    text = (
        "Leaders meet in Asia\n\nFILE PHOTO: A ship is seen in the port of Busan, South Korea, May 3, 2019.\n\n"
        "SEOUL, Oct 19 (Reuters) - Chinese President Xi Jinping arrived in Seoul on Wednesday."
    )
    result = analyse_text(text, resources)
    caption = [e for e in result.events if e.aside]
    assert caption and caption[0].date is not None and caption[0].date.iso == "2019-05-03"
    visit = next(e for e in result.events if e.type in TRAVEL)
    assert visit.date is not None and visit.date.iso == "2023-10-18" and not visit.aside


def test_a_long_article_linked_a_section_at_a_time_finds_what_it_finds_whole(
    resources: Resources, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A long article's events are linked a section of its parses at a time (``nlp.SECTION_PIECES``):
    each paragraph's movements are the same as when the article is linked whole, numbered once."""
    import datetime as dt
    import itertools

    from geomap import nlp
    from geomap.ingest import parse_article
    from geomap.model import Source
    from geomap.pipeline import analyse_article

    ports = ["Odesa", "Istanbul", "Varna", "Piraeus", "Haifa", "Genoa", "Valencia", "Tunis"]
    routes = list(itertools.combinations(ports, 2))[:24]  # a route each: no two are one movement
    paragraphs = [
        f"The tanker Vela {i} left {origin} on Monday bound for {destination}, its owner said. "
        f"The ship was carrying wheat."
        for i, (origin, destination) in enumerate(routes)
    ]
    text = "Shipping news\n\n" + "\n\n".join(paragraphs)
    source = Source(path="long.txt", text=text, format="txt", encoding="utf-8")
    article = parse_article(source, reference_date=dt.date(2023, 10, 19))

    def movements(result: ArticleResult) -> list[tuple[str, str | None, str | None, int]]:
        return [(e.id, _name(result, e.origin), _name(result, e.destination), e.start) for e in result.events]

    whole = analyse_article(article, next(nlp.parse_texts(resources.nlp, [article.text], max_chars=400)), resources)
    monkeypatch.setattr(nlp, "SECTION_PIECES", 2)
    parsed = next(nlp.parse_texts(resources.nlp, [article.text], max_chars=400))
    assert parsed.packed and len(list(parsed.sections())) > 3
    in_sections = analyse_article(article, parsed, resources)
    assert len(whole.events) == 24
    assert movements(in_sections) == movements(whole)
    assert [e.id for e in in_sections.events] == [f"{article.id}:e{n}" for n in range(1, 25)]
