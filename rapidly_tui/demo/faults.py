"""Fault injection for the demo API, driven by tests at run time.

A :class:`FaultPlan` holds rules; each request takes the first active rule whose
path prefix matches, and a rule with ``times=N`` stops after N uses. Tests add rules
while a loopback server runs in another thread, so every access is under a lock.
The plan also logs every request (method, path, query) so tests can count them.

Example::

    faults = FaultPlan()
    faults.rate_limit("/api/customers/", retry_after=2, times=1)
    faults.server_error("/api/payments/", 503, times=2)
    faults.drop_connection("/api/events/")
    assert faults.count("/api/customers/") == 2
"""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from typing import Any

from rapidly_tui.demo.wire import Answer, ConnectionDropped, encode_json

JSON = dict[str, Any]
Mutation = Callable[[Any], Any]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
#: Builds the response headers for an answer and its body length (None: not declared).
HeaderBuilder = Callable[[Answer, "int | None"], list[tuple[bytes, bytes]]]
#: Kinds that let the normal answer through, changed on the way (or only delayed).
_PASS_THROUGH = frozenset({"latency", "mutate", "truncated", "slow_body", "drop"})

#: Default bodies for injected error statuses, copied from the real server's answers.
ERROR_BODIES: dict[int, Any] = {
    400: {"detail": "Bad Request"},
    401: {
        "error": "invalid_token",
        "error_description": (
            "The access token provided is expired, revoked, malformed, or invalid for other"
            " reasons."
        ),
    },
    403: {
        "error": "insufficient_scope",
        "error_description": (
            "The request requires higher privileges than provided by the access token."
        ),
    },
    404: {"error": "ResourceNotFound", "detail": "Not found"},
    405: {"detail": "Method Not Allowed"},
    409: {"error": "Conflict", "detail": "Conflict"},
    422: {
        "error": "RequestValidationError",
        "detail": [
            {
                "type": "greater_than",
                "loc": ["query", "limit"],
                "msg": "Input should be greater than 0",
                "input": "0",
                "ctx": {"gt": 0},
            }
        ],
    },
    500: {"error": "InternalServerError", "detail": "Internal Server Error"},
    502: {"detail": "Bad Gateway"},
    503: {"detail": "Service Unavailable"},
    504: {"detail": "Gateway Timeout"},
}

HTML_ERROR_PAGE = (
    "<html>\r\n<head><title>{status} Bad Gateway</title></head>\r\n<body>\r\n"
    "<center><h1>{status} Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
    "</body>\r\n</html>\r\n"
)


@dataclass
class FaultRule:
    """One injected behaviour. Build rules with the :class:`FaultPlan` helpers."""

    prefix: str
    #: What to do: "latency" (only delay), "status", "rate_limit", "html", "truncated",
    #: "malformed", "wrong_shape", "mutate", "huge", "slow_body", "drop".
    kind: str
    times: int | None = None
    #: Seconds to wait before answering (any kind).
    delay: float = 0.0
    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    mutation: Mutation | None = None
    #: For "huge": the body size; for "slow_body"/"drop": bytes per chunk or sent before dropping.
    size: int = 0
    #: For "slow_body": seconds between chunks; for "huge": whether Content-Length is declared.
    chunk_delay: float = 0.0
    declare_length: bool = True
    #: When set, the answer waits until this event is set: a test holds a request in
    #: flight for exactly as long as it needs, however slow the machine.
    hold: asyncio.Event | None = None
    used: int = 0
    #: Requests this rule took that have ended (answered, or abandoned by the client).
    ended: int = 0

    @property
    def active(self) -> bool:
        return self.times is None or self.used < self.times


@dataclass(frozen=True)
class RecordedRequest:
    """A request the demo received (never its headers: they hold the token)."""

    method: str
    path: str
    query: str


