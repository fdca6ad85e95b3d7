"""A canary token through the TUI, with debug logging on and injected server errors.

Start-up, the overview, the customers browser, a customer's detail, its raw JSON,
the copy menu, a refresh that hits 503/429/500, and quitting: the canary must appear
in no screen, no clipboard write, no log line and no file under the XDG directories.
"""

from __future__ import annotations

import base64
import logging
import re
import secrets
from pathlib import Path

import pytest

from rapidly_tui.app import RapidlyApp
from rapidly_tui.connection import ConnectionOptions
from rapidly_tui.demo import ADA_EMAIL, FaultPlan, create_app, demo_transport
from rapidly_tui.demo.app import TOKENS, Principal
from rapidly_tui.logs import setup_logging
from rapidly_tui.screens.customers import CustomersScreen
from rapidly_tui.screens.detail import CustomerDetailScreen
from rapidly_tui.screens.overview import Figures
from rapidly_tui.tui import prepare
from tests.tui.harness import SIZE, TODAY, wait_until
from tests.tui.test_startup import overview_filled


@pytest.fixture
def canary(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> str:
    token = "rapidly_oat_CANARY" + secrets.token_hex(16)
    monkeypatch.setitem(TOKENS, token, Principal(None, None))
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(name, str(tmp_path / name.lower()))
    monkeypatch.setenv("RAPIDLY_ACCESS_TOKEN", token)
    monkeypatch.setenv("RAPIDLY_SERVER_URL", "http://127.0.0.1:9")  # the demo runs in-process
    return token


async def test_the_token_appears_nowhere(canary: str, tmp_path: Path) -> None:
    log_file = tmp_path / "xdg_state_home" / "debug.log"
    log_file.parent.mkdir(parents=True, exist_ok=True)
    setup_logging(str(log_file))
    faults = FaultPlan()
    start = await prepare(
        ConnectionOptions(),
        workspace_ref="acme",
        today=TODAY,
        transport=demo_transport(create_app(None, faults)),
    )
    app = RapidlyApp(
        start.options,
        connection=start.connection,
        client=start.client,
        preloads=start.preloads,
        today=TODAY,
        # Inside "tmux" whose server is not there: the copy goes no further.
        environ={"TMUX": f"{tmp_path}/no-tmux-server,1,0"},
        start_workspace="acme",
    )
    written: list[str] = []
    screens: list[str] = []
    try:
        async with app.run_test(size=SIZE) as pilot:
            original_write = app._driver.write if app._driver else None  # type: ignore[union-attr]

            def capture(data: str) -> None:
                written.append(data)
                if original_write is not None:
                    original_write(data)

            if app._driver is not None:
                app._driver.write = capture  # type: ignore[method-assign]
            await wait_until(pilot, lambda: overview_filled(app), what="overview")
            screens.append(app.export_screenshot())
            # Errors on a refresh: retried, rate limited, then a hard failure.
            faults.server_error("/api/customers/", 503, times=1)
            faults.rate_limit("/api/payments/", retry_after=1, times=1)
            faults.server_error("/api/shares/", 500)
            await pilot.press("r")
            # The screenshot shows the failure, once the retried loads have settled.
            figures = app.screen.query_one(Figures)
            await wait_until(
                pilot,
                lambda: "Shares Server error" in figures.plain and not app.screen.loading_keys,
                what="the refresh's errors",
            )
            screens.append(app.export_screenshot())
            await pilot.press("c")
            await wait_until(
                pilot,
                lambda: isinstance(app.screen, CustomersScreen) and bool(app.screen.rows),
                what="customers",
            )
            screens.append(app.export_screenshot())
            await pilot.press("colon")
            await pilot.press(*ADA_EMAIL, "enter")
            await wait_until(
                pilot, lambda: isinstance(app.screen, CustomerDetailScreen), what="detail"
            )
            await wait_until(pilot, lambda: not app.screen.loading_keys, what="detail filled")
            screens.append(app.export_screenshot())
            await pilot.press("j")
            await pilot.pause(0.2)
            screens.append(app.export_screenshot())
            await pilot.press("j", "y", "j")  # copy the JSON
            await pilot.pause(0.2)
            screens.append(app.export_screenshot())
            await pilot.press("q")
    finally:
        setup_logging(None)
        logging.shutdown()

    assert app.return_code == 0
    assert len(screens) == 6
    copied = osc52_payloads(written)
    # The copy did happen and reached the terminal (so the checks below look at something).
    assert app.copied
    assert [value for _, value in app.copied] == copied
    tail = canary[-12:]
    for text in [*screens, *written, *copied]:
        assert canary not in text
        assert tail not in text
    assert_not_in_files(canary, tmp_path, log_file)


def osc52_payloads(written: list[str]) -> list[str]:
    """The text of every OSC 52 clipboard write (plain or in tmux's passthrough),
    decoded: a token would be in there as base64, which a plain search misses."""
    found = re.findall(r"\]52;[^;]*;([A-Za-z0-9+/=]*)", "".join(written))
    return [base64.b64decode(payload).decode("utf-8") for payload in found]


def assert_not_in_files(canary: str, root: Path, log_file: Path) -> None:
    assert "/api/customers/" in log_file.read_text()  # debug logging did run
    for path in root.rglob("*"):
        if path.is_file():
            content = path.read_bytes()
            assert canary.encode() not in content, path
            assert canary[-12:].encode() not in content, path
