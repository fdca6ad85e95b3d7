"""The tail commands as real processes against the demo over loopback TCP:
``events tail``, ``payments list --follow``, ``webhooks deliveries --follow``.

Each test has its own demo server and data set (new items are added to it while the
command runs), so the shared server's data stays as the other tests expect it.
"""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from rapidly_tui.demo import DEMO_ACME_TOKEN, build_dataset
from tests.support.server import DemoServer, serve_demo

pytestmark = pytest.mark.e2e

SCRIPT = Path(sys.executable).with_name("rapidly-tui")
#: The first poll comes 3 s after start; a retried failure adds back-off.
WAIT = 20.0


@pytest.fixture
def server() -> Iterator[DemoServer]:
    with serve_demo(build_dataset()) as running:
        yield running


class Tail:
    """A running tail: its stdout lines arrive on a queue."""

    def __init__(self, argv: list[str], server: DemoServer, tmp_path: Path) -> None:
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("RAPIDLY_", "PYTEST_", "COLUMNS"))
        }
        for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
            env[name] = str(tmp_path / name.lower())
        env["PYTHON_KEYRING_BACKEND"] = "keyrings.alt.file.PlaintextKeyring"
        env["RAPIDLY_SERVER_URL"] = server.base_url
        env["RAPIDLY_ACCESS_TOKEN"] = DEMO_ACME_TOKEN
        env["COLUMNS"] = "200"
        self.process = subprocess.Popen(
            [str(SCRIPT), *argv],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        assert self.process.stdout is not None
        threading.Thread(target=self._read, args=(self.process.stdout,), daemon=True).start()

    def _read(self, stream: Any) -> None:
        for line in stream:
            self.lines.put(line)

    def next_lines(self, count: int, timeout: float = WAIT) -> list[str]:
        got: list[str] = []
        deadline = time.monotonic() + timeout
        while len(got) < count:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"only {len(got)} of {count} lines: {got!r}")
            try:
                got.append(self.lines.get(timeout=remaining))
            except queue.Empty:
                continue
        return got

    def interrupt(self) -> tuple[int, str]:
        """Ctrl-C: the exit code and stderr."""
        self.process.send_signal(signal.SIGINT)
        _out, err = self.process.communicate(timeout=10)
        return self.process.returncode, err

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.communicate(timeout=10)


@pytest.fixture
def tails(tmp_path: Path) -> Iterator[list[Tail]]:
    started: list[Tail] = []
    yield started
    for tail in started:
        tail.kill()


def _start(tails: list[Tail], server: DemoServer, tmp_path: Path, *argv: str) -> Tail:
    before = len(server.faults.requests)
    tail = Tail(list(argv), server, tmp_path)
    tails.append(tail)
    # Following has begun once the first list was read (the process has its handlers).
    deadline = time.monotonic() + WAIT
    while not any(
        r.path.startswith(("/api/events/", "/api/payments/", "/api/webhooks/deliveries"))
        for r in server.faults.requests[before:]
    ):
        assert tail.process.poll() is None, tail.process.communicate()
        assert time.monotonic() < deadline, "the tail never asked for its list"
        time.sleep(0.05)
    time.sleep(0.3)
    return tail


