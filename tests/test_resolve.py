"""The resolver's rules, one test per rule, on made-up records and sentences.

Every weight and threshold in :mod:`geomap.resolve` decides at least one of
these cases: set it to zero (or remove the rule) and a test here fails. The
records are invented (names, points and sizes) so that each case isolates one
rule; the sentences are written for these tests.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import pytest

from geomap import resolve
from geomap.geocode import geocode_names, place_candidates
from geomap.model import Article, Candidate, Dateline, DateSource, FeatureKind, Mention

K = FeatureKind


def rec(
    name: str,
    feature: FeatureKind,
    *,
    cc: str | None = "ZZ",
    admin1: str | None = None,
    pop: int = 0,
    at: tuple[float, float] = (0.0, 0.0),
    code: str | None = None,
    source: str = "gazetteer",
    rid: int = 0,
) -> Candidate:
    rid = rid or abs(hash((name, feature, cc, admin1, pop, at))) % 10**8 + 1
    return Candidate(
        name=name,
        lat=at[0],
        lon=at[1],
        feature=feature,
        country_code=cc,
        admin1=admin1,
        population=pop,
        feature_code=code,
        source=source,
        index_id=rid,
    )


Index = dict[str, list[tuple[Candidate, str]]]

# The context rules that agree with each other in most cases; a test of one of them turns the others off.
CONTEXT = (
    "COUNTRY_CONTEXT",
    "ADMIN_CONTEXT",
    "ADMIN_SUPPORT",
    "COHERENCE_COUNTRY",
    "COHERENCE_ADMIN",
    "PROXIMITY",
    "CONTAINER_BONUS",
    "IN_CONTAINER_BONUS",
    "POSSESSIVE_BONUS",
)


@contextmanager
def only(rule: str) -> Iterator[None]:
    """Turn off the other context rules, so that ``rule`` alone decides."""
    saved = {name: getattr(resolve, name) for name in CONTEXT if name != rule}
    try:
        for name in saved:
            setattr(resolve, name, 0.0)
        yield
    finally:
        for name, value in saved.items():
            setattr(resolve, name, value)


def resolve_text(
    text: str,
    index: Index,
    names: Sequence[str],
    *,
    demonyms: Sequence[str] = (),
    dateline: str | None = None,
    sources: dict[str, str] | None = None,
) -> dict[str, Candidate]:
    """Resolve the given names (each at its first occurrence in ``text``); the chosen record per name."""
    mentions = []
    for name in names:
        start = text.index(name)
        source = (sources or {}).get(name, "model")
        mentions.append(Mention(name, start, start + len(name), "GPE", source))
    for name in demonyms:
        start = text.index(name)
        mentions.append(Mention(name, start, start + len(name), "NORP", "model"))
    line = None
    if dateline is not None:
        line = Dateline(dateline, text.index(dateline), text.index(dateline) + len(dateline), None)
    article = Article("a", "a.txt", "", text, None, DateSource.NONE, "", dateline=line)

    def lookup(name: str) -> list[tuple[Candidate, str]]:
        return index.get(name, [])

    result = resolve.choose_places(article, geocode_names(article, mentions, lookup))
    chosen: dict[str, Candidate] = {}
    for place in result.places:
        for mention in place.mentions:
            chosen[mention.text] = next(
                c for cands in index.values() for c, _ in cands if resolve.place_id(c) == place.id
            )
    return chosen


def reason_of(text: str, index: Index, names: Sequence[str], name: str) -> str:
    mentions = [Mention(n, text.index(n), text.index(n) + len(n), "GPE", "model") for n in names]
    article = Article("a", "a.txt", "", text, None, DateSource.NONE, "")
    result = resolve.resolve_places(article, mentions, lambda n: index.get(n, []))
    return next(p.reason for p in result.places if any(m.text == name for m in p.mentions))


# --- how the name matched ---------------------------------------------------


def test_own_name_beats_a_bigger_alternate() -> None:
    """NAME_WEIGHT["name"] and ALT_WHEN_NAMED_PENALTY: a town's own name before another town's alternate name."""
    own = rec("Brenville", K.CITY, pop=5_000, at=(10, 10))
    other = rec("Brenvillo", K.CITY, pop=8_000, at=(20, 20))
    index = {"Brenville": [(own, "name"), (other, "alt")]}
    assert resolve_text("Rain fell on Brenville.", index, ["Brenville"])["Brenville"] is own


def test_alternate_name_loses_even_when_bigger() -> None:
    """ALT_WHEN_NAMED_PENALTY: a small town by its own name before a big region that has the name as an alternate."""
    own = rec("Ostrel", K.CITY, pop=5_000, at=(10, 10))
    other = rec("Ostrela", K.REGION, pop=10_000_000, at=(20, 20))
    index = {"Ostrel": [(own, "name"), (other, "alt")]}
    assert resolve_text("Rain fell on Ostrel.", index, ["Ostrel"])["Ostrel"] is own


@pytest.mark.parametrize(
    "kind",
    [pytest.param("abbr", id="abbreviation"), pytest.param("code", id="code")],
)
def test_abbreviation_and_code_beat_an_alternate(kind: str) -> None:
    """NAME_WEIGHT["abbr"] and ["code"]: "NR" names the state, not a town that has it as an alternate name."""
    state = rec("Nordland", K.ADMIN1, admin1="01", pop=2_000_000, at=(10, 10))
    town = rec("Nrdtown", K.CITY, pop=200_000, at=(30, 30))
    index = {"NR": [(state, kind), (town, "alt")]}
    assert resolve_text("Snow is forecast for NR tonight.", index, ["NR"])["NR"] is state


def test_alternate_name_beats_a_facility_code() -> None:
    """NAME_WEIGHT["alt"]: a town known by an alternate name before an airport's code."""
    town = rec("Kelmar", K.CITY, pop=300_000, at=(10, 10))
    airport = rec("Kelmar Field", K.FACILITY, pop=300_000, at=(11, 11), code="AIRP")
    index = {"KLM": [(town, "alt"), (airport, "fcode")]}
    assert resolve_text("The KLM office opened.", index, ["KLM"])["KLM"] is town


def test_facility_code_beats_a_hamlet_alternate() -> None:
    """NAME_WEIGHT["fcode"]: "JXA" written alone is the airport, not a hamlet that lists it as an alternate name."""
    airport = rec("Jexa International Airport", K.FACILITY, pop=8_000_000, at=(10, 10), code="AIRP")
    hamlet = rec("Jaxa", K.CITY, pop=600, at=(30, 30))
    index = {"JXA": [(airport, "fcode"), (hamlet, "alt")]}
    assert resolve_text("The plane landed at JXA.", index, ["JXA"])["JXA"] is airport


def test_small_alternate_names_are_weak() -> None:
    """SMALL_ALT_PENALTY: a hamlet's alternate name loses to a somewhat larger county's."""
    hamlet = rec("Vossa", K.CITY, pop=9_000, at=(10, 10))
    county = rec("Vossa County", K.ADMIN2, pop=12_000, at=(30, 30))
    index = {"Vossa": [(hamlet, "alt"), (county, "alt")]}
    assert resolve_text("Flooding in Vossa.", index, ["Vossa"])["Vossa"] is county


def test_big_cities_keep_their_english_names() -> None:
    """EXONYM_POPULATION: "Qarmut" is the city of 1.6 million that GeoNames lists under another name."""
    city = rec("Al Qarmutah", K.CITY, cc="QQ", pop=1_600_000, at=(10, 10))
    namesake = rec("Qarmut", K.CITY, cc="US", admin1="CA", pop=8_000, at=(35, -115))
    index = {"Qarmut": [(city, "alt"), (namesake, "name")]}
    assert resolve_text("Pilgrims travelled to Qarmut.", index, ["Qarmut"])["Qarmut"] is city


