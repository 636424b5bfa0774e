"""Failure modes seen on real reporting, each with a real sentence of the evaluation set.

The sentences are read from tests/data/extraction/real_reports.yaml (each report there keeps its
address and publication date), with the lookups of the report's own casebook.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml

from truceline.casebooks.loader import bundled_casebook_path, read_casebook
from truceline.extraction import Candidate, Extraction, extract
from truceline.extraction.actors import ActorFinder, unnamed_forces
from truceline.extraction.agreements import aliases_of
from truceline.extraction.dates import find_dates
from truceline.extraction.places import DATELINE
from truceline.geo.gazetteer import Gazetteer

REPORTS = Path(__file__).parent.parent / "data" / "extraction" / "real_reports.yaml"


@cache
def _reports() -> dict[str, dict[str, Any]]:
    data = yaml.safe_load(REPORTS.read_text(encoding="utf-8"))
    return {r["id"]: r for r in data["reports"]}


@cache
def _lookups(conflict_id: str) -> tuple[Any, Any, Any]:
    book = read_casebook(bundled_casebook_path(conflict_id))
    return Gazetteer(book.places), aliases_of(book.agreements), book.definition()


def sentence(report_id: str, starts: str) -> tuple[str, dict[str, Any]]:
    """The excerpt's line that starts with ``starts`` (each excerpt keeps one sentence or paragraph a line).

    Only reports of the development half: rules are never written against the test half.
    """
    report = _reports()[report_id]
    assert report["split"] == "dev", f"{report_id} is in the test half"
    line = next(line for line in report["excerpt"].splitlines() if line.startswith(starts))
    return line, report


def read(report_id: str, starts: str | None = None) -> Extraction:
    report = _reports()[report_id]
    assert report["split"] == "dev", f"{report_id} is in the test half"
    text = report["excerpt"] if starts is None else sentence(report_id, starts)[0]
    gazetteer, agreements, conflict = _lookups(report["conflict"])
    published = report["published"]
    assert isinstance(published, dt.date)
    return extract(text, published, gazetteer, conflict=conflict, agreements=agreements)


def incidents(extraction: Extraction) -> list[Candidate]:
    return extraction.of_type("incident")


def figure(c: Candidate, name: str) -> tuple[int | None, int | None, int | None] | None:
    value = getattr(c, name)
    return None if value is None else (value.low, value.best, value.high)


# -- figures: running totals, conflict-wide tolls and history are not the incident's ----------------
def test_a_running_total_since_the_ceasefire_is_not_the_strikes_toll():
    found = incidents(read("illb-03-shafaq-ain-baal"))
    assert sorted(figure(c, "killed") or () for c in found) == [(), (1, 1, 1)]
    assert all(figure(c, "injured") in (None, (9, 9, 9)) for c in found)


def test_a_toll_in_the_conflict_as_of_a_day_is_not_the_clash_toll():
    found = incidents(read("thkh-22-trt-jul25-banteay-ampil"))
    assert [figure(c, "killed") for c in found] == [(1, 1, None)]
    assert [figure(c, "injured") for c in found] == [(5, 5, 5)]


def test_the_war_toll_since_october_2023_is_left_out_of_the_days_strike():
    found = incidents(read("illb-08-cna-baysariyeh-nov28"))
    assert all(c.killed is None and c.injured is None for c in found)


def test_a_count_of_an_earlier_phase_is_history():
    found = incidents(read("illb-01-anadolu-debaal"))
    assert [figure(c, "killed") for c in found if c.killed] == [(2, 2, 2)]


def test_a_killed_count_does_not_take_the_injured_number_that_follows():
    text, report = sentence("thkh-22-trt-jul25-banteay-ampil", "At least one Cambodian civilian")
    found = incidents(read(report["id"], "At least one Cambodian civilian"))
    assert figure(found[0], "killed") == (1, 1, None), text


# -- background paragraphs ----------------------------------------------------------------------------
def test_an_incident_recalled_as_background_gives_no_candidate():
    found = incidents(read("thkh-02-indianpolitics-clashes-continue"))
    assert [(c.kind, c.date_start) for c in found] == [("armed_clash", dt.date(2025, 7, 24))]


def test_the_sentence_continuing_a_recalled_incident_is_background_too():
    # "One Cambodian soldier was killed, and several others were injured in the skirmish." (of May 28)
    found = incidents(read("thkh-02-indianpolitics-clashes-continue"))
    assert all(figure(c, "killed") != (1, 1, 1) for c in found)


def test_a_possessive_before_a_full_stop_ends_the_sentence():
    # "… expelled Cambodia's." then "But relations …": the blast's figure stays with the blast
    found = incidents(read("thkh-01-ap-jul24-eleven-dead"))
    mine = [c for c in found if c.kind == "landmine_explosion"]
    assert [figure(c, "injured") for c in mine] == [(5, 5, 5)]
    assert all(c.killed is None for c in mine)


# -- stance: a denial is not an accusation -------------------------------------------------------------
def claims(extraction: Extraction) -> set[tuple[str | None, str | None, str | None, str | None]]:
    return {(c.claimant, c.stance, c.accused, c.about) for c in extraction.of_type("claim")}


def test_denying_the_allegations_by_the_other_party_is_a_denial_and_their_accusation():
    found = claims(read("thkh-16-ann-nov10-suspension-denial", '"The Royal Government of Cambodia'))
    assert found == {("KH", "denies", None, "denial"), ("TH", "accuses", "KH", "newly_laid_mines")}


def test_rejecting_accusations_never_makes_the_rejecter_an_accuser():
    found = claims(read("thkh-09-nkd-mod-aug13-mine-denial"))
    assert all(stance == "denies" for claimant, stance, _, _ in found if claimant == "KH")
    assert ("KH", "denies", None, "denial") in found


def test_a_negated_assertion_is_the_speakers_denial():
    text = "Cambodia maintains its firm position that has absolutely not use and will not use new landmine."
    _, report = sentence("thkh-09-nkd-mod-aug13-mine-denial", "Second, the Ministry")
    assert text in report["excerpt"]
    gazetteer, agreements, conflict = _lookups(report["conflict"])
    found = extract(text, report["published"], gazetteer, conflict=conflict, agreements=agreements)
    assert claims(found) == {("KH", "denies", None, "denial")}


def test_in_response_as_a_connective_is_no_claim_of_self_defence():
    found = claims(read("illb-09-britishwire-launcher-nov29", "In response, Hezbollah politician"))
    assert found == {("HEZBOLLAH", "accuses", "IL", "responsible")}


def test_each_side_claiming_the_other_started_it_is_two_accusations():
    found = claims(read("thkh-04-guardian-ng-twelve-die", "Both sides exchanged gunfire"))
    assert {(c, a) for c, stance, a, _ in found if stance == "accuses"} == {("TH", "KH"), ("KH", "TH")}


def test_holding_a_government_responsible_is_an_accusation():
    found = claims(read("illb-12-newarab-toulin-mar22", "Defence Minister Israel Katz"))
    assert found == {("IL", "accuses", "LB", "responsible")}


# -- places and dates ----------------------------------------------------------------------------------
def test_a_town_outside_the_gazetteer_is_kept_as_text_not_replaced_by_the_district():
    found = incidents(read("illb-03-shafaq-ain-baal"))
    by_place = {c.place_name: c for c in found}
    assert set(by_place) == {"Ain Baal", "al-Mansouri"}
    assert all(c.place is None and c.lat is None for c in found)  # no gazetteer entry, no coordinates guessed


def test_another_strike_of_the_same_kind_has_the_same_parties():
    found = {c.place_name: c.parties for c in incidents(read("illb-03-shafaq-ain-baal"))}
    assert found["al-Mansouri"] == found["Ain Baal"] == ("IL", "LB")


def test_the_village_named_in_the_next_sentence_places_the_strike():
    found = incidents(read("illb-04-anadolu-toulin-sep14"))
    assert [(c.place_name, c.date_start) for c in found] == [("Toulin", dt.date(2025, 9, 14))]


def test_datelines_are_recognised_and_give_no_place_or_actor():
    for report_id, dateline in (
        ("thkh-34-kuna-jul29-coordination", "KUALA LUMPUR, July 29 (KUNA) -"),
        ("thkh-16-ann-nov10-suspension-denial", "PHNOM PENH –"),
        ("thkh-27-malaymail-gbc-planned", "PHNOM PENH, Aug 1 —"),
    ):
        text = _reports()[report_id]["excerpt"]
        found = [text[s:e].strip() for s, e in (m.span() for m in DATELINE.finditer(text))]
        assert found == [dateline]
        extraction = read(report_id)
        assert not any(c.place_name and c.place_name.upper() in dateline for c in extraction.candidates)


def test_a_time_of_day_with_no_day_is_the_day_of_the_report():
    found = incidents(read("thkh-03-upi-ta-muen-kap-choeng"))
    assert {(c.date_start, c.date_end) for c in found} == {(dt.date(2025, 7, 24), dt.date(2025, 7, 24))}


# -- actors: officials map to their party through the casebook's mentions ------------------------------
def test_a_provincial_spokesman_named_alone_speaks_for_his_party():
    from truceline.extraction.actors import ActorFinder

    text, report = sentence("thkh-22-trt-jul25-banteay-ampil", "Meth Meas Pheakdey")
    _, _, conflict = _lookups(report["conflict"])
    found = ActorFinder.for_conflict(conflict).find(text)
    assert [(text[a.start : a.end], a.code) for a in found][:1] == [("Meth Meas Pheakdey", "KH")]


def test_a_hezbollah_politician_named_in_full_is_hezbollah():
    from truceline.extraction.actors import ActorFinder

    text, report = sentence("illb-09-britishwire-launcher-nov29", "In response, Hezbollah politician")
    _, _, conflict = _lookups(report["conflict"])
    codes = {text[a.start : a.end]: a.code for a in ActorFinder.for_conflict(conflict).find(text)}
    assert codes["Hassan Fadlallah"] == "HEZBOLLAH"


# -- political events and tallies ---------------------------------------------------------------------
def statuses(extraction: Extraction) -> set[tuple[str, tuple[str, ...], str | None]]:
    return {(c.kind, c.parties, c.agreement) for c in extraction.of_type("agreement_status")}


def test_a_suspension_of_the_declaration_is_an_agreement_status_candidate():
    found = statuses(read("thkh-16-ann-nov10-suspension-denial", "PHNOM PENH"))
    assert {(kind, parties) for kind, parties, _ in found} == {("suspended", ("TH",))}


def test_a_cabinet_approval_and_the_entry_into_force_are_two_status_changes():
    found = read("illb-14-reuters-ceasefire-0200gmt")
    assert {(c.kind, c.date_start) for c in found.of_type("agreement_status")} == {
        ("in_force", dt.date(2024, 11, 27)),
        ("approved", dt.date(2024, 11, 26)),
    }


def test_a_ceasefire_that_took_effect_told_in_passing_is_no_status_change():
    # "… breaking the ceasefire agreement which took effect at midnight …"
    assert statuses(read("thkh-11-bangkokpost-army-condemns")) == set()
    # "… two days after a ceasefire between Israel and the militant group came into effect."
    assert statuses(read("illb-09-britishwire-launcher-nov29")) == set()


def test_a_running_total_becomes_a_tally_of_who_counted_it():
    tallies = read("illb-05-anadolu-kounine").of_type("tally")
    assert [(t.speaker, figure(t, "killed"), t.date_end) for t in tallies] == [
        ("LB", (208, 208, None), dt.date(2025, 6, 28))
    ]


def test_a_count_of_the_conflict_as_of_a_day_is_a_tally_not_an_incident_figure():
    tallies = read("thkh-22-trt-jul25-banteay-ampil").of_type("tally")
    assert [(t.speaker, figure(t, "killed")) for t in tallies] == [("TH", (15, 15, 15))]


def test_artillery_fire_by_one_side_has_the_side_it_falls_on_as_a_party():
    found = incidents(read("thkh-12-line-army-sunday-shelling", "At about 4am today"))
    assert {(c.kind, c.parties) for c in found} == {("shelling", ("KH", "TH"))}


def test_an_hour_ago_is_the_day_of_the_report():
    found = incidents(read("illb-08-cna-baysariyeh-nov28"))
    assert [(c.kind, c.place_name, c.date_start, c.date_end) for c in found] == [
        ("air_strike", "Baysariyeh", dt.date(2024, 11, 28), dt.date(2024, 11, 28))
    ]


def test_a_publication_time_in_gmt_is_read_as_the_conflicts_own_day():
    text, report = sentence("thkh-01-ap-jul24-eleven-dead", "Thai and Cambodian soldiers clashed")
    gazetteer, agreements, conflict = _lookups(report["conflict"])
    # filed at 20:30 GMT on Wednesday 23 July: 03:30 on Thursday 24 July where the conflict is
    filed = dt.datetime(2025, 7, 23, 20, 30, tzinfo=dt.UTC)
    found = extract(text, filed, gazetteer, conflict=conflict, agreements=agreements).of_type("incident")
    assert [c.date_start for c in found] == [dt.date(2025, 7, 24)]
    naive = extract(text, filed.date(), gazetteer, conflict=conflict, agreements=agreements).of_type("incident")
    assert [c.date_start for c in naive] == [dt.date(2025, 7, 17)]  # read in GMT, "Thursday" is a week off


def test_the_clashes_named_again_are_the_clashes_already_reported():
    # "The trigger for the clashes was a mine explosion … on Wednesday"; "Thursday's clashes were far bigger"
    found = incidents(read("thkh-01-ap-jul24-eleven-dead"))
    assert sorted((c.kind, c.date_start) for c in found) == [
        ("armed_clash", dt.date(2025, 7, 24)),
        ("landmine_explosion", dt.date(2025, 7, 23)),
    ]


def test_fighting_there_is_at_the_place_just_reported():
    found = {c.date_start: c.place_name for c in incidents(read("thkh-05-ap-jul25-khov-ly"))}
    assert found[dt.date(2025, 7, 24)] == found[dt.date(2025, 7, 25)]
    assert found[dt.date(2025, 7, 24)] is not None and "Ta Muen Thom" in found[dt.date(2025, 7, 24)]


def test_the_border_area_of_a_named_place_is_that_place():
    found = incidents(read("thkh-16-ann-nov10-suspension-denial"))
    assert [c.place_name for c in found] == ["Phnom Trop"]


def test_the_fighting_in_a_named_district_places_the_clash_reported_before():
    found = incidents(read("thkh-22-trt-jul25-banteay-ampil"))
    assert [(c.place_name, c.location_precision) for c in found] == [("Banteay Ampil", "district")]


# -- a claim names the agreement it says was broken ----------------------------------------------------
def claimed_agreements(extraction: Extraction) -> set[tuple[str | None, str | None, str | None]]:
    return {(c.claimant, c.accused, c.agreement) for c in extraction.of_type("claim")}


def test_violating_the_ceasefire_names_the_ceasefire_in_force_when_the_claim_was_made():
    found = read("thkh-34-kuna-jul29-coordination", "The Royal Thai Army accused Cambodia of violating")
    assert claimed_agreements(found) == {("TH", "KH", "putrajaya-ceasefire-2025-07-28")}
    found = read("illb-09-britishwire-launcher-nov29", "In response, Hezbollah politician")
    assert claimed_agreements(found) == {("HEZBOLLAH", "IL", "il-lb-cessation-2024-11-26")}


def test_a_claim_without_words_of_a_broken_agreement_names_none():
    # "The Royal Government of Cambodia categorically denies the allegations by Thailand that new landmines …"
    found = read("thkh-16-ann-nov10-suspension-denial", '"The Royal Government of Cambodia')
    assert {c.agreement for c in found.of_type("claim")} == {None}


# -- event identity: one candidate per happening ------------------------------------------------------
def test_a_hospital_struck_by_artillery_from_forces_engaged_in_clashes_is_one_shelling():
    found = incidents(read("thkh-12-line-army-sunday-shelling", "On Saturday, Ban Sum Meng"))
    assert [(c.kind, c.date_start) for c in found] == [("shelling", dt.date(2025, 7, 26))]


def test_shots_fired_with_tanks_are_shelling():
    # "… accusing Thailand of "firing multiple shots with tanks at Tamone Thom temple" …"
    found = incidents(read("thkh-15-hindu-reuters-dec8-tanks", "Cambodia's Defence Ministry spokeswoman"))
    assert [(c.kind, c.date_start) for c in found] == [("shelling", dt.date(2025, 12, 8))]


def test_the_same_count_told_twice_is_one_tally():
    text, report = sentence("thkh-22-trt-jul25-banteay-ampil", "Meanwhile, Thailand's Health Ministry")
    gazetteer, agreements, conflict = _lookups(report["conflict"])
    twice = f"{text}\n{text}"
    tallies = extract(twice, report["published"], gazetteer, conflict=conflict, agreements=agreements).of_type("tally")
    assert [(t.speaker, figure(t, "killed")) for t in tallies] == [("TH", (15, 15, 15))]


# -- claims said through statement verbs and carried-over speakers (reports added for development) --------
def test_an_accusation_said_through_denouncing_a_broken_ceasefire_is_a_claim():
    # "The spokesman of the Royal Thai Army has denounced Cambodia for repeatedly breaking the … ceasefire …"
    found = claims(read("thkh-44-bangkokpost-jul30-phu-makua", "The spokesman of the Royal Thai Army"))
    assert found == {("TH", "accuses", "KH", "responsible")}


def test_holding_a_state_responsible_in_the_present_tense_is_an_accusation():
    found = claims(read("illb-22-asiaone-mar28-katz-galilee", "Defence Minister Israel Katz"))
    assert found == {("IL", "accuses", "LB", "responsible")}


def test_what_a_spokeswoman_added_is_her_partys_claim_of_self_defence():
    found = claims(read("thkh-50-nation-jul24-socheata-statement", "She added that"))
    assert found == {("KH", "denies", None, "self_defence")}


def test_exercising_the_right_to_self_defence_is_a_claim_without_a_verb_of_saying():
    found = claims(read("thkh-58-bangkokpost-jul31-second-violation", "In the Preah Vihear area"))
    assert ("TH", "denies", None, "self_defence") in found


def test_did_not_retaliate_is_a_denial_not_a_claim_of_self_defence():
    found = claims(read("thkh-60-dnaindia-dec8-an-ses", "The ministry emphasised"))
    assert ("KH", "denies", None, "denial") in found
    assert not any(about == "self_defence" for _, _, _, about in found)
    assert ("KH", "denies", None, "denial") in claims(read("thkh-15-hindu-reuters-dec8-tanks"))


def test_a_defensive_response_is_a_claim_of_self_defence():
    found = claims(read("illb-26-ynet-dec2-berghoz", "Hezbollah claimed responsibility"))
    assert found == {("HEZBOLLAH", "denies", None, "self_defence")}


def test_a_force_accusing_an_armed_group_accuses_the_group_not_its_own_state():
    found = read("illb-25-abcnews-dec8-storage-facility", "Israeli forces said Hezbollah violated")
    _, _, conflict = _lookups("il-lb-2024")
    assert {(conflict.principal_of(c.claimant), conflict.principal_of(c.accused)) for c in found.of_type("claim")} == {
        ("IL", "LB")
    }


def test_accusing_each_other_of_violating_the_ceasefire_is_about_the_breach():
    found = claims(read("thkh-55-efe-jul30-trade-accusations", "Bangkok (EFE)"))
    assert {(c, s, a, about) for c, s, a, about in found} == {
        ("TH", "accuses", "KH", "responsible"),
        ("KH", "accuses", "TH", "responsible"),
    }


def test_claiming_the_other_triggered_the_conflict_is_about_who_fired_first():
    found = claims(read("thkh-04-guardian-ng-twelve-die", "Both sides exchanged gunfire"))
    assert found == {("TH", "accuses", "KH", "fired_first"), ("KH", "accuses", "TH", "fired_first")}


def test_the_speaker_of_the_sentence_before_speaks_when_a_party_is_named_only_in_what_is_said():
    # "The ministry said such unexploded ordnance was “remnants of past conflicts” and urged Thai soldiers …"
    found = claims(read("thkh-47-aljazeera-nov11-cambodia-denies"))
    assert {claimant for claimant, _, _, _ in found} == {"KH"}
    assert ("KH", "denies", None, "legacy_mines") in found


def test_continuing_to_use_anti_personnel_mines_is_an_accusation_of_new_mines_by_the_army_that_says_it():
    found = claims(read("thkh-48-nation-dec29-khao-satta-som"))
    assert ("TH", "accuses", "KH", "newly_laid_mines") in found
    assert {claimant for claimant, _, _, _ in found} == {"TH"}


# -- parties of incidents from what the report says around them ---------------------------------------
def test_the_subject_of_a_clause_acts_in_each_of_its_conjuncts():
    # "Thai forces further escalated the attack and carried out airstrikes on commercial buildings …"
    found = incidents(read("thkh-32-ethainews-dec20-bridge", "Thai forces further escalated"))
    assert [(c.kind, c.parties) for c in found] == [("air_strike", ("TH", "KH"))]


def test_the_accusation_made_of_an_attack_names_who_acted_and_who_was_hit():
    found = incidents(read("thkh-42-nation-dec20-army-civilian-targets"))
    assert [(c.kind, set(c.parties)) for c in found] == [("shelling", {"KH", "TH"})]


def test_a_mine_blast_with_no_party_named_hurt_the_party_whose_land_it_was_on():
    found = incidents(read("thkh-48-nation-dec29-khao-satta-som"))
    assert [(c.kind, c.parties) for c in found] == [("landmine_explosion", ("TH",))]


# -- what is condemned happened; one attack told in two sentences ----------------------------------------
def test_a_condemned_rocket_attack_and_the_village_it_hit_are_one_shelling_with_its_injured():
    found = incidents(read("thkh-41-nation-dec23-ban-nong-samet"))
    assert [(c.kind, c.date_start, c.place_name, figure(c, "injured")) for c in found] == [
        ("shelling", dt.date(2025, 12, 22), "Ban Nong Samet", (8, 8, 8))
    ]


def test_a_party_named_as_an_adjective_is_no_locality():
    # "… Sa Kaeo — an area of Thai civilian homes and community buildings, not a military zone."
    text, report = sentence("thkh-41-nation-dec23-ban-nong-samet", "Army spokesman Major General Winthai")
    found = incidents(read(report["id"], "Army spokesman Major General Winthai"))
    assert all(c.place_name != "Thai" for c in found), text


# -- places named as areas, landmarks or with the larger place they lie in ------------------------------
def test_places_named_with_the_larger_place_they_lie_in_are_kept_as_text():
    cases = (
        ("thkh-58-bangkokpost-jul31-second-violation", "At Chong Khanma", "Chong Khanma"),
        ("thkh-58-bangkokpost-jul31-second-violation", "At Pha Mo E Daeng", "Pha Mo E Daeng"),
        ("thkh-48-nation-dec29-khao-satta-som", "On December 29", "Khao Satta Som"),
        ("thkh-50-nation-jul24-socheata-statement", "“At 8.46am today", "Ta Mone Thom Temple"),
        ("illb-29-thehawk-may14-qaaqaait", "Beirut, May 14", "Qaaqaait al-Jisr"),
    )
    for report_id, starts, place in cases:
        assert [c.place_name for c in incidents(read(report_id, starts))] == [place], (report_id, starts)


# -- dates -----------------------------------------------------------------------------------------------
def test_between_one_night_and_the_next_morning_is_a_range_of_two_days():
    found = incidents(read("thkh-55-efe-jul30-trade-accusations", "In a statement, Thailand claimed"))
    assert [(c.date_start, c.date_end) for c in found] == [(dt.date(2025, 7, 29), dt.date(2025, 7, 30))]


def test_the_next_morning_after_a_named_day_dates_the_blast_and_its_injured_stay_with_it():
    # "However, on November 9, … The next morning, … the landmine detonated, injuring the four soldiers."
    found = incidents(read("thkh-46-nation-nov11-huai-ta-maria"))
    assert [(c.kind, c.date_start, c.place_name, figure(c, "injured")) for c in found] == [
        ("landmine_explosion", dt.date(2025, 11, 10), "Huai Ta Maria", (4, 4, 4))
    ]


def test_an_undated_incident_takes_the_date_of_the_statement_just_before():
    # "The Thai army on Tuesday accused …" then "The Royal Thai Army said in a statement that Cambodia opened fire …"
    found = incidents(read("thkh-11-bangkokpost-army-condemns"))
    assert [(c.kind, c.date_start, c.date_end) for c in found] == [
        ("armed_clash", dt.date(2025, 7, 29), dt.date(2025, 7, 29))
    ]


# -- figures ---------------------------------------------------------------------------------------------
def test_one_fatality_confirmed_in_the_strike_is_its_death():
    found = incidents(read("illb-29-thehawk-may14-qaaqaait"))
    assert [(c.kind, figure(c, "killed")) for c in found] == [("drone_strike", (1, 1, 1))]


def test_a_recently_agreed_ceasefire_is_a_reference_not_a_new_agreement():
    assert statuses(read("thkh-55-efe-jul30-trade-accusations", "Bangkok (EFE)")) == set()
    # "… despite the agreed time for the ceasefire, Cambodian forces continued to use heavy weapons …"
    assert statuses(read("thkh-57-nation-jul29-winthai-condemns", "However, he expressed deep regret")) == set()


def test_after_her_quoted_words_what_she_added_is_still_her_partys_claim():
    # a quoted paragraph names "Thai invading forces"; "She added that … Cambodian forces had no choice but to
    # exercise their right to self-defence" is the Cambodian spokeswoman's, as her statement before it
    found = claims(read("thkh-50-nation-jul24-socheata-statement"))
    assert ("KH", "denies", None, "self_defence") in found
    assert {claimant for claimant, _, _, _ in found} == {"KH"}


def test_an_attack_with_rifles_and_hand_grenades_is_an_armed_clash():
    found = incidents(read("thkh-44-bangkokpost-jul30-phu-makua", "Maj Gen Winthai Suvaree"))
    assert [(c.kind, c.date_start, c.place_name) for c in found] == [("armed_clash", dt.date(2025, 7, 29), "Phu Makua")]


def test_an_attack_carried_out_by_a_force_is_an_incident_at_the_area_named():
    found = incidents(read("thkh-56-kuna-jul30-repeated-violations", "Thai Royal Army spokesperson"))
    assert [(c.kind, c.date_start, c.place_name) for c in found] == [("armed_clash", dt.date(2025, 7, 29), "Phu Makua")]


# -- reports added for issue 13's second batch (dev half): reported speech, totals, mines, places ----------
def tallies(extraction: Extraction) -> list[tuple[str | None, tuple[int | None, int | None, int | None] | None]]:
    return [(c.speaker, figure(c, "killed")) for c in extraction.of_type("tally")]


def test_two_countries_that_traded_blame_each_accuse_the_other():
    found = claims(read("thkh-73-thestar-khmertimes-sep19-prey-chan", "The two neighbouring countries"))
    assert {("TH", "accuses", "KH", "responsible"), ("KH", "accuses", "TH", "responsible")} <= found


def test_who_files_a_complaint_accusing_the_other_is_the_claimant_not_whom_it_is_filed_with():
    # "… claims made by Cambodian authorities, who filed a complaint with the Office of the United Nations High
    # Commissioner … accusing Thailand of torture": the authorities accuse; the UN office only receives it
    found = claims(read("thkh-61-bangkokpost-aug4-detainees", "Gen Nizam"))
    assert found == {("KH", "accuses", "TH", "responsible")}


def test_an_official_named_by_surname_who_calls_the_account_a_distortion_denies():
    # "Mr Nikorndej said … what he described as Cambodia's attempt to distort the truth"
    found = claims(read("thkh-61-bangkokpost-aug4-detainees", "Mr Nikorndej"))
    assert found == {("TH", "denies", None, "fabricated")}


def test_saying_there_had_been_no_fighting_is_a_denial():
    found = claims(read("thkh-65-ireport247-jul29-hours-old-truce", "Maly Socheata"))
    assert found == {("KH", "denies", None, "denial")}


def test_the_party_inside_a_quotation_is_not_who_alleges():
    # '"Our soldier died in the trenches. The Thais came to attack us," he alleged.' after Phalla's sentence
    found = claims(read("thkh-63-daily8-dw-may28-mao-phalla"))
    assert ("KH", "accuses", "TH", "responsible") in found
    assert ("TH", "accuses", "KH", "fired_first") in found
    assert all(claimant != "TH" or about != "responsible" for claimant, _, _, about in found)


def test_an_unnamed_army_spokesman_speaks_for_the_party_of_the_sentence_just_before():
    # "Thailand said its soldiers … came under fire." then '"Cambodian forces … started using weapons, so Thai
    # forces retaliated," an army spokesman said': Thailand accuses and answers with its own justification
    found = claims(read("thkh-62-bangkokpost-may29-chong-bok"))
    assert {
        ("KH", "accuses", "TH", "fired_first"),
        ("TH", "accuses", "KH", "fired_first"),
        ("TH", "denies", None, "self_defence"),
    } == found


def test_a_total_the_attack_brought_the_fatalities_to_is_a_tally_not_the_attacks_toll():
    # "… killing one Thai soldier and injuring four others. This brought the total number of Thai military
    # fatalities to 23."
    extraction = read("thkh-66-nation-dec24-ban-nong-chan")
    clash = next(c for c in incidents(extraction) if c.kind == "armed_clash")
    assert (figure(clash, "killed"), figure(clash, "injured")) == ((1, 1, 1), (4, 4, 4))
    assert [killed for _, killed in tallies(extraction)] == [(23, 23, 23)]


def test_a_toll_over_five_days_is_a_tally():
    extraction = read("thkh-65-ireport247-jul29-hours-old-truce", "The clashes had killed at least 38")
    assert tallies(extraction) == [(None, (38, 38, None))]
    assert all(figure(c, "killed") is None for c in incidents(extraction))


def test_each_partys_casualty_count_after_a_total_is_its_own_tally():
    # "Thailand's military said casualties include five soldiers killed and dozens wounded. Cambodia said nine
    # civilians died, including a baby, and 46 others were wounded."
    extraction = read("thkh-69-newsnet-ap-dec11-tolls")
    assert sorted(tallies(extraction), key=str) == sorted(
        [(None, (13, 13, None)), ("TH", (5, 5, 5)), ("KH", (9, 9, 9))], key=str
    )
    assert all(figure(c, "killed") is None for c in incidents(extraction))


def test_soldiers_injured_where_mines_are_named_is_a_mine_blast_of_their_side():
    # "… accusing Cambodia of laying new landmines …", "… the recent incident that injured three Thai soldiers."
    found = incidents(read("thkh-72-eacnews-aug9-cmaa-denies"))
    assert [(c.kind, c.parties, figure(c, "injured")) for c in found] == [("landmine_explosion", ("TH",), (3, 3, 3))]


def test_a_mine_blast_the_previous_day_of_a_statement_is_dated_the_day_before_and_is_the_hurt_sides():
    # "… an enhanced ceasefire signed last month over an explosion that wounded four Thai soldiers." (the time of
    # the signing is no recall of history) "In a statement on Tuesday, … the landmine explosion the previous day"
    found = incidents(read("thkh-47-aljazeera-nov11-cambodia-denies"))
    assert [(c.kind, c.date_start, c.place_name, c.parties, figure(c, "injured")) for c in found] == [
        ("landmine_explosion", dt.date(2025, 11, 10), "Sisaket", ("TH",), (4, 4, 4))
    ]


def test_a_day_earlier_than_a_signing_is_not_the_day_of_an_event():
    # "… the ceasefire agreement signed in Malaysia a day earlier, following four days of deadly border clashes"
    found = incidents(read("thkh-34-kuna-jul29-coordination", "KUALA LUMPUR"))
    assert all(c.date_start != dt.date(2025, 7, 28) for c in found)


def test_fighting_recalled_as_recent_is_not_a_new_incident():
    # "… anti-personnel mines planted by Cambodian forces on Thai territory before withdrawing during the recent
    # fighting." (and "mines planted by" a force is the accusation of newly laid mines)
    extraction = read("thkh-64-usworldtoday-aug11-mines-baseless")
    assert [(c.kind, c.date_start, c.parties) for c in incidents(extraction)] == [
        ("landmine_explosion", dt.date(2025, 8, 9), ("TH",))
    ]
    assert ("TH", "accuses", "KH", "newly_laid_mines") in claims(extraction)


def test_the_date_a_fight_is_the_fiercest_since_is_not_its_date():
    # "… three Thai soldiers have been killed in the fiercest fighting since a five-day conflict in July."
    found = incidents(read("thkh-74-alahed-dec9-blamed-each-other"))
    assert all(c.date_start is None or c.date_start.month != 7 for c in found)


def test_a_named_park_area_and_a_named_village_are_the_places():
    # "… into the Pha Mor E Daeng National Park area in Kantharalak district", "… Prey Chan village, O' Bei Chorn
    # commune, O' Chrov district"
    shelling = next(c for c in incidents(read("thkh-66-nation-dec24-ban-nong-chan")) if c.kind == "shelling")
    assert shelling.place_name == "Pha Mor E Daeng National Park"
    assert [c.place_name for c in incidents(read("thkh-73-thestar-khmertimes-sep19-prey-chan"))] == ["Prey Chan"]


def test_the_incident_placed_near_a_pass_in_a_later_sentence_is_one_incident_there():
    # "… in a disputed border area in Ubon Ratchathani …" … "The incident occurred near Chong Bok in Nam Yuen
    # district of Ubon Ratchathani about 5.30am."
    found = incidents(read("thkh-62-bangkokpost-may29-chong-bok"))
    assert [(c.kind, c.date_start, c.place_name, figure(c, "killed")) for c in found] == [
        ("armed_clash", dt.date(2025, 5, 28), "Chong Bok", (1, 1, 1))
    ]


def test_a_later_mention_of_the_rocket_impact_places_it_and_a_villager_killed_is_one():
    # "… a rocket attack from Cambodia on Sunday killed a 63-year-old villager …" … "the site of Sunday's rocket
    # impact in Kantharalak district"; "a skirmish on December 7 that wounded two" is what triggered it (history)
    found = incidents(read("thkh-67-saudigazette-dec14-kantharalak-villager"))
    shelling = next(c for c in found if c.kind == "shelling")
    assert (shelling.date_start, shelling.place_name, figure(shelling, "killed")) == (
        dt.date(2025, 12, 14),
        "Kantharalak",
        (1, 1, 1),
    )
    assert all(figure(c, "injured") is None for c in found)


def test_a_news_outlet_named_after_a_country_is_no_party():
    line, report = sentence("thkh-64-usworldtoday-aug11-mines-baseless", "At a press conference")
    conflict = _lookups(report["conflict"])[2]
    found = ActorFinder.for_conflict(conflict).find(line)
    assert [(line[a.start : a.end], a.code) for a in found] == [("Chum Sounry", "KH")]


def meetings(extraction: Extraction) -> list[tuple[str, dt.date | None, str | None, bool, frozenset[str]]]:
    return [
        (c.kind, c.date_start, c.place_name, c.planned, frozenset(c.parties) & {"TH", "KH"})
        for c in extraction.of_type("meeting")
    ]


def test_a_border_committee_meeting_is_of_both_sides_at_the_venue_named():
    # "… welcomed the General Border Committee meeting in Kuala Lumpur on Thursday …" (said in Washington)
    found = meetings(read("thkh-76-menafn-kuna-aug7-gbc-observers", "WASHINGTON"))
    assert found == [("GBC", dt.date(2025, 8, 7), "Kuala Lumpur", False, frozenset({"TH", "KH"}))]


def test_what_the_joint_committee_agreed_to_do_is_a_new_agreement_of_both_sides():
    found = statuses(read("thkh-76-menafn-kuna-aug7-gbc-observers", "During its meeting"))
    assert {(kind, frozenset(parties)) for kind, parties, _ in found} == {("signed", frozenset({"TH", "KH"}))}


def test_a_term_the_sides_pledged_to_is_no_claim():
    # "… both sides agreed to a ceasefire involving all types of weapons, pledging to avoid unprovoked firing
    # towards each other's positions or troops …"
    assert claims(read("thkh-78-thestateline-ians-aug7-gbc-consensus", "According to a joint statement")) == set()


def test_meetings_the_sides_agreed_to_convene_are_planned_and_not_the_one_held():
    # "… held on Thursday." … "to convene a Regional Border Committee meeting within two weeks, to schedule the
    # next GBC meeting of both countries within one month"
    found = meetings(read("thkh-78-thestateline-ians-aug7-gbc-consensus"))
    both = frozenset({"TH", "KH"})
    assert sorted(found, key=str) == sorted(
        [
            ("GBC", dt.date(2025, 8, 7), None, False, both),
            ("RBC", None, None, True, both),
            ("GBC", None, None, True, both),
        ],
        key=str,
    )


def test_a_place_named_in_the_district_it_lies_in_is_the_place():
    # "… the ministry said an drone struck a car in Kfardjal in the Nabatieh district."
    found = incidents(read("illb-31-thenational-jun24-kfardjal"))
    drone = next(c for c in found if c.kind == "drone_strike")
    assert (drone.date_start, drone.place_name, figure(drone, "killed")) == (
        dt.date(2025, 6, 24),
        "Kfardjal",
        (3, 3, None),
    )


def test_launchers_struck_or_stored_are_no_shelling_and_a_struck_launcher_is_a_strike():
    # "The Israeli military said it had struck “sites belonging to Hezbollah containing rocket and missile
    # launchers …”"; "The Israeli army has confirmed that it struck a Hezbollah rocket launcher …"
    assert incidents(read("illb-31-thenational-jun24-kfardjal", "The Israeli military said")) == []
    found = incidents(read("illb-09-britishwire-launcher-nov29", "The Israeli army"))
    assert [(c.kind, c.date_start) for c in found] == [("air_strike", dt.date(2024, 11, 29))]


# -- incidents of the December 2026 batch: tolls next to the day's figures, days, datelines, places ----
def tally_candidates(extraction: Extraction) -> list[Candidate]:
    return extraction.of_type("tally")


def test_a_count_before_taking_the_toll_to_n_is_the_days_own_figure():
    # "In Thailand, the army said five soldiers were killed on Friday, taking the toll there to 20 -- …"
    extraction = read("thkh-90-afp-plawiuk-jul26-pursat", "In Thailand, the army said")
    assert [(c.date_start, figure(c, "killed")) for c in incidents(extraction)] == [(dt.date(2025, 7, 25), (5, 5, 5))]
    assert [figure(c, "killed") for c in tally_candidates(extraction)] == [(20, 20, 20)]


def test_two_more_killed_raising_the_toll_since_a_day_keeps_the_two_for_the_clashes():
    # "… two more of its soldiers were killed in the latest border clashes raising the Thai death toll to
    # three since the beginning of the clashes on December 7 (Sunday) …"
    extraction = read("thkh-85-asianet-dec9-thmar-pouk", "Thailand, meanwhile")
    assert [(c.kind, figure(c, "killed")) for c in incidents(extraction)] == [("armed_clash", (2, 2, 2))]
    assert [figure(c, "killed") for c in tally_candidates(extraction)] == [(3, 3, 3)]


def test_a_day_given_with_a_gmt_time_is_the_day_in_the_conflicts_time_zone():
    # "Both sides reported a clash around 5:00 am (2200 GMT Friday), with Cambodia accusing Thai forces of
    # firing "five heavy artillery shells" into locations in Pursat province, …" (published Saturday)
    found = incidents(read("thkh-90-afp-plawiuk-jul26-pursat", "Both sides reported a clash"))
    assert [(c.kind, c.date_start, c.date_end, c.place_name) for c in found] == [
        ("shelling", dt.date(2025, 7, 26), dt.date(2025, 7, 26), "Pursat")
    ]


def test_without_the_conflicts_time_zone_a_gmt_day_is_not_read():
    text, report = sentence("thkh-90-afp-plawiuk-jul26-pursat", "Both sides reported a clash")
    days = find_dates(text, report["published"])
    assert all(d.date_start != dt.date(2025, 7, 25) for d in days)
    zoned = find_dates(text, report["published"], zone=ZoneInfo(report["time_zone"]))
    assert [d.date_start for d in zoned] == [dt.date(2025, 7, 26)]


def test_early_in_the_morning_with_no_day_named_is_the_reports_day():
    # "… said Thai military operations began early in the morning with heavy artillery shelling …"
    found = incidents(read("thkh-91-trtworld-dec26-chouk-chey"))
    assert {(c.date_start, c.date_end) for c in found} == {(dt.date(2025, 12, 26), dt.date(2025, 12, 26))}


def test_a_dateline_with_a_country_and_an_agency_in_parentheses_is_not_the_place():
    # "Samraong (Cambodia) (AFP) – Thailand and Cambodia clashed for a third day on Saturday, …"
    found = incidents(read("thkh-90-afp-plawiuk-jul26-pursat", "Samraong (Cambodia) (AFP)"))
    assert [c.kind for c in found] == ["armed_clash"]
    assert found[0].place_name != "Samraong"
    lines = read("thkh-79-spacewar-afp-dec9-road56")
    assert all(c.place_name != "Phnom Penh" for c in incidents(lines))
    assert DATELINE.match("Phnom Penh (AFP) Dec 9, 2025") is not None


def test_the_border_between_two_provinces_is_the_border():
    # "Both sides blamed the other for starting the fighting, which erupted near two temples on the border
    # between the Thai province of Surin and Cambodia's Oddar Meanchey."
    found = incidents(read("thkh-84-hurriyet-afp-jul24-house-shell", "Both sides blamed"))
    assert [(c.kind, c.place_name, c.location_precision) for c in found] == [("armed_clash", "border", "border")]


def test_a_province_a_district_and_villages_named_as_such_are_kept_as_text():
    # "… airstrikes in northwest Cambodia's Siem Reap province …"
    strike = incidents(read("thkh-83-newsaz-dec15-siem-reap-f16", "The ministry stated"))
    assert [(c.kind, c.place_name) for c in strike] == [("air_strike", "Siem Reap")]
    # "from 8:39 pm on December 8 until 8 am on December 9, … intense shelling activities in Chok Chey and
    # Prey Chan villages"; "shelling …, which targeted Thmar Pouk district, …, resulted in the deaths of two"
    found = incidents(read("thkh-85-asianet-dec9-thmar-pouk"))
    shelling = sorted(
        (c.place_name or "", c.date_start, c.date_end, figure(c, "killed")) for c in found if c.kind == "shelling"
    )
    assert shelling[0] == ("Chok Chey", dt.date(2025, 12, 8), dt.date(2025, 12, 9), None)
    assert (shelling[1][0], shelling[1][3]) == ("Thmar Pouk", (2, 2, 2))


def test_the_fighting_that_began_a_counts_period_is_no_incident():
    # "The Thai army said one soldier was killed and 18 others were wounded since fresh fighting began on Sunday."
    extraction = read("thkh-80-omanobserver-afp-dec8-air-strikes", "The Thai army said")
    assert incidents(extraction) == []
    assert [(figure(c, "killed"), figure(c, "injured")) for c in tally_candidates(extraction)] == [
        ((1, 1, 1), (18, 18, 18))
    ]


def test_the_third_time_in_three_weeks_is_no_incident_and_the_latest_incident_gives_the_place():
    # "It was the third time in the past three weeks that Thai soldiers have been injured by mines …";
    # "The latest incident occurred around 10am in the Don Ao-Krissana border area, …"
    found = incidents(read("thkh-82-bangkokpost-aug9-don-ao-mine"))
    assert [(c.kind, c.date_start, c.place_name, figure(c, "injured")) for c in found] == [
        ("landmine_explosion", dt.date(2025, 8, 9), "Don Ao-Krissana", (3, 3, 3))
    ]


def test_a_count_is_read_past_the_names_of_the_people_it_counts():
    # "Two Thai soldiers, Sergeant Major First Class Thirdsak Samapong and Private Wachira Phantana, were
    # injured after stepping on a landmine while patrolling the border … on Monday, November 10."
    found = incidents(read("thkh-88-thaiger-nov12-mine-anutin", "Two Thai soldiers"))
    assert [(c.kind, c.date_start, figure(c, "injured")) for c in found] == [
        ("landmine_explosion", dt.date(2025, 11, 10), (2, 2, 2))
    ]


def test_counts_of_each_side_of_one_happening_add_up():
    # "Thai authorities said a total of 11 civilians, including an eight-year-old and a 15-year-old, as well
    # as one military personnel, were killed in the provinces of …"
    found = incidents(read("thkh-04-guardian-ng-twelve-die", "Thai authorities said"))
    assert [figure(c, "killed") for c in found] == [(12, 12, 12)]


def test_counts_by_side_of_a_running_total_stay_two_tallies():
    # "… seven civilians have been killed and 20 wounded in Cambodia and three Thai soldiers have been killed …"
    extraction = read("thkh-80-omanobserver-afp-dec8-air-strikes")
    assert all(figure(c, "killed") != (5, 5, 5) for c in tally_candidates(extraction) + incidents(extraction))


def test_a_count_of_an_earlier_day_told_after_the_incident_is_recalled():
    # "On Thursday, two Israeli strikes killed three people in southern Lebanon." (published Tuesday)
    found = incidents(read("illb-30-anews-jun24-kafr-dajjal"))
    assert [(c.kind, c.date_start) for c in found] == [("drone_strike", dt.date(2025, 6, 24))]


def test_drone_led_raids_that_follow_the_attacks_are_a_drone_strike_by_the_same_hands():
    # "The attacks were followed by further shelling and drone-led bombing raids targeting both Chouk Chey
    # and Prey Chan villages, the spokesperson added."
    found = incidents(read("thkh-91-trtworld-dec26-chouk-chey"))
    drone = [c for c in found if c.kind == "drone_strike"]
    assert [(c.place_name, set(c.parties)) for c in drone] == [("Chouk Chey", {"TH", "KH"})]


def test_a_blast_recalled_as_recent_is_not_dated_by_the_visit():
    # "… visited soldiers injured in a recent landmine explosion in Sisaket yesterday, November 11, …"
    found = incidents(read("thkh-88-thaiger-nov12-mine-anutin"))
    assert [(c.kind, c.date_start) for c in found] == [("landmine_explosion", dt.date(2025, 11, 10))]


def test_what_had_been_hit_months_before_is_background():
    # "It said that the health facility had been rocket-hit in July." (published December 10)
    found = incidents(read("thkh-87-lokmat-ani-dec10-slor-kram"))
    assert all(c.date_start is not None and c.date_start.month == 12 for c in found)


def test_an_interior_ministry_spokesperson_counts_for_her_party():
    # "The renewed border conflict has so far claimed the lives of 12 Cambodian civilians and left 74 others
    # injured, according to Interior Ministry spokesperson Touch Sokhak." (casebook data, not code)
    extraction = read("thkh-83-newsaz-dec15-siem-reap-f16", "The renewed border conflict")
    assert [(c.speaker, figure(c, "killed"), figure(c, "injured")) for c in tally_candidates(extraction)] == [
        ("KH", (12, 12, 12), (74, 74, 74))
    ]


def test_the_second_day_of_violence_with_no_day_named_is_the_reports_day():
    # "At least one Cambodian civilian was killed … during border clashes with Thailand, …, marking the second
    # day of renewed violence between the two Southeast Asian nations." (published July 25)
    found = incidents(read("thkh-22-trt-jul25-banteay-ampil"))
    assert [(c.date_start, c.date_end) for c in found] == [(dt.date(2025, 7, 25), dt.date(2025, 7, 25))]


def test_fire_that_continued_into_the_next_morning_lasts_until_that_day():
    # "In the Preah Vihear area, … around 10pm on Tuesday, sustained small arms fire and mortar shelling were
    # reported …" then "Sporadic fire continued into the morning of Wednesday."
    found = incidents(read("thkh-58-bangkokpost-jul31-second-violation"))
    spans = {(c.place_name, c.date_start, c.date_end) for c in found}
    assert ("Prasat Preah Vihear", dt.date(2025, 7, 29), dt.date(2025, 7, 30)) in spans
    # the clash at Chong Khanma "continued until 10pm before subsiding": the same day
    assert ("Chong Khanma", dt.date(2025, 7, 29), dt.date(2025, 7, 29)) in spans


def test_one_sides_fire_on_civilian_areas_hits_the_other_side():
    # "From the evening of December 22 through the morning of December 23, Cambodian fire hit civilian areas,
    # with nearly 200 rounds reported."
    found = incidents(read("thkh-49-nation-dec23-sa-kaeo-barrages", "Beyond troop clashes"))
    assert [(c.date_start, c.date_end, set(c.parties)) for c in found if c.kind == "attack_on_civilians"] == [
        (dt.date(2025, 12, 22), dt.date(2025, 12, 23), {"KH", "TH"})
    ]


# -- issue 13, fourth batch: figures of one person, recalls, mine blasts --------------------------------
def test_one_person_named_by_age_is_a_count_of_one():
    # "The rocket severely damaged seven homes, killing a 59 year old woman and injuring a 48 year old man."
    found = incidents(read("thkh-92-thaiger-jul28-sao-thong-chai", "The rocket severely"))
    assert [(figure(c, "killed"), figure(c, "injured")) for c in found] == [((1, 1, 1), (1, 1, 1))]


def test_one_death_and_one_injury_from_rockets_that_struck_a_civilian_area_are_one_shelling():
    # "Yesterday, July 27, a BM-21 rocket attack from Cambodia struck a civilian area in the Sao Thong Chai
    # subdistrict of Sisaket, Thailand, resulting in one death and one injury."
    found = incidents(read("thkh-92-thaiger-jul28-sao-thong-chai", "Yesterday, July 27"))
    assert [(c.kind, figure(c, "killed"), figure(c, "injured")) for c in found] == [("shelling", (1, 1, 1), (1, 1, 1))]


def test_the_rocket_named_again_is_the_incident_and_what_it_did_is_its_toll():
    # "… landed in the Sao Thong Chai subdistrict at around 5pm yesterday, July 27." then "The rocket severely
    # damaged seven homes, killing a 59 year old woman and injuring a 48 year old man."
    found = incidents(read("thkh-92-thaiger-jul28-sao-thong-chai"))
    on_the_27th = [c for c in found if c.date_start == dt.date(2025, 7, 27)]
    assert [(c.kind, c.place_name, figure(c, "killed"), figure(c, "injured")) for c in on_the_27th] == [
        ("shelling", "Sao Thong Chai", (1, 1, 1), (1, 1, 1))
    ]


def test_a_previous_incident_before_the_reports_own_is_recalled_with_what_it_did():
    # "This attack follows a previous incident on July 24, when Cambodian BM-21 rockets hit civilian areas, …"
    # then "This resulted in multiple fatalities, including an eight year old boy, and injured 13 others."
    found = incidents(read("thkh-92-thaiger-jul28-sao-thong-chai"))
    assert all(figure(c, "injured") != (13, 13, 13) for c in found)
    assert all(c.place_name != "Ban Phue" for c in found)


def test_a_recall_after_the_speech_tag_does_not_make_the_days_count_history():
    # "A Thai soldier was wounded by a landmine near the Cambodian border on Tuesday, the Thai military reported,
    # just days after the two Southeast Asian neighbors agreed to a ceasefire following a deadly five-day
    # conflict last month."
    found = incidents(read("thkh-97-calitoday-aug12-ta-moan-thom", "A Thai soldier was wounded"))
    assert [(c.kind, set(c.parties), figure(c, "injured")) for c in found] == [
        ("landmine_explosion", {"TH"}, (1, 1, 1))
    ]


def test_a_ranger_losing_his_leg_is_one_injured():
    # "A landmine explosion resulted in a paramilitary ranger losing his leg during a border patrol …"
    found = incidents(read("thkh-96-thaiger-aug12-ranger-leg", "A landmine explosion"))
    assert [figure(c, "injured") for c in found] == [(1, 1, 1)]


def test_mine_injuries_counted_over_recent_weeks_are_a_total_and_its_parts_too():
    # "Recently, explosions from newly laid landmines have injured 12 Thai soldiers along the Thai-Cambodian
    # border. Of these, four soldiers lost their legs, in addition to the injury sustained in the latest incident."
    extraction = read("thkh-96-thaiger-aug12-ranger-leg")
    assert [figure(c, "injured") for c in incidents(extraction) if c.date_start == dt.date(2025, 8, 12)] == [(1, 1, 1)]
    assert (12, 12, 12) in [figure(c, "injured") for c in tally_candidates(extraction)]


def test_soldiers_injured_by_mines_planted_by_the_other_side_are_a_total_and_the_planter_no_party():
    # "Additionally, six soldiers have been injured by landmines planted by Cambodia, with the most recent update
    # today." after a blast at the Ta Kwai temple that "Boonsin suspected" was laid recently
    extraction = read("thkh-98-nation-aug27-ta-kwai-mine")
    # the blast keeps its own one ("The soldier sustained a severe injury"), never the six of the total
    assert [(set(c.parties), figure(c, "injured")) for c in incidents(extraction)] == [({"TH"}, (1, 1, 1))]
    claims = extraction.of_type("claim")
    assert [(c.claimant, c.accused, c.about) for c in claims] == [("TH", "KH", "newly_laid_mines")]


# -- issue 13, fourth batch: one strike told as a strike, a drone's missile and "the airstrike" ------------
def test_a_strike_a_drones_missile_and_the_airstrike_quoted_are_one_drone_strike():
    # "An Israeli strike on Kfar Roummane in the Nabatieh district killed four people Saturday, …" then
    # "According to L'Orient Today's correspondent in the South, an Israeli drone fired a missile at a vehicle
    # in the town's center." then "… “the Israeli airstrike killed four persons and wounded three in a
    # preliminary toll.”"
    found = [c for c in incidents(read("illb-34-lorienttoday-nov2-kfar-roummane")) if c.kind != "shelling"]
    assert [(c.kind, c.date_start, c.place_name, figure(c, "killed"), figure(c, "injured")) for c in found] == [
        ("drone_strike", dt.date(2025, 11, 1), "Kfar Roummane", (4, 4, 4), (3, 3, 3))
    ]


def test_a_title_ending_in_today_is_no_date():
    # "According to L'Orient Today's correspondent in the South, …"
    line, report = sentence("illb-34-lorienttoday-nov2-kfar-roummane", "According to L'Orient")
    assert find_dates(line, report["published"]) == []


def test_the_strike_named_again_is_the_drone_strike_and_its_fatality():
    # "An Israeli drone strike killed a Hezbollah member in southern Lebanon on Wednesday, …" then "The Lebanese
    # Ministry of Health's Public Health Emergency Operations Center confirmed one fatality in the strike."
    found = incidents(read("illb-29-thehawk-may14-qaaqaait"))
    strikes = [c for c in found if c.kind in ("drone_strike", "air_strike")]
    assert [(c.kind, c.place_name, figure(c, "killed")) for c in strikes] == [
        ("drone_strike", "Qaaqaait al-Jisr", (1, 1, 1))
    ]


def test_the_attacks_named_again_date_the_strikes():
    # "The strikes come amid renewed tensions, …" then "Cambodia's Ministry of Defence confirmed the attacks,
    # reporting that Thai forces struck the Cambodian positions in the An Ses area … early on December 8, 2025"
    found = incidents(read("thkh-60-dnaindia-dec8-an-ses"))
    assert [(c.kind, c.date_start, c.date_end) for c in found] == [
        ("air_strike", dt.date(2025, 12, 8), dt.date(2025, 12, 8))
    ]


def test_the_shelling_named_twice_in_one_sentence_is_that_sentences_own():
    # "… shelling by the Thai military forces, which targeted Thmar Pouk district, …, resulted in the deaths of
    # two civilians who were fleeing the Thai shelling on Cambodia's National Road 56." after a sentence on
    # shelling in Chok Chey and Prey Chan villages
    found = incidents(read("thkh-85-asianet-dec9-thmar-pouk"))
    shelling = {(c.place_name, figure(c, "killed")) for c in found if c.kind == "shelling"}
    assert ("Thmar Pouk", (2, 2, 2)) in shelling
    assert all(place != "Thmar Pouk" or killed == (2, 2, 2) for place, killed in shelling)


def test_a_toll_right_after_months_old_news_is_no_incident():
    # "Israel and Lebanon reached a ceasefire in November 2024 after more than a year of cross-border attacks
    # amid the war in Gaza. More than 4,000 people were killed, and 17,000 were injured." (published Dec 2025)
    found = incidents(read("illb-36-anews-dec21-yater"))
    assert [(c.kind, figure(c, "killed"), figure(c, "injured")) for c in found] == [("drone_strike", None, None)]


def test_a_road_named_after_the_towns_it_joins_is_the_place():
    # "An Israeli drone hit a vehicle on the Doha-Kafarman road in the Nabatieh district late Saturday, …"
    found = incidents(read("illb-33-trtworld-nov2-doha-kafarman", "An Israeli drone hit"))
    assert [(c.kind, c.place_name) for c in found] == [("drone_strike", "Doha-Kafarman")]


def test_a_place_in_a_part_of_the_country_and_a_separate_strike_on_another_with_another_person_hurt():
    # "An Israeli airstrike on a car injured three people in Majdal Zoun, southern Lebanon, …" then "Later that
    # day, another person suffered injuries in a separate Israeli strike on Al Bisariya, near the city of Sidon."
    found = incidents(read("illb-35-devdiscourse-nov30-majdal-zoun"))
    assert [(c.place_name, figure(c, "injured")) for c in found] == [
        ("Majdal Zoun", (3, 3, 3)),
        ("Al Bisariya", (1, 1, 1)),
    ]


def test_the_drone_that_targeted_a_car_near_a_city_places_the_strike():
    # "An Israeli drone struck a vehicle early Wednesday in southern Lebanon, …" then "The Lebanese National News
    # Agency reported that the drone targeted a car on a road near the city of Tyre."
    found = incidents(read("illb-37-anews-may21-tyre-road"))
    assert [(c.kind, c.date_start, c.place_name) for c in found] == [("drone_strike", dt.date(2025, 5, 21), "Tyre")]


# -- issue 13, fourth batch: claims -------------------------------------------------------------------------
def test_insisting_its_side_initiated_no_attack_after_responding_to_appeals_is_a_denial():
    # "Thailand's Minister of Foreign Affairs, Sihasak Phuangketkeow, responded to the appeals, insisting Thailand
    # had not initiated any attack since the beginning of the dispute."
    claims = read("thkh-95-thaiger-dec10-five-soldiers", "Thailand's Minister").of_type("claim")
    assert [(c.claimant, c.stance, c.about) for c in claims] == [("TH", "denies", "denial")]


def test_holding_each_other_accountable_for_the_initial_hostilities_is_each_accusing_the_other_of_firing_first():
    # "The border conflict has reignited since Sunday, with both nations holding each other accountable for the
    # initial hostilities and confirming losses on both sides."
    claims = read("thkh-99-nationpress-dec10-banteay-meanchey-school", "The border conflict").of_type("claim")
    assert sorted((c.claimant, c.accused, c.about) for c in claims) == [
        ("KH", "TH", "fired_first"),
        ("TH", "KH", "fired_first"),
    ]


def test_what_a_news_agency_noted_is_no_partys_claim():
    # "The Cambodian Ministry of Defence reported that the Thai military targeted a primary school in Banteay
    # Meanchey province, firing two shells on Wednesday afternoon, as noted by Xinhua News Agency."
    claims = read("thkh-99-nationpress-dec10-banteay-meanchey-school", "The Cambodian Ministry").of_type("claim")
    assert [(c.claimant, c.about) for c in claims if c.claimant == "TH"] == []


def test_a_strike_dated_by_the_statement_is_the_drone_strike_of_the_night_before():
    # "An Israeli air strike on southern Lebanon killed four people and injured three others, violating a ceasefire
    # agreement, Lebanon's Health Ministry said on Sunday." then "An Israeli drone hit a vehicle on the
    # Doha-Kafarman road in the Nabatieh district late Saturday, …"
    found = incidents(read("illb-33-trtworld-nov2-doha-kafarman"))
    assert [(c.kind, c.date_start, c.place_name, figure(c, "killed"), figure(c, "injured")) for c in found] == [
        ("drone_strike", dt.date(2025, 11, 1), "Doha-Kafarman", (4, 4, 4), (3, 3, 3))
    ]


# -- issue 13, fifth batch ----------------------------------------------------------------------------------
def test_people_martyred_including_a_soldier_in_attacks_on_civilians_are_the_attacks_toll():
    # "The Lebanese Ministry of Health has confirmed that 22 people, including a soldier, were martyred and 124
    # others, including 9 children and a paramedic, were injured as a result of Israeli attacks on civilians
    # attempting to return to their villages in southern Lebanon."
    found = incidents(read("illb-38-yemenextra-jan26-return-gunfire", "The Lebanese Ministry of Health"))
    assert [(c.kind, figure(c, "killed"), figure(c, "injured")) for c in found] == [
        ("attack_on_civilians", (22, 22, 22), (124, 124, 124))
    ]


def test_a_strike_carried_out_by_a_drone_is_a_drone_strike():
    # "Lebanon's state-run National News Agency (NNA) said the strike, carried out by a "hostile drone," targeted
    # a motorcycle near a care center in Houla. The Health Ministry later confirmed one person was killed in the
    # attack."
    found = incidents(read("illb-39-mehrnews-may14-houla", "Lebanon's state-run"))
    assert [(c.kind, figure(c, "killed")) for c in found] == [("drone_strike", (1, 1, 1))]


def test_a_weekday_given_with_a_date_is_that_date():
    # "The fighting first broke out on Thursday, December 7, when Cambodian troops crossed into Thai territory …"
    line, report = sentence("thkh-100-thaiger-dec8-chong-bok-soldier", "The fighting first broke out")
    days = {line[d.start : d.end]: d.date_start for d in find_dates(line, report["published"])}
    assert days == {"Thursday": dt.date(2025, 12, 7), "December 7": dt.date(2025, 12, 7)}


def test_the_day_before_and_the_clashes_of_the_morning_each_keep_their_day_place_and_toll():
    # "The fighting first broke out on Thursday, December 7, … attacked the Phu Pha Lek and Phlan Hin Paet Kon
    # areas …" then "By early morning today, the conflict had intensified. At around 5.05am, Cambodian soldiers
    # opened fire … in the Chong An Ma area …" then "At around 7am, another clash occurred in the Chong Bok area,
    # also in Nam Yuen district. Cambodian forces launched attacks using supporting fire weapons, which resulted in
    # the death of one Thai soldier and injuries to four others."
    found = incidents(read("thkh-100-thaiger-dec8-chong-bok-soldier"))
    clashes = {(c.date_start, c.place_name, figure(c, "killed"), figure(c, "injured")) for c in found}
    assert (dt.date(2025, 12, 8), "Chong Bok", (1, 1, 1), (4, 4, 4)) in clashes
    assert all(
        place != "Chong An Ma" or (day, killed) == (dt.date(2025, 12, 8), None) for day, place, killed, _ in clashes
    )
    assert all(day == dt.date(2025, 12, 7) for day, place, _, _ in clashes if place == "Phu Pha Lek")


def test_a_partys_own_count_after_an_incident_already_counted_is_a_total():
    # "It earlier reported one fatality — a man who was killed when the pagoda he was hiding in got hit by Thai
    # rockets." then "Thailand has said that six of its soldiers and 13 civilians were killed, including children,
    # while 29 soldiers and 30 civilians were wounded."
    extraction = read("thkh-102-salarnews-pti-jul26-toll-32")
    shelling = [c for c in incidents(extraction) if c.kind == "shelling"]
    assert [(figure(c, "killed"), figure(c, "injured")) for c in shelling] == [((1, 1, 1), None)]
    assert any(c.speaker == "TH" for c in tally_candidates(extraction))


def test_according_to_a_ministry_its_party_speaks_and_a_reported_that_is_said():
    # "According to the Cambodian Defense Ministry, Thailand launched attacks on Cambodian positions after days of
    # provocations by the Thai military …" then "The Royal Thai Army reported that Cambodian forces were the first
    # to shell Thai positions in the border area, …"
    # "… and the Thai Air Force responded by attacking Cambodian military infrastructure …": its own justification
    claims = read("thkh-103-tass-dec23-toll-21").of_type("claim")
    assert {(c.claimant, c.accused) for c in claims} == {("KH", "TH"), ("TH", "KH"), ("TH", None)}
    assert sorted(c.about or "" for c in claims if c.claimant == "TH") == ["fired_first", "self_defence"]


def test_mines_deliberately_placed_is_an_accusation_of_new_mines():
    # "Foreign Minister Sihasak Phuangketkeow said 18 Thai soldiers have been injured since July, seven losing limbs,
    # and presented evidence … showing the mines were deliberately placed on Thai soil."
    claims = read("thkh-100-thaiger-dec8-chong-bok-soldier", "Foreign Minister Sihasak").of_type("claim")
    assert [(c.claimant, c.accused, c.about) for c in claims] == [("TH", "KH", "newly_laid_mines")]


def test_a_member_of_an_armed_group_killed_is_one_killed():
    # "Beirut, May 14 (IANS) An Israeli drone strike killed a Hezbollah member in southern Lebanon on Wednesday,
    # targetting a vehicle near Qaaqaait al-Jisr in the Wadi al-Hujayr area, …"
    found = incidents(read("illb-29-thehawk-may14-qaaqaait", "Beirut, May 14"))
    assert [(c.kind, figure(c, "killed")) for c in found] == [("drone_strike", (1, 1, 1))]


def test_a_signing_recalled_as_the_time_of_something_else_is_no_new_agreement():
    # "The clashes reignited on Sunday, December 7, despite both countries signing a peace declaration in October,
    # …" and "A Thai soldier was wounded by a landmine …, just days after the two Southeast Asian neighbors agreed
    # to a ceasefire following a deadly five-day conflict last month."
    for report_id, starts in (
        ("thkh-95-thaiger-dec10-five-soldiers", "The clashes reignited"),
        ("thkh-97-calitoday-aug12-ta-moan-thom", "A Thai soldier was wounded"),
    ):
        assert read(report_id, starts).of_type("agreement_status") == []


# -- fifth round: an unnamed shooter, parties through who says it struck ------------------------------------------
def test_fire_whose_shooter_is_not_named_has_the_party_hit_only():
    # "At least three people were killed in a drone strike in southern Lebanon on Tuesday, …" then "… an drone
    # struck a car in Kfardjal in the Nabatieh district.": the party named only as where it fell is the party hit
    drone = next(c for c in incidents(read("illb-31-thenational-jun24-kfardjal")) if c.kind == "drone_strike")
    assert drone.parties == ("LB",)


def test_a_party_held_responsible_for_fire_is_the_claims_accused_not_the_shooter():
    # "Defence Minister Israel Katz said Israel holds Lebanon responsible for missile fire on the Galilee area in
    # northern Israel."
    extraction = read("illb-22-asiaone-mar28-katz-galilee")
    [fire] = incidents(extraction)
    assert fire.parties == ("IL",)
    assert [(c.claimant, c.accused) for c in extraction.of_type("claim")] == [("IL", "LB")]


def test_fire_into_a_country_with_its_shooter_condemned_just_before_has_both_sides():
    # "… the government strongly condemned what it called Cambodia's “brutal and inhumane” act after BM-21 rockets
    # landed in civilian areas inside Thailand, …"
    shelling = next(c for c in incidents(read("thkh-43-nation-dec14-ban-nong-mek")) if c.kind == "shelling")
    assert set(shelling.parties) == {"KH", "TH"}


def test_the_party_that_says_it_struck_just_before_is_the_shooter():
    # "The Israeli military on Thursday (Nov 28) said it hit a facility in southern Lebanon …" then "… a warplane
    # launched a raid about an hour ago on the eastern edge of the town of Baysariyeh."
    [strike] = incidents(read("illb-08-cna-baysariyeh-nov28"))
    assert (strike.kind, set(strike.parties)) == ("air_strike", {"IL", "LB"})


def claims_of(extraction: Extraction) -> set[tuple[str | None, str | None, str | None, str | None]]:
    return {(c.claimant, c.accused, c.stance, c.about) for c in extraction.of_type("claim")}


# -- fifth round: claims ------------------------------------------------------------------------------------------
def test_each_accused_the_other_side_is_an_accusation_by_each():
    # "Officials in Thailand and Cambodia each accused the other side of firing first, just as they had in July, …"
    found = claims_of(read("thkh-106-telegraphindia-dec9-casino-drones", "Officials in Thailand"))
    assert found == {("TH", "KH", "accuses", "fired_first"), ("KH", "TH", "accuses", "fired_first")}


def test_responding_to_an_attack_is_the_speakers_self_defence_and_a_decades_old_dispute_no_mine_claim():
    # "With the airstrikes, the Thai military said it was responding to an attack by Cambodia …"; "… a
    # decades-old border dispute that President Donald Trump claimed to have ended …"
    assert ("TH", None, "denies", "self_defence") in claims_of(
        read("thkh-106-telegraphindia-dec9-casino-drones", "With the airstrikes")
    )
    assert claims_of(read("thkh-106-telegraphindia-dec9-casino-drones", "Thai F-16")) == set()


def test_accusations_traded_over_artillery_exchanges_are_about_who_fired_first():
    # "Both sides have traded accusations over renewed artillery exchanges that have left at least 48 people dead …"
    found = claims_of(read("thkh-109-kuna-nov11-army-halts-commitments", "Both sides"))
    assert ("TH", "KH", "accuses", "fired_first") in found
    assert ("KH", "TH", "accuses", "fired_first") in found


def test_old_minefields_and_new_explosives_are_mine_claims():
    # "Cambodia's Defense Ministry denied laying new mines and urged Thailand to avoid patrols in areas containing
    # old minefields, …"; "The Thai army accused Cambodia of planting new explosives despite the ceasefire terms …"
    found = claims_of(read("thkh-109-kuna-nov11-army-halts-commitments"))
    assert ("KH", None, "denies", "legacy_mines") in found
    assert ("TH", "KH", "accuses", "newly_laid_mines") in found


def test_a_spokesman_named_by_first_name_speaks_for_his_side():
    # "Ritcha said Cambodian troops had fired projectile weapons, artillery, and rockets into Thai territory at
    # those sites, prompting Thai forces to return fire …"
    found = claims_of(read("thkh-114-jiji-jul28-five-border-areas"))
    assert ("TH", None, "denies", "self_defence") in found


def test_an_accident_is_a_denial_and_who_is_written_to_does_not_speak():
    # "He said the military … had lodged a protest with their Cambodian counterparts, …" then "He added that the
    # Foreign Ministry had also sent a letter to Cambodia's foreign minister …, stating the incident could constitute
    # a breach of the ceasefire agreement." and "… Cambodia has described the incident as an accident, …"
    found = claims_of(read("thkh-115-nation-jan6-hill-469-mortar"))
    assert ("TH", "KH", "accuses", "responsible") in found
    assert ("KH", None, "denies", "denial") in found


def test_an_accusation_after_the_speakers_justification_is_coded_too():
    # "Cambodia has retaliated in a reignited border conflict with Thailand, the former leader of Cambodia said on
    # Tuesday, after Phnom Penh accused Thai forces of shelling positions overnight …"
    found = claims_of(read("thkh-110-rthk-dec9-national-road-56", "Cambodia has retaliated"))
    assert found == {("KH", None, "denies", "self_defence"), ("KH", "TH", "accuses", "responsible")}


# -- fifth round: figures, totals and days ------------------------------------------------------------------------
def test_fighting_that_has_killed_is_a_running_toll_and_the_shelling_keeps_its_own():
    # "… after Phnom Penh accused Thai forces of shelling positions overnight in fighting that has killed seven
    # civilians and a Thai soldier." then "The Thai military fired shells into the border province of Banteay
    # Meanchey after midnight, killing two people travelling on National Road 56, …"
    extraction = read("thkh-110-rthk-dec9-national-road-56")
    [shelling] = [c for c in incidents(extraction) if c.kind == "shelling"]
    assert (figure(shelling, "killed"), shelling.date_start, shelling.date_end) == (
        (2, 2, 2),
        dt.date(2025, 12, 9),
        dt.date(2025, 12, 9),
    )
    assert (7, 7, 7) in [figure(t, "killed") for t in extraction.of_type("tally")]


def test_exchanges_that_have_left_people_dead_are_a_toll_not_an_incident():
    # "Both sides have traded accusations over renewed artillery exchanges that have left at least 48 people dead
    # and displaced around 300,000 civilians."
    extraction = read("thkh-109-kuna-nov11-army-halts-commitments", "Both sides")
    assert [c for c in incidents(extraction) if c.kind in ("shelling", "armed_clash")] == []
    assert [figure(t, "killed") for t in extraction.of_type("tally")] == [(48, 48, None)]


def test_a_count_over_two_provinces_is_a_tally_of_who_counted():
    # "Cambodian officials said four civilians had been killed and 9 others injured in two border provinces."
    extraction = read("thkh-106-telegraphindia-dec9-casino-drones", "Cambodian officials")
    assert all(c.killed is None and c.injured is None for c in incidents(extraction))
    [tally] = extraction.of_type("tally")
    assert (tally.speaker, figure(tally, "killed"), figure(tally, "injured")) == ("KH", (4, 4, 4), (9, 9, 9))


def test_an_attack_answered_is_its_own_incident_on_the_day_told_before():
    # "Thai F-16 fighter jets bombed Cambodian targets on Monday, …" then "With the airstrikes, the Thai military
    # said it was responding to an attack by Cambodia that killed at least one Thai soldier and injured eight
    # others in a border province earlier in the day."
    found = incidents(read("thkh-106-telegraphindia-dec9-casino-drones"))
    [attack] = [c for c in found if c.kind == "armed_clash"]
    assert (attack.date_start, figure(attack, "killed"), figure(attack, "injured")) == (
        dt.date(2025, 12, 8),
        (1, 1, None),
        (8, 8, 8),
    )


def test_a_blast_after_which_something_was_done_on_a_day_is_the_blast_told_later_with_the_leads_count():
    # "Thailand has suspended on Tuesday … after a landmine blast near their border injured two of its soldiers."
    # and "Tensions escalated after late Monday when a landmine blast injured four Thai soldiers."
    found = incidents(read("thkh-109-kuna-nov11-army-halts-commitments"))
    [blast] = [c for c in found if c.kind == "landmine_explosion"]
    assert (blast.date_start, blast.parties, figure(blast, "injured")) == (dt.date(2025, 11, 10), ("TH",), (2, 2, 2))


def test_strikes_whose_places_each_have_a_toll_are_one_incident_per_place():
    # "Israeli strikes on south Lebanon on Thursday night killed one person and injured seven others …" then "The
    # Lebanese Health Ministry said one person was killed in Baalbek, in eastern Lebanon, while six were injured in
    # Nabatieh district, in the south, and one in the coastal city of Sidon."
    found = incidents(read("illb-42-thenational-oct17-baalbek-nabatieh-sidon"))
    assert sorted((c.place_name, c.date_start, figure(c, "killed"), figure(c, "injured")) for c in found) == [
        ("Baalbek", dt.date(2025, 10, 16), (1, 1, 1), None),
        ("Nabatieh", dt.date(2025, 10, 16), None, (6, 6, 6)),
        ("Sidon", dt.date(2025, 10, 16), None, (1, 1, 1)),
    ]
    assert all(c.kind == "air_strike" and set(c.parties) == {"IL", "LB"} for c in found)


def test_strikes_said_to_target_civilian_facilities_are_an_accusation_of_it():
    # "However, Mr Aoun said the strikes had targeted “civilian facilities”, violating a November ceasefire …"
    found = claims_of(read("illb-42-thenational-oct17-baalbek-nabatieh-sidon"))
    assert ("LB", "IL", "accuses", "civilian_target") in found
    assert ("LB", "IL", "accuses", "responsible") in found


def test_acts_counted_in_times_are_no_incident():
    # "Since the ceasefire agreement came into effect in Lebanon on November 27, 2024, Israeli forces have breached
    # its terms more than 1,000 times, conducting airstrikes, artillery shelling, overflights, and machine gun fire,
    # Lebanese media reported."
    assert incidents(read("illb-40-shafaq-mar15-borj-al-muluk", "Since the ceasefire")) == []


def test_a_meeting_of_both_sides_or_of_the_two_countries_has_both_principals():
    # "The spokesman also said that local military commanders from both sides were trying to arrange a discussion
    # on Tuesday, and a meeting was rescheduled for 10am."; "… while the two countries are scheduled to meet"
    for report_id in ("thkh-11-bangkokpost-army-condemns", "thkh-107-cna-jul28-chemical-weapons"):
        [meeting] = read(report_id).of_type("meeting")
        assert set(meeting.parties) == {"TH", "KH"}, report_id


def test_members_who_sustained_injuries_are_counted_injured():
    # "In similar news, three members of the Thai military sustained injuries from a landmine explosion during a
    # routine patrol near the Thai-Cambodian border in Kantharalak district, Sisaket province, on August 9."
    found = incidents(read("thkh-96-thaiger-aug12-ranger-leg", "In similar news"))
    assert [(c.kind, figure(c, "injured")) for c in found] == [("landmine_explosion", (3, 3, 3))]


def test_the_army_that_accuses_the_other_side_is_not_that_sides_army():
    # "… were confronted with gunfire from Israeli troops. …" then "The army also accused Israel of delaying its full
    # withdrawal from the region."
    found = claims_of(read("illb-38-yemenextra-jan26-return-gunfire"))
    assert ("LB", "IL", "accuses", "responsible") in found


def test_a_party_named_after_with_that_goes_on_accusing_speaks():
    # "Both sides reported a clash around 5:00 am (2200 GMT Friday), with Cambodia accusing Thai forces of firing
    # “five heavy artillery shells” into locations in Pursat province, …"
    found = claims_of(read("thkh-90-afp-plawiuk-jul26-pursat", "Both sides reported"))
    assert found == {("KH", "TH", "accuses", "responsible")}


def test_where_the_speaker_speaks_is_not_the_place_and_a_hill_keeps_its_number():
    # "At Government House in Bangkok on Tuesday, caretaker Prime Minister Anutin Charnvirakul briefed the media on a
    # mortar round reportedly fired from the Cambodian side, which landed at Hill 469 in the Chong Bok area of Ubon
    # Ratchathani and injured one Thai soldier."
    [mortar] = incidents(read("thkh-115-nation-jan6-hill-469-mortar", "At Government House"))
    assert (mortar.kind, mortar.place_name, figure(mortar, "injured")) == ("shelling", "Hill 469", (1, 1, 1))


def test_an_incident_told_before_any_day_takes_the_day_of_the_reports_news():
    # "Thailand's military accused Cambodian forces of … initiating the attack, which resulted in injuries to two Thai
    # soldiers. …" then "… Hun Manet, conversely, stated that Thai troops initiated an attack early this morning …"
    found = incidents(read("thkh-111-plataforma-jul24-ta-muen-thom"))
    assert [(c.kind, c.date_start, c.date_end) for c in found] == [
        ("armed_clash", dt.date(2025, 7, 24), dt.date(2025, 7, 24))
    ]


def test_resumed_attacks_and_civilians_injured_by_attacks_are_incidents():
    # "The ministry said in a separate statement that the Thai army had resumed attacks around 5am on Tuesday in
    # border regions, including in the area of centuries-old temples, such as … the Preah Vihear temple."
    found = incidents(read("thkh-110-rthk-dec9-national-road-56"))
    assert ("armed_clash", dt.date(2025, 12, 9), {"TH", "KH"}) in [
        (c.kind, c.date_start, set(c.parties)) for c in found
    ]
    # "Cambodia denied instigating the violence and said three of its civilians were injured by Thai attacks in its
    # Oddar Meanchey province."
    found = incidents(read("thkh-105-caixin-dec9-f16-strikes"))
    assert ("attack_on_civilians", "Oddar Meanchey", (3, 3, 3)) in [
        (c.kind, c.place_name, figure(c, "injured")) for c in found
    ]


def test_the_army_named_without_its_side_is_the_side_the_report_speaks_from():
    # illb-38: "The Lebanese Ministry of Health has confirmed …" … "The army also accused Israel of delaying …";
    # illb-35: "The Israeli military asserted that …" then "The military further stated it struck a vehicle …";
    # thkh-90: "In Thailand, the army said five soldiers were killed on Friday, …"
    for report_id, side in (
        ("illb-38-yemenextra-jan26-return-gunfire", "LB"),
        ("illb-35-devdiscourse-nov30-majdal-zoun", "IL"),
        ("thkh-90-afp-plawiuk-jul26-pursat", "TH"),
    ):
        report = _reports()[report_id]
        assert report["split"] == "dev", f"{report_id} is in the test half"
        _, _, conflict = _lookups(report["conflict"])
        text = report["excerpt"]
        actors = ActorFinder.for_conflict(conflict).find(text)
        principal_of = {p.code: conflict.principal_of(p.code) for p in conflict.parties}
        found = unnamed_forces(text, actors, principal_of, conflict.principals)
        # "the ministry" named again without its side is read the same way
        assert found and {a.code for a in found} == {side}, report_id


def test_a_toll_brought_to_a_number_and_a_count_since_the_fighting_began_are_tallies():
    # "… killing two more civilians, Phnom Penh's defence ministry said, bringing Cambodia's civilian death toll in
    # the reignited border conflict to six." and "The Thai army has said one soldier was killed and 18 others were
    # wounded since the fresh fighting began Sunday."
    tallies = read("thkh-79-spacewar-afp-dec9-road56").of_type("tally")
    assert sorted((t.speaker, figure(t, "killed"), figure(t, "injured")) for t in tallies) == [
        ("KH", (6, 6, 6), None),
        ("TH", (1, 1, 1), (18, 18, 18)),
    ]


def test_fighting_that_has_killed_across_a_border_is_a_toll_and_this_summers_combat_history():
    # "Thailand launched air strikes on Monday on Cambodia, with both sides trading blame for renewed fighting on
    # their disputed border that has killed four Cambodian civilians and a Thai soldier. … Five days of combat between
    # Thailand and Cambodia this summer killed 43 people …"
    extraction = read("thkh-80-omanobserver-afp-dec8-air-strikes")
    [strike] = [c for c in incidents(extraction) if c.kind == "air_strike"]
    assert strike.killed is None
    assert (43, 43, 43) not in [figure(t, "killed") for t in extraction.of_type("tally")]


def test_a_suspension_of_an_agreement_named_with_hyphenated_words_is_a_status_change():
    # "… officials approved the suspension of the four-point Thai-Cambodian Kuala Lumpur Declaration."; "Thailand has
    # suspended on Tuesday suspended the implementation of a United States-brokered peace agreement …"
    for report_id, starts in (
        ("thkh-17-thaiger-nsc-suspends", "At a high-stakes"),
        ("thkh-109-kuna-nov11-army-halts-commitments", "KUALA LUMPUR"),
    ):
        statuses = read(report_id, starts).of_type("agreement_status")
        assert [(s.kind, s.parties) for s in statuses] == [("suspended", ("TH",))], report_id


def test_fire_reported_into_a_civilian_area_is_no_claim_until_the_speaker_blames():
    # "The Thai army said the 63-year-old man died from shrapnel wounds after Cambodian forces fired rockets into a
    # civilian area." (no claim) and "The army has condemned Cambodia for targeting civilian areas during …" (a claim)
    assert claims_of(read("thkh-112-seenews-dec14-first-civilian-death", "The Thai army said")) == set()
    assert ("TH", "KH", "accuses", "civilian_target") in claims_of(read("thkh-94-indonesianewsgazette-jul24-ban-phue"))


def test_a_party_that_has_reported_a_violation_accuses():
    # "The Second Army Area has reported an incident on Friday (August 22, 2025) in which Thai forces detected
    # Cambodian soldiers conducting military surveillance operations within Thai territory, in violation of ceasefire
    # agreements."
    found = claims_of(read("thkh-104-nation-aug23-hill-350-surveillance", "The Second Army Area has reported"))
    assert found == {("TH", "KH", "accuses", "responsible")}


# -- sixth round: parties, figures and claims of wire copies, ministry statements and both sides' outlets ----------
def test_an_attack_on_civilians_a_party_condemns_is_an_accusation_of_targeting_civilians():
    # "The Joint Press Center … strongly condemns Cambodia's deliberate attack on civilians inside Thai territory and
    # reports four villagers injured by BM-21 rocket fragments in Ban Sao Thong Chai, …, on December 13."
    extraction = read("thkh-120-nation-dec13-joint-press-center-sao-thong-chai", "The Joint Press Center on the")
    assert claims_of(extraction) == {("TH", "KH", "accuses", "civilian_target")}
    [shelling] = incidents(extraction)
    assert (shelling.kind, set(shelling.parties), figure(shelling, "injured")) == ("shelling", {"KH", "TH"}, (4, 4, 4))


def test_forces_that_came_under_fire_and_counterattacked_accuse_the_other_of_firing_first():
    # "Meanwhile, the Thai military insisted that its forces were attempting negotiations … when they came under
    # unexpected fire, leading to their counterattack."
    found = claims_of(read("thkh-121-devdiscourse-may28-trench", "Cambodia claims"))
    assert ("TH", "KH", "accuses", "fired_first") in found
    assert ("TH", None, "denies", "self_defence") in found
    assert ("KH", "TH", "accuses", "fired_first") in found


def test_a_soldier_fatally_shot_is_killed_and_the_confrontation_named_again_gives_its_place():
    # "A Cambodian soldier was fatally shot during a gunfire exchange with Thai troops …" then "The confrontation
    # occurred early Wednesday near the Preah Vihear temple, …"
    [clash] = incidents(read("thkh-121-devdiscourse-may28-trench"))
    assert (clash.kind, figure(clash, "killed"), clash.date_start) == ("armed_clash", (1, 1, 1), dt.date(2025, 5, 28))
    assert clash.place_name is not None and "Preah Vihear" in clash.place_name


def test_casualties_among_civilians_of_a_shooting_make_an_attack_on_civilians_and_no_self_defence():
    # "The Ministry of Interior (MOI) today issued a formal clarification in response to reports by Thai media
    # claiming …" then "The Ministry affirmed that the Thai armed forces opened fire …, causing one fatality and three
    # serious injuries among Cambodian civilians."
    extraction = read("thkh-122-asianspeech-nov14-interior-ministry-prey-chan")
    assert extraction.of_type("claim") == []
    attack = next(c for c in incidents(extraction) if c.kind == "attack_on_civilians")
    assert (figure(attack, "killed"), figure(attack, "injured")) == ((1, 1, 1), (3, 3, 3))
    assert attack.date_start == dt.date(2025, 11, 12)


def test_a_mine_blast_hurts_the_side_of_the_soldiers_on_patrol():
    # "Three Thai soldiers on patrol were wounded Saturday when one stepped on a land mine in territory along the
    # border with Cambodia, Thailand's army announced."
    [blast] = incidents(read("thkh-116-mb-ap-aug10-sisaket-mine", "BANGKOK (AP)"))
    assert (blast.kind, blast.parties, figure(blast, "injured")) == ("landmine_explosion", ("TH",), (3, 3, 3))


def test_earlier_in_the_day_after_a_statement_of_monday_is_that_monday():
    # "The Royal Thai Army said late Monday the explosion earlier in the day injured four soldiers." in a report of
    # Tuesday, after a lead whose blast is told in an "after" clause
    [blast] = incidents(read("thkh-117-mb-ap-nov11-four-soldiers-mine"))
    assert (blast.date_start, blast.date_end, figure(blast, "injured")) == (
        dt.date(2025, 11, 10),
        dt.date(2025, 11, 10),
        (4, 4, 4),
    )


def test_a_person_named_with_what_he_was_doing_counts_one():
    # "A Chinese man allegedly attempting to cross illegally into Thailand from Cambodia was injured on Saturday when
    # he stepped on a land mine, …"
    [blast] = incidents(read("thkh-118-mb-ap-nov30-chinese-national-mine", "BANGKOK (AP)"))
    assert (blast.kind, figure(blast, "injured")) == ("landmine_explosion", (1, 1, 1))


def test_an_area_between_the_two_sides_provinces_is_the_border_and_last_months_conflict_dates_nothing():
    # "Three Thai soldiers were injured by a landmine …, days after the two countries agreed to a detailed ceasefire
    # following last month's violent five-day conflict, …" then "… after stepping on a landmine in an area between
    # Thailand's Sisaket and Cambodia's Preah Vihear provinces on Saturday morning, …"; "… in an area recently cleared
    # of landmines …" says what the area is
    found = incidents(read("thkh-124-newsx-aug10-mine-yet-to-confirm"))
    assert [(c.kind, c.date_start, c.location_precision, figure(c, "injured")) for c in found] == [
        ("landmine_explosion", dt.date(2025, 8, 9), "border", (3, 3, 3))
    ]


def test_an_army_that_has_been_respecting_the_ceasefire_denies():
    # "Cambodia's defence ministry said it “has yet to receive clear confirmation …,” adding that its army “has been
    # strictly respecting the spirit of the ceasefire,” Al Jazeera reported."
    found = claims_of(read("thkh-124-newsx-aug10-mine-yet-to-confirm", "Cambodia’s defence ministry"))
    assert found == {("KH", None, "denies", "denial")}


def test_wounded_another_counts_one_and_a_foiled_launch_is_no_incident():
    # "An “Israeli enemy strike on a vehicle in Kaoutariyet as-Siyad”, …, killed “one person and wounded another”, …"
    # and "Separately, the Lebanese army announced that it had foiled an attempt to launch rockets towards Israel."
    found = incidents(read("illb-44-mehr-apr20-kaoutariyet-as-siyad"))
    assert [(c.kind, figure(c, "killed"), figure(c, "injured")) for c in found] == [
        ("drone_strike", (1, 1, 1), (1, 1, 1))
    ]
    assert found[0].place_name == "Kaoutariyet as-Siyad"


def test_the_day_a_round_of_fighting_began_is_no_incident_but_its_claims_stand():
    # "The clashes reignited on Sunday, December 7, …" (a report of December 10); "The border conflict has reignited
    # since Sunday, with both nations holding each other accountable for the initial hostilities …"
    assert incidents(read("thkh-95-thaiger-dec10-five-soldiers", "The clashes reignited")) == []
    extraction = read("thkh-99-nationpress-dec10-banteay-meanchey-school", "The border conflict has reignited")
    assert incidents(extraction) == []
    found = {(c.claimant, c.about) for c in extraction.of_type("claim")}
    assert found == {("TH", "fired_first"), ("KH", "fired_first")}
    # "… agreed to an immediate ceasefire, …, to end all border hostilities and halt the conflict that reignited on
    # December 7.": the round named in a relative clause leaves the agreement alone
    assert read("thkh-53-mediaselangor-dec27-ceasefire", "Earlier, Bangkok").of_type("agreement_status") != []


def test_a_count_of_the_past_few_weeks_is_a_tally_and_the_first_to_shell_is_a_claim_only():
    # "Strikes and bombings of the past few weeks have resulted in 21 deaths and injuries to 83 civilians, …" and "The
    # Royal Thai Army reported that Cambodian forces were the first to shell Thai positions in the border area, …"
    extraction = read("thkh-103-tass-dec23-toll-21", "Strikes and bombings")
    assert all(c.killed is None and c.injured is None for c in incidents(extraction))
    assert [(figure(t, "killed"), figure(t, "injured")) for t in tally_candidates(extraction)] == [
        ((21, 21, 21), (83, 83, 83))
    ]
    extraction = read("thkh-103-tass-dec23-toll-21", "The Royal Thai Army reported")
    assert all(c.kind != "shelling" for c in incidents(extraction))
    assert ("TH", "KH", "accuses", "fired_first") in claims_of(extraction)


def test_an_area_named_by_two_places_joined_by_a_dash_is_the_clash_place():
    # "A clash between Thai and Cambodian forces was reported in the Phu Pa Lek–Phlan Hin Paet Kon area on Sunday
    # afternoon, leaving two Thai soldiers wounded."
    [clash] = incidents(read("thkh-125-nation-dec7-13th-infantry-battalion"))
    assert (clash.kind, clash.place_name, figure(clash, "injured")) == (
        "armed_clash",
        "Phu Pa Lek–Phlan Hin Paet Kon",
        (2, 2, 2),
    )


def test_avoiding_retaliation_is_a_denial_and_firing_at_civilians_an_attack_on_them():
    # "The situation escalated when Thai forces reportedly fired rubber bullets and smoke grenades directly at unarmed
    # civilians." and "… they adhered strictly to ceasefire agreements …, avoiding retaliation despite the violence."
    report = "thkh-126-freshnews-sep17-prey-chan-rubber-bullets"
    assert [c.kind for c in incidents(read(report, "The situation escalated"))] == ["attack_on_civilians"]
    assert claims_of(read(report, "Cambodian joint security forces")) == {("KH", None, "denies", "denial")}


def test_a_mine_named_for_one_side_makes_that_side_no_party_of_the_blast():
    # "In the eastern province of Trat, a marine officer lost his foot after stepping on a Cambodian mine …"; the navy
    # spokesperson's accusation of new mines, later in the report, says whose people were hurt
    [blast] = incidents(read("thkh-128-thaiger-dec21-trat-marine-mine"))
    assert (blast.kind, blast.parties, figure(blast, "injured")) == ("landmine_explosion", ("TH",), (1, 1, 1))


def test_a_drone_that_carried_out_an_airstrike_makes_a_drone_strike_told_once():
    # "An Israeli drone carried out an airstrike early Saturday morning in the town of Deir al-Zahrani, killing a young
    # man …" then "… when the drone targeted his Kia vehicle on the road …": one drone strike
    found = incidents(read("illb-46-lbci-may31-deir-al-zahrani", "An Israeli drone"))
    assert [(c.kind, figure(c, "killed")) for c in found] == [("drone_strike", (1, 1, 1))]
    found = [c for c in incidents(read("illb-46-lbci-may31-deir-al-zahrani")) if c.kind != "armed_clash"]
    assert [(c.kind, c.date_start, figure(c, "killed")) for c in found] == [
        ("drone_strike", dt.date(2025, 5, 31), (1, 1, 1))
    ]
    # "… an Israeli strike killed three people Tuesday …" then "“The strike launched by an Israeli enemy drone on a
    # vehicle” in the Bint Jbeil district …": the lead's strike is the drone's
    found = incidents(read("illb-47-arabnewspk-jun24-bint-jbeil-vehicle"))
    assert [(c.kind, c.place_name, figure(c, "killed")) for c in found] == [("drone_strike", "Bint Jbeil", (3, 3, 3))]


def test_a_count_told_again_after_the_incident_was_named_again_is_its_count():
    # "Lebanon’s health ministry said … two brothers were killed in the Israeli strike on the village of Al-Bayyad …"
    # then "Lebanese official news agency ANI said the two were killed in an attack on a sawmill in Al-Bayyad.", three
    # sentences after the lead that told the strike first
    found = [c for c in incidents(read("illb-51-arabnewspk-oct27-al-bayyad")) if c.date_start == dt.date(2025, 10, 27)]
    assert [(c.kind, c.place_name, figure(c, "killed")) for c in found] == [("air_strike", "Al-Bayyad", (2, 2, 2))]


def test_killing_the_rider_counts_one():
    # "An Israeli drone strike targeted a motorcycle in southern Lebanon on Thursday, killing the rider, …"
    [strike] = incidents(read("illb-49-shafaq-sep11-ain-baal-bazouriyeh", "An Israeli drone strike"))
    assert (strike.kind, figure(strike, "killed")) == ("drone_strike", (1, 1, 1))


def test_fire_on_civilians_and_a_crime_against_civilians_condemned_are_accusations_of_targeting_them():
    # "The Ministry of National Defence … has strongly condemned the Thai military for opening fire on Cambodian
    # civilians, injuring five people."
    found = claims_of(read("thkh-135-grandnewsasia-akp-nov12-prey-chan-five", "AKP -Phnom Penh"))
    assert ("KH", "TH", "accuses", "civilian_target") in found
    # "Lebanon's Prime Minister Nawaf Salam has strongly condemned the strike, describing it as a 'blatant crime against
    # civilians' …"
    found = claims_of(read("illb-50-devdiscourse-sep21-bint-jbeil-five", "Lebanon's Prime Minister"))
    assert found == {("LB", "IL", "accuses", "civilian_target")}


def test_accusations_described_as_unfounded_are_called_fabricated():
    # "… Chum Sounry, reaffirmed the country’s commitment …, describing the accusations as unfounded and lacking
    # credible evidence."
    found = claims_of(read("thkh-136-eacnews-aug14-sounry-unfounded"))
    assert ("KH", None, "denies", "fabricated") in found
    assert not any(stance == "accuses" and claimant == "KH" for claimant, _, stance, _ in found)


def test_opening_fire_on_civilians_is_one_attack_on_them_and_inciting_clashes_is_no_clash():
    # "… condemned the Thai military for opening fire on Cambodian civilians, injuring five people." then "… the Thai
    # military opened fire on Cambodian civilians residing in Prey Chan village, …" and "… the attack followed a series
    # of provocative actions …, seemingly aimed at inciting clashes."
    found = incidents(read("thkh-135-grandnewsasia-akp-nov12-prey-chan-five"))
    assert [(c.kind, c.date_start, c.place_name, figure(c, "injured")) for c in found] == [
        ("attack_on_civilians", dt.date(2025, 11, 12), "Prey Chan", (5, 5, 5))
    ]


def test_the_fire_named_with_who_began_is_no_incident_and_responding_by_attacking_is_self_defence():
    # "The Thai army said that Cambodian forces were the first to shell Thai positions in the border area with
    # artillery, and that Thai forces responded by attacking Cambodian military infrastructure …"
    extraction = read("thkh-133-fakti-dec24-banan-f16", "The Thai army said")
    assert incidents(extraction) == []
    assert claims_of(extraction) == {("TH", "KH", "accuses", "fired_first"), ("TH", None, "denies", "self_defence")}


def test_the_ministry_cited_before_speaks_for_its_side_when_named_again_without_it():
    # "… the Khmer Times newspaper reported, citing the Cambodian Ministry of National Defense." … "“Residents were
    # forced to flee from Thai air aggression,“ the Defense Ministry said." then "According to the Cambodian Ministry
    # of Defense, after several days of provocative actions …, Thai armed forces began attacking Cambodian positions."
    found = claims_of(read("thkh-133-fakti-dec24-banan-f16"))
    assert ("KH", "TH", "accuses", "fired_first") in found
    assert not any(claimant == "TH" and about == "responsible" for claimant, _, _, about in found)


def test_self_defence_that_may_come_is_no_claim_and_not_having_initiated_conflict_is_a_denial():
    # "… accused Cambodia of covertly planting landmines, asserting that Thailand has maintained a peaceful approach
    # and has not initiated conflict. He noted that if violations continue, actions may be taken in self-defense …"
    found = claims_of(read("thkh-127-tradesavi-reuters-aug12-ta-moan-thom-mine", "The army stated"))
    assert ("TH", None, "denies", "denial") in found
    assert not any(about == "self_defence" for _, _, _, about in found)


def test_a_building_demolished_by_one_side_is_destruction_of_the_others_property():
    # "Earlier at dawn, Israeli forces demolished a building used as a school for children with special needs on the
    # outskirts of the southern Lebanese town of Aita al-Shaab."
    found = incidents(read("illb-49-shafaq-sep11-ain-baal-bazouriyeh", "Earlier at dawn"))
    assert [(c.kind, c.place_name) for c in found] == [("property_destruction", "Aita al-Shaab")]
    _, _, conflict = _lookups("il-lb-2024")
    assert {conflict.principal_of(p) for p in found[0].parties} == {"IL", "LB"}


def test_the_first_death_caused_by_a_strike_counts_one():
    # "The move came as authorities confirmed the first civilian death caused by a Cambodian rocket strike, …"
    [strike] = incidents(read("thkh-112-seenews-dec14-first-civilian-death", "The move came"))
    assert (strike.kind, figure(strike, "killed")) == ("shelling", (1, 1, 1))


def test_fighting_of_an_earlier_war_told_in_passing_is_no_incident():
    # "He was the brother of a fighter who was killed in clashes with Israel in the town of Yohmor al-Shaqif during the
    # 66-day war."
    assert incidents(read("illb-46-lbci-may31-deir-al-zahrani", "He was the brother")) == []
    assert [c.kind for c in incidents(read("illb-46-lbci-may31-deir-al-zahrani"))] == ["drone_strike"]


def test_an_incursion_and_the_violence_done_in_it_are_one_happening():
    # "… condemned Thai military forces for a violent cross-border incursion …", "… Thai armed forces and anti-riot
    # police … again encroached into Cambodian territory at Prey Chan Village, …" then "The situation escalated when
    # Thai forces reportedly fired rubber bullets and smoke grenades directly at unarmed civilians."
    found = incidents(read("thkh-126-freshnews-sep17-prey-chan-rubber-bullets"))
    assert [(c.kind, c.date_start) for c in found] == [("attack_on_civilians", dt.date(2025, 9, 17))]


def test_the_soldier_who_sustained_an_injury_counts_one():
    # "… Private Adisorn Pomklang …, stepped on a landmine while on duty in the Ta Kwai Temple area, …" then "The
    # soldier sustained a severe injury, losing part of his lower right leg."
    [blast] = incidents(read("thkh-98-nation-aug27-ta-kwai-mine"))
    assert (blast.kind, blast.parties, figure(blast, "injured")) == ("landmine_explosion", ("TH",), (1, 1, 1))


def test_a_year_mistyped_by_one_digit_in_the_week_before_publication_is_the_reports_year():
    # "He stated that the conflict began when Cambodian forces opened fire on a Thai military base at Prasat Ta Muen
    # Thom in Surin Province on the morning of July 24, 2015." in a report of 24 July 2025 (the codebook)
    found = incidents(read("thkh-94-indonesianewsgazette-jul24-ban-phue", "According to Thai News Agency"))
    assert [(c.kind, c.date_start, c.date_end) for c in found] == [
        ("armed_clash", dt.date(2025, 7, 24), dt.date(2025, 7, 24))
    ]


def test_the_missile_of_a_strike_already_told_is_that_strike():
    # "… a school bus happened to be passing by the targeted vehicle when the missile landed." and "The state-run
    # National News Agency reported that the Israeli army hit a car "with a guided missile" at around 10:30 p.m.",
    # each after the report's strike
    assert all(c.kind != "shelling" for c in incidents(read("illb-32-nationalherald-nov19-tiri")))
    found = incidents(read("illb-34-lorienttoday-nov2-kfar-roummane"))
    assert [(c.kind, figure(c, "killed")) for c in found] == [("drone_strike", (4, 4, 4))]


def test_fighting_recalled_in_one_sentence_after_the_reports_own_incident_is_context():
    # "Yesterday, July 27, a BM-21 rocket attack from Cambodia struck a civilian area …" then "This incident is part of
    # escalating hostilities along the Thailand-Cambodia border, intensifying since July 24, …" (a report of July 28)
    found = incidents(read("thkh-92-thaiger-jul28-sao-thong-chai"))
    assert [(c.kind, c.date_start) for c in found] == [("shelling", dt.date(2025, 7, 27))]


def test_the_blast_named_again_is_the_blast_and_clashes_of_a_month_long_past_are_history():
    # "Thailand announced Monday it was suspending … after a landmine blast injured two Thai soldiers …", "… following
    # border clashes in July that killed at least 43 people …" (a report of November 10), then "The Royal Thai Army
    # said … the mine explosion in Sisaket province …" and "… did not immediately comment on the incident, …"
    found = incidents(read("thkh-108-hurriyet-nov10-suspends-deal"))
    assert [(c.kind, c.place_name, figure(c, "injured")) for c in found] == [
        ("landmine_explosion", "Sisaket", (2, 2, 2))
    ]


def test_the_village_a_later_sentence_names_is_the_place_not_the_province_of_the_lead():
    # "In the eastern province of Trat, a marine officer lost his foot after stepping on a Cambodian mine …" then
    # "… reported the incident occurred in Ban Nong Ree village, Cham Rak subdistrict, Mueang district, at 9.14am."
    found = incidents(read("thkh-128-thaiger-dec21-trat-marine-mine"))
    assert [(c.kind, c.place_name) for c in found] == [("landmine_explosion", "Ban Nong Ree")]


def test_a_place_named_with_its_capitalised_district_and_province_is_the_place():
    # "A BM-21 rocket … remains lodged inside a PTT gas station in Ban Nam Yen, Kantharalak District, Sisaket Province."
    found = incidents(read("thkh-130-nation-jul25-ban-nam-yen-petrol-station"))
    assert [(c.kind, c.place_name) for c in found] == [("shelling", "Ban Nam Yen")]


def test_the_village_listed_with_its_commune_and_district_is_the_place_of_the_incursion_and_its_violence():
    # "… left at least 24 Cambodian civilians and Buddhist monks injured in Ou Chrov District, Banteay Meanchey
    # Province." then "… encroached into Cambodian territory at Prey Chan Village, Ou Beichoan commune, Ou Chrov
    # District, Banteay Meanchey Province."
    found = incidents(read("thkh-126-freshnews-sep17-prey-chan-rubber-bullets"))
    assert [(c.kind, c.place_name) for c in found] == [("attack_on_civilians", "Prey Chan")]


def test_a_district_kept_as_text_gives_way_to_the_temple_area_the_gazetteer_knows():
    # "… the mine explosion at the Tamoan Thom Temple area, Banteay Ampil district, Oddar Meanchey province, on
    # August 12, 2025."
    found = incidents(read("thkh-09-nkd-mod-aug13-mine-denial"))
    assert [(c.kind, c.place_name) for c in found] == [("landmine_explosion", "Prasat Ta Muen Thom")]


def test_the_town_named_before_what_it_is_is_the_place_not_its_district():
    # "… the fatalities occurred in a strike targeting a vehicle in the Kafr Dajjal town of Nabatieh district."
    found = incidents(read("illb-30-anews-jun24-kafr-dajjal"))
    assert [(c.kind, c.place_name) for c in found] == [("drone_strike", "Kafr Dajjal")]


def test_a_town_a_road_is_named_after_is_not_the_place_of_the_strike():
    # "An Israeli drone carried out an airstrike early Saturday morning in the town of Deir al-Zahrani, …" then "… the
    # drone targeted his Kia vehicle on the road adjacent to the Deir al-Zahrani–Nabatieh highway …"
    found = incidents(read("illb-46-lbci-may31-deir-al-zahrani"))
    assert [(c.kind, c.place_name) for c in found] == [("drone_strike", "Deir al-Zahrani")]


def test_a_strike_between_two_villages_is_at_the_first_and_not_at_the_city_flown_over():
    # "Al-Jadeed TV reported the strike occurred between Ain Baal and Bazouriyeh, amid intensified Israeli flights over
    # Tyre, nearby villages, and areas along the Litani River, …"
    found = incidents(read("illb-49-shafaq-sep11-ain-baal-bazouriyeh"))
    assert [(c.kind, c.place_name) for c in found if c.kind == "drone_strike"] == [("drone_strike", "Ain Baal")]


def test_the_area_named_with_its_province_is_the_place():
    # "… “Thailand used F-16 fighter jets to drop six bombs in Banan area of Battambang province in northwestern
    # Cambodia“."
    found = incidents(read("thkh-133-fakti-dec24-banan-f16"))
    assert [(c.kind, c.place_name) for c in found] == [("air_strike", "Banan")]


def test_a_numbered_road_where_the_dead_were_is_more_precise_than_the_province():
    # "The Thai military fired shells into the border province of Banteay Meanchey after midnight, killing two people
    # travelling on National Road 56, the Cambodian defence ministry said in a Facebook post."
    found = incidents(read("thkh-110-rthk-dec9-national-road-56"))
    assert ("shelling", "National Road 56") in [(c.kind, c.place_name) for c in found]


def test_airstrikes_told_as_a_whole_then_one_by_one_are_the_strikes_told_one_by_one():
    # "… Thai military forces carried out airstrikes against Cambodian territory in Preah Vihear province on Thursday
    # (Dec. 18), …" then "… the Thai military deployed an F-16 fighter jet to conduct an aerial bombardment on the Phnom
    # Kmoch area. This was followed at 10:07 a.m. by a second F-16 airstrike targeting the Peak Sbeak area."
    found = incidents(read("thkh-132-freshnews-dec18-phnom-kmoch-peak-sbeak"))
    assert [(c.kind, c.date_start, c.place_name) for c in found] == [
        ("air_strike", dt.date(2025, 12, 18), "Phnom Kmoch"),
        ("air_strike", dt.date(2025, 12, 18), "Peak Sbeak"),
    ]
    assert all(set(c.parties) >= {"TH", "KH"} for c in found)


def test_a_village_named_as_a_place_once_is_that_place_where_the_strike_is_told():
    # "… said the strike, carried out by a "hostile drone," targeted a motorcycle near a care center in Houla." then
    # "… the victim was Moussa Aboud, a Hezbollah member from Houla in the Marjayoun district."
    found = incidents(read("illb-39-mehrnews-may14-houla"))
    assert ("drone_strike", "Houla") in [(c.kind, c.place_name) for c in found]


# -- ninth batch: strikes told through their drone or a quote, what the news comes after, counts in the perfect ----
def test_a_strike_told_through_the_drone_that_made_it_and_one_quoted_from_a_ministry_are_two_strikes():
    # "… one man “was targeted by an Israeli drone with a guided missile while he was driving” along the road to the
    # village of Toul, …" then "The health ministry later reported that another “Israeli strike targeting a car” had
    # killed one person and wounded another, also near Nabatieh."
    found = incidents(read("illb-55-bss-afp-oct25-toul-nabatieh-car"))
    assert [(c.kind, c.place_name) for c in found] == [("drone_strike", "Toul"), ("air_strike", "Nabatieh")]
    assert figure(found[1], "killed") == (1, 1, 1) and figure(found[1], "injured") == (1, 1, 1)
    # the lead's "Israeli air strikes killed two people … on Friday" is the two strikes' sum: the first keeps one
    assert figure(found[0], "killed") == (1, 1, 1)


def test_the_day_in_a_dateline_is_the_filing_day_not_the_day_of_the_strikes():
    # "BEIRUT, Lebanon, Oct 25, 2025 (BSS/AFP) - Israeli air strikes killed two people in southern Lebanon on Friday,
    # …": Friday is the 24th
    found = incidents(read("illb-55-bss-afp-oct25-toul-nabatieh-car", "BEIRUT, Lebanon"))
    assert [(c.date_start, c.date_end) for c in found] == [(dt.date(2025, 10, 24), dt.date(2025, 10, 24))]


def test_the_happening_the_news_comes_after_is_neither_a_strike_nor_the_strikes_toll():
    # "An Israeli strike killed one person in southern Lebanon yesterday, …" then "It comes a day after Israeli
    # strikes killed seven people in the eastern Bekaa Valley, …"
    found = incidents(read("illb-57-dailystar-aug9-nabatiyeh-district"))
    assert [figure(c, "killed") for c in found] == [(1, 1, 1)]
    # "… the attack, which came after it said it killed a Hezbollah member in south Lebanon's Majdal Zoun on Monday."
    found = incidents(read("illb-53-brecorder-may28-yater"))
    assert [(c.kind, c.date_start) for c in found] == [("air_strike", dt.date(2025, 5, 27))]


def test_the_latest_raid_since_a_ceasefire_is_no_count_since_the_ceasefire():
    # "Lebanon's army said an Israeli drone strike wounded one of its soldiers in the eastern region of Hermel on
    # Monday, the latest such raid since an Israel-Hezbollah ceasefire last week."
    found = read("illb-59-spacewar-afp-dec2-hermel-bulldozer")
    assert found.of_type("tally") == []
    assert [figure(c, "injured") for c in incidents(found)] == [(1, 1, 1)]


def test_a_sides_toll_since_the_fighting_began_and_its_count_in_the_perfect_are_tallies():
    # "Thailand has put the death toll on its side at 19, including six soldiers since fighting erupted on Thursday,
    # with more than 60 people injured. Cambodia has reported 13 deaths including five soldiers, and injuries to 70
    # others."
    found = read("thkh-138-livemint-bloomberg-jul26-navy-trat")
    killed = sorted(figure(c, "killed") or () for c in found.of_type("tally"))
    assert (13, 13, 13) in killed and (19, 19, 19) in killed
    assert all(c.killed is None and c.injured is None for c in incidents(found))


def test_strikes_the_text_numbers_are_each_an_incident_and_a_count_in_the_attacks_is_neithers():
    # "On Friday, the Israeli army carried out two separate air strikes in Lebanon. … The first air strike targeted a
    # car in Tebnine, … The second air strike targeted a water tanker near Ansar village." then "The statement
    # confirmed the deaths of two Hezbollah terrorists in the attacks." and "Eleven … were injured in the Israeli air
    # strikes."
    found = incidents(read("illb-56-patrika-sep20-tebnine-ansar"))
    assert len(found) == 2
    assert all(c.date_start == dt.date(2025, 9, 19) for c in found)
    assert "Ansar" in [c.place_name for c in found]
    assert all(c.killed is None and c.injured is None for c in found)


def test_weeks_of_fighting_and_the_arms_it_was_fought_with_are_a_period_not_a_happening():
    # "At least 47 people were killed and more than a million displaced in three weeks of fighting with artillery,
    # tanks, drones and jets, according to official tallies."
    found = read("thkh-140-hurriyet-afp-dec27-immediate-ceasefire")
    assert incidents(found) == []
    assert [figure(c, "killed") for c in found.of_type("tally")] == [(47, 47, None)]


def test_another_strike_the_agency_reported_is_not_the_strike_of_the_lead_and_a_quote_counts_the_leads():
    # "Two people were killed and five others injured on Saturday, February 15, in an Israeli drone strike …" then
    # "“The Israeli attack that targeted a car on the road to Jarjouh, …, tonight resulted in the death of two martyrs
    # and injured four citizens,” ANI said." and "The ANI agency had earlier reported another Israeli drone strike in
    # the vicinity of the town of Ainata, …"
    found = incidents(read("illb-54-senenews-feb16-jarjouh-ainata"))
    assert [c.kind for c in found] == ["drone_strike", "drone_strike"]
    assert (figure(found[0], "killed"), figure(found[0], "injured")) == ((2, 2, 2), (5, 5, 5))
    assert found[1].place_name == "Ainata" and found[1].killed is None


def test_a_strike_a_ministry_calls_its_enemys_is_a_strike_at_the_place_it_names():
    # "In a statement, the ministry said an “Israeli enemy strike” on a motorcycle killed one man in Yater, in south
    # Lebanon's Bint Jbeil district."
    found = incidents(read("illb-53-brecorder-may28-yater"))
    assert [(c.kind, c.place_name, figure(c, "killed")) for c in found] == [("air_strike", "Yater", (1, 1, 1))]


def test_a_village_named_after_the_town_beside_it_is_the_village():
    # "The ministry said an “Israeli enemy strike” hit a forested area in Nabatiyeh al-Fawqa, killing one man."
    found = incidents(read("illb-52-dailystar-may30-nabatiyeh-al-fawqa"))
    assert [c.place_name for c in found] == ["Nabatiyeh al-Fawqa"]


def test_the_region_of_a_place_names_the_place():
    # "Lebanon's army said an Israeli drone strike wounded one of its soldiers in the eastern region of Hermel on
    # Monday, …"
    found = incidents(read("illb-59-spacewar-afp-dec2-hermel-bulldozer"))
    assert [c.place_name for c in found] == ["Hermel"]


def test_the_number_of_fatalities_that_has_risen_to_a_count_is_a_tally_of_the_killed():
    # "The number of fatalities from Cambodia's attacks on Thai civilian areas has risen to 12, including an
    # eight-year-old boy, with over 30 injuries, according to the Thai army."
    found = read("thkh-137-bangkokpost-jul25-twelve-thais", "The number of fatalities")
    assert [(figure(c, "killed"), figure(c, "injured")) for c in found.of_type("tally")] == [
        ((12, 12, 12), (31, 31, None))
    ]
    assert incidents(found) == []


def test_the_side_that_attacks_positions_is_the_subject_not_the_side_whose_positions_are_hit():
    # "Since 4.50am, Cambodian forces have launched continuous attacks on Thai positions, using BM-21 multi-barrel
    # rocket launchers, bomb-dropping drones and “kamikaze” drones against Thai bases and strongholds along several
    # fronts, …"
    found = incidents(read("thkh-141-nation-dec9-second-army-since-4-50am", "Since 4.50am"))
    assert sorted(c.kind for c in found) == ["drone_strike", "shelling"]
    assert all(set(c.parties) == {"KH", "TH"} for c in found)


def test_a_defensive_warning_strike_is_self_defence_and_the_violations_it_answers_are_no_incidents():
    # "Hezbollah has claimed responsibility for a 'defensive warning strike' on an Israeli military position in the
    # contentious Shebaa Farms area. This move comes amidst accusations of repeated Israeli ceasefire violations,
    # including airstrikes and shelling in Lebanon, according to the militant group's statement on Monday."
    found = read("illb-61-devdiscourse-dec2-shebaa-talousa", "Hezbollah has claimed")
    assert ("HEZBOLLAH", "denies", None, "self_defence") in claims(found)
    assert all(c.kind != "air_strike" for c in incidents(found))


def test_a_count_over_two_regions_of_a_country_is_no_strikes_toll():
    # "Three people were killed on Sunday in raids on southern and eastern Lebanon." (after Monday's strike)
    found = incidents(read("illb-51-arabnewspk-oct27-al-bayyad"))
    assert [(c.place_name, figure(c, "killed")) for c in found] == [("Al-Bayyad", (2, 2, 2))]


def test_a_death_at_an_evacuation_centre_is_no_incidents_toll():
    # "Multiple sources reported that one person died overnight at the temporary evacuation centre at Chang
    # International Circuit. … He had a pre-existing heart condition …"
    found = incidents(read("thkh-101-thaiger-dec8-ban-sai-tho"))
    assert [c.kind for c in found] == ["shelling"]
    assert all(c.killed is None for c in found)


def test_the_supporting_fire_attacks_a_strike_answers_are_a_shelling_with_the_soldiers_toll():
    # "He said Thailand used aircraft “to strike military targets in several areas to suppress Cambodian supporting
    # fire attacks”, adding that one Thai soldier was killed and eight others were wounded."
    found = incidents(read("thkh-59-lbc-dec8-airstrikes"))
    shelling = [c for c in found if c.kind == "shelling"]
    assert [(figure(c, "killed"), figure(c, "injured")) for c in shelling] == [((1, 1, 1), (8, 8, 8))]
    assert all(c.killed is None for c in found if c.kind == "air_strike")


def test_rounds_of_combat_and_clashes_earlier_this_year_are_no_incidents():
    # "The soldiers' release removes a major impediment toward that goal after two rounds of destructive combat …"
    assert [c.kind for c in incidents(read("thkh-113-sudanevents-dec31-prisoners-returned"))] == ["prisoner_release"]
    # "Tensions over a disputed border area … erupted into military clashes earlier this year, … claiming at least 43
    # lives …"
    assert incidents(read("thkh-51-vietnamnews-oct26-declaration")) == []


def test_a_blast_recalled_after_the_count_of_the_series_is_context_and_a_denial_names_no_party_of_the_blast():
    # "This marks the fourth time in recent weeks that Thai soldiers have been injured by landmines during border
    # patrols. On Saturday, three soldiers were wounded by a landmine …" and "Phnom Penh denies planting any new mines,
    # asserting that the soldiers had strayed from agreed-upon routes and triggered old mines …"
    found = incidents(read("thkh-97-calitoday-aug12-ta-moan-thom"))
    assert [(c.kind, c.date_start, c.parties) for c in found] == [("landmine_explosion", dt.date(2025, 8, 12), ("TH",))]


def test_what_rejected_media_reports_tell_is_no_incident():
    # "… firmly rejected Thai media reports claiming a Cambodian spy was arrested in Buriram province."
    found = read("thkh-08-freshnews-spy-denial")
    assert incidents(found) == []
    assert ("KH", "denies", None, "fabricated") in claims(found)


def test_combat_in_the_past_week_of_renewed_fighting_is_a_period():
    # "… a rocket attack from Cambodia on Sunday killed a 63-year-old villager, marking the first civilian death
    # directly attributed to combat in the past week of renewed fighting along the Thai–Cambodian border."
    found = incidents(read("thkh-67-saudigazette-dec14-kantharalak-villager"))
    assert all(c.date_start == dt.date(2025, 12, 14) for c in found)


def test_an_air_force_that_struck_a_facility_made_a_strike():
    # "The Israeli Air Force struck a storage facility in southern Lebanon where officials alleged Hezbollah was
    # operating …"
    found = incidents(read("illb-25-abcnews-dec8-storage-facility"))
    assert [(c.kind, {"IL", "LB"} <= set(c.parties)) for c in found] == [("air_strike", True)]


def test_two_additional_airstrikes_are_more_strikes_and_a_site_used_for_defensive_operations_is_no_claim():
    # "Also on Tuesday, the Israeli regime said it had carried out two additional airstrikes on Hezbollah militants in
    # southern Lebanon. … the IDF said it struck a “Hezbollah military site used for both firing and defensive
    # operations.”"
    found = read("illb-39-mehrnews-may14-houla")
    assert sorted(c.kind for c in incidents(found)) == ["air_strike", "drone_strike"]
    assert all(about != "self_defence" for _, _, _, about in claims(found))


def test_projectiles_launched_toward_an_area_are_fire_at_that_area():
    # "At least two mortar shells were fired by Hezbollah terrorists at northern Israel at around 5 pm Monday evening,
    # …" then "“A short while ago, the Hezbollah terrorist organization launched two projectiles toward the area of
    # Mount Dov,” the IDF said in a brief statement."
    found = incidents(read("illb-60-jewishpress-dec2-mount-dov-mortars"))
    assert len(found) == 1 and found[0].kind == "shelling"
    assert "Mount Dov" in (found[0].place_name or "")


def test_signs_of_reinforcements_are_no_build_up_told_as_a_happening():
    # "… after the Trat Marine Corps Task Force reported signs of Cambodian troop reinforcements and the movement of
    # heavy weapons in the area surrounding the Thmodah Casino, …"
    found = incidents(read("thkh-139-thaiger-dec20-casino-f16"))
    assert [c.kind for c in found] == ["air_strike"]
    assert set(found[0].parties) == {"TH", "KH"}


def test_a_paragraph_headed_by_its_place_and_district_is_at_that_place_not_a_dateline():
    # "Ban Khlong Phaeng, Ta Phraya district: Thai forces are carrying out manoeuvres to seize control of the area,
    # while Cambodian troops continue to bombard Thai positions with BM-21 rockets, artillery and mortars."
    found = incidents(read("thkh-142-nation-dec12-first-army-sa-kaeo", "Ban Khlong Phaeng"))
    assert [(c.kind, c.place_name) for c in found] == [("shelling", "Ban Khlong Phaeng")]


def test_attacks_along_fronts_from_one_sector_to_others_are_at_the_first():
    # "… against Thai bases and strongholds along several fronts, from the Chong Bok sector to the Ta Kwai Temple and
    # Prasat Khana Temple areas."
    found = incidents(read("thkh-141-nation-dec9-second-army-since-4-50am", "Since 4.50am"))
    assert {c.place_name for c in found} == {"Chong Bok"}


def test_two_populations_killed_in_one_count_are_two_tallies():
    # "Seven civilians have been killed and 20 wounded in Cambodia and three Thai soldiers have been killed in the
    # fiercest fighting since a five-day conflict in July."
    found = read("thkh-74-alahed-dec9-blamed-each-other")
    assert sorted(figure(c, "killed") or () for c in found.of_type("tally")) == [(3, 3, 3), (7, 7, 7)]


# -- tenth round: leads that sum the strikes told after them ---------------------------------------------------
def test_a_leads_toll_of_several_strikes_told_one_by_one_after_it_is_theirs_not_one_more_strike():
    # "Israeli strikes on southern Lebanon killed three people on Saturday, …" then "… an “Israeli enemy” drone strike
    # on a car in Kunin, south Lebanon, killed one man, …" and "… a strike on a motorcycle in Mahrouna, near Tyre,
    # resulted in “two martyrs and wounded one person”, …"
    found = incidents(read("illb-69-brecorder-jun28-kunin-mahrouna"))
    saturday = [c for c in found if c.date_start == dt.date(2025, 6, 28) and c.killed is not None]
    assert sorted(figure(c, "killed") or () for c in saturday) == [(1, 1, 1), (2, 2, 2)]
    assert all(figure(c, "killed") != (3, 3, 3) for c in found)


def test_a_separate_strike_is_another_happening_than_the_strike_told_before():
    # "A “drone strike launched by the Israeli enemy on a vehicle in Wadi al-Hujair killed one person”, …" then "It
    # later said a separate Israeli strike in Hanin, elsewhere in the south near the border, “killed one person and
    # wounded another”."
    found = incidents(read("illb-66-brecorder-apr16-wadi-hujair-hanin"))
    assert sorted((c.kind, figure(c, "killed"), figure(c, "injured")) for c in found) == [
        ("air_strike", (1, 1, 1), (1, 1, 1)),
        ("drone_strike", (1, 1, 1), None),
    ]
    assert [c.place_name for c in found if c.kind == "air_strike"] == ["Hanin"]


def test_words_left_out_after_a_stop_start_a_sentence_whose_day_is_its_own():
    # "… but Cambodian troops reportedly opened fire, prompting Thai troops to retaliate." then "… Royal Thai Army
    # Commander-in-Chief … with a meeting scheduled with his Cambodian counterpart … on Saturday, May 31." then "The
    # Cambodian Defense Ministry spokesman stated one Cambodian soldier was killed, …"
    found = incidents(read("thkh-147-mcot-may29-chong-bok-trench"))
    assert [(c.date_start, c.place_name, figure(c, "killed")) for c in found] == [
        (dt.date(2025, 5, 28), "Chong Bok", (1, 1, 1))
    ]


def test_the_clash_named_with_its_duration_is_the_exchange_of_fire_told_before():
    # "Thai and Cambodian soldiers exchanged fire early Wednesday in a disputed border area in Thailand’s Ubon
    # Ratchathani province." then "The 10-minute clash occurred in the Chong Bok area after …"
    found = incidents(read("thkh-147-mcot-may29-chong-bok-trench", "UBON RATCHATHANI"))
    text, _ = sentence("thkh-147-mcot-may29-chong-bok-trench", "The 10-minute clash")
    first = sentence("thkh-147-mcot-may29-chong-bok-trench", "UBON RATCHATHANI")[0]
    both = read_text("thkh-147-mcot-may29-chong-bok-trench", first + "\n" + text)
    assert len(found) == 1 and [c.place_name for c in incidents(both)] == ["Chong Bok"]


def read_text(report_id: str, text: str) -> Extraction:
    report = _reports()[report_id]
    assert report["split"] == "dev", f"{report_id} is in the test half"
    gazetteer, agreements, conflict = _lookups(report["conflict"])
    return extract(text, report["published"], gazetteer, conflict=conflict, agreements=agreements)


def test_attacks_stepped_up_over_a_period_and_their_count_are_a_tally_not_a_strike():
    # "Since fighting erupted on December 7, Thailand has rejected calls … for a ceasefire. Instead, it has intensified
    # airstrikes and the bombardment of border towns and cities, killing 21 Cambodian civilians and injuring 83 others."
    found = read("thkh-145-grandnewsasia-dec24-poipet", "Since fighting erupted")
    assert incidents(found) == []
    assert [(figure(c, "killed"), figure(c, "injured")) for c in found.of_type("tally")] == [
        ((21, 21, 21), (83, 83, 83))
    ]


def test_a_morning_hour_told_after_a_night_is_the_morning_after_it():
    # "The Second Army Area announced on Monday that Cambodia had mobilised tanks and rocket launchers late on Sunday
    # night …" then "At about 5am, Cambodian troops opened fire on Thai military positions at Chong An Ma …"
    found = incidents(read("thkh-143-nation-dec8-second-army-chong-an-ma"))
    assert {c.date_start for c in found if c.place_name == "Chong An Ma"} == {dt.date(2025, 12, 8)}


def test_weapons_trained_on_places_are_aimed_not_fired():
    # "… and had even trained its artillery and rockets on Buri Ram airport and a hospital in Surin."
    found = incidents(read("thkh-143-nation-dec8-second-army-chong-an-ma", "The Second Army Area announced"))
    assert all(c.kind != "shelling" for c in found)


def test_a_sides_troops_returning_fire_in_its_account_claim_self_defence_with_no_verb_of_saying():
    # "Then, at around 6am, Cambodian forces launched salvos of projectile weapons at Thai positions. Thai troops
    # returned fire in line with the rules of engagement."
    found = read("thkh-143-nation-dec8-second-army-chong-an-ma", "Then, at around 6am")
    assert claims(found) == {("TH", "denies", None, "self_defence")}


def test_troops_prompted_to_retaliate_justify_their_fire_and_fire_without_provocation_is_firing_first():
    # "… but Cambodian troops reportedly opened fire, prompting Thai troops to retaliate." and "The Cambodian Defense
    # Ministry spokesman stated one Cambodian soldier was killed, maintaining that Thai troops fired without
    # provocation."
    found = claims(read("thkh-147-mcot-may29-chong-bok-trench"))
    assert ("TH", "denies", None, "self_defence") in found
    assert ("KH", "accuses", "TH", "fired_first") in found
    assert ("KH", "accuses", "TH", "responsible") not in found


def test_an_armys_count_of_both_sides_soldiers_with_no_event_of_its_own_is_two_tallies():
    # "The regional army reported four Thai soldiers killed and 68 wounded, while saying 61 Cambodian soldiers were
    # dead; the number of injured Cambodian troops was not yet estimated."
    found = read("thkh-146-ani-dec10-slor-kram-phanom-dong-rak", "The regional army reported")
    assert incidents(found) == []
    assert sorted(figure(c, "killed") or () for c in found.of_type("tally")) == [(4, 4, 4), (61, 61, 61)]


def test_an_attempt_that_met_resistance_is_a_clash_not_a_mine_blast_of_the_mines_named_before():
    # "The First Army Region said its troops retook an area in Ban Nong Ya Kaew … finding anti-personnel landmines and
    # improvised explosive devices prepared there. An attempt to reclaim another encroached area in Ban Nong Chan, Sa
    # Kaeo, met resistance; five Thai soldiers were injured."
    found = incidents(read("thkh-146-ani-dec10-slor-kram-phanom-dong-rak", "The First Army Region"))
    assert [(c.kind, c.place_name, figure(c, "injured")) for c in found] == [
        ("armed_clash", "Ban Nong Chan", (5, 5, 5))
    ]
    assert set(found[0].parties) == {"TH", "KH"}


def test_a_count_at_a_nearby_village_is_that_villages_own_with_only_the_side_hit():
    # "The Lebanese health ministry confirmed a fatality after Israeli forces fired upon the southern Lebanon border
    # village of Houla on Sunday. …" then "In the nearby village of Kfar Kila, eight more civilians were injured amid
    # persistent regional tensions, as residents courageously tried to return to their homes."
    found = incidents(read("illb-68-devdiscourse-jan26-houla-kfar-kila"))
    by_place = {c.place_name: c for c in found}
    assert figure(by_place["Houla"], "injured") == (9, 9, 9)
    assert figure(by_place["Kfar Kila"], "injured") == (8, 8, 8)
    assert set(by_place["Kfar Kila"].parties) == {"LB"}


def test_a_calendar_date_written_in_the_body_wins_over_the_weekday_of_the_lead():
    # "The Royal Thai Air Force carried out an airstrike near the Thai-Cambodian border on Friday, …" then "At around
    # 11 a.m. on December 20, the air force launched the operation …" (a report of Saturday 20 December)
    found = incidents(read("thkh-139-thaiger-dec20-casino-f16"))
    assert [(c.kind, c.date_start) for c in found] == [("air_strike", dt.date(2025, 12, 20))]


def test_an_acts_toll_given_place_by_place_after_it_is_one_incident_per_place():
    # "… Cambodian support weapons targeted civilian areas, leading to significant casualties and property damage. In
    # the vicinity of a PTT gas station in Ban Phue, …, six individuals were killed and ten others injured." then "In
    # the Ban Chorak area, …, two people, including an 8-year-old boy, lost their lives, and two were injured …"
    found = incidents(read("thkh-94-indonesianewsgazette-jul24-ban-phue"))
    by_place = {c.place_name: c for c in found if c.kind == "attack_on_civilians"}
    assert (figure(by_place["Ban Phue"], "killed"), figure(by_place["Ban Phue"], "injured")) == (
        (6, 6, 6),
        (10, 10, 10),
    )
    assert (figure(by_place["Ban Chorak"], "killed"), figure(by_place["Ban Chorak"], "injured")) == (
        (2, 2, 2),
        (2, 2, 2),
    )
    assert set(by_place["Ban Chorak"].parties) == {"TH", "KH"}
    assert len(by_place) == len([c for c in found if c.kind == "attack_on_civilians"])


def test_people_named_between_a_count_and_lost_their_lives_are_of_the_count():
    # "… two people, including an 8-year-old boy, lost their lives, and two were injured and transported to Kab Choeng
    # Hospital for treatment."
    line, _ = sentence("thkh-94-indonesianewsgazette-jul24-ban-phue", "In the Ban Chorak area")
    found = incidents(read_text("thkh-94-indonesianewsgazette-jul24-ban-phue", line))
    first = min(found, key=lambda c: min(span[0] for span in c.spans))
    assert (figure(first, "killed"), figure(first, "injured")) == ((2, 2, 2), (2, 2, 2))


def test_a_leads_toll_with_no_act_that_the_places_told_after_it_add_up_to_is_a_tally():
    # "The Royal Thai Army has reported a severe escalation in violence along the Thai-Cambodian border, resulting in
    # the deaths of nine civilians, including one child, and injuries to fourteen others." then the toll at Ban Phue
    # (six), at Ban Chorak (two) and at Ban Kut Chiang Mun (one)
    found = read("thkh-94-indonesianewsgazette-jul24-ban-phue")
    tallies = [(c.speaker, figure(c, "killed"), figure(c, "injured")) for c in found.of_type("tally")]
    assert tallies == [("TH", (9, 9, 9), (14, 14, 14))]
    assert all(figure(c, "killed") != (9, 9, 9) for c in incidents(found))


def test_a_town_the_gazetteer_now_knows_with_a_sourced_point_is_the_strikes_place():
    # "The first air strike targeted a car in Tebnine, a town in the central region of the southern border area."
    found = incidents(read("illb-56-patrika-sep20-tebnine-ansar"))
    tebnine = [c for c in found if c.place_name == "Tebnine"]
    assert len(tebnine) == 1 and tebnine[0].lat is not None and tebnine[0].location_precision == "exact"


def test_another_as_the_subject_of_being_wounded_after_a_count_is_one_more_hurt():
    # "One person has been killed, and another wounded in a fresh Israeli drone strike in southern Lebanon, …"
    found = incidents(read("illb-62-trtworld-nov5-borj-rahhal-highway", "One person has been killed"))
    assert [(figure(c, "killed"), figure(c, "injured")) for c in found] == [((1, 1, 1), (1, 1, 1))]
    # "… one person was killed, and another was injured."
    line, _ = sentence("thkh-94-indonesianewsgazette-jul24-ban-phue", "In the Ban Chorak area")
    last = line[line.index("In Ban Kut Chiang Mun") :]
    found = incidents(read_text("thkh-94-indonesianewsgazette-jul24-ban-phue", last))
    assert [(figure(c, "killed"), figure(c, "injured")) for c in found] == [((1, 1, 1), (1, 1, 1))]


def test_the_fallen_soldier_is_one_killed():
    # "The body of the fallen soldier has been transported from the border for funeral rites."
    found = incidents(read("thkh-149-nation-may28-techo-morakot"))
    assert [figure(c, "killed") for c in found] == [(1, 1, 1)]


def test_a_toll_of_strikes_on_several_villages_is_no_one_strikes_and_a_representative_killed_is_one():
    # "At least five people were killed in Israeli strikes on southern Lebanese villages on Wednesday, …" then "The
    # Israeli strikes targeted the villages of Yater, Shebaa, Al Kharayeb and Taybeh." then "Israel said the attack on
    # Yater killed a Hezbollah representative called Al Munim Musa Sweidan, …"
    found = incidents(read("illb-65-thenational-sep3-yater-shebaa-grenades"))
    assert all(figure(c, "killed") != (5, 5, None) for c in found)
    assert [figure(c, "killed") for c in found if c.place_name == "Yater"] == [(1, 1, 1)]


def test_what_an_assault_follows_is_recalled_and_the_total_after_it_is_still_a_tally():
    # "Two precision-guided missiles fired from the unmanned aircraft hit a vehicle …" then "Saturday's assault follows
    # escalating frontier hostilities, with Israeli forces executing multiple aerial bombardments Thursday …" then
    # "Israeli military operations have resulted in over 4,000 fatalities and approximately 17,000 injuries in Lebanon
    # since hostilities commenced in October 2023, …"
    found = read("illb-63-menafn-nov8-bint-jbeil-seven-wounded")
    assert [(c.kind, figure(c, "injured")) for c in incidents(found)] == [("drone_strike", (7, 7, 7))]
    assert [figure(c, "killed") for c in found.of_type("tally")] == [(4001, 4001, None)]


def test_a_side_that_attacked_a_named_village_in_a_province_clashed_there():
    # "In the afternoon, Cambodia attacked Ban Sam Lang in Trat Province, where the Royal Thai Marine Corps responded,
    # successfully defending and securing the area, …"
    found = read("thkh-148-nation-dec17-ta-kwai-ban-sam-lang", "In the afternoon")
    assert [(c.kind, c.place_name, set(c.parties)) for c in incidents(found)] == [
        ("armed_clash", "Ban Sam Lang", {"KH", "TH"})
    ]


def test_a_sides_forces_that_responded_defending_the_area_claim_self_defence():
    # "In the afternoon, Cambodia attacked Ban Sam Lang in Trat Province, where the Royal Thai Marine Corps responded,
    # successfully defending and securing the area, …"
    found = read("thkh-148-nation-dec17-ta-kwai-ban-sam-lang", "In the afternoon")
    assert claims(found) == {("TH", "denies", None, "self_defence")}


def test_whose_claims_are_countered_is_not_who_accuses():
    # "Thai military officials, in a statement dated December 9th, countered Cambodia’s claims by accusing Cambodian
    # troops of launching rocket systems at eastern border provinces of Thailand." then "They described the shelling
    # as a defensive measure …"
    found = claims(read("thkh-144-walx-dec9-national-route-56"))
    assert ("TH", "accuses", "KH", "responsible") in found
    assert ("TH", "denies", None, "self_defence") in found
    assert all(claimant != "KH" for claimant, _, _, _ in found)


def test_the_part_of_a_country_a_strike_hit_is_its_place_as_written_when_nothing_finer_is_named():
    # "Israeli Air Force craft struck several targets of the Iran-backed Hezbollah terrorist group, including a rocket
    # launcher, in Southern Lebanon on Thursday."
    found = incidents(read("illb-64-jns-aug28-air-force-launcher", "Israeli Air Force craft"))
    assert [c.place_name for c in found] == ["Southern Lebanon"]
    assert found[0].location_precision == "country"


def test_a_count_quoted_before_its_verb_is_still_counted():
    # "The United Nations Human Rights Office said on Tuesday that “at least 71 civilians” had been killed by Israeli
    # forces in Lebanon since the ceasefire."
    found = read("illb-66-brecorder-apr16-wadi-hujair-hanin", "The United Nations Human Rights Office")
    assert [figure(c, "killed") for c in found.of_type("tally")] == [(71, 71, None)]


def test_a_meeting_agreed_on_one_day_to_be_held_today_is_one_planned_meeting_of_today():
    # "Cambodia and Thailand had agreed on Monday to convene the Joint General Border Committee (GBC) today to discuss
    # a peaceful resolution to the conflict."
    found = read("thkh-145-grandnewsasia-dec24-poipet", "Cambodia and Thailand had agreed")
    meetings = found.of_type("meeting")
    assert [(c.date_start, c.planned) for c in meetings] == [(dt.date(2025, 12, 24), True)]


def test_rejecting_calls_for_a_ceasefire_is_no_denial():
    # "Since fighting erupted on December 7, Thailand has rejected calls from the international community, including
    # the US, the EU and ASEAN, for a ceasefire."
    found = read("thkh-145-grandnewsasia-dec24-poipet", "Since fighting erupted")
    assert claims(found) == set()


def test_a_place_named_before_the_town_it_lies_by_is_that_place_not_the_town():
    # "Another Israeli drone dropped a sound bomb in the Wata el-Khiyam border area, causing widespread panic among
    # students in a nearby school, the outlet said."
    found = incidents(read("illb-62-trtworld-nov5-borj-rahhal-highway", "Another Israeli drone"))
    assert [c.place_name for c in found] == ["Wata el-Khiyam"]


def test_a_name_joined_by_an_article_after_in_is_a_locality_not_the_border_named_after_it():
    # "A “drone strike launched by the Israeli enemy on a vehicle in Wadi al-Hujair killed one person”, Lebanon’s
    # health ministry said in a statement, referring to an area around 12 kilometres (seven miles) from the border."
    found = incidents(read("illb-66-brecorder-apr16-wadi-hujair-hanin", "A “drone strike"))
    assert [c.place_name for c in found] == ["Wadi al-Hujair"]


def test_the_town_named_as_a_places_neighbour_is_no_place_of_the_event():
    # "In a second statement later on Saturday, the health ministry said a strike on a motorcycle in Mahrouna, near
    # Tyre, resulted in “two martyrs and wounded one person”, with one of the dead a woman."
    found = incidents(read("illb-69-brecorder-jun28-kunin-mahrouna", "In a second statement"))
    assert [c.place_name for c in found] == ["Mahrouna"]


def test_salvos_of_projectile_weapons_launched_at_positions_are_a_shelling():
    # "Then, at around 6am, Cambodian forces launched salvos of projectile weapons at Thai positions."
    found = incidents(read("thkh-143-nation-dec8-second-army-chong-an-ma", "Then, at around 6am"))
    assert [(c.kind, set(c.parties)) for c in found] == [("shelling", {"KH", "TH"})]


# -- seventh round: claims recall ---------------------------------------------------------------------------------
def test_words_said_after_a_denial_are_the_deniers_not_the_accusers_it_reports():
    # "Cambodia rejected allegations that its military fired on Thai troops …" then "“These claims are entirely
    # false, fabricated and … provoke tension …,” Neth Pheaktra said."
    found = claims_of(read("thkh-150-cna-feb24-grenade-rejected"))
    assert ("KH", None, "denies", "fabricated") in found
    assert ("TH", None, "denies", "fabricated") not in found


def test_what_false_claims_are_said_to_aim_at_is_no_accusation_of_an_act():
    # "“These claims are entirely false, fabricated and grossly distort the facts with the deliberate intent to
    # mislead public opinion and provoke tension …,” Neth Pheaktra said."
    found = claims_of(read("thkh-150-cna-feb24-grenade-rejected"))
    assert not any(claimant == "KH" and stance == "accuses" for claimant, _, stance, _ in found)


def test_rejecting_claims_whose_maker_is_not_named_reports_the_other_sides_accusation():
    # "…, the Royal Thai Army issued a clarification on Thursday (June 5), rejecting claims that Thai troops
    # initiated the skirmish at Chong Bok late last month."
    found = claims_of(read("thkh-155-nation-jun5-chong-bok-clarification", "In response to Cambodia"))
    assert ("KH", "TH", "accuses", "fired_first") in found
    assert not any(claimant == "TH" and stance == "accuses" for claimant, _, stance, _ in found)


def test_an_answer_to_the_other_sides_statement_is_its_accusation_and_the_answerers_denial():
    # "In response to Cambodia's Defence Ministry statement on November 12, 2025, accusing Thailand of firing first
    # during an incident in Prey Chan, …, the Royal Thai Army has strongly rejected the allegations, stating that
    # Cambodia is "distorting" the facts."
    found = claims_of(read("thkh-152-nation-nov13-prey-chan-rejected", "In response to"))
    assert ("KH", "TH", "accuses", "fired_first") in found
    assert ("TH", None, "denies", "fabricated") in found


def test_who_rejects_a_partys_accusations_is_never_that_party():
    # "In the letter, he rejected the Thai accusations as "baseless, politically motivated …"", in a report of a
    # Cambodian spokesman's briefing
    found = claims_of(read("thkh-153-thestar-aug26-razor-wire-protest"))
    assert ("KH", None, "denies", "fabricated") in found
    assert ("TH", None, "denies", "fabricated") not in found


def test_a_party_said_to_be_accused_is_the_accused_not_the_accuser():
    # "On the issue of troop movements raised by Cambodia, the Thai Army confirmed that … Cambodia, however, is
    # accused of violating the ceasefire by secretly planting landmines inside Thailand, … and spreading false
    # information."
    found = claims_of(read("thkh-151-nation-aug13-army-mines-deployments"))
    assert ("TH", "KH", "accuses", "newly_laid_mines") in found
    # the one accused of the mines accuses nothing of them and denies nothing (its only claim is the troop movements it
    # raised, answered by the army's denial: the twelfth round)
    assert {f for f in found if f[0] == "KH"} == {("KH", "TH", "accuses", "responsible")}


def test_a_side_telling_it_has_responded_with_its_weapons_claims_self_defence():
    # "The Thai side has responded with both direct-fire and indirect-fire weapons in line with operational plans, …",
    # in the Second Army Area's update
    found = claims_of(read("thkh-141-nation-dec9-second-army-since-4-50am", "The Thai side has responded"))
    assert found == {("TH", None, "denies", "self_defence")}


def test_a_report_telling_an_army_responded_with_artillery_is_no_claim():
    # "The IDF responded with artillery fire on the town of Yahmar al-Shaqif in southern Lebanon."
    found = claims_of(read("illb-48-bignews-xinhua-mar22-metula-yahmar"))
    assert found == set()


def test_who_began_and_the_breach_it_names_are_two_accusations():
    # "Ministry spokesperson Maly Socheata stated that at approximately 6.30am, Thailand initiated action that
    # violated prior agreements by advancing on Ta Mone Thom Temple …"
    found = claims_of(read("thkh-50-nation-jul24-socheata-statement", "Ministry spokesperson"))
    assert found == {("KH", "TH", "accuses", "fired_first"), ("KH", "TH", "accuses", "responsible")}


# -- twelfth round: meetings recalled, planned or of one side; claims in party statements ------------------------
def test_a_meeting_named_by_the_agreement_reached_at_it_days_before_is_recalled():
    # "Cambodia has been strongly encouraged by the broad applause … for the 13-point agreement reached during the
    # General Border Committee (GBC) meeting on 7 August 2025 in Kuala Lumpur." (a report of 11 August)
    assert meetings(read("thkh-161-freshnews-aug11-sounry-mines", "Cambodia has been strongly")) == []


def test_a_meeting_reviewed_by_the_meeting_reported_is_recalled_and_the_reported_one_kept():
    # "The aim of the 1st Special GBC Meeting was to review the positive outcomes of the Extraordinary General Border
    # Committee Meeting (GBC) …, held on 7 August 2025, …", in the joint statement of the meeting of 10 September
    found = meetings(read("thkh-164-mfa-sep10-koh-kong-gbc"))
    assert [(kind, day) for kind, day, _, _, _ in found] == [("GBC", dt.date(2025, 9, 10))]


def test_a_meeting_held_weeks_before_and_told_with_an_older_affair_is_recalled():
    # "A meeting between ground forces from both sides was held on 29 May." (a report of 20 June)
    assert meetings(read("thkh-157-freshnews-jun20-tea-seiha-may28")) == []


def test_a_foreign_minister_meeting_a_third_countrys_counterpart_is_no_meeting_of_the_parties():
    # "… Thai Foreign Minister Maris Sangiampongsa met with Vietnamese counterpart Bùi Thanh Sơn, …"
    assert meetings(read("thkh-159-localynews-jul30-mfa-violations", "Nikorndej further noted")) == []


def test_one_sides_cabinet_meeting_is_no_meeting_of_the_parties():
    # "The gathering occurred one day before a cabinet meeting that will address the Lebanese military's efforts …"
    assert read("illb-72-jasdooit-jan7-naqoura-military", "The gathering occurred").of_type("meeting") == []


def test_a_committee_that_convened_is_a_meeting_of_the_sides_it_comprises():
    # "The committee …, comprising delegates from the United States, France, Lebanon, Israel, and the United Nations
    # Interim Force in Lebanon (UNIFIL), convened on Wednesday in Naqoura, southern Lebanon."
    found = read("illb-72-jasdooit-jan7-naqoura-military", "The committee").of_type("meeting")
    assert [(c.date_start, c.place_name, {"IL", "LB"} <= set(c.parties)) for c in found] == [
        (dt.date(2026, 1, 7), "Naqoura", True)
    ]


def test_a_meeting_held_today_with_its_date_given_is_of_that_date_at_the_venue_after_it():
    # "… during the second Special Thailand-Cambodia General Border Committee (GBC) meeting, held today, October 23,
    # in Kuala Lumpur, Malaysia." (a report dated 24 October)
    found = meetings(read("thkh-165-asianews-oct24-second-special-gbc", "PHNOM PENH"))
    assert found == [("GBC", dt.date(2025, 10, 23), "Kuala Lumpur", False, frozenset({"TH", "KH"}))]


def test_the_day_a_meeting_came_before_is_not_its_day():
    # "The meeting came just days before the much-anticipated October 26 signing of a peace agreement, …"
    assert meetings(read("thkh-165-asianews-oct24-second-special-gbc", "The meeting came")) == []


def test_the_date_given_with_the_day_of_a_statement_is_not_the_meetings_day():
    # "The Defence Ministry said on Tuesday, December 23, 2025 that the upcoming General Border Committee (GBC)
    # meeting will be held in Chanthaburi, …"
    found = meetings(read("thkh-168-nation-dec23-mod-gbc-chanthaburi", "The Defence Ministry said"))
    assert [(day, place, planned) for _, day, place, planned, _ in found] == [(None, "Chanthaburi", True)]


def test_an_observer_stressing_violations_makes_no_partys_claim():
    # "The force stressed that attacks on or near peacekeepers constitute serious violations of U.N. Security
    # Council Resolution 1701.", after "… gunfire from the Israeli side …"
    assert claims_of(read("illb-73-lbci-dec26-unifil-bastara")) == set()


def test_a_party_the_speaker_accused_in_a_relative_clause_is_the_accused():
    # "He contrasted this with Cambodian forces, which he accused of deliberately targeting Thai civilian areas far
    # from the combat zone, …", after the Thai army spokesman's words
    found = claims_of(read("thkh-162-localynews-aug11-army-thmor-doun"))
    assert ("TH", "KH", "accuses", "civilian_target") in found


def test_what_a_denial_answers_in_the_sentence_before_is_the_other_sides_accusation():
    # "Earlier in the day, Cambodia said that the Thai military used fighter jets to drop cluster bombs in Banteay
    # Meanchey province. The Thai army responded that the cluster bombs deployed exclusively targetted military
    # objectives."
    found = claims_of(read("thkh-170-ahn-dec24-secretariat-cluster-bombs"))
    assert found == {("KH", "TH", "accuses", "responsible"), ("TH", None, "denies", "denial")}


def test_a_rejection_of_claims_whose_content_is_not_given_is_the_denial_only():
    # "…, Nikorndej Balankura, …, refuted claims made by Cambodia's Foreign Ministry and state-controlled media."
    found = claims_of(read("thkh-163-nation-sep2-mfa-disinformation", "In a statement"))
    assert found == {("TH", None, "denies", "denial")}


def test_a_challenged_narrative_is_not_who_accuses_of_disinformation():
    # "Thailand's Ministry of Foreign Affairs has publicly challenged Cambodia's narrative regarding recent border
    # clashes, accusing Phnom Penh of a sustained disinformation campaign …"
    found = claims_of(read("thkh-163-nation-sep2-mfa-disinformation", "Thailand's Ministry"))
    assert found == {("TH", None, "denies", "fabricated")}


def test_each_accusation_a_rejection_lists_is_the_other_sides():
    # "Therefore, the Thai Army firmly rejects Cambodia's allegations of initiating the gunfire, provocation, and
    # violations of the ceasefire."
    found = claims_of(read("thkh-152-nation-nov13-prey-chan-rejected", "Therefore"))
    assert {("KH", "TH", "accuses", "fired_first"), ("KH", "TH", "accuses", "responsible")} <= found


def test_who_began_the_fighting_and_the_mines_its_troops_planted_are_accusations():
    # "He added that Cambodia began the border fighting, …" "… Cambodia must first clear landmines he said its troops
    # had planted along the Thai border, …"
    found = claims_of(read("thkh-168-nation-dec23-mod-gbc-chanthaburi"))
    assert found == {("TH", "KH", "accuses", "fired_first"), ("TH", "KH", "accuses", "newly_laid_mines")}


def test_an_army_reporting_the_other_side_started_shelling_accuses_it_of_firing_first():
    # "On December 8, the Royal Thai Army reported that Cambodian forces started shelling Thai positions in the border
    # area. The Thai Air Force responded by attacking Cambodian military infrastructure."
    found = claims_of(read("thkh-169-tass-dec24-high-level-gbc"))
    assert found == {("TH", "KH", "accuses", "fired_first"), ("TH", None, "denies", "self_defence")}


def test_rocket_fire_a_party_says_was_indiscriminate_is_its_accusation_of_targeting_civilians():
    # "… including BM-21 rocket fire that Thailand says was indiscriminate and resulted in one Thai civilian being
    # killed …"
    found = claims_of(read("thkh-166-nation-dec15-mfa-conditions", "He pointed to"))
    assert ("TH", "KH", "accuses", "civilian_target") in found


# -- twelfth round: incidents ---------------------------------------------------------------------------------------
def test_the_day_clashes_began_weeks_before_is_the_start_of_a_round_not_an_incident():
    # "Clashes involving small arms began on the border between Thailand and Cambodia on December 7. On December 8,
    # the Royal Thai Army reported that Cambodian forces started shelling Thai positions in the border area." (a report
    # of 24 December)
    assert incidents(read("thkh-169-tass-dec24-high-level-gbc")) == []


def test_an_air_attack_on_a_town_is_an_air_strike_of_its_own_after_a_lead_that_sums_it():
    # "At least two people were killed on Monday in Israeli strikes on southern Lebanon, …" "One person was killed in
    # an Israeli air attack on the southern Lebanese town of Marjayoun, …" "… an Israeli drone strike had killed a
    # member of its force while he was on duty in Nabatieh, …"
    found = incidents(read("illb-76-rahamatabad-dec2-flagrant-violation"))
    assert sorted((c.kind, c.place_name, figure(c, "killed")) for c in found) == [
        ("air_strike", "Marjayoun", (1, 1, 1)),
        ("drone_strike", "Nabatieh", (1, 1, 1)),
    ]


def test_a_combat_zone_is_no_fighting():
    # "He contrasted this with Cambodian forces, which he accused of deliberately targeting Thai civilian areas far
    # from the combat zone, in some cases as far as 30 kilometres away."
    assert incidents(read("thkh-162-localynews-aug11-army-thmor-doun", "He contrasted")) == []


def test_strikes_last_night_are_of_the_day_before_publication_not_of_a_period_named_after_them():
    # "“Israel's airstrikes in southern Lebanon last night constitute violations of Security Council Resolution 1701
    # [2006] and jeopardize the fragile stability that has been established since November of last year. …”"
    found = incidents(read("illb-74-lorientlejour-sep19-unifil-airstrikes"))
    assert [(c.kind, c.date_start, c.date_end) for c in found] == [
        ("air_strike", dt.date(2025, 9, 18), dt.date(2025, 9, 18))
    ]


def test_fire_prompting_the_speakers_return_fire_is_its_accusation_of_firing_first():
    # "Thailand's army said Cambodian forces "fired a single 40mm grenade round" near a Thai patrol in the border
    # province of Sisaket on Tuesday morning, prompting return fire, according to a statement."
    found = claims_of(read("thkh-150-cna-feb24-grenade-rejected", "Thailand's army said"))
    assert found == {("TH", "KH", "accuses", "fired_first"), ("TH", None, "denies", "self_defence")}


def test_an_attack_said_not_intentional_is_a_denial():
    # "Israel's military said on Wednesday that the attack was not intentional."
    found = claims_of(read("illb-65-thenational-sep3-yater-shebaa-grenades", "Israel's military"))
    assert found == {("IL", None, "denies", "denial")}


def test_no_additional_deployments_confirmed_is_a_denial():
    # "On the issue of troop movements raised by Cambodia, the Thai Army confirmed that there have been no additional
    # Thai military deployments and that all operations are strictly within Thai territory."
    found = claims_of(read("thkh-151-nation-aug13-army-mines-deployments"))
    assert ("TH", None, "denies", "denial") in found


def test_what_the_refuted_allegations_say_of_old_mines_is_the_accusers_answer_not_the_refuters():
    # "Maj Gen Winthai also refuted Cambodia's allegations that Thailand used chemical weapons and that the discovered
    # landmines were old remnants of war, stating that Thailand has clear evidence to the contrary."
    found = claims_of(read("thkh-134-nation-sep1-winthai-image-building", "Maj Gen Winthai also"))
    assert found == {
        ("TH", None, "denies", "denial"),
        ("KH", "TH", "accuses", "responsible"),
        ("KH", None, "denies", "legacy_mines"),
    }


# -- twelfth round, second batch ---------------------------------------------------------------------------------
def test_a_quotation_going_on_after_he_said_is_the_same_speakers():
    # "“Thailand is probably not ready to negotiate, because we were not the side that started this,” he said. “How
    # can talks take place while Cambodia is still using these methods – creating incidents and provoking us? …”"
    found = claims_of(read("thkh-172-nation-dec9-sihasak-not-ready"))
    assert found == {("TH", None, "denies", "denial"), ("TH", "KH", "accuses", "fired_first")}


def test_clashes_named_as_recent_are_no_incident():
    # "However, he stressed that recent border clashes had effectively rendered the joint statement meaningless in
    # practice."
    assert incidents(read("thkh-172-nation-dec9-sihasak-not-ready")) == []


def test_rejecting_mediation_is_no_denial():
    # "Thailand has firmly rejected any third-party mediation in its escalating border conflict with Cambodia, insisting
    # that talks cannot begin until confidence is restored following … alleged Cambodian violations of international
    # conventions."
    found = claims_of(read("thkh-173-nation-dec10-mfa-no-mediation"))
    assert found == {("TH", "KH", "accuses", "responsible")}
    assert read("thkh-173-nation-dec10-mfa-no-mediation").of_type("meeting") == []


def test_authorities_that_report_violations_accuse():
    # "However, Lebanese authorities report that Israel has violated the ceasefire more than 3,000 times since its
    # inception on November 27."
    assert claims_of(read("illb-79-shafaq-jun28-qassem-3000-violations")) == {("LB", "IL", "accuses", "responsible")}


def test_an_attack_of_weeks_before_told_in_passing_is_background_and_a_month_is_no_place():
    # "In response, Hezbollah launched a retaliatory rocket attack on Dec. 2, 2024, targeting Ruwaisat Al-Alam in the
    # occupied Kfar Shuba hills." (a report of 18 January 2025)
    found = read("illb-77-yenisafak-jan18-qassem-patience")
    assert incidents(found) == []
    assert all(c.place_name != "Dec" for c in found.candidates)


def test_coordination_meetings_held_on_a_day_are_a_meeting_of_both_sides():
    # "The Cambodian and Thai armed forces held coordination meetings on Tuesday to implement the ceasefire agreement
    # signed in Malaysia a day earlier, …"
    found = meetings(read("thkh-34-kuna-jul29-coordination", "KUALA LUMPUR"))
    assert [(day, planned, parties) for _, day, _, planned, parties in found] == [
        (dt.date(2025, 7, 29), False, frozenset({"TH", "KH"}))
    ]


def test_a_follow_up_discussion_the_sides_agreed_to_hold_is_planned():
    # "The sides agreed to hold a follow-up discussion, the statement said."
    found = [c for c in read("illb-15-trt-naqoura-civilians").of_type("meeting") if c.planned]
    assert [(c.date_start, {"IL", "LB"} <= set(c.parties)) for c in found] == [(None, True)]


def test_being_met_with_gunfire_or_meeting_detainees_is_no_meeting():
    # "… citizens, trying to return to their occupied towns, were met with Israeli gunfire." "The Ministry of Foreign
    # Affairs will on Tuesday escort representatives from international organisations … to meet the 18 Cambodian
    # detainees currently in Thai custody."
    assert read("illb-38-yemenextra-jan26-return-gunfire").of_type("meeting") == []
    assert read("thkh-61-bangkokpost-aug4-detainees").of_type("meeting") == []


def test_what_a_party_goes_on_to_claim_after_a_call_to_condemn_is_its_accusation():
    # "Cambodia's Ministry had called on the international community to condemn Thailand, claiming that Thai forces
    # opened fire on Cambodian civilians in a village, resulting in five Cambodian civilians being injured."
    found = claims_of(read("thkh-152-nation-nov13-prey-chan-rejected", "Cambodia's Ministry"))
    assert found == {("KH", "TH", "accuses", "civilian_target")}


def test_an_issue_raised_by_the_other_side_and_answered_by_a_denial_is_its_accusation():
    # "On the issue of troop movements raised by Cambodia, the Thai Army confirmed that there have been no additional
    # Thai military deployments …"
    found = claims_of(read("thkh-151-nation-aug13-army-mines-deployments"))
    assert {("KH", "TH", "accuses", "responsible"), ("TH", "KH", "accuses", "newly_laid_mines")} <= found


def test_a_side_named_with_its_drone_after_in_the_is_who_fired_and_the_other_side_is_hit():
    # "On Thursday morning, the NNA also reported that "one person was killed and another wounded in the Israeli drone
    # targeting … of a car in the town [of] Maaroub", also in south Lebanon."
    found = [c for c in incidents(read("illb-71-kyindo-mar27-yohmor-maaroub")) if c.kind == "drone_strike"]
    assert [set(c.parties) for c in found] == [{"IL", "LB"}]


def test_hostilities_named_only_as_intensifying_since_a_day_are_no_happening():
    # "This incident is part of escalating hostilities along the Thailand-Cambodia border, intensifying since July 24,
    # …": the round of fighting the rocket attack belongs to, not one more incident dated by the day it began
    found = incidents(read("thkh-92-thaiger-jul28-sao-thong-chai"))
    assert "armed_clash" not in [c.kind for c in found]


# -- issue 13: claims on unseen reporting (the rules' development-half cases) ----------------------------------------
def test_an_act_against_civilians_denounced_is_an_accusation_of_targeting_them():
    # "The Royal Thai Army denounced the attack as a deliberate act against civilians, violating international
    # humanitarian law."
    found = claims_of(read("thkh-92-thaiger-jul28-sao-thong-chai", "The Royal Thai Army denounced"))
    assert found == {("TH", "KH", "accuses", "civilian_target")}


def test_the_violation_a_side_cites_is_its_accusation():
    # "Thai forces attempted to negotiate, citing a violation of a 2000 Memorandum of Understanding (MOU), but
    # Cambodian troops reportedly opened fire, prompting Thai troops to retaliate."
    found = claims_of(read("thkh-147-mcot-may29-chong-bok-trench", "The 10-minute clash"))
    assert ("TH", "KH", "accuses", "responsible") in found


# -- parties: who fired and who was hit ---------------------------------------------------------------
def test_interceptor_missiles_are_no_fire_and_rockets_from_a_country_name_no_shooter():
    # "The Israeli air force intercepted three rockets fired from Lebanon toward … Metula" and "the Israeli
    # interceptor missiles had exploded in the skies over … southern Lebanon": the rockets' shooter is not named,
    # so the party hit alone; the interceptors are no second act
    found = incidents(read("illb-48-bignews-xinhua-mar22-metula-yahmar"))
    metula = next(c for c in found if c.place_name == "Metula")
    assert set(metula.parties) <= {"IL", "IL-IDF"}


def test_an_attack_the_incident_came_after_does_not_name_its_shooter():
    # "… killed in a drone strike in southern Lebanon on Tuesday, a day after the Israeli military carried out
    # attacks across the area": the attacks told are another happening; the strike's shooter is not named
    found = incidents(read("illb-31-thenational-jun24-kfardjal"))
    kfardjal = next(c for c in found if c.place_name == "Kfardjal")
    assert kfardjal.parties == ("LB",)
