"""The message after a copy says what actually happened (Pilot, no real tmux needed)."""

from __future__ import annotations

from pathlib import Path

from rapidly_tui.screens.modals import CopyMenu
from tests.tui.harness import SIZE, make_harness, screen_named, wait_until


async def _copy_id(environ: dict[str, str]) -> tuple[list[str], list[str], list[str]]:
    h = make_harness(start_customer="usr_1337", environ=environ)
    written: list[str] = []
    async with h.app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, screen_named(h.app, "CustomerDetailScreen"), what="detail")
        h.app.copy_to_clipboard = written.append  # type: ignore[method-assign]
        await pilot.press("y")
        await wait_until(pilot, lambda: isinstance(h.app.screen, CopyMenu), what="menu")
        await pilot.press("i")
        await wait_until(pilot, lambda: h.app._notifications, what="a message")
        messages = [n.message for n in h.app._notifications]
        severities = [n.severity for n in h.app._notifications]
    return written, messages, severities


async def test_outside_tmux_the_message_says_the_terminal_decides() -> None:
    written, messages, _ = await _copy_id({})
    assert len(written) == 1  # the OSC 52 write
    assert messages == [
        "Sent the customer id to the terminal's clipboard (OSC 52): your terminal decides"
    ]


async def test_in_tmux_without_a_server_the_message_says_tmux_failed(tmp_path: Path) -> None:
    written, messages, severities = await _copy_id({"TMUX": f"{tmp_path}/gone,1,0"})
    assert len(written) == 1  # OSC 52 was still sent
    assert len(messages) == 1
    message = messages[0]
    assert message.startswith("tmux")
    assert "tmux's buffer" not in message
    assert message.endswith(
        "Sent the customer id to the terminal's clipboard (OSC 52): your terminal decides"
    )
    assert severities == ["warning"]
