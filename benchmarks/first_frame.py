"""Run a Textual program until it has drawn its first frame of one screen, then end it.

Usage: ``python first_frame.py SCREEN (-m MODULE | SCRIPT) [ARGS...]``, e.g.
``first_frame.py OverviewScreen -m rapidly_tui --demo`` or
``first_frame.py Screen benchmarks/floor_app.py``.

Under ``valgrind --tool=cachegrind`` this counts the instructions a start executes
until that frame is written: the same count on every run (within 0.1 %), where the
timings of the same start swing by ±15 % on a shared machine. benchmarks/run.py
prints that count beside the timed cold start. Textual is imported before the program
(to hook its drawing), which moves its import earlier for both sides alike.
"""

from __future__ import annotations

import os
import runpy
import sys
from typing import Any

from textual.app import App


def exit_after_first_frame_of(screen_name: str) -> None:
    draw = App._display

    def display(app: App[Any], screen: Any, update: Any) -> None:
        draw(app, screen, update)
        if type(screen).__name__ == screen_name:
            sys.stdout.flush()
            os._exit(0)  # nothing after the frame is counted

    setattr(App, "_display", display)  # noqa: B010 - a hook on Textual's drawing


def main() -> None:
    screen_name, *program = sys.argv[1:]
    exit_after_first_frame_of(screen_name)
    if program[0] == "-m":
        sys.argv = [program[1], *program[2:]]
        runpy.run_module(program[1], run_name="__main__", alter_sys=True)
    else:
        sys.argv = program
        sys.path.insert(0, os.path.dirname(os.path.abspath(program[0])))
        runpy.run_path(program[0], run_name="__main__")


if __name__ == "__main__":
    main()
