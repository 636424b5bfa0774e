"""Political events (agreement status changes, new agreements, meetings) in reports that are in neither half of the
evaluation set, read as an editor ingests them. Each test quotes the report's sentences, with its address."""

from __future__ import annotations

import datetime as dt

from tests.extraction.test_unseen_reporting import read

#: Thai News Agency via OANA, 12 November 2025: http://m.oananews.org/node/708418
PAUSED = dt.date(2025, 11, 12)


def test_a_declaration_paused_in_quotes_is_suspended_by_the_side_that_paused_it():
    text = (
        "BANGKOK, Nov 12 (TNA) - Thailand's Foreign Minister Sihasak Puangketkaew confirmed to foreign envoys that "
        'Thailand has "paused," or "suspended," the recent Joint Declaration with Cambodia, clarifying the move is '
        'a "Pause" and not a cancellation.'
    )
    [status] = read(text, PAUSED).of_type("agreement_status")
    assert (status.kind, status.parties, status.agreement) == (
        "suspended",
        ("TH",),
        "kl-joint-declaration-2025-10-26",
    )


def test_witnesses_to_a_known_signing_weeks_before_make_no_new_agreement():
    text = (
        "Letters will also be sent to the United States and Malaysia, who served as witnesses to the signing of the "
        "Joint Declaration between Thailand and Cambodia."
    )
    assert read(text, PAUSED).of_type("agreement_status") == []
    # the day after it was signed, the same words are the news
    assert [s.kind for s in read(text, dt.date(2025, 10, 27)).of_type("agreement_status")] == ["signed"]


#: United Daily (Malaysia), 12 November 2025: https://uniteddaily.my/en/03a16ad1-7e80-4195-8033-3a2b6cb1dd8f
def test_meetings_said_not_to_be_held_are_no_meetings():
    text = (
        "Natthaphon also clearly pointed out that Thailand will no longer engage in negotiations with Cambodia.\n"
        'He stated: "No, there will be no further meetings between the Ministry of Defense or the Thailand-Cambodia '
        "General Border Committee (GBC), but international communication mechanisms will be maintained at the "
        'diplomatic level."'
    )
    assert read(text, PAUSED).of_type("meeting") == []


def test_a_party_in_the_agreements_name_or_receiving_what_is_suspended_did_not_suspend_it():
    text = (
        "He said that the meeting decided to suspend the implementation of all provisions of the 'Thailand-Cambodia "
        "Peace Joint Declaration', as well as the transfer of prisoners of war to Cambodia."
    )
    [status] = read(text, PAUSED).of_type("agreement_status")
    assert status.kind == "suspended" and status.agreement == "kl-joint-declaration-2025-10-26"
    assert "KH" not in status.parties


def test_an_agent_after_the_verb_suspended_it():
    # the same report's move, told in the passive (our own sentence, in the report's words)
    text = "The Joint Declaration with Cambodia was suspended by Thailand after the landmine blast."
    [status] = read(text, PAUSED).of_type("agreement_status")
    assert status.parties == ("TH",)


#: Global Pulse, November 2025: https://wp.globalpulseonline.com/?p=218589
def test_a_suspended_agreement_the_sentence_leaves_unnamed_is_the_one_the_report_names():
    text = "\n".join(
        (
            "Thailand has announced the suspension of its recently signed border agreement with Cambodia, citing "
            "ongoing security concerns.",
            "The October agreement, referred to as the 'Joint Declaration by the Prime Ministers of Thailand and "
            "Cambodia on the Outcomes of Their Meeting in Kuala Lumpur,' included provisions for the withdrawal of "
            "heavy weapons and the establishment of an interim observer team.",
        )
    )
    [status] = read(text, dt.date(2025, 11, 11)).of_type("agreement_status")
    assert (status.kind, status.parties, status.agreement) == (
        "suspended",
        ("TH",),
        "kl-joint-declaration-2025-10-26",
    )


#: Qazinform, 27 December 2025:
#: https://qazinform.com/news/cambodia-and-thailand-agree-on-immediate-ceasefire-along-border-3364c2
CEASEFIRE_DAY = dt.date(2025, 12, 27)


def test_a_ceasefire_agreed_on_a_day_is_the_agreement_known_signed_that_day():
    text = (
        "According to the document, the two sides agreed to a full ceasefire effective from 12:00 local time on "
        "December 27."
    )
    [status] = read(text, CEASEFIRE_DAY).of_type("agreement_status")
    assert (status.kind, status.agreement) == ("signed", "gbc-special-3-2025-12-27")


def test_an_item_of_what_a_ceasefire_covers_is_no_incident():
    text = (
        "The ceasefire covers all types of weapons and actions, including attacks on civilians, civilian "
        "infrastructure and military targets."
    )
    assert read(text, CEASEFIRE_DAY).of_type("incident") == []


