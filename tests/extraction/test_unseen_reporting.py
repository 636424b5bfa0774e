"""Failure modes found by reading reports that are in neither half of the evaluation set.

Each test quotes a sentence of a real report (its address with it), read with the bundled casebook
of its conflict, as an editor would ingest it. They are kept apart from the evaluation set so that
the set's halves stay as they were split.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

from truceline.casebooks.loader import bundled_casebook_path, read_casebook
from truceline.extraction import Candidate, Extraction, extract
from truceline.extraction.agreements import aliases_of
from truceline.extraction.dates import find_dates
from truceline.geo.gazetteer import Gazetteer

#: A News (Anadolu), 26 December 2025:
#: https://www.anews.com.tr/world/2025/12/26/thailand-cambodia-move-towards-final-ceasefire-talks-over-weekend
TALKS_OVER_WEEKEND = "\n".join(
    (
        "Thailand and Cambodia are set for their final talks towards a possible ceasefire on Saturday as renewed "
        "clashes in recent weeks have left about 100 people dead.",
        "The two countries signed a peace agreement in October in Kuala Lumpur in the presence of US President "
        "Donald Trump and Malaysian Prime Minister Anwar Ibrahim, but that was later suspended after Thai soldiers "
        "were seriously injured in a landmine explosion in a border province.",
        "Cambodia reportedly submitted a sixth draft proposal to Thailand during the negotiations, according to the "
        "Thai News Agency.",
        "Separately, the Khmer Times reported that Thailand bombed approximately 100 kilometers (62 miles) into "
        "Cambodia's Siem Reap province around 2 pm (0700GMT).",
    )
)
TALKS_PUBLISHED = dt.date(2025, 12, 26)

#: The Indian System (from The Guardian), 27 December 2025:
#: https://api.theindiansystem.com/posts/15639-thailand-and-cambodia-agree-to-immediate-ceasefire-after-deadly-border-clashes
CEASEFIRE_AGREED = dt.date(2025, 12, 27)


@cache
def _lookups(conflict_id: str) -> tuple[Any, Any, Any]:
    book = read_casebook(bundled_casebook_path(conflict_id))
    return Gazetteer(book.places), aliases_of(book.agreements), book.definition()


def read(text: str, published: dt.date, conflict_id: str = "th-kh-2025") -> Extraction:
    gazetteer, agreements, conflict = _lookups(conflict_id)
    return extract(text, published, gazetteer, conflict=conflict, agreements=agreements)


def incidents(extraction: Extraction) -> list[Candidate]:
    return extraction.of_type("incident")


def test_a_side_that_bombed_a_province_made_an_air_strike():
    found = incidents(read(TALKS_OVER_WEEKEND.splitlines()[3], TALKS_PUBLISHED))
    assert [(c.kind, c.place_name, c.parties[0]) for c in found] == [("air_strike", "Siem Reap", "TH")]


def test_bombs_dropped_on_a_village_are_an_air_strike_of_the_day_named():
    text = (
        "On Friday, Thailand dropped 40 bombs on Chok Chey village in the same area, confirmed by Thailand's military."
    )
    found = incidents(read(text, CEASEFIRE_AGREED))
    assert [(c.kind, c.place_name, c.date_start) for c in found] == [("air_strike", "Chok Chey", dt.date(2025, 12, 26))]


def test_an_act_with_no_day_is_not_dated_by_a_past_month_named_in_passing():
    # the bombing has a time of day and no day; the month before it is the signing's, recalled in passing
    found = incidents(read(TALKS_OVER_WEEKEND, TALKS_PUBLISHED))
    assert [(c.kind, c.date_start, c.date_end) for c in found] == [("air_strike", TALKS_PUBLISHED, TALKS_PUBLISHED)]


def test_clashes_in_recent_weeks_are_a_period_with_its_toll_not_a_happening():
    found = read(TALKS_OVER_WEEKEND.splitlines()[0], TALKS_PUBLISHED)
    assert incidents(found) == []
    assert [c.killed.best for c in found.of_type("tally") if c.killed] == [100]


def test_a_weekday_in_the_future_on_the_day_of_publication_is_that_day():
    text = "The ceasefire will start on Saturday at noon local time."
    assert [d.date_start for d in find_dates(text, CEASEFIRE_AGREED)] == [CEASEFIRE_AGREED]
    # "next Saturday" said on a Saturday is a week away
    assert [d.date_start for d in find_dates("They will meet next Saturday.", CEASEFIRE_AGREED)] == [
        CEASEFIRE_AGREED + dt.timedelta(days=7)
    ]


def test_what_an_agreement_covers_and_any_act_it_warns_of_are_no_incidents():
    text = (
        "The ceasefire will start on Saturday at noon local time and covers all weapons and attacks on civilians, "
        "buildings, and military targets.\n"
        'Cambodia warned, "Any reinforcement would heighten tensions and negatively affect long-term efforts to '
        'resolve the situation."'
    )
    assert incidents(read(text, CEASEFIRE_AGREED)) == []


def test_days_of_fighting_and_their_arms_are_a_period_not_a_happening():
    text = "The 20 days of fighting included fighter jets, rocket fire, and artillery attacks."
    assert incidents(read(text, CEASEFIRE_AGREED)) == []


#: Arab News (AFP), 25 October 2025 (a copy at http://www.kirrinresources.com/node/2620207/amp)
TWO_STRIKES_ON_THE_SOUTH = (
    "BEIRUT, Lebanon: Lebanon's health ministry said two people were killed and another wounded in two Israeli "
    "strikes on the country's south Saturday, the latest attacks despite a ceasefire between Israel and Hezbollah."
)


def test_a_count_of_strikes_is_no_count_of_the_people_hurt_in_them():
    found = read(TWO_STRIKES_ON_THE_SOUTH, dt.date(2025, 10, 25), "il-lb-2024")
    [strikes] = incidents(found)
    assert strikes.killed is not None and strikes.killed.best == 2
    assert strikes.injured is not None and strikes.injured.best == 1


#: Evrim Ağacı, 9 November 2025: https://evrimagaci.org/gpt/israeli-strikes-in-lebanon-shatter-ceasefire-as-tensions-rise-515735
LATER_STRIKES = "\n".join(
    (
        "Only hours later, another Israeli drone attack struck a car near Salah Ghandour Hospital in the southern "
        "town of Bint Jbeil, injuring seven people.",
        "The Ministry of Health Affairs reported that two guided missiles were launched at the vehicle in a densely "
        "populated area, further endangering civilians.",
        "A third strike followed in the Baraachit area, killing one person and injuring four more, as reported by "
        "both NNA and the Lebanese Health Ministry.",
    )
)


def test_missiles_launched_at_the_vehicle_just_struck_and_a_third_strike():
    found = incidents(read(LATER_STRIKES, dt.date(2025, 11, 9), "il-lb-2024"))
    # the missiles are the drone's; the third strike is its own happening, with its own toll
    assert [(c.kind, c.place_name, c.injured.best if c.injured else None) for c in found] == [
        ("drone_strike", "Bint Jbeil", 7),
        ("air_strike", "Baraachit", 4),
    ]
    assert found[1].killed is not None and found[1].killed.best == 1


#: The Indian System (from The Guardian), 27 December 2025, the address at ``CEASEFIRE_AGREED``
STRIKES_BEFORE_THE_TRUCE = "\n".join(
    (
        "The two neighbours will also work together on clearing landmines and fighting cybercrime.",
        "On Friday, Thailand dropped 40 bombs on Chok Chey village in the same area, confirmed by Thailand's military.",
        "Since December 7, Thailand lost 26 soldiers and one civilian to the fighting and reported 44 civilian deaths.",
    )
)


def test_the_fighting_of_a_period_since_a_day_does_not_redate_the_act_told_before():
    found = incidents(read(STRIKES_BEFORE_THE_TRUCE, CEASEFIRE_AGREED))
    # "fighting cybercrime" is no fighting; the strike keeps its Friday
    assert [(c.kind, c.place_name, c.date_start) for c in found] == [("air_strike", "Chok Chey", dt.date(2025, 12, 26))]


def test_a_conflict_wide_toll_with_no_act_day_or_place_is_a_tally():
    text = (
        'Thailand and Cambodia have agreed on an "immediate" ceasefire to stop deadly border clashes. The violent '
        "fights killed more than 100 people and forced over 500,000 to leave their homes on both sides."
    )
    found = read(text, CEASEFIRE_AGREED)
    assert incidents(found) == []
    [tally] = found.of_type("tally")
    assert tally.killed is not None and tally.killed.low == 101


#: Pattaya Mail, 19 August 2025: https://www.pattayamail.com/thailandnews/asean-interim-observer-team-begins-fact-finding-mission-on-thai-cambodian-border-mine-incident-514826
def test_a_past_happening_in_a_clause_under_a_plan_is_no_planned_act():
    text = "Finally, they will visit Chong Chup Ta Mok to inspect the site where a soldier was injured by a landmine."
    [blast] = incidents(read(text, dt.date(2025, 8, 19)))
    assert (blast.kind, blast.planned, blast.modality) == ("landmine_explosion", False, "carried_out")


#: LBC Group, 26 December 2025:
#: https://www.lbcgroup.tv/news/lebanon-news/896725/unifil-israeli-gunfire-near-peacekeeping-patrols-violates-un-resolutio/en
PATROLS_UNDER_FIRE = "\n".join(
    (
        "UNIFIL announced that heavy machine-gun fire from Israeli army positions south of the Blue Line landed near a "
        "patrol of the United Nations Interim Force in Lebanon (UNIFIL) on Friday morning as it was inspecting a road "
        "barrier in the village of Bastara.",
        "In a statement, UNIFIL said that while no damage was caused to its property, the sound of the gunfire and the "
        "explosion resulted in a peacekeeper sustaining a minor injury, suffering from ear concussion.",
    )
)


def test_machine_gun_fire_near_a_patrol_hurting_a_peacekeeper():
    found = read(PATROLS_UNDER_FIRE, dt.date(2025, 12, 26), "il-lb-2024")
    [fire] = incidents(found)
    assert (fire.kind, fire.place_name, fire.date_start) == ("armed_clash", "Bastara", dt.date(2025, 12, 26))
    assert fire.injured is not None and fire.injured.best == 1


#: The Cambodian defence ministry's spokesperson, 24 July 2025 (a copy at
#: https://www.medioq.com/KH/Phnom-Penh/103123745661624/Troll-Fans-4Sas)
def test_firing_upon_positions_and_attacks_on_troops_are_a_clash():
    text = (
        "At 8:30 AM, they began firing upon Cambodian positions, and by 8:46 AM, Thai invading forces launched the "
        "first attack on Cambodian troops stationed at Ta Moan Thom Temple."
    )
    [clash] = incidents(read(text, dt.date(2025, 7, 24)))
    assert (clash.kind, clash.date_start, set(clash.parties)) == ("armed_clash", dt.date(2025, 7, 24), {"TH", "KH"})
    assert clash.place is not None and "Ta Muen Thom" in (clash.place_name or "")


#: Thailand News, December 2025 (a page copied with the titles of two other stories between its paragraphs):
#: https://www.thailandnews.co/2025/12/cambodian-rocket-attack-on-a-sisaket-village-injures-civilians-and-damages-homes/
COPIED_PAGE = "\n".join(
    (
        "Cambodian rocket attack on Sisaket village injures civilians and damages homes",
        "SISAKET – Cambodian forces fired salvos of BM-21 rockets into a residential community in Thailand's Si Sa Ket "
        "province on Saturday morning, injuring multiple civilians and setting houses ablaze.",
        "Four Thai Soldiers Killed, Three Wounded in Battle for Strategic Hill",
        "Television Channel 3 later reported that four civilians were wounded, with two in serious condition.",
        "Australian Tourist Dies After Crashing Through Glass Door at Phuket Restaurant",
        "In response to the ongoing clashes, Si Sa Ket Governor Anurat Thamprachamjit issued a strict prohibition on "
        "residents returning to their homes in the border area.",
    )
)


def test_other_stories_titles_and_the_ongoing_clashes_are_not_this_reports_happenings():
    found = incidents(read(COPIED_PAGE, dt.date(2025, 12, 13)))
    assert [(c.kind, c.killed, c.injured.best if c.injured else None) for c in found] == [("shelling", None, 4)]


#: TRT World, 16 December 2025: https://www.trtworld.com/article/0e7d7f5cb623
def test_a_conflict_wide_toll_after_a_strike_is_not_that_strikes():
    text = "\n".join(
        (
            "Another Israeli drone hit a pickup truck in the Sebline area along the Mount Lebanon coast in central "
            "Lebanon, NNA said.",
            "The outlet added that several people were injured in the attack.",
            "More than 4,000 people were killed, and 17,000 others were injured.",
        )
    )
    found = read(text, dt.date(2025, 12, 16), "il-lb-2024")
    [strike] = incidents(found)
    assert (strike.kind, strike.killed) == ("drone_strike", None)
    [tally] = found.of_type("tally")
    assert tally.killed is not None and tally.killed.low == 4001


#: Bangkok Post (a copy at https://www.appicnews.com/?p=1897881), 18 December 2025
def test_heavy_weapons_fired_at_an_area_and_a_toll_that_now_stands_at():
    text = "\n".join(
        (
            "Cambodia fired heavy weapons at the Sam Ta area in Si Sa Ket province at 3pm on Wednesday and a Thai "
            "soldier was killed there, he said.",
            "The death toll of Thai soldiers from 11 days of fighting now stands at 21.",
        )
    )
    found = read(text, dt.date(2025, 12, 18))
    [fire] = incidents(found)
    assert (fire.kind, fire.place_name, fire.date_start) == ("shelling", "Sam Ta", dt.date(2025, 12, 17))
    assert fire.killed is not None and fire.killed.best == 1
    assert [t.killed.best for t in found.of_type("tally") if t.killed] == [21]


def test_a_count_a_toll_is_compared_with_is_not_counted():
    text = (
        "The death toll across the two countries is now higher than the 28 killed in the last major round of "
        "fighting between 2008 and 2011."
    )
    found = read(text, dt.date(2025, 7, 26))
    counted = [c.killed.best for c in found.candidates if c.type in ("tally", "incident") and c.killed]
    assert 28 not in counted


#: Israel Chronicle (The Times of Israel), 16 November 2025:
#: https://israel-chronicle.com/2025/11/lebanon-says-one-killed-in-alleged-israeli-airstrike-on-car-near-tyre-in-the-south
def test_an_alleged_strike_is_a_strike():
    text = (
        "The Lebanese health ministry said on Saturday night that one person had been killed in an alleged Israeli "
        "strike in the south of the country."
    )
    [strike] = incidents(read(text, dt.date(2025, 11, 16), "il-lb-2024"))
    assert strike.kind == "air_strike" and strike.killed is not None and strike.killed.best == 1


def test_a_place_named_near_the_border_is_that_place():
    # TRT World, 16 December 2025, the address above
    text = (
        "Earlier, the ministry said one person was killed in an Israeli strike on a vehicle in Adaisseh near the "
        "border with Israel."
    )
    [strike] = incidents(read(text, dt.date(2025, 12, 16), "il-lb-2024"))
    assert (strike.place_name, strike.killed.best if strike.killed else None) == ("Adaisseh", 1)


#: Al Jazeera (a copy at https://downthenews.com/israeli-attacks-in-southern-lebanon-kill-two-in-latest-truce-violation)
def test_missiles_made_or_stored_are_no_fire():
    text = (
        'The Israeli military claimed it attacked sites linked to Hezbollah, including "a military camp and a site '
        'for the production of precision missiles", without providing evidence.'
    )
    found = incidents(read(text, dt.date(2025, 4, 4), "il-lb-2024"))
    assert "shelling" not in [c.kind for c in found]


# -- parties: who fired and who was hit ---------------------------------------------------------------
#: Everything Jerusalem, 22 March 2025: https://everythingjerusalem.com/?p=2262
def test_rockets_launched_from_a_country_that_answers_for_armed_groups_name_no_shooter():
    text = (
        "Six rockets were launched from southern Lebanon toward the northern Israeli town of Metula on Saturday "
        "morning, marking the first such attack since December."
    )
    [rockets] = incidents(read(text, dt.date(2025, 3, 22), "il-lb-2024"))
    assert (rockets.place_name, rockets.parties) == ("Metula", ("IL",))


#: The Global 24, 23 March 2025:
#: https://theglobal24.com/index.php/2025/03/23/israel-initiates-a-second-series-of-airstrikes-targeting-hezbollah-positions-in-lebanon
def test_the_side_that_answers_an_attack_was_hit_by_it():
    text = (
        "Israel launched strikes on Lebanon on Saturday in response to rocket attacks aimed at its territory, "
        "resulting in the deaths of two individuals, including a child."
    )
    rockets = [c for c in incidents(read(text, dt.date(2025, 3, 23), "il-lb-2024")) if c.kind == "shelling"]
    assert [c.parties for c in rockets] == [("IL",)]


#: LBC, October 2025: https://www.lbcgroup.tv/news/lebanon-news/890352/unifil-israeli-army-fired-at-our-troops-inside-lebanon-in-serious-viol/en
def test_fire_on_a_peacekeeping_patrol_is_the_shooters_alone():
    text = (
        "The United Nations Interim Force in Lebanon (UNIFIL) announced that Israeli forces opened fire on one of its "
        "patrols operating inside Lebanese territory, describing the incident as a serious violation of U.N. Security "
        "Council Resolution 1701."
    )
    [fire] = incidents(read(text, dt.date(2025, 10, 8), "il-lb-2024"))
    assert {p for p in fire.parties if p in ("IL", "IL-IDF", "LB")} == {"IL-IDF"}


#: L'Orient Today, 8 May 2025:
#: https://today.lorientlejour.com/article/1459372/two-killed-in-a-series-of-israeli-strikes-among-the-most-intense-since-the-cease-fire-on-nabatieh.html
def test_the_side_told_just_before_as_striking_fired_the_raids_named_after():
    text = "\n".join(
        (
            'During the day, Israel carried out a series of strikes, "among the most intense" since the cease-fire '
            "came into force, according to two security sources contacted by Reuters.",
            "At least two people were killed in these air raids, at a time when press reports indicate renewed "
            "pressure on Lebanese officials from U.S. envoy Morgan Ortagus.",
        )
    )
    [raids] = incidents(read(text, dt.date(2025, 5, 8), "il-lb-2024"))
    assert set(raids.parties) == {"IL", "LB"}


#: Grand News Asia, December 2025: https://grandnewsasia.com/archives/41207
def test_a_town_under_attack_after_the_report_tells_who_bombards():
    text = "\n".join(
        (
            "As the clashes between Cambodia and Thailand entered the fourth day yesterday, Bangkok intensified "
            "bombardment of populated areas, causing mass casualties, widespread destruction and civilian "
            "displacement.",
            "Samraong City, the capital of Oddar Meanchey province located roughly 60 kilometres from the border, came "
            "under repeated attacks, with airstrikes and shelling reported since Tuesday.",
        )
    )
    found = [c for c in incidents(read(text, dt.date(2025, 12, 11))) if c.place_name == "Samraong"]
    assert found and all(set(c.parties) == {"TH", "KH"} for c in found)


#: Everything Jerusalem, 22 March 2025 (the address above)
def test_a_conjunct_naming_only_the_side_hit_is_acted_by_its_clauses_subject():
    text = (
        "In response, the Israel Defense Forces (IDF) carried out artillery strikes, followed by two waves of "
        "airstrikes on Hezbollah targets, including rocket launchers and command centers across Lebanon."
    )
    [strikes] = [c for c in incidents(read(text, dt.date(2025, 3, 22), "il-lb-2024")) if c.kind == "air_strike"]
    assert "IL-IDF" in strikes.parties
