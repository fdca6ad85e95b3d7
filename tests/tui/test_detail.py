"""Customer detail: every field, members, state, payments, events, raw JSON, copy,
dashboard link, and hostile values shown literally."""

from __future__ import annotations

import json
from typing import Any

import pytest

from rapidly_tui.app import RapidlyApp
from rapidly_tui.screens.detail import CustomerDetailScreen
from rapidly_tui.screens.modals import CopyMenu
from rapidly_tui.widgets.panel import Panel
from rapidly_tui.widgets.tables import FieldList, RowTable
from tests.tui.harness import SIZE, make_harness, screen_named, wait_until

SECTIONS = ("#panel-profile", "#panel-members", "#panel-state", "#panel-payments", "#panel-events")


def detail_of(app: RapidlyApp) -> CustomerDetailScreen:
    screen = app.screen
    assert isinstance(screen, CustomerDetailScreen)
    return screen


def filled(app: RapidlyApp) -> bool:
    screen = app.screen
    return isinstance(screen, CustomerDetailScreen) and all(
        screen.query_one(s, Panel).state == "ready" for s in SECTIONS
    )


async def open_customer(pilot: Any, app: RapidlyApp) -> CustomerDetailScreen:
    await wait_until(pilot, lambda: filled(app), what="detail filled")
    return detail_of(app)


async def test_ada_shows_every_section() -> None:
    h = make_harness(start_customer="usr_1337")
    async with h.app.run_test(size=SIZE) as pilot:
        screen = await open_customer(pilot, h.app)
        profile = screen.query_one("#profile", FieldList)
        assert profile.value_plain("Name") == "Ada Lovelace"
        assert profile.value_plain("Email") == "ada@example.com  ✓ verified"
        assert profile.value_plain("External ID") == "usr_1337"
        assert profile.value_plain("Type") == "team"
        assert profile.value_plain("Created").endswith(" UTC")
        assert profile.value_plain("Deleted") == "—"
        address = screen.query_one("#address", FieldList)
        assert address.value_plain("City") == "London"
        assert address.value_plain("Country") == "GB"
        metadata = screen.query_one("#metadata", RowTable)
        pairs = {metadata.cell_plain(i, "key"): metadata.cell_plain(i, "value") for i in range(2)}
        assert pairs == {"plan": "pro", "seats": "3"}
        members = screen.query_one("#members", RowTable)
        rows = [
            (members.cell_plain(i, "name"), members.cell_plain(i, "role"))
            for i in range(members.row_count)
        ]
        assert len(rows) == 3
        assert "Charles Babbage" in [name for name, _ in rows]
        assert {role for _, role in rows} == {"owner", "billing_manager", "member"}
        state = screen.query_one("#state", FieldList)
        assert state.value_plain("Snapshot") == "matches the profile"
        assert screen.query_one("#payments", RowTable).row_count > 0
        assert screen.query_one("#events", RowTable).row_count > 0
        assert "Acme Files" in screen.query_one("#topbar").trail_plain  # type: ignore[attr-defined]
        # Payments are asked for by the customer's email, events by id.
        assert any("customer_email=ada%40example.com" in q for _, q in h.requests("/api/payments/"))
        assert any(f"customer_id={screen.customer_id}" in q for _, q in h.requests("/api/events/"))


async def test_null_type_reads_individual_legacy() -> None:
    h = make_harness(start_customer="legacy@example.com")
    async with h.app.run_test(size=SIZE) as pilot:
        screen = await open_customer(pilot, h.app)
        assert screen.query_one("#profile", FieldList).value_plain("Type") == "individual (legacy)"


async def test_j_toggles_the_raw_json_neutralised() -> None:
    h = make_harness(start_customer="hostile4@example.com")
    async with h.app.run_test(size=SIZE) as pilot:
        screen = await open_customer(pilot, h.app)
        await pilot.press("j")
        assert screen.showing_json
        shown = str(screen.query_one("#json").render())
        data = json.loads(screen.json_text)
        assert data["email"] == "hostile4@example.com"
        assert "\x1b" in screen.json_text or "\\u001b" in screen.json_text or "␛" in shown
        assert "\x1b" not in shown  # ESC never reaches the terminal
        assert "\x07" not in shown
        await pilot.press("j")
        assert not screen.showing_json


