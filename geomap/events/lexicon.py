"""Words that signal events, and how their arguments map to place roles.

A trigger is a verb or a noun. Its *frame* says how the prepositions and the
subject and object around it relate to places: after "arrive", "in X" is the
destination; after "leave", the object is the origin; after "provide", the
object is the recipient. Verb forms are listed explicitly (inflections are
generated below), so no lemmatizer is needed at run time.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from ..model import EventType, Mode


class Frame(Enum):
    """How a trigger's arguments map to places."""

    ARRIVE = "arrive"  # in/at X = destination; object = destination ("reached Busan")
    DEPART = "depart"  # object = origin ("left Odesa"); for/to X = destination
    MOTION = "motion"  # to X = destination, from X = origin
    VISIT = "visit"  # object = destination ("visited Kyiv"); in X = destination
    SEND = "send"  # subject place = origin; recipient object = destination
    RECEIVE = "receive"  # subject place = destination; from X = origin
    TRANSPORT = "transport"  # carry / ship: from/to, subject is the carrier
    STAY = "stay"  # in/at/off X = location (meetings, exercises, attacks, sightings)
    INVITE = "invite"  # invited PERSON to X: a planned visit of the object


@dataclass(frozen=True, slots=True)
class Trigger:
    type: EventType
    frame: Frame
    noun: bool = False


_IRREGULAR: dict[str, tuple[str, ...]] = {
    "go": ("goes", "went", "gone", "going"),
    "come": ("comes", "came", "coming"),
    "fly": ("flies", "flew", "flown", "flying"),
    "leave": ("leaves", "left", "leaving"),
    "send": ("sends", "sent", "sending"),
    "make": ("makes", "made", "making"),
    "meet": ("meets", "met", "meeting"),
    "hold": ("holds", "held", "holding"),
    "give": ("gives", "gave", "given", "giving"),
    "sell": ("sells", "sold", "selling"),
    "buy": ("buys", "bought", "buying"),
    "get": ("gets", "got", "gotten", "getting"),
    "ride": ("rides", "rode", "ridden", "riding"),
    "drive": ("drives", "drove", "driven", "driving"),
    "flee": ("flees", "fled", "fleeing"),
    "set": ("sets", "setting"),
    "speak": ("speaks", "spoke", "spoken", "speaking"),
    "strike": ("strikes", "struck", "striking"),
    "shoot": ("shoots", "shot", "shooting"),
    "see": ("sees", "saw", "seen", "seeing"),
    "bring": ("brings", "brought", "bringing"),
    "run": ("runs", "ran", "running"),
    "seek": ("seeks", "sought", "seeking"),
    "lead": ("leads", "led", "leading"),
    "hit": ("hits", "hitting"),
    "begin": ("begins", "began", "begun", "beginning"),
    "bind": ("bound",),
    "say": ("says", "said", "saying"),
    "tell": ("tells", "told", "telling"),
    "pay": ("pays", "paid", "paying"),
    "take": ("takes", "took", "taken", "taking"),
    "lend": ("lends", "lent", "lending"),
    "lay": ("lays", "laid", "laying"),
    "think": ("thinks", "thought", "thinking"),
    "withdraw": ("withdraws", "withdrew", "withdrawn", "withdrawing"),
    "undertake": ("undertakes", "undertook", "undertaken", "undertaking"),
    "sink": ("sinks", "sank", "sunk", "sinking"),
    "steal": ("steals", "stole", "stolen", "stealing"),
}


def inflect(base: str) -> set[str]:
    """The base form and its regular (or listed irregular) inflections."""
    if base in _IRREGULAR:
        return {base, *_IRREGULAR[base]}
    forms = {base}
    if base.endswith("e"):
        forms |= {base + "s", base + "d", base[:-1] + "ing"}
    elif base.endswith("y") and base[-2:-1] not in "aeiou":
        forms |= {base[:-1] + "ies", base[:-1] + "ied", base + "ing"}
    elif base.endswith(("s", "sh", "ch", "x", "z")):
        forms |= {base + "es", base + "ed", base + "ing"}
    elif base.endswith("l") and base[-2:-1] in "aeiou" and base[-3:-2] not in "aeiou":
        # travel -> traveled / travelled, signal -> signaled / signalled
        forms |= {base + "s", base + "ed", base + "ing", base + "led", base + "ling"}
    elif _doubles_final(base):
        forms |= {base + "s", base + base[-1] + "ed", base + base[-1] + "ing"}
    else:
        forms |= {base + "s", base + "ed", base + "ing"}
    return forms


