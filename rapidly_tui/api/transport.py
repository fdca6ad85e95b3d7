"""The client's core: one pooled ``httpx.AsyncClient``, the one GET that retries,
caps and decodes, and the decoders that turn a body into models.

:class:`HttpClient` is the base of :class:`rapidly_tui.api.client.RapidlyClient`,
which adds one typed method per endpoint. Every request goes through
:meth:`HttpClient._get`, the single place that retries, maps statuses to the error
hierarchy (:mod:`rapidly_tui.api.responses`) and decodes bodies.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
import re
import ssl
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, Generic, TypeVar

import httpx

from rapidly_tui import __version__
from rapidly_tui.api import errors
from rapidly_tui.api.params import Params
from rapidly_tui.api.responses import decode_error, error_from_response
from rapidly_tui.api.retry import RetryNotice, RetryPolicy, retry_listener
from rapidly_tui.api.tls import tls_context

log = logging.getLogger("rapidly_tui.api")

#: Who hears the request id of each answer decoded in this context: the TUI keeps the
#: one behind each load, so an incident note can name it.
answer_listener: contextvars.ContextVar[Callable[[str | None], None] | None] = (
    contextvars.ContextVar("rapidly_answer_listener", default=None)
)

PRODUCTION_URL = "https://api.rapidly.tech"

DEFAULT_TIMEOUT = httpx.Timeout(connect=5.0, read=15.0, write=10.0, pool=10.0)
#: Longest one attempt may take, whole body included. The read timeout only bounds
#: the gap between two chunks, so a server trickling bytes could otherwise hold a
#: request (and the screen waiting for it) forever.
DEFAULT_DEADLINE = 45.0
#: Connections open at once. A start that remembers its workspace sends the overview's
#: requests in one wave: 7, plus one per webhook endpoint remembered
#: (rapidly_tui/loads.py); one request more than the pool waits a whole round trip.
MAX_CONNECTIONS = 16
# Most of what the UI shows is small JSON; anything beyond this is refused rather
# than parsed, so a runaway body cannot stall the screen or eat the memory.
MAX_BODY_BYTES = 8 * 1024 * 1024
_WIRE_HEADERS = frozenset({"content-encoding", "content-length", "transfer-encoding"})

ModelT = TypeVar("ModelT")
ClientT = TypeVar("ClientT", bound="HttpClient")


def _clean_token(token: str | None) -> str | None:
    if token is None:
        return None
    token = token.strip()
    return token or None


class Decoder(Generic[ModelT]):
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


class HttpClient:
    """The connection, its retries and its decoding; no endpoint knows about it.

    ``transport`` is injectable: the demo passes an in-process ASGI transport, tests
    pass the demo app or a loopback server. Use as ``async with ...`` or call
    :meth:`aclose`.
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
            limits=httpx.Limits(
                max_connections=MAX_CONNECTIONS, max_keepalive_connections=MAX_CONNECTIONS
            ),
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
        return f"{type(self).__name__}(base_url={self.base_url!r})"

    async def __aenter__(self: ClientT) -> ClientT:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    @property
    def is_closed(self) -> bool:
        return self._http.is_closed

    # --- the one request method ---------------------------------------------------

    async def _get(self, path: str, decoder: Decoder[ModelT], params: Params = ()) -> ModelT:
        """GET ``path``, retrying what is safe to retry, and decode it."""
        attempt = 1
        while True:
            try:
                response = await self._send(path, params)
                result = self._decode(response, decoder)
                heard = answer_listener.get()
                if heard is not None:
                    heard(response.headers.get("x-request-id"))
                return result
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

    def _decode(self, response: httpx.Response, decoder: Decoder[ModelT]) -> ModelT:
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
