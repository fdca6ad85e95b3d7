"""The async Rapidly API client.

One :class:`RapidlyClient` owns one pooled ``httpx.AsyncClient``. All requests go
through :meth:`RapidlyClient._get`, the single place that retries, maps statuses to
the error hierarchy in :mod:`rapidly_tui.api.errors` and decodes bodies into the
models of :mod:`rapidly_tui.api.models`. Only GETs are sent: the explorer is read-only,
and every GET is idempotent, so every retry here is safe.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
import random
import re
import ssl
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import TYPE_CHECKING, Any, Generic, TypeVar
from urllib.parse import quote

import httpx

from rapidly_tui import __version__
from rapidly_tui.api import errors
from rapidly_tui.api.tls import tls_context

if TYPE_CHECKING:
    from pydantic import ValidationError

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

log = logging.getLogger("rapidly_tui.api")

PRODUCTION_URL = "https://api.rapidly.tech"
SANDBOX_URL = "https://sandbox-api.rapidly.tech"
MAX_PAGE_SIZE = 100

DEFAULT_TIMEOUT = httpx.Timeout(connect=5.0, read=15.0, write=10.0, pool=10.0)
#: Longest one attempt may take, whole body included. The read timeout only bounds
#: the gap between two chunks, so a server trickling bytes could otherwise hold a
#: request (and the screen waiting for it) forever.
DEFAULT_DEADLINE = 45.0
# Most of what the UI shows is small JSON; anything beyond this is refused rather
# than parsed, so a runaway body cannot stall the screen or eat the memory.
MAX_BODY_BYTES = 8 * 1024 * 1024
_WIRE_HEADERS = frozenset({"content-encoding", "content-length", "transfer-encoding"})

Params = Sequence[tuple[str, str]]
QueryValue = str | int | bool | date | datetime | Sequence[str] | None
ModelT = TypeVar("ModelT")


@dataclass(frozen=True)
class RetryNotice:
    """Told to the caller before the client sleeps and tries a request again."""

    attempt: int  # the attempt that failed, from 1
    max_attempts: int
    delay: float  # seconds until the next try
    error: errors.RapidlyError


RetryListener = Callable[[RetryNotice], None]

#: Who hears about retries of requests made in this context. The TUI sets it inside
#: each worker, so a panel can show "rate limited, retrying in 30 s" for its own
#: requests only; the command-line commands set it to print to stderr.
retry_listener: contextvars.ContextVar[RetryListener | None] = contextvars.ContextVar(
    "rapidly_retry_listener", default=None
)


@dataclass(frozen=True)
class RetryPolicy:
    """How GETs are retried: 429 after Retry-After, 502/503/504 and network errors
    with jittered exponential backoff; never 400/401/403/404/422."""

    max_attempts: int = 3
    base_delay: float = 0.5
    max_delay: float = 8.0
    retry_after_cap: float = 30.0
    retry_statuses: frozenset[int] = frozenset({429, 502, 503, 504})

    def delay_for(self, attempt: int, error: errors.RapidlyError) -> float:
        if isinstance(error, errors.RateLimited) and error.retry_after is not None:
            return min(max(error.retry_after, 0.0), self.retry_after_cap)
        backoff = min(self.base_delay * 2 ** (attempt - 1), self.max_delay)
        # Full jitter between half and the whole backoff keeps clients from retrying in step.
        return float(backoff * (0.5 + random.random() / 2))  # noqa: S311 - not cryptographic


def _clean_token(token: str | None) -> str | None:
    if token is None:
        return None
    token = token.strip()
    return token or None


class _Decoder(Generic[ModelT]):
    """Parses a response body into one type.

    pydantic and the models are imported, and the adapter built, on first use: at
    start-up the first request goes out after importing httpx alone, and the rest
    loads while that request waits for the network (see rapidly_tui/tui.py).
    """

    def __init__(self, target: Callable[[Any], Any]) -> None:
        self._target = target  # models module -> the type to parse into
        self._adapter: Any = None

    def __call__(self, response: httpx.Response) -> ModelT:
        from pydantic import TypeAdapter, ValidationError

        if self._adapter is None:
            from rapidly_tui.api import models

            self._adapter = TypeAdapter(self._target(models))
        try:
            result: ModelT = self._adapter.validate_json(response.content)
        except ValidationError as exc:
            raise decode_error(
                exc,
                status=response.status_code,
                request_id=response.headers.get("x-request-id"),
            ) from None
        return result


_WORKSPACE_PAGE: _Decoder[Page[Workspace]] = _Decoder(lambda m: m.Page[m.Workspace])
_WORKSPACE: _Decoder[Workspace] = _Decoder(lambda m: m.Workspace)
_CUSTOMER_PAGE: _Decoder[Page[Customer]] = _Decoder(lambda m: m.Page[m.Customer])
_CUSTOMER: _Decoder[Customer] = _Decoder(lambda m: m.Customer)
_CUSTOMER_STATE: _Decoder[CustomerState] = _Decoder(lambda m: m.CustomerState)
_MEMBER_PAGE: _Decoder[Page[Member]] = _Decoder(lambda m: m.Page[m.Member])
_PAYMENT_PAGE: _Decoder[Page[Payment]] = _Decoder(lambda m: m.Page[m.Payment])
_METRICS: _Decoder[MetricsResponse] = _Decoder(lambda m: m.MetricsResponse)
_EVENT_PAGE: _Decoder[Page[AnyEvent]] = _Decoder(lambda m: m.Page[m.AnyEvent])
_DELIVERY_PAGE: _Decoder[Page[WebhookDelivery]] = _Decoder(lambda m: m.Page[m.WebhookDelivery])
_SHARE_PAGE: _Decoder[Page[Share]] = _Decoder(lambda m: m.Page[m.Share])
_PAYMENT: _Decoder[Payment] = _Decoder(lambda m: m.Payment)
_EVENT: _Decoder[AnyEvent] = _Decoder(lambda m: m.AnyEvent)
_SHARE: _Decoder[Share] = _Decoder(lambda m: m.Share)
_ENDPOINT_PAGE: _Decoder[Page[WebhookEndpoint]] = _Decoder(lambda m: m.Page[m.WebhookEndpoint])
_ENDPOINT: _Decoder[WebhookEndpoint] = _Decoder(lambda m: m.WebhookEndpoint)


class RapidlyClient:
    """Typed access to the Rapidly REST API.

    ``transport`` is injectable: the demo passes an in-process ASGI transport, tests
    pass the demo app or a loopback server. Use as ``async with RapidlyClient(...)``
    or call :meth:`aclose`.
    """

    def __init__(
        self,
        base_url: str = PRODUCTION_URL,
        token: str | None = None,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
        deadline: float | None = DEFAULT_DEADLINE,
        retry: RetryPolicy | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        event_hooks: Mapping[str, list[Callable[..., Any]]] | None = None,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.retry = retry or RetryPolicy()
        self.deadline = deadline
        self._sleep = sleep
        headers = {
            "User-Agent": f"rapidly-tui/{__version__}",
            "Accept": "application/json",
        }
        token = _clean_token(token)
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        self._http = httpx.AsyncClient(
            base_url=self.base_url,
            headers=headers,
            timeout=timeout,
            transport=transport,
            limits=httpx.Limits(max_connections=10, max_keepalive_connections=10),
            # The real API redirects collection paths without a trailing slash; we
            # always send the spec's exact paths, so a redirect is a surprise to report.
            follow_redirects=False,
            # Always verified (rapidly_tui/api/tls.py); built here unless start-up built
            # it already, in a thread. An injected transport brings its own.
            verify=(
                ssl_context
                if ssl_context is not None
                else tls_context(self.base_url)
                if transport is None
                else True
            ),
            event_hooks=dict(event_hooks) if event_hooks else None,
        )

    def __repr__(self) -> str:
        # Never the headers: they hold the token.
        return f"RapidlyClient(base_url={self.base_url!r})"

    async def __aenter__(self) -> RapidlyClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    @property
    def is_closed(self) -> bool:
        return self._http.is_closed

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

    # --- the one request method ---------------------------------------------------

    async def _get(self, path: str, decoder: _Decoder[ModelT], params: Params = ()) -> ModelT:
        """GET ``path``, retrying what is safe to retry, and decode it."""
        attempt = 1
        while True:
            try:
                response = await self._send(path, params)
                return self._decode(response, decoder)
            except errors.RapidlyError as error:
                if not self._should_retry(error, attempt):
                    raise
                delay = self.retry.delay_for(attempt, error)
                listener = retry_listener.get()
                if listener is not None:
                    try:
                        listener(RetryNotice(attempt, self.retry.max_attempts, delay, error))
                    except Exception:
                        # A broken progress display must not fail the request itself.
                        log.exception("retry listener failed")
                log.info("retrying %s in %.2fs after %s", path, delay, type(error).__name__)
                await self._sleep(delay)
                attempt += 1

    def _should_retry(self, error: errors.RapidlyError, attempt: int) -> bool:
        if attempt >= self.retry.max_attempts:
            return False
        if isinstance(error, (errors.ConnectionFailed, errors.Timeout)):
            return True
        return error.status in self.retry.retry_statuses

    async def _send(self, path: str, params: Params) -> httpx.Response:
        if self.deadline is None:
            return await self._send_once(path, params)
        try:
            return await asyncio.wait_for(self._send_once(path, params), self.deadline)
        except asyncio.TimeoutError:
            raise errors.Timeout(
                f"The server did not finish answering within {self.deadline:g} s."
            ) from None

    async def _send_once(self, path: str, params: Params) -> httpx.Response:
        response: httpx.Response | None = None
        try:
            async with self._http.stream("GET", path, params=list(params)) as response:
                content = await _read_capped(response)
        except httpx.TimeoutException as exc:
            raise errors.Timeout(f"The server did not answer in time ({_exc_kind(exc)}).") from None
        except (
            httpx.ConnectError,
            httpx.RemoteProtocolError,
            httpx.ReadError,
            httpx.WriteError,
        ) as exc:
            raise errors.ConnectionFailed(
                f"Could not reach {self._http.base_url.host or 'the server'} ({_exc_kind(exc)})."
            ) from None
        except httpx.DecodingError:
            raise errors.DecodeError(
                "The response body could not be decoded (bad content encoding).",
                status=response.status_code if response is not None else None,
                request_id=response.headers.get("x-request-id") if response is not None else None,
            ) from None
        except httpx.HTTPError as exc:
            raise errors.ConnectionFailed(f"Network error ({_exc_kind(exc)}).") from None
        # Rebuild a complete response so decoding never touches the network again.
        # ``content`` is already decompressed: drop the headers that describe the
        # bytes on the wire, or httpx would try to gunzip it a second time.
        headers = [
            (name, value)
            for name, value in response.headers.multi_items()
            if name.lower() not in _WIRE_HEADERS
        ]
        return httpx.Response(
            response.status_code, headers=headers, content=content, request=response.request
        )

    def _decode(self, response: httpx.Response, decoder: _Decoder[ModelT]) -> ModelT:
        if response.status_code != 200:
            raise error_from_response(response)
        return decoder(response)


async def _read_capped(response: httpx.Response) -> bytes:
    declared = response.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise errors.DecodeError(
            f"The response is too large ({int(declared):,} bytes).",
            status=response.status_code,
            request_id=response.headers.get("x-request-id"),
        )
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.aiter_bytes():
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise errors.DecodeError(
                f"The response is too large (over {MAX_BODY_BYTES:,} bytes).",
                status=response.status_code,
                request_id=response.headers.get("x-request-id"),
            )
        chunks.append(chunk)
    return b"".join(chunks)


def _exc_kind(exc: Exception) -> str:
    """A human name for a transport exception, never its text (which may hold URLs)."""
    name = type(exc).__name__
    return re.sub(r"(?<!^)(?=[A-Z])", " ", name).lower()


_SCOPE_RE = re.compile(r'scope="([^"]*)"')


def error_from_response(response: httpx.Response) -> errors.ApiError:
    """Map an error response to the error hierarchy, without trusting its body."""
    status = response.status_code
    request_id = response.headers.get("x-request-id")
    body = _json_or_none(response)
    detail = body.get("detail") if isinstance(body, dict) else None
    description = body.get("error_description") if isinstance(body, dict) else None
    text = (
        detail if isinstance(detail, str) else description if isinstance(description, str) else None
    )

    if status == 401:
        return errors.Unauthorized(
            "The server rejected the access token (expired, revoked or mistyped)."
            if isinstance(description, str)
            else "The request carried no valid access token.",
            status=status,
            request_id=request_id,
        )
    if status == 403:
        match = _SCOPE_RE.search(response.headers.get("www-authenticate", ""))
        # The header lists every scope that would do; web:* are the dashboard's own.
        scopes = tuple(
            s for s in (match.group(1).split() if match else []) if not s.startswith("web:")
        )
        message = (
            f"The token lacks the scope {' or '.join(scopes)}."
            if scopes
            else "The token is not allowed to read this."
        )
        return errors.Forbidden(message, scopes=scopes, status=status, request_id=request_id)
    if status == 404:
        return errors.NotFound(text or "Not found.", status=status, request_id=request_id)
    if status == 422:
        field_errors = tuple(_field_errors(detail))
        message = "; ".join(str(e) for e in field_errors) or text or "The request was invalid."
        return errors.Invalid(
            message, field_errors=field_errors, status=status, request_id=request_id
        )
    if status == 429:
        retry_after = _retry_after(
            response.headers.get("retry-after"), response.headers.get("date")
        )
        suffix = f" Retry after {retry_after:g} s." if retry_after is not None else ""
        return errors.RateLimited(
            "Too many requests." + suffix,
            retry_after=retry_after,
            status=status,
            request_id=request_id,
        )
    if status >= 500:
        return errors.ServerError(
            f"The server failed with HTTP {status}.", status=status, request_id=request_id
        )
    return errors.UnexpectedStatus(
        f"Unexpected HTTP {status}" + (f": {text}" if text else "."),
        status=status,
        request_id=request_id,
    )


def _json_or_none(response: httpx.Response) -> Any:
    # A 429 has an empty body and no content type; a proxy may send HTML. Only a
    # body that says it is JSON and parses as JSON is read.
    if not response.content or "json" not in response.headers.get("content-type", ""):
        return None
    try:
        return response.json()
    except ValueError:
        return None


def _field_errors(detail: Any) -> list[errors.FieldError]:
    if not isinstance(detail, list):
        return []
    found = []
    for item in detail:
        if not isinstance(item, dict):
            continue
        loc = item.get("loc")
        location = ".".join(str(part) for part in loc) if isinstance(loc, list) else ""
        message = item.get("msg")
        found.append(
            errors.FieldError(location, message if isinstance(message, str) else "invalid")
        )
    return found


def _retry_after(value: str | None, date_header: str | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: delay-seconds or an HTTP date (RFC
    9110 10.2.3). A date is measured from the response's own Date header when there is
    one (the server's clock, so a skewed local clock does not matter), else from now; a
    date in the past means now. Anything else is ignored (the usual backoff applies);
    the cap is the retry policy's."""
    if value is None:
        return None
    try:
        seconds = float(value.strip())
    except ValueError:
        when = _http_date(value)
        if when is None:
            return None
        sent = _http_date(date_header) if date_header else None
        now = sent or datetime.now(timezone.utc)
        return float(max(round((when - now).total_seconds()), 0))
    return seconds if seconds >= 0 else None