def _doubles_final(base: str) -> bool:
    """ship -> shipped, drop -> dropped; not visit -> visited (stress rule, approximated)."""
    return base in {"ship", "drop", "stop", "plan", "transship", "tow", "tug"} and not base.endswith("w")


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


_VERBS: dict[tuple[EventType, Frame], tuple[str, ...]] = {
    (EventType.VISIT, Frame.ARRIVE): _words("arrive land"),
    (EventType.VISIT, Frame.VISIT): _words("visit tour"),
    (EventType.TRIP, Frame.ARRIVE): _words("reach return"),
    (EventType.TRIP, Frame.DEPART): _words("leave depart flee exit evacuate"),
    (EventType.TRIP, Frame.MOTION): _words(
        """travel go fly head journey drive ride move relocate cross come set commute migrate sail
        steam navigate divert reroute redirect dock berth"""
    ),
    (EventType.SHIPMENT, Frame.SEND): _words(
        "ship send deliver export smuggle dispatch transship airlift load offload re-export"
    ),
    (EventType.TRANSFER, Frame.SEND): _words(
        "supply provide transfer sell give donate hand funnel channel lend lease gift"
    ),
    (EventType.SHIPMENT, Frame.RECEIVE): _words("receive import buy purchase acquire obtain unload"),
    (EventType.SHIPMENT, Frame.TRANSPORT): _words("transport carry haul ferry convey tow bring"),
    (EventType.DEPLOYMENT, Frame.SEND): _words("deploy station redeploy mobilize mobilise"),
    (EventType.DEPLOYMENT, Frame.MOTION): _words("withdraw invade advance retreat reinforce"),
    (EventType.MEETING, Frame.STAY): _words("meet convene negotiate"),
    (EventType.STATEMENT, Frame.STAY): _words(
        "speak address announce declare pledge thank vow promise warn urge condemn praise"
    ),
    (EventType.ATTACK, Frame.STAY): _words(
        """attack strike bomb shell shoot raid hit target launch fire kill destroy seize capture storm
        ambush"""
    ),
    (EventType.EXERCISE, Frame.STAY): _words("exercise drill train rehearse"),
    (EventType.OTHER, Frame.STAY): _words("see spot observe photograph picture anchor moor detect track sight"),
    (EventType.OTHER, Frame.INVITE): _words("invite"),
}

_NOUNS: dict[tuple[EventType, Frame], tuple[str, ...]] = {
    (EventType.VISIT, Frame.VISIT): (
        "visit",
        "visits",
        "state visit",
        "tour",
        "tours",
        "stopover",
        "stay",
    ),
    (EventType.VISIT, Frame.ARRIVE): _words("arrival arrivals landing"),
    (EventType.TRIP, Frame.MOTION): _words(
        """trip trips journey journeys voyage voyages flight flights travel travels crossing crossings
        passage sailing sailings transit return"""
    ),
    (EventType.TRIP, Frame.DEPART): _words("departure departures exodus evacuation withdrawal"),
    (EventType.SHIPMENT, Frame.SEND): _words(
        """shipment shipments delivery deliveries export exports consignment consignments shipping
        airlift smuggling transshipment cargo cargoes"""
    ),
    (EventType.TRANSFER, Frame.SEND): _words(
        "transfer transfers supply supplies sale sales donation donations aid handover"
    ),
    (EventType.SHIPMENT, Frame.RECEIVE): _words("import imports purchase purchases"),
    (EventType.DEPLOYMENT, Frame.MOTION): _words(
        "deployment deployments invasion incursion redeployment buildup build-up"
    ),
    (EventType.MEETING, Frame.STAY): _words(
        """meeting meetings talks summit summits reception conference negotiations dinner banquet
        ceremony session consultations forum gathering"""
    ),
    (EventType.STATEMENT, Frame.STAY): (
        "speech",
        "address",
        "statement",
        "announcement",
        "remarks",
        "press conference",
        "news conference",
        "briefing",
        "interview",
    ),
    (EventType.ATTACK, Frame.STAY): _words(
        """attack attacks strike strikes airstrike airstrikes bombing bombings shelling raid raids
        assault explosion blast ambush clashes fighting offensive"""
    ),
    (EventType.EXERCISE, Frame.STAY): (
        "exercise",
        "exercises",
        "drill",
        "drills",
        "maneuvers",
        "manoeuvres",
        "war games",
        "wargames",
        "patrol",
        "patrols",
        "training",
    ),
}

