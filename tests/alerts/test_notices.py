"""Subscriptions and notices on the casebook's store (SQLite and PostgreSQL): notices computed from
what changed, sent once by e-mail to a real SMTP server on loopback and by signed webhook, and
only what the subscriber's role may see."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json

import pytest
from sqlalchemy import Engine, select

from tests.alerts.receivers import smtp_server, webhook_server
from truceline.alerts.delivery import DeliveryFailed, Mailer, WebhookPolicy, check_webhook_target
from truceline.alerts.models import Notice
from truceline.alerts.services import send_notices
from truceline.alerts.subscriptions import subscribe, unsubscribe
from truceline.auth.models import User
from truceline.auth.services import add_user
from truceline.db import transaction
from truceline.domain import schema
from truceline.errors import InvalidInput, NotFound
from truceline.incidents.publication import publish_incident
from truceline.incidents.services import record_incident
from truceline.jobs.services import create_job, run_job
from truceline.jobs.tasks import KINDS
from truceline.ledger.services import verify_chain
from truceline.sources.services import add_source_document

CONFLICT = "th-kh-2025"
QUIET_DAY = dt.date(2026, 1, 20)
#: the test receivers listen on loopback, which a deployment refuses unless its operator allows it
LOOPBACK = WebhookPolicy(allow_private=True)


@pytest.fixture
def store(casebook_engine: Engine) -> Engine:
    with transaction(casebook_engine) as session:
        add_user(session, username="obs", role="observer", actor="test")
        add_user(session, username="reader", role="public", actor="test")
        add_user(session, username="th", role="party", party="TH", conflict_id=CONFLICT, actor="test")
    return casebook_engine


def follow(engine: Engine, user: str, **options: object) -> tuple[int, str | None]:
    with transaction(engine) as session:
        row = subscribe(
            session,
            conflict_id=CONFLICT,
            user=session.scalars(select(User).where(User.username == user)).one(),
            actor="test",
            **{"follow": "conflict", "channel": "email", "address": f"{user}@example.org", "since": QUIET_DAY}
            | options,  # type: ignore[arg-type]
        )
        return row.id, row.secret


def shelling(engine: Engine, incident_id: str, *, published: bool = True, party: str | None = None) -> None:
    with transaction(engine) as session:
        source, _ = add_source_document(
            session,
            conflict_id=CONFLICT,
            content=f"Field report {incident_id}: shells fell near the temple on 20 January 2026.",
            kind="field_report",
            actor="test",
            published_on=QUIET_DAY,
            submitted_for_party=party,
        )
        record_incident(
            session,
            schema.Incident(
                id=incident_id,
                kind="shelling",
                date_start=QUIET_DAY,
                date_end=QUIET_DAY,
                date_precision="day",
                place="ta-muen-thom-temple",
                lat=14.34917,
                lon=103.26639,
                location_precision="exact",
                description="Shells fell near the temple (a test incident).",
                sources=[f"urn:sha256:{source.sha256}"],
            ),
            conflict_id=CONFLICT,
            actor="test",
            published=published,
            submitted_for_party=party,
        )


def titles(engine: Engine, subscription_id: int) -> list[str]:
    with transaction(engine) as session:
        return list(
            session.scalars(select(Notice.title).where(Notice.subscription_id == subscription_id).order_by(Notice.id))
        )


def test_a_new_incident_and_its_violation_reach_the_subscriber_s_mailbox_once(store: Engine) -> None:
    with smtp_server() as (mailbox, port):
        mailer = Mailer(host="127.0.0.1", port=port, sender="alerts@truceline.test")
        follow(store, "obs", events=["incident", "violation"])
        assert send_notices(store, today=QUIET_DAY, mailer=mailer, actor="test").sent == 0  # nothing new yet
        shelling(store, "2026-01-20-test-shelling")
        report = send_notices(store, today=QUIET_DAY, mailer=mailer, actor="test")
        assert report.failed == 0 and report.sent == report.computed >= 2
        subjects = [m["Subject"] for m in mailbox.messages]
        assert any(s.startswith("[Truceline] New incident: 2026-01-20 shelling") for s in subjects)
        assert any("Violation" in s for s in subjects)
        assert mailbox.recipients[0] == ["obs@example.org"]
        assert mailbox.messages[0]["From"] == "alerts@truceline.test"
        assert "2026-01-20-test-shelling" in mailbox.messages[0].get_payload()
        # run again, and again: nothing is sent twice
        for _ in range(2):
            again = send_notices(store, today=QUIET_DAY, mailer=mailer, actor="test")
            assert (again.computed, again.sent) == (0, 0)
        assert len(mailbox.messages) == report.sent
        assert len({m["X-Truceline-Notice"] for m in mailbox.messages}) == len(mailbox.messages)
    with transaction(store) as session:
        assert verify_chain(session).intact  # the runs' ledger entries chain and verify


def test_each_subscriber_is_told_only_what_their_role_may_see(store: Engine) -> None:
    public, _ = follow(store, "reader", events=["incident"])
    thai, _ = follow(store, "th", events=["incident"])
    observer, _ = follow(store, "obs", events=["incident"])
    shelling(store, "2026-01-20-th-submission", published=False, party="TH")
    with smtp_server() as (mailbox, port):
        mailer = Mailer(host="127.0.0.1", port=port)
        send_notices(store, today=QUIET_DAY, mailer=mailer, actor="test")
        assert titles(store, public) == []
        assert len(titles(store, thai)) == 1 and len(titles(store, observer)) == 1
        assert sorted(r[0] for r in mailbox.recipients) == ["obs@example.org", "th@example.org"]
        # published: now it is news to the public too, and to nobody else again
        with transaction(store) as session:
            publish_incident(session, "2026-01-20-th-submission", actor="coordinator", reason="checked")
        send_notices(store, today=QUIET_DAY, mailer=mailer, actor="test")
        assert len(titles(store, public)) == 1
        assert len(titles(store, thai)) == 1 and len(titles(store, observer)) == 1
        assert len(mailbox.messages) == 3


def test_signal_crossings_and_commitments_arrive_by_signed_webhook(store: Engine) -> None:
    with webhook_server() as (hook, url):
        _, signal_secret = follow(
            store, "obs", channel="webhook", address=url, events=["signal"], since=dt.date(2025, 12, 1)
        )
        _, deadline_secret = follow(
            store, "obs", channel="webhook", address=url, events=["commitment"], since=dt.date(2025, 8, 1)
        )
        assert signal_secret is not None and len(signal_secret) == 64 and deadline_secret != signal_secret

        def run(day: dt.date) -> list[dict[str, object]]:
            count = len(hook.received)
            assert send_notices(store, today=day, mailer=Mailer(), webhooks=LOOPBACK, actor="test").failed == 0
            return [json.loads(body) for _, body in hook.received[count:]]

        # the commitment to hold a regional meeting by 21 August 2025: due within a week, then overdue
        due = run(dt.date(2025, 8, 15))
        assert [b["title"] for b in due] == [
            "Commitment falls due on 2025-08-21: " + str(due[0]["details"]["title"])  # type: ignore[index]
        ]
        overdue = run(dt.date(2025, 8, 25))
        assert [b["event"] for b in overdue] == ["commitment"] and "overdue since 2025-08-21" in str(
            overdue[0]["title"]
        )
        # the December fighting: the signal rose on 8 December and fell back on 18 December
        signal = run(dt.date(2025, 12, 31))
        assert [(b["details"]["date"], b["details"]["rose"]) for b in signal] == [  # type: ignore[index]
            ("2025-12-08", True),
            ("2025-12-18", False),
        ]
        assert run(dt.date(2026, 1, 20)) == []  # nothing new after the ceasefire
        secrets = {
            b["subscription"]: signal_secret if b["event"] == "signal" else deadline_secret
            for b in due + overdue + signal
        }
        for headers, body in hook.received:
            notice = json.loads(body)
            secret = secrets[notice["subscription"]]
            assert secret is not None
            expected = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
            assert hmac.compare_digest(headers["x-truceline-signature"], expected)
            assert headers["x-truceline-notice"] == str(notice["notice"])
            assert headers["x-truceline-event"] == notice["event"]


@pytest.mark.parametrize("engine", ["sqlite"], indirect=True)  # the same code path on PostgreSQL: see the first tests
def test_a_failed_delivery_is_kept_and_sent_on_a_later_run(store: Engine) -> None:
    with webhook_server() as (hook, url):
        follow(store, "obs", channel="webhook", address=url, events=["incident"])
        shelling(store, "2026-01-20-test-shelling")
        hook.status = 500
        first = send_notices(store, today=QUIET_DAY, mailer=Mailer(), webhooks=LOOPBACK, actor="test")
        assert (first.sent, first.failed) == (0, 1) and "500" in first.errors[0]
        hook.status = 200
        second = send_notices(store, today=QUIET_DAY, mailer=Mailer(), webhooks=LOOPBACK, actor="test")
        assert (second.computed, second.sent, second.failed) == (0, 1, 0)
        assert len(hook.received) == 2 and hook.received[0][1] == hook.received[1][1]  # the same notice


@pytest.mark.parametrize("engine", ["sqlite"], indirect=True)  # the same code path on PostgreSQL: see the first tests
def test_the_alerts_job_sends_as_the_command_does(store: Engine) -> None:
    with smtp_server() as (mailbox, port), pytest.MonkeyPatch.context() as patch:
        patch.setenv("TRUCELINE_SMTP_HOST", "127.0.0.1")
        patch.setenv("TRUCELINE_SMTP_PORT", str(port))
        from truceline.config import get_settings

        get_settings.cache_clear()
        try:
            follow(store, "obs", events=["incident"])
            shelling(store, "2026-01-20-test-shelling")
            with transaction(store) as session:
                job = create_job(
                    session,
                    kind="alerts_send",
                    arguments={"today": QUIET_DAY.isoformat()},
                    requested_by="test",
                    conflict_id=CONFLICT,
                    kinds=KINDS,
                ).id
            assert run_job(store, job, KINDS) == "done"
            assert run_job(store, job, KINDS) in (None, "done")
        finally:
            get_settings.cache_clear()
        assert len(mailbox.messages) == 1


@pytest.mark.parametrize("engine", ["sqlite"], indirect=True)  # the same code path on PostgreSQL: see the first tests
def test_bad_subscriptions_are_refused_and_an_ended_one_is_silent(store: Engine) -> None:
    with pytest.raises(InvalidInput):
        follow(store, "obs", address="not-an-address")
    with pytest.raises(InvalidInput):
        follow(store, "obs", channel="webhook", address="file:///etc/passwd")
    with pytest.raises(InvalidInput):
        follow(store, "obs", follow="agreement:x", events=["signal"])
    with pytest.raises(NotFound):
        follow(store, "obs", follow="sector:nowhere")
    with pytest.raises(NotFound):  # the public cannot follow an unpublished incident
        shelling(store, "2026-01-20-hidden", published=False, party="TH")
        follow(store, "reader", follow="incident:2026-01-20-hidden")
    subscription, _ = follow(store, "obs", events=["incident"])
    with transaction(store) as session:
        unsubscribe(session, subscription, actor="test")
    shelling(store, "2026-01-20-test-shelling")
    with smtp_server() as (mailbox, port):
        report = send_notices(store, today=QUIET_DAY, mailer=Mailer(host="127.0.0.1", port=port), actor="test")
    assert report.subscriptions == 0 and mailbox.messages == []


@pytest.mark.parametrize("engine", ["sqlite"], indirect=True)  # no store-specific code: delivery only
def test_a_webhook_may_not_reach_this_host_or_be_redirected(store: Engine) -> None:
    """A subscriber names the URL: by default the server refuses to POST to loopback, private or
    link-local addresses, and never follows a redirect (a public URL could bounce it inward)."""
    with webhook_server() as (hook, url), webhook_server() as (inner, inner_url):
        follow(store, "obs", channel="webhook", address=url, events=["incident"])
        shelling(store, "2026-01-20-test-shelling")
        refused = send_notices(store, today=QUIET_DAY, mailer=Mailer(), actor="test")
        assert (refused.sent, refused.failed) == (0, 1)
        assert "is 127.0.0.1, a loopback address: refused" in refused.errors[0]
        assert "TRUCELINE_WEBHOOK_ALLOW_PRIVATE" in refused.errors[0]
        assert hook.received == []
        hook.status, hook.location = 307, inner_url
        bounced = send_notices(store, today=QUIET_DAY, mailer=Mailer(), webhooks=LOOPBACK, actor="test")
        assert (bounced.sent, bounced.failed) == (0, 1) and "answered 307" in bounced.errors[0]
        assert len(hook.received) == 1 and inner.received == []
        hook.status, hook.location = 204, None
        sent = send_notices(store, today=QUIET_DAY, mailer=Mailer(), webhooks=LOOPBACK, actor="test")
        assert (sent.sent, sent.failed) == (1, 0)


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.9",
        "192.168.1.1",
        "169.254.169.254",
        "::1",
        "fe80::1",
        "::ffff:10.0.0.1",
        "0.0.0.0",
    ],
)
def test_webhook_targets_that_are_not_public_are_named_for_what_they_are(address: str) -> None:
    host = f"[{address}]" if ":" in address else address
    with pytest.raises(DeliveryFailed, match="address: refused"):
        check_webhook_target(f"https://{host}/hook", WebhookPolicy())
    check_webhook_target(f"https://{host}/hook", WebhookPolicy(allow_private=True))  # allowed by the operator
    check_webhook_target("https://93.184.215.14/hook", WebhookPolicy())  # a public address
