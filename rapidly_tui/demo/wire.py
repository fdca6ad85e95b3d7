"""What the demo sends back: an answer (status, body, headers) and its JSON encoding."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any


class ConnectionDropped(Exception):
    """Raised by the app to abort a response half-way (a dropped connection)."""


def encode_json(body: Any) -> bytes:
    """Compact UTF-8 JSON; control characters escaped (``\\u001b``) like the server."""
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()


@dataclass
class Answer:
    status: int
    body: Any = None  # JSON-able, or bytes sent as they are
    headers: dict[str, str] | None = None
    content_type: str | None = "application/json"
