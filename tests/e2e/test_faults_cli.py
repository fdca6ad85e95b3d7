"""The fault matrix, end to end: the command-line commands against the demo API over
loopback TCP, with one injected fault per row.

For each row (:data:`FAULTS`, the CLI column of docs/RELIABILITY.md) a test checks
the exit code, the one line on stderr (no traceback), the retries (counted in the
FaultPlan's request log, delays read from the client's sleep) and that the process
is left clean (no thread, socket, file handler or context left behind).

Nothing sleeps for real except one test that checks a Retry-After is really waited
for: the client's ``sleep`` is replaced through ``Connection.make_client`` (the
commands have no option for it), and so are its timeouts for the timeout rows.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import logging
import re
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import psutil
import pytest

from rapidly_tui import exitcodes
from rapidly_tui.api.client import retry_listener
from rapidly_tui.cli import main
from rapidly_tui.connection import Connection
from rapidly_tui.demo import DEMO_ACME_TOKEN
from rapidly_tui.demo.faults import FaultPlan
from tests.support.server import DemoServer

pytestmark = pytest.mark.e2e

CUSTOMERS = "/api/customers/"
#: The default command of the matrix: the first page of customers as JSON. It first
#: asks for the workspace (/api/workspaces/), then for the customers, where the
#: faults are injected.
LIST_CUSTOMERS = ("customers", "list", "--json")
REQUEST_ID = r" \(request id [0-9a-f]{32}\)"
#: Bounds of the jittered backoff before the 2nd and the 3rd attempt (RetryPolicy:
#: 0.5 s doubling, each delay between half and all of it).
BACKOFF = ((0.25, 0.5), (0.5, 1.0))


@dataclass(frozen=True)
class Fault:
    """One row of the matrix: a fault and what the person must see."""

    name: str
    inject: Callable[[FaultPlan], object]
    code: int
    #: Regex for the last stderr line after ``rapidly-tui: `` (None: success, no line).
    message: str | None
    #: Requests that reached /api/customers/ (None: the server is not reachable).
    requests: int | None
    #: Reason of each retry notice on stderr, in order.
    notices: tuple[str, ...] = ()
    #: (low, high) bounds of each delay the client slept, in order.
    sleeps: tuple[tuple[float, float], ...] = ()
    argv: tuple[str, ...] = LIST_CUSTOMERS
    #: Client timeouts for this row (the defaults are 15 s read and 45 s overall).
    read_timeout: float | None = None
    deadline: float | None = None
    #: Point RAPIDLY_SERVER_URL at a loopback port nothing listens on.
    closed_port: bool = False

    def __str__(self) -> str:
        return self.name


def _retried(reason: str, sleeps: tuple[tuple[float, float], ...]) -> dict[str, Any]:
    return {"notices": (reason,) * len(sleeps), "sleeps": sleeps}


def _nothing(_faults: FaultPlan) -> None:
    return None


def _inject_status(faults: FaultPlan, status: int) -> None:
    faults.status(CUSTOMERS, status)


FAULTS: list[Fault] = [
    Fault(
        "401 token rejected",
        lambda f: f.status(CUSTOMERS, 401),
        exitcodes.AUTH,
        r"Token rejected \(401\): The server rejected the access token \(expired, revoked or"
        r" mistyped\)\. Run `rapidly-tui auth login` or check RAPIDLY_ACCESS_TOKEN\." + REQUEST_ID,
        requests=1,
    ),
    Fault(
        "403 missing scope",
        lambda f: f.status(CUSTOMERS, 403, scopes="customers:read web:read"),
        exitcodes.AUTH,
        r"Permission denied \(403\): The token lacks the scope customers:read\." + REQUEST_ID,
        requests=1,
    ),
    Fault(
        "404 not found",
        lambda f: f.status(CUSTOMERS, 404),
        exitcodes.NOT_FOUND,
        r"Not found \(404\): Not found" + REQUEST_ID,
        requests=1,
    ),
    Fault(
        "422 invalid request",
        lambda f: f.status(CUSTOMERS, 422),
        exitcodes.USAGE,
        r"Invalid request \(422\): query\.limit: Input should be greater than 0" + REQUEST_ID,
        requests=1,
    ),
    Fault(
        "429 with Retry-After, then success",
        lambda f: f.rate_limit(CUSTOMERS, retry_after=2, times=1),
        exitcodes.OK,
        None,
        requests=2,
        **_retried("rate limited, retrying in 2 s", ((2.0, 2.0),)),
    ),
    Fault(
        "429 with Retry-After, every time",
        lambda f: f.rate_limit(CUSTOMERS, retry_after=7),
        exitcodes.RETRYABLE,
        r"Rate limited \(429\): Too many requests\. Retry after 7 s\." + REQUEST_ID,
        requests=3,
        **_retried("rate limited, retrying in 7 s", ((7.0, 7.0), (7.0, 7.0))),
    ),
    Fault(
        "429 as recorded (empty body, Retry-After: 60)",
        lambda f: f.rate_limit(CUSTOMERS, retry_after=60),
        exitcodes.RETRYABLE,
        r"Rate limited \(429\): Too many requests\. Retry after 60 s\." + REQUEST_ID,
        requests=3,
        # The wait is capped at 30 s: an on-call person should not stare at a frozen
        # command for minutes.
        **_retried("rate limited, retrying in 30 s", ((30.0, 30.0), (30.0, 30.0))),
    ),
    Fault(
        "429 with an empty body and no Retry-After",
        lambda f: f.rate_limit(CUSTOMERS, retry_after=None),
        exitcodes.RETRYABLE,
        r"Rate limited \(429\): Too many requests\." + REQUEST_ID,
        requests=3,
        **_retried("rate limited", BACKOFF),
    ),
    Fault(
        "500 internal error",
        lambda f: f.status(CUSTOMERS, 500),
        exitcodes.RETRYABLE,
        r"Server error: The server failed with HTTP 500\." + REQUEST_ID,
        requests=1,  # a 500 is a bug on the server: asking again would not help
    ),
    *(
        Fault(
            f"{status} gateway error",
            functools.partial(_inject_status, status=status),
            exitcodes.RETRYABLE,
            rf"Server error: The server failed with HTTP {status}\." + REQUEST_ID,
            requests=3,
            **_retried(f"server error (HTTP {status})", BACKOFF),
        )
        for status in (502, 503, 504)
    ),
    Fault(
        "503 twice, then success",
        lambda f: f.status(CUSTOMERS, 503, times=2),
        exitcodes.OK,
        None,
        requests=3,
        **_retried("server error (HTTP 503)", BACKOFF),
    ),
    Fault(
        "read timeout",
        lambda f: f.latency(CUSTOMERS, 2.0),
        exitcodes.RETRYABLE,
        r"Timed out: The server did not answer in time \(read timeout\)\.",
        requests=3,
        read_timeout=0.2,
        **_retried("timed out", BACKOFF),
    ),
    Fault(
        "body trickling past the deadline",
        lambda f: f.slow_body(CUSTOMERS, chunk_delay=0.05, chunk_size=16),
        exitcodes.RETRYABLE,
        r"Timed out: The server did not finish answering within 0\.3 s\.",
        requests=3,
        deadline=0.3,
        **_retried("timed out", BACKOFF),
    ),
    Fault(
        "connection refused",
        _nothing,
        exitcodes.RETRYABLE,
        r"Connection failed: Could not reach 127\.0\.0\.1 \(connect error\)\.",
        requests=None,
        closed_port=True,
        **_retried("connection failed", BACKOFF),
    ),
    Fault(
        "connection reset mid-body",
        lambda f: f.drop_connection(CUSTOMERS, after_bytes=100),
        exitcodes.RETRYABLE,
        r"Connection failed: Could not reach 127\.0\.0\.1 \((remote protocol|read) error\)\.",
        requests=3,
        **_retried("connection failed", BACKOFF),
    ),
    Fault(
        "truncated JSON",
        lambda f: f.truncated_json(CUSTOMERS),
        exitcodes.UNEXPECTED,
        r"Unreadable response: The response does not match the API: body: Invalid JSON: "
        r"EOF while parsing .*" + REQUEST_ID,
        requests=1,  # a broken body is not retried: the same request gets the same body
    ),
    Fault(
        "malformed JSON",
        lambda f: f.malformed_json(CUSTOMERS),
        exitcodes.UNEXPECTED,
        r"Unreadable response: The response does not match the API: body: Invalid JSON: "
        r".*" + REQUEST_ID,
        requests=1,
    ),
    Fault(
        "HTML error page (502 from a proxy)",
        lambda f: f.html_error(CUSTOMERS, 502),
        exitcodes.RETRYABLE,
        r"Server error: The server failed with HTTP 502\." + REQUEST_ID,
        requests=3,
        **_retried("server error (HTTP 502)", BACKOFF),
    ),
    Fault(
        "HTML page with status 200 (captive portal)",
        lambda f: f.html_error(CUSTOMERS, 200),
        exitcodes.UNEXPECTED,
        r"Unreadable response: The response does not match the API: body: Invalid JSON: "
        r".*" + REQUEST_ID,
        requests=1,
    ),
    Fault(
        "valid JSON of the wrong shape",
        lambda f: f.wrong_shape(CUSTOMERS),
        exitcodes.UNEXPECTED,
        r"Unreadable response: The response does not match the API: body: Input should be an"
        r" object" + REQUEST_ID,
        requests=1,
    ),
    Fault(
        "unknown enum value",
        lambda f: f.replace_value(CUSTOMERS, "type", "enterprise"),
        exitcodes.OK,
        None,
        requests=1,
    ),
    Fault(
        "extra unknown field",
        lambda f: f.add_field(CUSTOMERS, "loyalty_tier", {"level": "gold"}),
        exitcodes.OK,
        None,
        requests=1,
    ),
    Fault(
        "missing required field",
        lambda f: f.drop_field(CUSTOMERS, "email"),
        exitcodes.UNEXPECTED,
        r"Unreadable response: The response does not match the API: data\.0\.email: Field"
        r" required; data\.1\.email: Field required; .* \(and 15 more\)" + REQUEST_ID,
        requests=1,
    ),
    Fault(
        "10 MB body (Content-Length declared)",
        lambda f: f.huge_body(CUSTOMERS),
        exitcodes.UNEXPECTED,
        r"Unreadable response: The response is too large \(10,485,760 bytes\)\." + REQUEST_ID,
        requests=1,
    ),
    Fault(
        "10 MB body (chunked, no Content-Length)",
        lambda f: f.huge_body(CUSTOMERS, declare_length=False),
        exitcodes.UNEXPECTED,
        r"Unreadable response: The response is too large \(over 8,388,608 bytes\)\." + REQUEST_ID,
        requests=1,
    ),
    Fault(
        "meta.total larger than the data",
        lambda f: f.wrong_total(CUSTOMERS, 100_000),
        exitcodes.OK,
        None,
        requests=1,
    ),
]


# --- running the CLI ------------------------------------------------------------------


@dataclass
class Result:
    code: int
    out: str
    err: str
    #: Delays the client slept for, in order.
    sleeps: list[float] = field(default_factory=list)

    @property
    def err_lines(self) -> list[str]:
        return self.err.splitlines()


@dataclass
class ClientHooks:
    """What ``Connection.make_client`` adds to each client a command makes."""

    sleeps: list[float] = field(default_factory=list)
    real_sleep: bool = False
    read_timeout: float | None = None
    deadline: float | None = None

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        if self.real_sleep:
            import asyncio

            await asyncio.sleep(seconds)


@pytest.fixture
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No real config, keyring, token or terminal width leaks into a test."""
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(name, str(tmp_path / name.lower()))
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyrings.alt.file.PlaintextKeyring")
    monkeypatch.delenv("RAPIDLY_ACCESS_TOKEN", raising=False)
    monkeypatch.delenv("RAPIDLY_SERVER_URL", raising=False)
    monkeypatch.setenv("COLUMNS", "200")
    return tmp_path