# --- kind and size -------------------------------------------------------------

RANKED = [K.COUNTRY, K.CONTINENT, K.ADMIN1, K.REGION, K.CITY, K.ADMIN2, K.WATER, K.LANDFORM, K.OTHER, K.FACILITY]


def test_a_town_of_no_known_size_needs_more_than_its_country() -> None:
    """UNSIZED_TOWN_PENALTY: naming the hamlet's country does not make "Rigga" a hamlet rather than a capital."""
    capital = rec("Rigga", K.CITY, cc="LV", admin1="25", pop=600_000, at=(56.95, 24.1), code="PPLC")
    hamlet = rec("Rigga", K.CITY, cc="US", admin1="MI", pop=0, at=(41.8, -83.8))
    us = rec("Unita", K.COUNTRY, cc="US", pop=330_000_000, at=(39.8, -98.5))
    chicago = rec("Chicaga", K.CITY, cc="US", admin1="IL", pop=2_700_000, at=(41.85, -87.65))
    index: Index = {"Rigga": [(capital, "name"), (hamlet, "name")], "Unita": [(us, "name")]}
    index["Chicaga"] = [(chicago, "name")]
    text = "The Chicaga choir, back in Unita, sang in Rigga last week."
    assert resolve_text(text, index, ["Chicaga", "Unita", "Rigga"])["Rigga"] is capital


def test_a_town_of_no_known_size_in_its_state() -> None:
    """UNSIZED_TOWN_PENALTY: with its state named, a hamlet still beats another town's alternate name."""
    hamlet = rec("Cookvil", K.CITY, cc="US", admin1="TX", pop=0, at=(33.18, -94.85))
    town = rec("Cookvil", K.CITY, cc="US", admin1="TN", pop=34_000, at=(36.16, -85.5))
    texas = rec("Texa", K.ADMIN1, cc="US", admin1="TX", pop=29_000_000, at=(31.0, -99.0))
    index: Index = {"Cookvil": [(hamlet, "name"), (town, "alt")], "Texa": [(texas, "name")]}
    text = "The Cookvil volunteer fire department in Texa got a new truck."
    assert resolve_text(text, index, ["Cookvil", "Texa"])["Cookvil"] is hamlet


def test_a_town_of_no_known_size_beside_a_division_of_none() -> None:
    """UNSIZED_TOWN_PENALTY applies beside a namesake of known size only: with none, a town is a town."""
    town = rec("Apara", K.CITY, cc="NG", admin1="05", pop=0, at=(6.45, 3.36))
    area = rec("Apara", K.ADMIN2, cc="NG", admin1="05", pop=0, at=(6.44, 3.35))
    index: Index = {"Apara": [(town, "name"), (area, "name")]}
    assert resolve_text("Trucks queued at Apara on Monday.", index, ["Apara"])["Apara"] is town


def test_kinds_rank_as_news_means_them() -> None:
    """FEATURE_PRIOR: with the same name and size, each kind before the next one."""
    records = [rec("Tarn", kind, pop=50_000, at=(i, i)) for i, kind in enumerate(RANKED)]
    for expected in records:
        # Only the rest compete: each time the winner leaves, the next kind wins.
        rest = records[records.index(expected) :]
        index = {"Tarn": [(r, "name") for r in rest]}
        # Wide or prominent records get no special treatment among equals of their own size.
        got = resolve_text("It happened in Tarn.", index, ["Tarn"])["Tarn"]
        assert got.feature is expected.feature, (expected.feature, got.feature)


def test_an_island_before_a_record_of_no_kind() -> None:
    """FEATURE_PRIOR[LANDFORM] and FEATURE_PRIOR[OTHER]: the island before a slightly better-known record of no kind."""
    island = rec("Skerra", K.LANDFORM, pop=0, at=(10, 10))
    other = rec("Skerra", K.OTHER, pop=830, at=(30, 30))
    index = {"Skerra": [(island, "name"), (other, "name")]}
    assert resolve_text("Seals rest on Skerra.", index, ["Skerra"])["Skerra"] is island


def test_bigger_places_first() -> None:
    """IMPORTANCE_WEIGHT: the larger of two towns of the same name, other things equal."""
    big = rec("Marlow", K.CITY, pop=900_000, at=(10, 10))
    small = rec("Marlow", K.CITY, pop=2_000, at=(30, 30))
    index = {"Marlow": [(small, "name"), (big, "name")]}
    assert resolve_text("It rained in Marlow.", index, ["Marlow"])["Marlow"] is big


def test_capitals_first() -> None:
    """CAPITAL_BONUS: a national capital before a larger town of the same name."""
    capital = rec("Orsk", K.CITY, cc="AA", pop=300_000, at=(10, 10), code="PPLC")
    town = rec("Orsk", K.CITY, cc="BB", pop=1_000_000, at=(30, 30))
    index = {"Orsk": [(town, "name"), (capital, "name")]}
    assert resolve_text("Envoys met in Orsk.", index, ["Orsk"])["Orsk"] is capital


def test_the_before_a_sea() -> None:
    """DEFINITE_BONUS: "the Amber" is the sea, not the county of that name."""
    sea = rec("Amber", K.WATER, cc=None, pop=0, at=(10, 10))
    county = rec("Amber", K.ADMIN2, pop=30_000, at=(30, 30))
    index = {"Amber": [(county, "name"), (sea, "name")]}
    assert resolve_text("Ships crossed the Amber at night.", index, ["Amber"])["Amber"] is sea


def test_a_division_named_after_its_city_is_the_city() -> None:
    """NAMESAKE_PENALTY: "Velen" is the city, not the larger canton named after it."""
    canton = rec("Velen", K.ADMIN1, cc="CC", admin1="05", pop=500_000, at=(10, 10))
    city = rec("Velen", K.CITY, cc="CC", admin1="05", pop=200_000, at=(10.1, 10.1))
    index = {"Velen": [(canton, "name"), (city, "name")]}
    assert resolve_text("Talks resumed in Velen.", index, ["Velen"])["Velen"] is city


# --- patterns in the text ------------------------------------------------------


def _bangor() -> tuple[Index, Candidate, Candidate]:
    state = rec("Mainland", K.ADMIN1, cc="US", admin1="ML", pop=1_300_000, at=(45, -69))
    near = rec("Banhor", K.CITY, cc="US", admin1="ML", pop=30_000, at=(44.8, -68.8))
    far = rec("Banhor", K.CITY, cc="GB", admin1="NI", pop=60_000, at=(54.7, -5.7))
    return {"Banhor": [(far, "name"), (near, "name")], "Mainland": [(state, "name")]}, near, far


def test_x_comma_y() -> None:
    """CONTAINER_BONUS: "Banhor, Mainland" is the Banhor inside Mainland."""
    index, near, _ = _bangor()
    with only("CONTAINER_BONUS"):
        got = resolve_text("The mill in Banhor, Mainland, closed.", index, ["Banhor", "Mainland"])
    assert got["Banhor"] is near