class FaultPlan:
    """Rules applied by the demo app, and the log of what it received."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._rules: list[FaultRule] = []
        self._requests: list[RecordedRequest] = []

    # --- bookkeeping (called by the app) ----------------------------------------------

    def record(self, method: str, path: str, query: str) -> None:
        with self._lock:
            self._requests.append(RecordedRequest(method, path, query))

    def take(self, path: str) -> FaultRule | None:
        """The rule for this request, counting one use of it."""
        with self._lock:
            for rule in self._rules:
                if rule.active and path.startswith(rule.prefix):
                    rule.used += 1
                    return rule
        return None

    # --- reading the log ---------------------------------------------------------------

    @property
    def requests(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._requests)

    def count(self, prefix: str = "/") -> int:
        """How many requests had a path starting with ``prefix``."""
        with self._lock:
            return sum(1 for r in self._requests if r.path.startswith(prefix))

    def clear(self) -> None:
        """Forget every rule and the request log."""
        with self._lock:
            self._rules.clear()
            self._requests.clear()

    def clear_log(self) -> None:
        with self._lock:
            self._requests.clear()

    # --- adding rules --------------------------------------------------------------------

    def add(self, rule: FaultRule) -> FaultRule:
        with self._lock:
            self._rules.append(rule)
        return rule

    def latency(self, prefix: str, seconds: float, *, times: int | None = None) -> FaultRule:
        """Answer normally, after ``seconds``."""
        return self.add(FaultRule(prefix, "latency", times, delay=seconds))

    def hold(self, prefix: str, *, times: int | None = None) -> asyncio.Event:
        """Answer normally once the returned event is set: a request kept in flight for
        as long as a test looks at what the app shows meanwhile, on any machine."""
        gate = asyncio.Event()
        self.add(FaultRule(prefix, "latency", times, hold=gate))
        return gate

    def status(
        self,
        prefix: str,
        status: int,
        *,
        times: int | None = None,
        body: Any = None,
        headers: dict[str, str] | None = None,
        scopes: str | None = None,
        delay: float = 0.0,
    ) -> FaultRule:
        """Answer ``status`` with the real server's body for it (or ``body``).

        401 and 403 carry the recorded ``WWW-Authenticate``; ``scopes`` sets the 403's
        ``scope="..."`` (default ``payments:read web:read web:write``).
        """
        extra = dict(headers or {})
        if status == 401:
            extra.setdefault(
                "www-authenticate",
                'Bearer realm="rapidly", error="invalid_token", error_description="The access'
                ' token provided is expired, revoked, malformed, or invalid for other reasons."',
            )
        if status == 403:
            extra.setdefault(
                "www-authenticate",
                f'Bearer realm="rapidly", scope="{scopes or "payments:read web:read web:write"}",'
                ' error="insufficient_scope", error_description="The request requires higher'
                ' privileges than provided by the access token."',
            )
        if status == 405:
            extra.setdefault("allow", "GET")
        if body is None:
            body = ERROR_BODIES.get(status, {"detail": f"HTTP {status}"})
        return self.add(
            FaultRule(prefix, "status", times, delay=delay, status=status, body=body, headers=extra)
        )

    def server_error(
        self, prefix: str, status: int = 500, *, times: int | None = None
    ) -> FaultRule:
        return self.status(prefix, status, times=times)

    def rate_limit(
        self,
        prefix: str,
        *,
        retry_after: str | float | None = 60,
        times: int | None = None,
        json_body: bool = False,
    ) -> FaultRule:
        """429 with ``Retry-After`` and an empty body (as recorded), or a JSON body."""
        headers = {} if retry_after is None else {"retry-after": _header_number(retry_after)}
        body = {"error": "TooManyRequests", "detail": "Rate limit exceeded"} if json_body else None
        return self.add(
            FaultRule(prefix, "rate_limit", times, status=429, body=body, headers=headers)
        )

    def html_error(self, prefix: str, status: int = 502, *, times: int | None = None) -> FaultRule:
        """A proxy's HTML error page instead of JSON."""
        return self.add(
            FaultRule(
                prefix, "html", times, status=status, body=HTML_ERROR_PAGE.format(status=status)
            )
        )

    def truncated_json(self, prefix: str, *, times: int | None = None) -> FaultRule:
        """The normal body cut in half (with a matching Content-Length)."""
        return self.add(FaultRule(prefix, "truncated", times))

    def malformed_json(self, prefix: str, *, times: int | None = None) -> FaultRule:
        return self.add(FaultRule(prefix, "malformed", times, body=b'{"data": [1, 2,, }'))

    def wrong_shape(self, prefix: str, body: Any = None, *, times: int | None = None) -> FaultRule:
        """Valid JSON that is not the expected resource (default: a bare list)."""
        return self.add(
            FaultRule(
                prefix,
                "wrong_shape",
                times,
                body=["unexpected", {"shape": True}] if body is None else body,
            )
        )

    def mutate(self, prefix: str, mutation: Mutation, *, times: int | None = None) -> FaultRule:
        """Pass the normal JSON body through ``mutation`` (returns the new body)."""
        return self.add(FaultRule(prefix, "mutate", times, mutation=mutation))

    def drop_field(self, prefix: str, name: str, *, times: int | None = None) -> FaultRule:
        """Remove ``name`` from the resource (from every item of a page)."""
        return self.mutate(prefix, _on_items(lambda item: item.pop(name, None)), times=times)

    def add_field(
        self, prefix: str, name: str, value: Any = "surprise", *, times: int | None = None
    ) -> FaultRule:
        """Add an unknown field to the resource (to every item of a page)."""
        return self.mutate(
            prefix, _on_items(lambda item: item.__setitem__(name, value)), times=times
        )

    def replace_value(
        self, prefix: str, name: str, value: Any, *, times: int | None = None
    ) -> FaultRule:
        """Set ``name`` (e.g. an enum such as ``status``) to ``value`` on the resource or items."""
        return self.mutate(
            prefix, _on_items(lambda item: item.__setitem__(name, value)), times=times
        )

    def wrong_total(self, prefix: str, total: int, *, times: int | None = None) -> FaultRule:
        """Make ``meta.total`` disagree with ``data``."""

        def change(body: Any) -> Any:
            if isinstance(body, dict) and isinstance(body.get("meta"), dict):
                body["meta"]["total"] = total
            return body

        return self.mutate(prefix, change, times=times)

    def huge_body(
        self,
        prefix: str,
        size: int = 10 * 1024 * 1024,
        *,
        declare_length: bool = True,
        times: int | None = None,
    ) -> FaultRule:
        """A valid JSON body of ``size`` bytes, sent in chunks."""
        return self.add(FaultRule(prefix, "huge", times, size=size, declare_length=declare_length))

    def slow_body(
        self,
        prefix: str,
        *,
        chunk_delay: float = 0.2,
        chunk_size: int = 64,
        times: int | None = None,
    ) -> FaultRule:
        """The normal body, ``chunk_size`` bytes at a time, ``chunk_delay`` seconds apart."""
        return self.add(
            FaultRule(prefix, "slow_body", times, size=chunk_size, chunk_delay=chunk_delay)
        )

    def drop_connection(
        self, prefix: str, *, after_bytes: int = 32, times: int | None = None
    ) -> FaultRule:
        """Send the headers and ``after_bytes`` of the body, then abort the connection."""
        return self.add(FaultRule(prefix, "drop", times, size=after_bytes))


