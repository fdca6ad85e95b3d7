"""What every part of the demo data set shares: the clock, ids, timestamps, records.

Records are plain JSON-ready dicts shaped like the real server's responses; keys
starting with ``_`` are internal (sort keys, owners) and are stripped by
:func:`public` before a record leaves the demo API.
"""

from __future__ import annotations

import hashlib
import random
from datetime import datetime, timezone
from typing import Any

JSON = dict[str, Any]

#: "Now" for the demo: every timestamp is before it, so output never depends on the clock.
BASE_TIME = datetime(2026, 11, 20, 12, 0, 0, tzinfo=timezone.utc)


def iso(moment: datetime) -> str:
    """UTC ISO-8601 with ``Z``; the fraction is dropped when it is zero, like the server."""
    # isoformat() already leaves out a zero fraction; it is several times cheaper than
    # strftime, and the demo formats a few thousand timestamps as it starts.
    return moment.astimezone(timezone.utc).isoformat()[:-6] + "Z"


def public(record: JSON) -> JSON:
    """The record without its internal (``_``-prefixed) keys."""
    return {key: value for key, value in record.items() if not key.startswith("_")}


def _rng(seed: int | str) -> random.Random:
    return random.Random(seed)  # noqa: S311 - reproducible demo data, not secrets


def _uuid4(rng: random.Random) -> str:
    # What str(uuid.UUID(int=..., version=4)) gives, without building the object.
    number = rng.getrandbits(128) & _UUID4_CLEAR | _UUID4_SET
    text = f"{number:032x}"
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


# The version (4) and variant (RFC 4122) bits, as uuid.UUID(version=4) sets them.
_UUID4_CLEAR = ~((0xC000 << 48) | (0xF000 << 64))
_UUID4_SET = (0x8000 << 48) | (4 << 76)


def _avatar(email: str) -> str:
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    return f"https://www.gravatar.com/avatar/{digest}?d=404"


def _with_members(customer: JSON, members: list[JSON]) -> JSON:
    """The public customer with ``members`` in the server's key order (before avatar_url)."""
    out: JSON = {}
    for key, value in customer.items():
        if key.startswith("_"):
            continue
        if key == "avatar_url":
            out["members"] = members
        out[key] = value
    return out