async def test_copy_menu_copies_the_chosen_value_and_names_it() -> None:
    h = make_harness(start_customer="usr_1337")
    written: list[str] = []
    async with h.app.run_test(size=SIZE) as pilot:
        h.app.copy_to_clipboard = written.append  # type: ignore[method-assign]
        screen = await open_customer(pilot, h.app)
        await pilot.press("y")
        await wait_until(pilot, lambda: isinstance(h.app.screen, CopyMenu))
        await pilot.press("i")
        await wait_until(pilot, lambda: written)
        assert written == [screen.customer_id]
        assert h.app.copied[-1] == ("customer id", screen.customer_id)
        messages = [n.message for n in h.app._notifications]
        assert "Copied customer id" in messages
        assert screen.customer_id not in " ".join(messages)  # the value is not echoed
        await pilot.press("y")
        await wait_until(pilot, lambda: isinstance(h.app.screen, CopyMenu))
        await pilot.press("j")
        await wait_until(pilot, lambda: len(written) == 2)
        assert json.loads(written[1])["external_id"] == "usr_1337"


async def test_dashboard_on_demo_says_there_is_none() -> None:
    h = make_harness(start_customer="usr_1337")
    async with h.app.run_test(size=SIZE) as pilot:
        await open_customer(pilot, h.app)
        await pilot.press("o")
        await wait_until(pilot, lambda: h.app._notifications)
        assert any("no known dashboard" in n.message for n in h.app._notifications)


async def test_dashboard_over_ssh_shows_and_copies_the_production_url(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from dataclasses import replace

    h = make_harness(start_customer="usr_1337", environ={"SSH_CONNECTION": "1 2 3 4"})
    opened: list[str] = []
    monkeypatch.setattr("webbrowser.open", lambda *a, **k: opened.append(a[0]))
    async with h.app.run_test(size=SIZE) as pilot:
        await open_customer(pilot, h.app)
        # Pretend this connection is production (the requests still go to the demo).
        h.app._connection = replace(
            h.app.connection, server_url="https://api.rapidly.tech", demo=False
        )
        written: list[str] = []
        h.app.copy_to_clipboard = written.append  # type: ignore[method-assign]
        await pilot.press("o")
        await wait_until(pilot, lambda: written)
        expected = "https://rapidly.tech/dashboard/acme/customers"
        assert written == [expected]
        assert not opened
        assert any(expected in n.message for n in h.app._notifications)


async def test_hostile_name_is_literal_in_detail_and_breadcrumb() -> None:
    h = make_harness(start_customer="hostile3@example.com")
    async with h.app.run_test(size=SIZE) as pilot:
        screen = await open_customer(pilot, h.app)
        assert screen.query_one("#profile", FieldList).value_plain("Name") == "[@click=app.quit]"
        trail = screen.query_one("#topbar").trail_plain  # type: ignore[attr-defined]
        assert trail.endswith("[@click=app.quit]")
        await pilot.click("#topbar")  # clicking the name must not run app.quit
        await pilot.pause(0.1)
        assert h.app.is_running


async def test_escape_sequences_in_a_name_are_neutralised() -> None:
    h = make_harness(start_customer="hostile4@example.com")
    async with h.app.run_test(size=SIZE) as pilot:
        screen = await open_customer(pilot, h.app)
        name = screen.query_one("#profile", FieldList).value_plain("Name")
        assert "\x1b" not in name
        assert "\x07" not in name
        assert name.startswith("␛[31mRed␛[0m")


async def test_back_from_detail_cancels_its_loads() -> None:
    h = make_harness()
    async with h.app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, screen_named(h.app, "OverviewScreen"))
        overview = h.app.screen
        table = overview.query_one("#latest-customers", RowTable)
        await wait_until(pilot, lambda: table.row_count > 0)
        h.faults.latency("/api/events/", 5.0)
        h.faults.latency("/api/customers/", 5.0)
        await pilot.press("enter")
        await wait_until(pilot, screen_named(h.app, "CustomerDetailScreen"))
        detail = h.app.screen
        await wait_until(pilot, lambda: "events" in detail.loading_keys)  # type: ignore[attr-defined]
        await pilot.press("escape")
        await wait_until(pilot, screen_named(h.app, "OverviewScreen"))
        await wait_until(
            pilot,
            lambda: not [w for w in h.app.workers if w.node is detail and not w.is_finished],
            what="detail workers cancelled",
        )