def _tripoli() -> tuple[Index, Candidate, Candidate]:
    """A capital of one country and a smaller namesake in another; the article names three countries."""
    capital = rec("Tripola", K.CITY, cc="LY", admin1="77", pop=1_300_000, at=(32.9, 13.2), code="PPLC")
    namesake = rec("Tripola", K.CITY, cc="LB", admin1="09", pop=230_000, at=(34.4, 35.8))
    index: Index = {"Tripola": [(capital, "name"), (namesake, "name")]}
    for name, cc, at in [("Cedaria", "LB", (33.8, 35.8)), ("Vukrania", "UA", (49, 32)), ("Anatola", "TR", (39, 35))]:
        index[name] = [(rec(name, K.COUNTRY, cc=cc, pop=7_000_000, at=at), "name")]
    return index, namesake, capital


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("The ship left Vukrania and Anatola for Tripola in Cedaria.", id="in"),
        pytest.param("The ship left Vukrania and Anatola for Tripola in northern Cedaria.", id="in-northern"),
    ],
)
def test_x_in_country(text: str) -> None:
    """IN_CONTAINER_BONUS: "Tripola in Cedaria" is the Tripola inside Cedaria, not another country's capital."""
    index, namesake, _ = _tripoli()
    with only("IN_CONTAINER_BONUS"):
        got = resolve_text(text, index, ["Vukrania", "Anatola", "Tripola", "Cedaria"])
    assert got["Tripola"] is namesake
    assert "written as 'Tripola in " in reason_of(text, index, ["Vukrania", "Anatola", "Tripola", "Cedaria"], "Tripola")


def test_x_in_a_time_is_not_a_container() -> None:
    """ "Tripola in late spring": only a place written right after "in" (a direction word may come
    between) holds the name, not one further on in the sentence."""
    index, _, capital = _tripoli()
    text = "The ship left Vukrania for Tripola in late spring and Cedaria in summer."
    with only("IN_CONTAINER_BONUS"):
        assert resolve_text(text, index, ["Vukrania", "Tripola", "Cedaria"])["Tripola"] is capital


def test_an_attribution_after_the_comma_holds_nothing() -> None:
    """ "bound for Tripola, Cedaria's ministry said": a possessive after the comma starts who said it
    (geomap.geocode.written_containers)."""
    index, _, capital = _tripoli()
    text = "The grain was bound for Tripola, Cedaria's ministry said."
    with only("CONTAINER_BONUS"):
        assert resolve_text(text, index, ["Tripola", "Cedaria"])["Tripola"] is capital


def _nairoba() -> Index:
    """A big city, a far namesake of a district of it, and no record of another district."""
    city = rec("Nairoba", K.CITY, cc="KE", admin1="05", pop=4_400_000, at=(-1.28, 36.82))
    abroad = rec("Eastlee", K.CITY, cc="GB", admin1="ENG", pop=54_000, at=(50.97, -1.35))
    return {"Nairoba": [(city, "name")], "Eastlee": [(abroad, "name")]}


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Cholera spread in Kibbera in Nairoba this week.", id="in"),
        pytest.param("Police fired tear gas in Kibbera, Nairoba, on Tuesday.", id="comma"),
    ],
)
def test_a_place_the_gazetteer_lacks_inside_a_city(text: str) -> None:
    """Rule "inside a named city" (WITHIN_CITY_KM, NAME_WEIGHT["within"]): "Kibbera in Nairoba", a
    district with no record, is placed at the city, and says so."""
    got = resolve_text(text, _nairoba(), ["Kibbera", "Nairoba"])
    assert got["Kibbera"].name == "Nairoba"
    assert "the city it is written inside" in reason_of(text, _nairoba(), ["Kibbera", "Nairoba"], "Kibbera")


def test_a_namesake_abroad_is_not_inside_the_city() -> None:
    """Rule "inside a named city": "Eastlee in Nairoba" is not the English town of that name."""
    got = resolve_text("Shops closed in Eastlee in Nairoba.", _nairoba(), ["Eastlee", "Nairoba"])
    assert got["Eastlee"].name == "Nairoba"


def test_a_record_inside_the_city_is_held_by_it() -> None:
    """WITHIN_CITY_KM: a city holds its district's record as a state holds its towns ("Makko, Lagoa")."""
    lagos = rec("Lagoa", K.CITY, cc="NG", admin1="05", pop=15_000_000, at=(6.45, 3.39))
    inside = rec("Makko", K.CITY, cc="NG", admin1="05", pop=85_000, at=(6.50, 3.39))
    abroad = rec("Makko", K.CITY, cc="BR", admin1="21", pop=300_000, at=(-22.9, -43.2))
    index = {"Lagoa": [(lagos, "name")], "Makko": [(abroad, "name"), (inside, "name")]}
    with only("CONTAINER_BONUS"):
        got = resolve_text("Fires broke out in Makko, Lagoa, overnight.", index, ["Makko", "Lagoa"])
    assert got["Makko"] is inside


def test_a_list_of_cities_holds_nothing() -> None:
    """ "Zorbu, Parisa and Londra" is a list: the unknown Zorbu is not placed inside Parisa."""
    paris = rec("Parisa", K.CITY, cc="FR", admin1="11", pop=2_100_000, at=(48.85, 2.35))
    london = rec("Londra", K.CITY, cc="GB", admin1="ENG", pop=9_000_000, at=(51.5, -0.13))
    index = {"Parisa": [(paris, "name")], "Londra": [(london, "name")]}
    got = resolve_text("Flights resumed to Zorbu, Parisa and Londra.", index, ["Zorbu", "Parisa", "Londra"])
    assert "Zorbu" not in got


def test_a_small_town_holds_nothing() -> None:
    """WITHIN_CITY_POPULATION: only a city holds districts; "Zorbu, Hamletta" does not put Zorbu at a village."""
    village = rec("Hamletta", K.CITY, cc="KE", admin1="05", pop=2_000, at=(-1.0, 37.0))
    got = resolve_text(
        "Rain fell on Zorbu, Hamletta, overnight.", {"Hamletta": [(village, "name")]}, ["Zorbu", "Hamletta"]
    )
    assert "Zorbu" not in got


def test_a_place_in_a_longer_name_is_not_inside_the_city_after_it() -> None:
    """ "the Bank of Kigala in Nairoba" is a bank in Nairoba, not Kigala: a nested name holds nothing."""
    kigali = rec("Kigala", K.CITY, cc="RW", admin1="12", pop=1_100_000, at=(-1.95, 30.06))
    index = {**_nairoba(), "Kigala": [(kigali, "name")]}
    text = "The Bank of Kigala in Nairoba opened a branch."
    got = resolve_text(text, index, ["Kigala", "Nairoba"], sources={"Kigala": "nested"})
    assert got["Kigala"] is kigali


def test_a_state_is_not_inside_a_city() -> None:
    """Rule "inside a named city" is for small places: "Indya in Evansvil" leaves the state a state."""
    state = rec("Indya", K.ADMIN1, cc="US", admin1="IN", pop=6_700_000, at=(39.8, -86.2))
    city = rec("Evansvil", K.CITY, cc="US", admin1="IN", pop=120_000, at=(37.97, -87.56))
    index = {"Indya": [(state, "name")], "Evansvil": [(city, "name")]}
    got = resolve_text("A rally for Indya in Evansvil drew crowds.", index, ["Indya", "Evansvil"])
    assert got["Indya"] is state


def test_possessive() -> None:
    """POSSESSIVE_BONUS: "Mainland's Banhor" is the Banhor inside Mainland."""
    index, near, _ = _bangor()
    with only("POSSESSIVE_BONUS"):
        got = resolve_text("Ships reached Mainland's Banhor.", index, ["Banhor", "Mainland"])
    assert got["Banhor"] is near


def test_port_of() -> None:
    """PORT_CUE_BONUS: "the port of Rask" is the town, not the slightly larger county."""
    town = rec("Rask", K.CITY, pop=20_000, at=(10, 10))
    county = rec("Rask", K.ADMIN2, pop=200_000, at=(30, 30))
    index = {"Rask": [(county, "name"), (town, "name")]}
    assert resolve_text("Ships left the port of Rask.", index, ["Rask"])["Rask"] is town