# Light verbs carry a noun trigger: "made a trip", "held talks", "paid a visit".
LIGHT_VERBS = frozenset(
    inflect("make")
    | inflect("pay")
    | inflect("hold")
    | inflect("take")
    | inflect("conduct")
    | inflect("stage")
    | inflect("carry")
    | inflect("begin")
    | inflect("start")
    | inflect("complete")
    | inflect("undertake")
    | inflect("step")
    | inflect("launch")
    | inflect("join")
    | inflect("host")
    | inflect("give")
    | inflect("deliver")
    | inflect("plan")
    | inflect("schedule")
    | inflect("announce")
)


def _build() -> tuple[dict[str, Trigger], dict[str, Trigger]]:
    # "a ship bound for Izmail", "a tanker headed to India": participles of motion
    verbs: dict[str, Trigger] = {"bound": Trigger(EventType.TRIP, Frame.MOTION)}
    for (etype, frame), bases in _VERBS.items():
        for base in bases:
            for form in inflect(base):
                verbs.setdefault(form, Trigger(etype, frame))
    nouns: dict[str, Trigger] = {}
    for (etype, frame), words in _NOUNS.items():
        for word in words:
            nouns.setdefault(word, Trigger(etype, frame, noun=True))
    return verbs, nouns


VERB_TRIGGERS, NOUN_TRIGGERS = _build()

# Verbs that only count as events with a moving thing as subject or object:
# "the ship was seen at the port", not "analysts see risks".
NEEDS_MOVABLE = frozenset(
    inflect("see")
    | inflect("spot")
    | inflect("observe")
    | inflect("photograph")
    | inflect("picture")
    | inflect("detect")
    | inflect("track")
    | inflect("sight")
    | inflect("anchor")
    | inflect("moor")
    | inflect("load")
    | inflect("come")
    | inflect("set")
    | inflect("run")
    | inflect("move")
    | inflect("return")
    | inflect("cross")
    | inflect("head")
    | inflect("give")
    | inflect("hand")
    | inflect("bring")
    | inflect("carry")
    | inflect("hit")
    | inflect("fire")
    | inflect("launch")
    | inflect("target")
    | inflect("train")
    | inflect("receive")
)

VESSELS = frozenset(
    """ship ships vessel vessels ferry ferries tanker tankers freighter freighters boat boats barge barges
    carrier carriers cargo ship containership frigate frigates destroyer destroyers warship warships
    submarine submarines fleet flotilla convoy convoys truck trucks lorry lorries train trains plane
    planes aircraft jet jets helicopter helicopters drone drones bomber bombers flight flights yacht
    trawler icebreaker tug tugs dhow""".split()
)
CARGO = frozenset(
    """cargo cargoes goods grain wheat corn maize oil crude fuel gas lng coal iron steel fertilizer
    fertiliser weapons weapon arms munitions ammunition shells missiles rockets artillery tanks drones
    equipment supplies aid food containers container commodities timber sugar rice coffee cotton copper
    ore uranium diesel gasoline petrol vehicles cars components parts chips materials troops tourists
    passengers migrants refugees""".split()
)
ARMS = frozenset(
    """weapons weapon arms munitions ammunition shells missiles missile rockets rocket artillery tanks
    drones drone guns rifles bombs explosives warheads launchers""".split()
)
GRAIN = frozenset(["grain", "wheat", "corn", "maize", "barley", "rice", "soybeans", "sunflower", "food"])
ENERGY = frozenset(["oil", "crude", "fuel", "gas", "lng", "coal", "diesel", "gasoline", "petrol"])
TROOPS = frozenset(
    """troops soldiers forces units battalion battalions brigade brigades marines sailors personnel
    servicemen mercenaries fighters""".split()
)
PEOPLE_MOVING = frozenset(["tourists", "passengers", "migrants", "refugees", "pilgrims", "delegation", "delegates"])

MODE_WORDS: dict[Mode, frozenset[str]] = {
    Mode.SEA: frozenset(
        """sea ship ships vessel vessels ferry ferries tanker tankers freighter freighters boat boats barge
        barges port ports harbor harbour maritime naval navy navies sail sailed sailing sails shipping
        seaborne dock docked drydock strait voyage voyages cruise container containers""".split()
    ),
    Mode.AIR: frozenset(
        """air plane planes aircraft jet jets flew fly flies flight flights airport airlift airlifted
        helicopter helicopters airliner airbase cargo-plane""".split()
    ),
    Mode.RAIL: frozenset(
        ["rail", "railway", "railways", "railroad", "train", "trains", "railcar", "railcars", "wagons", "locomotive"]
    ),
    Mode.ROAD: frozenset(
        """road roads truck trucks lorry lorries convoy convoys drove drive highway bus buses car cars""".split()
    ),
}

