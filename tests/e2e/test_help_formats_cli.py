"""Every command's ``--help`` says what its output formats really write: ``--csv``
is not the API's exact values (formula-like text gets a leading ``'``), and a
command is not told to have formats it does not take."""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterator

import pytest

from rapidly_tui.cli import build_parser

pytestmark = pytest.mark.e2e


def _commands(parser: argparse.ArgumentParser) -> Iterator[argparse.ArgumentParser]:
    subparsers = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subparsers:
        yield parser
    for action in subparsers:
        seen: set[int] = set()
        for child in action.choices.values():
            if id(child) not in seen:  # aliases name the same parser
                seen.add(id(child))
                yield from _commands(child)


COMMANDS = [p for p in _commands(build_parser()) if "output:\n  " in p.format_help()]


def _output_paragraph(parser: argparse.ArgumentParser) -> str:
    # The epilog's paragraph (the options group is called "output" too).
    text = parser.format_help().rsplit("\noutput:\n  ", 1)[1].split("\n\n", 1)[0]
    return " ".join(text.split())


def test_the_list_and_item_commands_are_all_here() -> None:
    progs = {p.prog.removeprefix("rapidly-tui ") for p in COMMANDS}
    assert {"webhooks deliveries", "payments list", "customers get", "events get"} <= progs


@pytest.mark.parametrize("parser", COMMANDS, ids=lambda p: p.prog)
def test_the_output_help_is_true_for_the_command(parser: argparse.ArgumentParser) -> None:
    said = _output_paragraph(parser)
    options = {o for a in parser._actions for o in a.option_strings}
    for option in re.findall(r"--[a-z]+", said):
        assert option in options, f"{parser.prog} --help names {option}, which it does not take"
    if "--csv" in options:
        csv_sentence = next(s for s in said.split(". ") if "--csv" in s and "exact" in s)
        assert "leading '" in csv_sentence
    for sentence in said.split(". "):
        if "exact values" in sentence:
            assert "--csv" not in sentence or "except" in sentence, sentence