def test_division_word() -> None:
    """DIVISION_CUE_BONUS: "Havel province" is the province, even beside a capital city of that name."""
    province = rec("Havel Province", K.ADMIN1, cc="CU", admin1="02", pop=5_000_000, at=(23.0, -82.3))
    capital = rec("Havel", K.CITY, cc="CU", admin1="02", pop=2_100_000, at=(23.1, -82.4), code="PPLC")
    index = {"Havel": [(capital, "name"), (province, "alt")]}
    assert resolve_text("Rain fell in Havel province.", index, ["Havel"])["Havel"] is province


def _counties() -> Index:
    """Two towns each known by their own name, and the bigger counties named after them."""
    index: Index = {}
    for name, at in [("Orrange", (33.8, -117.9)), ("Angelus", (34.0, -118.2))]:
        town = rec(name, K.CITY, cc="US", admin1="CA", pop=140_000, at=at)
        county = rec(f"{name} County", K.ADMIN2, cc="US", admin1="CA", pop=3_000_000, at=(at[0] - 0.1, at[1]))
        index[name] = [(town, "name"), (county, "alt")]
    return index


def test_a_feature_word_after_a_list_is_for_each_name() -> None:
    """Rule "feature word after a list": "the Orrange and Angelus counties" are both counties, not towns."""
    text = "Storms battered the Orrange and Angelus counties on Monday."
    got = resolve_text(text, _counties(), ["Orrange", "Angelus"])
    assert got["Orrange"].feature is K.ADMIN2 and got["Angelus"].feature is K.ADMIN2
    assert "named with a division word" in reason_of(text, _counties(), ["Orrange", "Angelus"], "Orrange")


def test_a_list_without_a_feature_word_keeps_the_towns() -> None:
    """The counties above win by the word alone: without it, the towns."""
    got = resolve_text("Storms battered Orrange and Angelus on Monday.", _counties(), ["Orrange", "Angelus"])
    assert got["Orrange"].feature is K.CITY and got["Angelus"].feature is K.CITY


def test_a_plural_after_one_name_says_nothing() -> None:
    """ "the Gulfa states" are the states around the Gulfa, not a province called Gulfa."""
    gulf = rec("Gulfa", K.WATER, cc=None, pop=5_000_000, at=(26, 52), source="curated")
    province = rec("Gulfa Province", K.ADMIN1, cc="PG", admin1="02", pop=400_000, at=(-7.5, 144))
    index = {"Gulfa": [(gulf, "name"), (province, "name")]}
    assert resolve_text("Envoys of the Gulfa states met.", index, ["Gulfa"])["Gulfa"] is gulf


def _rivers() -> tuple[Index, Candidate, Candidate]:
    """Two states, and rivers recorded as "<name> River" (the curated list's form)."""
    index: Index = {}
    rivers = []
    for name, code, at in [("Ohya", "OH", (40.3, -82.8)), ("Missa", "MS", (32.8, -89.7))]:
        index[name] = [(rec(name, K.ADMIN1, cc="US", admin1=code, pop=5_000_000, at=at), "name")]
        river = rec(f"{name} River", K.WATER, cc="US", pop=0, at=(at[0] - 3, at[1]), source="curated")
        index[f"{name} River"] = [(river, "name")]
        rivers.append(river)
    return index, rivers[0], rivers[1]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Barges crawled along the Ohya and Missa rivers.", id="list"),
        pytest.param("Barges crawled along the Ohya river and through Missa.", id="singular"),
    ],
)
def test_a_river_word_finds_the_river(text: str) -> None:
    """FEATURE_WORD_BONUS: "the Ohya river" is the Ohya River, asked for in that form, not the state."""
    index, ohya, _ = _rivers()
    assert resolve_text(text, index, ["Ohya", "Missa"])["Ohya"] is ohya


def test_the_capital_comma() -> None:
    """CAPITAL_CUE_BONUS: "the capital, Sorn" is the capital, though the article names the other Sorn's country."""
    capital = rec("Sorn", K.CITY, cc="AA", pop=200_000, at=(10, 10), code="PPLC")
    town = rec("Sorn", K.CITY, cc="BB", pop=3_000_000, at=(30, 30))
    bree = rec("Bree", K.COUNTRY, cc="BB", pop=9_000_000, at=(31, 31))
    index = {"Sorn": [(town, "name"), (capital, "name")], "Bree": [(bree, "name")]}
    text = "Bree said its envoys drove from the capital, Sorn, north."
    assert resolve_text(text, index, ["Bree", "Sorn"])["Sorn"] is capital


def test_capital_of_a_country() -> None:
    """ "Zembla's capital" is the capital city, with the reason saying so."""
    country = rec("Zembla", K.COUNTRY, cc="ZB", pop=5_000_000, at=(0, 0))
    capital = rec("Ostrog", K.CITY, cc="ZB", pop=900_000, at=(1, 1), code="PPLC")
    index = {"Zembla": [(country, "name")], "capital of Zembla": [(capital, "capital")]}
    text = "The convoy reached Zembla's capital on Sunday."
    mentions = [
        Mention("Zembla", text.index("Zembla"), text.index("Zembla") + 6, "GPE"),
        Mention("capital", text.index("capital"), text.index("capital") + 7, "GPE", "capital"),
    ]
    article = Article("a", "a.txt", "", text, None, DateSource.NONE, "")
    result = resolve.resolve_places(article, mentions, lambda n: index.get(n, []))
    place = next(p for p in result.places if p.mentions[0].text == "capital")
    assert place.name == "Ostrog" and place.reason.startswith("the capital of Zembla")


# --- the article as context ----------------------------------------------------


def test_country_named_in_the_article() -> None:
    """COUNTRY_CONTEXT: the town in the country the article names."""
    here = rec("Lindau", K.CITY, cc="DE", pop=20_000, at=(47.5, 9.7))
    there = rec("Lindau", K.CITY, cc="US", admin1="TX", pop=25_000, at=(30, -97))
    germany = rec("Teutonia", K.COUNTRY, cc="DE", pop=80_000_000, at=(51, 10))
    index = {"Lindau": [(there, "name"), (here, "name")], "Teutonia": [(germany, "name")]}
    text = "Teutonia said the fair in Lindau would open."
    with only("COUNTRY_CONTEXT"):
        assert resolve_text(text, index, ["Lindau", "Teutonia"])["Lindau"] is here


def test_state_named_in_the_article() -> None:
    """ADMIN_CONTEXT: the town in the state the article names, both states being in one country."""
    ok_town = rec("Fairview", K.CITY, cc="US", admin1="OK", pop=3_000, at=(36.3, -98.5))
    tx_town = rec("Fairview", K.CITY, cc="US", admin1="TX", pop=6_000, at=(33.1, -96.6))
    ok_state = rec("Okla", K.ADMIN1, cc="US", admin1="OK", pop=3_900_000, at=(35.5, -97.5))
    index = {"Fairview": [(tx_town, "name"), (ok_town, "name")], "Okla": [(ok_state, "name")]}
    # Far from each other (the state's point is 100 km away, the other town 400 km): proximity alone cannot decide.
    text = "Okla officials said the Fairview school reopened."
    with only("ADMIN_CONTEXT"):
        assert resolve_text(text, index, ["Fairview", "Okla"])["Fairview"] is ok_town


def test_states_the_other_names_share() -> None:
    """ADMIN_SUPPORT: two names that both have a town in one state are read in that state."""
    a1 = rec("Paris", K.CITY, cc="US", admin1="TN", pop=10_000, at=(36.3, -88.3))
    a2 = rec("Paris", K.CITY, cc="US", admin1="KY", pop=10_500, at=(38.2, -84.25))
    b1 = rec("Henry", K.ADMIN2, cc="US", admin1="TN", pop=30_000, at=(36.3, -88.3))
    b2 = rec("Henry", K.ADMIN2, cc="US", admin1="IA", pop=31_000, at=(41.0, -91.5))
    index = {"Paris": [(a2, "name"), (a1, "name")], "Henry": [(b2, "name"), (b1, "name")]}
    monkeypatched = resolve.PROXIMITY
    try:
        resolve.PROXIMITY = 0.0  # isolate the rule from distance, which would point the same way
        got = resolve_text("Paris police and Henry deputies searched.", index, ["Paris", "Henry"])
    finally:
        resolve.PROXIMITY = monkeypatched
    assert got["Paris"] is a1 and got["Henry"] is b1


