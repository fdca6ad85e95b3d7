"""Following a customer keeps her screen true: each section's total grows with what
arrived (the API's count), no arrival is missed or counted twice (more than a page
between two polls, or a refresh between them), and when she changes (a
``customer.updated`` event) her profile is read again with the changed fields marked
old → new, as a refresh (``r``) marks them too."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from typing import Any

from rapidly_tui.demo import DemoData, build_dataset
from rapidly_tui.screens.detail import CustomerDetailScreen
from rapidly_tui.widgets.field_list import FieldList
from rapidly_tui.widgets.panel import Panel
from rapidly_tui.widgets.tables import RowTable
from tests.tui.harness import SIZE, make_harness, wait_until
from tests.tui.test_detail import open_customer
from tests.tui.test_detail_follow import ADA, ada_acts, ada_pays, keys, start_follow, title


def total(screen: CustomerDetailScreen, section: str) -> int:
    """The count in the section's border: ``Events (43 ▲2) · …`` → 43."""
    found = re.match(r"\w+ \(([\d,]+)", title(screen, section))
    assert found is not None, title(screen, section)
    return int(found.group(1).replace(",", ""))


def followed(screen: CustomerDetailScreen, section: str) -> int:
    found = re.search(r"following · (\d+) new since", title(screen, section))
    assert found is not None, title(screen, section)
    return int(found.group(1))


def plan(screen: CustomerDetailScreen) -> str:
    table = screen.query_one("#metadata", RowTable)
    for index in range(table.row_count):
        if table.cell_plain(index, "key") == "plan":
            return table.cell_plain(index, "value")
    raise AssertionError("no plan row")


async def polled(pilot: Any, screen: CustomerDetailScreen) -> None:
    screen.poll_now()
    await wait_until(pilot, lambda: "follow" not in screen.loading_keys, what="poll applied")
    await pilot.pause(0.05)


async def refreshed(pilot: Any, screen: CustomerDetailScreen) -> None:
    await pilot.press("r")
    await wait_until(
        pilot,
        lambda: not {"customer", "payments", "events"} & set(screen.loading_keys),
        what="refresh applied",
    )
    await pilot.pause(0.05)


def ada_changes_plan(data: DemoData, new_plan: str) -> None:
    """Her record changes (as the moving demo's arrivals do), with no event for it."""
    ada = data.ada
    ada["metadata"] = {**ada["metadata"], "plan": new_plan}
    modified = datetime.now(timezone.utc) + timedelta(minutes=1)
    ada["modified_at"] = modified.isoformat().replace("+00:00", "Z")


def ada_updated_event(data: DemoData) -> str:
    """A ``customer.updated`` event of hers, newer than every other."""
    event_id = ada_acts(data)
    event = next(e for e in data.events if e["id"] == event_id)
    event["name"] = "customer.updated"
    event["source"] = "system"
    event["label"] = "Customer Updated"
    return event_id


async def test_the_totals_grow_with_what_arrived_while_following() -> None:
    data = build_dataset()
    h = make_harness(dataset=data, start_customer=ADA)
    async with h.app.run_test(size=SIZE) as pilot:
        screen = await open_customer(pilot, h.app)
        await start_follow(pilot, screen)
        before = {s: total(screen, s) for s in ("payments", "events")}
        for _ in range(3):
            ada_pays(data)
        for _ in range(5):
            ada_acts(data)
        await polled(pilot, screen)
        assert total(screen, "payments") == before["payments"] + 3
        assert total(screen, "events") == before["events"] + 5
        assert followed(screen, "payments") == 3
        assert followed(screen, "events") == 5
        # "20 of N" under the table is the same true total.
        note = screen.query_one("#panel-events", Panel).note
        assert f"of {before['events'] + 5:,}" in note
        # A refresh then agrees: the count does not jump.
        await refreshed(pilot, screen)
        assert total(screen, "payments") == before["payments"] + 3
        assert total(screen, "events") == before["events"] + 5


async def test_more_than_a_page_between_two_polls_is_all_shown_once() -> None:
    data = build_dataset()
    h = make_harness(dataset=data, start_customer=ADA)
    async with h.app.run_test(size=SIZE) as pilot:
        screen = await open_customer(pilot, h.app)
        await start_follow(pilot, screen)
        shown = len(keys(screen, "events"))
        before = total(screen, "events")
        arrived = [ada_acts(data) for _ in range(27)]  # more than a page (20)
        await polled(pilot, screen)
        rows = keys(screen, "events")
        assert rows[:27] == arrived[::-1]  # newest first, none missed
        assert len(rows) == len(set(rows)) == shown + 27
        assert followed(screen, "events") == 27
        assert total(screen, "events") == before + 27
        await polled(pilot, screen)  # nothing new: nothing counted twice
        assert followed(screen, "events") == 27
        assert len(keys(screen, "events")) == shown + 27