def test_readiness_to_resume_talks_is_no_meeting():
    text = (
        "The sides also reaffirmed their readiness to resume the work of the Joint Boundary Commission to advance "
        "border demarcation and implement previously reached agreements."
    )
    assert read(text, CEASEFIRE_DAY).of_type("meeting") == []


#: Thai Times, 27 December 2025:
#: https://thaitimes.com/thailand-cambodia-general-border-committee-signs-ceasefire-statement-seventy-two-hour-pause-linked-to-return-of
def test_a_signing_told_twice_once_by_name_is_one_new_agreement():
    text = "\n".join(
        (
            "Thailand-Cambodia General Border Committee Signs Ceasefire Statement: Seventy-Two-Hour Pause Linked to "
            "Return of Eighteen Prisoners of War",
            "Bangkok and Phnom Penh agree to halt hostilities for seventy-two hours, tied to the release of eighteen "
            "Cambodian soldiers held by Thai forces.",
            "Thailand and Cambodia have signed a new ceasefire agreement under the framework of the General Border "
            "Committee, aiming to pause intense border clashes that have persisted this month.",
            "Defence Minister General Natthaphon Narkphanit attended the talks on Saturday, December twenty-seventh, "
            "at the Ban Phakkad border checkpoint in Pong Nam Ron district, Chanthaburi province, alongside senior "
            "military and diplomatic officials from both countries.",
        )
    )
    statuses = read(text, CEASEFIRE_DAY).of_type("agreement_status")
    assert [(s.kind, s.agreement) for s in statuses] == [("signed", "gbc-special-3-2025-12-27")]


#: Asharq Al-Awsat, December 2025:
#: https://english.aawsat.com/arab-world/5221340-lebanon-return-residents-dominates-naqoura-ceasefire-mechanism-meeting
MECHANISM = "\n".join(
    (
        'The committee overseeing the ceasefire between Israel and Lebanon, known as the "mechanism," convened its '
        "15th meeting in Naqoura, the second to include civilian representatives, with renewed focus on the return "
        "of residents to their homes on both sides of the border.",
        "The statement issued after the meeting highlighted the importance of the return of residents on both sides "
        "of the border to their homes, and said Lebanese and Israeli representatives reaffirmed their commitment to "
        "continue efforts to support stability and work toward a permanent halt to hostilities, according to the US "
        "Embassy in Beirut.",
        "The committee is led by the United States and includes representatives from France and the United Nations "
        "Interim Force in Lebanon (UNIFIL).",
        "He added that the meeting included a detailed presentation of what the Lebanese army has achieved, supported "
        "by documentation. It was agreed that Jan. 7, 2026, would be the date of the next meeting.",
    )
)
MECHANISM_PUBLISHED = dt.date(2025, 12, 19)


def test_a_meeting_convened_with_no_day_is_the_reports_news_and_its_next_one_has_its_parties():
    found = read(MECHANISM, MECHANISM_PUBLISHED, "il-lb-2024")
    held, planned = found.of_type("meeting")
    assert (held.planned, held.place_name, set(held.parties)) == (False, "Naqoura", {"IL", "LB"})
    assert held.date_start is not None and MECHANISM_PUBLISHED - held.date_start <= dt.timedelta(days=1)
    assert (planned.planned, planned.date_start, set(planned.parties)) == (True, dt.date(2026, 1, 7), {"IL", "LB"})


def test_according_to_is_no_accord():
    assert read(MECHANISM, MECHANISM_PUBLISHED, "il-lb-2024").of_type("agreement_status") == []


#: CRBC News, December 2025: https://www.crbcnews.com/articles/69445056aca56558b34fc073
def test_a_meeting_due_to_take_place_is_planned():
    text = (
        "A high-stakes meeting of Israeli and Lebanese representatives — joined by mediators from the United States, "
        "France and the UN peacekeeping force UNIFIL — is due to take place in the southern Lebanese town of Naqoura."
    )
    [meeting] = read(text, dt.date(2025, 12, 2), "il-lb-2024").of_type("meeting")
    assert meeting.planned and {"IL", "LB"} <= set(meeting.parties)


#: Reuters via Cyprus Mail, 28 July 2025:
#: https://www.cyprus-mail.com/2025/07/28/thai-cambodian-leaders-agree-to-ceasefire-after-five-days-of-battle
def test_talks_a_mediator_proposed_are_no_meeting():
    text = (
        "Anwar had proposed ceasefire talks soon after a long-running border dispute erupted into conflict on "
        "Thursday, and China and the United States also offered to assist in negotiations."
    )
    assert read(text, dt.date(2025, 7, 28)).of_type("meeting") == []


#: Saudi Gazette, 28 July 2025:
#: https://cdn.saudigazette.com.sa/article/653746/World/Asia/Thailand-and-Cambodia-agree-to-immediate-ceasefire-Malaysian-leader-says
def test_third_countries_attending_as_observers_are_no_meeting_of_the_parties():
    text = "He added that the US and China will also attend the talks as observers."
    assert read(text, dt.date(2025, 7, 28)).of_type("meeting") == []


