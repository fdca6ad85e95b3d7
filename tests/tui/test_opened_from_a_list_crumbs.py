"""An object opened from a ``:`` list names the list's workspace in its crumbs (a
delivery does not name its workspace: the header said ``demo ▸ delivery …``, so a
pasted ticket did not say which workspace)."""

from __future__ import annotations

import pytest

from rapidly_tui.screens.browser import ListScreen
from tests.tui.harness import make_harness, screen_named, wait_until

NARROW = (80, 24)


@pytest.mark.parametrize("command", ["deliveries", "payments", "events", "members", "shares"])
async def test_enter_on_a_list_row_opens_a_screen_whose_crumbs_name_the_workspace(
    command: str,
) -> None:
    h = make_harness()
    async with h.app.run_test(size=NARROW) as pilot:
        await wait_until(pilot, screen_named(h.app, "OverviewScreen"))
        await pilot.press("colon", *command, "enter")
        await wait_until(pilot, lambda: isinstance(h.app.screen, ListScreen))
        listing = h.app.screen
        assert isinstance(listing, ListScreen)
        await wait_until(pilot, lambda: listing.table.row_count > 0)
        workspace = h.app.workspaces[listing.workspace_id].name
        assert workspace in listing.crumbs()
        await pilot.press("enter")
        await wait_until(pilot, lambda: h.app.screen is not listing, what="the row's screen")
        opened = h.app.screen
        crumbs = opened.crumbs()  # type: ignore[attr-defined]
        assert crumbs[1] == workspace, crumbs
