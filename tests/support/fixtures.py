"""Loading the copied spec and the recorded real-server exchanges."""

from __future__ import annotations

import json
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
RECORDINGS = FIXTURES / "real-api"


@cache
def recording(name: str) -> dict[str, Any]:
    """One recorded exchange (``request``, ``status``, ``headers``, ``body``)."""
    path = RECORDINGS / (name if name.endswith(".json") else f"{name}.json")
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def recording_names() -> list[str]:
    return sorted(path.stem for path in RECORDINGS.glob("*.json"))


@lru_cache(maxsize=1)
def openapi() -> dict[str, Any]:
    spec: dict[str, Any] = json.loads((FIXTURES / "rapidly-openapi.json").read_text("utf-8"))
    return spec
