"""Event words -> incident kinds of the shared taxonomy, weapons, and the act's modality.

Each trigger is a named pattern; a candidate names the trigger that fired. A trigger right
after "end", "halt", "stop", "cease" … ("ended five days of fighting", "halt the fighting")
does not describe an event and is skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from truceline.vocabulary import IncidentKind as K

_MINE = r"(?:land\s*-?\s*mines?|anti-?personnel\s+mines?|mines?|PMN-?2s?)"


@dataclass(frozen=True)
class Trigger:
    name: str
    kind: K
    pattern: re.Pattern[str]


def _t(name: str, kind: K, pattern: str, flags: int = re.IGNORECASE) -> Trigger:
    return Trigger(name, kind, re.compile(pattern, flags))


TRIGGERS: tuple[Trigger, ...] = (
    _t(
        "mine blast",
        K.LANDMINE_EXPLOSION,
        rf"\b(?:stepp(?:ed|ing)|trod|stood)\s+on\s+(?:an?\s+|another\s+)?(?:\w+\s+)?{_MINE}"
        rf"|\b(?:set\s+off|trigger(?:ed|ing)|hit\s+by|wounded\s+by|injured\s+by|hurt\s+by|lost\s+(?:a|his|her)\s+(?:\w+\s+)?(?:leg|foot|limb)\s+to)\s+(?:an?\s+|another\s+)?(?:\w+\s+)?{_MINE}"
        rf"|\b{_MINE}\s+(?:blasts?|explosions?|incidents?|injur\w+|detonat\w+|wound\w+)"
        rf"|\b{_MINE}\b(?:\s+\w+){{0,5}}?\s+(?:that\s+|which\s+)?(?:explod\w+|detonat\w+|injur\w+|wound\w+|maim\w+|hurt|blew)"
        rf"|\b(?:explosion|blast|detonation)\s+of\s+(?:an?\s+)?{_MINE}"
        # "the explosion in V, D district of P, was caused by a newly planted landmine"
        rf"|\b(?:explosion|blast)\b(?:\s+[\w,'’-]+){{0,10}}?\s+(?:was\s+)?caused\s+by\s+(?:an?\s+)?(?:[\w-]+\s+){{0,2}}?{_MINE}",
    ),
    _t(
        "mines found",
        K.MINES_FOUND,
        # "an area recently cleared of landmines" says what the area is, not that mines were found
        rf"\b(?:found|discovered|uncovered|detected|cleared(?!\s+of\b)|defused|removed|located|unearthed)\s+"
        rf"(?:\w+\s+){{0,4}}?{_MINE}"
        rf"|\b{_MINE}\s+(?:were\s+|was\s+)?(?:later\s+)?(?:found|discovered|uncovered|detected|cleared|defused|located)",
    ),
    _t(
        "weapons found",
        K.WEAPONS_SEIZED,
        r"\b(?:abandoned|seized|confiscated|found|discovered|uncovered|cache\s+of|captured)\s+(?:\w+\s+){0,3}?"
        r"(?:weapons|arms|ammunition|explosives|munitions|rifles|rockets)\b"
        r"|\b(?:weapons|arms|ammunition|explosives|munitions)\s+(?:were\s+)?(?:found|discovered|seized|abandoned)",
    ),
    _t(
        "mine laying seen",
        K.MINE_EMPLACEMENT_OBSERVED,
        rf"\b(?:seen|observed|caught|spotted|filmed)\s+(?:\w+\s+){{0,4}}(?:laying|planting|placing)\s+(?:\w+\s+)?{_MINE}"
        rf"|\b{_MINE}\s+(?:were\s+)?(?:thrown|tossed)\s+(?:across|over)",
    ),
    # a strike the text says a drone made ("An X drone carried out an airstrike", "The strike launched by an X
    # drone"): listed before the air strike, whose word it contains, so that the drone's kind wins
    _t(
        "drone air strike",
        K.DRONE_STRIKE,
        r"\bdrones?\s+(?:carried\s+out|conducted|launched|made)\s+(?:an?\s+)?(?:air\s*-?\s*)?(?:strikes?|raids?)\b"
        r"|\bstrikes?,?\s+(?:was\s+|were\s+)?(?:carried\s+out|launched|conducted)\s+by\s+(?:an?\s+|the\s+)?[\"“]?"
        r"(?:[\w-]+\s+){0,3}?drones?\b",
    ),
    _t(
        "air strike",
        K.AIR_STRIKE,
        r"\bair\s*-?\s*strikes?\b|\bair\s+raids?\b|\bair\s+attacks?\b|\bairstrikes?\b|\bair\s+power\b|\bsorties\b|\bwarplanes?\b"
        r"|\b(?:F-16s?|Gripens?|fighter\s+jets?)\b(?:\s+\w+){0,4}?\s+(?:bomb\w*|struck|strik\w+|hit|attack\w*|dropp\w+|fired)"
        r"|\bbomb(?:ed|ing|s)?\b(?=(?:\s+\w+){0,8}?\s+(?:by|from)\s+(?:F-16|Gripen|jets?|aircraft|warplanes?))"
        # "The X Air Force struck a storage facility", "the military further stated it struck a vehicle": a strike
        # made by an air force or a military with no weapon named is from the air
        r"|\b(?:[Aa]ir\s+[Ff]orce|military|army|IDF)\s+(?:\w+\s+){0,3}?(?:said\s+|stated\s+)?(?:it\s+)?(?:had\s+|has\s+)?"
        r"struck\s+(?:an?|the|two|three|several|multiple|\d+)\s+(?:[\w-]+\s+)?(?:vehicles?|cars?|motorcycles?|sites?"
        r"|facilit(?:y|ies)|targets?|buildings?|positions?|depots?)\b"
        # "struck a … rocket launcher": a strike on the launcher (not fire from it)
        r"|\b(?:struck|hit|targeted|destroyed)\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,2}?(?:rocket|missile)\s+launchers?\b"
        # "An X strike on the town killed four", "the strike": a strike with no other word is from the air
        # (the strike's words may be quoted from a statement: another “X strike targeting a car”)
        r"|\b(?:an?|the|another)\s+[\"“]?(?:(?:separate|second|third|fourth|fifth|new|fresh|further|deadly|latest|later|alleged|suspected|apparent)\s+)?"
        # ("an “X enemy strike”": a side's statements name the other side its enemy)
        r"(?:(?-i:[A-Z])[\w-]*\s+)?(?:enemy\s+)?strikes?\b(?!\s+(?:force|team|group|package|price))"
        r"(?!,?\s+(?:was\s+|were\s+)?carried\s+out\s+by\s+(?:an?\s+)?[\"“]?(?:\w+\s+)?drones?\b)"
        # "X strikes on south L on Thursday night killed one person": strikes named by who made them
        # (also quoted: "'X' strikes on southern L")
        r"|\b(?-i:[A-Z])[a-z]+['’\"”]?\s+strikes(?=\s+(?:on|in|against|near|across)\s)",
    ),
    _t(
        "drone strike",
        K.DRONE_STRIKE,
        r"\bdrone\s+(?:strikes?|attacks?|bombings?)\b|\b(?:armed|kamikaze|suicide|attack|bomb-laden|bomb-dropping)\s+drones?\b"
        r"|\bdrone-(?:led|borne|launched)\s+(?:bombing\s+)?(?:raids?|attacks?|strikes?|bombings?)\b"
        r"|\bdrones?\s+(?:dropp\w+|struck|hit|attack\w*|bomb\w*|fired|launched|target\w*)"
        # "one man “was targeted by an X drone with a guided missile”": the drone named as the act's agent
        r"|\b(?:targeted|struck|hit|attacked)\s+by\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,2}?drones?\b"
        # "the strike, carried out by a “hostile drone,” targeted a motorcycle"
        r"|\bstrikes?,?\s+(?:was\s+|were\s+)?carried\s+out\s+by\s+(?:an?\s+)?[\"“]?(?:\w+\s+)?drones?\b",
    ),
    # "X bombed positions in P province", "dropped 40 bombs on V village": bombs dropped are from the air (a
    # drone's bombs are the drone strike's above); a bomb planted or thrown is not this ("car bomb", "suicide bombing")
    _t(
        "bombing",
        K.AIR_STRIKE,
        r"(?<!\bsuicide\s)(?<!\bcar\s)\bbomb(?:ed|ings?)\b(?!\s+(?:suspects?|plots?|attempts?))"
        r"|\bdropp(?:ed|ing)\s+(?:\w+\s+){0,2}?(?:bombs?|munitions|ordnance)\b|\bbombing\s+raids?\b"
        r"|\baerial\s+(?:bombing|bombardment)s?\b",
    ),
    _t(
        "shelling",
        K.SHELLING,
        # a rocket or missile launcher struck or stored is equipment, not fire ("sites … containing rocket and
        # missile launchers")
        r"\bshell(?:ing|ed|s|fire)?\b|\bartillery\b|\brockets?\b(?!-propelled|(?:\s+and\s+missile)?\s+launchers?)"
        r"|\bmortars?\b|\bbarrages?\b|\bBM-21s?\b"
        # "launched two projectiles toward the area of M": rockets or shells the text does not name
        r"|\b(?:launched|fired|lobbed)\s+(?:\w+\s+){0,2}?projectiles\b"
        # "launched salvos of projectile weapons at X positions": volleys of fire
        r"|\b(?:launched|fired|unleashed)\s+(?:\w+\s+)?(?:salvos?|volleys?|barrages?)\s+of\s+(?:[\w-]+\s+){0,2}?"
        r"(?:projectiles?|projectile\s+weapons|rockets?|shells?|mortars?)\b"
        r"|\bPHL-03s?\b|\bmultiple\s+rocket\s+launchers?\b|\bhowitzers?\b|\bmissiles?\b(?!\s+launchers?)"
        r"|\bindirect\s+fire\b"
        # "fired heavy weapons at the S area", "heavy weapons struck B": the artillery and rockets of the army
        r"|\b(?:fir(?:ed|ing)|us(?:ed|ing))\s+heavy\s+weapons\b|\bheavy\s+weapons?\s+(?:fire|struck|hit|landed)\b"
        # "to suppress X supporting fire attacks": fire from artillery and mortars behind the front
        r"|\bsupporting[\s-]+fire\s+attacks?\b"
        r"|\b(?:fir(?:ed|ing)|shots?)\s+(?:\w+\s+){0,3}?(?:with|from)\s+tanks?\b|\btank\s+(?:fire|shells?|rounds?)\b",
    ),
    _t(
        "clash",
        K.ARMED_CLASH,
        r"\bclash(?:es|ed)?\b|\bfighting\b(?!\s+(?:cyber-?crimes?|crimes?|corruption|drugs?|trafficking|scams?|fraud|poverty|fires?|wildfires?|disease))|\bfire-?fights?\b|\bgun-?fights?\b|\bexchanges?\s+of\s+(?:gun)?fire\b"
        r"|\bexchanged\s+(?:gun)?fire\b|\bskirmish(?:es)?\b|\bhostilities\b"
        # "far from the combat zone", "in proper military uniform … in combat": a place or state, not fighting
        r"|\bcombat\b(?!\s+(?:zones?|areas?|uniforms?|readiness|aircraft|gear|training))"
        # "began firing upon X positions", "launched the first attack on X troops", "further attacks on T Temple": fire
        # and attacks on troops, positions or a named place
        r"|\bfiring\s+(?:on|at|upon)\b|\blaunch\w*\s+(?:the\s+first\s+|an?\s+|(?:further|new|fresh)\s+)?attacks?\s+"
        r"(?:on|against)\b|\battacks?\s+(?:on|against)\s+(?:(?:the\s+)?[\w-]+\s+){0,2}?(?:troops|positions|forces|soldiers"
        r"|bases?|outposts?|posts?|units?)\b|\b(?:further|repeated)\s+attacks\s+on\s+(?-i:[A-Z])"
        # "opened fire on X civilians" is an attack on civilians (the trigger below), not a clash
        r"|\bopened\s+fire\b(?!\s+(?:on|at)\s+(?:[\w-]+\s+){0,2}?civilians?\b)|\bfired\s+(?:on|at|upon)\b"
        # "In the afternoon, X attacked B in T Province, where the marines responded": an attack on a named place
        r"|(?<!\bof\s)(?<!\bhaving\s)\battacked\s+(?-i:[A-Z])[\w'’-]+(?:\s+(?-i:[A-Z])[\w'’-]+)*\s+(?:in|at|near|on)\b"
        # "An attempt to reclaim another encroached area in B met resistance": the move was fought off
        r"|\b(?:met|meets|meeting|encountered)\s+(?:stiff\s+|fierce\s+|heavy\s+|strong\s+)?resistance\b"
        r"|\bgunfire\b|\bmachine[\s-]?gun\s+(?:fire|bursts?|rounds)\b|\bshooting\s+incidents?\b|\bgun\s+battles?\b|\bfought\b|\bflare-?up\b|\bcross-border\s+fire\b"
        # "an attack with rifles and hand grenades", "small arms fire": fighting with the arms of infantry
        r"|\battacks?\s+with\s+(?:small\s+arms|rifles|firearms|guns|(?:hand\s+)?grenades)\b|\bsmall\s+arms\s+fire\b"
        # "an attack allegedly carried out by the other side's forces on Tuesday night"
        r"|\battacks?\s+(?:\w+\s+)?(?:carried\s+out|launched)\s+by\b"
        # "the army had resumed attacks around 5am on Tuesday in border regions"
        r"|\b(?:resum\w+|launch\w+|stepp\w+\s+up|intensif\w+|renew\w+)\s+(?:its\s+|their\s+|the\s+)?attacks\b"
        # "responding to an attack by X that killed at least one soldier": an attack named with who made it
        r"|\b(?:an?|the)\s+attack\s+by\s+(?:the\s+)?(?-i:[A-Z])[\w-]*",
    ),
    _t(
        "civilians hit",
        K.ATTACK_ON_CIVILIANS,
        r"\b(?:hit|struck|shelled|targeted|attacked|bombed)\s+(?:an?\s+|the\s+)?(?:\w+\s+){0,2}?"
        r"(?:hospital|school|petrol\s+station|gas\s+station|market|convenience\s+store|civilian\s+(?:areas?|homes?|targets?))"
        # "three of its civilians were injured by X attacks"
        r"|\bcivilians?\s+(?:were|was|had\s+been|have\s+been)\s+(?:\w+\s+)?(?:injured|wounded|killed|hurt)\s+"
        r"(?:by|in)\s+(?:\w+\s+)?attacks?\b"
        # "X attacks on civilians attempting to return", "gunfire on civilians"
        r"|\b(?:attacks?|gunfire|fire|shooting)\s+(?:on|at)\s+(?:\w+\s+)?civilians\b"
        # "fired rubber bullets and smoke grenades directly at unarmed civilians"
        r"|\bfir(?:ed|ing)\s+(?:[\w-]+\s+){1,6}?(?:directly\s+)?(?:at|on|into)\s+(?:\w+\s+)?civilians\b"
        # "opened fire …, causing one fatality and three serious injuries among X civilians"
        r"|\b(?:casualt(?:y|ies)|fatalit(?:y|ies)|deaths?|injur(?:y|ies))\s+among\s+(?:\w+\s+)?civilians\b",
    ),
    _t(
        "build-up",
        K.BUILDUP,
        r"\bbuild-?ups?\b|\breinforcements?\b|\breinforc(?:ed|ing)\b|\bmobili[sz](?:ed|ing|ation)\b|\bmassing\b"
        r"|\bmov(?:ed|ing)\s+(?:heavy\s+weapons|troops|tanks)\s+(?:to|towards|into|near)",
    ),
    _t(
        "fortification",
        K.FORTIFICATION,
        r"\bfortif(?:y|ied|ying|ications?)\b|\b(?:dig|dug|digging|built|building|constructed|constructing)\s+"
        r"(?:a\s+|new\s+)?(?:trench(?:es)?|bunkers?|fortifications?)",
    ),
    _t(
        "airspace",
        K.AIRSPACE_INCURSION,
        r"\b(?:violat\w+|enter\w*|intru\w+|into|crossed)\s+(?:\w+\s+){0,3}?air\s*space\b"
        r"|\bdrones?\s+(?:\w+\s+)?(?:crossed|flew|flying|intruded|spotted|circling)"
        r"\s+(?:over|into|across|above|in front of)",
    ),
    _t(
        "incursion",
        K.TERRITORY_INCURSION,
        r"\bincursions?\b|\b(?:crossed|intruded|encroach\w*|push(?:ed)?)\s+(?:\w+\s+)?into\s+[A-Z][a-z]+\s+territory",
    ),
    _t(
        "heavy weapons withdrawn",
        K.HEAVY_WEAPONS_WITHDRAWAL,
        r"\b(?:withdr[ae]w\w*|pull(?:ed|ing)?\s+back|remov(?:ed|ing))\s+(?:\w+\s+){0,3}?heavy\s+weapons\b"
        r"|\bheavy\s+weapons\s+(?:were\s+|had\s+been\s+)?(?:withdrawn|pulled\s+back|removed)",
    ),
    _t(
        "prisoners released",
        K.PRISONER_RELEASE,
        r"\b(?:releas\w*|repatriat\w*|freed|frees|free|handed\s+over|handover\s+of)\s+(?:the\s+|its\s+)?(?:\w+\s+){0,3}?"
        r"(?:prisoners|soldiers|detainees|POWs|captives|troops|servicemen)\b"
        r"|\b(?:release|repatriation|return|handover)\s+of\s+(?:the\s+)?(?:\w+\s+){0,3}?(?:prisoners|soldiers|detainees|POWs)",
    ),
    _t(
        "remains returned",
        K.REMAINS_RETURNED,
        r"\b(?:return\w*|repatriat\w*|hand\w*\s+over)\s+(?:of\s+)?(?:the\s+)?(?:remains|bodies)\b",
    ),
    _t("captured", K.DETENTION, r"\b(?:captured|taken\s+prisoner|arrested|surrendered)\b"),
    _t(
        "destroyed",
        K.PROPERTY_DESTRUCTION,
        r"\b(?:destroy\w*|damag\w*|demolish\w*|bulldoz\w*|torched|razed|burn(?:ed|t))\s+(?:\w+\s+){0,4}?"
        r"(?:houses?|homes?|temples?|schools?|hospitals?|buildings?|pagodas?|property|casinos?)\b"
        r"|\b(?:houses?|homes?|temples?|schools?|pagodas?|buildings?)\s+(?:were\s+|was\s+)?(?:damaged|destroyed)",
    ),
    _t("protest", K.PROTEST, r"\bprotesters\b|\bdemonstrators\b|\bdemonstrations?\b|\brall(?:y|ies)\b"),
)

#: words right before a trigger that say it is not an event ("ended five days of fighting")
_NEGATED_BEFORE = re.compile(
    r"\b(?:end|ends|ended|ending|halt|halted|halting|stop|stopped|stopping|cease|ceased|cessation\s+of|prevent"
    r"|preventing|avoid|refrain\s+from|postpone[ds]?|suspend(?:ed|s)?|delay(?:ed|s)?|pause[ds]?|no|not|without"
    r"|resolve|foil(?:ed|s)?|thwart(?:ed|s)?|attempts?\s+to|attempted\s+to"
    # "Any reinforcement would heighten tensions": any such act, none in particular; "the ceasefire … covers all
    # weapons and attacks on civilians": what an agreement's terms name, no act
    r"|any|cover(?:s|ed|ing)?|ban(?:s|ned|ning)?|prohibit(?:s|ed|ing)?|forbid(?:s|ding)?"
    # "a site for the production of precision missiles", "a depot storing rockets": arms made or kept, not fired
    r"|production\s+of|producing|manufactur\w+|stor(?:e|es|ed|ing|age\s+of)|stockpiles?\s+of|depots?\s+(?:for|of))"
    r"\b[^.,;]{0,22}$"
    # "were the first to shell": who began the fighting, a claim about its start, not a new act
    r"|\bthe\s+first\s+to\s+$"
    # "aimed at inciting clashes": what an act is said to seek, not an event
    r"|\b(?:incit(?:e|es|ed|ing)|provok(?:e|es|ed|ing))\s+$",
    re.IGNORECASE,
)
#: "The ceasefire covers all types of weapons and actions, including attacks on civilians": an item of the list of
#: what an agreement's terms cover or ban, no act
_TERMS_LIST = re.compile(
    r"\b(?:cover(?:s|ed|ing)?|ban(?:s|ned|ning)?|prohibit(?:s|ed|ing)?|forbid(?:s|ding)?)\b[^.;]{0,60}"
    r"\b(?:including|such\s+as|notably)\s+(?:[\w-]+\s+){0,2}?$",
    re.IGNORECASE,
)
#: the fire named with who began: "the first to shell X positions in the border area with artillery"
_FIRST_TO_WITH = re.compile(
    r"\bthe\s+first\s+to\s+(?:shell|fire|attack|strike|open\s+fire)\b[^.;]{0,60}\bwith\s+$", re.IGNORECASE
)
#: words right after a trigger that call it off ("the release … would not go ahead")
_NEGATED_AFTER = re.compile(
    r"^[^.;]{0,60}?\b(?:would|will|did|could)\s+not\s+(?:go\s+ahead|take\s+place|happen|proceed)"
    r"|^[^.;]{0,40}?\b(?:has|have|had|was|were)\s+been\s+(?:postponed|suspended|put\s+on\s+hold|halted|delayed|called\s+off)"
    r"|^[^.;]{0,30}?\b(?:postponed|put\s+on\s+hold|called\s+off)\b",
    re.IGNORECASE,
)
_WEAPONS: tuple[tuple[str, str], ...] = (
    ("F-16", r"\bF-16s?\b"),
    ("Gripen", r"\bGripens?\b"),
    ("BM-21", r"\bBM-21s?\b"),
    ("PHL-03", r"\bPHL-03s?\b"),
    ("PMN-2", r"\bPMN-?2s?\b"),
    ("anti-personnel mines", r"\banti-?personnel\s+(?:land\s*)?mines?\b"),
    ("landmines", r"\bland\s*-?\s*mines?\b"),
    ("artillery", r"\bartillery\b|\bhowitzers?\b|\bshells\b"),
    ("rockets", r"\brockets?\b(?!-propelled)|\bmultiple\s+rocket\s+launchers?\b"),
    ("mortars", r"\bmortars?\b"),
    ("drones", r"\bdrones?\b"),
    ("tanks", r"\btanks\b"),
    ("small arms", r"\bsmall\s+arms\b|\brifles?\b|\bguns?\b"),
    ("rocket-propelled grenades", r"\brocket-propelled\s+grenades?\b|\bRPGs?\b"),
    ("grenades", r"\bgrenades?\b"),
    ("missiles", r"\bmissiles?\b"),
    ("fighter jets", r"\bfighter\s+jets?\b|\bwarplanes?\b"),
    ("explosives", r"\bexplosives\b"),
)
#: the kind of attack a weapon implies; a weapon goes to an incident of that kind when its sentence has one
WEAPON_KIND: dict[str, K] = {
    "F-16": K.AIR_STRIKE,
    "Gripen": K.AIR_STRIKE,
    "fighter jets": K.AIR_STRIKE,
    "BM-21": K.SHELLING,
    "PHL-03": K.SHELLING,
    "artillery": K.SHELLING,
    "rockets": K.SHELLING,
    "mortars": K.SHELLING,
    "missiles": K.SHELLING,
    "drones": K.DRONE_STRIKE,
    "PMN-2": K.LANDMINE_EXPLOSION,
    "landmines": K.LANDMINE_EXPLOSION,
    "anti-personnel mines": K.LANDMINE_EXPLOSION,
}
_WEAPON_RE = [(name, re.compile(p, re.IGNORECASE)) for name, p in _WEAPONS]


@dataclass(frozen=True)
class KindMention:
    start: int
    end: int
    kind: K
    trigger: str


@dataclass(frozen=True)
class WeaponMention:
    start: int
    end: int
    name: str


def find_kinds(text: str, start: int = 0, end: int | None = None) -> list[KindMention]:
    """Event words in ``text[start:end]``; overlapping words keep the first trigger listed."""
    stop = len(text) if end is None else end
    found: list[KindMention] = []
    for trigger in TRIGGERS:
        for m in trigger.pattern.finditer(text, start, stop):
            if _NEGATED_BEFORE.search(text[max(start, m.start() - 40) : m.start()]) or _TERMS_LIST.search(
                text[max(start, m.start() - 90) : m.start()]
            ):
                continue
            if _FIRST_TO_WITH.search(text[max(start, m.start() - 100) : m.start()]):
                continue
            if _NEGATED_AFTER.search(text[m.end() : min(stop, m.end() + 80)]):
                continue
            if any(f.start < m.end() and m.start() < f.end for f in found):
                continue
            found.append(KindMention(m.start(), m.end(), trigger.kind, trigger.name))
    return sorted(found, key=lambda k: k.start)


def find_weapons(text: str, start: int = 0, end: int | None = None) -> list[WeaponMention]:
    stop = len(text) if end is None else end
    found: list[WeaponMention] = []
    for name, pattern in _WEAPON_RE:
        for m in pattern.finditer(text, start, stop):
            if not any(f.start < m.end() and m.start() < f.end for f in found):
                found.append(WeaponMention(m.start(), m.end(), name))
    return sorted(found, key=lambda w: w.start)


_DECLARED = re.compile(
    r"\b(?:will|would|shall|plans?\s+to|planned|planning\s+to|threaten\w*\s+to|vow\w*\s+to|warn\w*|intends?\s+to"
    r"|set\s+to|scheduled|is\s+to|are\s+to|expected\s+to|ready\s+to|prepared\s+to|could|may|might|if)\b",
    re.IGNORECASE,
)
_DEMANDED = re.compile(
    r"\b(?:urg\w+|call(?:ed|s|ing)?\s+(?:on|for|upon)|demand\w*|appeal\w*|ask\w*|press\w*\s+(?:both|the)|must|should"
    # "the deal includes …" (not "22 people, including a soldier, were killed")
    r"|agree[ds]?\s+to|commit\w*\s+to|pledg\w+\s+to|includ(?:e|es|ed)\b|provid\w+\s+for|requir\w+|stipulat\w+|aim\w*\s+to"
    r"|in\s+exchange\s+for|tied\s+to|conditional\s+on)\b",
    re.IGNORECASE,
)
_DENIED = re.compile(r"\b(?:den(?:y|ied|ies|ying)|reject\w*|refut\w+)\b", re.IGNORECASE)


#: a relative or reported clause, and a past tense after it: "will visit the site where a soldier was injured by a
#: landmine", "warned that troops were shelled": what the clause tells happened, whatever future or warning is said
#: before it (a denial or a demand before it still holds)
_CLAUSE_WORD = re.compile(r"\b(?:where|when|in\s+which|after\s+which|which|that|who)\b", re.IGNORECASE)
_PAST_AFTER = re.compile(r"\b(?:was|were|had|has\s+been|have\s+been)\b", re.IGNORECASE)


def modality(text: str, clause_start: int, position: int) -> str:
    """carried_out, declared (announced, threatened, planned), demanded, or denied — from the clause before the word."""
    before = text[clause_start:position]
    if _DEMANDED.search(before):
        return "demanded"
    if _DENIED.search(before):
        return "denied"
    last = next(reversed(list(_CLAUSE_WORD.finditer(before))), None)
    if last is not None and _PAST_AFTER.search(before, last.end()):
        before = before[last.start() :]
    if _DECLARED.search(before):
        return "declared"
    return "carried_out"
