"""What reading the first answer needs (pydantic, the models) is imported while the
first request waits for the network, not after its answer arrived: ~100 ms of every
command's time otherwise spent one after the other with the round trip."""

from __future__ import annotations

import asyncio
import contextlib
import io
import sys
import threading
from pathlib import Path
from typing import Any

import httpx
import pytest

from rapidly_tui import demo
from rapidly_tui.cli import main
from rapidly_tui.commands import common

MARKER = "rapidly_tui_test_answer_marker"


@pytest.fixture
def marker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """A module standing for the answer modules (pydantic is imported in the tests'
    process already): it records the thread that imported it."""
    (tmp_path / f"{MARKER}.py").write_text(
        "import threading\nTHREAD = threading.current_thread().name\n", "utf-8"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, MARKER, raising=False)
    monkeypatch.setattr(common, "ANSWER_MODULES", (MARKER,))
    seen: dict[str, Any] = {}
    real = demo.demo_transport

    class Waiting(httpx.AsyncBaseTransport):
        """Says the request is sent (as httpcore's trace does), then waits as the
        network would before answering."""

        def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
            self.inner = inner

        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            trace = request.extensions.get("trace")
            if trace is not None:
                await trace("http11.send_request_body.complete", {})
            if "before_answer" not in seen:
                for _ in range(100):  # up to 1 s, the network's wait
                    if MARKER in sys.modules:
                        break
                    await asyncio.sleep(0.01)
                seen["before_answer"] = MARKER in sys.modules
            return await self.inner.handle_async_request(request)

    monkeypatch.setattr(demo, "demo_transport", lambda app=None: Waiting(real(app)))
    return seen


def test_answer_modules_load_in_a_thread_while_the_first_request_waits(
    marker: dict[str, Any],
) -> None:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = main(["--demo-static", "workspace", "get", "acme"])
    assert code == 0
    assert "acme" in out.getvalue().lower()
    assert marker["before_answer"] is True
    module = sys.modules[MARKER]
    assert threading.main_thread().name != module.THREAD
