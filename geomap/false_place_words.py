"""Words that look like place names in a gazetteer but seldom are in news.

Matched against name keys (see :func:`geomap.gazetteer.names.name_key`): lower
case, without dots. These keep the gazetteer-driven ruler from turning titles,
calendar words, common nouns and given names into places. A listed word can
still be a place when the language model tags it as one.
"""

from __future__ import annotations

CALENDAR = frozenset(
    """january february march april may june july august september october november december jan feb mar
    apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday mon
    tue tues wed thu thurs fri sat sun today tomorrow yesterday christmas easter spring summer autumn
    fall winter""".split()
)

TITLES = frozenset(
    """president minister prime premier chancellor king queen prince princess emperor pope bishop cardinal
    father sister brother judge justice sheriff deputy officer chief director secretary chairman
    chairwoman chair leader commander captain colonel general major sergeant lieutenant admiral
    ambassador envoy governor mayor senator representative rep sen gov mr mrs ms dr sir lord lady dame
    saint st mount mt fort ft port lake river sea ocean bay gulf cape island islands coach professor
    prof spokesman spokeswoman spokesperson foreign defense defence interior vice assistant acting
    former""".split()
)

# Capitalised at the start of a sentence or in a headline, and names of some
# GeoNames hamlet somewhere. Places that are also common words ("Mobile",
# "Reading", "Nice") are not here: they are kept when the model calls them
# proper nouns or a cue ("in", "near", ", Alabama") supports them.
COMMON = frozenset(
    """a an the this that these those it its he she they we you i our their his her center centre central
    republic north south east west northern southern eastern western northeast northwest southeast
    southwest union united state states city county town village district province region area park
    street road avenue highway route square bridge station airport harbor harbour port university
    college school academy institute hospital clinic church office department ministry police court
    house senate congress parliament assembly army navy air force fire hall bank company group news post
    times agency council committee board commission national international federal democratic republican
    people party day week year month team club league association society foundation fund service
    services museum library market mall center plaza tower building church temple mosque farm ranch camp
    base border world global home health life water energy security freedom liberty justice peace hope
    unity union victory progress independence commerce industry enterprise friendship harmony
    opportunity paradise eden garden gardens heights hills valley springs falls grove woods forest beach
    shore coast island mountain mountains lake river creek fork point rock stone land new old big little
    great grand upper lower middle high low long short good best first second third last next main early
    late mid north-east north-west south-east south-west many more most much such some any all every
    each other another both few several said says say told tell asked according also however meanwhile
    separately still even just only then there here where when while after before since until during
    about above below over under between among against through across around near inside outside within
    without mine tank sea minister son hui kim lee park chung moon choi jung kang cho man woman men
    women child children boy girl family friends friend police officers mother father daughter son wife
    husband""".split()
)

# Given names that are also the names of towns. A place that is mostly known
# by one of these names is still found through the language model.
GIVEN_NAMES = frozenset(
    """john james robert michael william david richard joseph thomas charles christopher daniel matthew
    anthony mark donald steven paul andrew joshua kenneth kevin brian george timothy ronald edward jason
    jeffrey ryan jacob gary nicholas eric jonathan stephen larry justin scott brandon benjamin samuel
    gregory alexander frank patrick raymond jack dennis jerry tyler aaron jose adam nathan henry douglas
    zachary peter kyle ethan walter noah jeremy christian keith roger terry gerald harold sean carl
    arthur dylan jesse bryan billy joe bruce gabriel logan albert willie alan juan wayne elijah randy
    roy vincent ralph eugene russell bobby mason philip louis mary patricia jennifer linda elizabeth
    barbara susan jessica sarah karen lisa nancy betty margaret sandra ashley kimberly emily donna
    michelle carol amanda dorothy melissa deborah stephanie rebecca sharon laura cynthia kathleen amy
    angela shirley anna brenda pamela emma nicole helen samantha katherine christine debra rachel
    carolyn janet catherine maria heather diane ruth julie olivia joyce kelly lauren christina joan
    evelyn judith megan andrea cheryl hannah jacqueline martha gloria teresa ann sara frances kathryn
    janice jean abigail alice judy sophia grace denise amber doris marilyn danielle beverly isabella
    theresa diana natalie brittany marie kayla alexis lori vladimir sergei sergey dmitry dmitri ivan
    igor oleg alexei alexey yuri nikolai mikhail boris ali mohammed muhammad ahmed hassan hussein omar
    abdul mahmoud khalid kim jong un lee park choe choi moon yoon xi li wang zhang liu chen yang huang
    zhao wu zhou""".split()
)


def is_stopword(key: str) -> bool:
    """True for a name key that the ruler must not take as a place on its own."""
    return key in CALENDAR or key in TITLES or key in COMMON or key in GIVEN_NAMES
