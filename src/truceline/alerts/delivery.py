"""Sending a notice: by e-mail (SMTP) or by a webhook signed with the subscription's secret.

A webhook is a ``POST`` of the notice as JSON (:func:`notice_body`) with these headers:

- ``X-Truceline-Signature: sha256=<hex>``: HMAC-SHA256 of the exact body bytes, keyed with the
  subscription's secret (the hex string shown once when subscribing, used as UTF-8 bytes);
- ``X-Truceline-Notice``: the notice's id, the same on a retry (a receiver drops repeats);
- ``X-Truceline-Event``: incident, violation, commitment or signal.

A receiver recomputes the HMAC over the raw body and compares in constant time
(:func:`signature` is the reference). Any 2xx answer is delivery; anything else is retried on
the next run.

Where a webhook may point (:class:`WebhookPolicy`): a subscriber names the URL, so the server must
not become a way to reach what only it can reach. Before each delivery the URL's host is resolved
and every address it resolves to must be public: loopback, private, link-local (cloud metadata
services), multicast, reserved and unspecified addresses are refused unless the operator allows
them (``TRUCELINE_WEBHOOK_ALLOW_PRIVATE``, for a receiver on the same host or network). Redirects are
not followed (a public URL could send the request on to a private one): a 3xx answer is a failure.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import smtplib
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any
from urllib.parse import urlsplit

SIGNATURE_HEADER = "X-Truceline-Signature"
NOTICE_HEADER = "X-Truceline-Notice"
EVENT_HEADER = "X-Truceline-Event"
TIMEOUT_SECONDS = 10.0


class DeliveryFailed(Exception):
    """The notice could not be delivered this time; it stays unsent and is tried again."""


@dataclass(frozen=True)
class Mailer:
    """Where e-mail goes (see :class:`truceline.config.Settings`, ``smtp_*``)."""

    host: str = "localhost"
    port: int = 25
    sender: str = "truceline@localhost"
    username: str | None = None
    password: str | None = None
    starttls: bool = False


@dataclass(frozen=True)
class WebhookPolicy:
    """Which hosts a webhook may reach (see :class:`truceline.config.Settings`, ``webhook_allow_private``)."""

    allow_private: bool = False


@dataclass(frozen=True)
class Outgoing:
    """One notice, ready to send."""

    notice_id: int
    subscription_id: int
    channel: str
    address: str
    secret: str | None
    event: str
    title: str
    details: dict[str, Any]
    created_at: str
    conflict_id: str
    follows: str


def notice_body(notice: Outgoing) -> bytes:
    """The webhook's body: canonical JSON (sorted keys, UTF-8), the bytes that are signed."""
    document = {
        "notice": notice.notice_id,
        "subscription": notice.subscription_id,
        "conflict": notice.conflict_id,
        "follows": notice.follows,
        "event": notice.event,
        "title": notice.title,
        "details": notice.details,
        "created_at": notice.created_at,
    }
    return json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def signature(secret: str, body: bytes) -> str:
    """``sha256=`` and the hex HMAC-SHA256 of ``body`` keyed with ``secret``."""
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def _not_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why ``address`` is not a public address, or None when it is."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return _not_public(address.ipv4_mapped)
    for reason, test in (
        ("loopback", address.is_loopback),
        ("link-local", address.is_link_local),
        ("multicast", address.is_multicast),
        ("unspecified", address.is_unspecified),
        ("reserved", address.is_reserved),
        ("private", address.is_private),
    ):
        if test:
            return reason
    return None


def check_webhook_target(url: str, policy: WebhookPolicy) -> None:
    """Refuse a webhook URL whose host resolves to any non-public address, unless ``policy`` allows it."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise DeliveryFailed(f"{url!r} is not an http(s) URL")
    if policy.allow_private:
        return
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        found = socket.getaddrinfo(parts.hostname, port, proto=socket.IPPROTO_TCP)
    except (OSError, ValueError) as exc:
        raise DeliveryFailed(f"the webhook's host {parts.hostname!r} could not be resolved: {exc}") from None
    for *_, sockaddr in found:
        address = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
        reason = _not_public(address)
        if reason is not None:
            raise DeliveryFailed(
                f"the webhook's host {parts.hostname!r} is {address}, a {reason} address: refused "
                "(TRUCELINE_WEBHOOK_ALLOW_PRIVATE=true allows receivers on this host or network)"
            )


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # the 3xx answer reaches the caller as an HTTPError


_OPENER = urllib.request.build_opener(_NoRedirects)


def send_webhook(notice: Outgoing, policy: WebhookPolicy) -> None:
    if notice.secret is None:
        raise DeliveryFailed("the webhook subscription has no secret")
    check_webhook_target(notice.address, policy)
    body = notice_body(notice)
    request = urllib.request.Request(
        notice.address,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": "Truceline-alerts",
            SIGNATURE_HEADER: signature(notice.secret, body),
            NOTICE_HEADER: str(notice.notice_id),
            EVENT_HEADER: notice.event,
        },
    )
    try:
        with _OPENER.open(request, timeout=TIMEOUT_SECONDS) as response:
            status = response.status
    except urllib.error.HTTPError as exc:
        raise DeliveryFailed(f"the webhook answered {exc.code}") from None
    except (urllib.error.URLError, OSError) as exc:
        raise DeliveryFailed(f"the webhook could not be reached: {exc}") from None
    if not 200 <= status < 300:
        raise DeliveryFailed(f"the webhook answered {status}")


def email_message(notice: Outgoing, sender: str) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = f"[Truceline] {notice.title}"
    message["From"] = sender
    message["To"] = notice.address
    message[NOTICE_HEADER] = str(notice.notice_id)
    message[EVENT_HEADER] = notice.event
    lines = [
        notice.title,
        "",
        f"You follow {notice.follows} in {notice.conflict_id} (subscription {notice.subscription_id}).",
        "",
        *(f"{key}: {value}" for key, value in sorted(notice.details.items()) if not isinstance(value, list | dict)),
        "",
        f"Notice {notice.notice_id}, {notice.created_at}. Unsubscribe: truceline alerts unsubscribe "
        f"{notice.subscription_id}, or on the Alerts page.",
    ]
    message.set_content("\n".join(lines))
    return message


def send_email(notice: Outgoing, mailer: Mailer) -> None:
    try:
        with smtplib.SMTP(mailer.host, mailer.port, timeout=TIMEOUT_SECONDS) as smtp:
            if mailer.starttls:
                smtp.starttls()
            if mailer.username:
                smtp.login(mailer.username, mailer.password or "")
            smtp.send_message(email_message(notice, mailer.sender))
    except (smtplib.SMTPException, OSError) as exc:
        where = f"{mailer.host}:{mailer.port}"
        raise DeliveryFailed(f"the SMTP server {where} refused or could not be reached: {exc}") from None


def deliver(notice: Outgoing, mailer: Mailer, webhooks: WebhookPolicy) -> None:
    """Send one notice by its subscription's channel, or raise :class:`DeliveryFailed`."""
    if notice.channel == "email":
        send_email(notice, mailer)
    elif notice.channel == "webhook":
        send_webhook(notice, webhooks)
    else:
        raise DeliveryFailed(f"unknown channel {notice.channel!r}")
