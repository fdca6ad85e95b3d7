"""Incident notes in Markdown: what an on-call person pastes into a ticket or a chat.

One builder per kind (a customer, a payment, a webhook endpoint, a delivery), used by
``--format markdown`` on the commands and by the TUI's ``y m``. Headless: objects in,
text out; the caller fetches what a note needs and says where it came from
(:class:`NoteSource`).

Every value from the API is untrusted: it goes through :func:`md`, which neutralises
what a terminal would act on (:func:`rapidly_tui.text.neutralize`) and escapes what
Markdown would (``**x**``, ``[a](b)``, a backtick, a heading's ``#``), and keeps each
value on its line. No note holds a token or a webhook secret: the builders never read
an endpoint's ``secret``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from rapidly_tui.present import values
from rapidly_tui.present.readers import attr, delivery_customer_id
from rapidly_tui.text import MISSING, neutralize

#: Longest untrusted value in a note (a response body can be long); the rest is cut
#: with a count, as everywhere.
MAX_VALUE_CHARS = 300
#: Deliveries an endpoint's failure share is computed over.
HEALTH_WINDOW = 100

# Markdown's inline specials, escaped wherever they stand (a value never starts a line,
# so + - and 1. are inert). ``_`` is escaped only where it could
# open or close emphasis (not inside a word: ``usr_1337`` stays as it is).
_SPECIALS = re.compile(r"[\\`*{}\[\]()<>#|~&]|(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])")


def md(value: object, *, max_chars: int = MAX_VALUE_CHARS) -> str:
    """An untrusted value as inert Markdown on one line (``—`` when missing)."""
    if value is None or value == "":
        return MISSING
    text = neutralize(value if isinstance(value, str) else values.plain(value), max_chars=max_chars)
    # Every value follows a label on its line, so a leading ``-`` or ``1.`` is inert.
    return _SPECIALS.sub(lambda m: "\\" + m.group(), text)


@dataclass(frozen=True)
class NoteSource:
    """Where the note's data came from: shown at its foot."""

    server: str
    loaded_at: datetime
    request_id: str | None = None
    dashboard: str | None = None


def _items(pairs: Iterable[tuple[str, str]]) -> list[str]:
    """``- **Label:** value`` lines (values already escaped)."""
    return [f"- **{label}:** {value}" for label, value in pairs]


def _time(value: datetime | None) -> str:
    return values.timestamp(value, seconds=True)


def _footer(source: NoteSource) -> list[str]:
    pairs = [("Server", md(source.server)), ("Loaded", _time(source.loaded_at))]
    if source.request_id:
        pairs.append(("Request ID", md(source.request_id)))
    if source.dashboard:
        pairs.append(("Dashboard", md(source.dashboard)))
    return ["", "### Source", "", *_items(pairs)]


def _note(title: str, sections: Sequence[tuple[str, list[str]]], source: NoteSource) -> str:
    lines = [f"## {title}"]
    for heading, body in sections:
        lines.append("")
        if heading:
            lines += [f"### {heading}", ""]
        lines += body
    lines += _footer(source)
    return "\n".join(lines) + "\n"


def _payment_line(payment: Any) -> str:
    money = values.money(attr("amount")(payment), attr("currency")(payment))
    decline = attr("decline_reason")(payment)
    message = attr("decline_message")(payment)
    parts = [
        _time(attr("created_at")(payment)),
        md(money),
        md(attr("status")(payment)),
        md(attr("method")(payment)),
    ]
    if decline or message:
        parts.append(f"{md(decline)}: {md(message)}")
    return " · ".join(parts) + f" (payment {md(attr('id')(payment))})"


# --- customers ----------------------------------------------------------------------


def customer_note(customer: Any, failed_payment: Any | None, source: NoteSource) -> str:
    """A customer with its members and its latest failed payment (``None``: none)."""
    verified = attr("email_verified")(customer)
    customer_type = attr("effective_type")(customer) or attr("type")(customer)
    fields = [
        ("Name", md(attr("name")(customer))),
        (
            "Email",
            md(attr("email")(customer)) + (" (verified)" if verified else " (not verified)"),
        ),
        ("External ID", md(attr("external_id")(customer))),
        ("ID", md(attr("id")(customer))),
        ("Type", md(values.enum(customer_type) if customer_type else None)),
        ("Created", _time(attr("created_at")(customer))),
    ]
    if attr("deleted_at")(customer) is not None:
        fields.append(("Deleted", _time(attr("deleted_at")(customer))))
    members = list(attr("members")(customer) or ())
    member_lines = [
        f"- {md(attr('name')(m))}, {md(attr('email')(m))}, {md(values.enum(attr('role')(m)))}"
        f" (member {md(attr('id')(m))})"
        for m in members
    ] or ["No members."]
    failed = [f"- {_payment_line(failed_payment)}"] if failed_payment else ["None."]
    title = attr("name")(customer) or attr("email")(customer)
    return _note(
        f"Customer {md(title)}",
        [
            ("", _items(fields)),
            (f"Members ({len(members)})", member_lines),
            ("Latest failed payment", failed),
        ],
        source,
    )


