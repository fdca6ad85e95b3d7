"""Placeholder: the demo API lands in the foundation work."""

from __future__ import annotations

from typing import Any

DEMO_TOKEN = "rapidly_at_u_demo"
DEMO_WORKSPACE_SLUG = "acme"


def demo_transport() -> Any:
    raise NotImplementedError
