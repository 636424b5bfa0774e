"""The vocabulary's words as pages show them, marked for translation.

:func:`N_` marks a message without translating it: Babel's extraction (``babel.cfg``,
``scripts/i18n_catalogs.py``) finds every ``N_("…")`` and puts it in the catalogs, and the web
layer translates the words into the reader's language when a page is rendered
(``truceline.web.i18n.label``). This module stays pure: it knows nothing of catalogs or requests.

:data:`WORDS` holds the English words of every code of the vocabularies the pages show (an
incident's kind, how exactly its date and place are known, a violation's status, a claim's
assertion …); ``code_text`` writes the same words, so English pages read as before.
"""

from __future__ import annotations


def N_(message: str) -> str:
    """Mark ``message`` for the catalogs; return it unchanged (translated where it is shown)."""
    return message


#: code -> its words (the same as ``code.replace("_", " ")``), marked for the catalogs
WORDS: dict[str, str] = {
    # incident kinds
    "armed_clash": N_("armed clash"),
    "territory_taken": N_("territory taken"),
    "air_strike": N_("air strike"),
    "drone_strike": N_("drone strike"),
    "shelling": N_("shelling"),
    "landmine_explosion": N_("landmine explosion"),
    "attack_on_civilians": N_("attack on civilians"),
    "mines_found": N_("mines found"),
    "weapons_seized": N_("weapons seized"),
    "mine_emplacement_observed": N_("mine emplacement observed"),
    "buildup": N_("buildup"),
    "fortification": N_("fortification"),
    "airspace_incursion": N_("airspace incursion"),
    "territory_incursion": N_("territory incursion"),
    "heavy_weapons_withdrawal": N_("heavy weapons withdrawal"),
    "prisoner_release": N_("prisoner release"),
    "remains_returned": N_("remains returned"),
    "detention": N_("detention"),
    "property_destruction": N_("property destruction"),
    "protest": N_("protest"),
    "other": N_("other"),
    # modality
    "carried_out": N_("carried out"),
    "declared": N_("declared"),
    # date precision
    "day": N_("day"),
    "days": N_("days"),
    "week": N_("week"),
    "month": N_("month"),
    "year": N_("year"),
    # location precision
    "exact": N_("exact"),
    "near": N_("near"),
    "district": N_("district"),
    "province": N_("province"),
    "border": N_("border"),
    "country": N_("country"),
    "unknown": N_("unknown"),
    # sides of the line
    "disputed": N_("disputed"),
    "undetermined": N_("undetermined"),
    # casualties
    "killed": N_("killed"),
    "injured": N_("injured"),
    "displaced": N_("displaced"),
    "civilian": N_("civilian"),
    "military": N_("military"),
    # claims
    "responsible": N_("responsible"),
    "fired_first": N_("fired first"),
    "newly_laid_mines": N_("newly laid mines"),
    "legacy_mines": N_("legacy mines"),
    "self_defence": N_("self defence"),
    "civilian_target": N_("civilian target"),
    "casualty_figure": N_("casualty figure"),
    "fabricated": N_("fabricated"),
    "denial": N_("denial"),
    "accuses": N_("accuses"),
    "denies": N_("denies"),
    # findings
    "verified": N_("verified"),
    "not_substantiated": N_("not substantiated"),
    "inconclusive": N_("inconclusive"),
    "draft": N_("draft"),
    "in_review": N_("in review"),
    "final": N_("final"),
    "withdrawn": N_("withdrawn"),
    # violations
    "alleged": N_("alleged"),
    "confirmed": N_("confirmed"),
    "unattributed": N_("unattributed"),
    # commitments
    "pending": N_("pending"),
    "met": N_("met"),
    "overdue": N_("overdue"),
    "suspended": N_("suspended"),
    "started": N_("started"),
    "partial": N_("partial"),
    "resumed": N_("resumed"),
    "deadline_changed": N_("deadline changed"),
    "cancelled": N_("cancelled"),
    # agreements
    "ceasefire": N_("ceasefire"),
    "minutes": N_("minutes"),
    "joint_statement": N_("joint statement"),
    "joint_declaration": N_("joint declaration"),
    "treaty": N_("treaty"),
    "memorandum": N_("memorandum"),
    "signed": N_("signed"),
    "in_force": N_("in force"),
    "superseded": N_("superseded"),
    "terminated": N_("terminated"),
    "reaffirmed": N_("reaffirmed"),
    "not_yet_in_force": N_("not yet in force"),
    # review candidates
    "incident": N_("incident"),
    "claim": N_("claim"),
    "meeting": N_("meeting"),
    "letter": N_("letter"),
    "statement": N_("statement"),
    "agreement_ref": N_("agreement ref"),
    "agreement_status": N_("agreement status"),
    "tally": N_("tally"),
    "accepted": N_("accepted"),
    # versions of a record
    "created": N_("created"),
    "corrected": N_("corrected"),
    "retracted": N_("retracted"),
    "republished": N_("republished"),
    "event": N_("event"),
    "adopted": N_("adopted"),
    "revised": N_("revised"),
    "published": N_("published"),
    "unpublished": N_("unpublished"),
    "rejected": N_("rejected"),
    # letters and statements
    "clarification_request": N_("clarification request"),
    "notification": N_("notification"),
    "demand": N_("demand"),
    "condemnation": N_("condemnation"),
    "welcome": N_("welcome"),
}