def test_demonyms_are_evidence() -> None:
    """DEMONYM_EVIDENCE: "the Ruritanian minister ... in Vesper" leans to Ruritania's Vesper."""
    ru = rec("Ruritania", K.COUNTRY, cc="RU", pop=100_000_000, at=(60, 100))
    town_fr = rec("Vesper", K.CITY, cc="FR", pop=24_000, at=(45, 3))
    town_ru = rec("Vesper", K.CITY, cc="RU", pop=20_000, at=(55, 40))
    index = {"Ruritanian": [(ru, "demonym")], "Vesper": [(town_fr, "name"), (town_ru, "name")]}
    text = "The Ruritanian minister arrived in Vesper."
    got = resolve_text(text, index, ["Vesper"], demonyms=["Ruritanian"])
    assert got["Vesper"] is town_ru


def test_demonyms_weigh_less_than_places() -> None:
    """DEMONYM_EVIDENCE: one "Ruritanian" minister does not outweigh two mentions of Vesper's country."""
    ru = rec("Ruritania", K.COUNTRY, cc="RU", pop=100_000_000, at=(60, 100))
    fr = rec("Gallia", K.COUNTRY, cc="FR", pop=60_000_000, at=(46, 2))
    town_fr = rec("Vesper", K.CITY, cc="FR", pop=20_000, at=(45, 3))
    town_ru = rec("Vesper", K.CITY, cc="RU", pop=24_000, at=(55, 40))
    index = {
        "Ruritanian": [(ru, "demonym")],
        "Gallia": [(fr, "name")],
        "Vesper": [(town_ru, "name"), (town_fr, "name")],
    }
    text = "The Ruritanian minister met a Ruritanian envoy in Vesper, then flew to Gallia."
    mentions = [
        Mention("Ruritanian", 4, 14, "NORP"),
        Mention("Ruritanian", 30, 40, "NORP"),
        Mention("Vesper", text.index("Vesper"), text.index("Vesper") + 6, "GPE"),
        Mention("Gallia", text.index("Gallia"), text.index("Gallia") + 6, "GPE"),
    ]
    article = Article("a", "a.txt", "", text, None, DateSource.NONE, "")
    result = resolve.resolve_places(article, mentions, lambda n: index.get(n, []))
    vesper = next(p for p in result.places if p.mentions[0].text == "Vesper")
    assert vesper.country_code == "FR"


def test_places_of_the_article_lie_together() -> None:
    """PROXIMITY: of two namesakes, the one near the article's other place."""
    anchor = rec("Quellen", K.CITY, cc="AA", pop=500_000, at=(10, 10))
    near = rec("Dorn", K.CITY, cc="AA", pop=5_000, at=(10.2, 10.2))
    far = rec("Dorn", K.CITY, cc="AA", pop=6_000, at=(20, 20))
    index = {"Quellen": [(anchor, "name")], "Dorn": [(far, "name"), (near, "name")]}
    got = resolve_text("From Quellen the road runs to Dorn.", index, ["Quellen", "Dorn"])
    assert got["Dorn"] is near


def test_proximity_fades_with_distance() -> None:
    """PROXIMITY_KM: a namesake 50 km away is near; one 1,500 km away is not, though a bit larger."""
    anchor = rec("Quellen", K.CITY, cc="AA", pop=500_000, at=(10, 10))
    near = rec("Dorn", K.CITY, cc="AA", pop=5_000, at=(10.3, 10.3))
    far = rec("Dorn", K.CITY, cc="AA", pop=9_000, at=(22, 15))
    index = {"Quellen": [(anchor, "name")], "Dorn": [(far, "name"), (near, "name")]}
    got = resolve_text("From Quellen the road runs to Dorn.", index, ["Quellen", "Dorn"])
    assert got["Dorn"] is near


def test_the_same_record_is_no_evidence_for_itself() -> None:
    """Two names resolved to one record do not pull each other there (_same): "Mekka" and "Medyna"."""
    holy1 = rec("Makka", K.CITY, cc="SA", pop=1_600_000, at=(21.4, 39.8))
    holy2 = rec("Madyna", K.CITY, cc="SA", pop=1_300_000, at=(24.5, 39.6))
    us_town = rec("Medyna", K.CITY, cc="US", admin1="OH", pop=26_000, at=(41.1, -81.9), rid=77)
    index = {"Mekka": [(holy1, "alt"), (us_town, "alt")], "Medyna": [(holy2, "alt"), (us_town, "alt")]}
    got = resolve_text("One died in Mekka, the others in Medyna.", index, ["Mekka", "Medyna"])
    assert got["Mekka"] is holy1 and got["Medyna"] is holy2


def test_coherence_of_first_choices() -> None:
    """COHERENCE_COUNTRY: a name with no other clue follows the country of the article's other places."""
    a = rec("Alder", K.CITY, cc="NZ", pop=3_000_000, at=(-36.8, 174.7))
    b = rec("Birch", K.CITY, cc="NZ", pop=400_000, at=(-43.5, 172.6))
    c_nz = rec("Cedar", K.CITY, cc="NZ", pop=40_000, at=(-41.3, 173.3))
    c_us = rec("Cedar", K.CITY, cc="US", admin1="IA", pop=48_000, at=(42.0, -91.6))
    index = {"Alder": [(a, "name")], "Birch": [(b, "name")], "Cedar": [(c_us, "name"), (c_nz, "name")]}
    saved = resolve.PROXIMITY
    try:
        resolve.PROXIMITY = 0.0  # the towns are 500 km apart: isolate coherence from distance
        got = resolve_text("Alder, Birch and Cedar voted.", index, ["Alder", "Birch", "Cedar"])
    finally:
        resolve.PROXIMITY = saved
    assert got["Cedar"] is c_nz


def test_coherence_by_state() -> None:
    """COHERENCE_ADMIN: with the country settled, a name follows the state of the other places."""
    a = rec("Alder", K.CITY, cc="US", admin1="VT", pop=40_000, at=(44.5, -73.2))
    b = rec("Birch", K.CITY, cc="US", admin1="VT", pop=8_000, at=(44.3, -72.6))
    c_vt = rec("Cedar", K.CITY, cc="US", admin1="VT", pop=3_000, at=(43.6, -72.9))
    c_nm = rec("Cedar", K.CITY, cc="US", admin1="NM", pop=3_400, at=(35.1, -106.6))
    index = {"Alder": [(a, "name")], "Birch": [(b, "name")], "Cedar": [(c_nm, "name"), (c_vt, "name")]}
    saved = resolve.PROXIMITY, resolve.ADMIN_SUPPORT
    try:
        resolve.PROXIMITY = 0.0
        resolve.ADMIN_SUPPORT = 0.0
        got = resolve_text("Alder, Birch and Cedar voted.", index, ["Alder", "Birch", "Cedar"])
    finally:
        resolve.PROXIMITY, resolve.ADMIN_SUPPORT = saved
    assert got["Cedar"] is c_vt


