"""Start-up's connection thread: answers come back, errors too, and quitting never
waits for a keyring that is still thinking."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest

from rapidly_tui.tui import in_daemon_thread


async def test_the_answer_and_the_error_come_back_to_the_loop() -> None:
    assert await in_daemon_thread(lambda: 42) == 42

    def broken() -> int:
        raise ValueError("config is broken")

    with pytest.raises(ValueError, match="config is broken"):
        await in_daemon_thread(broken)

    def interrupted() -> int:
        raise KeyboardInterrupt

    with pytest.raises(RuntimeError, match="KeyboardInterrupt while connecting"):
        await in_daemon_thread(interrupted)


def test_quitting_does_not_wait_for_a_keyring_that_is_still_answering() -> None:
    # A keyring waiting on an unlock prompt holds its thread until its ~3 s deadline.
    # asyncio.run waits for its default executor's threads on the way out, so a
    # person quitting during that wait used to wait too.
    keyring_answers = threading.Event()

    def slow_keyring() -> str:
        keyring_answers.wait(10)
        return "token"

    async def start_and_quit() -> None:
        pending = asyncio.ensure_future(in_daemon_thread(slow_keyring))
        await asyncio.sleep(0.05)
        pending.cancel()

    began = time.monotonic()
    asyncio.run(start_and_quit())
    waited = time.monotonic() - began
    keyring_answers.set()
    assert waited < 3, f"exit waited {waited:.1f} s for the keyring"
