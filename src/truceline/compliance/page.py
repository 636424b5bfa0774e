"""The compliance matrix's shape: provisions by their readable names as rows, parties as columns,
each count with a link to the incidents behind it. One shape for the web app's compliance page
(links to the incident list filtered to them) and the public static site (links to its own
incident pages): each passes its own ``link``."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlencode

from truceline.compliance.results import UNDETERMINED_PARTY
from truceline.domain.labels import N_
from truceline.vocabulary import ViolationStatus

#: past this many incidents a count links to the violations further down the page instead
MAX_LINKED_IDS = 200


def incidents_link(incident_ids: list[str]) -> str:
    """The incident list filtered to exactly these incidents."""
    if len(incident_ids) > MAX_LINKED_IDS:
        return "#violations"
    return "/incidents?" + urlencode([("id", i) for i in incident_ids])


def matrix_table(
    report: Mapping[str, Any],
    labels: Mapping[str, Mapping[str, str]],
    party_name: Callable[[str], str],
    link: Callable[[list[str]], str] = incidents_link,
) -> dict[str, Any]:
    """``columns`` (code, name, and whether it is a party) and ``rows``: one per provision with
    violations, named as people read it (``labels``; else its id), with one cell per column
    holding, for each status with violations, the count and ``link`` of its incidents (their
    sorted ids). ``report``: a compliance document, or a summary of one whose ``violations`` list
    only the small cells' (``truceline.compliance.services.compliance_summary``)."""
    ids: dict[tuple[str, str, str], list[str]] = {}
    for v in report["violations"]:
        column = v["party"] or UNDETERMINED_PARTY
        ids.setdefault((v["provision_id"], column, v["status"]), []).append(v["incident_id"])
    columns = [
        {
            "code": p,
            "name": N_("party undetermined") if p == UNDETERMINED_PARTY else party_name(p),
            "party": p != UNDETERMINED_PARTY,  # pages in other languages name a party in their script
        }
        for p in report["parties"]
    ]
    rows: dict[str, dict[str, Any]] = {}
    for cell in report["matrix"]:
        provision_id = cell["provision_id"]
        label = labels.get(provision_id, {})
        row = rows.setdefault(
            provision_id,
            {
                "provision_id": provision_id,
                "agreement_id": label.get("agreement_id", provision_id.split("/")[0]),
                "label": label.get("label", provision_id),
                "summary": label.get("summary", ""),
                "cells": {},
            },
        )
        counts = []
        for status in ViolationStatus:
            n = cell["counts"].get(status.value, 0)
            if n:
                listed = ids.get((provision_id, cell["party"], status.value), [])
                # a summary lists no violation of its large cells: they lead to the list of violations
                href = link(sorted(set(listed))) if len(listed) >= n else "#violations"
                counts.append({"status": status.value, "count": n, "href": href})
        row["cells"][cell["party"]] = counts
    return {"columns": columns, "rows": list(rows.values())}