def _http_date(value: str) -> datetime | None:
    # Imported here: rarely needed, and the client's import is on the start-up path.
    from email.utils import parsedate_to_datetime

    try:
        when = parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError):
        return None
    # A date without a zone is taken as GMT, the only zone HTTP dates use.
    return when if when.tzinfo is not None else when.replace(tzinfo=timezone.utc)


_UNION_TAGS = frozenset({"card", "generic", "system", "user", "str", "int", "float", "bool"})


def _field_path(loc: Sequence[int | str]) -> str:
    # pydantic puts the union branch it tried into the location ("str-enum[...]",
    # "card", "str"): noise in a field path. Field names never contain "[".
    return ".".join(
        str(part)
        for part in loc
        if not (isinstance(part, str) and ("[" in part or part in _UNION_TAGS))
    )


def decode_error(
    exc: ValidationError, *, status: int | None = None, request_id: str | None = None
) -> errors.DecodeError:
    """Name the offending fields of a response that broke the contract."""
    messages: dict[str, str] = {}  # path -> first message (one per field, not per branch)
    for item in exc.errors(include_url=False, include_input=False):
        messages.setdefault(_field_path(item["loc"]), item["msg"])
    shown = list(messages.items())[:5]
    parts = [f"{path or 'body'}: {message}" for path, message in shown]
    message = "The response does not match the API: " + "; ".join(parts)
    if len(messages) > len(shown):
        message += f" (and {len(messages) - len(shown)} more)"
    return errors.DecodeError(
        message, fields=tuple(path for path, _ in shown), status=status, request_id=request_id
    )


def query(**values: QueryValue) -> list[tuple[str, str]]:
    """Build query parameters: ``None`` is left out, sequences repeat the key
    (``sorting=-created_at&sorting=email``, as the API wants), booleans are lowercase."""
    params: list[tuple[str, str]] = []
    for key, value in values.items():
        if value is None:
            continue
        if isinstance(value, bool):
            params.append((key, "true" if value else "false"))
        elif isinstance(value, (date, datetime)):
            params.append((key, value.isoformat()))
        elif isinstance(value, (list, tuple)):
            params.extend((key, str(item)) for item in value)
        else:
            params.append((key, str(value)))
    return params


def _limit(limit: int) -> int:
    return max(1, min(limit, MAX_PAGE_SIZE))


def _segment(value: str) -> str:
    """Percent-encode one path segment (spaces, ``:``, ``@``, unicode all work)."""
    return quote(value, safe="")