def test_dateline_is_the_home() -> None:
    """DATELINE_WEIGHT: the dateline's state outweighs one other mention of another state."""
    home = rec("Alder", K.CITY, cc="US", admin1="VT", pop=40_000, at=(44.5, -73.2))
    away = rec("Birch", K.CITY, cc="US", admin1="NM", pop=40_000, at=(35.1, -106.6))
    c_vt = rec("Cedar", K.CITY, cc="US", admin1="VT", pop=3_000, at=(43.6, -72.9))
    c_nm = rec("Cedar", K.CITY, cc="US", admin1="NM", pop=3_300, at=(35.2, -106.5))
    index = {"Alder": [(home, "name")], "Birch": [(away, "name")], "Cedar": [(c_nm, "name"), (c_vt, "name")]}
    saved = resolve.PROXIMITY, resolve.ADMIN_SUPPORT
    try:
        resolve.PROXIMITY = 0.0
        resolve.ADMIN_SUPPORT = 0.0
        got = resolve_text(
            "ALDER -- A Birch man and the Cedar school board met.",
            {**index, "ALDER": [(home, "name")]},
            ["ALDER", "Birch", "Cedar"],
            dateline="ALDER",
        )
    finally:
        resolve.PROXIMITY, resolve.ADMIN_SUPPORT = saved
    assert got["Cedar"] is c_vt


# --- issue class 1: countries stay countries, states stay states ----------------


def _country_and_namesakes() -> tuple[Candidate, Candidate, Candidate]:
    country = rec("Polonia", K.COUNTRY, cc="PL", pop=38_000_000, at=(52, 20))
    town = rec("Polonia", K.CITY, cc="US", admin1="OH", pop=2_800, at=(41.0, -80.6))
    ohio = rec("Ohiya", K.ADMIN1, cc="US", admin1="OH", pop=11_000_000, at=(40.3, -82.8))
    return country, town, ohio


def test_bare_country_name_is_the_country() -> None:
    """PROMINENT_NAMESAKE_PENALTY: US context does not turn "Polonia" into the Ohio town."""
    country, town, ohio = _country_and_namesakes()
    us = rec("Unita", K.COUNTRY, cc="US", pop=330_000_000, at=(39.8, -98.5))
    index = {"Polonia": [(country, "name"), (town, "name")], "Ohiya": [(ohio, "name")], "Unita": [(us, "name")]}
    text = "Unita officials in Ohiya said exports to Polonia rose; Unita and Ohiya agreed."
    got = resolve_text(text, index, ["Unita", "Ohiya", "Polonia"])
    assert got["Polonia"] is country


def test_written_namesake_is_the_namesake() -> None:
    """ "Polonia, Ohiya" places the town there: a container undoes the penalty."""
    country, town, ohio = _country_and_namesakes()
    index = {"Polonia": [(country, "name"), (town, "name")], "Ohiya": [(ohio, "name")]}
    got = resolve_text("The mill in Polonia, Ohiya, closed.", index, ["Polonia", "Ohiya"])
    assert got["Polonia"] is town


def test_home_state_places_a_namesake() -> None:
    """ADMIN_QUALIFY_SHARE: in an article whose places all lie in one state, "Polonia" is that state's town."""
    country, town, _ = _country_and_namesakes()
    a = rec("Youngs", K.CITY, cc="US", admin1="OH", pop=60_000, at=(41.1, -80.65))
    b = rec("Boardham", K.CITY, cc="US", admin1="OH", pop=35_000, at=(41.0, -80.7))
    index = {"Polonia": [(country, "name"), (town, "name")], "Youngs": [(a, "name")], "Boardham": [(b, "name")]}
    text = "Youngs and Boardham police said the Polonia man was found."
    assert resolve_text(text, index, ["Youngs", "Boardham", "Polonia"])["Polonia"] is town


def _world_city() -> tuple[Index, Candidate, Candidate]:
    """A capital of 12 million abroad, a US town of its name, and a US capital the article names."""
    city = rec("Moskva", K.CITY, cc="RU", admin1="48", pop=12_000_000, at=(55.75, 37.6), code="PPLC")
    town = rec("Moskva", K.CITY, cc="US", admin1="PA", pop=2_000, at=(41.3, -75.5))
    capital = rec("Wash", K.CITY, cc="US", admin1="DC", pop=700_000, at=(38.9, -77.0), code="PPLC")
    index: Index = {"Moskva": [(city, "name"), (town, "name")], "Wash": [(capital, "name")]}
    return index, city, town


def test_a_world_city_is_what_its_bare_name_means() -> None:
    """Rule "world city", WORLD_CITY_NAMESAKE_PENALTY: naming the namesake's country and capital does not move
    talks in Moskva to the Pennsylvania town."""
    index, city, _ = _world_city()
    us = rec("Unita", K.COUNTRY, cc="US", pop=330_000_000, at=(39.8, -98.5))
    index["Unita"] = [(us, "name")]
    text = "Unita's envoy flew from Wash, and Unita officials said the talks in Moskva resume on Monday."
    assert resolve_text(text, index, ["Unita", "Wash", "Moskva"])["Moskva"] is city


def test_a_world_city_s_namesake_placed_by_the_text() -> None:
    """Rule "world city": a written state, or an article about the town's own state, places the namesake."""
    index, _, town = _world_city()
    penna = rec("Pennland", K.ADMIN1, cc="US", admin1="PA", pop=13_000_000, at=(40.9, -77.8))
    index["Pennland"] = [(penna, "name")]
    assert resolve_text("The mill in Moskva, Pennland, closed.", index, ["Moskva", "Pennland"])["Moskva"] is town
    a = rec("Scranby", K.CITY, cc="US", admin1="PA", pop=76_000, at=(41.4, -75.66))
    b = rec("Wilkesford", K.CITY, cc="US", admin1="PA", pop=44_000, at=(41.25, -75.88))
    index |= {"Scranby": [(a, "name")], "Wilkesford": [(b, "name")]}
    text = "Scranby and Wilkesford police said the Moskva man was found."
    assert resolve_text(text, index, ["Scranby", "Wilkesford", "Moskva"])["Moskva"] is town


def test_a_world_city_s_namesake_beside_the_article_s_other_place() -> None:
    """WORLD_CITY_NAMESAKE_PENALTY: a namesake 10 km from the article's other place, in the country it names, stays."""
    city = rec("Alexa", K.CITY, cc="EG", admin1="06", pop=3_800_000, at=(31.2, 29.9))
    town = rec("Alexa", K.CITY, cc="US", admin1="VA", pop=150_000, at=(38.8, -77.05))
    capital = rec("Wash", K.CITY, cc="US", admin1="DC", pop=700_000, at=(38.9, -77.04), code="PPLC")
    us = rec("Unita", K.COUNTRY, cc="US", pop=330_000_000, at=(39.8, -98.5))
    index: Index = {"Alexa": [(city, "name"), (town, "name")], "Wash": [(capital, "name")], "Unita": [(us, "name")]}
    text = "The school opens in Alexa this fall; parents in Wash and across Unita want a place too."
    assert resolve_text(text, index, ["Alexa", "Wash", "Unita"])["Alexa"] is town


def test_a_world_city_s_namesake_that_another_name_shares_a_state_with() -> None:
    """WORLD_CITY_LOCAL_SUPPORT: "Parys" with "Hanley County", which has a county in that town's state, is the town.

    Hanley County's first choice is the largest one, in another state, so the
    article's home state is not yet known: the support of the county's
    plausible reading in Tennessee is what places Parys there (and so the
    county too).
    """
    city = rec("Parys", K.CITY, cc="FR", admin1="11", pop=2_100_000, at=(48.85, 2.35))
    towns = [
        rec("Parys", K.CITY, cc="US", admin1=state, pop=pop, at=at)
        for state, pop, at in (("TN", 10_000, (36.3, -88.3)), ("TX", 25_000, (33.66, -95.55)))
    ]
    counties = [
        rec("Hanley County", K.ADMIN2, cc="US", admin1=state, pop=pop, at=at)
        for state, pop, at in (
            ("TN", 10_800, (36.3, -88.3)),
            ("GA", 600_000, (33.4, -84.1)),
            ("VA", 50_000, (36.7, -79.9)),
        )
    ]
    index: Index = {"Parys": [(city, "name")] + [(t, "name") for t in towns]}
    index["Hanley County"] = [(c, "name") for c in counties]
    got = resolve_text(
        "A Parys man was arrested Sunday; Hanley County deputies said.", index, ["Parys", "Hanley County"]
    )
    assert (got["Parys"], got["Hanley County"]) == (towns[0], counties[0])