#: The Star, 29 July 2025: https://www.thestar.com.my/news/nation/2025/07/29/a-full-stop-to-border-row
def test_a_ceasefire_executed_is_a_new_agreement():
    text = (
        "PUTRAJAYA: Today marks a new chapter in South-East Asian diplomacy as Thailand and Cambodia executed an "
        "immediate and unconditional ceasefire."
    )
    [status] = read(text, dt.date(2025, 7, 28)).of_type("agreement_status")
    assert (status.kind, set(status.parties), status.agreement) == (
        "signed",
        {"TH", "KH"},
        "putrajaya-ceasefire-2025-07-28",
    )


#: Malay Mail, 18 December 2025:
#: https://www.malaymail.com/news/malaysia/2025/12/18/thailand-cambodia-agree-to-attend-asean-foreign-ministers-meeting-in-kl-next-week-says-anwar/202326
def test_halting_offensives_beginning_with_a_truce_suspends_no_agreement():
    text = (
        "Anwar said the proposed meeting would enable Asean to deliberate collectively, establish the facts on the "
        "ground and intensify efforts to persuade both parties to halt frontline offensives, beginning with an "
        "immediate truce."
    )
    assert read(text, dt.date(2025, 12, 18)).of_type("agreement_status") == []


#: A News (Anadolu), 21 December 2025, a report of the development half:
#: https://www.anews.com.tr/middle-east/2025/12/21/israeli-drone-strike-hits-car-in-southern-lebanon-in-new-ceasefire-violation
def test_a_signing_dated_a_year_before_the_report_is_recalled():
    text = (
        "Israel and Lebanon reached a ceasefire in November 2024 after more than a year of cross-border attacks amid "
        "the war in Gaza."
    )
    assert read(text, dt.date(2025, 12, 21), "il-lb-2024").of_type("agreement_status") == []
    # told the week it was reached, it is the news
    assert [s.kind for s in read(text, dt.date(2024, 11, 28), "il-lb-2024").of_type("agreement_status")] == ["signed"]


#: Xinhua via People's Daily Online, 27 November 2024: http://en.people.cn/n3/2024/1127/c90000-20247081.html
def test_a_cabinet_approval_is_dated_by_its_own_day_not_the_day_the_ceasefire_starts():
    text = "\n".join(
        (
            "Israeli security cabinet approves ceasefire deal with Hezbollah, starting Wednesday morning",
            "JERUSALEM, Nov. 26 (Xinhua) -- Israel's security cabinet approved on Tuesday night a ceasefire agreement "
            "with Hezbollah, the Israeli Prime Minister's Office said in a statement.",
        )
    )
    [status] = read(text, dt.date(2024, 11, 27), "il-lb-2024").of_type("agreement_status")
    assert (status.kind, status.parties, status.date_start) == ("approved", ("IL",), dt.date(2024, 11, 26))


#: The Nation (Thailand), 20 March 2025: https://www.nationthailand.com/news/asean/40047633
def test_a_meeting_put_off_is_planned_for_its_new_day_not_the_one_first_set():
    text = "\n".join(
        (
            "Cambodian defence minister General Tea Seiha has postponed scheduled talks with his Thai counterpart "
            "Phumtham Wechayachai over border issues, a news source revealed on Thursday.",
            "The meeting of the Thailand-Cambodia General Border Committee (GBC), originally scheduled for Friday "
            "(March 21), is now expected to take place in April, the source said.",
        )
    )
    [meeting] = read(text, dt.date(2025, 3, 20)).of_type("meeting")
    assert (meeting.kind, meeting.planned, meeting.date_start, meeting.date_end) == (
        "GBC",
        True,
        dt.date(2025, 4, 1),
        dt.date(2025, 4, 30),
    )


#: Qazinform, 27 December 2025, the address above
def test_a_meeting_held_on_the_day_of_the_report_is_held_and_told_again_is_one():
    text = (
        "The agreement is set out in a joint statement following the third special meeting of the General Border "
        "Committee, held on December 27 in Pailin Province. The meeting took place at the Prum Ban Pak Kard "
        "international border checkpoint with the participation of Cambodia's Deputy Prime Minister and Minister of "
        "National Defence Tea Seiha and Thailand's Minister of Defence Natthaphon Narkphanit."
    )
    [meeting] = read(text, CEASEFIRE_DAY).of_type("meeting")
    assert (meeting.kind, meeting.planned, meeting.date_start) == ("GBC", False, CEASEFIRE_DAY)


#: The Nation (Thailand), 23 December 2025: https://www.nationthailand.com/news/asean/40060203
def test_a_place_ruled_out_is_not_the_meetings_venue():
    text = (
        "In a letter dated Monday to Thai Defence Minister Gen Nattaphon Narkphanit, Tea Seiha said the GBC meeting "
        "should be held at a safe and neutral venue, not in Thailand."
    )
    meetings = read(text, dt.date(2025, 12, 23)).of_type("meeting")
    assert meetings and all(m.place_name != "Thailand" for m in meetings)