@pytest.fixture
def hooks(monkeypatch: pytest.MonkeyPatch) -> ClientHooks:
    hooks = ClientHooks()
    make_client = Connection.make_client

    def patched(self: Connection, **kwargs: Any) -> Any:
        kwargs.setdefault("sleep", hooks.sleep)
        if hooks.read_timeout is not None:
            kwargs.setdefault("timeout", httpx.Timeout(5.0, read=hooks.read_timeout))
        if hooks.deadline is not None:
            kwargs.setdefault("deadline", hooks.deadline)
        return make_client(self, **kwargs)

    monkeypatch.setattr(Connection, "make_client", patched)
    return hooks


Cli = Callable[..., Result]


@pytest.fixture
def cli(
    demo_server: DemoServer,
    isolated: Path,
    hooks: ClientHooks,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> Cli:
    """Run ``rapidly-tui ARGS`` in-process against the loopback demo."""

    def run(*argv: str, token: str = DEMO_ACME_TOKEN, server: str | None = None) -> Result:
        monkeypatch.setenv("RAPIDLY_ACCESS_TOKEN", token)
        monkeypatch.setenv("RAPIDLY_SERVER_URL", server or demo_server.base_url)
        hooks.sleeps.clear()
        capsys.readouterr()
        code = main(list(argv))
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err, list(hooks.sleeps))

    return run


