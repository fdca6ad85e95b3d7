"""The ``:`` prompt says it opens lists as well as customers, and a list's word with
an argument the list cannot take says so instead of a customer lookup."""

from __future__ import annotations

from textual.widgets import Input, Static

from rapidly_tui.screens.modals import LookupModal
from tests.tui.harness import make_harness, screen_named, wait_until

NARROW = (80, 24)


async def test_the_prompt_describes_customers_and_lists() -> None:
    h = make_harness()
    async with h.app.run_test(size=NARROW) as pilot:
        await wait_until(pilot, screen_named(h.app, "OverviewScreen"))
        await pilot.press("colon")
        await wait_until(pilot, lambda: isinstance(h.app.screen, LookupModal))
        modal = h.app.screen
        words = " ".join(str(s.render()) for s in modal.query(Static))
        words += " " + modal.query_one(Input).placeholder
        assert "customer" in words
        assert "list" in words
        assert "payments" in words


async def test_a_list_word_with_a_bad_filter_names_the_allowed_values_not_a_lookup() -> None:
    h = make_harness()
    async with h.app.run_test(size=NARROW) as pilot:
        await wait_until(pilot, screen_named(h.app, "OverviewScreen"))
        await pilot.press("colon")
        await wait_until(pilot, lambda: isinstance(h.app.screen, LookupModal))
        modal = h.app.screen
        assert isinstance(modal, LookupModal)
        before = len(h.requests("/api/customers"))
        await pilot.press(*"payments bogus", "enter")
        await wait_until(pilot, lambda: "bogus" in str(modal.status.render()))
        await pilot.pause(0.2)
        said = str(modal.status.render())
        assert "payments has no status or method 'bogus'" in said
        assert "succeeded" in said
        assert "card" in said
        assert "No customer" not in said
        assert len(h.requests("/api/customers")) == before
        assert h.app.screen is modal  # still there to correct the text
