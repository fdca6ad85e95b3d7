"""Screens say which workspace they show; `:` looks up in that workspace from any of
its screens (the App asks the screens on its stack, it does not know their classes)."""

from __future__ import annotations

from rapidly_tui.screens.modals import LookupModal
from tests.tui.harness import SIZE, make_harness, screen_named, wait_until


async def test_the_lookup_is_scoped_to_the_workspace_from_every_screen_of_it() -> None:
    h = make_harness()
    async with h.app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, screen_named(h.app, "OverviewScreen"))
        acme = h.app.current_workspace_id()
        assert acme
        for key, screen in (("c", "CustomersScreen"), ("w", "WorkspacePickerScreen")):
            await pilot.press(key)
            await wait_until(pilot, screen_named(h.app, screen))
            # The picker shows no workspace itself: the overview under it says which.
            assert h.app.current_workspace_id() == acme, screen
            await pilot.press("colon")
            await wait_until(pilot, lambda: isinstance(h.app.screen, LookupModal))
            modal = h.app.screen
            assert isinstance(modal, LookupModal)
            assert modal.workspace_id == acme, screen
            await pilot.press("escape", "escape")
            await wait_until(pilot, screen_named(h.app, "OverviewScreen"))