def _iso(when: datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _add_event(server: DemoServer, name: str) -> str:
    """A new event of Acme (copied from Ada's newest), stamped now."""
    data = server.dataset
    template = next(e for e in data.events if e["workspace_id"] == data.acme["id"])
    now = datetime.now(timezone.utc)
    event = {**template, "id": str(uuid.uuid4()), "name": name, "label": name}
    event.update(timestamp=_iso(now), _ts=now.timestamp())
    data.events.append(event)
    return str(event["id"])


def _add_payment(server: DemoServer, status: str) -> str:
    data = server.dataset
    template = next(p for p in data.payments if p["workspace_id"] == data.acme["id"])
    now = datetime.now(timezone.utc)
    payment = {**template, "id": str(uuid.uuid4()), "status": status}
    payment.update(created_at=_iso(now), _ts=now.timestamp())
    data.payments.append(payment)
    return str(payment["id"])


def test_events_tail_prints_new_events_as_they_arrive_and_ctrl_c_exits_0(
    server: DemoServer, tails: list[Tail], tmp_path: Path
) -> None:
    tail = _start(tails, server, tmp_path, "events", "tail", "--jsonl")
    first = _add_event(server, "incident.first")
    second = _add_event(server, "incident.second")
    lines = tail.next_lines(2)
    assert [json.loads(line)["id"] for line in lines] == [first, second]  # oldest first
    # Nothing from before the start was printed (the default --since is now).
    assert tail.lines.empty()
    code, err = tail.interrupt()
    assert code == 0
    assert "Traceback" not in err
    assert "interrupted" not in err


def test_events_tail_since_prints_the_window_then_follows_with_the_filters(
    server: DemoServer, tails: list[Tail], tmp_path: Path
) -> None:
    data = server.dataset
    base = datetime.fromisoformat(data.events[0]["timestamp"].replace("Z", "+00:00"))
    window = (datetime.now(timezone.utc) - base + timedelta(hours=1)).days + 1
    acme_uploads = [
        e["id"]
        for e in data.events
        if e["workspace_id"] == data.acme["id"]
        and e["name"] == "file.uploaded"
        and datetime.now(timezone.utc).timestamp() - e["_ts"] <= window * 86400
    ]
    assert acme_uploads
    tail = _start(
        tails, server, tmp_path, "events", "tail", "--name", "file.uploaded",
        "--since", f"{window}d", "--jsonl",
    )  # fmt: skip
    backlog = [json.loads(line)["id"] for line in tail.next_lines(len(acme_uploads))]
    assert sorted(backlog) == sorted(acme_uploads[:1000])
    _add_event(server, "share.viewed")  # filtered out
    upload = _add_event(server, "file.uploaded")
    assert json.loads(tail.next_lines(1)[0])["id"] == upload
    assert tail.interrupt()[0] == 0


def test_a_503_mid_tail_is_reported_and_the_tail_goes_on(
    server: DemoServer, tails: list[Tail], tmp_path: Path
) -> None:
    tail = _start(tails, server, tmp_path, "events", "tail", "--jsonl")
    # More 503s than the client's own retries: one poll fails as a whole.
    server.faults.status("/api/events/", 503, times=3)
    new = _add_event(server, "after.outage")
    assert json.loads(tail.next_lines(1, timeout=30)[0])["id"] == new
    code, err = tail.interrupt()
    assert code == 0
    assert "HTTP 503" in err  # the client's retries, said on stderr
    assert "still following" in err  # the failed poll, said without stopping
    assert "Traceback" not in err


def test_payments_follow_prints_only_new_payments_of_the_status(
    server: DemoServer, tails: list[Tail], tmp_path: Path
) -> None:
    tail = _start(tails, server, tmp_path, "payments", "list", "--follow", "--status", "failed")
    _add_payment(server, "succeeded")
    failed = _add_payment(server, "failed")
    header, row = tail.next_lines(2)
    assert header.split()[:3] == ["ID", "CREATED", "STATUS"]
    assert row.split()[0] == failed
    assert row.split()[4] == "failed"
    assert tail.interrupt()[0] == 0


def test_deliveries_follow_asks_only_for_the_workspace_endpoints(
    server: DemoServer, tails: list[Tail], tmp_path: Path
) -> None:
    tail = _start(tails, server, tmp_path, "webhooks", "deliveries", "--follow", "--jsonl")
    acme = {
        e["id"] for e in server.dataset.webhook_endpoints
        if e["workspace_id"] == server.dataset.acme["id"]
    }  # fmt: skip
    asked = [r for r in server.faults.requests if r.path == "/api/webhooks/deliveries"]
    assert asked
    from urllib.parse import parse_qs

    for request in asked:
        assert set(parse_qs(request.query)["endpoint_id"]) == acme
    assert tail.interrupt()[0] == 0


@pytest.mark.parametrize(
    ("argv", "code"),
    [
        (["events", "tail"], 0),
        (["payments", "list", "--follow"], 0),
        (["payments", "list"], 130),
    ],
)
def test_ctrl_c_before_following_began_still_ends_a_follow_with_0(
    argv: list[str], code: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C while the workspace is still being resolved (before the follow's own
    handler): a follow ends with 0 and says nothing; any other command is interrupted."""
    import io as _io

    from rapidly_tui.cli import DEFAULTS, build_parser
    from rapidly_tui.commands import common

    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(name, str(tmp_path / name.lower()))
    args = build_parser().parse_args(["--demo", *argv])
    for key, value in DEFAULTS.items():
        if not hasattr(args, key):
            setattr(args, key, value)
    args.demo = True

    async def interrupted(_context: common.CommandContext) -> None:
        raise KeyboardInterrupt

    err = _io.StringIO()
    assert common.run_command(args, interrupted, stdout=_io.StringIO(), stderr=err) == code
    assert ("interrupted" in err.getvalue()) is (code == 130)