def closed_port_url() -> str:
    """A loopback URL nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def run_fault(
    cli: Cli,
    hooks: ClientHooks,
    server: DemoServer,
    fault: Fault,
    *extra: str,
    token: str = DEMO_ACME_TOKEN,
) -> Result:
    """Inject ``fault``, run its command (with ``extra`` arguments) and return what
    happened."""
    fault.inject(server.faults)
    hooks.read_timeout = fault.read_timeout
    hooks.deadline = fault.deadline
    url = closed_port_url() if fault.closed_port else None
    return cli(*fault.argv, *extra, token=token, server=url)


# --- process state ----------------------------------------------------------------------


@dataclass(frozen=True)
class ProcessState:
    threads: frozenset[int]
    fds: int
    handlers: tuple[logging.Handler, ...]


def process_state() -> ProcessState:
    return ProcessState(
        frozenset(t.ident for t in threading.enumerate() if t.ident is not None),
        psutil.Process().num_fds(),
        tuple(logging.getLogger().handlers),
    )


def assert_clean(before: ProcessState) -> None:
    """Nothing the command started is still running or open."""
    # The demo server runs in this process and closes its side of a connection a
    # moment after the client: wait for that, briefly.
    deadline = time.monotonic() + 3.0
    while True:
        now = process_state()
        if (now.threads <= before.threads and now.fds <= before.fds) or (
            time.monotonic() > deadline
        ):
            break
        time.sleep(0.02)
    assert now.threads <= before.threads, "a thread outlived the command"
    assert now.fds <= before.fds, "a socket or file outlived the command"
    files = [h for h in now.handlers if isinstance(h, logging.FileHandler)]
    assert files == [h for h in before.handlers if isinstance(h, logging.FileHandler)]
    # The retry printer belongs to the command's own context, not to the caller's.
    assert retry_listener.get() is None


# --- the matrix -----------------------------------------------------------------------


def check_outcome(result: Result, fault: Fault, server: DemoServer) -> None:
    """The exit code, stderr lines, retries and requests of one row."""
    assert result.code == fault.code, result.err
    notices = result.err_lines[: len(fault.notices)]
    assert len(notices) == len(fault.notices), result.err
    for attempt, (notice, reason) in enumerate(zip(notices, fault.notices, strict=True), 1):
        assert notice.startswith(reason), notice
        assert notice.endswith(f"(attempt {attempt}/3)"), notice
    rest = result.err_lines[len(fault.notices) :]
    if fault.message is None:
        # Success: at most the note that more items exist.
        assert all(re.fullmatch(r"showing 20 of [\d,]+ customers; .*", line) for line in rest)
    else:
        assert len(rest) == 1, result.err  # one line, no traceback
        assert rest[0].startswith("rapidly-tui: ")
        assert re.fullmatch(fault.message, rest[0].removeprefix("rapidly-tui: ")), rest[0]
        assert result.out == ""
    assert "Traceback" not in result.err + result.out
    assert len(result.sleeps) == len(fault.sleeps)
    for slept, (low, high) in zip(result.sleeps, fault.sleeps, strict=True):
        assert low <= slept <= high
    if fault.requests is not None:
        assert server.faults.count(CUSTOMERS) == fault.requests


_WARMED_UP: list[bool] = []


@pytest.mark.parametrize("fault", FAULTS, ids=str)
def test_fault_matrix(cli: Cli, hooks: ClientHooks, demo_server: DemoServer, fault: Fault) -> None:
    if not _WARMED_UP:
        # The first run imports the client and pydantic and builds their caches:
        # that is not a leak of the command under test.
        cli(*LIST_CUSTOMERS)
        demo_server.faults.clear()
        _WARMED_UP.append(True)
    before = process_state()
    result = run_fault(cli, hooks, demo_server, fault)
    check_outcome(result, fault, demo_server)
    assert_clean(before)
    if fault.code == exitcodes.OK:
        customers = json.loads(result.out)
        assert len(customers) == 20
        assert len({c["id"] for c in customers}) == 20


# --- what the tolerated faults show -----------------------------------------------------


def _fault(name: str) -> Fault:
    return next(f for f in FAULTS if f.name == name)


def test_an_unknown_enum_value_is_shown_as_sent(
    cli: Cli, hooks: ClientHooks, demo_server: DemoServer
) -> None:
    fault = _fault("unknown enum value")
    as_json = run_fault(cli, hooks, demo_server, fault)
    assert {c["type"] for c in json.loads(as_json.out)} == {"enterprise"}
    table = cli("customers", "list", "--limit", "3")
    assert table.code == exitcodes.OK
    header, *rows = table.out.splitlines()
    assert "TYPE" in header
    assert len(rows) == 3
    assert all(" enterprise " in row for row in rows)


def test_an_extra_field_is_kept_in_json_and_ignored_by_tables(
    cli: Cli, hooks: ClientHooks, demo_server: DemoServer
) -> None:
    run_fault(cli, hooks, demo_server, _fault("extra unknown field"))
    as_json = cli("customers", "list", "--json")
    assert all(c["loyalty_tier"] == {"level": "gold"} for c in json.loads(as_json.out))
    table = cli("customers", "list", "--limit", "2")
    assert table.code == exitcodes.OK
    assert "gold" not in table.out
    one = cli("customer", "get", json.loads(as_json.out)[0]["email"], "--json")
    assert one.code == exitcodes.OK


def test_a_missing_field_names_the_field_for_one_customer(
    cli: Cli, demo_server: DemoServer
) -> None:
    demo_server.faults.drop_field("/api/customers/", "email")
    customer = demo_server.dataset.live_customers[0]
    result = cli("customer", "get", customer["id"])
    assert result.code == exitcodes.UNEXPECTED
    assert re.fullmatch(
        r"rapidly-tui: Unreadable response: The response does not match the API: "
        r"email: Field required" + REQUEST_ID + "\n",
        result.err,
    ), result.err


# --- pages ------------------------------------------------------------------------------


def _acme_customer_ids(server: DemoServer) -> list[str]:
    """The acme customers' ids, newest first (the commands' default order)."""
    acme = server.dataset.acme["id"]
    customers = [c for c in server.dataset.live_customers if c["workspace_id"] == acme]
    return [c["id"] for c in sorted(customers, key=lambda c: c["created_at"], reverse=True)]


def _fail_after_pages(faults: FaultPlan, pages: int) -> None:
    """Answer ``pages`` pages of customers normally, then 503 for good."""
    faults.latency(CUSTOMERS, 0.0, times=pages)
    faults.status(CUSTOMERS, 503)


def test_all_as_jsonl_failing_mid_way_keeps_the_rows_already_written(
    cli: Cli, demo_server: DemoServer
) -> None:
    _fail_after_pages(demo_server.faults, 2)
    result = cli("customers", "list", "--all", "--jsonl")
    assert result.code == exitcodes.RETRYABLE
    rows = [json.loads(line) for line in result.out.splitlines()]  # every line is whole
    assert [row["id"] for row in rows] == _acme_customer_ids(demo_server)[:200]
    assert result.out.endswith("\n")
    assert result.err_lines[-1].startswith("rapidly-tui: Server error: The server failed with")
    assert demo_server.faults.count(CUSTOMERS) == 2 + 3


def test_all_as_csv_failing_mid_way_keeps_whole_rows(cli: Cli, demo_server: DemoServer) -> None:
    _fail_after_pages(demo_server.faults, 1)
    result = cli("customers", "list", "--all", "--csv")
    assert result.code == exitcodes.RETRYABLE
    header, *rows = list(csv.reader(io.StringIO(result.out)))
    assert header[0] == "id"
    assert [row[0] for row in rows] == _acme_customer_ids(demo_server)[:100]
    assert all(len(row) == len(header) for row in rows)


def test_all_as_json_failing_mid_way_is_not_a_complete_document(
    cli: Cli, demo_server: DemoServer
) -> None:
    # The array is left open on purpose: a parser must not take a partial list for
    # the whole one (the exit code says so too).
    _fail_after_pages(demo_server.faults, 1)
    result = cli("customers", "list", "--all", "--json")
    assert result.code == exitcodes.RETRYABLE
    assert result.out.startswith("[")
    with pytest.raises(json.JSONDecodeError):
        json.loads(result.out)
    # ...but it is exactly the complete document minus its closing bracket.
    assert len(json.loads(result.out + "\n]")) == 100


@pytest.mark.parametrize(
    ("total", "note"),
    [
        (100_000, "showing 20 of 100,000 customers; use --limit N or --all for more"),
        (0, None),
        (5, None),
    ],
)
def test_a_total_that_disagrees_with_the_data_changes_only_the_note(
    cli: Cli, demo_server: DemoServer, total: int, note: str | None
) -> None:
    demo_server.faults.wrong_total(CUSTOMERS, total)
    result = cli("customers", "list", "--jsonl")
    assert result.code == exitcodes.OK
    assert len(result.out.splitlines()) == 20
    assert result.err_lines == ([note] if note else [])


@pytest.mark.parametrize("total", [100_000, 0, 1])
def test_all_follows_the_data_not_the_total(cli: Cli, demo_server: DemoServer, total: int) -> None:
    demo_server.faults.wrong_total(CUSTOMERS, total)
    result = cli("customers", "list", "--all", "--jsonl")
    assert result.code == exitcodes.OK
    ids = [json.loads(line)["id"] for line in result.out.splitlines()]
    assert ids == _acme_customer_ids(demo_server)
    assert demo_server.faults.count(CUSTOMERS) == 13  # 1,214 customers, 100 a page


def _same_page_forever(pages: int) -> Callable[[Any], Any]:
    """A server that ignores ``page`` (a cache keyed on the path only) and claims
    ``pages`` pages."""
    first: dict[str, Any] = {}

    def mutation(body: Any) -> Any:
        if not first:
            first.update(body)
        return {**first, "meta": {**first["meta"], "total": pages * 100, "pages": pages}}

    return mutation


def test_all_stops_when_pages_repeat_forever(cli: Cli, demo_server: DemoServer) -> None:
    # Without a stop, --all would ask for a million pages. A guard turns a hang into
    # a failure: after 30 requests the server fails for good.
    demo_server.faults.mutate(CUSTOMERS, _same_page_forever(1_000_000), times=30)
    demo_server.faults.status(CUSTOMERS, 500)
    result = cli("customers", "list", "--all", "--jsonl")
    assert result.code == exitcodes.OK, result.err
    ids = [json.loads(line)["id"] for line in result.out.splitlines()]
    assert ids == _acme_customer_ids(demo_server)[:100]  # each row once
    # The first page, then two that bring nothing new.
    assert demo_server.faults.count(CUSTOMERS) == 3


def test_all_tolerates_one_page_that_repeats_what_was_seen(
    cli: Cli, demo_server: DemoServer
) -> None:
    # Rows inserted while paging can push a whole page of seen rows into the next
    # one: that alone must not end --all.
    demo_server.faults.mutate(CUSTOMERS, _same_page_forever(13), times=2)
    result = cli("customers", "list", "--all", "--jsonl")
    assert result.code == exitcodes.OK, result.err
    ids = [json.loads(line)["id"] for line in result.out.splitlines()]
    expected = _acme_customer_ids(demo_server)
    # Page 2 came back as page 1: its own rows were never sent, nothing is doubled.
    assert ids == expected[:100] + expected[200:]
    assert demo_server.faults.count(CUSTOMERS) == 13


# --- timing and the real clock -----------------------------------------------------------


def test_retry_after_is_really_waited_for(
    cli: Cli, hooks: ClientHooks, demo_server: DemoServer
) -> None:
    hooks.real_sleep = True
    demo_server.faults.rate_limit(CUSTOMERS, retry_after=1, times=1)
    started = time.monotonic()
    result = cli(*LIST_CUSTOMERS)
    elapsed = time.monotonic() - started
    assert result.code == exitcodes.OK
    assert result.err_lines[0] == "rate limited, retrying in 1 s (attempt 1/3)"
    assert 1.0 <= elapsed < 5.0


def test_every_data_command_maps_faults_the_same_way(
    cli: Cli, hooks: ClientHooks, demo_server: DemoServer
) -> None:
    ada = demo_server.dataset.live_customers[0]
    commands = [
        ("workspaces", "list"),
        ("workspace", "get"),
        ("customers", "list"),
        ("customer", "get", ada["id"]),
        ("customer", "members", ada["id"]),
        ("customer", "state", ada["id"]),
        ("payments", "list"),
        ("webhooks", "deliveries"),
        ("events", "list"),
    ]
    for argv in commands:
        for status, code in ((401, exitcodes.AUTH), (503, exitcodes.RETRYABLE)):
            demo_server.faults.clear()
            demo_server.faults.status("/api/", status)
            result = cli(*argv)
            assert result.code == code, (argv, result.err)
            assert result.out == ""
            assert result.err_lines[-1].startswith("rapidly-tui: "), argv
            assert "Traceback" not in result.err
        demo_server.faults.clear()
        demo_server.faults.malformed_json("/api/")
        broken = cli(*argv)
        assert broken.code == exitcodes.UNEXPECTED, (argv, broken.err)
        assert broken.err_lines == [broken.err_lines[-1]]


def test_hostile_text_in_an_error_body_is_neutralised(cli: Cli, demo_server: DemoServer) -> None:
    demo_server.faults.status(
        CUSTOMERS, 404, body={"detail": "gone \x1b]52;c;aGFja2Vk\x07 [@click=app.quit]x[/]"}
    )
    result = cli(*LIST_CUSTOMERS)
    assert result.code == exitcodes.NOT_FOUND
    assert "\x1b" not in result.err
    assert "\x07" not in result.err
    assert "gone ␛]52;c;aGFja2Vk␇ [@click=app.quit]x[/]" in result.err
