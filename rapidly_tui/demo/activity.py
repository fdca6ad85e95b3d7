"""The demo's payments and events: what customers did, newest first.

:func:`payment_json` and :func:`event_json` are the one shape of each record, shared
by the history made here and the records that arrive while the demo runs
(``arrivals.py``).
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING

from rapidly_tui.demo.common import JSON, _rng, _uuid4, iso, public

if TYPE_CHECKING:
    from rapidly_tui.demo.data import DemoData

PAYMENT_METHODS = ("card", "card", "card", "sepa_debit", "bank_transfer")
CARD_BRANDS = ("visa", "mastercard", "amex", "discover")
DECLINES = (
    ("card_declined", "Your card was declined."),
    ("insufficient_funds", "Your card has insufficient funds."),
    ("expired_card", "Your card has expired."),
    ("[red]fraudulent[/red]", "\x1b[31mDeclined\x1b[0m by the issuer."),
)
USER_EVENT_NAMES = ("file.uploaded", "file.downloaded", "api.request", "share.viewed")


def payment_json(
    *,
    when: datetime,
    payment_id: str,
    status: str,
    amount: int,
    currency: str,
    method: str,
    decline: tuple[str | None, str | None],
    workspace_id: str,
    charge_id: str,
    payer_email: str,
) -> JSON:
    """A payment as the server sends it; ``_customer_email`` is the demo's only link
    from a payment to its customer (the API has none)."""
    return {
        "created_at": iso(when),
        "modified_at": None,
        "id": payment_id,
        "processor": "stripe",
        "status": status,
        "amount": amount,
        "currency": currency,
        "method": method,
        "decline_reason": decline[0],
        "decline_message": decline[1],
        "workspace_id": workspace_id,
        "processor_metadata": {"charge_id": charge_id},
        "_ts": when.timestamp(),
        "_customer_email": payer_email,
    }


def card_details(rng: random.Random) -> JSON:
    """``method_metadata`` of a card payment (other methods lack the key)."""
    return {"brand": rng.choice(CARD_BRANDS), "last4": f"{rng.randrange(10_000):04d}"}


def event_json(
    event_id: str, when: datetime, customer: JSON, *, source: str, name: str, metadata: JSON
) -> JSON:
    """An event of ``customer``, embedding it as the server does."""
    label = name if source == "user" else name.replace("customer.", "Customer ").title()
    return {
        "id": event_id,
        "timestamp": iso(when),
        "workspace_id": customer["workspace_id"],
        "customer_id": customer["id"],
        "customer": public(customer),
        "external_customer_id": customer["external_id"],
        "member_id": None,
        "external_member_id": None,
        "child_count": 0,
        "parent_id": None,
        "label": label,
        "name": name,
        "source": source,
        "metadata": metadata,
        "_ts": when.timestamp(),
    }


def system_metadata(customer: JSON) -> JSON:
    """What a ``customer.*`` event carries about its customer."""
    return {
        "customer_id": customer["id"],
        "customer_email": customer["email"],
        "customer_name": customer["name"],
        "customer_external_id": customer["external_id"],
    }


def make_payments(data: DemoData) -> list[JSON]:
    """Payments, newest first; ``_customer_email`` links each to a customer."""
    rng = _rng(f"{data.seed}:payments")
    records: list[JSON] = []
    ada = data.ada
    for workspace, count in ((data.acme, 150), (data.globex, 12)):
        payers = [c for c in data.live_customers if c["workspace_id"] == workspace["id"]][:60]
        if workspace is data.acme:
            payers = [ada, *payers]
        currency = workspace["default_presentment_currency"]
        for index in range(count):
            when = data.base_time - timedelta(
                hours=index * 5 + rng.randint(0, 4), microseconds=rng.randrange(10**6)
            )
            payer = payers[index % len(payers)] if index % 4 else payers[0]
            method = rng.choice(PAYMENT_METHODS)
            failed = index % 7 == 3
            status = "failed" if failed else ("pending" if index % 23 == 5 else "succeeded")
            decline = rng.choice(DECLINES) if failed else (None, None)
            payment_id = _uuid4(rng)
            record = payment_json(
                when=when,
                payment_id=payment_id,
                status=status,
                amount=rng.choice((500, 1500, 2500, 4200, 9900, 99900)),
                currency=currency,
                method=method,
                decline=decline,
                workspace_id=workspace["id"],
                charge_id=f"ch_demo_{index:04d}",
                payer_email=payer["email"],
            )
            if method == "card":
                record["method_metadata"] = card_details(rng)
            records.append(record)
    _currency_payments(records, ada)
    return records


def _currency_payments(records: list[JSON], payer: JSON) -> None:
    """Four of Ada's payments get a currency of each number of decimals (ISO 4217):
    1,000 PYG and 1,000 JPY (none), 12.345 KWD (three), 10.00 USD (two). Her two
    newest succeeded and two newest failed ones, so the overview's failed panel
    shows some; counts, ids and dates stay as they were."""
    mine = [r for r in records if r["_customer_email"] == payer["email"]]
    failed = [r for r in mine if r["status"] == "failed"][:2]
    succeeded = [r for r in mine if r["status"] == "succeeded"][:2]
    chosen = (failed[0], succeeded[0], failed[1], succeeded[1])
    for record, (amount, currency) in zip(
        chosen, ((1000, "pyg"), (1000, "jpy"), (12345, "kwd"), (1000, "usd")), strict=True
    ):
        record["amount"], record["currency"] = amount, currency


def make_events(data: DemoData) -> list[JSON]:
    """System (customer.*) and user events, newest first; each embeds its customer."""
    rng = _rng(f"{data.seed}:events")
    records: list[JSON] = []

    def add(when: datetime, customer: JSON, source: str, name: str, metadata: JSON) -> None:
        records.append(
            event_json(_uuid4(rng), when, customer, source=source, name=name, metadata=metadata)
        )

    live = data.live_customers
    recent = sorted(live, key=lambda c: -c["_ts"])[:120]
    for customer in recent:
        created = datetime.fromtimestamp(customer["_ts"], timezone.utc)
        add(created, customer, "system", "customer.created", system_metadata(customer))
    for index, customer in enumerate(recent[:30]):
        when = data.base_time - timedelta(hours=index * 3 + 1, seconds=rng.randrange(3600))
        metadata = system_metadata(customer)
        metadata["updated_fields"] = {"name": customer["name"], "metadata": {"plan": "pro"}}
        add(when, customer, "system", "customer.updated", metadata)
    for index in range(260):
        customer = recent[index % len(recent)] if index % 9 else data.ada
        when = data.base_time - timedelta(
            minutes=index * 37 + rng.randint(0, 30), microseconds=rng.randrange(10**6)
        )
        extra: JSON = {
            "bytes": rng.randrange(10_000, 9_000_000),
            "region": rng.choice(("us", "eu", "apac")),
        }
        if index % 5 == 0:
            extra["_cost"] = {"amount": f"{rng.uniform(0.1, 60):.4f}", "currency": "usd"}
        if index == 7:
            extra["\x1b]52;c;aGk=\x07"] = "[b]hostile[/b]"
        add(when, customer, "user", rng.choice(USER_EVENT_NAMES), extra)
    records.sort(key=lambda e: -e["_ts"])
    return records
