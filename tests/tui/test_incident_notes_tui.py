"""``y m``: the Markdown incident note of what is on screen (customer, payment, webhook
endpoint, delivery), from the same builders as the commands; no token and no webhook
secret in any of them."""

from __future__ import annotations

import secrets
from typing import Any

import pytest

from rapidly_tui.app import RapidlyApp
from rapidly_tui.demo import build_dataset
from rapidly_tui.demo.app import TOKENS, Principal
from rapidly_tui.screens.detail import CustomerDetailScreen
from rapidly_tui.screens.modals import CopyMenu
from rapidly_tui.screens.resource import PaymentScreen
from rapidly_tui.screens.webhooks import WebhookDeliveryScreen, WebhookEndpointScreen
from rapidly_tui.widgets.panel import Panel
from tests.tui.harness import SIZE, make_harness, wait_until

DATASET = build_dataset()
DETAIL_PANELS = ("#panel-profile", "#panel-members", "#panel-payments", "#panel-events")


def settled(app: RapidlyApp, kind: type) -> bool:
    screen = app.screen
    return isinstance(screen, kind) and screen._started and not screen.loading_keys


def detail_ready(app: RapidlyApp) -> bool:
    screen = app.screen
    return settled(app, CustomerDetailScreen) and all(
        screen.query_one(p, Panel).state == "ready" for p in DETAIL_PANELS
    )


async def copy_note(pilot: Any, app: RapidlyApp) -> str:
    before = len(app.copied)
    await pilot.press("y")
    await wait_until(pilot, lambda: isinstance(app.screen, CopyMenu), what="copy menu")
    await pilot.press("m")
    await wait_until(pilot, lambda: len(app.copied) > before, what="the note copied")
    what, text = app.copied[-1]
    assert what == "incident note (Markdown)"
    return text


async def test_y_m_on_ada_copies_her_note_with_members_and_source() -> None:
    h = make_harness(dataset=DATASET, start_customer="usr_1337")
    async with h.app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: detail_ready(h.app), what="Ada's detail")
        note = await copy_note(pilot, h.app)
        assert note.startswith("## Customer Ada Lovelace\n")
        assert "- **External ID:** usr_1337" in note
        assert "### Members (3)" in note
        assert "Charles Babbage" in note
        for member in DATASET.members_by_customer[DATASET.ada["id"]]:
            assert f"(member {member['id']})" in note
        assert "### Latest failed payment" in note
        assert "- **Server:** " in note
        assert " UTC" in note
        messages = [n.message for n in h.app._notifications]
        assert any(m.startswith("Sent the incident note (Markdown) to ") for m in messages)

        # After a refresh every load was answered on this screen: the note names the
        # request id of the customer's load.
        await pilot.press("r")
        await wait_until(pilot, lambda: detail_ready(h.app), what="refreshed")
        screen = h.app.screen
        assert isinstance(screen, CustomerDetailScreen)
        request_id = screen.request_ids.get("customer")
        assert request_id
        assert f"- **Request ID:** {request_id}" in await copy_note(pilot, h.app)


async def test_no_note_holds_a_canary_token_or_webhook_secret(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    token = "rapidly_oat_CANARY" + secrets.token_hex(16)
    monkeypatch.setitem(TOKENS, token, Principal(None, None))
    secret = "rapidly_whs_CANARY" + secrets.token_hex(16)
    dataset = build_dataset()
    acme = dataset.acme["id"]
    endpoint = next(
        e for e in dataset.webhook_endpoints if e["workspace_id"] == acme and "billing." in e["url"]
    )
    endpoint["secret"] = secret
    h = make_harness(token=token, dataset=dataset, start_customer="usr_1337")
    app = h.app
    notes: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: detail_ready(app), what="Ada's detail")
        notes.append(await copy_note(pilot, app))
        detail = app.screen
        assert isinstance(detail, CustomerDetailScreen)
        payment = next(iter(detail.payments.values()))

        app.open_resource("payment", payment, workspace_id=acme)
        await wait_until(pilot, lambda: settled(app, PaymentScreen), what="payment")
        notes.append(await copy_note(pilot, app))
        assert notes[-1].startswith(f"## Payment {payment.id}\n")

        app.open_resource("webhook endpoint", endpoint["id"], workspace_id=acme)
        await wait_until(pilot, lambda: settled(app, WebhookEndpointScreen), what="endpoint")
        notes.append(await copy_note(pilot, app))
        assert "https://billing.acme.example/webhooks/rapidly" in notes[-1]
        assert "deliveries failed (" in notes[-1]

        screen = app.screen
        assert isinstance(screen, WebhookEndpointScreen)
        delivery = next(iter(screen.by_id.values()))
        app.open_resource("webhook delivery", delivery, workspace_id=acme)
        await wait_until(pilot, lambda: settled(app, WebhookDeliveryScreen), what="delivery")
        notes.append(await copy_note(pilot, app))
        assert notes[-1].startswith(f"## Webhook delivery {delivery.id}\n")

    assert len(notes) == 4
    for note in notes:
        assert token not in note
        assert secret not in note
        assert "CANARY" not in note  # not even a part of either
