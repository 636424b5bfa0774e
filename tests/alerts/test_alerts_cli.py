"""``truceline alerts …`` as an operator runs it: subscribe, list, send to a webhook on loopback,
the notices, unsubscribe."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.alerts.receivers import webhook_server


def test_the_operator_subscribes_sends_and_unsubscribes_from_the_command_line(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 't.db'}"

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "truceline", "--db", db, *args]
        # the receiver is on loopback, which only an operator's setting lets a webhook reach
        environment = {**os.environ, "TRUCELINE_WEBHOOK_ALLOW_PRIVATE": "true"}
        return subprocess.run(command, capture_output=True, text=True, timeout=300, env=environment)

    assert run("casebook", "load", "th-kh-2025").returncode == 0
    assert run("users", "add", "ops", "--role", "observer").returncode == 0
    with webhook_server() as (hook, url):
        made = run(
            "alerts", "subscribe", "--user", "ops", "--webhook", url, "--events", "signal", "--since", "2025-12-01"
        )
        assert made.returncode == 0, made.stderr
        assert made.stdout.startswith("subscription 1: ops follows conflict by webhook (signal)")
        assert "webhook secret (shown once): " in made.stdout
        listed = json.loads(run("alerts", "list", "--json").stdout)
        assert [(s["id"], s["user"], s["follows"]) for s in listed] == [(1, "ops", "conflict")]
        sent = run("alerts", "send", "--today", "2025-12-31")
        assert sent.returncode == 0, sent.stderr
        assert sent.stdout.strip() == "1 subscriptions: 2 new notices, 2 sent, 0 failed"
        assert len(hook.received) == 2
        assert run("alerts", "send", "--today", "2025-12-31").stdout.strip().endswith("0 new notices, 0 sent, 0 failed")
    notices = json.loads(run("alerts", "notices", "--json").stdout)
    assert [n["key"] for n in notices] == ["signal:all:2025-12-08:rose", "signal:all:2025-12-18:fell"]
    assert all(n["sent_at"] for n in notices)
    assert run("alerts", "unsubscribe", "1").returncode == 0
    assert run("alerts", "list").stdout.strip() == "no subscriptions"
    bad = run("alerts", "subscribe", "--user", "ops", "--email", "a@example.org", "--webhook", "https://x.org")
    assert bad.returncode == 2 and "one of --email" in bad.stderr
