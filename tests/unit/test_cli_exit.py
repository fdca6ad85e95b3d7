"""The process's own command skips the interpreter's last full collection (~100 ms
of every command's time); in-process callers keep collecting."""

from __future__ import annotations

import gc

import pytest

from rapidly_tui import cli


@pytest.fixture
def freezes(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    calls: list[bool] = []
    monkeypatch.setattr(cli, "_main", lambda argv: 0)
    monkeypatch.setattr(gc, "freeze", lambda: calls.append(True))
    return calls


def test_the_process_command_line_freezes_before_exit(freezes: list[bool]) -> None:
    assert cli.main() == 0
    assert freezes == [True]


def test_an_in_process_call_keeps_collecting(freezes: list[bool]) -> None:
    assert cli.main(["workspace", "get", "acme"]) == 0
    assert freezes == []
