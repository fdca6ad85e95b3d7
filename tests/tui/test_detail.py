"""Customer detail: every field, members, state, payments, events, raw JSON, copy,
dashboard link, and hostile values shown literally."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from textual.worker import WorkerState

from rapidly_tui.app import RapidlyApp
from rapidly_tui.demo.faults import FaultRule
from rapidly_tui.screens.detail import CustomerDetailScreen
from rapidly_tui.screens.modals import CopyMenu
from rapidly_tui.widgets.field_list import FieldList
from rapidly_tui.widgets.panel import Panel
from rapidly_tui.widgets.tables import RowTable
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
        assert profile.value_plain("Email") == "ada@example.com"
        assert profile.value_plain("Verified") == "✓ verified"
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
        assert (
            "Sent the customer id to the terminal's clipboard (OSC 52): your terminal decides"
            in messages
        )
        assert screen.customer_id not in " ".join(messages)  # the value is not echoed
        await pilot.press("y")
        await wait_until(pilot, lambda: isinstance(h.app.screen, CopyMenu))
        await pilot.press("j")
        await wait_until(pilot, lambda: len(written) == 2)
        assert json.loads(written[1])["external_id"] == "usr_1337"


async def test_dashboard_is_not_offered_on_demo() -> None:
    # It could only answer that there is none (tests/tui/test_navigation_visible.py
    # checks the footer).
    h = make_harness(start_customer="usr_1337")
    async with h.app.run_test(size=SIZE) as pilot:
        await open_customer(pilot, h.app)
        await pilot.press("o")
        await pilot.pause(0.2)
        assert not any("dashboard" in n.message.lower() for n in h.app._notifications)


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
        # Held far beyond any wait below: a load that is not cancelled is still running
        # at the end, never quietly finished.
        h.faults.latency("/api/", 600.0)
        await pilot.press("enter")
        await wait_until(pilot, screen_named(h.app, "CustomerDetailScreen"))
        detail = h.app.screen
        await wait_until(pilot, lambda: "events" in detail.loading_keys)  # type: ignore[attr-defined]
        # Kept before leaving: Textual drops a worker from app.workers once it ends.
        in_flight = [w for w in h.app.workers if w.node is detail]
        assert in_flight, "no detail load in flight"
        assert all(w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in in_flight)
        await pilot.press("escape")
        await wait_until(pilot, screen_named(h.app, "OverviewScreen"))
        await wait_until(
            pilot,
            lambda: all(w.is_finished for w in in_flight),
            timeout=5.0,
            what="detail workers ended",
        )
        assert {w.state for w in in_flight} == {WorkerState.CANCELLED}
        h.faults.clear()  # the overview's revalidation on return must not hang the exit


# --- payments and events beyond the first page ----------------------------------------------
# Ada has 43 payments and 33 events in the demo; a section shows 20 and reads on as the
# cursor nears its last row.


def page_queries(h: Any, path: str) -> list[str]:
    """The ``page=`` of every request to ``path``, in order."""
    pages = []
    for _, query in h.requests(path):
        params = dict(part.split("=", 1) for part in query.split("&") if "=" in part)
        pages.append(params.get("page", "1"))
    return pages


async def ada_section(
    pilot: Any, h: Any, section: str
) -> tuple[CustomerDetailScreen, RowTable, Panel]:
    """Ada's detail, filled, with one paged section's table (focused) and panel."""
    screen = await open_customer(pilot, h.app)
    table = screen.query_one(f"#{section}", RowTable)
    table.focus()
    return screen, table, screen.query_one(f"#panel-{section}", Panel)


def table_keys(table: RowTable) -> list[str]:
    return [str(table.coordinate_to_cell_key((row, 0))[0].value) for row in range(table.row_count)]


async def test_payments_and_events_read_on_as_the_cursor_nears_the_end() -> None:
    h = make_harness(start_customer="ada@example.com")
    async with h.app.run_test(size=SIZE) as pilot:
        screen, payments, panel = await ada_section(pilot, h, "payments")
        assert payments.row_count == 20
        assert panel.note == "20 of 43 · more below"
        assert panel.border_subtitle == "20 of 43 · more below"
        assert screen.query_one("#panel-events", Panel).note == "20 of 33 · more below"
        assert page_queries(h, "/api/payments/") == ["1"]

        await pilot.press("end")  # the last of 20 rows: page 2 comes
        await wait_until(pilot, lambda: payments.row_count == 40, what="page 2")
        assert panel.note == "40 of 43 · more below"
        await pilot.press("end")
        await wait_until(pilot, lambda: payments.row_count == 43, what="page 3")
        await pilot.pause(0.1)
        assert panel.note == ""
        assert panel.border_subtitle == ""
        await pilot.press("up", "down", "end")  # at the end: nothing more is asked for
        await pilot.pause(0.2)
        assert page_queries(h, "/api/payments/") == ["1", "2", "3"]

        # Newest first across the page boundaries, every payment once, and each one opens.
        keys = table_keys(payments)
        assert len(set(keys)) == 43
        created = [screen.payments[key].created_at for key in keys]
        assert created == sorted(created, reverse=True)
        await pilot.press("enter")
        await wait_until(pilot, screen_named(h.app, "JsonModal"))
        await pilot.press("escape")

        events = screen.query_one("#events", RowTable)
        events.focus()
        await pilot.press("end")
        await wait_until(pilot, lambda: events.row_count == 33, what="events page 2")
        assert screen.query_one("#panel-events", Panel).note == ""
        assert page_queries(h, "/api/events/") == ["1", "2"]


async def test_a_refresh_while_a_page_loads_drops_that_page() -> None:
    h = make_harness(start_customer="ada@example.com")
    async with h.app.run_test(size=SIZE) as pilot:
        _, payments, panel = await ada_section(pilot, h, "payments")

        def mark_stale(body: Any) -> Any:
            for payment in body["data"]:
                payment["decline_reason"] = "stale listing"
            return body

        # Page 2 of the listing before the refresh: held in flight, and recognisable.
        held = h.faults.add(
            FaultRule("/api/payments/", "mutate", 1, hold=asyncio.Event(), mutation=mark_stale)
        )
        await pilot.press("end")
        await wait_until(pilot, lambda: panel.note == "20 of 43 · loading more…")
        await pilot.press("home", "r")  # back to the top, and page 1 again
        await wait_until(pilot, lambda: page_queries(h, "/api/payments/") == ["1", "2", "1"])
        await wait_until(pilot, lambda: panel.state == "ready")
        assert held.hold is not None
        held.hold.set()  # the old listing's page 2 answers now (or was abandoned)
        await wait_until(pilot, lambda: held.ended == 1, what="the old page 2 to end")
        await pilot.pause(0.1)
        declines = [payments.cell_plain(row, "decline") for row in range(payments.row_count)]
        assert "stale listing" not in declines
        assert payments.row_count == 20
        assert panel.note == "20 of 43 · more below"
        await pilot.press("end")  # reading on asks for page 2 of the new listing
        await wait_until(pilot, lambda: payments.row_count == 40, what="the fresh page 2")
        assert page_queries(h, "/api/payments/") == ["1", "2", "1", "2"]


async def test_a_page_that_fails_says_so_and_r_reads_again() -> None:
    h = make_harness(start_customer="ada@example.com")
    async with h.app.run_test(size=SIZE) as pilot:
        _, events, panel = await ada_section(pilot, h, "events")
        h.faults.server_error("/api/events/", 404, times=1)
        await pilot.press("end")
        await wait_until(pilot, lambda: panel.note.endswith("could not load more: r to retry"))
        assert events.row_count == 20  # the rows already shown stay
        assert panel.state == "ready"
        assert [n.title for n in h.app._notifications] == ["Could not load more events"]
        # r reads page 1 again; the cursor is still near the end, so page 2 follows.
        await pilot.press("r")
        await wait_until(pilot, lambda: events.row_count == 33, what="events page 2")
        assert panel.note == ""
        assert page_queries(h, "/api/events/") == ["1", "2", "1", "2"]
