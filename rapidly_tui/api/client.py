"""The async Rapidly API client: one typed method per endpoint the explorer reads.

One :class:`RapidlyClient` owns one pooled ``httpx.AsyncClient``. All requests go
through ``_get`` (rapidly_tui/api/transport.py), the single place that retries
(``retry.py``), maps statuses to the error hierarchy in :mod:`rapidly_tui.api.errors`
(``responses.py``) and decodes bodies into the models of :mod:`rapidly_tui.api.models`;
``params.py`` builds the queries. Only GETs are sent: the explorer is read-only, and
every GET is idempotent, so every retry is safe. The names of those modules that
callers use stay importable from here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING

from rapidly_tui.api import errors
from rapidly_tui.api.params import MAX_PAGE_SIZE, Params, QueryValue, _limit, _segment, query
from rapidly_tui.api.responses import decode_error, error_from_response
from rapidly_tui.api.retry import RetryListener, RetryNotice, RetryPolicy, retry_listener
from rapidly_tui.api.transport import (
    DEFAULT_DEADLINE,
    DEFAULT_TIMEOUT,
    MAX_BODY_BYTES,
    PRODUCTION_URL,
    Decoder,
    HttpClient,
)

if TYPE_CHECKING:
    from rapidly_tui.api.models import (
        AnyEvent,
        Customer,
        CustomerState,
        Member,
        MetricsResponse,
        Page,
        Payment,
        Share,
        WebhookDelivery,
        WebhookEndpoint,
        Workspace,
    )

__all__ = [
    "DEFAULT_DEADLINE",
    "DEFAULT_TIMEOUT",
    "MAX_BODY_BYTES",
    "MAX_PAGE_SIZE",
    "PRODUCTION_URL",
    "SANDBOX_URL",
    "Params",
    "QueryValue",
    "RapidlyClient",
    "RetryListener",
    "RetryNotice",
    "RetryPolicy",
    "_limit",
    "_segment",
    "decode_error",
    "error_from_response",
    "query",
    "retry_listener",
]

SANDBOX_URL = "https://sandbox-api.rapidly.tech"

_WORKSPACE_PAGE: Decoder[Page[Workspace]] = Decoder(lambda m: m.Page[m.Workspace])
_WORKSPACE: Decoder[Workspace] = Decoder(lambda m: m.Workspace)
_CUSTOMER_PAGE: Decoder[Page[Customer]] = Decoder(lambda m: m.Page[m.Customer])
_CUSTOMER: Decoder[Customer] = Decoder(lambda m: m.Customer)
_CUSTOMER_STATE: Decoder[CustomerState] = Decoder(lambda m: m.CustomerState)
_MEMBER_PAGE: Decoder[Page[Member]] = Decoder(lambda m: m.Page[m.Member])
_PAYMENT_PAGE: Decoder[Page[Payment]] = Decoder(lambda m: m.Page[m.Payment])
_METRICS: Decoder[MetricsResponse] = Decoder(lambda m: m.MetricsResponse)
_EVENT_PAGE: Decoder[Page[AnyEvent]] = Decoder(lambda m: m.Page[m.AnyEvent])
_DELIVERY_PAGE: Decoder[Page[WebhookDelivery]] = Decoder(lambda m: m.Page[m.WebhookDelivery])
_SHARE_PAGE: Decoder[Page[Share]] = Decoder(lambda m: m.Page[m.Share])
_PAYMENT: Decoder[Payment] = Decoder(lambda m: m.Payment)
_EVENT: Decoder[AnyEvent] = Decoder(lambda m: m.AnyEvent)
_SHARE: Decoder[Share] = Decoder(lambda m: m.Share)
_ENDPOINT_PAGE: Decoder[Page[WebhookEndpoint]] = Decoder(lambda m: m.Page[m.WebhookEndpoint])
_ENDPOINT: Decoder[WebhookEndpoint] = Decoder(lambda m: m.WebhookEndpoint)


class RapidlyClient(HttpClient):
    """Typed access to the Rapidly REST API: one method per endpoint the explorer reads.

    The connection, retries and decoding are :class:`HttpClient`'s
    (rapidly_tui/api/transport.py). Use as ``async with RapidlyClient(...)`` or call
    :meth:`aclose`.
    """

    # --- workspaces ---------------------------------------------------------------

    async def list_workspaces(
        self, *, slug: str | None = None, page: int = 1, limit: int = MAX_PAGE_SIZE
    ) -> Page[Workspace]:
        return await self._get(
            "/api/workspaces/",
            _WORKSPACE_PAGE,
            query(slug=slug, page=page, limit=_limit(limit)),
        )

    async def get_workspace(self, workspace_id: str) -> Workspace:
        return await self._get(f"/api/workspaces/{_segment(workspace_id)}", _WORKSPACE)

    # --- customers ----------------------------------------------------------------

    async def list_customers(
        self,
        *,
        workspace_id: str | None = None,
        query_text: str | None = None,
        email: str | None = None,
        sorting: Sequence[str] = ("-created_at",),
        metadata: Mapping[str, str] | None = None,
        include_members: bool = False,
        page: int = 1,
        limit: int = MAX_PAGE_SIZE,
    ) -> Page[Customer]:
        params = query(
            workspace_id=workspace_id,
            query=query_text,
            email=email,
            sorting=list(sorting),
            include_members=include_members or None,
            page=page,
            limit=_limit(limit),
        )
        for key, value in (metadata or {}).items():
            params.append((f"metadata[{key}]", value))
        return await self._get("/api/customers/", _CUSTOMER_PAGE, params)

    async def get_customer(self, customer_id: str, *, include_members: bool = True) -> Customer:
        return await self._get(
            f"/api/customers/{_segment(customer_id)}",
            _CUSTOMER,
            query(include_members=include_members or None),
        )

    async def get_customer_by_external_id(
        self, external_id: str, *, include_members: bool = True
    ) -> Customer:
        if "/" in external_id:
            # The real server decodes %2F before routing, so no request can reach it.
            raise errors.NotFound(
                "External ids containing '/' cannot be looked up through the API.",
                status=None,
            )
        return await self._get(
            f"/api/customers/external/{_segment(external_id)}",
            _CUSTOMER,
            query(include_members=include_members or None),
        )

    async def get_customer_state(self, customer_id: str) -> CustomerState:
        return await self._get(f"/api/customers/{_segment(customer_id)}/state", _CUSTOMER_STATE)

    # --- members, payments, events, webhooks, shares, metrics ---------------------

    async def list_members(
        self,
        *,
        customer_id: str | None = None,
        external_customer_id: str | None = None,
        page: int = 1,
        limit: int = MAX_PAGE_SIZE,
    ) -> Page[Member]:
        """Without a filter: every member of the token's workspaces."""
        return await self._get(
            "/api/members/",
            _MEMBER_PAGE,
            query(
                customer_id=customer_id,
                external_customer_id=external_customer_id,
                page=page,
                limit=_limit(limit),
            ),
        )

    async def list_payments(
        self,
        *,
        workspace_id: str | None = None,
        customer_email: str | None = None,
        status: str | Sequence[str] | None = None,
        method: str | Sequence[str] | None = None,
        sorting: Sequence[str] = ("-created_at",),
        page: int = 1,
        limit: int = MAX_PAGE_SIZE,
    ) -> Page[Payment]:
        return await self._get(
            "/api/payments/",
            _PAYMENT_PAGE,
            query(
                workspace_id=workspace_id,
                customer_email=customer_email,
                status=status,
                method=method,
                sorting=list(sorting),
                page=page,
                limit=_limit(limit),
            ),
        )

    async def get_payment(self, payment_id: str) -> Payment:
        """One payment. Nothing in it names its customer (the API has no such link)."""
        return await self._get(f"/api/payments/{_segment(payment_id)}", _PAYMENT)

    async def get_metrics(
        self,
        *,
        start_date: date,
        end_date: date,
        interval: str = "day",
        workspace_id: str | None = None,
        metrics: Sequence[str] | None = None,
    ) -> MetricsResponse:
        return await self._get(
            "/api/metrics/",
            _METRICS,
            query(
                start_date=start_date,
                end_date=end_date,
                interval=interval,
                workspace_id=workspace_id,
                metrics=list(metrics) if metrics else None,
            ),
        )

    async def list_events(
        self,
        *,
        workspace_id: str | None = None,
        customer_id: str | None = None,
        external_customer_id: str | None = None,
        name: str | Sequence[str] | None = None,
        source: str | Sequence[str] | None = None,
        query_text: str | None = None,
        start_timestamp: datetime | None = None,
        end_timestamp: datetime | None = None,
        sorting: Sequence[str] = ("-timestamp",),
        page: int = 1,
        limit: int = MAX_PAGE_SIZE,
    ) -> Page[AnyEvent]:
        return await self._get(
            "/api/events/",
            _EVENT_PAGE,
            query(
                workspace_id=workspace_id,
                customer_id=customer_id,
                external_customer_id=external_customer_id,
                name=name,
                source=source,
                query=query_text,
                start_timestamp=start_timestamp,
                end_timestamp=end_timestamp,
                sorting=list(sorting),
                page=page,
                limit=_limit(limit),
            ),
        )

    async def get_event(self, event_id: str) -> AnyEvent:
        return await self._get(f"/api/events/{_segment(event_id)}", _EVENT)

    async def list_webhook_endpoints(
        self, *, workspace_id: str | None = None, page: int = 1, limit: int = MAX_PAGE_SIZE
    ) -> Page[WebhookEndpoint]:
        """Endpoints with their secrets (masked whenever shown: see ``WebhookSecret``)."""
        return await self._get(
            "/api/webhooks/endpoints",
            _ENDPOINT_PAGE,
            query(workspace_id=workspace_id, page=page, limit=_limit(limit)),
        )

    async def get_webhook_endpoint(self, endpoint_id: str) -> WebhookEndpoint:
        return await self._get(f"/api/webhooks/endpoints/{_segment(endpoint_id)}", _ENDPOINT)

    async def list_webhook_deliveries(
        self,
        *,
        endpoint_id: str | Sequence[str] | None = None,
        succeeded: bool | None = None,
        http_code_class: str | None = None,
        event_type: str | Sequence[str] | None = None,
        start_timestamp: datetime | None = None,
        end_timestamp: datetime | None = None,
        page: int = 1,
        limit: int = MAX_PAGE_SIZE,
    ) -> Page[WebhookDelivery]:
        """A delivery does not name its endpoint: ``endpoint_id`` is the only way to
        scope deliveries to a workspace (without it a user token gets them all)."""
        return await self._get(
            "/api/webhooks/deliveries",
            _DELIVERY_PAGE,
            query(
                endpoint_id=endpoint_id,
                succeeded=succeeded,
                http_code_class=http_code_class,
                event_type=event_type,
                start_timestamp=start_timestamp,
                end_timestamp=end_timestamp,
                page=page,
                limit=_limit(limit),
            ),
        )

    async def list_shares(
        self, *, workspace_id: str | None = None, page: int = 1, limit: int = MAX_PAGE_SIZE
    ) -> Page[Share]:
        return await self._get(
            "/api/shares/",
            _SHARE_PAGE,
            query(workspace_id=workspace_id, page=page, limit=_limit(limit)),
        )

    async def get_share(self, share_id: str) -> Share:
        return await self._get(f"/api/shares/{_segment(share_id)}", _SHARE)
