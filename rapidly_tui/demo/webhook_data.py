"""The demo's webhook endpoints and their deliveries, with health an on-call can read.

Acme has four endpoints: a healthy one, one failing mostly with 5xx, one that never
answers (``http_code`` null, ``response`` the client error) and a disabled one.
Globex has a small healthy endpoint and a load-test endpoint with 10,000 deliveries
(the PageDown budget's data). Each endpoint has a ``rapidly_whs_`` signing secret,
deterministic per seed: a credential the explorer must never show.

Deliveries are generated per endpoint on first use, so a start-up that never asks
for the 10,000 never pays for them. Each endpoint's list is newest first, ties by
id, which is the order the API serves; payloads are JSON *strings* (as on the real
server) whose ``data`` is a real demo record (``data.id`` names a demo customer for
customer events).
"""

from __future__ import annotations

import json
import random
import string
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, NamedTuple

from rapidly_tui.demo.common import JSON, _uuid4, iso, public

if TYPE_CHECKING:
    from rapidly_tui.demo.data import DemoData

#: The spec's ``WebhookEventType``; the ``event_type`` filter accepts only these.
WEBHOOK_EVENT_TYPES = (
    "customer.created",
    "customer.updated",
    "customer.deleted",
    "customer.state_changed",
    "share.created",
    "share.updated",
    "workspace.updated",
    "file_sharing_session.created",
    "file_sharing_session.download_completed",
    "file_sharing_session.expired",
    "file_sharing_session.payment_received",
)
SECRET_PREFIX = "rapidly_whs_"  # noqa: S105 - a prefix, not a secret
LOAD_TEST_DELIVERIES = 10_000

_SECRET_ALPHABET = string.ascii_letters + string.digits
_SECRET_CHARS = 43
Outcome = tuple[bool, "int | None", "str | None"]
_OK: tuple[Outcome, ...] = ((True, 200, '{"ok":true}'), (True, 204, None), (True, 202, "accepted"))
_SERVER_ERRORS: tuple[Outcome, ...] = (
    (False, 500, "Internal Server Error"),
    (False, 502, "<html><body><h1>502 Bad Gateway</h1></body></html>"),
    (False, 503, "\x1b[31mupstream unavailable\x1b[0m [b]retry[/b]"),
)
_NO_ANSWER: tuple[Outcome, ...] = (
    (False, None, "ConnectTimeout: timed out"),
    (False, None, "ReadTimeout: timed out"),
    (False, None, "ConnectError: [Errno 111] Connection refused"),
)


class _Plan(NamedTuple):
    """How one endpoint's made-up history looks."""

    workspace: str  # slug
    url: str
    events: tuple[str, ...]
    enabled: bool
    deliveries: int
    newest_hours_ago: float
    spacing_minutes: float
    #: Outcome of the n-th delivery (n from 0, newest first), given a roll in [0, 1).
    outcome: Callable[[int, float], Outcome]


def _healthy(index: int, roll: float) -> Outcome:
    return _OK[index % len(_OK)]


def _mostly_5xx(index: int, roll: float) -> Outcome:
    return _OK[0] if index % 4 == 3 else _SERVER_ERRORS[index % len(_SERVER_ERRORS)]


def _no_answer(index: int, roll: float) -> Outcome:
    return _NO_ANSWER[0] if index % 3 else _NO_ANSWER[index % len(_NO_ANSWER)]


def _gone(index: int, roll: float) -> Outcome:
    return (False, 410, "Gone")


def _load(index: int, roll: float) -> Outcome:
    if roll < 0.02:
        return _SERVER_ERRORS[index % len(_SERVER_ERRORS)]
    if roll < 0.03:
        return _NO_ANSWER[0]
    if roll < 0.035:
        return (False, 404, "Not Found")
    return _OK[index % 2]


def _roll(index: int, salt: int) -> float:
    """A deterministic, well-spread number in [0, 1) (Knuth's multiplicative hash)."""
    return (((index + salt) * 2654435761) & 0xFFFFFFFF) / 2**32


def _micros(index: int, spacing: int, salt: int) -> int:
    """How long before the newest the n-th delivery was; the jitter (under a second)
    is less than the spacing, so the order is strictly newest first."""
    return spacing * index + (index * 7_919_993 + salt) % 1_000_000


