"""Workspaces, customers and members."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rapidly_tui.demo.data import JSON, public
from rapidly_tui.demo.query import (
    NOT_FOUND,
    HttpError,
    Query,
    canonical_uuid,
    page_of,
    sort_items,
    uuid_problem,
)
from rapidly_tui.demo.request import Request


def list_workspaces(request: Request) -> JSON:
    query = request.query
    slug = query.get("slug")
    name = query.get("name")
    order = query.sorting(
        ("created_at", "slug", "name", "next_review_threshold", "days_in_status"), "created_at"
    )
    query.check()
    visible = request.workspace_ids
    items = [
        {**w, "_ts": datetime.fromisoformat(w["created_at"].replace("Z", "+00:00")).timestamp()}
        for w in request.data.workspaces
        if w["id"] in visible
        and (slug is None or w["slug"] == slug)
        and (name is None or name.lower() in w["name"].lower())
    ]
    order = [(k, d) for k, d in order if k in ("created_at", "slug", "name")]
    return page_of(sort_items(items, order), query)


def get_workspace(request: Request) -> JSON:
    workspace_id = request.path_uuid()
    workspace = request.data.workspace_by_id.get(workspace_id)
    if workspace is None or workspace_id not in request.workspace_ids:
        raise HttpError(404, NOT_FOUND)
    return public(workspace)


def _include_members(query: Query) -> bool:
    return bool(query.boolean("include_members"))


def list_customers(request: Request) -> JSON:
    query = request.query
    workspaces = request.scoped(query.uuids("workspace_id"))
    text = query.get("query")
    email = query.get("email")
    metadata = query.prefixed("metadata[", "]")
    order = query.sorting(("email", "name", "created_at"), "-created_at")
    include_members = _include_members(query)
    query.check()
    needle = text.lower() if text else None
    wanted_email = email.lower() if email is not None else None

    def matches(customer: JSON) -> bool:
        if wanted_email is not None and customer["email"].lower() != wanted_email:
            return False
        if needle and not any(
            needle in (customer.get(key) or "").lower() for key in ("name", "email", "external_id")
        ):
            return False
        return all(_metadata_matches(customer["metadata"].get(k), v) for k, v in metadata)

    # Every page filters all customers again (10,000 in the large demo): a call per
    # customer only when there is more to match than the workspace.
    items = [c for c in request.data.live_customers if c["workspace_id"] in workspaces]
    if wanted_email is not None or needle or metadata:
        items = [c for c in items if matches(c)]
    items = sort_items(items, order)
    return page_of(
        items,
        query,
        lambda c: request.data.customer_json(c, include_members=include_members),
    )


def _metadata_matches(actual: Any, wanted: str) -> bool:
    if actual is None:
        return False
    if isinstance(actual, bool):
        return wanted.lower() == ("true" if actual else "false")
    return str(actual) == wanted


def _visible_customer(request: Request, customer: JSON | None) -> JSON:
    if (
        customer is None
        or customer["deleted_at"] is not None
        or customer["workspace_id"] not in request.workspace_ids
    ):
        raise HttpError(404, NOT_FOUND)
    return customer


def get_customer(request: Request) -> JSON:
    customer_id = request.path_uuid()
    include_members = _include_members(request.query)
    request.query.check()
    customer = _visible_customer(request, request.data.customer_by_id.get(customer_id))
    return request.data.customer_json(customer, include_members=include_members)


def get_customer_state(request: Request) -> JSON:
    customer_id = request.path_uuid()
    return public(_visible_customer(request, request.data.customer_by_id.get(customer_id)))


def get_customer_by_external_id(request: Request) -> JSON:
    external_id = request.params["external_id"]
    include_members = _include_members(request.query)
    request.query.check()
    visible = request.workspace_ids
    for customer in request.data.live_customers:
        if customer["external_id"] == external_id and customer["workspace_id"] in visible:
            return request.data.customer_json(customer, include_members=include_members)
    raise HttpError(404, NOT_FOUND)


def list_members(request: Request) -> JSON:
    query = request.query
    customer_id = query.get("customer_id")
    external_customer_id = query.get("external_customer_id")
    order = query.sorting(("created_at",), "-created_at")
    query.check()
    if customer_id is not None and uuid_problem(customer_id, []) is not None:
        raise HttpError(404, {"error": "ResourceNotFound", "detail": "Invalid customer ID format"})
    visible = request.workspace_ids
    data = request.data
    wanted_id = canonical_uuid(customer_id) if customer_id is not None else None

    def matches(member: JSON) -> bool:
        customer = data.customer_by_id[member["customer_id"]]
        if customer["deleted_at"] is not None or customer["workspace_id"] not in visible:
            return False
        if wanted_id is not None and member["customer_id"] != wanted_id:
            return False
        return external_customer_id is None or customer["external_id"] == external_customer_id

    return page_of(sort_items(filter(matches, data.members), order), query)
