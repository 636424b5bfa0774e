"""Claims and counter-claims: who asserts what about whom.

A clause holds a claim when it has a verb of asserting ("protested", "accused", "claims",
"said", "denied" …) and words for one of the assertions below; or assertion words strong
enough on their own ("newly laid mines", "remnants from its civil war"). The claimant is the
party named nearest before the verb in the clause (else the first party of the sentence). An
accusation with no party named after the verb accuses the other principal (in a two-party conflict). Clauses
that demand or urge ("urged both sides to halt new landmine placements") are not claims.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from truceline.extraction.actors import ActorMention
from truceline.extraction.speakers import observer_speaks, shares_the_subject
from truceline.vocabulary import ClaimAssertion as A
from truceline.vocabulary import ClaimStance as S

_MINE = r"(?:land\s*-?\s*)?mines?"
#: what a speaker says did not happen ("there had been no fighting", "no gunfire had occurred")
_NOTHING = (
    r"(?:fighting|clash\w*|attacks?|gunfire|shooting|firing|shots?|exchanges?\s+of\s+fire|violations?"
    # "confirmed that there have been no additional … military deployments": no troops were moved up
    r"|deployments?|troop\s+movements?|reinforcements?|incursions?"
    # "no armed engagements had occurred", "reported no armed conflicts since the ceasefire"
    r"|engagements?|conflicts?|hostilities)\b"
)

#: what is rejected that is no account of events: "rejected calls from the international community for a ceasefire"
_NO_ACCOUNT = (
    r"(?:calls?|appeals?|requests?|proposals?|offers?|demands?|invitations?|pleas?"
    # "rejected any third-party mediation": an offer of talks, no account of events
    r"|(?:third[- ]party\s+)?mediation|talks|negotiations?|dialogue)\b"
)

#: (assertion, stance, pattern, strong: a claim even without a verb of asserting), most specific first
ASSERTIONS: tuple[tuple[A, S, re.Pattern[str], bool], ...] = (
    (
        A.LEGACY_MINES,
        S.DENIES,
        re.compile(
            r"\bremnants?\b|\bleft\s*-?\s*over\b|\blegacy\b|\bold\s+(?:land\s*-?\s*)?mine(?:s|fields?)\b"
            r"|\bdecades?[- ]old\s+(?:(?:anti-?personnel|land)\s*-?\s*)?(?:mines?|ordnance|explosives)\b"
            r"|\bcivil\s+war\b|\bfrom\s+(?:past|previous|earlier|former)\s+(?:wars?|conflicts?)\b|\bnot\s+(?:yet\s+)?been\s+cleared\b"
            r"|\bunexploded\b|\bdating\s+(?:back\s+)?(?:to|from)\b",
            re.I,
        ),
        True,
    ),
    (
        A.NEWLY_LAID_MINES,
        S.ACCUSES,
        re.compile(
            rf"\b(?:newly|freshly|recently)[- ](?:laid|planted|placed)\b|\bnew(?:ly)?\s+{_MINE}\b(?!\s+placements)"
            rf"|\b(?:laid|laying|lay|planted|planting|plant|placing)\s+(?:new\s+|fresh\s+|more\s+|additional\s+)?(?:anti-?personnel\s+)?{_MINE}"
            # "accused X of planting new explosives"
            r"|\b(?:laid|laying|planted|planting|placed|placing)\s+(?:new|fresh)\s+explosives?\b"
            # "evidence … showing the mines were deliberately placed on X soil"
            r"|\bdeliberately\s+(?:laid|planted|placed)\b"
            rf"|\bdeliberate\s+use\s+of\s+anti-?personnel\b|\b(?:use|using|used)\s+(?:of\s+)?(?:new\s+)?anti-?personnel\s+{_MINE}"
            rf"|\b{_MINE}\s+(?:were|was|had\s+been)\s+(?:newly\s+|freshly\s+|recently\s+)?"
            rf"(?:laid|planted)\b|\b{_MINE}\s+(?:newly\s+|freshly\s+|recently\s+)?(?:laid|planted)\s+by\b"
            # "landmines he said its troops had planted along the border": mines another side is said to have laid
            rf"|\b{_MINE}\s+(?:(?:he|she|they|it)\s+(?:said|says|claimed|alleged)\s+)?(?:its|their|the\s+other\s+side['’]s)"
            r"\s+(?:[\w-]+\s+)?(?:had|have|has)\s+(?:newly\s+|recently\s+)?(?:laid|planted)\b",
            re.I,
        ),
        True,
    ),
    (
        A.FIRED_FIRST,
        S.ACCUSES,
        re.compile(
            r"\bfir(?:ed|ing)\s+first\b|\battack\w*\s+(?:\w+\s+){0,3}?first\b|\bopened\s+fire\s+first\b|\bfirst\s+(?:opened|fired)\b"
            # "X began the border fighting", "started the latest clashes": who began it
            r"|\b(?:start(?:ed|ing)|began|begun)\s+the\s+(?:[\w-]+\s+)?(?:fighting|clash\w*|hostilities|latest|conflict|war|violence)"
            r"|\btrigger(?:ed|ing)?\s+the\s+(?:fighting|clash\w*|hostilities|conflict)"
            # (not "a ceasefire which was only initiated hours before", "an initiative")
            r"|(?<!\bwas\s)(?<!\bwere\s)(?<!\bbeen\s)(?<!\bonly\s)\binitiat(?:ed|es|e|ing)\b|\b(?:was|were|been)\s+initiated\s+by\b|\bprovok\w+|\bunprovoked\b|\bwithout\s+(?:any\s+)?provocation\b|\bstruck\s+first\b"
            # "holding each other accountable for the initial hostilities"
            r"|\binitial\s+(?:hostilities|attacks?|clash\w*|fighting|shots?)\b"
            r"|\bthe\s+first\s+to\s+(?:fire|shoot|shell|attack|open\s+fire|strike)\b"
            # "X forces "fired a single 40mm grenade round" near a Y patrol …, prompting return fire": X fired first
            r"|\bprompting\s+(?:\w+\s+){0,3}?(?:return\s+fire|retaliation|to\s+(?:return\s+fire|retaliate|respond))\b"
            # "its forces … came under unexpected fire": the speaker's side was fired on before it fired
            r"|\bcame\s+under\s+(?:\w+\s+){0,2}?(?:fire|attack)\b"
            # "started using weapons", "began shooting": who opened the exchange
            r"|\b(?:start(?:ed|ing)|began|begun)\s+(?:using\s+(?:their\s+|its\s+)?weapons|firing|shooting|shelling|bombarding"
            r"|attacking|to\s+(?:fire|shoot|shell|attack))\b",
            re.I,
        ),
        False,
    ),
    (
        A.CIVILIAN_TARGET,
        S.ACCUSES,
        re.compile(
            r"\b(?:target\w*|aim\w*\s+at)\s+[“\"']?(?:\w+\s+)?civilians?\b"
            r"|\bcivilian\s+(?:areas?|targets?|objects?|homes?|infrastructure|facilit(?:y|ies)|installations?|sites?)\b"
            r"|\b(?:target\w*|aim\w*\s+at)\s+(?:\w+\s+){0,2}?(?:residential\s+areas?|villages?|villagers|schools?)\b"
            r"|\bhuman\s+shields?\b|\b(?:hit|struck|shelled)\s+(?:a\s+)?hospital\b"
            # "condemns X's deliberate attack on civilians", "attacks against civilians"
            r"|\b(?:attacks?|acts?|force|violence)\s+(?:\w+\s+){0,3}?(?:on|against)\s+(?:\w+\s+){0,2}?civilians?\b"
            r"(?!\s+(?:areas?|homes?|objects?))"
            # "BM-21 rocket fire that X says was indiscriminate": fire that spares no one
            r"|\bindiscriminate(?:ly)?\b"
            # "condemned X for opening fire on Y civilians", "a blatant crime against civilians"
            r"|\b(?:open(?:ed|ing|s)?\s+fire|fir(?:ed|ing)|shoot(?:ing|s)?|shot)\s+(?:\w+\s+){0,2}?(?:on|at)\s+(?:[\w-]+\s+){0,2}?"
            r"civilians?\b(?!\s+(?:areas?|homes?|objects?))"
            r"|\bcrimes?\s+against\s+(?:\w+\s+){0,2}?civilians?\b"
            # "accused X of attacking civilians"
            r"|\battack(?:ed|ing|s)?\s+(?:\w+\s+){0,2}?civilians?\b(?!\s+(?:areas?|homes?|objects?))",
            re.I,
        ),
        False,
    ),
    (
        A.FABRICATED,
        S.DENIES,
        re.compile(
            r"\bfabricat\w+|\bfake\s+news\b|\bfalse\s+(?:claims?|information|allegations?|reports?)\b|\bbaseless\b"
            r"|\b(?:dis|mis)information\b|\bgroundless\b|\bstaged\b|\bdistort\w*[”\"’']?\s+(?:the\s+)?(?:truth|facts)\b"
            r"|\bfalse\s+narratives?\b|\b(?:is|are|was|were)\s+(?:\w+\s+)?(?:false|untrue|not\s+true)\b"
            # "describing the accusations as unfounded and lacking credible evidence": as "baseless"
            r"|\b(?:as|is|are|was|were)\s+(?:\w+\s+)?unfounded\b|\bunfounded\s+(?:claims?|accusations?|allegations?|reports?)\b",
            re.I,
        ),
        False,
    ),
    (
        A.SELF_DEFENCE,
        S.DENIES,
        re.compile(
            r"\bright\s+(?:of|to)\s+(?:legitimate\s+)?self-?\s*defen[cs]e\b"
            r"|\bexercis\w+\s+(?:its|their|our|the)\s+(?:\w+\s+){0,2}?self-?\s*defen[cs]e\b",
            re.I,
        ),
        True,
    ),
    (
        A.SELF_DEFENCE,
        S.DENIES,
        re.compile(
            # (not "a site used for both firing and defensive operations": what a place is used for)
            r"\bself-?\s*defen[cs]e\b|(?<!\band\s)(?<!\bfor\s)\bdefensive\s+(?:\w+\s+){0,3}?"
            r"(?:responses?|actions?|measures?|operations?)\b"
            # "claimed responsibility for a 'defensive warning strike'": its own fire, named as defence
            r"|\bdefensive\s+(?:warning\s+)?(?:strikes?|fire|attacks?)\b"
            # "avoiding retaliation despite the violence" is a denial (it did not fire back), not self-defence
            r"|(?<!avoiding\s)(?<!without\s)(?<!from\s)(?<!no\s)\bretaliat\w+|\bcounter-?attack\w*"
            # "in response to" fire, not "in response to reports by X media claiming …" (an answer to words)
            r"|(?<!^)(?<!\. )\bin\s+response\s+to\b(?!\s+(?:\w+\s+){0,2}?(?:reports?|questions?|quer(?:y|ies)"
            r"|inquir(?:y|ies)|requests?|calls?|appeals?|criticism|claims?|allegations?|accusations?|statements?|media"
            r"|comments?|concerns?|letters?|protests?|notes?)\b)"
            r"|\bfight\s+back\b|\bforced\s+to\s+(?:fight|respond)\b|\breturn(?:ed|ing)?\s+fire\b|\bfired\s+back\b"
            # "the military said it was responding to an attack by X"
            r"|\brespond(?:ing|ed)\s+to\s+(?:an?\s+|the\s+)?(?:\w+\s+){0,2}?(?:attacks?|assaults?|aggression|shelling|fire)\b"
            # "the Marine Corps responded, successfully defending and securing the area"
            r"|\brespond(?:ed|ing)\b(?=\s*,?\s+(?:\w+\s+)?(?:defend|repel|repuls|push))"
            # "X forces responded by attacking Y military infrastructure": fire as an answer
            r"|\brespond(?:ed|ing|s)\s+by\s+(?:attack|strik|shell|fir|bomb|target)\w*"
            # "The X side has responded with both direct-fire and indirect-fire weapons": its fire as an answer
            r"|\brespond(?:ed|ing|s)\s+with\s+(?:[\w-]+\s+){0,4}?(?:fire|weapons|artillery|rockets?|shelling)\b"
            r"|\brules\s+of\s+engagement\b|\bcompelled\s+to\s+(?:respond|counter-?attack|retaliate|defend)\b"
            r"|\bdefend\s+(?:its|their|our|the\s+nation's)\s+(?:territory|sovereignty)\b",
            re.I,
        ),
        False,
    ),
    (
        A.DENIAL,
        S.DENIES,
        re.compile(
            r"\bden(?:y|ied|ies|ying)\b|\brejected\b(?!\s+(?:[\w-]+\s+){0,3}?"
            + _NO_ACCOUNT
            + r")|\brefut\w+|\bdismiss\w+"
            # "claimed the frontline had calmed, contradicting X's allegations": its account against the accusation
            r"|\bcontradict(?:s|ed|ing)?\s+(?:\w+['’]s\s+|the\s+|these\s+|those\s+)?(?:\w+\s+)?(?:allegations?|accusations?)\b"
            # "described the incident as an accident", "a misfire": the speaker's side meant nothing by it
            r"|\bdescrib\w+\s+(?:\w+\s+){0,3}?as\s+(?:an?\s+)?(?:accident|misfire|mistake)\b|\bmisfir(?:ed|e)\b"
            # "X's military said on Wednesday that the attack was not intentional"
            r"|\b(?:was|were|is|are)\s+not\s+(?:intentional|deliberate|intended)\b|\bunintentional(?:ly)?\b"
            # the speaker's own account that nothing happened: "said there had been no fighting since …"
            # (a quotation may open before "no": there had been “no armed clashes”)
            rf"|\bthere\s+(?:had|has|have|was|were)\s+(?:been\s+)?[“\"']?no\s+(?:\w+\s+){{0,3}}?{_NOTHING}"
            rf"|\bno\s+(?:\w+\s+){{0,2}}?{_NOTHING}\s+(?:had|has|have)\s+(?:been\s+)?(?:occurred|taken\s+place|fired|reported)"
            # "the defence ministry reported no armed conflicts since the ceasefire commenced"
            rf"|\b(?:reported|recorded|observed)\s+[“\"']?no\s+(?:\w+\s+){{0,2}}?{_NOTHING}\s+since\b"
            # "claimed the fire was an accident", "no intention to fire", "an operational error": meant nothing by it
            r"|\b(?:was|were)\s+(?:an?\s+)?(?:accident|accidental|misfire)\b|\b(?:operational|technical|human)\s+error\b"
            r"|\bno\s+intention\s+(?:of|to)\s+(?:fir|shoot|attack|open\s+fire|strik|cross|enter|target)\w*"
            # "we were not the side that started this": the speaker's side did not begin it
            r"|\bnot\s+the\s+(?:side|one|party|country)\s+(?:that|who)\s+(?:started|began|initiated|fired|attacked|provoked)\b"
            # "its troops did not fire", "had never crossed": the speaker's side did not do what is said
            r"|\b(?:did|does|do|had|has|have)\s*(?:not|n['’]t|never)\s+(?:\w+\s+)?(?:fire|open\s+fire|attack|cross|enter"
            r"|lay|plant|use|shoot|invade|violate|target|fired|attacked|crossed|entered|laid|planted|used|violated"
            r"|targeted)\b"
            # "avoiding retaliation", "refrained from retaliating": the speaker's side did not fire back
            r"|\b(?:avoid(?:ing|ed|s)?|without|refrain(?:ing|ed|s)?\s+from|no)\s+(?:any\s+)?retaliat\w+"
            # "its army has been strictly respecting the spirit of the ceasefire": the speaker's side kept the truce
            r"|\b(?:has|have)\s+been\s+(?:\w+\s+)?(?:respecting|observing|honou?ring|adhering\s+to|abiding\s+by"
            r"|complying\s+with)\s+(?:\w+\s+){0,4}?(?:ceasefire|cease-fire|truce)\b"
            # "the military strictly adheres to international standards", "has strictly adhered to the ceasefire"
            r"|\b(?:strictly\s+|fully\s+)?(?:adher(?:es|ed|ing)|compl(?:ies|ied|ying)|abid(?:es|ed|ing))\s+(?:strictly\s+|fully\s+)?"
            r"(?:to|with|by)\s+(?:\w+\s+){0,3}?(?:ceasefire|cease-fire|truce|international\s+(?:law|standards|humanitarian)"
            r"|rules\s+of\s+engagement)"
            # "using weapons only against military targets", "exclusively targetted military objectives"
            r"|\b(?:only|exclusively|solely)\s+(?:\w+\s+){0,2}?(?:against|at|targett?(?:ed|ing|s)?)\s+(?:\w+\s+)?military\s+"
            r"(?:targets?|objectives?|positions?|sites?|installations?)\b",
            re.I,
        ),
        False,
    ),
    (
        A.RESPONSIBLE,
        S.ACCUSES,
        re.compile(
            r"\bviolat\w+|\bbreach\w*|\baggression\b|\baggressors?\b|\binsincer\w+|\bhostility\s+towards\b|\bblam\w+|\baccus\w+"
            # "alleged" as the speaker's verb ("…,” he alleged", "alleged that"), not "the alleged incursion"
            r"|(?:[,”\"’]\s*|\b(?:he|she|they|it)\s+)alleged\b|\balleg(?:ed|es|ing)\s+that\b"
            r"|\bcondemn\w+|\b(?:held|hold|holds|holding)\s+(?:\w+\s+){1,2}?responsible\b"
            r"|\b(?:break(?:s|ing)?|broke|broken)\s+(?:[\w-]+\s+){0,3}?(?:ceasefire|cease-fire|truce|agreement|deal)\b"
            r"|\bdenounc\w+|\b(?:is|are|was|were)\s+(?:\w+\s+)?responsible\s+for\b"
            r"|\bslamm(?:ed|ing)\b|\blambast\w*|\bcritici[sz]\w+|\bdecr(?:y|ied|ies|ying)\b|\brebuk\w+|\bprovocat\w+"
            r"|\bbears?\s+(?:\w+\s+)?responsibility\b"
            # "claims that X is dishonoring a new ceasefire agreement"
            r"|\bdishono(?:u)?r\w*\s+(?:\w+\s+){0,3}?(?:cease-?fire|truce|agreement|deal|commitments?|pledges?)\b"
            # "has consistently protested X's actions", "lodged a protest over X's incursions"
            r"|\bprotest(?:ed|ing|s)?\s+(?:against\s+|over\s+)?\w+['’]s\s+(?:[\w-]+\s+)?"
            r"(?:actions?|acts?|conduct|behaviou?r|moves?|incursions?|intrusions?|attacks?|violations?)\b",
            re.I,
        ),
        False,
    ),
)
ASSERTING = re.compile(
    # "these claims are false": a word of saying after a demonstrative is a noun, not a verb
    r"\b(?<!these\s)(?<!those\s)(?<!such\s)(?:protest\w*|accus\w+|blam\w+"
    # "alleged" that qualifies a noun ("X's alleged breaches", "the alleged strike") is no verb of saying
    r"|(?<!['’]s\s)(?<!\bthe\s)(?<!\ban\s)(?<!\bits\s)(?<!\btheir\s)alleged\b|alleg(?!ed\b)\w+|claim\w*|said|says|say|insist\w*|maintain\w*|assert\w*|charg\w+"
    r"|denounc\w+|condemn\w+|called(?!\s+(?:on|for|upon))|describ\w+|suggest\w*|den(?:y|ied|ies|ying)|reject\w*"
    r"|argu\w+|stated|told|wrote|concluded|confirm\w*|according\s+to"
    # a participle that carries what is said: "presented a different account, saying X forces fired first"
    r"|saying|stating"
    # "X forces attempted to negotiate, citing a violation of the MOU": the ground a side gives is its words
    r"|citing"
    # statement verbs that carry reported speech: "she added that …", "the ministry emphasised that …"
    r"|add(?:s|ed)|stress(?:es|ed)|emphasi[sz](?:es|ed)|underscor(?:es|ed)|reiterat(?:es|ed)|not(?:es|ed)(?!\s+by)"
    r"|explain(?:s|ed)|declar(?:es|ed)|warn(?:s|ed)|counter(?:s|ed)|retort(?:s|ed)|clarif(?:y|ies|ied)|affirm(?:s|ed)"
    r"|point(?:s|ed)\s+out|announc(?:es|ed)|report(?:s|ed)?\s+that|(?:has|have|had)\s+reported"
    r"|respond(?:s|ed)\s+that|repl(?:y|ies|ied)\s+that)\b",
    re.I,
)
#: words of a commitment taken: what follows is a term agreed, not an assertion about the other side
_COMMITTED = re.compile(
    r"\b(?:agree[ds]?|agreeing|pledg(?:e|es|ed|ing)|commit(?:s|ted|ting)?|vow(?:s|ed|ing)?|undertak(?:e|es|ing)"
    r"|undertook|promis(?:e|es|ed|ing))\s+(?:\w+\s+){0,2}?(?:not\s+)?to\b",
    re.IGNORECASE,
)
#: after a demand, the speaker going on to say what happened: "…, claiming that …", "…, accusing …"
_GOING_ON = re.compile(r",\s+(?:claiming|accusing|alleging|saying|insisting|asserting)\b", re.IGNORECASE)
#: the speaker urges or demands (not "responded to the appeals": a demand by others, named as a thing)
_DEMAND = re.compile(r"(?<!the\s)(?<!The\s)\b(?:urg\w+|call(?:ed|s)?\s+(?:on|for|upon)|demand\w*|appeal\w*)\b", re.I)
_MUTUAL = re.compile(
    r"\b(?:both\s+(?:sides|parties)|each\s+(?:side|government|country)|the\s+two\s+(?:\w+\s+)?(?:sides|countries|neighbou?rs|nations)"
    r"|both\s+(?:countries|nations|governments))\b[^.]{0,60}?"
    r"\b(?:blam\w+|accus\w+|claim(?:s|ing)?)\b|\b(?:blam\w+|accus\w+)\s+each\s+other\b"
    r"|\beach\s+(?:blam\w+|accus\w+)\s+the\s+other\b"
    r"|\btrad(?:e|es|ed|ing)\s+(?:blame|accusations|charges)\b"
    # "exchanged allegations of breaching", "mutual accusations of ceasefire violations"
    r"|\b(?:exchang|swapp)(?:e|es|ed|ing)\s+(?:allegations|accusations|charges|blame)\b"
    r"|\bmutual\s+(?:allegations|accusations|recriminations|blame)\b"
    # "both parties have accused one another", "accusations from both sides of violating …"
    r"|\b(?:blam\w+|accus\w+)\s+one\s+another\b|\b(?:allegations|accusations)\s+(?:from|by)\s+both\s+(?:sides|parties)\b"
    r"|\b(?:hold\w*|held)\s+each\s+other\s+(?:accountable|responsible)\b"
    r"|\beach\s+(?:side\s+)?claim(?:s|ing)\s+the\s+other\b",
    re.I,
)


@dataclass(frozen=True)
class ClaimMention:
    start: int
    end: int
    assertion: A
    stance: S
    claimant: str
    accused: str | None
    rule: str
    spans: tuple[tuple[int, int], ...]


def find_claims(
    text: str,
    clause: tuple[int, int],
    sentence: tuple[int, int],
    actors: Sequence[ActorMention],
    inherited_claimant: str | None = None,
    opposite: Mapping[str, str] | None = None,
    principal_of: Mapping[str, str] | None = None,
    quoted: bool = False,
) -> list[ClaimMention]:
    """Claims in one clause; ``actors`` are the actor mentions of the whole sentence.

    ``quoted``: the clause goes on with a quotation whose speaker was named in the sentence before ("“…,” he said.
    “How can talks take place while X is still … provoking us?”"): it is said, with no verb of its own, and who says
    it is the speaker carried over, never a party named inside it.

    ``opposite`` maps each principal party to the other one (a two-party conflict): an accusation
    that names nobody after its verb accuses the claimant's opposite. ``principal_of`` maps a force,
    ministry or armed group to the principal that answers for it, so that "the army said the group
    violated …" accuses the group, and a party named on the claimant's own side is never the accused.
    """
    opposite = opposite or {}
    principal_of = principal_of or {}
    c_start, c_end = clause
    body = text[c_start:c_end]
    mutual = _MUTUAL.search(body)
    if mutual:
        return _mutual(text, clause, mutual, opposite)
    verb = ASSERTING.search(body)
    demand = _DEMAND.search(body)
    if demand and (not verb or demand.start() < verb.start()):
        # "X had called on the international community to condemn Y, claiming that Y forces opened fire on civilians":
        # what is urged is no claim, what the speaker goes on to claim is
        going_on = _GOING_ON.search(body, demand.end())
        if going_on is None:
            return []
        speaker = _claimant(actors, clause, inherited_claimant, c_start + demand.start(), text)
        return find_claims(
            text, (c_start + going_on.start(), c_end), sentence, actors, speaker, opposite, principal_of, quoted
        )
    denial = _DENYING.search(body)
    answer = _answer_after_the_statement(body, verb, denial)
    if answer is not None:
        # "In response to X's statement …, accusing Y of firing first, the army rejected the allegations": what is
        # answered and the answer, each with its own speaker
        first = (c_start, c_start + answer)
        return [
            *find_claims(text, first, sentence, actors, inherited_claimant, opposite, principal_of),
            *find_claims(text, (c_start + answer, c_end), sentence, actors, None, opposite, principal_of),
        ]
    if denial and (not verb or denial.start() <= verb.start() + 1):
        denied = _denial(text, clause, denial, actors, inherited_claimant, opposite, principal_of)
        if denied is not None:
            return denied
    found: list[ClaimMention] = []
    for assertion, stance, pattern, strong in ASSERTIONS:
        m = pattern.search(body)
        if not m or (
            not verb and not quoted and not strong and not _forces_answered(text, c_start, m, actors, assertion)
        ):
            continue
        if found and assertion in _GENERAL:
            # a bare denial or accusation adds nothing to a specific assertion, unless it is an accusation of its
            # own after the speaker's justification ("X has retaliated …, after its capital accused Y forces of
            # shelling positions")
            later = _ACCUSING_VERB.search(body, max(f.spans[0][1] for f in found) - c_start)
            breach = _BREACH.search(body, max(f.spans[0][1] for f in found) - c_start)
            if later is None and all(f.assertion == A.SELF_DEFENCE for f in found):
                # a justification and an accusation in one clause: "X accuses Y of border aggression, says its
                # response followed self-defence rules"; "asserting it was retaliating against Y violations"
                later = _ACCUSING_VERB.search(body) or _WRONG_ANSWERED.search(
                    body, max(f.spans[0][1] for f in found) - c_start
                )
            if assertion == A.RESPONSIBLE and later and all(f.stance == S.DENIES for f in found):
                m = later
            elif assertion == A.RESPONSIBLE and breach and all(f.assertion == A.FIRED_FIRST for f in found):
                # "X initiated action that violated prior agreements": who began, and a breach of its own
                m = breach
            elif (
                assertion == A.RESPONSIBLE
                and (broken := _listed_breach(body))
                and all(f.stance == S.ACCUSES for f in found)
            ):
                # "accusing X forces of violating the recent ceasefire agreement and targeting civilians": the breach
                # of an agreement is an accusation of its own next to the act
                m = broken
            else:
                break
        if assertion == A.RESPONSIBLE and _RECALLED.search(body, 0, m.start()) and _NOUN.fullmatch(m.group(0)):
            continue  # "Despite the accusations, commanders met": accusations told before, recalled, are no new claim
        if _COMMITTED.search(body, 0, m.start()):
            continue  # "both sides agreed to a ceasefire, pledging to avoid unprovoked firing": a term, not a claim
        if assertion == A.SELF_DEFENCE and _MAY_COME.search(body, 0, m.start()):
            # "if violations continue, actions may be taken in self-defense": a warning of what may come, not a
            # justification of what was done
            continue
        if assertion == A.CIVILIAN_TARGET and not _BLAMING.search(text, sentence[0], c_end):
            # "the army said X forces fired rockets into a civilian area": a party reporting where the other
            # side's fire fell is no claim by itself; it is one when it condemns, accuses or calls it deliberate
            continue
        # the verb of saying that governs the assertion: the last one before it ("… had told the media that …,
        # contradicting claims made by X, accusing Y"), else the first of the clause
        governing = [
            v
            for v in ASSERTING.finditer(body)
            if v.start() <= m.start()
            # "countered X's claims by accusing …": a party's claims named as what is answered are no verb of saying
            and not _POSSESSED_BEFORE.search(body, max(0, v.start() - 30), v.start())
        ]
        said = governing[-1] if governing else verb
        anchor = c_start + (said.start() if said else m.start())
        if said is not None and in_quotation(text, c_start, anchor):
            # "“… the X military violated the ceasefire … and alleged against us …,” he added": a verb inside the
            # quotation is the speaker's own words; who speaks is told by the verb that closes it (in the sentence)
            closing = next(
                (
                    v
                    for v in ASSERTING.finditer(text, c_start + m.end(), sentence[1])
                    if not in_quotation(text, c_start, v.start())
                ),
                None,
            )
            anchor = closing.start() if closing is not None else anchor
        if said is not None and observer_speaks(text, c_start, anchor):
            return found  # "The force stressed that attacks on peacekeepers constitute violations": no party speaks
        claimant = inherited_claimant if quoted else _claimant(actors, clause, inherited_claimant, anchor, text)
        if claimant is None:
            return found
        if (assertion == A.SELF_DEFENCE and _NOT_RETALIATING.search(body)) or (
            stance == S.ACCUSES and _NEGATED.search(text, c_start, c_start + m.start())
        ):
            # "its forces did not retaliate" (no self-defence claimed) or "has not used and will not use
            # new landmines" (no accusation): the speaker denies
            found.append(
                ClaimMention(
                    c_start,
                    c_end,
                    A.DENIAL,
                    S.DENIES,
                    claimant,
                    None,
                    f"claim: '{m.group(0)}' negated by the speaker: a denial",
                    ((c_start + m.start(), c_start + m.end()),),
                )
            )
            break
        if stance == S.ACCUSES:
            claimant = _not_self_accusing(text, actors, clause, anchor, claimant, opposite, principal_of)
        accused = _accused(actors, anchor, c_end, claimant, opposite, principal_of) if stance == S.ACCUSES else None
        passive = _PASSIVE_ACCUSED.search(body)
        if passive is not None:
            # "X, however, is accused of violating the ceasefire by …": X is the accused, the one who speaks is
            # the speaker carried over; what X is said to spread is no denial of X's
            subject = [a for a in actors if c_start <= a.start < c_start + passive.start()]
            if stance == S.DENIES or not subject or inherited_claimant is None:
                continue
            if principal_of.get(subject[-1].code, subject[-1].code) == principal_of.get(
                inherited_claimant, inherited_claimant
            ):
                continue
            claimant, accused = inherited_claimant, subject[-1].code
        spans = [(c_start + m.start(), c_start + m.end())]
        if verb:
            spans.append((c_start + verb.start(), c_start + verb.end()))
        rule = f"claim: assertion '{assertion.value}' from '{m.group(0)}'" + (
            f", verb '{verb.group(0)}'" if verb else ""
        )
        found.append(ClaimMention(c_start, c_end, assertion, stance, claimant, accused, rule, tuple(sorted(spans))))
        if assertion == A.DENIAL and _ACCUSING_VERB.search(body, m.end()):
            # "X claimed the fire was an accident, after Y accused X forces of violating the truce": the
            # accusation told after the denial is one too
            continue
        if assertion in _GENERAL:
            break
    return _motive_of_false_claims(_raised_by(found, text, clause, actors, opposite, principal_of), body)


#: "On the issue of troop movements raised by X, the army confirmed that there have been no additional deployments"
_RAISED_BY = re.compile(r"\braised\s+by\s+(?:the\s+)?$", re.IGNORECASE)


def _raised_by(
    found: list[ClaimMention],
    text: str,
    clause: tuple[int, int],
    actors: Sequence[ActorMention],
    opposite: Mapping[str, str],
    principal_of: Mapping[str, str],
) -> list[ClaimMention]:
    """A denial that answers an issue "raised by" the other side codes the raising as that side's accusation."""
    denier = next((f.claimant for f in found if f.stance == S.DENIES), None)
    if denier is None:
        return found
    side = principal_of.get(denier, denier)
    for actor in actors:
        if not clause[0] <= actor.start < clause[1] or not _RAISED_BY.search(
            text, max(0, actor.start - 20), actor.start
        ):
            continue
        if opposite.get(side) == principal_of.get(actor.code, actor.code):
            rule = f"{REPORTED_ACCUSATION}: an issue raised by {actor.code}, answered by a denial"
            spans = ((actor.start, actor.end),)
            return [
                *found,
                ClaimMention(clause[0], clause[1], A.RESPONSIBLE, S.ACCUSES, actor.code, denier, rule, spans),
            ]
    return found


def _motive_of_false_claims(found: list[ClaimMention], body: str) -> list[ClaimMention]:
    """What a speaker says the other side's false claims aim at ("these claims are entirely false … with the intent
    to provoke tension") is part of its denial, not an accusation of an act; an accusing verb keeps one."""
    if _ACCUSING_VERB.search(body) or not any(f.assertion == A.FABRICATED for f in found):
        return found
    return [f for f in found if f.stance != S.ACCUSES]


#: a side's forces that fire as an answer: "X troops returned fire in line with the rules of engagement"
_ANSWERED_FIRE = re.compile(r"return(?:ed|ing)?\s+fire\b|fired\s+back\b|retaliat(?:e|ed|ing)\b", re.I)
#: how far before the answer its subject (the side's forces) may be named
_SUBJECT_REACH = 25
#: forces that answered the other side's attack, with no words of what: "… the Marine Corps responded, defending …"
_FORCES_RESPONDED = re.compile(r"respond(?:ed|ing)\b(?=\s*,?\s+(?:\w+\s+)?(?:defend|repel|repuls|push))", re.I)
_RESPONDED_WITH = re.compile(
    r"respond(?:ed|ing|s)\s+with\s+(?:[\w-]+\s+){0,4}?(?:fire|weapons|artillery|rockets?|shelling)\b", re.I
)
#: "X side has responded", "X forces have responded": a side telling its own answer
_SIDE_HAS = re.compile(r"\s+(?:side|forces|troops|army)\s+ha(?:s|ve)\s+", re.I)
_FORCES = re.compile(r"\b(?:forces|troops|army|soldiers|corps|navy|marines?|units?|task\s+force|air\s+force)\b", re.I)
_FORCES_NAMED = re.compile(r"(?:\s+(?:[\w-]+\s+)?(?:forces|troops|army|air\s+force|navy|military|units?))?\s+", re.I)
_RESPONDED_BY = re.compile(r"respond(?:ed|ing|s)\s+by\s+(?:attack|strik|shell|fir|bomb|target)\w*", re.I)


def _forces_answered(text: str, c_start: int, m: re.Match[str], actors: Sequence[ActorMention], assertion: A) -> bool:
    """A side's forces told as firing back, the subject of the clause right before the words ("X troops
    returned fire …" in a side's account of the attacks on it), justify their fire with no verb of saying: the
    side's own self-defence (the codebook)."""
    if assertion != A.SELF_DEFENCE:
        return False
    at = c_start + m.start()
    if _ANSWERED_FIRE.match(text, at):
        # "prompting X troops to retaliate": the troops are who answers
        return any(c_start <= a.start and 0 <= at - a.end <= _SUBJECT_REACH for a in actors)
    if _RESPONDED_WITH.match(text, at):
        # "The X side has responded with … weapons": the side named right before is who answers
        # (a side's update in the present perfect; "The X army responded with artillery fire on Y", told by the
        # report, is the fire, not a claim)
        return any(c_start <= a.start and _SIDE_HAS.fullmatch(text, a.end, at) for a in actors)
    if _RESPONDED_BY.match(text, at):
        # "The X Air Force responded by attacking Y military infrastructure": the side's forces, named right before
        return any(c_start <= a.start and _FORCES_NAMED.fullmatch(text, a.end, at) for a in actors)
    # "where the Royal X Marine Corps responded, successfully defending and securing the area": forces that answered
    return bool(_FORCES_RESPONDED.match(text, at)) and any(
        c_start <= a.start and 0 <= at - a.end <= 2 and _FORCES.search(text, a.start, a.end) for a in actors
    )


#: a word of saying used as a noun someone has: "X's claims", "the allegations", "their accusations"
_POSSESSED_BEFORE = re.compile(r"(?:['’]s|\bthe|\bits|\btheir|\bhis|\bher)\s+(?:[\w-]+\s+)?$", re.I)
_CLAIMS_OF = re.compile(
    r"['’]s\s+(?:[\w-]+\s+)?(?:claims?|allegations?|accusations?|charges?|assertions?|statements?|reports?|narratives?"
    r"|versions?)\b",
    re.I,
)
_GENERAL = (A.DENIAL, A.RESPONSIBLE)
#: words by which a speaker blames, not only reports: "condemned", "accused", "deliberately", "war crime"
_BLAMING = re.compile(
    r"\b(?:accus\w+|blam\w+|condemn\w*|denounc\w+|alleg\w+|slamm\w+|critici[sz]\w+|decr(?:y|ied|ies)|lambast\w*"
    r"|deliberate\w*|intentional\w*|indiscriminate\w*|war\s+crimes?|brutal|inhumane|barbaric|cruel\w*|massacre"
    r"|violat\w+|breach\w*|human\s+shields?)\b",
    re.I,
)
_ACCUSING_VERB = re.compile(r"\b(?:accus(?:ed|es|ing)|blam(?:ed|es|ing)|condemn(?:ed|s|ing))\b", re.I)
#: what a mutual accusation over fighting is about (who started it): "traded accusations over renewed artillery
#: exchanges", "blamed each other for the clashes"
_ABOUT_FIGHTING = re.compile(
    r"\bstart\w*|\bfighting\b|\bclash|\bexchanges?\b|\bhostilities\b|\bshelling\b|\bviolence\b", re.I
)
_BREACH = re.compile(r"\bviolat\w+|\bbreach\w*|\bbr(?:eak\w*|oke|oken)\b", re.I)
#: accusations recalled as the setting of what follows: "Despite the accusations, …", "Amid these allegations, …" (not
#: "amid accusations of repeated X violations", which tells them)
_RECALLED = re.compile(
    r"\b(?:despite|amid|amidst|in\s+spite\s+of)\s+(?:the|these|those|such|\w+['’]s)\s+(?:\w+\s+)?$", re.I
)
_NOUN = re.compile(r"(?:accusations?|allegations?|claims?|charges?)", re.I)
#: a breach of an agreement: "violating the recent ceasefire agreement", "breaches of the truce"
#: as one item of a list of accusations ("of violating the ceasefire and targeting civilians"), not the manner of the
#: act ("laying new mines in violation of the truce", "violating the ceasefire by planting mines")
_AGREEMENT_BROKEN = re.compile(
    r"(?<!\bin\s)\b(?:violat\w+|breach\w*|br(?:eak\w*|oke|oken))\s+(?:of\s+)?(?:the\s+|a\s+|this\s+|its\s+)?"
    r"(?:[\w-]+\s+){0,2}?(?:cease-?fire|truce|agreements?|accords?|deals?|convention)\b(?:\s+agreements?)?",
    re.I,
)
_LIST_JOINT_BEFORE = re.compile(r"(?:,|\band)\s+$", re.I)
_LIST_JOINT_AFTER = re.compile(r"\s*(?:,|\band\b)", re.I)


def _listed_breach(body: str) -> re.Match[str] | None:
    """A breach of an agreement that is one item of a list of accusations, joined by a comma or "and"."""
    for m in _AGREEMENT_BROKEN.finditer(body):
        if _LIST_JOINT_BEFORE.search(body, 0, m.start()) or _LIST_JOINT_AFTER.match(body, m.end()):
            return m
    return None


#: what a side says it answered in self-defence, when the words name it as a wrong: "retaliating against X violations"
_WRONG_ANSWERED = re.compile(r"\bviolations\b|\bbreaches\b|\baggression\b|\bprovocations?\b", re.I)

#: a negation before an assertion turns it into the speaker's denial
_NEGATED = re.compile(r"\b(?:not|never|neither|nor)\b|n[’']t\b", re.I)
#: what may come: "actions may be taken", "would respond", "if violations continue"
_MAY_COME = re.compile(r"\b(?:if|may|might|will|would|could)\b", re.I)
#: "did not retaliate", "has not responded": a denial of acting, not a claim of self-defence
_NOT_RETALIATING = re.compile(
    r"\b(?:not|never)\s+(?:\w+\s+)?(?:retaliat\w*|return(?:ed)?\s+fire|fired?\s+back)|n[’']t\s+(?:retaliat\w*|return\s+fire)",
    re.I,
)
#: a verb by which the speaker rejects what another party says
_DENYING = re.compile(
    r"\b(?:den(?:y|ied|ies|ying)|reject(?:s|ed|ing)?(?!\s+(?:[\w-]+\s+){0,3}?" + _NO_ACCOUNT + r")"
    r"|refut(?:e|es|ed|ing)|dismiss(?:es|ed|ing)?|rebuff(?:s|ed|ing)?)\b",
    re.I,
)
#: "the allegations by X that …", "X's unfounded claims that …": whose accusation is rejected
_REPORTED = re.compile(
    r"\b(?:allegations?|accusations?|claims?|charges?|assertions?|statements?|announcements?)\s+(?:\w+\s+){0,2}?"
    r"(?:by|from|of)\s+(?:the\s+)?$"
    r"|^(?:'s|’s)?\s*(?:\w+\s+){0,2}?(?:allegations?|accusations?|claims?|charges?)\b",
    re.I,
)
#: "… and said the other side's troops attacked first", "…, insisting …": the denier's own account
_OWN_ACCOUNT = re.compile(
    r"\b(?:and|but)\s+(?:\w+\s+){0,2}?(?:said|says|insist(?:ed|s)|maintain(?:ed|s)|accus(?:ed|es)|blam(?:ed|es)|claim(?:ed|s)"
    r"|counter(?:ed|s)?)\b"
    r"|,\s+(?:saying|stating|insisting|accusing|blaming|adding)\b",
    re.I,
)
_MEDIA = re.compile(r"^\s*(?:media|press|news|outlets?|reports?|newspapers?)\b", re.I)


def _denial(
    text: str,
    clause: tuple[int, int],
    denial: re.Match[str],
    actors: Sequence[ActorMention],
    inherited: str | None,
    opposite: Mapping[str, str],
    principal_of: Mapping[str, str],
) -> list[ClaimMention] | None:
    """A clause whose speaker denies, rejects or refutes: a denial, never an accusation by the denier.

    What the denial is about is what the other party said: an accusation named in it ("the
    allegations by X that new landmines have been laid") is that party's claim. What the denier
    adds after it ("and said the mines were left from the war", "and said X's troops attacked
    first") is the denier's own account: a specific denial or a counter-accusation.
    """
    c_start, c_end = clause
    anchor = c_start + denial.start()
    claimant = _claimant(actors, clause, inherited, anchor, text)
    if claimant is None:
        return None
    # "he rejected the X accusations as baseless": a party does not reject its own accusations, so with no
    # other speaker named before the verb the denier is the accuser's other side
    own_accusations = _reported_accuser(text, actors, c_start + denial.end(), c_end, "")
    swapped = (
        own_accusations == claimant
        and not any(c_start <= a.start < anchor for a in actors)
        and principal_of.get(claimant, claimant) in opposite
    )
    if swapped:
        claimant = opposite[principal_of.get(claimant, claimant)]
    own = _OWN_ACCOUNT.search(text, c_start + denial.end(), c_end)
    denied_end = own.start() if own else c_end
    denied_text = text[c_start + denial.end() : denied_end]
    own_text = text[own.end() : c_end] if own else ""
    spans = ((anchor, c_start + denial.end()),)
    kind = A.DENIAL
    # "refuted X's allegations that Y used chemical weapons and that the discovered landmines were old remnants of
    # war": what the allegations say is X's, its answer ("old remnants") included; the refuter's words are the rest
    content = _THAT_CONTENT.search(denied_text)
    cut = (c_start + denial.end() + content.end(), denied_end) if content else (c_end, c_end)
    own_words = text[c_start : cut[0]] + " " + text[cut[1] : c_end]
    for assertion, stance, pattern, _ in ASSERTIONS:
        if stance == S.DENIES and assertion != A.DENIAL and pattern.search(own_words):
            # "rejected the accusation, stating that its forces had not retaliated": no self-defence claimed
            kind = A.DENIAL if assertion == A.SELF_DEFENCE and _NOT_RETALIATING.search(own_words) else assertion
            break
    rule = f"denial: '{denial.group(0)}' by the speaker (what it denies is another party's claim)"
    found = [ClaimMention(c_start, c_end, kind, S.DENIES, claimant, None, rule, spans)]
    accuser = _reported_accuser(text, actors, c_start + denial.end(), denied_end, claimant)
    if swapped and not any(
        st == S.ACCUSES and a not in _GENERAL and p.search(denied_text) for a, st, p, _ in ASSERTIONS
    ):
        accuser = None  # what they accused it of is told elsewhere, if at all
    if accuser is None and _UNNAMED_CLAIMS.match(denied_text):
        accuser = _other_side_accusing(denied_text, claimant, opposite, principal_of)
    said = denied_text[content.end() :] if content else ""
    if accuser is not None and _DENIAL_WORDS.search(said):
        # "rejected X's claim that its forces did not fire": what is rejected is X's own denial, no accusation
        rule = f"{REPORTED_ACCUSATION}, by {accuser}: a denial of its own"
        own_denial = ClaimMention(c_start, c_end, A.DENIAL, S.DENIES, accuser, None, rule, spans)
        return [
            *found,
            own_denial,
            *_counter(text, actors, clause, own, own_text, claimant, opposite, principal_of, spans),
        ]
    if accuser is not None:
        # "rejects X's allegations of initiating the gunfire, provocation, and violations of the ceasefire": one
        # claim per assertion the list names; "refuted claims made by X's foreign ministry" names none, so it is
        # the denial only
        assertions = [
            a for a, st, p, _ in ASSERTIONS if st == S.ACCUSES and a not in _GENERAL and p.search(denied_text)
        ]
        if _BREACH.search(denied_text) or (not assertions and _SAYS_WHAT.search(denied_text)):
            assertions.append(A.RESPONSIBLE)
        found += [
            ClaimMention(
                c_start, c_end, assertion, S.ACCUSES, accuser, claimant, f"{REPORTED_ACCUSATION}, by {accuser}", spans
            )
            for assertion in dict.fromkeys(assertions)
        ]
        answer = next(
            (
                a
                for a, st, p, _ in ASSERTIONS
                if st == S.DENIES and a not in (A.DENIAL, A.FABRICATED) and p.search(text, cut[0], cut[1])
            ),
            None,
        )
        if answer is not None:
            found.append(
                ClaimMention(
                    c_start, c_end, answer, S.DENIES, accuser, None, f"{REPORTED_ACCUSATION}, by {accuser}", spans
                )
            )
    return found + _counter(text, actors, clause, own, own_text, claimant, opposite, principal_of, spans)


def _counter(
    text: str,
    actors: Sequence[ActorMention],
    clause: tuple[int, int],
    own: re.Match[str] | None,
    own_text: str,
    claimant: str,
    opposite: Mapping[str, str],
    principal_of: Mapping[str, str],
    spans: tuple[tuple[int, int], ...],
) -> list[ClaimMention]:
    """What the denier adds after its denial ("… and said X's troops attacked first"): its counter-accusation."""
    if not own_text:
        return []
    counter = next(
        (a for a, st, p, _ in ASSERTIONS if st == S.ACCUSES and a not in (A.DENIAL,) and p.search(own_text)),
        None,
    )
    target = _accused(actors, own.end() if own else clause[1], clause[1], claimant, opposite, principal_of)
    if counter is None or target is None:
        return []
    return [
        ClaimMention(
            clause[0], clause[1], counter, S.ACCUSES, claimant, target, "counter-accusation after the denial", spans
        )
    ]


_DENIAL_WORDS = next(p for a, _, p, _ in ASSERTIONS if a == A.DENIAL)
_IN_RESPONSE = re.compile(r"^\W*(?:in\s+(?:response|reply)\s+to|responding\s+to|replying\s+to)\b", re.I)


def _answer_after_the_statement(body: str, verb: re.Match[str] | None, denial: re.Match[str] | None) -> int | None:
    """Where the answer begins in "In response to X's statement …, accusing …, the army has rejected …": the
    comma before the denier's name, when the clause opens with what it answers and denies after another verb."""
    if verb is None or denial is None or denial.start() <= verb.start() + 1 or not _IN_RESPONSE.match(body):
        return None
    cut = body.rfind(", ", 0, denial.start())
    return cut + 1 if cut > verb.end() else None


#: where what the rejected allegations say begins: "allegations that …", "X's claims … that …"
_THAT_CONTENT = re.compile(
    r"\b(?:allegations?|accusations?|claims?|charges?|assertions?)\s+(?:[\w'’-]+\s+){0,6}?that\b", re.IGNORECASE
)
#: what a rejected accusation says: "allegations … that …", "accusations of …", or a breach or blame named in it
_SAYS_WHAT = re.compile(
    r"\b(?:allegations?|accusations?|claims?|charges?|assertions?|statements?|reports?)\s+(?:[\w'’-]+\s+){0,8}?"
    r"(?:that|of|over|about|regarding|concerning)\b"
    r"|\bviolat\w+|\bbreach\w*|\baggression\b|\bresponsib\w+|\battack\w*|\bfir(?:ed|ing)\b|\bshell\w*|\bprovocat\w+",
    re.IGNORECASE,
)

#: "rejecting claims that …", "denied accusations that …": an accusation whose maker the clause does not name
_UNNAMED_CLAIMS = re.compile(r"\s+(?:the\s+)?(?:allegations?|accusations?|claims?|charges?)\s+that\b", re.I)


def _other_side_accusing(
    denied_text: str, denier: str, opposite: Mapping[str, str], principal_of: Mapping[str, str]
) -> str | None:
    """Who made an accusation the denier rejects without naming its maker: in a two-party conflict, the other
    side, when what is rejected is a specific act ("claims that its troops initiated the skirmish")."""
    side = principal_of.get(denier, denier)
    if side not in opposite:
        return None
    specific = any(st == S.ACCUSES and a not in _GENERAL and p.search(denied_text) for a, st, p, _ in ASSERTIONS)
    return opposite[side] if specific else None


#: "X is accused of …", "X was blamed for …": X is who is accused, not who accuses
_PASSIVE = r"\b(?:is|are|was|were|been|being)\s+(?:\w+\s+)?(?:accused\s+of|blamed\s+for)\b"
_PASSIVE_ACCUSED = re.compile(_PASSIVE, re.I)
#: the same right after a party's name: "X, however, is accused of …"
PASSIVE_ACCUSED = re.compile(r"\W*(?:\w+\W+){0,2}?" + _PASSIVE, re.I)


#: the rule of an accusation told only inside the other party's denial of it
REPORTED_ACCUSATION = "the accusation the denial rejects"


def _reported_accuser(text: str, actors: Sequence[ActorMention], start: int, end: int, denier: str) -> str | None:
    """The party whose allegations are denied: "allegations by X", "X's claims", "the X accusations"."""
    for actor in (a for a in actors if start <= a.start < end and a.code != denier):
        if _MEDIA.match(text, actor.end):
            continue  # "<country> media reports" are no party's claim
        before = text[max(start, actor.start - 40) : actor.start]
        after = text[actor.end : min(end, actor.end + 40)]
        if _REPORTED.search(before) or _REPORTED.match(after):
            return actor.code
    return None


def _mutual(
    text: str, clause: tuple[int, int], match: re.Match[str], opposite: Mapping[str, str]
) -> list[ClaimMention]:
    s, e = clause[0] + match.start(), clause[0] + match.end()
    body = text[clause[0] : clause[1]]
    assertion = A.FIRED_FIRST
    for candidate, _, pattern, _ in ASSERTIONS:
        if candidate in (A.FIRED_FIRST, A.CIVILIAN_TARGET) and pattern.search(body):
            assertion = candidate
            break
    else:
        # "accused each other of violating the ceasefire" names the breach; "blamed each other for
        # the clashes" is about who started them
        if _BREACH.search(body) or _ABOUT_FIGHTING.search(body) is None:
            assertion = A.RESPONSIBLE
    rule = f"mutual accusation '{match.group(0)}': each principal accuses the other"
    assertions = [assertion]
    if assertion != A.RESPONSIBLE and _listed_breach(body):
        # "accusing each other of targeting civilians and violating previous ceasefire agreements": both items
        assertions.append(A.RESPONSIBLE)
    return [
        ClaimMention(clause[0], clause[1], about, S.ACCUSES, a, b, rule, ((s, e),))
        for about in assertions
        for a, b in opposite.items()
    ]


#: from a party's mention to the verb: the quotation closes between them ("…,” he alleged")
_QUOTED_BEFORE_VERB = re.compile(r"[^“”\"]*?[,.!?]?\s*[”\"]\s*,?\s*(?:\w+\s+){0,3}?$")
#: the words before a party's mention make it who is spoken to or complained to, not the speaker
_ADDRESSEE = re.compile(
    r"\b(?i:with|to|before|against)\s+(?i:(?:the|their|its|his|her)\s+)?(?:[A-Z][\w’'-]*\s+(?:of\s+(?:the\s+)?)?){0,3}$"
)


#: "…, with X accusing Y forces of …": a party named after "with" that goes on to speak is the speaker
_SPEAKING_AFTER = re.compile(
    r"\s+(?:accusing|saying|blaming|claiming|insisting|alleging|denying|condemning|charging)\b", re.IGNORECASE
)


def addressed(text: str, start: int, position: int) -> bool:
    """Whether the party named at ``position`` is who is spoken, written or complained to ("a letter to X's
    foreign minister", "lodged a protest with their X counterparts"), not who speaks."""
    return _ADDRESSEE.search(text, start, position) is not None


def in_quotation(text: str, start: int, position: int, verb: int | None = None) -> bool:
    """Whether ``position`` lies inside a quotation: one opened after ``start`` (curly or straight quotes),
    or one that closes between it and the verb of saying at ``verb`` ("… came to attack us,” he alleged")."""
    before = text[start:position]
    if before.count("“") > before.count("”") or before.count('"') % 2 == 1:
        return True
    if text.startswith(("'", "‘"), start):
        # "'… launched by X falsely alleging Y fired the first shots,' the ministry said": a quotation in single
        # marks that opens the clause, up to the mark that closes it after a comma or full stop
        closing = _SINGLE_CLOSE.search(text, start + 1)
        if closing is not None and position < closing.start():
            return True
    return verb is not None and position < verb and _QUOTED_BEFORE_VERB.match(text, position, verb) is not None


_SINGLE_CLOSE = re.compile(r"[,.!?]['’](?=\s)")


def _claimant(
    actors: Sequence[ActorMention],
    clause: tuple[int, int],
    inherited: str | None,
    anchor: int,
    text: str | None = None,
) -> str | None:
    """The party named nearest before the verb; else one named right after it ("said the army's spokesman
    X"); else the speaker carried over (from earlier in the sentence, or the sentence before when this
    one names a party only inside what is said); else a body or official named in the clause.

    A party named further on in the clause is what is said ("the ministry said the other side's soldiers …"),
    so it speaks only when nobody else can.
    """
    if text is not None and (shared := _subject_shared(actors, clause, inherited, anchor, text)) is not None:
        return shared
    before = [a for a in actors if clause[0] <= a.start < anchor]
    if text is not None:
        # what is said is not who says it: a party inside the quotation the verb closes ("“… the others came
        # to attack us,” he alleged"), or one the speaker turns to ("filed a complaint with a rights body, accusing …")
        before = [
            a
            for a in before
            if not _QUOTED_BEFORE_VERB.match(text, a.end, anchor)
            and (not _ADDRESSEE.search(text, clause[0], a.start) or _SPEAKING_AFTER.match(text, a.end))
            # "countered X's claims by accusing …": whose claims are answered is not who speaks
            and not _CLAIMS_OF.match(text, a.end)
        ]
    if before:
        return before[-1].code
    in_clause = [a for a in actors if clause[0] <= a.start < clause[1]]
    verb = ASSERTING.match(text, anchor) if text is not None else None
    if verb is not None:
        # "said the army's spokesman", "According to the X ministry, …"
        right_after = [a for a in in_clause if verb.end() <= a.start <= verb.end() + 5]
        if right_after and right_after[0].kind != "state":
            return right_after[0].code
    if inherited is not None:
        return inherited
    if text is not None:
        # "landmines planted by X": the one said to have done it is not who says so
        in_clause = [
            a for a in in_clause if not agent_of_act(text, a.start) and not _ADDRESSEE.search(text, clause[0], a.start)
        ]
    if in_clause and in_clause[0].kind != "state":
        return in_clause[0].code
    return None


#: the words before a party's mention make it an object or what is said, not a subject: "accused X of …", "its
#: attack on X positions", "rockets fired from X territory, blaming …", "alleged that X used …" (not "the allegations
#: made by X")
_NOT_A_SUBJECT = re.compile(
    r"(?:\b(?:accus\w+|blam\w+|condemn\w+|critici[sz]\w+|on|at|against|into|toward|towards|over|from|in|inside|within|near)"
    r"|\b(?:said|says|stated|alleged|claimed|insisted|maintained|added)(?:\s+that)?)"
    r"\s+(?:the\s+|its\s+|their\s+|his\s+|her\s+)?$",
    re.IGNORECASE,
)


def _subject_shared(
    actors: Sequence[ActorMention], clause: tuple[int, int], inherited: str | None, anchor: int, text: str
) -> str | None:
    """The speaker of a verb of saying that has no subject of its own (", alleging …", "and maintained …"): the
    subject of the clause's first verb of saying (the speaker carried over when the clause names none before it),
    or, with no verb of saying before, the clause's first party ("X justified its attack on Y positions, accusing
    Y of …")."""
    right_after = any(anchor < a.start <= anchor + 12 and a.kind != "state" for a in actors)
    if not shares_the_subject(text, clause[0], anchor, right_after):
        return None
    nearest = [a for a in actors if clause[0] <= a.start < anchor and not in_quotation(text, clause[0], a.start)]
    if not nearest or not _NOT_A_SUBJECT.search(text, clause[0], nearest[-1].start):
        # "the allegations made by X, accusing …": the party named last is who speaks
        return None
    first = ASSERTING.search(text, clause[0], anchor)
    limit = first.start() if first is not None else anchor
    subjects = [
        a
        for a in actors
        if clause[0] <= a.start < limit
        and not agent_of_act(text, a.start)
        and not _ADDRESSEE.search(text, clause[0], a.start)
        and not in_quotation(text, clause[0], a.start)
    ]
    if first is not None:
        return subjects[-1].code if subjects else inherited
    return subjects[0].code if subjects else None


_AGENT_BEFORE = re.compile(r"\bby\s+(?:the\s+)?$", re.IGNORECASE)


def agent_of_act(text: str, position: int) -> bool:
    """A party named as who did something ("mines planted by X"): the one a claim is about, not its speaker."""
    return _AGENT_BEFORE.search(text, max(0, position - 12), position) is not None


#: a body named by its kind alone, with no name of a side in it: "The ministry", "the army", "the government"
_BY_KIND_ONLY = re.compile(r"(?:[Tt]he\s+|[Ii]ts\s+)?[a-z][a-z\s-]*")


def _not_self_accusing(
    text: str,
    actors: Sequence[ActorMention],
    clause: tuple[int, int],
    anchor: int,
    claimant: str,
    opposite: Mapping[str, str],
    principal_of: Mapping[str, str],
) -> str:
    """A speaker carried over from before ("The army also accused X of delaying …", after sentences on X's
    fire) who would accuse its own side is the other side: nobody accuses itself. A speaker named before the verb
    is kept, unless named only by its kind ("The ministry accused the X military of …": which side's ministry is
    read from around it, and a ministry does not accuse its own army)."""
    verb = _ACCUSING_VERB.match(text, anchor)
    named = [a for a in actors if clause[0] <= a.start < anchor]
    if verb is None or (named and not _BY_KIND_ONLY.fullmatch(text, named[-1].start, named[-1].end)):
        return claimant
    # the one accused, named right after the verb ("accused X of …")
    after = [a for a in actors if verb.end() <= a.start <= verb.end() + 6 and a.start < clause[1]]
    side = principal_of.get(claimant, claimant)
    if after and principal_of.get(after[0].code, after[0].code) == side and side in opposite:
        return opposite[side]
    return claimant


def _accused(
    actors: Sequence[ActorMention],
    anchor: int,
    clause_end: int,
    claimant: str,
    opposite: Mapping[str, str],
    principal_of: Mapping[str, str],
) -> str | None:
    """The first party of the other side named after the verb (a force or group counts as its
    principal's); else the claimant's opposite."""
    side = principal_of.get(claimant, claimant)
    after = [
        a
        for a in actors
        if anchor <= a.start < clause_end
        and principal_of.get(a.code, a.code) != side
        and principal_of.get(a.code, a.code) in opposite
    ]
    if after:
        return after[0].code
    return opposite.get(side)