def _header_number(value: str | float) -> str:
    if isinstance(value, str):
        return value
    return str(int(value)) if float(value).is_integer() else str(value)


def _on_items(change: Callable[[JSON], Any]) -> Mutation:
    """Apply ``change`` to a resource, or to each item of a page body."""

    def apply(body: Any) -> Any:
        items = body.get("data") if isinstance(body, dict) and "meta" in body else None
        targets = items if isinstance(items, list) else [body]
        for item in targets:
            if isinstance(item, dict):
                change(item)
        return body

    return apply


# --- delivering an answer through a rule: the one place faults act ------------------------


async def deliver(
    send: Send,
    rule: FaultRule | None,
    answer: Callable[[], Answer],
    headers: HeaderBuilder,
    *,
    latency: float = 0.0,
) -> None:
    """Send the answer to one request as ``rule`` (if any) bends it.

    ``answer`` is only called when the rule lets the normal answer through, so an
    injected error costs no handler work.
    """
    try:
        delay = latency + (rule.delay if rule is not None else 0.0)
        if delay > 0:
            await asyncio.sleep(delay)
        if rule is not None and rule.hold is not None:
            await rule.hold.wait()
        if rule is not None and rule.kind not in _PASS_THROUGH:
            reply = fault_answer(rule)
        else:
            reply = answer()
            if rule is not None and rule.mutation is not None and reply.status == 200:
                reply.body = rule.mutation(json.loads(encode_json(reply.body)))
        await _send(send, reply, rule, headers)
    finally:
        if rule is not None:
            rule.ended += 1


