"""Which screen shows one object of a resource (the App's ``open_resource``)."""

from __future__ import annotations

from typing import Any

from textual.screen import Screen


def resource_screen(
    resource: str, item_or_id: object, *, workspace_id: str | None = None
) -> Screen[Any] | None:
    """The detail screen for ``item_or_id`` (the object in hand, or its id) of
    ``resource`` (a spec's name or plural); ``None`` for a customer, which has its own
    screen that the App opens."""
    from rapidly_tui.api.models import WebhookDelivery
    from rapidly_tui.present.resources import SPECS
    from rapidly_tui.screens.resource import screen_for
    from rapidly_tui.screens.webhooks import (
        ListedDelivery,
        WebhookDeliveryScreen,
        WebhookEndpointScreen,
    )

    spec = SPECS[resource]
    item = None if isinstance(item_or_id, str) else item_or_id
    item_id = item_or_id if isinstance(item_or_id, str) else None
    if spec.name == "customer":
        return None
    if spec.name == "webhook delivery":
        if isinstance(item, ListedDelivery):
            return WebhookDeliveryScreen(
                item.delivery, endpoint_id=item.endpoint_id, workspace_id=workspace_id
            )
        if isinstance(item, WebhookDelivery):
            return WebhookDeliveryScreen(item, workspace_id=workspace_id)
        raise ValueError("a webhook delivery opens with the delivery in hand")
    if spec.name == "webhook endpoint":
        return WebhookEndpointScreen(item, item_id=item_id, workspace_id=workspace_id)  # type: ignore[arg-type]
    return screen_for(spec, item, item_id=item_id, workspace_id=workspace_id)
