"""Webhook endpoints (with their signing secrets, as the server sends them) and deliveries.

A delivery does not name its endpoint: ``endpoint_id`` is how a client scopes them to
a workspace. Without it, a token gets the deliveries of every workspace it sees.
"""

from __future__ import annotations

import heapq

from rapidly_tui.demo.data import JSON, public
from rapidly_tui.demo.query import NOT_FOUND, HttpError, page_of
from rapidly_tui.demo.request import Request
from rapidly_tui.demo.webhook_data import WEBHOOK_EVENT_TYPES, Delivery

HTTP_CODE_CLASSES = ("2xx", "3xx", "4xx", "5xx")


def list_webhook_endpoints(request: Request) -> JSON:
    query = request.query
    workspaces = request.scoped(query.uuids("workspace_id"))
    url = query.get("url")
    query.check()
    items = [
        e
        for e in request.data.webhook_endpoints
        if e["workspace_id"] in workspaces and (url is None or e["url"] == url)
    ]
    return page_of(items, query)


def get_webhook_endpoint(request: Request) -> JSON:
    endpoint_id = request.path_uuid()
    endpoint = request.data.webhooks.endpoint_by_id.get(endpoint_id)
    if endpoint is None or endpoint["workspace_id"] not in request.workspace_ids:
        raise HttpError(404, NOT_FOUND)
    return public(endpoint)


def list_webhook_deliveries(request: Request) -> JSON:
    query = request.query
    endpoint_ids = query.uuids("endpoint_id")
    succeeded = query.boolean("succeeded")
    code_class = query.literal("http_code_class", HTTP_CODE_CLASSES)
    event_types = set(query.choices("event_type", WEBHOOK_EVENT_TYPES))
    start = query.timestamp("start_timestamp")
    end = query.timestamp("end_timestamp")
    query.check()
    webhooks = request.data.webhooks
    visible = request.workspace_ids
    wanted = set(endpoint_ids)
    endpoints = [
        e["id"]
        for e in webhooks.endpoints
        if e["workspace_id"] in visible and (not wanted or e["id"] in wanted)
    ]
    first_digit = code_class[0] if code_class else None

    def matches(delivery: Delivery) -> bool:
        code = delivery.http_code
        return (
            (first_digit is None or (code is not None and str(code)[0] == first_digit))
            and (not event_types or delivery.event_type in event_types)
            and (start is None or delivery.ts >= start)
            and (end is None or delivery.ts <= end)
        )

    # Each endpoint's list is already newest first: merge them, do not sort again.
    merged = heapq.merge(
        *(webhooks.deliveries_where(endpoint_id, succeeded) for endpoint_id in endpoints),
        key=lambda d: -d.ts,
    )
    return page_of([d for d in merged if matches(d)], query, lambda d: public(d.record()))