def fault_answer(rule: FaultRule) -> Answer:
    """The answer a rule sends instead of the normal one."""
    if rule.kind == "rate_limit":
        if rule.body is None:
            return Answer(429, b"", rule.headers, content_type=None)
        return Answer(429, rule.body, rule.headers)
    if rule.kind == "html":
        return Answer(rule.status, str(rule.body).encode(), rule.headers, "text/html")
    if rule.kind == "malformed":
        return Answer(200, rule.body if isinstance(rule.body, bytes) else str(rule.body).encode())
    if rule.kind == "wrong_shape":
        return Answer(200, rule.body)
    if rule.kind == "huge":
        return Answer(200)
    return Answer(rule.status, rule.body, rule.headers)


async def _send(send: Send, answer: Answer, rule: FaultRule | None, headers: HeaderBuilder) -> None:
    body = answer.body if isinstance(answer.body, bytes) else encode_json(answer.body)
    kind = rule.kind if rule is not None else None
    if rule is not None and rule.kind == "huge":
        await _send_huge(send, rule, headers)
        return
    length = len(body)
    if kind == "truncated":
        body = body[: max(1, len(body) // 2)]
        length = len(body)
    start = {"type": "http.response.start", "status": answer.status}
    await send({**start, "headers": headers(answer, length)})
    if rule is not None and rule.kind == "drop":
        await send({"type": "http.response.body", "body": body[: rule.size], "more_body": True})
        raise ConnectionDropped("demo fault: connection dropped mid-body")
    if rule is not None and rule.kind == "slow_body":
        step = max(1, rule.size)
        for offset in range(0, len(body), step):
            await send(
                {
                    "type": "http.response.body",
                    "body": body[offset : offset + step],
                    "more_body": True,
                }
            )
            await asyncio.sleep(rule.chunk_delay)
        await send({"type": "http.response.body", "body": b"", "more_body": False})
        return
    await send({"type": "http.response.body", "body": body, "more_body": False})


async def _send_huge(send: Send, rule: FaultRule, headers: HeaderBuilder) -> None:
    head = b'{"data":[],"meta":{"total":0,"page":1,"per_page":10,"pages":0},"padding":"'
    tail = b'"}'
    padding = max(0, rule.size - len(head) - len(tail))
    declared = rule.size if rule.declare_length else None
    await send(
        {"type": "http.response.start", "status": 200, "headers": headers(Answer(200), declared)}
    )
    await send({"type": "http.response.body", "body": head, "more_body": True})
    chunk = b"x" * 65536
    remaining = padding
    while remaining > 0:
        piece = chunk if remaining >= len(chunk) else chunk[:remaining]
        remaining -= len(piece)
        await send({"type": "http.response.body", "body": piece, "more_body": True})
    await send({"type": "http.response.body", "body": tail, "more_body": False})
