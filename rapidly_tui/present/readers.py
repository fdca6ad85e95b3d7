"""How the specs read values from an API object: attributes of a model or keys of a
dict alike, so a spec reads a pydantic model or the raw JSON the same way."""

from __future__ import annotations

import json
from collections.abc import Callable
from enum import Enum
from typing import Any

from rapidly_tui.present.spec import Field, Kind


def attr(path: str) -> Callable[[Any], Any]:
    """A reader of a dotted path (``webhook_event.type``) in a model or a dict;
    ``None`` where a step is missing."""
    steps = path.split(".")

    def read(obj: Any) -> Any:
        for step in steps:
            if obj is None:
                return None
            obj = obj.get(step) if isinstance(obj, dict) else getattr(obj, step, None)
        return obj

    return read


def _id_of(path: str) -> Callable[[Any], str | None]:
    read = attr(path)

    def link(obj: Any) -> str | None:
        value = read(obj)
        return value if isinstance(value, str) and value else None

    return link


def _f(key: str, label: str, kind: Kind, **extra: Any) -> Field:
    """A field read from the JSON path ``key``."""
    return Field(key, label, kind, extra.pop("read", None) or attr(key), **extra)


def _enum_list(path: str) -> Callable[[Any], str | None]:
    read = attr(path)

    def joined(obj: Any) -> str | None:
        items = read(obj)
        if not items:
            return None
        return ", ".join(str(i.value if isinstance(i, Enum) else i) for i in items)

    return joined


def _customer_type(obj: Any) -> Any:
    """The type shown: ``effective_type`` where the model derives it (``type`` can be
    missing from older responses), else the field sent."""
    return attr("effective_type")(obj) or attr("type")(obj)


def _event_customer(obj: Any) -> Any:
    """Who an event is about: its embedded customer's email, else the ids it names."""
    return (
        attr("customer.email")(obj) or attr("external_customer_id")(obj) or attr("customer_id")(obj)
    )


def _payload(delivery: Any) -> dict[str, Any] | None:
    """A delivery's payload: the API sends it as a JSON *string* (see NOTES.md)."""
    payload = attr("webhook_event.payload")(delivery)
    if isinstance(payload, str):
        try:
            payload = json.loads(payload)
        except ValueError:
            return None
    return payload if isinstance(payload, dict) else None


def delivery_customer_id(delivery: Any) -> str | None:
    """The customer a delivery's event is about: ``data.id`` of a ``customer.*``
    event, else ``data.customer_id`` when the payload has one."""
    payload = _payload(delivery)
    data = payload.get("data") if payload else None
    if not isinstance(data, dict):
        return None
    kind = str(payload.get("type") if payload else "") or str(
        attr("webhook_event.type")(delivery) or ""
    )
    value = data.get("id") if kind.startswith("customer.") else data.get("customer_id")
    return value if isinstance(value, str) and value else None


def _address(obj: Any) -> str | None:
    address = attr("billing_address")(obj)
    if address is None:
        return None
    read = [attr(key)(address) for key in ("line1", "line2")]
    city = " ".join(p for p in (attr("postal_code")(address), attr("city")(address)) if p)
    parts = [*read, city, attr("state")(address), attr("country")(address)]
    return ", ".join(str(p) for p in parts if p) or None
