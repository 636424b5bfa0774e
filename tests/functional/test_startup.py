"""``truceline --help`` starts without importing the app: commands are imported when they run.
(How fast it starts is measured in bench/startup.py, not asserted here.)"""

from __future__ import annotations

import inspect
import json
import re
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from truceline.cli import COMMANDS, app
from truceline.cli_support import load_command

HEAVY = ("fastapi", "starlette", "sqlalchemy", "shapely", "argon2", "jinja2", "pydantic", "dramatiq", "truceline.app")

PROBE = """
import json, sys
sys.argv = ["truceline", *sys.argv[1:]]
from truceline.cli import main
try:
    main()
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""


def loaded_modules(*args: str) -> set[str]:
    result = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, timeout=60)
    return set(json.loads(result.stderr.strip().splitlines()[-1]))


@pytest.mark.parametrize("args", [("--help",), (), ("--version",)], ids=["--help", "no arguments", "--version"])
def test_the_command_list_imports_nothing_heavy(args: tuple[str, ...]) -> None:
    modules = loaded_modules(*args)
    assert not {m for m in modules if m.split(".")[0] in HEAVY or m in HEAVY}


def test_a_command_imports_what_it_needs_and_no_other_command() -> None:
    modules = loaded_modules("jobs", "--help")
    assert "truceline.jobs.cli" in modules
    assert not {"truceline.app", "fastapi", "shapely", "truceline.compliance.cli", "dramatiq"} & modules


@pytest.mark.parametrize("name", list(COMMANDS))
def test_each_summary_is_the_first_sentence_of_the_commands_own_help(name: str) -> None:
    target, summary = COMMANDS[name]
    own = " ".join(inspect.cleandoc(load_command(name, target).help or "").split("\n\n")[0].split())
    assert own.startswith(summary.removesuffix(".")), f"{name}: the summary in truceline.cli.COMMANDS drifted"


def test_the_help_lists_every_command() -> None:
    output = CliRunner().invoke(app, ["--help"], terminal_width=200).output
    listed = set(re.findall(r"^│ ([\w-]+) ", output, flags=re.MULTILINE))
    assert set(COMMANDS) | {"conflicts", "init", "summary"} <= listed
