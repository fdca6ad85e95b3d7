"""A demo that moves: new events, payments and webhook deliveries every few seconds.

``rapidly-tui --demo`` turns this on so following and "what changed" can be tried
without an account; everything else (tests, snapshots, screenshots, benchmarks, the
loopback server) serves the still data set unless it asks for movement.

What arrives is a function of the seed and of the time since the demo started: the
n-th arrival comes ``offset(n)`` seconds after the start (the first 1.5 to 2.5 s in,
then every 2 to 4 s) and is made from a random generator seeded with the data set's
seed and n. Every third arrival in Acme is Ada Lovelace's (her customer screen
moves too). Each arrival is one of:

- even n: a customer's user event, then that customer's update (their ``plan``
  changes: a ``customer.updated`` event and a new ``modified_at``), delivered to every
  enabled endpoint of the workspace that listens for it;
- odd n: a customer's user event and a payment of theirs (about a third fail, with a
  decline message); a successful one is delivered as
  ``file_sharing_session.payment_received``.

Deliveries fail as their endpoint's history does (the billing endpoint mostly with
5xx, the CRM one with no answer). Records go at the front of the data set's own lists,
newest first, so every filter, total and lookup of the API sees them. The data set
grows, so a moving demo needs one of its own (never the shared default).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING

from rapidly_tui.demo.activity import (
    PAYMENT_METHODS,
    USER_EVENT_NAMES,
    card_details,
    event_json,
    payment_json,
    system_metadata,
)
from rapidly_tui.demo.common import JSON, _rng, _uuid4, iso, public

if TYPE_CHECKING:
    import random

    from rapidly_tui.demo.data import DemoData

Clock = Callable[[], float]

#: Seconds from the start to the first arrival, then between two arrivals.
FIRST_GAP = (1.5, 2.5)
GAP = (2.0, 4.0)
PLANS = ("free", "pro", "team", "enterprise")
AMOUNTS = (500, 1500, 2500, 4200, 9900)
PAYMENT_RECEIVED = "file_sharing_session.payment_received"


def _compact(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class Arrivals:
    """New records for ``data``, added when :meth:`catch_up` finds them due.

    ``clock`` gives the wall time in seconds (tests pass a fake one). A record is
    stamped ``anchor + offset(n)``, the anchor being the start, or the data set's own
    "now" if the clock is earlier, so new records are always the newest.
    """

    def __init__(self, data: DemoData, *, clock: Clock = time.time) -> None:
        self._data = data
        self._clock = clock
        self.started = clock()
        self._anchor = max(self.started, data.base_time.timestamp())
        #: Arrivals added so far.
        self.count = 0
        self._next = self.offset_after(0.0, 0)
        self._people: dict[str, list[JSON]] = {}

    def offset_after(self, previous: float, n: int) -> float:
        """Seconds from the start to the n-th arrival, given the previous one's."""
        low, high = FIRST_GAP if n == 0 else GAP
        return previous + low + (high - low) * _rng(f"{self._data.seed}:gap:{n}").random()

    def catch_up(self) -> int:
        """Add every arrival due by now; how many were added."""
        elapsed = self._clock() - self.started
        added = 0
        while self._next <= elapsed:
            self._arrive(self.count, self._anchor + self._next)
            self.count += 1
            added += 1
            self._next = self.offset_after(self._next, self.count)
        return added

    # --- one arrival -------------------------------------------------------------------

    def _arrive(self, n: int, at: float) -> None:
        data = self._data
        rng = _rng(f"{data.seed}:arrival:{n}")
        workspace = data.globex if n % 5 == 4 else data.acme
        acme = workspace is data.acme
        customer = data.ada if acme and n % 3 == 0 else rng.choice(self._customers_of(workspace))
        moment = datetime.fromtimestamp(at, timezone.utc)

        def just_before(milliseconds: int) -> datetime:
            # A few ms of jitter; every record of an arrival is before ``at``.
            return moment - timedelta(milliseconds=milliseconds, microseconds=rng.randrange(5000))

        metadata: JSON = {
            "bytes": rng.randrange(10_000, 9_000_000),
            "region": rng.choice(("us", "eu", "apac")),
        }
        name = rng.choice(USER_EVENT_NAMES)
        self._event(rng, just_before(600), customer, source="user", name=name, metadata=metadata)
        if n % 2 == 0:
            self._update(rng, just_before(300), customer)
        else:
            self._payment(rng, just_before(300), customer, workspace, n)

    def _customers_of(self, workspace: JSON) -> list[JSON]:
        """Who acts: the workspace's 60 newest live customers (the hostile ones too)."""
        found = self._people.get(workspace["id"])
        if found is None:
            live = self._data.live_customers
            mine = [c for c in live if c["workspace_id"] == workspace["id"]]
            found = self._people[workspace["id"]] = mine[:60]
        return found

    def _event(
        self,
        rng: random.Random,
        when: datetime,
        customer: JSON,
        *,
        source: str,
        name: str,
        metadata: JSON,
    ) -> None:
        record = event_json(
            _uuid4(rng), when, customer, source=source, name=name, metadata=metadata
        )
        self._data.events.insert(0, record)

    def _update(self, rng: random.Random, when: datetime, customer: JSON) -> None:
        """The customer changes plan: the record itself, its event, its deliveries."""
        plan = rng.choice([p for p in PLANS if p != customer["metadata"].get("plan")])
        customer["metadata"] = {**customer["metadata"], "plan": plan}
        customer["modified_at"] = iso(when)
        metadata = system_metadata(customer)
        metadata["updated_fields"] = {"metadata": {"plan": plan}}
        self._event(
            rng, when, customer, source="system", name="customer.updated", metadata=metadata
        )
        self._deliver(rng, customer["workspace_id"], "customer.updated", when, public(customer))

    def _payment(
        self, rng: random.Random, when: datetime, customer: JSON, workspace: JSON, n: int
    ) -> None:
        method = rng.choice(PAYMENT_METHODS)
        failed = rng.random() < 0.35
        decline: tuple[str | None, str | None] = (
            ("card_declined", "Your card was declined.") if failed else (None, None)
        )
        if failed and rng.random() < 0.5:
            decline = ("insufficient_funds", "Your card has insufficient funds.")
        currency = workspace["default_presentment_currency"]
        record = payment_json(
            when=when,
            payment_id=_uuid4(rng),
            status="failed" if failed else "succeeded",
            amount=rng.choice(AMOUNTS),
            currency=currency,
            method=method,
            decline=decline,
            workspace_id=workspace["id"],
            charge_id=f"ch_live_{n:05d}",
            payer_email=customer["email"],
        )
        if method == "card":
            record["method_metadata"] = card_details(rng)
        self._data.payments.insert(0, record)
        if not failed:
            shares = [s for s in self._data.shares if s["workspace_id"] == workspace["id"]]
            session = {
                "id": _uuid4(rng),
                "share_id": rng.choice(shares)["id"] if shares else None,
                "status": "paid",
                "amount": record["amount"],
                "currency": currency,
            }
            self._deliver(rng, workspace["id"], PAYMENT_RECEIVED, when, session)

    def _deliver(
        self, rng: random.Random, workspace_id: str, event_type: str, when: datetime, data: JSON
    ) -> None:
        """One delivery per enabled endpoint of the workspace listening for the type."""
        webhooks = self._data.webhooks
        data_json = _compact(data)
        for endpoint in webhooks.endpoints:
            if (
                endpoint["workspace_id"] == workspace_id
                and endpoint["enabled"]
                and event_type in endpoint["events"]
            ):
                webhooks.arrive(
                    endpoint["id"],
                    when=when + timedelta(milliseconds=100 + rng.randrange(150)),
                    event_type=event_type,
                    event_time=when,
                    data_json=data_json,
                    rng=rng,
                )
