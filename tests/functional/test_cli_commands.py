"""Every command of the command line has its help, and some test runs it.

The tree is walked from ``truceline.cli.app``; a command counts as run when a test's ``run(...)``,
``invoke(...)`` or ``cli(...)`` call passes its words in order. The commands no other test ran are run here.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import click
import pytest
import typer.main
from typer.testing import CliRunner

from truceline.cli import app
from truceline.errors import InvalidInput

TESTS = Path(__file__).resolve().parents[1]
SAMPLES = Path(__file__).resolve().parents[2] / "src" / "truceline" / "casebooks" / "th_kh_2025" / "samples"


def command_paths() -> list[tuple[str, ...]]:
    def walk(command: click.Command, path: tuple[str, ...]) -> list[tuple[str, ...]]:
        subcommands = getattr(command, "commands", None)
        if not subcommands:
            return [path]
        return [p for name, sub in sorted(subcommands.items()) for p in walk(sub, (*path, name))]

    return walk(typer.main.get_command(app), ())


def runs(words: tuple[str, ...], source: str) -> bool:
    """Whether some ``run(``/``invoke(`` call in ``source`` passes ``words`` in order."""
    quoted = r"""["'],\s*["']""".join(map(re.escape, words))
    return (
        re.search(r"""(?:run|invoke|truceline|cli)\((?:[^()]|\([^()]*\))*?["']""" + quoted + r"""["']""", source)
        is not None
    )


@pytest.mark.parametrize("path", command_paths(), ids=" ".join)
def test_every_command_has_help(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(app, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output


def test_every_command_is_run_by_some_test() -> None:
    sources = [p.read_text(encoding="utf-8") for p in TESTS.rglob("*.py")]
    never_run = [" ".join(path) for path in command_paths() if not any(runs(path, s) for s in sources)]
    assert never_run == []


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('commands') / 'truceline.db'}"
    assert cli(url, "init").exit_code == 0
    loaded = cli(url, "casebook", "load", "th-kh-2025")
    assert loaded.exit_code == 0, loaded.output
    return url


def cli(url: str, *args: str, input: str | None = None) -> Any:
    return CliRunner().invoke(app, ["--db", url, *args], input=input)


def test_init_twice_is_harmless(db: str) -> None:
    result = cli(db, "init")
    assert result.exit_code == 0, result.output


def test_casebook_list_names_the_bundled_casebooks(db: str) -> None:
    result = cli(db, "casebook", "list")
    assert result.exit_code == 0, result.output
    assert "th-kh-2025" in result.output and "il-lb-2024" in result.output


def test_conflicts_lists_the_loaded_conflict(db: str) -> None:
    result = cli(db, "conflicts", "--json")
    assert result.exit_code == 0, result.output
    assert "th-kh" in json.dumps(json.loads(result.output))


def test_incidents_show_one_incident(db: str) -> None:
    listed = json.loads(cli(db, "incidents", "list", "--json").output)
    first = listed[0]["id"]
    shown = cli(db, "incidents", "show", first, "--json")
    assert shown.exit_code == 0, shown.output
    assert json.loads(shown.output)["id"] == first


def test_users_list_shows_an_added_user(db: str) -> None:
    added = cli(db, "users", "add", "ana", "--role", "observer", "--password-stdin", input="a-long-password\n")
    assert added.exit_code == 0, added.output
    listed = cli(db, "users", "list", "--json")
    assert listed.exit_code == 0, listed.output
    assert "ana" in [u["username"] for u in json.loads(listed.output)]


def test_findings_return_and_withdraw(db: str) -> None:
    incident = json.loads(cli(db, "incidents", "list", "--json").output)[0]["id"]
    added = cli(db, "findings", "add", "--incident", incident, "--result", "inconclusive", "--reasoning", "x", "--json")
    assert added.exit_code == 0, added.output
    finding = str(json.loads(added.output)["id"])
    assert cli(db, "findings", "submit", finding).exit_code == 0
    returned = cli(db, "findings", "return", finding)
    assert returned.exit_code == 0, returned.output
    withdrawn = cli(db, "findings", "withdraw", finding)
    assert withdrawn.exit_code == 0, withdrawn.output


def test_ingest_then_review_list_accept_and_reject(db: str) -> None:
    report = str(SAMPLES / "2025-11-11-mine-halts-peace-steps.txt")
    ingested = cli(db, "ingest", report, "--published", "2025-11-11")
    assert ingested.exit_code == 0, ingested.output
    pending = json.loads(cli(db, "review", "list", "--json").output)
    assert len(pending) >= 2, pending
    first, second = pending[0]["review_id"], pending[-1]["review_id"]
    rejected = cli(db, "review", "reject", str(second), "--why", "not a record")
    assert rejected.exit_code == 0, rejected.output
    accepted = cli(db, "review", "accept", str(first), "--new")
    assert accepted.exit_code == 0, accepted.output


def test_serve_builds_the_app_and_hands_it_to_the_server(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    served: dict[str, Any] = {}
    monkeypatch.setattr(
        "truceline.serve.run_server", lambda app, host, port: served.update(app=app, host=host, port=port)
    )
    result = cli(db, "serve", "--port", "8765")
    assert result.exit_code == 0, result.output
    assert served["port"] == 8765 and served["app"] is not None


def test_ledger_head_verify_and_export_on_a_loaded_store(db: str, tmp_path: Path) -> None:
    head = cli(db, "ledger", "head")
    assert head.exit_code == 0, head.output
    kept = tmp_path / "head.json"
    kept.write_text(head.output, encoding="utf-8")
    verified = cli(db, "ledger", "verify", "--head", str(kept))
    assert verified.exit_code == 0, verified.output
    exported = cli(db, "ledger", "export", str(tmp_path / "ledger.json"))
    assert exported.exit_code == 0, exported.output
    assert (tmp_path / "ledger.json").stat().st_size > 0


def test_ledger_export_to_a_place_it_cannot_write_is_a_clear_error(db: str, tmp_path: Path) -> None:
    result = cli(db, "ledger", "export", str(tmp_path / "no-such-folder" / "ledger.json"))
    assert result.exit_code != 0
    assert isinstance(result.exception, InvalidInput) and "cannot write the export" in str(result.exception)
    assert not (tmp_path / "no-such-folder").exists()


def test_the_publish_queue_from_the_command_line(db: str) -> None:
    listed = cli(db, "publish-queue", "list", "--json")
    assert listed.exit_code == 0, listed.output
    assert isinstance(json.loads(listed.stdout), list)
    unknown = cli(db, "publish-queue", "publish", "no-such-incident")
    assert unknown.exit_code != 0 and "no-such-incident" in str(unknown.exception)


def test_replica_commands_without_a_source_say_what_is_missing(db: str) -> None:
    status = cli(db, "replica", "status", "--json")
    assert status.exit_code == 0, status.output
    assert json.loads(status.stdout) == [] or "copies" in status.stdout
    pulled = cli(db, "replica", "pull", "http://127.0.0.1:9")
    assert pulled.exit_code != 0 and "--token" in str(pulled.exception)