# --- payments -----------------------------------------------------------------------


def payment_note(payment: Any, source: NoteSource) -> str:
    """One payment; the API does not say whose it is, and the note says so."""
    brand = attr("method_metadata.brand")(payment)
    last4 = attr("method_metadata.last4")(payment)
    fields = [
        ("ID", md(attr("id")(payment))),
        ("Status", md(values.enum(attr("status")(payment)))),
        ("Amount", md(values.money(attr("amount")(payment), attr("currency")(payment)))),
        ("Method", md(values.enum(attr("method")(payment)))),
        ("Card", md(f"{brand} …{last4}") if brand and last4 else MISSING),
        ("Decline reason", md(attr("decline_reason")(payment))),
        ("Decline message", md(attr("decline_message")(payment))),
        ("Created", _time(attr("created_at")(payment))),
        ("Workspace", md(attr("workspace_id")(payment))),
        ("Customer", "not given by the API (a payment names no customer)"),
    ]
    return _note(f"Payment {md(attr('id')(payment))}", [("", _items(fields))], source)


# --- webhooks -----------------------------------------------------------------------


def _endpoint_fields(endpoint: Any) -> list[tuple[str, str]]:
    enabled = attr("enabled")(endpoint)
    events = attr("events")(endpoint) or ()
    return [
        ("URL", md(attr("url")(endpoint))),
        ("Endpoint ID", md(attr("id")(endpoint))),
        ("Enabled", "yes" if enabled else "no"),
        ("Events", md(", ".join(values.enum(e) for e in events)) if events else MISSING),
    ]


def endpoint_note(endpoint: Any, latest: Sequence[Any], source: NoteSource) -> str:
    """An endpoint and its health: the failure share among ``latest`` (its newest
    deliveries, at most :data:`HEALTH_WINDOW`) and its last failure."""
    window = list(latest)[:HEALTH_WINDOW]
    failed = [d for d in window if not attr("succeeded")(d)]
    if window:
        percent = 100 * len(failed) / len(window)
        share = f"{len(failed)} of the latest {len(window)} deliveries failed ({percent:.0f}%)"
    else:
        share = "no deliveries yet"
    last = failed[0] if failed else None
    fields = [*_endpoint_fields(endpoint), ("Failures", share)]
    failure = _delivery_fields(last) if last is not None else []
    return _note(
        f"Webhook endpoint {md(attr('url')(endpoint))}",
        [("", _items(fields)), ("Last failure", _items(failure) or ["None among them."])],
        source,
    )


def _delivery_fields(delivery: Any) -> list[tuple[str, str]]:
    code = attr("http_code")(delivery)
    return [
        ("Delivery ID", md(attr("id")(delivery))),
        ("Time", _time(attr("created_at")(delivery))),
        ("Result", "succeeded" if attr("succeeded")(delivery) else "FAILED"),
        ("HTTP code", str(code) if isinstance(code, int) else "none (no answer)"),
        ("Event type", md(attr("webhook_event.type")(delivery))),
        ("Response", md(attr("response")(delivery))),
    ]


def _payload_customer(delivery: Any) -> str:
    """Who the delivery's event is about, from its payload: the customer's id (and
    email, when the payload carries it)."""
    customer_id = delivery_customer_id(delivery)
    if customer_id is None:
        return "not named in the payload"
    email = None
    payload = attr("webhook_event.payload")(delivery)
    try:
        data = json.loads(payload).get("data") if isinstance(payload, str) else None
    except (ValueError, AttributeError):
        data = None
    if isinstance(data, dict) and data.get("id") == customer_id:
        email = data.get("email")
    return md(customer_id) + (f" ({md(email)})" if isinstance(email, str) and email else "")


def delivery_note(delivery: Any, endpoint: Any | None, source: NoteSource) -> str:
    """One delivery: what was sent where, what came back, about whom."""
    fields = [*_delivery_fields(delivery), ("Customer", _payload_customer(delivery))]
    sections: list[tuple[str, list[str]]] = [("", _items(fields))]
    if endpoint is not None:
        sections.append(("Endpoint", _items(_endpoint_fields(endpoint))))
    return _note(f"Webhook delivery {md(attr('id')(delivery))}", sections, source)
