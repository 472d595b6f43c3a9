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

from ..model import EventType, Mode, Role


class Frame(Enum):
    """How a trigger's arguments map to places."""

    ARRIVE = "arrive"  # in/at X = destination; object = destination ("reached Busan"); from X = origin
    DEPART = "depart"  # object = origin ("left Odesa"); for/to X = destination
    MOTION = "motion"  # to X = destination, from X = origin; object = route ("crossed the Bosphorus")
    CARRY = "carry"  # object = what moves ("took the migrants to Ramsgate"); from/to as MOTION
    VISIT = "visit"  # object = destination ("visited Kyiv"); in X = destination
    SEND = "send"  # subject place = origin; recipient object = destination
    RECEIVE = "receive"  # subject place = destination; from X = origin
    STAY = "stay"  # in/at/off X = location (meetings, exercises, attacks, sightings)
    INVITE = "invite"  # invited PERSON to X: a planned visit of the object


# Frames whose subject moves itself ("she flew", "the ship left"), unlike what is carried or sent.
SELF_MOVING = frozenset({Frame.ARRIVE, Frame.DEPART, Frame.MOTION, Frame.VISIT})


@dataclass(frozen=True, slots=True)
class Trigger:
    """A word that reports an event.

    ``type`` is the kind of event the word itself says. When ``fixed`` is
    false it is only a default, and what moves decides the type
    (:mod:`.movers`): "arrived" is a visit for a minister, a flight for an
    airliner and a shipment for a tanker; "deported" is a deportation
    whatever moves.
    """

    type: EventType
    frame: Frame
    noun: bool = False
    fixed: bool = False


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
    "swim": ("swims", "swam", "swum", "swimming"),
    "bus": ("buses", "bused", "bussed", "busing", "bussing"),
    "shake": ("shakes", "shook", "shaken", "shaking"),
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
    elif _doubles_final(base):
        forms |= {base + "s", base + base[-1] + "ed", base + base[-1] + "ing"}
    elif base.endswith("l") and base[-2:-1] in "aeiou" and base[-3:-2] not in "aeiou":
        # travel -> traveled / travelled, signal -> signaled / signalled
        forms |= {base + "s", base + "ed", base + "ing", base + "led", base + "ling"}
    else:
        forms |= {base + "s", base + "ed", base + "ing"}
    return forms


# Verbs that double their last consonant: ship -> shipped, transfer -> transferred, expel -> expelled.
# English doubles it after a stressed short vowel; the stress cannot be read off the spelling,
# so the verbs the lexicon uses are listed (visit -> visited does not double).
_DOUBLING = frozenset(
    """ship drop stop plan transship tug transfer expel compel propel repel patrol control step scrap bar
    ban trek permit commit submit admit equip kidnap refer prefer defer deter confer abet occur regret
    jet""".split()
)


