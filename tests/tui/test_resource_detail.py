"""Detail screens drawn from a ResourceSpec: a payment (and why it names no customer),
an event (metadata pretty-printed, a link to its customer), a share and a member."""

from __future__ import annotations

import json
from typing import Any

from rapidly_tui.api.models import Member
from rapidly_tui.app import RapidlyApp
from rapidly_tui.demo import default_dataset
from rapidly_tui.demo.data import public
from rapidly_tui.screens.detail import CustomerDetailScreen
from rapidly_tui.screens.modals import CopyMenu
from rapidly_tui.screens.overview import OverviewScreen
from rapidly_tui.screens.resource import PAYMENT_CUSTOMER_NOTE, PaymentScreen, ResourceScreen
from rapidly_tui.widgets.tables import RowTable
from tests.tui.harness import SIZE, make_harness, wait_until


def settled(app: RapidlyApp) -> bool:
    screen = app.screen
    return (
        isinstance(screen, ResourceScreen)
        and screen._started
        and not screen.loading_keys
        and screen.item is not None
    )


def section(app: RapidlyApp, index: int) -> Any:
    return app.screen.query_one(f"#section-{index}").value_plain  # type: ignore[attr-defined]


async def open_resource(pilot: Any, app: RapidlyApp, resource: str, item: object) -> None:
    await wait_until(pilot, lambda: isinstance(app.screen, OverviewScreen), what="overview")
    app.open_resource(resource, item)
    await wait_until(pilot, lambda: settled(app), what=resource)


async def test_a_payment_reads_as_in_a_table_and_says_it_names_no_customer() -> None:
    payment = next(
        p for p in default_dataset().payments if p["status"] == "failed" and p["method"] == "card"
    )
    h = make_harness()
    async with h.app.run_test(size=SIZE) as pilot:
        await open_resource(pilot, h.app, "payment", payment["id"])  # read by id
        assert isinstance(h.app.screen, PaymentScreen)
        assert ("/api/payments/" + payment["id"], "") in h.requests("/api/payments/")
        fields = section(h.app, 0)
        assert fields("Status") == "failed"
        assert fields("ID") == payment["id"]
        assert fields("Created").endswith(" UTC")
        decline = section(h.app, 1)
        assert decline("Decline reason") == payment["decline_reason"]
        assert section(h.app, 2)("Card last 4") == payment["method_metadata"]["last4"]
        note = h.app.screen.query_one("#resource-note").render()
        assert getattr(note, "plain", "") == PAYMENT_CUSTOMER_NOTE
        assert h.app.screen.query_one("#resource-note").region.height > 0  # on screen
        assert "payments list --customer REF" in PAYMENT_CUSTOMER_NOTE
        await pilot.press("c")  # there is no customer to open: it says why
        await pilot.pause(0.1)
        assert isinstance(h.app.screen, PaymentScreen)
        assert any(n.message == PAYMENT_CUSTOMER_NOTE for n in h.app._notifications)


async def test_an_event_pretty_prints_its_metadata_and_opens_its_customer() -> None:
    event = next(
        e for e in default_dataset().events if e.get("customer_id") and len(e["metadata"]) > 1
    )
    h = make_harness()
    async with h.app.run_test(size=SIZE) as pilot:
        await open_resource(pilot, h.app, "event", event["id"])
        assert section(h.app, 0)("Name") == event["name"]
        metadata = section(h.app, 3)("Metadata")
        assert metadata == json.dumps(event["metadata"], indent=2, ensure_ascii=False)
        links = h.app.screen.query_one("#links", RowTable)
        assert links.cell_plain(0, "target") == event["customer_id"]

        await pilot.press("j")  # the raw JSON: the API's object
        await pilot.pause(0.1)
        assert json.loads(h.app.screen.json_text)["id"] == event["id"]  # type: ignore[attr-defined]
        await pilot.press("j", "y")
        await wait_until(pilot, lambda: isinstance(h.app.screen, CopyMenu))
        await pilot.press("i")
        await wait_until(pilot, lambda: bool(h.app.copied))
        assert h.app.copied[-1] == ("event id", event["id"])

        await pilot.press("c")
        await wait_until(pilot, lambda: isinstance(h.app.screen, CustomerDetailScreen))
        assert h.app.screen.customer.id == event["customer_id"]  # type: ignore[attr-defined]
        await pilot.press("escape")  # back to the event
        await wait_until(pilot, lambda: isinstance(h.app.screen, ResourceScreen))


async def test_a_share_shows_its_prices_and_files_as_json() -> None:
    share = default_dataset().shares[0]
    h = make_harness()
    async with h.app.run_test(size=SIZE) as pilot:
        await open_resource(pilot, h.app, "share", share["id"])
        assert section(h.app, 0)("Name") == share["name"]
        prices = json.loads(section(h.app, 2)("Prices"))
        assert [p["id"] for p in prices] == [p["id"] for p in share["prices"]]


async def test_a_member_opens_with_the_member_in_hand_and_links_to_its_customer() -> None:
    record = default_dataset().members[0]
    member = Member.model_validate(public(record))
    h = make_harness()
    async with h.app.run_test(size=SIZE) as pilot:
        await open_resource(pilot, h.app, "member", member)
        assert section(h.app, 0)("Email") == member.email
        await pilot.press("c")
        await wait_until(pilot, lambda: isinstance(h.app.screen, CustomerDetailScreen))
        assert h.app.screen.customer.id == member.customer_id  # type: ignore[attr-defined]
