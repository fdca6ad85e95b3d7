"""Which handler answers a path, and whether the token may ask."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidly_tui.demo.data import JSON
from rapidly_tui.demo.handlers.activity import (
    get_event,
    get_payment,
    get_share,
    list_events,
    list_payments,
    list_shares,
)
from rapidly_tui.demo.handlers.customers import (
    get_customer,
    get_customer_by_external_id,
    get_customer_state,
    get_workspace,
    list_customers,
    list_members,
    list_workspaces,
)
from rapidly_tui.demo.handlers.metrics import get_metrics
from rapidly_tui.demo.handlers.webhooks import (
    get_webhook_endpoint,
    list_webhook_deliveries,
    list_webhook_endpoints,
)
from rapidly_tui.demo.query import HttpError
from rapidly_tui.demo.request import TOKENS, Handler, Principal, Request

_UNAUTHORIZED_BODY = {"error": "Unauthorized", "detail": "Unauthorized"}
_UNAUTHORIZED_CHALLENGE = 'Bearer realm="rapidly"'
_REJECTED_DESCRIPTION = (
    "The access token provided is expired, revoked, malformed, or invalid for other reasons."
)
_INSUFFICIENT_SCOPE_DESCRIPTION = (
    "The request requires higher privileges than provided by the access token."
)


def healthz(request: Request) -> JSON:
    return {"status": "ok"}


@dataclass(frozen=True)
class Route:
    pattern: re.Pattern[str]
    handler: Handler
    #: Any one of these scopes opens the route; empty means no token needed.
    scopes: tuple[str, ...]


def _route(path: str, handler: Handler, *scopes: str) -> Route:
    regex = re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", path)
    return Route(re.compile(f"^{regex}$"), handler, scopes)


_CUSTOMER_SCOPES = ("customers:read", "customers:write")
_EVENT_SCOPES = ("events:read", "events:write")
_WEBHOOK_SCOPES = ("webhooks:read", "webhooks:write")
_SHARE_SCOPES = ("shares:read", "shares:write")
ROUTES: tuple[Route, ...] = (
    _route("/healthz", healthz),
    _route("/api/workspaces/", list_workspaces, "workspaces:read", "workspaces:write"),
    _route("/api/workspaces/{id}", get_workspace, "workspaces:read", "workspaces:write"),
    _route("/api/customers/", list_customers, *_CUSTOMER_SCOPES),
    _route("/api/customers/external/{external_id}", get_customer_by_external_id, *_CUSTOMER_SCOPES),
    _route("/api/customers/{id}/state", get_customer_state, *_CUSTOMER_SCOPES),
    _route("/api/customers/{id}", get_customer, *_CUSTOMER_SCOPES),
    _route("/api/members/", list_members, "members:read", "members:write"),
    _route("/api/payments/", list_payments, "payments:read"),
    _route("/api/payments/{id}", get_payment, "payments:read"),
    _route("/api/metrics/", get_metrics, "metrics:read"),
    _route("/api/events/", list_events, *_EVENT_SCOPES),
    # /api/events/names goes here too: a 422 (not a UUID), as on the real server.
    _route("/api/events/{id}", get_event, *_EVENT_SCOPES),
    _route("/api/webhooks/endpoints", list_webhook_endpoints, *_WEBHOOK_SCOPES),
    _route("/api/webhooks/endpoints/{id}", get_webhook_endpoint, *_WEBHOOK_SCOPES),
    _route("/api/webhooks/deliveries", list_webhook_deliveries, *_WEBHOOK_SCOPES),
    _route("/api/shares/", list_shares, *_SHARE_SCOPES),
    _route("/api/shares/{id}", get_share, *_SHARE_SCOPES),
)


def match_route(path: str) -> tuple[Route, dict[str, str]] | None:
    for route in ROUTES:
        found = route.pattern.match(path)
        if found:
            return route, found.groupdict()
    return None


def authenticate(authorization: str | None) -> Principal:
    """The principal of an ``Authorization`` header, or the recorded 401."""
    scheme, _, credentials = (authorization or "").strip().partition(" ")
    credentials = credentials.strip()
    if scheme.lower() != "bearer" or not credentials or not credentials.isascii():
        raise HttpError(401, _UNAUTHORIZED_BODY, {"www-authenticate": _UNAUTHORIZED_CHALLENGE})
    principal = TOKENS.get(credentials)
    if principal is None:
        raise HttpError(
            401,
            {"error": "invalid_token", "error_description": _REJECTED_DESCRIPTION},
            {
                "www-authenticate": 'Bearer realm="rapidly", error="invalid_token",'
                f' error_description="{_REJECTED_DESCRIPTION}"'
            },
        )
    return principal


def insufficient_scope(route: Route) -> HttpError:
    scopes = " ".join((*route.scopes, "web:read", "web:write"))
    return HttpError(
        403,
        {"error": "insufficient_scope", "error_description": _INSUFFICIENT_SCOPE_DESCRIPTION},
        {
            "www-authenticate": f'Bearer realm="rapidly", scope="{scopes}",'
            f' error="insufficient_scope", error_description="{_INSUFFICIENT_SCOPE_DESCRIPTION}"'
        },
    )
