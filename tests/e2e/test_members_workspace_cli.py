"""``members list --workspace W`` with a token that sees two workspaces: only the
members of W's customers, over loopback TCP (the API has no workspace filter for
members)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rapidly_tui import exitcodes
from rapidly_tui.cli import main
from rapidly_tui.demo import DEMO_ACME_TOKEN, DEMO_TOKEN
from tests.support.server import DemoServer

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


def _members_of(server: DemoServer, slug: str) -> set[str]:
    data = server.dataset
    workspace_id = data.workspace_by_slug[slug]["id"]
    return {
        m["id"]
        for m in data.members
        if (customer := data.customer_by_id[m["customer_id"]])["workspace_id"] == workspace_id
        and customer["deleted_at"] is None
    }


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
    shown = [m["id"] for m in json.loads(out)]
    assert set(shown) == wanted
    assert len(shown) == len(wanted)  # each once
    # Two lists read, never a request per customer.
    paths = {r.path for r in demo_server.faults.requests}
    assert paths <= {"/api/workspaces/", "/api/customers/", "/api/members/"}
    for request in demo_server.faults.requests:
        if request.path == "/api/members/":
            assert "customer_id" not in request.query


def test_members_list_table_says_how_it_was_scoped_and_counts_the_workspace(
    demo_server: DemoServer,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    wanted = _members_of(demo_server, "acme")
    code, out, err = _run(
        ["members", "list", "--workspace", "acme", "--limit", "5"],
        demo_server,
        monkeypatch,
        tmp_path,
        capsys,
    )
    assert code == exitcodes.OK, err
    assert out.count("\n") > 5  # the header and 5 rows
    assert "members of workspace acme's customers" in err
    # The total said is the workspace's, not that of every member the token sees.
    assert f"showing 5 of {len(wanted):,} members" in err


def test_a_token_of_one_workspace_pages_its_members_without_reading_customers(
    demo_server: DemoServer,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Its members are the workspace's: one page of them, no customers list."""
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
    assert len(shown) == 20
    assert set(shown) <= wanted
    assert demo_server.faults.count("/api/customers/") == 0
    assert demo_server.faults.count("/api/members/") == 1
