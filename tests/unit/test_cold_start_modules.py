"""A demo start imports only what its first screen uses (issue 15.1, the cold start).

Each module below holds dataclasses (each ~0.5 ms to create) or files the overview's
first frame never needs; docs/PERFORMANCE.md "The cold start" has the figures.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

#: What run_tui does for ``--demo-static`` up to the first screen: resolve the
#: connection, send the first requests, import the app and the overview.
START = """
import asyncio, sys
from rapidly_tui import tui
from rapidly_tui.cli import tui_args
from rapidly_tui.connection import ConnectionOptions

async def start():
    prepared = await tui.prepare(ConnectionOptions.from_args(tui_args(["--demo-static"])))
    assert prepared.client is not None and prepared.preloads is not None
    await asyncio.sleep(0.05)  # the first answers are read

asyncio.run(start())
tui._import_app()
print(" ".join(sorted(name for name in sys.modules if name.startswith("rapidly_tui"))))
"""

NOT_NEEDED = {
    "rapidly_tui.present.spec",  # the resource specs: browsers, detail screens, commands
    "rapidly_tui.config",  # a demo reads no config file
    "rapidly_tui.auth.login",  # the login screen
    "rapidly_tui.refcache",  # a demo remembers nothing
}


def test_a_demo_start_leaves_out_what_its_first_screen_does_not_use() -> None:
    result = subprocess.run(
        [sys.executable, "-c", START],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=True,
    )
    modules = set(result.stdout.split())
    assert {"rapidly_tui.screens.overview", "rapidly_tui.present.widths"} <= modules
    assert "rapidly_tui.present.kinds" in modules  # what the overview needs of the specs
    assert modules & NOT_NEEDED == set()