class Delivery:
    """One delivery: what the filters read, and its JSON record, built when first served.

    Building 10,000 records costs about half a second; the fields below cost little,
    so a listing filters rows and renders only the page it sends.
    """

    __slots__ = (
        "_build",
        "_record",
        "event_type",
        "http_code",
        "index",
        "succeeded",
        "ts",
    )

    def __init__(
        self,
        ts: float,
        outcome: Outcome,
        event_type: str,
        index: int,
        build: Callable[[int], JSON],
    ) -> None:
        self.ts = ts
        self.succeeded, self.http_code, _ = outcome
        self.event_type = event_type
        self.index = index
        self._build = build
        self._record: JSON | None = None

    def record(self) -> JSON:
        """The delivery as the data set holds it (``_``-keys included), built once."""
        record = self._record
        if record is None:
            record = self._record = self._build(self.index)
        return record


_CUSTOMER_EVENTS = ("customer.created", "customer.updated", "customer.deleted")
_PLANS: tuple[_Plan, ...] = (
    _Plan("acme", "https://hooks.acme.example/rapidly",
          (*_CUSTOMER_EVENTS, "share.created"), True, 60, 26, 330, _healthy),
    _Plan("acme", "https://billing.acme.example/webhooks/rapidly",
          ("customer.created", "customer.updated", "file_sharing_session.payment_received"),
          True, 40, 27, 410, _mostly_5xx),
    _Plan("acme", "https://crm.acme.example:8443/legacy/hook",
          ("customer.created", "customer.updated"), True, 30, 28, 600, _no_answer),
    _Plan("acme", "https://old.acme.example/hooks",
          ("customer.created",), False, 8, 24 * 35, 90, _gone),
    _Plan("globex", "https://sandbox.globex.example/webhooks",
          ("customer.created", "share.created"), True, 12, 30, 700, _healthy),
    _Plan("globex", "https://loadtest.globex.example/ingest",
          (*_CUSTOMER_EVENTS, "share.created", "file_sharing_session.payment_received"),
          True, LOAD_TEST_DELIVERIES, 48, 1.5, _load),
)  # fmt: skip


def _secret(rng: random.Random) -> str:
    return SECRET_PREFIX + "".join(rng.choice(_SECRET_ALPHABET) for _ in range(_SECRET_CHARS))


