"""The incident commands end to end: `main([...])` in-process against the demo API over
loopback TCP: payments, webhooks (always within the workspace, through its endpoints),
events, members, shares, and the Markdown notes."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import pytest

from rapidly_tui import exitcodes
from rapidly_tui.cli import main
from rapidly_tui.demo import ADA_EMAIL, ADA_EXTERNAL_ID, DEMO_ACME_TOKEN, DEMO_TOKEN
from tests.support.server import DemoServer

pytestmark = pytest.mark.e2e


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


Cli = Callable[..., Result]


@pytest.fixture
def cli(
    demo_server: DemoServer,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> Cli:
    """The CLI against the loopback demo; default token: the user token (it sees two
    workspaces, so every command must keep to one)."""
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(name, str(tmp_path / name.lower()))
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyrings.alt.file.PlaintextKeyring")
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("RAPIDLY_SERVER_URL", demo_server.base_url)

    def run(*argv: str, token: str = DEMO_TOKEN) -> Result:
        monkeypatch.setenv("RAPIDLY_ACCESS_TOKEN", token)
        capsys.readouterr()
        try:
            code = main(list(argv))
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else exitcodes.UNEXPECTED
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


def _acme_endpoints(server: DemoServer) -> list[dict[str, Any]]:
    data = server.dataset
    return [e for e in data.webhook_endpoints if e["workspace_id"] == data.acme["id"]]


def _acme_deliveries(server: DemoServer) -> list[Any]:
    webhooks = server.dataset.webhooks
    return [d for e in _acme_endpoints(server) for d in webhooks.deliveries_of(e["id"])]


def _when(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


# --- webhooks -------------------------------------------------------------------------


def test_done_when_deliveries_failed_json_are_the_workspace_failed_ones_only(
    cli: Cli, demo_server: DemoServer
) -> None:
    result = cli("--workspace", "acme", "webhooks", "deliveries", "--failed", "--all", "--json")
    assert result.code == exitcodes.OK, result.err
    shown = result.json()
    expected = {d.record()["id"] for d in _acme_deliveries(demo_server) if not d.succeeded}
    assert expected
    assert {d["id"] for d in shown} == expected  # none of Globex's, none succeeded
    assert all(d["succeeded"] is False for d in shown)
    times = [_when(d["created_at"]) for d in shown]
    assert times == sorted(times, reverse=True)  # merged newest first
    acme_ids = {e["id"] for e in _acme_endpoints(demo_server)}
    for query in (
        parse_qs(r.query)
        for r in demo_server.faults.requests
        if r.path == "/api/webhooks/deliveries"
    ):
        assert set(query["endpoint_id"]) == acme_ids


def test_deliveries_filters_http_class_event_type_and_endpoint(
    cli: Cli, demo_server: DemoServer
) -> None:
    endpoint = _acme_endpoints(demo_server)[1]
    result = cli(
        "webhooks", "deliveries", "--endpoint", endpoint["id"], "--http-class", "5xx",
        "--event-type", "customer.created", "--all", "--jsonl", token=DEMO_ACME_TOKEN,
    )  # fmt: skip
    assert result.code == exitcodes.OK, result.err
    rows = [json.loads(line) for line in result.out.splitlines()]
    expected = {
        d.record()["id"]
        for d in demo_server.dataset.webhooks.deliveries_of(endpoint["id"])
        if d.http_code is not None and 500 <= d.http_code < 600
        and d.event_type == "customer.created"
    }  # fmt: skip
    assert rows
    assert {r["id"] for r in rows} == expected


def test_deliveries_of_an_endpoint_of_another_workspace_is_not_found(
    cli: Cli, demo_server: DemoServer
) -> None:
    data = demo_server.dataset
    globex = next(e for e in data.webhook_endpoints if e["workspace_id"] == data.globex["id"])
    result = cli("--workspace", "acme", "webhooks", "deliveries", "--endpoint", globex["id"])
    assert result.code == exitcodes.NOT_FOUND
    assert "in workspace acme" in result.err
    assert result.out == ""


def test_webhook_secrets_never_appear_in_any_command_output(
    cli: Cli, demo_server: DemoServer
) -> None:
    secrets = [e["secret"] for e in demo_server.dataset.webhook_endpoints]
    assert all(s.startswith("rapidly_whs_") for s in secrets)
    delivery_id = _acme_deliveries(demo_server)[0].record()["id"]
    outputs = [
        cli("--workspace", w, "webhooks", "endpoints", "--all", *fmt)
        for w in ("acme", "globex")
        for fmt in ((), ("--json",), ("--jsonl",), ("--csv",))
    ]
    outputs += [
        cli("--workspace", "acme", "webhooks", "delivery", delivery_id, *fmt)
        for fmt in ((), ("--json",), ("--format", "markdown"))
    ]
    outputs.append(cli("--workspace", "acme", "webhooks", "deliveries", "--all", "--json"))
    for result in outputs:
        assert result.code == exitcodes.OK, result.err
        for secret in secrets:
            assert secret not in result.out
            assert secret not in result.err
            assert secret[len("rapidly_whs_") :][:12] not in result.out
    endpoints = json.loads(outputs[1].out)
    assert all(e["secret"].startswith("rapidly_whs_…") for e in endpoints)
    header = next(csv.reader(io.StringIO(outputs[3].out)))
    assert "secret" not in header


def test_webhook_delivery_pretty_prints_its_payload_in_the_order_sent(
    cli: Cli, demo_server: DemoServer
) -> None:
    record = _acme_deliveries(demo_server)[0].record()
    payload = record["webhook_event"]["payload"]
    result = cli("--workspace", "acme", "webhooks", "delivery", record["id"])
    assert result.code == exitcodes.OK, result.err
    shown = result.out.split("\nPayload\n", 1)[1]
    parsed = json.loads(payload)
    assert shown.rstrip("\n") == json.dumps(parsed, indent=2, ensure_ascii=False)
    assert shown.startswith('{\n  "type": ')  # 2-space indent, keys as sent
    assert "Endpoint" in result.out.split("\nPayload\n")[0]
    # --json keeps the API's object: the payload stays a JSON string.
    as_json = cli("--workspace", "acme", "webhooks", "delivery", record["id"], "--json")
    assert as_json.json()["webhook_event"]["payload"] == payload


def test_webhook_delivery_unknown_says_how_far_it_looked(cli: Cli) -> None:
    result = cli(
        "--workspace", "acme", "webhooks", "delivery", "00000000-0000-4000-8000-000000000000"
    )
    assert result.code == exitcodes.NOT_FOUND
    assert "among the latest 1,000 deliveries of each of the 4 webhook endpoint(s)" in result.err


# --- payments -------------------------------------------------------------------------


def test_done_when_failed_payments_of_the_last_30_days(cli: Cli, demo_server: DemoServer) -> None:
    result = cli(
        "--workspace", "acme", "payments", "list", "--status", "failed", "--since", "30d",
        "--all", "--json",
    )  # fmt: skip
    assert result.code == exitcodes.OK, result.err
    shown = result.json()
    cutoff = datetime.now(timezone.utc) - timedelta(days=30)
    data = demo_server.dataset
    expected = {
        p["id"]
        for p in data.payments
        if p["workspace_id"] == data.acme["id"]
        and p["status"] == "failed"
        and _when(p["created_at"]) >= cutoff
    }
    assert expected
    assert {p["id"] for p in shown} == expected
    assert all(p["status"] == "failed" for p in shown)


def test_payments_since_is_a_window_even_when_older_payments_exist(cli: Cli) -> None:
    recent = cli("--workspace", "acme", "payments", "list", "--since", "1s", "--all", "--json")
    assert recent.code == exitcodes.OK
    assert recent.json() == []


def test_payments_method_filter_and_payment_get(cli: Cli, demo_server: DemoServer) -> None:
    result = cli("--workspace", "acme", "payments", "list", "--method", "card", "--jsonl")
    rows = [json.loads(line) for line in result.out.splitlines()]
    assert rows
    assert {r["method"] for r in rows} == {"card"}
    shown = cli("payment", "get", rows[0]["id"])
    assert shown.code == exitcodes.OK
    assert rows[0]["id"] in shown.out
    assert "not given by the API" in shown.out
    note = cli("payment", "get", rows[0]["id"], "--format", "markdown")
    assert note.out.startswith(f"## Payment {rows[0]['id']}\n")
    assert "- **Request ID:** " in note.out


# --- events, members, shares -------------------------------------------------------------


def test_events_list_filters_by_name_and_source_and_event_get(
    cli: Cli, demo_server: DemoServer
) -> None:
    result = cli(
        "--workspace", "acme", "events", "list", "--name", "file.uploaded", "--source", "user",
        "--all", "--json",
    )  # fmt: skip
    shown = result.json()
    data = demo_server.dataset
    expected = {
        e["id"]
        for e in data.events
        if e["workspace_id"] == data.acme["id"]
        and e["name"] == "file.uploaded"
        and e["source"] == "user"
    }
    assert expected
    assert {e["id"] for e in shown} == expected
    one = cli("event", "get", shown[0]["id"])
    assert one.code == exitcodes.OK
    assert "file.uploaded" in one.out


def test_members_list_of_a_customer_and_of_a_one_workspace_token(cli: Cli) -> None:
    result = cli("members", "list", "--customer", ADA_EMAIL, "--workspace", "acme", "--json")
    assert result.code == exitcodes.OK, result.err
    assert {m["email"] for m in result.json()} >= {ADA_EMAIL}
    # A token of two workspaces: tests/e2e/test_members_workspace_cli.py.
    scoped = cli("members", "list", "--jsonl", token=DEMO_ACME_TOKEN)
    assert scoped.code == exitcodes.OK
    assert scoped.out.count("\n") == 20


def test_shares_list_and_share_get(cli: Cli, demo_server: DemoServer) -> None:
    result = cli("--workspace", "acme", "shares", "list", "--csv")
    rows = list(csv.DictReader(io.StringIO(result.out)))
    assert rows
    one = cli("share", "get", rows[0]["id"], "--json")
    assert one.json()["id"] == rows[0]["id"]


# --- formats and usage ---------------------------------------------------------------


def test_done_when_customer_get_markdown_names_ada_and_her_members(cli: Cli) -> None:
    result = cli("--workspace", "acme", "customer", "get", ADA_EMAIL, "--format", "markdown")
    assert result.code == exitcodes.OK, result.err
    note = result.out
    assert note.startswith("## Customer Ada Lovelace\n")
    assert f"- **External ID:** {ADA_EXTERNAL_ID}" in note
    assert "### Members (3)" in note
    for name in ("Charles Babbage", "Mary Somerville"):
        assert name in note
    assert "### Latest failed payment" in note
    assert DEMO_TOKEN not in note


def test_a_usage_error_prints_the_subcommand_usage(cli: Cli) -> None:
    result = cli("webhooks", "deliveries", "--http-class", "6xx")
    assert result.code == exitcodes.USAGE
    assert result.err.startswith("usage: rapidly-tui webhooks deliveries")
    follow_json = cli("--workspace", "acme", "payments", "list", "--follow", "--json")
    assert follow_json.code == exitcodes.USAGE
    assert "usage: rapidly-tui payments list" in follow_json.err


def test_payments_window_says_when_more_of_it_was_left_out(cli: Cli) -> None:
    argv = ("--workspace", "acme", "payments", "list", "--status", "failed", "--since", "30d")
    cut = cli(*argv, "--limit", "3", "--jsonl")
    assert cut.out.count("\n") == 3
    assert "showing the latest 3 payments of the window; use --limit N or --all" in cut.err
    whole = cli(*argv, "--limit", "100", "--jsonl")
    assert whole.out.count("\n") > 3
    assert whole.err == ""


def test_format_names_the_same_formats_as_the_flags(cli: Cli) -> None:
    by_flag = cli("--workspace", "acme", "events", "list", "--jsonl")
    by_name = cli("--workspace", "acme", "events", "list", "--format", "jsonl")
    assert by_flag.out == by_name.out
    assert by_flag.out.count("\n") == 20
    refused = cli("--workspace", "acme", "events", "list", "--format", "markdown")
    assert refused.code == exitcodes.USAGE


def test_markdown_notes_of_hostile_customers_carry_no_control_characters(
    cli: Cli, demo_server: DemoServer
) -> None:
    from rapidly_tui.demo import HOSTILE_NAMES

    hostile = [c for c in demo_server.dataset.live_customers if c["name"] in HOSTILE_NAMES]
    assert len(hostile) >= 5
    for customer in hostile:
        result = cli("customer", "get", customer["id"], "--format", "markdown")
        assert result.code == exitcodes.OK, result.err
        title = result.out.splitlines()[0]
        assert all(ord(char) >= 0x20 and char not in "\x7f\u202e" for char in title), title
        assert "](" not in title.replace("\\](", "")
