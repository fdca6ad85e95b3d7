"""``members list --workspace W`` with a token that sees two workspaces: only the
members of W's customers, over loopback TCP (the API has no workspace filter for
members: they come with a page of W's customers, ``include_members=true``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rapidly_tui import exitcodes
from rapidly_tui.cli import main
from rapidly_tui.demo import DEMO_ACME_TOKEN, DEMO_TOKEN, build_dataset
from tests.support.server import DemoServer, serve_demo

pytestmark = pytest.mark.e2e


def _run(
    argv: list[str],
    server: DemoServer,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    *,
    token: str = DEMO_TOKEN,
) -> tuple[int, str, str]:
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(name, str(tmp_path / name.lower()))
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyrings.alt.file.PlaintextKeyring")
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("RAPIDLY_SERVER_URL", server.base_url)
    monkeypatch.setenv("RAPIDLY_ACCESS_TOKEN", token)  # DEMO_TOKEN sees acme and globex
    capsys.readouterr()
    try:
        code = main(argv)
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else exitcodes.UNEXPECTED
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _members_of(server: DemoServer, slug: str) -> list[str]:
    """W's members as listed: its live customers newest first, each one's members."""
    data = server.dataset
    workspace_id = data.workspace_by_slug[slug]["id"]
    customers = sorted(
        (c for c in data.live_customers if c["workspace_id"] == workspace_id),
        key=lambda c: c["created_at"],
        reverse=True,
    )
    return [m["id"] for c in customers for m in data.members_by_customer.get(c["id"], [])]


@pytest.mark.parametrize("slug", ["acme", "globex"])
def test_members_list_of_a_workspace_keeps_to_its_customers(
    slug: str,
    demo_server: DemoServer,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    wanted = _members_of(demo_server, slug)
    other = _members_of(demo_server, "globex" if slug == "acme" else "acme")
    # Both workspaces have members: mixing them would show.
    assert wanted
    assert other

    code, out, err = _run(
        ["members", "list", "--workspace", slug, "--all", "--json"],
        demo_server,
        monkeypatch,
        tmp_path,
        capsys,
    )

    assert code == exitcodes.OK, err
    assert [m["id"] for m in json.loads(out)] == wanted  # each once, customer by customer
    # A page of customers with their members per request, never the members list.
    customer_pages = [r for r in demo_server.faults.requests if r.path == "/api/customers/"]
    data = demo_server.dataset
    workspace_id = data.workspace_by_slug[slug]["id"]
    customers = sum(c["workspace_id"] == workspace_id for c in data.live_customers)
    assert len(customer_pages) == -(-customers // 100)
    assert all("include_members=true" in r.query for r in customer_pages)
    assert demo_server.faults.count("/api/members/") == 0
    assert "showing" not in err  # --all: every member, nothing left to say


def test_members_list_says_which_customers_the_members_shown_come_from(
    demo_server: DemoServer,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Without --all: the first page of customers' members; no member total exists, so
    stderr says which customers were read (Acme has 1,214)."""
    wanted = _members_of(demo_server, "acme")
    code, out, err = _run(
        ["members", "list", "--workspace", "acme", "--jsonl"],
        demo_server,
        monkeypatch,
        tmp_path,
        capsys,
    )
    assert code == exitcodes.OK, err
    shown = [json.loads(line)["id"] for line in out.splitlines()]
    assert shown == wanted[: len(shown)]
    assert 0 < len(shown) < len(wanted)
    assert f"showing {len(shown):,} members, read from customers 1–" in err
    assert " of 1,214; use --limit N or --all for more" in err
    assert f"of {len(wanted):,}" not in err

    code, out, err = _run(
        ["members", "list", "--workspace", "acme", "--limit", "5"],
        demo_server,
        monkeypatch,
        tmp_path,
        capsys,
    )
    assert code == exitcodes.OK, err
    assert out.count("\n") == 6  # the header and 5 rows
    assert "showing 5 members, read from customers 1–100 of 1,214" in err


def test_a_token_of_one_workspace_lists_its_members_the_same_way(
    demo_server: DemoServer,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    wanted = _members_of(demo_server, "acme")
    code, out, err = _run(
        ["members", "list", "--limit", "20", "--jsonl"],
        demo_server,
        monkeypatch,
        tmp_path,
        capsys,
        token=DEMO_ACME_TOKEN,
    )
    assert code == exitcodes.OK, err
    shown = [json.loads(line)["id"] for line in out.splitlines()]
    assert shown == wanted[:20]
    assert demo_server.faults.count("/api/customers/") == 1
    assert demo_server.faults.count("/api/members/") == 0


def test_customers_pages_without_members_do_not_end_the_list(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Acme's customers 1-200 (two pages) have no members: the command reads on."""
    data = build_dataset()
    acme = data.acme["id"]
    newest = sorted(
        (c for c in data.live_customers if c["workspace_id"] == acme),
        key=lambda c: c["created_at"],
        reverse=True,
    )
    for customer in newest[:200]:
        data.members_by_customer.pop(customer["id"], None)
    with serve_demo(data) as server:
        wanted = _members_of(server, "acme")
        assert wanted
        code, out, err = _run(
            ["members", "list", "--workspace", "acme", "--all", "--jsonl"],
            server,
            monkeypatch,
            tmp_path,
            capsys,
        )
        assert code == exitcodes.OK, err
        assert [json.loads(line)["id"] for line in out.splitlines()] == wanted

        code, out, err = _run(
            ["members", "list", "--workspace", "acme", "--limit", "5", "--jsonl"],
            server,
            monkeypatch,
            tmp_path,
            capsys,
        )
        assert code == exitcodes.OK, err
        assert [json.loads(line)["id"] for line in out.splitlines()] == wanted[:5]
        assert "showing 5 members, read from customers 1–300 of 1,214" in err
