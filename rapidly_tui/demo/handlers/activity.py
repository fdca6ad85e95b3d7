"""Payments, events and shares (webhooks are in webhooks.py)."""

from __future__ import annotations

from rapidly_tui.demo.data import JSON, public
from rapidly_tui.demo.query import NOT_FOUND, HttpError, page_of, sort_items
from rapidly_tui.demo.request import Request


def _one(request: Request, records: list[JSON]) -> JSON:
    """The record named by the path's id, if the token sees its workspace (else 404)."""
    wanted = request.path_uuid()
    visible = request.workspace_ids
    for record in records:
        if record["id"] == wanted and record["workspace_id"] in visible:
            return public(record)
    raise HttpError(404, NOT_FOUND)


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
    text = (query.get("query") or "").lower()
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
            and (not text or text in event["name"].lower() or text in event["label"].lower())
            and (start is None or event["_ts"] >= start)
            and (end is None or event["_ts"] <= end)
        )

    return page_of(sort_items(filter(matches, request.data.events), order), query)


def list_shares(request: Request) -> JSON:
    query = request.query
    workspaces = request.scoped(query.uuids("workspace_id"))
    order = query.sorting(
        ("name", "created_at", "price_amount", "price_amount_type"), "-created_at"
    )
    query.check()
    items = [s for s in request.data.shares if s["workspace_id"] in workspaces]
    return page_of(sort_items(items, order), query)


def get_payment(request: Request) -> JSON:
    return _one(request, request.data.payments)


def get_event(request: Request) -> JSON:
    """``/api/events/{id}``; it also answers ``/api/events/names`` with a 422, as the real
    server does (its ``{id}`` route shadows ``names``)."""
    return _one(request, request.data.events)


def get_share(request: Request) -> JSON:
    return _one(request, request.data.shares)