async def test_arrivals_a_refresh_showed_before_the_poll_still_count() -> None:
    data = build_dataset()
    h = make_harness(dataset=data, start_customer=ADA)
    async with h.app.run_test(size=SIZE) as pilot:
        screen = await open_customer(pilot, h.app)
        await start_follow(pilot, screen)
        before = total(screen, "events")
        first = [ada_acts(data) for _ in range(2)]
        await polled(pilot, screen)
        assert followed(screen, "events") == 2
        later = [ada_acts(data) for _ in range(3)]
        await refreshed(pilot, screen)  # shows the 3 before any poll does
        assert total(screen, "events") == before + 5
        assert followed(screen, "events") == 5
        await polled(pilot, screen)
        assert followed(screen, "events") == 5  # once each
        assert set(first + later) <= set(keys(screen, "events"))


async def test_her_update_while_following_rereads_her_profile_once_and_marks_it() -> None:
    data = build_dataset()
    h = make_harness(dataset=data, start_customer=ADA)
    async with h.app.run_test(size=SIZE) as pilot:
        screen = await open_customer(pilot, h.app)
        await start_follow(pilot, screen)
        assert plan(screen) == "pro"
        profile = screen.query_one("#profile", FieldList)
        modified = profile.value_plain("Modified")
        ada_changes_plan(data, "team")
        ada_updated_event(data)
        path = f"/api/customers/{data.ada['id']}"
        h.faults.clear_log()
        await polled(pilot, screen)
        await wait_until(pilot, lambda: plan(screen) == "pro → team", what="plan marked")
        assert [r for r in h.faults.requests if r.path == path] != []
        assert len([r for r in h.faults.requests if r.path == path]) == 1
        assert profile.value_plain("Modified").startswith(f"{modified} → ")
        # The state, read before she changed, no longer claims to match her profile.
        snapshot = screen.query_one("#state", FieldList).value_plain("Snapshot")
        assert snapshot.startswith("differs in "), snapshot
        # A refresh after the follow keeps the marks (nothing changed since).
        await refreshed(pilot, screen)
        assert plan(screen) == "pro → team"


async def test_a_refresh_after_a_follow_marks_her_changed_plan() -> None:
    data = build_dataset()
    h = make_harness(dataset=data, start_customer=ADA)
    async with h.app.run_test(size=SIZE) as pilot:
        screen = await open_customer(pilot, h.app)
        await start_follow(pilot, screen)
        ada_changes_plan(data, "enterprise")  # no event said so: the poll cannot know
        await polled(pilot, screen)
        assert plan(screen) == "pro"
        await refreshed(pilot, screen)
        assert plan(screen) == "pro → enterprise"


async def test_an_event_showing_her_newer_modified_at_rereads_her_profile() -> None:
    data = build_dataset()
    h = make_harness(dataset=data, start_customer=ADA)
    async with h.app.run_test(size=SIZE) as pilot:
        screen = await open_customer(pilot, h.app)
        await start_follow(pilot, screen)
        ada_changes_plan(data, "free")
        event_id = ada_acts(data)  # a user event, embedding her as she is now
        event = next(e for e in data.events if e["id"] == event_id)
        event.update(name="file.uploaded", source="user", label="file.uploaded")
        event["customer"] = {**event["customer"], "modified_at": data.ada["modified_at"]}
        await polled(pilot, screen)
        await wait_until(pilot, lambda: plan(screen) == "pro → free", what="plan marked")


async def test_more_than_a_poll_reads_says_the_new_count_is_at_least_that() -> None:
    data = build_dataset()
    h = make_harness(dataset=data, start_customer=ADA)
    async with h.app.run_test(size=SIZE) as pilot:
        screen = await open_customer(pilot, h.app)
        await start_follow(pilot, screen)
        before = total(screen, "events")
        for _ in range(205):  # a poll reads 10 pages of 20
            ada_acts(data)
        await polled(pilot, screen)
        assert "following · 200+ new since 14:02 UTC" in title(screen, "events")
        assert total(screen, "events") == before + 205
        assert "following · 0 new since" in title(screen, "payments")  # no "+" there
