"""Read-only data commands for scripts, pipes and incident notes.

``workspaces``, ``customers``, ``members``, ``payments``, ``webhooks``, ``events`` and
``shares``, one module per resource (:mod:`.workspaces`, :mod:`.payments`,
:mod:`.webhooks`, :mod:`.events`, :mod:`.shares`) over the shared options and writers
of :mod:`.base`. Each group also answers to its singular or plural name
(``customer list`` works too).
"""

from __future__ import annotations

import argparse
from typing import Any

from rapidly_tui.commands import events, payments, shares, webhooks, workspaces
from rapidly_tui.commands.base import DEFAULT_LIMIT, Listing, Registrar, parse_duration
from rapidly_tui.present.resources import PAYMENT_STATUSES

# The listings by resource, for the tests that run every list through hostile data.
WORKSPACES = workspaces.WORKSPACES
CUSTOMERS = workspaces.CUSTOMERS
MEMBERS = workspaces.MEMBERS
PAYMENTS = payments.PAYMENTS
DELIVERIES = webhooks.DELIVERIES
ENDPOINTS = webhooks.ENDPOINTS
EVENTS = events.EVENTS
SHARES = shares.SHARES
_customers_list = workspaces._customers_list

__all__ = ["DEFAULT_LIMIT", "PAYMENT_STATUSES", "Listing", "parse_duration", "register"]


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    add = Registrar(subparsers, common)
    for module in (workspaces, payments, webhooks, events, shares):
        module.register(add)