# "by sea", "by rail": an explicit mode beats any word that merely suggests one.
MODE_PHRASES: dict[str, Mode] = {
    "sea": Mode.SEA,
    "ship": Mode.SEA,
    "boat": Mode.SEA,
    "air": Mode.AIR,
    "plane": Mode.AIR,
    "rail": Mode.RAIL,
    "train": Mode.RAIL,
    "road": Mode.ROAD,
    "truck": Mode.ROAD,
    "land": Mode.ROAD,
}

DESTINATION_PREPS = frozenset({"to", "into", "toward", "towards", "onto", "unto"})
ORIGIN_PREPS = frozenset({"from"})
VIA_PREPS = frozenset({"via", "through", "across", "past", "over"})
LOCATION_PREPS = frozenset(
    {
        "in",
        "at",
        "near",
        "off",
        "on",
        "around",
        "inside",
        "outside",
        "within",
        "along",
        "throughout",
        "aboard",
        "by",
        "beside",
        "opposite",
    }
)
PAIR_PREPS = frozenset({"between"})

# Words that make an event planned, alleged, denied or hypothetical.
FUTURE_AUX = frozenset({"will", "'ll", "shall", "wo"})
PLAN_VERBS = frozenset(
    inflect("plan")
    | inflect("intend")
    | inflect("expect")
    | inflect("schedule")
    | inflect("prepare")
    | inflect("propose")
    | inflect("hope")
    | inflect("want")
    | inflect("aim")
    | inflect("agree")
    | inflect("seek")
    | inflect("consider")
    | inflect("invite")
    | inflect("offer")
    | inflect("promise")
    | inflect("pledge")
    | inflect("vow")
    | inflect("threaten")
    | {"due", "set", "poised", "slated", "likely"}
)
PLAN_MODIFIERS = frozenset(
    {
        "planned",
        "upcoming",
        "future",
        "proposed",
        "expected",
        "scheduled",
        "possible",
        "potential",
        "prospective",
        "next",
        "forthcoming",
        "anticipated",
        "intended",
        "pending",
    }
)
PLAN_CONTEXT_NOUNS = frozenset(
    {
        "stage",
        "way",
        "preparation",
        "preparations",
        "plan",
        "plans",
        "invitation",
        "ground",
        "groundwork",
        "date",
        "agenda",
        "hopes",
    }
)
HEDGES = frozenset(
    {
        "possibly",
        "allegedly",
        "reportedly",
        "purportedly",
        "apparently",
        "suspected",
        "alleged",
        "presumably",
        "supposedly",
        "probably",
        "likely",
        "perhaps",
        "may",
        "might",
        "could",
        "unconfirmed",
        "rumored",
        "rumoured",
    }
)
CLAIM_VERBS = frozenset(
    inflect("say")
    | inflect("claim")
    | inflect("allege")
    | inflect("accuse")
    | inflect("report")
    | inflect("tell")
    | inflect("charge")
    | inflect("assert")
    | inflect("suggest")
    | inflect("believe")
    | inflect("suspect")
    | inflect("insist")
    | {"according"}
)
DENY_VERBS = frozenset(
    inflect("deny")
    | inflect("reject")
    | inflect("dismiss")
    | inflect("refute")
    | inflect("dispute")
    | inflect("rebuff")
    | inflect("disavow")
    | {"denial", "denials"}
)
ALLEGATION_NOUNS = frozenset(
    {
        "allegation",
        "allegations",
        "accusation",
        "accusations",
        "claim",
        "claims",
        "report",
        "reports",
        "charges",
        "assertions",
        "suggestions",
        "reporting",
    }
)
NEGATIONS = frozenset({"not", "n't", "never", "no", "neither", "nor", "without"})
CONTESTED_TYPES = frozenset({EventType.SHIPMENT, EventType.TRANSFER, EventType.ATTACK, EventType.DEPLOYMENT})

# A "the same port", "the city": phrases that point back to a place named earlier.
ANAPHORIC_CONTAINERS = frozenset(
    {
        "port",
        "city",
        "town",
        "capital",
        "harbor",
        "harbour",
        "village",
        "island",
        "base",
        "area",
        "region",
        "province",
        "country",
    }
)