def _doubles_final(base: str) -> bool:
    return base in _DOUBLING


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# Verbs by (default type, frame). Types marked fixed below keep their type
# whatever moves; the others take the type of what moves (:mod:`.movers`).
_VERBS: dict[tuple[EventType, Frame], tuple[str, ...]] = {
    (EventType.TRIP, Frame.ARRIVE): _words(
        "arrive land reach dock berth disembark deboard deplane alight enter touch splash"
    ),
    (EventType.VISIT, Frame.VISIT): _words("visit tour"),
    (EventType.TRIP, Frame.DEPART): _words("leave depart exit escape abandon"),
    (EventType.MIGRATION, Frame.DEPART): _words("flee"),
    (EventType.EVACUATION, Frame.DEPART): _words("evacuate"),
    (EventType.WITHDRAWAL, Frame.DEPART): _words("withdraw retreat"),
    (EventType.TRIP, Frame.MOTION): _words(
        """travel go fly head journey drive ride move cross come commute sail steam navigate
        divert reroute redirect proceed continue walk trek transit pass cruise return push rush race
        snake stream pour hike march swim row paddle board destine"""
    ),
    (EventType.MIGRATION, Frame.MOTION): _words("migrate emigrate immigrate defect"),
    (EventType.TRIP, Frame.CARRY): _words(
        """transport carry haul ferry convey tow bring take shuttle escort bus truck airlift shift
        relocate resettle transfer steer accompany"""
    ),
    (EventType.DEPORTATION, Frame.CARRY): _words("deport expel repatriate extradite"),
    (EventType.SHIPMENT, Frame.SEND): _words("ship send deliver export smuggle dispatch transship load re-export"),
    (EventType.TRANSFER, Frame.SEND): _words("supply provide sell give donate hand funnel channel lend lease gift"),
    (EventType.SHIPMENT, Frame.RECEIVE): _words("receive import buy purchase acquire obtain unload offload discharge"),
    (EventType.DEPLOYMENT, Frame.SEND): _words("deploy station redeploy mobilize mobilise"),
    (EventType.DEPLOYMENT, Frame.MOTION): _words("invade advance reinforce"),
    (EventType.MEETING, Frame.STAY): _words("meet convene negotiate confer"),
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

# Types a trigger gives only for want of a better one.
DEFAULT_TYPES = frozenset({EventType.TRIP, EventType.OTHER})

# Verbs whose own meaning names the kind of movement (evacuate, deport, flee, withdraw, deploy, ...).
FIXED_VERB_TYPES = frozenset(
    {EventType.MIGRATION, EventType.EVACUATION, EventType.WITHDRAWAL, EventType.DEPORTATION, EventType.DEPLOYMENT}
)

_NOUNS: dict[tuple[EventType, Frame], tuple[str, ...]] = {
    (EventType.VISIT, Frame.VISIT): (
        "visit",
        "visits",
        "state visit",
        "tour",
        "tours",
        "stopover",
        "stopovers",
        "stay",
        "pilgrimage",
    ),
    (EventType.TRIP, Frame.ARRIVE): _words("arrival arrivals landing landings touchdown docking"),
    (EventType.MIGRATION, Frame.ARRIVE): _words("influx inflow"),
    (EventType.TRIP, Frame.MOTION): _words(
        """trip trips journey journeys voyage voyages travel travels crossing crossings passage sailing
        sailings transit return returns ride drive trek relocation transfers transfer"""
    ),
    (EventType.FLIGHT, Frame.MOTION): _words("flight flights airlift airlifts"),
    (EventType.MIGRATION, Frame.MOTION): _words("migration migrations"),
    (EventType.DEPORTATION, Frame.MOTION): _words(
        "deportation deportations repatriation repatriations expulsion expulsions extradition removal removals"
    ),
    (EventType.TRIP, Frame.DEPART): _words("departure departures"),
    (EventType.MIGRATION, Frame.DEPART): _words("exodus"),
    (EventType.EVACUATION, Frame.DEPART): _words("evacuation evacuations"),
    (EventType.WITHDRAWAL, Frame.DEPART): _words("withdrawal withdrawals pullout"),
    (EventType.SHIPMENT, Frame.SEND): _words(
        """shipment shipments delivery deliveries export exports consignment consignments shipping
        smuggling transshipment cargo cargoes"""
    ),
    (EventType.TRANSFER, Frame.SEND): _words("supply supplies sale sales donation donations aid handover"),
    (EventType.SHIPMENT, Frame.RECEIVE): _words("import imports purchase purchases"),
    (EventType.DEPLOYMENT, Frame.MOTION): _words(
        "deployment deployments invasion incursion redeployment buildup build-up rotation"
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

# Nouns whose own meaning names the kind of movement.
FIXED_NOUN_TYPES = frozenset(
    {
        EventType.VISIT,
        EventType.MIGRATION,
        EventType.EVACUATION,
        EventType.WITHDRAWAL,
        EventType.DEPORTATION,
        EventType.DEPLOYMENT,
        EventType.SHIPMENT,
        EventType.TRANSFER,
    }
)

# Light verbs carry a noun trigger: "made a trip", "held talks", "paid a visit",
# "operates ten flights", "continued their journey", "cancelled the flight".
LIGHT_VERBS = frozenset(
    inflect("continue")
    | inflect("resume")
    | inflect("operate")
    | inflect("run")
    | inflect("organize")
    | inflect("organise")
    | inflect("arrange")
    | inflect("cancel")
    | inflect("postpone")
    | inflect("reschedule")
    | inflect("defer")
    | inflect("delay")
    | inflect("halt")
    | inflect("suspend")
    | inflect("restart")
    | inflect("abandon")
    | inflect("approve")
    | inflect("allow")
    | inflect("facilitate")
    | inflect("make")
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
                verbs.setdefault(form, Trigger(etype, frame, fixed=etype in FIXED_VERB_TYPES))
    nouns: dict[str, Trigger] = {}
    for (etype, frame), words in _NOUNS.items():
        for word in words:
            nouns.setdefault(word, Trigger(etype, frame, noun=True, fixed=etype in FIXED_NOUN_TYPES))
    return verbs, nouns


VERB_TRIGGERS, NOUN_TRIGGERS = _build()

# Verbs of hauling by vehicle: their subject, a place, is where the movers were ("Texas bused
# migrants to New York"). Not "relocate", "transfer" or "bring": "the UK will relocate the asylum
# seekers" who are elsewhere, "Germany brought its citizens home".
HAUL_VERBS = frozenset(
    inflect("bus")
    | inflect("truck")
    | inflect("airlift")
    | inflect("ferry")
    | inflect("shuttle")
    | inflect("haul")
    | inflect("transport")
    | inflect("convey")
)

# Verbs of sending forces: where they are sent "in" or "at" is where they went ("deployed 1,400
# soldiers in Niamey", "stationed troops at Camp Lemonnier").
DEPLOY_VERBS = frozenset(inflect("deploy") | inflect("station") | inflect("redeploy"))

# Verbs that open or close a journey: "began his trip in France", "wrapped up the tour in Hanoi" say
# where the journey went, at its first or last stop.
JOURNEY_STARTS = frozenset(inflect("begin") | inflect("start") | inflect("open"))
JOURNEY_BOUNDS = JOURNEY_STARTS | frozenset(
    inflect("end")
    | inflect("conclude")
    | inflect("finish")
    | inflect("close")
    | {"wrap", "wraps", "wrapped", "wrapping"}
)

# Verbs of a change of course: "from X" after them is where the craft was going, not where it left.
DIVERT_VERBS = frozenset(inflect("divert") | inflect("reroute") | inflect("redirect"))

# Loading is where goods leave from: "loaded wheat at Constanta"; unloading and receiving where they
# arrive: "unloaded its cargo at Aqaba", "received in Cairo" (held-out news, class 1). Not buying or
# obtaining: "bought arms in Dubai" says where they were bought.
LOAD_VERBS = frozenset(inflect("load") | inflect("embark"))
# Verbs of sending whose object is the goods ("shipped grain"), not the one who gets them ("supplied Kyiv").
SHIPPING_VERBS = frozenset(
    inflect("ship")
    | inflect("send")
    | inflect("deliver")
    | inflect("export")
    | inflect("smuggle")
    | inflect("dispatch")
    | inflect("transship")
    | inflect("load")
)
UNLOAD_VERBS = frozenset(inflect("unload") | inflect("offload") | inflect("discharge") | inflect("receive"))


def object_role(frame: Frame, verb: str, named: bool) -> Role | None:
    """The role of a place that is the object of a trigger ``verb`` (``named``: the object is the
    place's own name, not a noun phrase the place is only in, as "fertilizer in Ust-Luga")."""
    if frame is Frame.VISIT:
        return Role.DESTINATION
    if frame is Frame.ARRIVE:
        # "reached Busan", "entered Chad"; "arrived" takes no object, so one is a misparse
        return Role.DESTINATION if verb in OBJECT_ONLY else None
    if frame is Frame.DEPART:
        return Role.ORIGIN
    if frame is Frame.SEND:
        if verb in LOAD_VERBS:
            return Role.ORIGIN  # "loaded fertilizer in Ust-Luga"
        # "supplied Russia (with ...)"; not "shipped fertilizer in sacks"
        return Role.DESTINATION if named or verb not in SHIPPING_VERBS else None
    if frame is Frame.STAY:
        spec = VERB_TRIGGERS.get(verb)
        return Role.LOCATION if spec is not None and spec.type is EventType.ATTACK else None  # "attacked Kyiv"
    if frame is Frame.MOTION:
        return Role.VIA  # "crossed the Bosphorus"
    return None


# Verbs that report a movement only with a particle: "touched down", "set off",
# "pulled out", "took off" (without it: "touched on", "set up", "took part").
PARTICLE_VERBS: dict[str, tuple[frozenset[str], Trigger]] = {
    **{f: (frozenset({"down"}), VERB_TRIGGERS["touch"]) for f in inflect("touch")},
    **{f: (frozenset({"down"}), VERB_TRIGGERS["splash"]) for f in inflect("splash")},
    **{f: (frozenset({"off", "out", "sail"}), Trigger(EventType.TRIP, Frame.DEPART)) for f in inflect("set")},
    **{
        f: (frozenset({"out", "back"}), Trigger(EventType.WITHDRAWAL, Frame.DEPART, fixed=True))
        for f in inflect("pull")
    },
    **{f: (frozenset({"off"}), Trigger(EventType.FLIGHT, Frame.DEPART)) for f in inflect("take")},
    # "the migrants were dropped off outside the residence", "buses dropped them off in Chicago"
    **{f: (frozenset({"off"}), Trigger(EventType.TRIP, Frame.ARRIVE)) for f in inflect("drop")},
}

# Verbs that report a ship's (or a traveller's) stop at a place only with the preposition that
# names it: "called at Apia", "stopped in Manila", "put in at Valletta", "pulled into Piraeus";
# not "called on the government", "stopped the convoy", "put in place".
PORT_CALL = Trigger(EventType.TRIP, Frame.ARRIVE)
# verb form -> (the particle it needs, or None; the prepositions that name the place)
STOP_VERBS: dict[str, tuple[str | None, frozenset[str]]] = {
    **{f: (None, frozenset({"at", "in", "into"})) for f in inflect("call")},
    **{f: (None, frozenset({"at", "in", "over"})) for f in inflect("stop")},
    **{f: ("in", frozenset({"at", "to"})) for f in ("put", "puts", "putting")},
    **{f: (None, frozenset({"into", "in"})) for f in inflect("pull")},
}
# Nouns of a stop at a place: "a port call in Colombo", "a brief stop in Doha".
STOP_NOUNS = frozenset({"call", "calls", "stop", "stops"})

# Participles that continue a trigger's phrase rather than start a clause:
# "a flight headed to Toronto from Manila", "a tanker carrying oil to India".
PARTICIPLE_CUES = frozenset("bound headed heading destined carrying loaded laden transporting packed filled en".split())

# Vehicles whose noun reports a movement when it has a route: "the train to Munich".
VEHICLE_NOUNS = frozenset(
    """plane planes aircraft jet jets airliner flight flights helicopter helicopters train trains ferry
    ferries boat boats ship ships bus buses coach coaches convoy convoys vessel vessels tanker tankers""".split()
)

# Nouns of a regular service, which runs both ways "between" two places.
SERVICE_NOUNS = frozenset("flights services connections routes ferries shuttles planes trains buses coaches".split())

# Words that say a movement is under way, not arrived: "a flight headed to Toronto".
IN_PROGRESS = frozenset("bound headed heading destined en enroute".split())

# Arrival verbs whose only destination is their object: "reached Busan", "entered Chad";
# "reached 40C in Adilabad" and "entered into force in May" are not arrivals at a place.
OBJECT_ONLY = frozenset(inflect("reach") | inflect("enter"))

# Objects that are not physical, so sending or delivering them moves nothing:
# "sent a message to Moscow", "delivered a warning to Kyiv".
ABSTRACT_OBJECTS = frozenset(
    """message messages signal signals warning warnings letter letters note notes invitation invitations
    greetings condolences congratulations request requests proposal proposals response reply statement
    assurance assurances guarantee guarantees word thanks regards information intelligence advice
    ultimatum verdict ruling blow boost lifeline rebuke snub access opportunity opportunities guidance
    reassurance backing""".split()
)

# Weather and what the air carries move, but are no movers of the news geomap maps: "a heatwave will
# reach Spain", "the anticyclone Cerberus arrived in Italy", "Hurricane Ian reached Florida". Not
# words that also count people ("a wave of migrants", "a flood of refugees", "a mass of people").
WEATHER_WORDS = frozenset(
    """weather heatwave heatwaves heat-wave storm storms hurricane hurricanes typhoon typhoons cyclone
    cyclones anticyclone anticyclones tornado tornadoes monsoon smoke ash plume plumes cloud clouds fog
    dust sandstorm snow snowstorm blizzard frost drought floodwaters downpour downpours thunderstorm
    thunderstorms gust gusts wildfire wildfires blaze blazes""".split()
)
# Subjects that name something said, decided or measured, not a mover: "the ruling arrived", "the
# news reached Paris", "prices went up". With ABSTRACT_ENDINGS, what keeps such a subject from
# making a trip; any other common noun may name people ("the nurse flew home").
ABSTRACT_SUBJECTS = (
    WEATHER_WORDS
    | ABSTRACT_OBJECTS
    | frozenset(
        """news report reports decision law bill deal plan plans order orders price prices rate rates
    figure figures number numbers total rain heat wind talks idea rumour rumours rumor rumors offer
    call appeal threat war case vote result results season year month week day story film book song
    album show game match trend economy market demand cost costs value values share shares data
    evidence debate question issue problem crisis""".split()
    )
)
# Endings of nouns for an act, a state or a quality ("the decision", "the closure", "the ruling").
ABSTRACT_ENDINGS = ("tion", "sion", "ment", "ness", "ity", "ance", "ence", "ism", "ing", "ure", "cy")

# What one crosses or passes on the way: "crossed the border", "passed the strait".
ROUTE_NOUNS = frozenset(
    """border borders frontier frontiers river rivers sea seas strait straits channel bridge mountains
    gap desert jungle line ocean canal gulf bay pass checkpoint crossing lane lanes route corridor
    threshold distance way journey trip road roads tarmac runway""".split()
)

# "visited via video", "a virtual visit": not a movement.
VIRTUAL_WORDS = frozenset(
    """video videoconference video-conference videolink video-link link zoom phone telephone virtually
    remotely online""".split()
)

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
    | inflect("enter")
    | inflect("pass")
    | inflect("push")
    | inflect("take")
    | inflect("shift")
    | inflect("board")
    | inflect("stream")
    | inflect("pour")
    | inflect("continue")
    | inflect("drive")
    | inflect("go")
    | inflect("race")
    | inflect("rush")
    | inflect("march")
    | inflect("advance")
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
FUTURE_AUX = frozenset({"will", "'ll", "shall", "wo", "would"})
# Verbs and predicates whose infinitive is a plan: "plans to visit", "is expected to arrive",
# "is due to leave", "tried to cross", "aiming to reach".
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
    | inflect("try")
    | inflect("attempt")
    | inflect("wish")
    | inflect("decide")
    | inflect("order")
    | inflect("allow")
    | inflect("permit")
    | inflect("approve")
    | inflect("authorize")
    | inflect("authorise")
    | inflect("anticipate")
    | inflect("await")
    | {"due", "set", "poised", "slated", "likely", "ready", "going", "about"}
)
PLAN_MODIFIERS = frozenset(
    {
        "planned",
        "upcoming",
        "future",
        "proposed",
        "expected",
        "scheduled",
        "next",
        "forthcoming",
        "anticipated",
        "intended",
        "pending",
        "imminent",
    }
)
# Modifiers that make an event only a possibility: "a possible transfer", "the choice of being moved".
POSSIBILITY_WORDS = frozenset(
    {"potential", "possible", "prospective", "hypothetical", "option", "options", "possibility"}
)
# Nouns whose infinitive or "for" phrase is a plan: "Brazil's promise to ship maize", "plans to sell tanks",
# "getting ready for the next voyage".
PLAN_CONTEXT_NOUNS = frozenset(
    """stage way preparation preparations plan plans invitation ground groundwork date agenda hopes pledge
    pledges promise promises commitment commitments offer offers agreement agreements deal deals bid bids
    order orders request requests proposal proposals permission approval intention intent readiness
    decision decisions preparedness schedule works""".split()
)
# Verbs that put an event off: it has not happened, and is still to happen ("the trip, postponed
# last month, will take him to Beijing", "the visit was rescheduled").
POSTPONE_VERBS = frozenset(inflect("postpone") | inflect("reschedule") | inflect("defer"))
# Verbs of demand: what someone calls for has not happened and may not ("urged the president to
# travel to Kyiv", "called on the government to send the ship back", "demanded that the troops be
# brought home"). "call" demands only with "on" or "for".
DEMAND_VERBS = frozenset(
    inflect("urge")
    | inflect("ask")
    | inflect("demand")
    | inflect("request")
    | inflect("appeal")
    | inflect("press")
    | inflect("petition")
    | inflect("plead")
    | inflect("lobby")
    | inflect("implore")
    | inflect("call")
)
DEMAND_PARTICLES = {word: frozenset({"on", "for", "upon"}) for word in inflect("call")}
# Modal verbs of possibility: "could be returned", "might leave".
POSSIBILITY_MODALS = frozenset({"could", "might", "may", "can"})
# Verbs that say the movement did not take place: "failed to reach", "the flight was cancelled",
# "forced to abandon its landing", "ruled out sending troops".
FAILURE_VERBS = frozenset(
    inflect("fail")
    | inflect("cancel")
    | inflect("abandon")
    | inflect("scrap")
    | inflect("halt")
    | inflect("block")
    | inflect("stop")
    | inflect("prevent")
    | inflect("refuse")
    | inflect("thwart")
    | inflect("bar")
    | inflect("abort")
    | {"ruled", "rule", "rules", "ruling", "called", "call", "calls", "calling"}
)
# Particles those verbs need to mean failure: "ruled out", "called off".
FAILURE_PARTICLES = {
    "ruled": "out",
    "rule": "out",
    "rules": "out",
    "ruling": "out",
    "called": "off",
    "call": "off",
    "calls": "off",
    "calling": "off",
}
# Verbs of stopping a movement under way: what they stop never got where it was going ("seized a
# dhow carrying arms bound for Yemen", "intercepted 300 migrants trying to reach Italy").
INTERCEPT_VERBS = frozenset(
    inflect("seize")
    | inflect("intercept")
    | inflect("capture")
    | inflect("stop")
    | inflect("detain")
    | inflect("hijack")
    | inflect("impound")
    | inflect("confiscate")
    | inflect("rescue")
)
# Words of a movement under way, not arrived: "bound for", "carrying ... to", "trying to reach".
UNDER_WAY = frozenset(
    {"carrying", "transporting", "trying", "attempting", "seeking", "hoping", "aiming", "heading", "headed"}
)
# Hedges that mark a report as unverified; weaker ones ("apparently", "probably") leave it as reported.
HEDGES = frozenset(
    {
        "allegedly",
        "reportedly",
        "purportedly",
        "suspected",
        "alleged",
        "supposedly",
        "unconfirmed",
        "rumored",
        "rumoured",
        "secretly",
        "covertly",
        "probably",
        "likely",
        "possibly",
    }
)
# Verbs that report what someone says; alone they leave a report as it is ("the ministry said").
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
    | inflect("confirm")
    | inflect("announce")
    | inflect("state")
    | inflect("add")
    | {"according"}
)
# Verbs of accusation: what they report is a disputed claim ("newspapers claimed that Egypt planned ...").
ACCUSATION_VERBS = frozenset(
    inflect("claim")
    | inflect("allege")
    | inflect("accuse")
    | inflect("charge")
    | inflect("suspect")
    | inflect("believe")
    | inflect("leak")
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
# Reported by one party about another, these are claims rather than facts: arms deliveries and attacks.
CONTESTED_TYPES = frozenset({EventType.TRANSFER, EventType.SHIPMENT, EventType.ATTACK})

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