def _compact(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class WebhookData:
    """Endpoints (built on first use) and their deliveries (built per endpoint)."""

    def __init__(self, data: DemoData) -> None:
        self._data = data
        self._deliveries: dict[str, list[Delivery]] = {}
        self._by_outcome: dict[tuple[str, bool], list[Delivery]] = {}
        self._plans: dict[str, _Plan] = {}
        self._payloads: dict[str, list[str]] = {}
        #: Deliveries that arrived before their endpoint's history was generated.
        self._arrived: dict[str, list[Delivery]] = {}
        self._arrivals: dict[str, int] = {}
        self.endpoints: list[JSON] = self._make_endpoints()
        self.endpoint_by_id: dict[str, JSON] = {e["id"]: e for e in self.endpoints}

    def _make_endpoints(self) -> list[JSON]:
        data = self._data
        rng = random.Random(f"{data.seed}:webhook-endpoints")  # noqa: S311 - demo data
        endpoints = []
        for index, plan in enumerate(_PLANS):
            workspace = data.workspace_by_slug[plan.workspace]
            created = data.base_time - timedelta(
                days=300 - index * 20, seconds=rng.randrange(86400)
            )
            endpoint: JSON = {
                "created_at": iso(created),
                "modified_at": None if plan.enabled else iso(created + timedelta(days=200)),
                "id": _uuid4(rng),
                "url": plan.url,
                "format": "raw",
                "secret": _secret(rng),
                "workspace_id": workspace["id"],
                "events": list(plan.events),
                "enabled": plan.enabled,
                "_ts": created.timestamp(),
            }
            endpoints.append(endpoint)
            self._plans[endpoint["id"]] = plan
        return endpoints

    def deliveries_of(self, endpoint_id: str) -> list[Delivery]:
        """One endpoint's deliveries, newest first (generated on first use)."""
        found = self._deliveries.get(endpoint_id)
        if found is None:
            history = self._generate(self.endpoint_by_id[endpoint_id])
            found = self._deliveries[endpoint_id] = self._arrived.pop(endpoint_id, []) + history
        return found

    def arrive(
        self,
        endpoint_id: str,
        *,
        when: datetime,
        event_type: str,
        event_time: datetime,
        data_json: str,
        rng: random.Random,
    ) -> JSON:
        """A new delivery of ``endpoint_id`` (the demo that moves, ``arrivals.py``),
        the newest of its list; it fails as the endpoint's history does."""
        endpoint = self.endpoint_by_id[endpoint_id]
        plan = self._plans[endpoint_id]
        count = self._arrivals.get(endpoint_id, 0)
        self._arrivals[endpoint_id] = count + 1
        outcome = plan.outcome(count, _roll(count, len(plan.url)))
        record = self._delivery(
            endpoint,
            when=when,
            event_type=event_type,
            outcome=outcome,
            rng=rng,
            data_json=data_json,
            event_time=event_time,
        )
        delivery = Delivery(record["_ts"], outcome, event_type, 0, [record].__getitem__)
        rows = self._deliveries.get(endpoint_id)
        if rows is None:  # not generated yet: joins the history when it is
            self._arrived.setdefault(endpoint_id, []).insert(0, delivery)
            return record
        rows.insert(0, delivery)
        same = self._by_outcome.get((endpoint_id, delivery.succeeded))
        if same is not None:
            same.insert(0, delivery)
        return record

    def deliveries_where(self, endpoint_id: str, succeeded: bool | None) -> list[Delivery]:
        """:meth:`deliveries_of`, only the failed or the successful ones when asked
        (kept: the overview asks for the failed ones of every endpoint each time)."""
        if succeeded is None:
            return self.deliveries_of(endpoint_id)
        found = self._by_outcome.get((endpoint_id, succeeded))
        if found is None:
            rows = self.deliveries_of(endpoint_id)
            found = [d for d in rows if d.succeeded is succeeded]
            self._by_outcome[endpoint_id, succeeded] = found
        return found

    @property
    def all_deliveries(self) -> list[JSON]:
        """Every endpoint's delivery records, newest first (builds them all: tests)."""
        every = [d for e in self.endpoints for d in self.deliveries_of(e["id"])]
        every.sort(key=lambda d: d.ts, reverse=True)
        return [d.record() for d in every]

    # --- generation ---------------------------------------------------------------------

    def _generate(self, endpoint: JSON) -> list[Delivery]:
        plan = self._plans[endpoint["id"]]
        data = self._data
        originals = self._original(endpoint) if plan.workspace == "acme" and plan.enabled else []
        rows = [
            Delivery(
                r["_ts"],
                (r["succeeded"], r["http_code"], r["response"]),
                r["webhook_event"]["type"],
                n,
                originals.__getitem__,
            )
            for n, r in enumerate(originals)
        ]
        newest = data.base_time - timedelta(hours=plan.newest_hours_ago)
        newest_ts = newest.timestamp()
        spacing = round(plan.spacing_minutes * 60_000_000)
        salt = sum(plan.url.encode())
        events = plan.events
        outcome_of = plan.outcome

        def build(index: int) -> JSON:
            event_type = events[index % len(events)]
            return self._delivery(
                endpoint,
                when=newest - timedelta(microseconds=_micros(index, spacing, salt)),
                event_type=event_type,
                outcome=outcome_of(index, _roll(index, salt)),
                rng=random.Random(f"{data.seed}:delivery:{endpoint['url']}:{index}"),  # noqa: S311
                data_json=self._payload_data(endpoint["workspace_id"], event_type, index),
            )

        rows += [
            Delivery(
                newest_ts - _micros(index, spacing, salt) / 1_000_000,
                outcome_of(index, _roll(index, salt)),
                events[index % len(events)],
                index,
                build,
            )
            for index in range(plan.deliveries)
        ]
        rows.sort(key=lambda d: d.ts, reverse=True)
        return rows

    def _delivery(
        self,
        endpoint: JSON,
        *,
        when: datetime,
        event_type: str,
        outcome: Outcome,
        rng: random.Random,
        data_json: str,
        event_time: datetime | None = None,
    ) -> JSON:
        """A delivery record; ``data_json`` is the compact JSON of the event's record."""
        succeeded, http_code, body = outcome
        if event_time is None:
            event_time = when + timedelta(seconds=2)
        stamp = iso(event_time)
        payload = f'{{"type":"{event_type}","timestamp":"{stamp}","data":{data_json}}}'
        return {
            "created_at": iso(when),
            "modified_at": None,
            "id": _uuid4(rng),
            "succeeded": succeeded,
            "http_code": http_code,
            "response": body,
            "webhook_event": {
                "created_at": stamp,
                "modified_at": iso(event_time + timedelta(milliseconds=3)),
                "id": _uuid4(rng),
                "last_http_code": http_code,
                "succeeded": succeeded,
                "skipped": False,
                "payload": payload,
                "type": event_type,
                "is_archived": False,
            },
            "_ts": when.timestamp(),
            "_workspace_id": endpoint["workspace_id"],
            "_endpoint_id": endpoint["id"],
        }

    def _payload_data(self, workspace_id: str, event_type: str, index: int) -> str:
        """The compact JSON of the record an event carries, from a small pool."""
        key = f"{workspace_id}:{event_type}"
        pool = self._payloads.get(key)
        if pool is None:
            pool = self._payloads[key] = self._pool(workspace_id, event_type)
        return pool[index % len(pool)]

    def _pool(self, workspace_id: str, event_type: str) -> list[str]:
        data = self._data
        if event_type == "customer.deleted":
            records = [c for c in data.deleted_customers if c["workspace_id"] == workspace_id]
        elif event_type.startswith("customer."):
            records = [c for c in data.live_customers if c["workspace_id"] == workspace_id][:50]
        elif event_type.startswith("share."):
            records = [s for s in data.shares if s["workspace_id"] == workspace_id]
        else:
            rng = random.Random(f"{data.seed}:sessions:{workspace_id}")  # noqa: S311
            shares = [s for s in data.shares if s["workspace_id"] == workspace_id]
            currency = data.workspace_by_id[workspace_id]["default_presentment_currency"]
            records = [
                {
                    "id": _uuid4(rng),
                    "share_id": shares[n % len(shares)]["id"] if shares else None,
                    "status": "paid",
                    "amount": rng.choice((500, 1500, 4200)),
                    "currency": currency,
                }
                for n in range(20)
            ]
        return [_compact(public(r)) for r in records] or ["{}"]

    def _original(self, endpoint: JSON) -> list[JSON]:
        """The demo's first 25 Acme deliveries (``customer.created``, 1 to 25 hours old),
        kept as they were, each now under the endpoint its outcome belongs to."""
        data = self._data
        rng = random.Random(f"{data.seed}:deliveries")  # noqa: S311 - demo data
        recent = sorted(
            (c for c in data.live_customers if c["workspace_id"] == data.acme["id"]),
            key=lambda c: -c["_ts"],
        )[:25]
        outcomes: tuple[Outcome, ...] = (
            (True, 200, '{"ok":true}'),
            (True, 204, None),
            (False, 500, "Internal Server Error"),
            (False, 502, "<html><body><h1>502 Bad Gateway</h1></body></html>"),
            (False, 503, "\x1b[31mupstream unavailable\x1b[0m [b]retry[/b]"),
            (False, None, "ConnectTimeout: timed out"),
            (False, 404, "Not Found"),
        )
        owner = {_healthy: "hooks.", _mostly_5xx: "billing.", _no_answer: "crm."}
        wanted = next(v for k, v in owner.items() if k is self._plans[endpoint["id"]].outcome)
        records = []
        for index, customer in enumerate(recent):
            when = data.base_time - timedelta(hours=index + 1, microseconds=rng.randrange(10**6))
            succeeded, http_code, body = (
                outcomes[index % len(outcomes)] if index % 2 else outcomes[0]
            )
            event_time = when + timedelta(seconds=2)
            payload = json.dumps(
                {
                    "type": "customer.created",
                    "timestamp": iso(event_time),
                    "data": public(customer),
                },
                ensure_ascii=False,
                separators=(",", ":"),
            )
            ids = (_uuid4(rng), _uuid4(rng))
            home = "hooks." if succeeded else ("crm." if http_code is None else "billing.")
            if home != wanted:
                continue
            records.append(
                {
                    "created_at": iso(when),
                    "modified_at": None,
                    "id": ids[0],
                    "succeeded": succeeded,
                    "http_code": http_code,
                    "response": body,
                    "webhook_event": {
                        "created_at": iso(event_time),
                        "modified_at": iso(event_time + timedelta(milliseconds=3)),
                        "id": ids[1],
                        "last_http_code": http_code,
                        "succeeded": succeeded,
                        "skipped": False,
                        "payload": payload,
                        "type": "customer.created",
                        "is_archived": False,
                    },
                    "_ts": when.timestamp(),
                    "_workspace_id": endpoint["workspace_id"],
                    "_endpoint_id": endpoint["id"],
                }
            )
        return records