def test_a_town_cue_does_not_place_a_world_city_s_namesake() -> None:
    """ "the Moskva mayor" is a town cue that both towns fit: it says nothing of which."""
    index, city, _ = _world_city()
    text = "Officials in Wash said the Moskva mayor will visit."
    assert resolve_text(text, index, ["Wash", "Moskva"])["Moskva"] is city


def test_one_other_state_does_not_make_a_home() -> None:
    """ADMIN_QUALIFY_SHARE: an article about Ontarya that names one New York city keeps Ontarya the province."""
    province = rec("Ontarya", K.ADMIN1, cc="CA", admin1="08", pop=13_000_000, at=(49.25, -84.5))
    ny_town = rec("Ontarya", K.CITY, cc="US", admin1="NY", pop=2_100, at=(43.2, -77.3))
    buffalo = rec("Bufala", K.CITY, cc="US", admin1="NY", pop=260_000, at=(42.9, -78.9))
    toronto = rec("Toronta", K.CITY, cc="CA", admin1="08", pop=2_600_000, at=(43.7, -79.4))
    index = {"Ontarya": [(province, "name"), (ny_town, "name")], "Bufala": [(buffalo, "name")]}
    index["Toronta"] = [(toronto, "name")]
    text = "Babies born in Ontarya go to Bufala or Toronta."
    assert resolve_text(text, index, ["Ontarya", "Bufala", "Toronta"])["Ontarya"] is province


def test_state_named_like_a_country_with_its_towns() -> None:
    """A state that shares a country's name is the state when the article's places lie in it."""
    country = rec("Iberia", K.COUNTRY, cc="GE", pop=3_700_000, at=(42, 43.5))
    state = rec("Iberia", K.ADMIN1, cc="US", admin1="GA", pop=10_000_000, at=(32.75, -83.5))
    a = rec("Atlas", K.CITY, cc="US", admin1="GA", pop=500_000, at=(33.75, -84.4))
    b = rec("Savona", K.CITY, cc="US", admin1="GA", pop=140_000, at=(32.1, -81.1))
    index = {"Iberia": [(country, "name"), (state, "name")], "Atlas": [(a, "name")], "Savona": [(b, "name")]}
    got = resolve_text("The governor of Iberia visited Atlas and Savona.", index, ["Iberia", "Atlas", "Savona"])
    assert got["Iberia"] is state


def test_state_named_like_a_country_abroad() -> None:
    """COUNTRY_QUALIFY_SHARE: one US town among foreign ones does not make "Iberia" the US state."""
    country = rec("Iberia", K.COUNTRY, cc="GE", pop=3_700_000, at=(42, 43.5))
    state = rec("Iberia", K.ADMIN1, cc="US", admin1="GA", pop=10_000_000, at=(32.75, -83.5))
    a = rec("Monroe", K.CITY, cc="US", admin1="MN", pop=50_000, at=(45, -93))
    b = rec("Kars", K.CITY, cc="TR", pop=40_000, at=(40.6, 43.1))
    c = rec("Ardahan", K.CITY, cc="TR", pop=40_000, at=(41.1, 42.7))
    index = {"Iberia": [(country, "name"), (state, "name")], "Monroe": [(a, "name")]}
    index |= {"Kars": [(b, "name")], "Ardahan": [(c, "name")]}
    text = "A Monroe man drove from Kars and Ardahan into Iberia."
    assert resolve_text(text, index, ["Monroe", "Kars", "Ardahan", "Iberia"])["Iberia"] is country


def test_state_named_like_a_country_in_local_news() -> None:
    """COUNTRY_QUALIFY_SHARE: in an article whose places lie in the US, "Iberia" is the US state."""
    country = rec("Iberia", K.COUNTRY, cc="GE", pop=3_700_000, at=(42, 43.5))
    state = rec("Iberia", K.ADMIN1, cc="US", admin1="GA", pop=10_000_000, at=(32.75, -83.5))
    a = rec("Monroe", K.CITY, cc="US", admin1="MN", pop=50_000, at=(45, -93))
    b = rec("Elkton", K.CITY, cc="US", admin1="OR", pop=40_000, at=(44, -123))
    index = {"Iberia": [(country, "name"), (state, "name")], "Monroe": [(a, "name")], "Elkton": [(b, "name")]}
    text = "A Monroe man and an Elkton woman were charged under Iberia law."
    assert resolve_text(text, index, ["Monroe", "Elkton", "Iberia"])["Iberia"] is state


def test_small_states_do_not_shadow_towns() -> None:
    """PROMINENT_ADMIN1_POPULATION: a parish of 260,000 does not shadow a US town of that name."""
    parish = rec("Hanova", K.ADMIN1, cc="JM", admin1="09", pop=260_000, at=(18.4, -78.1))
    town = rec("Hanova", K.CITY, cc="US", admin1="PA", pop=15_000, at=(39.8, -76.98))
    us = rec("Unita", K.COUNTRY, cc="US", pop=330_000_000, at=(39.8, -98.5))
    index = {"Hanova": [(parish, "name"), (town, "name")], "Unita": [(us, "name")]}
    got = resolve_text("Unita officials said Hanova schools closed.", index, ["Unita", "Hanova"])
    assert got["Hanova"] is town


def test_states_named_after_their_city_do_not_shadow() -> None:
    """NAMED_AFTER_CITY_SHARE: a region named after its own city shadows no namesake elsewhere."""
    region = rec("Saint-Lo", K.ADMIN1, cc="SN", admin1="14", pop=480_000, at=(16.0, -15.0))
    city = rec("Saint-Lo", K.CITY, cc="SN", admin1="14", pop=180_000, at=(16.03, -16.5))
    us_city = rec("Saint-Lo", K.CITY, cc="US", admin1="MO", pop=300_000, at=(38.6, -90.2))
    us = rec("Unita", K.COUNTRY, cc="US", pop=330_000_000, at=(39.8, -98.5))
    index = {"Saint-Lo": [(region, "name"), (city, "name"), (us_city, "name")], "Unita": [(us, "name")]}
    got = resolve_text("Unita's Saint-Lo agency and Unita officials met.", index, ["Unita", "Saint-Lo"])
    assert got["Saint-Lo"] is us_city


def test_a_small_town_inside_does_not_name_a_state() -> None:
    """NAMED_AFTER_CITY_SHARE: a hamlet inside a province that shares its name leaves the province prominent."""
    province = rec("Ontarya", K.ADMIN1, cc="CA", admin1="08", pop=13_000_000, at=(49.25, -84.5))
    hamlet = rec("Ontarya", K.CITY, cc="CA", admin1="08", pop=900, at=(45, -80))
    us_town = rec("Ontarya", K.CITY, cc="US", admin1="CA", pop=170_000, at=(34.06, -117.65))
    us = rec("Unita", K.COUNTRY, cc="US", pop=330_000_000, at=(39.8, -98.5))
    index = {"Ontarya": [(province, "name"), (hamlet, "name"), (us_town, "name")], "Unita": [(us, "name")]}
    got = resolve_text("Unita said hospitals in Ontarya were full.", index, ["Unita", "Ontarya"])
    assert got["Ontarya"] is province


