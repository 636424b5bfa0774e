"""The command-line reference (docs/cli.md), generated from the commands themselves.

``python -m truceline.cli_reference > docs/cli.md`` writes it; a test fails when the file and
the commands disagree, so the reference cannot drift from what the CLI does.
"""

from __future__ import annotations

import inspect
from typing import Any

from typer.main import get_command

from truceline.cli import app


def _options(command: Any) -> list[str]:
    lines = []
    for param in command.params:
        if param.name in {"help", "install_completion", "show_completion"}:
            continue
        if param.param_type_name == "argument":
            described = f": {param.help}" if getattr(param, "help", None) else ""
            lines.append(f"- `{param.metavar or param.name.upper()}` (argument){described}")
            continue
        names = ", ".join(f"`{o}`" for o in param.opts)
        default = ""
        if not param.is_flag and param.default not in (None, (), []) and not callable(param.default):
            default = f" (default: `{param.default}`)"
        lines.append(f"- {names}{': ' + param.help if param.help else ''}{default}")
    return lines


def _section(path: str, command: Any, out: list[str]) -> None:
    sub: dict[str, Any] = getattr(command, "commands", None) or {}
    out.append(f"## `{path}`\n")
    out.append(inspect.cleandoc(command.help or "") + "\n")
    options = _options(command)
    if options:
        out.extend(options)
        out.append("")
    for name in sorted(sub):
        _section(f"{path} {name}", sub[name], out)


def reference() -> str:
    root = get_command(app)
    out = [
        "# Command-line reference",
        "",
        "Generated from the commands by `python -m truceline.cli_reference > docs/cli.md`; "
        "a test keeps it in step. Exit codes: 0 success, 1 unexpected failure, 2 invalid input, "
        "3 not found, 4 conflict, 5 forbidden, 6 busy (try again).",
        "",
    ]
    _section("truceline", root, out)
    return "\n".join(out).rstrip() + "\n"


if __name__ == "__main__":
    print(reference(), end="")
