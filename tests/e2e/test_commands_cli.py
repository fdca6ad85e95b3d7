"""The data commands end to end: `main([...])` in-process against the demo API over
loopback TCP, as a script or an on-call person would run them."""

from __future__ import annotations

import csv
import io
import json
import logging
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import parse_qs

import pytest

from rapidly_tui import exitcodes
from rapidly_tui.api import errors
from rapidly_tui.api.client import RetryNotice
from rapidly_tui.cli import DEFAULTS, build_parser, main
from rapidly_tui.commands import common, data, workspaces
from rapidly_tui.demo import (
    ADA_EMAIL,
    ADA_EXTERNAL_ID,
    DEMO_ACME_TOKEN,
    DEMO_LIMITED_TOKEN,
    DEMO_TOKEN,
    HOSTILE_NAMES,
    build_dataset,
)
from tests.support.server import DemoServer, serve_demo

pytestmark = pytest.mark.e2e


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str

    def json(self) -> object:
        return json.loads(self.out)


Cli = Callable[..., Result]


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
def cli(
    demo_server: DemoServer,
    isolated: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> Cli:
    """Run the CLI against the loopback demo with a token (default: the acme
    workspace token, which sees exactly one workspace)."""
    monkeypatch.setenv("RAPIDLY_SERVER_URL", demo_server.base_url)

    def run(*argv: str, token: str | None = DEMO_ACME_TOKEN) -> Result:
        if token is None:
            monkeypatch.delenv("RAPIDLY_ACCESS_TOKEN", raising=False)
        else:
            monkeypatch.setenv("RAPIDLY_ACCESS_TOKEN", token)
        capsys.readouterr()
        try:
            code = main(list(argv))
        except SystemExit as exit_:  # argparse: --help and usage errors
            code = exit_.code if isinstance(exit_.code, int) else exitcodes.UNEXPECTED
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


def _acme_live_customers(server: DemoServer) -> list[dict[str, object]]:
    acme_id = server.dataset.acme["id"]
    return [c for c in server.dataset.live_customers if c["workspace_id"] == acme_id]


def _queries(server: DemoServer, path: str) -> list[dict[str, list[str]]]:
    return [parse_qs(r.query) for r in server.faults.requests if r.path == path]


def _field(record: str, label: str) -> str:
    """The value on the ``Label   value`` line of a record."""
    for line in record.splitlines():
        if line.startswith(label + "  "):
            return line[len(label) :].strip()
    raise AssertionError(f"no {label!r} line in {record!r}")


def _no_traceback(result: Result) -> None:
    assert "Traceback" not in result.err
    assert "Traceback" not in result.out


# --- workspaces -----------------------------------------------------------------------


def test_workspaces_list_shows_every_workspace_the_user_token_sees(cli: Cli) -> None:
    result = cli("workspaces", "list", token=DEMO_TOKEN)
    assert result.code == exitcodes.OK
    header, *rows = result.out.splitlines()
    assert header.split()[:3] == ["ID", "SLUG", "NAME"]
    assert [row.split()[1] for row in rows] == ["acme", "globex"]
    assert result.err == ""


def test_workspace_get_without_ref_shows_the_only_workspace(cli: Cli) -> None:
    result = cli("workspace", "get")
    assert result.code == exitcodes.OK
    assert _field(result.out, "Slug") == "acme"
    assert _field(result.out, "Name") == "Acme Files"


def test_workspace_get_by_slug_and_by_id_as_json(cli: Cli, demo_server: DemoServer) -> None:
    globex = demo_server.dataset.globex
    by_slug = cli("workspace", "get", "globex", "--json", token=DEMO_TOKEN)
    by_id = cli("workspace", "get", globex["id"], "--json", token=DEMO_TOKEN)
    assert by_slug.code == by_id.code == exitcodes.OK
    assert by_slug.json() == by_id.json()
    document = by_slug.json()
    assert isinstance(document, dict)
    assert document["id"] == globex["id"]
    assert document["slug"] == "globex"


def test_unknown_workspace_is_not_found(cli: Cli) -> None:
    result = cli("workspace", "get", "no-such-workspace")
    assert result.code == exitcodes.NOT_FOUND
    assert result.out == ""
    assert result.err.count("\n") == 1
    assert "no-such-workspace" in result.err


def test_a_token_with_several_workspaces_must_choose_one(cli: Cli) -> None:
    result = cli("customers", "list", token=DEMO_TOKEN)
    assert result.code == exitcodes.USAGE
    assert result.out == ""
    assert "--workspace" in result.err
    assert "acme" in result.err
    assert "globex" in result.err


def test_workspace_option_works_before_and_after_the_command(
    cli: Cli, demo_server: DemoServer
) -> None:
    before = cli("--workspace", "globex", "customers", "list", "--json", token=DEMO_TOKEN)
    after = cli("customers", "list", "--workspace", "globex", "--json", token=DEMO_TOKEN)
    assert before.code == after.code == exitcodes.OK
    assert before.json() == after.json()
    globex_id = demo_server.dataset.globex["id"]
    customers = before.json()
    assert isinstance(customers, list)
    assert customers
    assert {c["workspace_id"] for c in customers} == {globex_id}


# --- customers list -------------------------------------------------------------------


def test_customers_list_is_a_table_of_twenty_with_a_hint_on_stderr(
    cli: Cli, demo_server: DemoServer
) -> None:
    result = cli("customers", "list")
    assert result.code == exitcodes.OK
    lines = result.out.splitlines()
    assert lines[0].split() == ["ID", "EMAIL", "NAME", "EXTERNAL", "ID", "TYPE", "CREATED"]
    assert len(lines) == 21
    total = len(_acme_live_customers(demo_server))
    assert result.err == (f"showing 20 of {total:,} customers; use --limit N or --all for more\n")


def test_all_as_jsonl_streams_every_customer_once(cli: Cli, demo_server: DemoServer) -> None:
    result = cli("customers", "list", "--all", "--jsonl")
    assert result.code == exitcodes.OK
    rows = [json.loads(line) for line in result.out.splitlines()]
    expected = _acme_live_customers(demo_server)
    assert len(rows) == len(expected) > 1000
    assert len({row["id"] for row in rows}) == len(rows)
    assert {row["id"] for row in rows} == {c["id"] for c in expected}
    # Page by page at the API's maximum page size, no progress on a non-terminal stderr.
    pages = _queries(demo_server, "/api/customers/")
    assert [q["limit"] for q in pages] == [["100"]] * len(pages)
    assert len(pages) == -(-len(expected) // 100)
    assert result.err == ""


def test_all_as_json_is_one_array_matching_the_total(cli: Cli, demo_server: DemoServer) -> None:
    result = cli("customers", "list", "--all", "--json")
    customers = result.json()
    assert isinstance(customers, list)
    assert len(customers) == len(_acme_live_customers(demo_server))


def test_limit_above_the_page_size_pages_until_the_limit(cli: Cli, demo_server: DemoServer) -> None:
    result = cli("customers", "list", "--limit", "150", "--jsonl")
    assert result.code == exitcodes.OK
    assert len(result.out.splitlines()) == 150
    assert [q["page"] for q in _queries(demo_server, "/api/customers/")] == [["1"], ["2"]]


def test_csv_has_a_header_and_exact_values(cli: Cli) -> None:
    result = cli("customers", "list", "--email", ADA_EMAIL.upper(), "--csv")
    assert result.code == exitcodes.OK
    header, *rows = list(csv.reader(io.StringIO(result.out)))
    assert header[:4] == ["id", "email", "name", "external_id"]
    assert len(rows) == 1
    assert rows[0][1:4] == [ADA_EMAIL, "Ada Lovelace", ADA_EXTERNAL_ID]
    metadata = json.loads(rows[0][header.index("metadata")])
    assert metadata["plan"] == "pro"


def test_query_and_sort_are_passed_to_the_api(cli: Cli, demo_server: DemoServer) -> None:
    result = cli("customers", "list", "--query", "example.com", "--sort", "email", "--json")
    assert result.code == exitcodes.OK
    emails = [c["email"] for c in result.json()]  # type: ignore[union-attr]
    assert emails == sorted(emails, key=str.lower)
    query = _queries(demo_server, "/api/customers/")[-1]
    assert query["sorting"] == ["email"]
    assert query["query"] == ["example.com"]


def test_sort_accepts_several_keys_and_refuses_unknown_ones(
    cli: Cli, demo_server: DemoServer
) -> None:
    # A descending key starts with "-": it needs the "=" form, as any argparse option.
    result = cli("customers", "list", "--sort=-name,email", "--json")
    assert result.code == exitcodes.OK
    assert _queries(demo_server, "/api/customers/")[-1]["sorting"] == ["-name", "email"]
    refused = cli("customers", "list", "--sort", "amount")
    assert refused.code == exitcodes.USAGE
    assert "unknown sort key" in refused.err


def test_hostile_names_are_neutralised_in_tables_and_exact_in_json(cli: Cli) -> None:
    table = cli("customers", "list", "--query", "hostile", "--all")
    assert table.code == exitcodes.OK
    assert "\x1b" not in table.out
    assert "\x07" not in table.out
    assert "[/]" in table.out
    assert "␛" in table.out
    as_json = cli("customers", "list", "--query", "hostile", "--all", "--json")
    names = {c["name"] for c in as_json.json()}  # type: ignore[union-attr]
    assert set(HOSTILE_NAMES) <= names
    assert "\x1b" not in as_json.out  # escaped as \u001b in the JSON text


def test_an_empty_result_says_so_on_stderr_only(cli: Cli) -> None:
    result = cli("customers", "list", "--query", "nobody-matches-this")
    assert result.code == exitcodes.OK
    assert result.out == ""
    assert result.err == "no customers\n"
    as_json = cli("customers", "list", "--query", "nobody-matches-this", "--json")
    assert as_json.json() == []
    assert as_json.err == ""


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_all_shows_progress_only_on_a_terminal_and_clears_it(
    cli: Cli, demo_server: DemoServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RAPIDLY_ACCESS_TOKEN", DEMO_ACME_TOKEN)
    args = build_parser().parse_args(["customers", "list", "--all", "--jsonl"])
    for key, value in DEFAULTS.items():
        setattr(args, key, getattr(args, key, value))
    out, err = io.StringIO(), _Terminal()
    assert common.run_command(args, data._customers_list, stdout=out, stderr=err) == 0
    total = len(_acme_live_customers(demo_server))
    assert f"\rfetched 100 of {total:,} customers" in err.getvalue()
    assert f"\rfetched {total:,} of {total:,} customers" in err.getvalue()
    assert err.getvalue().endswith("\r\x1b[K")  # the line is gone before the prompt
    assert "fetched" not in out.getvalue()
    assert len(out.getvalue().splitlines()) == total


def test_a_limited_machine_listing_still_warns_on_stderr(cli: Cli) -> None:
    result = cli("customers", "list", "--limit", "2", "--json")
    customers = result.json()
    assert isinstance(customers, list)
    assert len(customers) == 2
    assert result.err.startswith("showing 2 of ")


class _CountingSink(io.TextIOBase):
    """A stdout that counts lines and keeps nothing."""

    def __init__(self) -> None:
        self.lines = 0

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self.lines += text.count("\n")
        return len(text)


def _peak_memory_of_all_customers(
    customers: int, monkeypatch: pytest.MonkeyPatch
) -> tuple[int, int]:
    with serve_demo(build_dataset(acme_customers=customers)) as server:
        monkeypatch.setenv("RAPIDLY_SERVER_URL", server.base_url)
        monkeypatch.setenv("RAPIDLY_ACCESS_TOKEN", DEMO_ACME_TOKEN)
        args = build_parser().parse_args(["customers", "list", "--all", "--jsonl"])
        for key, value in DEFAULTS.items():
            setattr(args, key, getattr(args, key, value))
        sink = _CountingSink()
        tracemalloc.start()
        try:
            code = common.run_command(args, data._customers_list, stdout=sink)
            _current, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert code == exitcodes.OK
    assert sink.lines == len(_acme_live_customers(server))
    return sink.lines, peak


def test_all_uses_constant_memory(isolated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    small_count, small_peak = _peak_memory_of_all_customers(500, monkeypatch)
    large_count, large_peak = _peak_memory_of_all_customers(5_000, monkeypatch)
    assert large_count > 9 * small_count
    # Ten times the customers, not ten times the memory: pages are written and dropped.
    # Keeping the 4,500 extra customers as models would add well over 10 MB; what grows
    # is the set of ids used to de-duplicate and the demo server's per-request work
    # (it runs in this process and is counted too).
    assert large_peak - small_peak < 2_000_000, (small_peak, large_peak)


# --- one customer ---------------------------------------------------------------------


def test_customer_get_resolves_id_email_and_external_id_to_the_same_customer(
    cli: Cli, demo_server: DemoServer
) -> None:
    ada = demo_server.dataset.ada
    documents = [
        cli("customer", "get", ref, "--json").json()
        for ref in (ada["id"], ADA_EMAIL, ADA_EXTERNAL_ID, ADA_EMAIL.upper())
    ]
    assert all(d == documents[0] for d in documents)
    first = documents[0]
    assert isinstance(first, dict)
    assert first["id"] == ada["id"]
    assert first["email"] == ADA_EMAIL
    assert len(first["members"]) == 3


def test_customer_get_table_shows_fields_and_members(cli: Cli) -> None:
    result = cli("customer", "get", ADA_EMAIL)
    assert result.code == exitcodes.OK
    assert _field(result.out, "Email") == "ada@example.com (verified)"
    assert _field(result.out, "Metadata") == "plan = pro"
    assert "Members (3)" in result.out
    assert "charles@example.com" in result.out
    assert result.err == ""


@pytest.mark.parametrize(
    "ref",
    ["nobody@example.com", "00000000-0000-4000-8000-000000000000", "no-such-external-id"],
)
def test_unknown_customer_exits_4_with_one_line(cli: Cli, ref: str) -> None:
    result = cli("customer", "get", ref)
    assert result.code == exitcodes.NOT_FOUND
    assert result.out == ""
    assert result.err.startswith("rapidly-tui: ")
    assert result.err.count("\n") == 1
    _no_traceback(result)


def test_customer_members_lists_them(cli: Cli) -> None:
    result = cli("customer", "members", ADA_EXTERNAL_ID, "--csv")
    assert result.code == exitcodes.OK
    header, *rows = list(csv.reader(io.StringIO(result.out)))
    assert header[:3] == ["id", "customer_id", "email"]
    assert sorted(row[2] for row in rows) == [
        "ada@example.com",
        "charles@example.com",
        "mary@example.com",
    ]


def test_customer_state_shows_the_customer_fields(cli: Cli, demo_server: DemoServer) -> None:
    result = cli("customer", "state", ADA_EMAIL, "--json")
    assert result.code == exitcodes.OK
    state = result.json()
    assert isinstance(state, dict)
    assert state["id"] == demo_server.dataset.ada["id"]
    table = cli("customer", "state", ADA_EMAIL)
    assert "Ada Lovelace" in table.out


def test_customer_in_another_workspace_is_not_found_with_explicit_workspace(
    cli: Cli, demo_server: DemoServer
) -> None:
    ada_id = demo_server.dataset.ada["id"]
    result = cli("customer", "get", ada_id, "--workspace", "globex", token=DEMO_TOKEN)
    assert result.code == exitcodes.NOT_FOUND
    assert "not in this workspace" in result.err


# --- payments, deliveries, events -----------------------------------------------------


def test_payments_of_one_customer_filter_by_its_email(cli: Cli, demo_server: DemoServer) -> None:
    result = cli("payments", "list", "--customer", ADA_EMAIL, "--json", "--all")
    assert result.code == exitcodes.OK
    payments = result.json()
    assert isinstance(payments, list)
    assert payments
    query = _queries(demo_server, "/api/payments/")[-1]
    assert query["customer_email"] == [ADA_EMAIL]
    assert query["workspace_id"] == [demo_server.dataset.acme["id"]]


def test_payments_by_status(cli: Cli) -> None:
    result = cli("payments", "list", "--status", "failed", "--all", "--jsonl")
    assert result.code == exitcodes.OK
    statuses = {json.loads(line)["status"] for line in result.out.splitlines()}
    assert statuses == {"failed"}
    table = cli("payments", "list", "--status", "failed")
    assert "FAILED" not in table.out.splitlines()[0]
    assert table.out.splitlines()[0].split()[:4] == ["ID", "CREATED", "STATUS", "AMOUNT"]
    refused = cli("payments", "list", "--status", "refunded")
    assert refused.code == exitcodes.USAGE


def test_failed_webhook_deliveries_since_a_duration(cli: Cli, demo_server: DemoServer) -> None:
    before = datetime.now(timezone.utc)
    result = cli("webhooks", "deliveries", "--failed", "--since", "3650d", "--json")
    assert result.code == exitcodes.OK
    deliveries = result.json()
    assert isinstance(deliveries, list)
    assert deliveries
    assert all(d["succeeded"] is False for d in deliveries)
    query = _queries(demo_server, "/api/webhooks/deliveries")[-1]
    assert query["succeeded"] == ["false"]
    start = datetime.fromisoformat(query["start_timestamp"][0])
    assert abs((before - timedelta(days=3650)) - start) < timedelta(minutes=1)
    table = cli("webhooks", "deliveries", "--failed")
    assert "FAILED" in table.out


def test_events_of_one_customer(cli: Cli, demo_server: DemoServer) -> None:
    ada = demo_server.dataset.ada
    result = cli("events", "list", "--customer", ADA_EMAIL, "--all", "--jsonl")
    assert result.code == exitcodes.OK
    events = [json.loads(line) for line in result.out.splitlines()]
    assert events
    assert {e["customer_id"] for e in events} == {ada["id"]}
    recent = cli("events", "list", "--since", "30m", "--json")
    assert recent.code == exitcodes.OK
    assert "start_timestamp" in _queries(demo_server, "/api/events/")[-1]


# --- errors and exit codes ------------------------------------------------------------


def test_no_token_exits_3_with_how_to_log_in(cli: Cli) -> None:
    result = cli("customers", "list", token=None)
    assert result.code == exitcodes.AUTH
    assert result.out == ""
    assert result.err == (
        "rapidly-tui: no token: run `rapidly-tui auth login` or set RAPIDLY_ACCESS_TOKEN\n"
    )


def test_rejected_token_exits_3(cli: Cli, demo_server: DemoServer) -> None:
    demo_server.faults.status("/api/", 401)
    result = cli("customers", "list")
    assert result.code == exitcodes.AUTH
    assert "Token rejected (401)" in result.err
    assert "request id" in result.err
    assert DEMO_ACME_TOKEN not in result.err
    _no_traceback(result)


@pytest.mark.parametrize(
    ("status", "code"),
    [
        (401, exitcodes.AUTH),
        (403, exitcodes.AUTH),
        (404, exitcodes.NOT_FOUND),
        (422, exitcodes.USAGE),
        (409, exitcodes.UNEXPECTED),
        (500, exitcodes.RETRYABLE),
    ],
)
def test_each_error_status_has_its_exit_code(
    cli: Cli, demo_server: DemoServer, status: int, code: int
) -> None:
    demo_server.faults.status("/api/payments/", status)
    result = cli("payments", "list")
    assert result.code == code
    assert result.out == ""
    assert result.err.count("\n") == 1
    assert result.err.startswith("rapidly-tui: ")
    _no_traceback(result)


def test_missing_scope_exits_3_and_names_the_scope(cli: Cli) -> None:
    result = cli("payments", "list", token=DEMO_LIMITED_TOKEN)
    assert result.code == exitcodes.AUTH
    assert "payments:read" in result.err
    assert result.err.count("\n") == 1


def test_server_errors_are_retried_then_exit_5(cli: Cli, demo_server: DemoServer) -> None:
    demo_server.faults.server_error("/api/customers/", 503)
    result = cli("customers", "list")
    assert result.code == exitcodes.RETRYABLE
    notices = result.err.splitlines()[:-1]
    assert [n.split(", ")[0] for n in notices] == ["server error (HTTP 503)"] * 2
    assert notices[0].endswith("(attempt 1/3)")
    assert notices[1].endswith("(attempt 2/3)")
    assert result.err.splitlines()[-1].startswith("rapidly-tui: Server error")
    assert demo_server.faults.count("/api/customers/") == 3


def test_rate_limit_is_retried_with_a_notice_and_then_succeeds(
    cli: Cli, demo_server: DemoServer
) -> None:
    demo_server.faults.rate_limit("/api/customers/", retry_after=0, times=1)
    result = cli("customers", "list", "--json")
    assert result.code == exitcodes.OK
    assert result.err.splitlines()[0] == "rate limited, retrying in 0 s (attempt 1/3)"
    assert isinstance(result.json(), list)


def test_rate_limit_after_every_retry_exits_5(cli: Cli, demo_server: DemoServer) -> None:
    demo_server.faults.rate_limit("/api/customers/", retry_after=0)
    result = cli("customers", "list")
    assert result.code == exitcodes.RETRYABLE
    assert "Rate limited (429)" in result.err.splitlines()[-1]


def test_dropped_connections_exit_5(cli: Cli, demo_server: DemoServer) -> None:
    demo_server.faults.drop_connection("/api/workspaces/")
    result = cli("workspaces", "list")
    assert result.code == exitcodes.RETRYABLE
    assert "connection failed, retrying" in result.err
    assert result.err.splitlines()[-1].startswith("rapidly-tui: Connection failed")
    _no_traceback(result)


def test_unreadable_response_exits_1_without_traceback(cli: Cli, demo_server: DemoServer) -> None:
    demo_server.faults.malformed_json("/api/workspaces/")
    result = cli("workspaces", "list")
    assert result.code == exitcodes.UNEXPECTED
    assert result.err.startswith("rapidly-tui: Unreadable response")
    _no_traceback(result)


@pytest.mark.parametrize(
    "argv",
    [
        ["customers", "list", "--limit", "0"],
        ["customers", "list", "--limit", "5", "--all"],
        ["customers", "list", "--json", "--csv"],
        ["events", "list", "--since", "yesterday"],
        ["customer", "get"],
        ["customer", "state", "x", "--csv"],
        ["customers"],
    ],
)
def test_usage_errors_exit_2(cli: Cli, argv: list[str]) -> None:
    assert cli(*argv).code == exitcodes.USAGE


def test_unexpected_errors_are_one_line_and_logged_without_the_token(
    cli: Cli, isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(context: common.CommandContext) -> None:
        raise RuntimeError(f"bug while holding {DEMO_ACME_TOKEN}")

    monkeypatch.setattr(workspaces, "_workspaces_list", broken)
    result = cli("workspaces", "list")
    assert result.code == exitcodes.UNEXPECTED
    assert result.err == (
        "rapidly-tui: unexpected error (RuntimeError); run with --log FILE for details\n"
    )
    log_file = isolated / "debug.log"
    logged = cli("workspaces", "list", "--log", str(log_file))
    assert logged.err == (
        f"rapidly-tui: unexpected error (RuntimeError); details are in {log_file}\n"
    )
    text = log_file.read_text()
    assert "Traceback" in text
    assert "RuntimeError: bug while holding" in text
    assert DEMO_ACME_TOKEN not in text
    # The log file is closed when the command ends.
    assert not any(
        getattr(handler, "baseFilename", None) == str(log_file)
        for handler in logging.getLogger().handlers
    )


def test_exit_code_mapping_covers_every_error_family() -> None:
    assert common.exit_code_for(errors.Unauthorized("x", status=401)) == exitcodes.AUTH
    assert common.exit_code_for(errors.Forbidden("x")) == exitcodes.AUTH
    assert common.exit_code_for(errors.NotFound("x", status=404)) == exitcodes.NOT_FOUND
    assert common.exit_code_for(errors.Invalid("x")) == exitcodes.USAGE
    assert common.exit_code_for(errors.RateLimited("x")) == exitcodes.RETRYABLE
    assert common.exit_code_for(errors.ServerError("x", status=502)) == exitcodes.RETRYABLE
    assert common.exit_code_for(errors.Timeout("x")) == exitcodes.RETRYABLE
    assert common.exit_code_for(errors.ConnectionFailed("x")) == exitcodes.RETRYABLE
    assert common.exit_code_for(errors.DecodeError("x")) == exitcodes.UNEXPECTED
    assert common.exit_code_for(errors.UnexpectedStatus("x", status=409)) == exitcodes.UNEXPECTED
    assert common.exit_code_for(common.CommandError("x")) == exitcodes.USAGE
    assert common.exit_code_for(ValueError("x")) == exitcodes.UNEXPECTED


def test_retry_notice_text() -> None:
    notice = RetryNotice(1, 3, 30.0, errors.RateLimited("Too many requests.", retry_after=30))
    assert common.retry_message(notice) == "rate limited, retrying in 30 s (attempt 1/3)"
    timeout = RetryNotice(2, 3, 0.74, errors.Timeout("slow"))
    assert common.retry_message(timeout) == "timed out, retrying in 0.7 s (attempt 2/3)"


def test_error_lines_neutralise_what_the_server_sent() -> None:
    error = errors.NotFound("No customer \x1b]52;c;aGk=\x07 here", status=404, request_id="r\x1b1")
    line = common.error_message(error)
    assert "\x1b" not in line
    assert line.startswith("Not found (404): No customer ␛]52")
    assert line.endswith("(request id r␛1)")


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("30m", 1800), ("24h", 86400), ("7d", 604800), ("1h30m", 5400), ("2w", 1209600)],
)
def test_durations(text: str, seconds: int) -> None:
    assert data.parse_duration(text) == timedelta(seconds=seconds)


@pytest.mark.parametrize("text", ["", "0m", "10", "m", "1.5h", "-3d", "3 d", "99999999d"])
def test_bad_durations(text: str) -> None:
    with pytest.raises(Exception, match="duration"):
        data.parse_duration(text)
