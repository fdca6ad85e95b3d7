"""Payments, events, webhooks and shares: what an incident is made of."""

from __future__ import annotations

from rapidly_tui.demo.data import JSON
from rapidly_tui.demo.query import page_of, sort_items
from rapidly_tui.demo.request import Request

PAYMENT_STATUSES = ("pending", "succeeded", "failed")


def list_payments(request: Request) -> JSON:
    query = request.query
    workspaces = request.scoped(query.uuids("workspace_id"))
    statuses = query.choices("status", PAYMENT_STATUSES)
    methods = query.values("method")
    emails = {e.lower() for e in query.values("customer_email")}
    order = query.sorting(("created_at", "status", "amount", "method"), "-created_at")
    query.check()

    def matches(payment: JSON) -> bool:
        return (
            payment["workspace_id"] in workspaces
            and (not statuses or payment["status"] in statuses)
            and (not methods or payment["method"] in methods)
            and (not emails or payment["_customer_email"].lower() in emails)
        )

    return page_of(sort_items(filter(matches, request.data.payments), order), query)


EVENT_SOURCES = ("system", "user")


def list_events(request: Request) -> JSON:
    query = request.query
    workspaces = request.scoped(query.uuids("workspace_id"))
    customers = set(query.uuids("customer_id"))
    external_ids = set(query.values("external_customer_id"))
    sources = query.choices("source", EVENT_SOURCES)
    names = set(query.values("name"))
    start = query.timestamp("start_timestamp")
    end = query.timestamp("end_timestamp")
    order = query.sorting(("timestamp",), "-timestamp")
    query.check()

    def matches(event: JSON) -> bool:
        return (
            event["workspace_id"] in workspaces
            and (not customers or event["customer_id"] in customers)
            and (not external_ids or event["external_customer_id"] in external_ids)
            and (not sources or event["source"] in sources)
            and (not names or event["name"] in names)
            and (start is None or event["_ts"] >= start)
            and (end is None or event["_ts"] <= end)
        )

    return page_of(sort_items(filter(matches, request.data.events), order), query)


def list_webhook_deliveries(request: Request) -> JSON:
    query = request.query
    succeeded = query.boolean("succeeded")
    code_class = query.choices("http_code_class", ("2xx", "3xx", "4xx", "5xx"))
    start = query.timestamp("start_timestamp")
    end = query.timestamp("end_timestamp")
    query.check()
    workspaces = request.workspace_ids
    first_digit = code_class[-1][0] if code_class else None

    def matches(delivery: JSON) -> bool:
        code = delivery["http_code"]
        return (
            delivery["_workspace_id"] in workspaces
            and (succeeded is None or delivery["succeeded"] is succeeded)
            and (first_digit is None or (code is not None and str(code)[0] == first_digit))
            and (start is None or delivery["_ts"] >= start)
            and (end is None or delivery["_ts"] <= end)
        )

    return page_of(
        sort_items(filter(matches, request.data.deliveries), [("created_at", True)]), query
    )


def list_shares(request: Request) -> JSON:
    query = request.query
    workspaces = request.scoped(query.uuids("workspace_id"))
    order = query.sorting(
        ("name", "created_at", "price_amount", "price_amount_type"), "-created_at"
    )
    query.check()
    items = [s for s in request.data.shares if s["workspace_id"] in workspaces]
    return page_of(sort_items(items, order), query)
