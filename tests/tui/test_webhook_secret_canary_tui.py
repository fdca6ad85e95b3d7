"""A canary webhook secret through the TUI, with debug logging on.

The demo's endpoint carries the canary as its signing secret. The endpoints screen, the
endpoint's screen, its raw JSON (``j``), every copy of its ``y`` menu (the OSC 52
sequence decoded, and the text handed to tmux), the overview, a debug log and the
screenshots must all show it masked (``rapidly_whs_…`` and its last 4) or not at all.
"""

from __future__ import annotations

import base64
import logging
import re
import secrets
from pathlib import Path
from typing import Any

import pytest

import rapidly_tui.clipboard
from rapidly_tui.demo import build_dataset
from rapidly_tui.logs import setup_logging
from rapidly_tui.screens.modals import CopyMenu
from rapidly_tui.screens.overview import OverviewScreen
from rapidly_tui.screens.webhooks import WebhookEndpointScreen, WebhookEndpointsScreen
from tests.tui.harness import SIZE, make_harness, wait_until

PREFIX = "rapidly_whs_"
OSC52 = re.compile(r"\x1b\]52;c;([A-Za-z0-9+/=]*)\x07")


def settled(app: Any, kind: type) -> bool:
    screen = app.screen
    return isinstance(screen, kind) and screen._started and not screen.loading_keys


async def test_a_webhook_secret_appears_nowhere_unmasked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    canary = PREFIX + "CANARY" + secrets.token_hex(16)
    hidden = canary[len(PREFIX) : -4]  # what the mask hides
    dataset = build_dataset()
    acme = dataset.workspace_by_slug["acme"]["id"]
    endpoint = next(e for e in dataset.webhook_endpoints if e["workspace_id"] == acme)
    endpoint["secret"] = canary

    handed_to_tmux: list[str] = []

    async def fake_tmux(text: str, env: Any, **_: Any) -> None:
        handed_to_tmux.append(text)

    monkeypatch.setattr(rapidly_tui.clipboard, "tmux_load_buffer", fake_tmux)
    log_file = tmp_path / "debug.log"
    setup_logging(str(log_file))
    h = make_harness(dataset=dataset, environ={"TMUX": "/tmp/tmux-test,1,0"})
    app = h.app
    written: list[str] = []
    screens: list[str] = []
    try:
        async with app.run_test(size=SIZE) as pilot:
            driver = app._driver
            assert driver is not None
            original_write = driver.write

            def capture(data: str) -> None:
                written.append(data)
                original_write(data)

            driver.write = capture  # type: ignore[method-assign]
            await wait_until(pilot, lambda: settled(app, OverviewScreen), what="overview")
            screens.append(app.export_screenshot())
            app.open_webhooks(acme)
            await wait_until(pilot, lambda: settled(app, WebhookEndpointsScreen), what="list")
            screens.append(app.export_screenshot())
            table = app.screen.table  # type: ignore[attr-defined]
            table.move_cursor(row=table.get_row_index(endpoint["id"]))
            await pilot.press("enter")
            await wait_until(pilot, lambda: settled(app, WebhookEndpointScreen), what="endpoint")
            screen = app.screen
            assert isinstance(screen, WebhookEndpointScreen)
            shown = screen.query_one("#section-0").value_plain("Signing secret")  # type: ignore[attr-defined]
            assert shown == f"{PREFIX}…{canary[-4:]}"  # the secret was there, masked
            screens.append(app.export_screenshot())
            await pilot.press("j")
            await pilot.pause(0.1)
            screens.append(app.export_screenshot())
            raw_json = screen.json_text
            assert f"{PREFIX}…{canary[-4:]}" in raw_json
            await pilot.press("j")
            keys = [key for key, _, _ in screen.copy_choices()]
            assert keys == ["i", "u", "j", "m"]  # m: the incident note
            for key in keys:
                await pilot.press("y")
                await wait_until(pilot, lambda: isinstance(app.screen, CopyMenu))
                screens.append(app.export_screenshot())
                await pilot.press(key)
                await wait_until(pilot, lambda: isinstance(app.screen, WebhookEndpointScreen))
            await wait_until(pilot, lambda: len(handed_to_tmux) == len(keys), what="tmux")
            await pilot.press("escape", "escape")
            await pilot.pause(0.1)
    finally:
        setup_logging(None)
        logging.shutdown()

    copies = [text for _, text in app.copied]
    assert len(copies) == 4
    osc52 = [base64.b64decode(m).decode() for data in written for m in OSC52.findall(data)]
    assert sorted(osc52) == sorted(copies)  # every copy reached the terminal, decoded here
    assert handed_to_tmux == copies
    log = log_file.read_text()
    assert "/api/webhooks/endpoints" in log  # debug logging did run
    for text in [*screens, raw_json, *copies, *osc52, *handed_to_tmux, log]:
        assert canary not in text
        assert hidden not in text
