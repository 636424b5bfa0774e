"""How the compliance engine reads claims and findings.

A claim is viewed through its principals: whether it attributes the act to the accused party,
whether it counters an accusation against the claimant, and the sentence that explains it.
Findings count when final as of ``as_of`` and not superseded. See ``docs/compliance.md``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from operator import attrgetter

from truceline.compliance.in_force import Clock
from truceline.compliance.records import ClaimRecord, FindingRecord
from truceline.domain.wording import code_text, moment_text
from truceline.vocabulary import ClaimAssertion, ClaimStance, FindingState

__all__ = [
    "COUNTER_ASSERTIONS",
    "NON_ATTRIBUTING_ASSERTIONS",
    "ClaimView",
    "claim_view",
    "counting_findings",
    "finding_line",
]


#: assertions that never attribute the incident to the party named as ``accused``: denial,
#: fabricated and legacy_mines rebut; self_defence justifies the claimant's own act, its
#: ``accused`` being the party the claimant says it responded to
NON_ATTRIBUTING_ASSERTIONS: frozenset[ClaimAssertion] = frozenset(
    {
        ClaimAssertion.DENIAL,
        ClaimAssertion.FABRICATED,
        ClaimAssertion.LEGACY_MINES,
        ClaimAssertion.SELF_DEFENCE,
    }
)
#: assertions that, made by the accused party, counter an accusation (besides stance ``denies``)
COUNTER_ASSERTIONS: frozenset[ClaimAssertion] = frozenset(
    {
        ClaimAssertion.DENIAL,
        ClaimAssertion.LEGACY_MINES,
        ClaimAssertion.SELF_DEFENCE,
        ClaimAssertion.FABRICATED,
        ClaimAssertion.FIRED_FIRST,
    }
)


@dataclass(frozen=True, slots=True)
class ClaimView:
    claim: ClaimRecord
    claimant: str  # principal
    accused: str | None  # principal
    attributes: bool  # attributes the act to ``accused``
    counters: bool  # counters an accusation against ``claimant``
    line: str


def claim_view(claim: ClaimRecord, principal: Mapping[str, str]) -> ClaimView:
    """``principal`` maps every aliased code to its principal party (see ``_Engine``)."""
    claimant = principal.get(claim.claimant, claim.claimant)
    accused = principal.get(claim.accused, claim.accused) if claim.accused is not None else None
    attributes = (
        claim.stance == ClaimStance.ACCUSES
        and accused is not None
        and claim.assertion not in NON_ATTRIBUTING_ASSERTIONS
    )
    # a denial counts whatever it names as ``accused`` (casebooks often write "KH denies, accused
    # KH": the accusation it rebuts); a counter-assertion made with stance ``accuses`` counts
    # unless it names the claimant itself
    counters = claim.stance == ClaimStance.DENIES or (claim.assertion in COUNTER_ASSERTIONS and accused != claimant)
    who = claim.claimant if claimant == claim.claimant else f"{claim.claimant} ({claimant})"
    whom = ""
    if claim.accused is not None:
        whom = claim.accused if accused == claim.accused else f"{claim.accused} ({accused})"
    summary = f': "{claim.summary}"' if claim.summary else ""
    if attributes:
        admission = " (an admission: the claimant names its own side)" if accused == claimant else ""
        line = (
            f"Claim {claim.id}, made {moment_text(claim.made_on)}: {who} accuses {whom} "
            f"— {code_text(claim.assertion)}{admission}{summary}."
        )
    else:
        target = f" (concerning {whom})" if whom and whom != who else ""
        line = (
            f"Claim {claim.id}, made {moment_text(claim.made_on)}: {who} {claim.stance}{target} "
            f"— {code_text(claim.assertion)}{summary}."
        )
    return ClaimView(claim, claimant, accused, attributes, counters, line)


def counting_findings(findings: Iterable[FindingRecord], clock: Clock) -> tuple[list[FindingRecord], dict[str, str]]:
    """Findings final on or before ``as_of`` and not superseded by another such finding.

    Also returns ``{superseded id: id of the final finding that supersedes it}``.
    """
    final = [
        f for f in findings if f.state == FindingState.FINAL and f.final_on is not None and f.final_on <= clock.date
    ]
    superseded = {f.supersedes: f.id for f in sorted(final, key=attrgetter("id")) if f.supersedes is not None}
    return [f for f in final if f.id not in superseded], superseded


def finding_line(f: FindingRecord) -> str:
    on = f"claim {f.claim_id}" if f.claim_id is not None else f"incident {f.incident_id}"
    party = f", attributing the act to {f.party}" if f.party and f.claim_id is None else ""
    reasoning = f': "{f.reasoning}"' if f.reasoning else ""
    date = moment_text(f.final_on) if f.final_on else "?"
    return f"Finding {f.id} on {on}, final {date}: {code_text(f.result)}{party}{reasoning}."