def test_big_namesakes_compete_with_a_state() -> None:
    """SMALL_NAMESAKE_SHARE: a province does not shadow a city a third of its size (Gazza)."""
    province = rec("Gazza", K.ADMIN1, cc="MZ", admin1="04", pop=1_200_000, at=(-23.0, 33.0))
    city = rec("Gazza", K.CITY, cc="PS", pop=410_000, at=(31.5, 34.47))
    israel = rec("Judea", K.COUNTRY, cc="PS", pop=4_000_000, at=(31.9, 35.2))
    index = {"Gazza": [(province, "name"), (city, "name")], "Judea": [(israel, "name")]}
    got = resolve_text("Judea said strikes on Gazza went on; Judea asked for aid.", index, ["Judea", "Gazza"])
    assert got["Gazza"] is city


def test_place_named_inside_a_longer_name_says_so() -> None:
    """Issue class 4: a place found inside "Tarrow State University" says where it was found."""
    state = rec("Tarrow", K.ADMIN1, cc="US", admin1="TR", pop=5_000_000, at=(40, -83))
    text = "Students at Tarrow State University protested."
    start = text.index("Tarrow")
    mention = Mention("Tarrow", start, start + 6, "GPE", "nested")
    article = Article("a", "a.txt", "", text, None, DateSource.NONE, "")
    result = resolve.resolve_places(article, [mention], lambda n: [(state, "name")] if n == "Tarrow" else [])
    assert "named inside 'Tarrow State University'" in result.places[0].reason


def _york() -> Index:
    state = rec("New Yorvik", K.ADMIN1, cc="US", admin1="NY", pop=19_000_000, at=(43.0, -75.5))
    city = rec("New Yorvik City", K.CITY, cc="US", admin1="NY", pop=8_800_000, at=(40.7, -74.0))
    return {"New Yorvik": [(state, "name"), (city, "alt")]}


def test_a_bare_state_name_is_the_state() -> None:
    """Without a town word, the state that has the name as its own, not the city that has it as an alternate."""
    got = resolve_text("Voters in New Yorvik chose a governor.", _york(), ["New Yorvik"])
    assert got["New Yorvik"].feature is K.ADMIN1


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("New Yorvik police arrested two men.", id="town-word"),
        pytest.param("NEW YORVIK (Reuters) - Stocks rose.", id="dateline"),
    ],
)
def test_a_state_name_used_as_a_town(text: str) -> None:
    """TOWN_CUE_BONUS: "New Yorvik police" and a dateline mean the city."""
    index = _york()
    name = "NEW YORVIK" if text.startswith("NEW") else "New Yorvik"
    index[name] = index["New Yorvik"]
    got = resolve_text(text, index, [name], dateline=name if name.isupper() else None)
    assert got[name].feature is K.CITY


def _iberia() -> tuple[Index, Candidate, Candidate]:
    country = rec("Iberia", K.COUNTRY, cc="GE", pop=3_700_000, at=(42, 43.5))
    state = rec("Iberia", K.ADMIN1, cc="US", admin1="GA", pop=10_000_000, at=(32.75, -83.5))
    texas = rec("Tejas", K.ADMIN1, cc="US", admin1="TX", pop=29_000_000, at=(31.25, -99.25))
    atlas = rec("Atlas", K.CITY, cc="US", admin1="GA", pop=500_000, at=(33.75, -84.4))
    index = {"Iberia": [(country, "name"), (state, "name")], "Tejas": [(texas, "name")], "Atlas": [(atlas, "name")]}
    return index, country, state


def test_a_list_of_states_is_a_list_of_states() -> None:
    """A state's name listed beside another state of its country ("Tejas and Iberia") is the state."""
    index, _, state = _iberia()
    got = resolve_text("Plants in Tejas and Iberia recalled the nuts.", index, ["Tejas", "Iberia"])
    assert got["Iberia"] is state
    assert "listed with other divisions" in reason_of(
        "Plants in Tejas and Iberia recalled the nuts.", index, ["Tejas", "Iberia"], "Iberia"
    )


def test_the_place_written_before_a_state_places_it() -> None:
    """ "Atlas, Iberia": the state that holds Atlas, though a country has the name."""
    index, _, state = _iberia()
    got = resolve_text("Scientists in Atlas, Iberia, confirmed it.", index, ["Atlas", "Iberia"])
    assert got["Iberia"] is state


def test_a_country_listed_with_a_state_stays_a_country() -> None:
    """A list is a list of states only when its other names are states of that country."""
    index, country, _ = _iberia()
    armenia = rec("Armina", K.COUNTRY, cc="AM", pop=3_000_000, at=(40.25, 45))
    index["Armina"] = [(armenia, "name")]
    got = resolve_text("Talks between Armina and Iberia resumed.", index, ["Armina", "Iberia"])
    assert got["Iberia"] is country


def test_county_words_are_for_counties() -> None:
    """ "the province of Ontarya" makes the province, not a county of that name, what the text means."""
    province = rec("Ontarya", K.ADMIN1, cc="CA", admin1="08", pop=13_000_000, at=(49.25, -84.5))
    county = rec("Ontarya County", K.ADMIN2, cc="US", admin1="NY", pop=110_000, at=(42.85, -77.3))
    buffalo = rec("Bufala", K.CITY, cc="US", admin1="NY", pop=260_000, at=(42.9, -78.9))
    index = {"Ontarya": [(province, "name"), (county, "alt")], "Bufala": [(buffalo, "name")]}
    text = "Mothers in the province of Ontarya go to Bufala."
    assert resolve_text(text, index, ["Ontarya", "Bufala"])["Ontarya"] is province


def test_longer_forms_of_a_known_name() -> None:
    """ "the Salvia Valley" lies at Salvia; "North Dalton" is part of the city of Dalton."""
    town = rec("Salvia", K.CITY, cc="US", admin1="CA", pop=150_000, at=(36.7, -121.6))
    dalton = rec("Dalton", K.CITY, cc="US", admin1="TX", pop=1_300_000, at=(32.8, -96.8))
    index = {"Salvia": [(town, "name")], "Dalton": [(dalton, "name")]}
    got = resolve_text("Spinach from the Salvia Valley reached North Dalton.", index, ["Salvia Valley", "North Dalton"])
    assert got["Salvia Valley"] is town and got["North Dalton"] is dalton


def test_compass_forms_need_a_city() -> None:
    """PREFIX_CITY_POPULATION: "West Prynce" is not a hamlet called Prynce; it is left unmapped."""
    hamlet = rec("Prynce", K.CITY, cc="CA", admin1="PE", pop=500, at=(46.5, -64.0))
    assert place_candidates("West Prynce", lambda n: [(hamlet, "name")] if n == "Prynce" else []) == []


def test_a_name_gets_at_most_max_candidates() -> None:
    """An online geocoder asked for more answers than MAX_CANDIDATES (its `limit` option) is cut to
    them, as the offline one is: the 51st answer, however big, is never chosen."""
    from geomap.geocoding.candidates import MAX_CANDIDATES

    small = [(rec("Springfield", K.CITY, pop=1_000 + i, rid=i + 1), "name") for i in range(MAX_CANDIDATES)]
    big = (rec("Springfield", K.CITY, pop=5_000_000, rid=999), "name")
    chosen = resolve_text("They drove to Springfield.", {"Springfield": [*small, big]}, ["Springfield"])
    assert chosen["Springfield"].population < 5_000_000
    chosen = resolve_text("They drove to Springfield.", {"Springfield": [*small[:-1], big]}, ["Springfield"])
    assert chosen["Springfield"].population == 5_000_000
