"""`:` finds what a person means, says how when it is not obvious, and offers the
customers search, with the text already typed, when nothing matches."""

from __future__ import annotations

from textual.widgets import Button, Input

from rapidly_tui.screens.customers import CustomersScreen
from rapidly_tui.screens.detail import CustomerDetailScreen
from rapidly_tui.screens.modals import LookupModal
from tests.tui.harness import SIZE, make_harness, screen_named, wait_until

NOTE = "No customer has the email user@example.test; it matched an external id."


def _messages(app: object) -> list[str]:
    return [n.message for n in app._notifications]  # type: ignore[attr-defined]


async def test_an_email_like_external_id_opens_the_customer_and_says_how() -> None:
    h = make_harness()
    async with h.app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, screen_named(h.app, "OverviewScreen"))
        await pilot.press("colon")
        await wait_until(pilot, lambda: isinstance(h.app.screen, LookupModal))
        await pilot.press(*"user@example.test", "enter")
        await wait_until(pilot, lambda: isinstance(h.app.screen, CustomerDetailScreen))
        assert h.app.screen.customer.email == "nora@example.com"  # type: ignore[attr-defined]
        await wait_until(pilot, lambda: NOTE in _messages(h.app), what="the notice")


async def test_start_up_with_an_email_like_external_id_says_how() -> None:
    h = make_harness(start_customer="user@example.test")
    async with h.app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(h.app.screen, CustomerDetailScreen))
        assert h.app.screen.customer.email == "nora@example.com"  # type: ignore[attr-defined]
        # The notice follows the screen (start-up shows its notices once it is up).
        await wait_until(pilot, lambda: NOTE in _messages(h.app), what="the reading's notice")


async def test_an_obvious_reading_says_nothing() -> None:
    h = make_harness()
    async with h.app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, screen_named(h.app, "OverviewScreen"))
        await pilot.press("colon")
        await wait_until(pilot, lambda: isinstance(h.app.screen, LookupModal))
        await pilot.press(*"usr_1337", "enter")
        await wait_until(pilot, lambda: isinstance(h.app.screen, CustomerDetailScreen))
        await pilot.pause(0.1)
        assert not [m for m in _messages(h.app) if "matched" in m]


async def test_nothing_matches_offers_the_search_with_the_text_typed() -> None:
    h = make_harness()
    async with h.app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, screen_named(h.app, "OverviewScreen"))
        workspace_id = h.app.current_workspace_id()
        await pilot.press("colon")
        await wait_until(pilot, lambda: isinstance(h.app.screen, LookupModal))
        modal = h.app.screen
        assert isinstance(modal, LookupModal)
        modal.query_one(Input).value = "Zoë Ørsted"
        await pilot.press("enter")
        await wait_until(pilot, lambda: "searches the customers" in modal.status_plain)
        assert "No customer has the external id Zoë Ørsted." in modal.status_plain
        assert "searches the customers for Zoë Ørsted." in modal.status_plain
        assert modal.query_one("#lookup-search", Button).display
        await pilot.press("enter")  # Enter again: the search
        await wait_until(pilot, lambda: isinstance(h.app.screen, CustomersScreen))
        screen = h.app.screen
        assert isinstance(screen, CustomersScreen)
        assert screen.workspace_id == workspace_id
        assert screen.search == "Zoë Ørsted"
        assert screen.query_one("#search", Input).value == "Zoë Ørsted"
        await wait_until(pilot, lambda: screen.queries_sent, what="the search sent")
        assert screen.queries_sent[0][0] == "Zoë Ørsted"
        await wait_until(pilot, lambda: screen.rows, what="the results")
        assert any(row.name == "Zoë Ørsted" for row in screen.rows)


async def test_an_edited_reference_is_looked_up_again_not_searched() -> None:
    h = make_harness()
    async with h.app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, screen_named(h.app, "OverviewScreen"))
        await pilot.press("colon")
        await wait_until(pilot, lambda: isinstance(h.app.screen, LookupModal))
        modal = h.app.screen
        assert isinstance(modal, LookupModal)
        await pilot.press(*"usr_133", "enter")
        await wait_until(pilot, lambda: "searches the customers" in modal.status_plain)
        await pilot.press("7")
        assert not modal.query_one("#lookup-search", Button).display
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(h.app.screen, CustomerDetailScreen))
        assert h.app.screen.customer.external_id == "usr_1337"  # type: ignore[attr-defined]
