"""Docs that cannot drift: every command, option and error code is documented."""

from __future__ import annotations

import re

import typer.main
from conftest import ROOT

from wirewatch.cli import app
from wirewatch.errors import Code

README = (ROOT / "README.md").read_text(encoding="utf-8")
ERRORS = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")


def _commands(group, prefix: str = "") -> list[tuple[str, object]]:
    found = []
    for name, command in group.commands.items():
        if hasattr(command, "commands"):
            found.extend(_commands(command, f"{prefix}{name} "))
        else:
            found.append((f"{prefix}{name}", command))
    return found


def test_every_command_is_in_the_readme():
    for name, _ in _commands(typer.main.get_command(app)):
        assert f"wirewatch {name}" in README, name


def test_every_long_option_is_in_the_readme():
    for name, command in _commands(typer.main.get_command(app)):
        for param in command.params:
            for opt in param.opts:
                if opt.startswith("--") and opt not in ("--help", "--limit", "--offset"):
                    assert opt in README, f"{name} {opt}"


def test_every_error_code_is_documented():
    for code in Code:
        assert re.search(rf"^\| {code.value} \|", ERRORS, re.M), code


def test_readme_opens_with_the_two_setup_commands():
    block = README.split("```")[1]
    assert [line.split("#")[0].strip() for line in block.strip().splitlines()[1:]] == ["make run", "make test"]


def test_every_limit_is_documented_with_its_variable_and_default():
    from wirewatch.limits import ALL

    limits_doc = (ROOT / "docs" / "limits.md").read_text(encoding="utf-8")
    for name, limit in ALL.items():
        default = str(int(limit.default)) if limit.integer else f"{limit.default:g}"
        assert re.search(rf"^\| {name}.* \| `{limit.env}` \| {default}\b", limits_doc, re.M), name
