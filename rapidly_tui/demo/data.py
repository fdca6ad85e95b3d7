"""The demo data set: two workspaces of believable, hostile and awkward records.

Everything is derived from a seed, so two builds with the same seed are identical
(ids, names, timestamps). Records are plain JSON-ready dicts shaped like the real
server's responses; keys starting with ``_`` are internal (sort keys, owners) and
are stripped by :func:`public` before a record leaves the demo API.

Building is cheap because only the customers are made up front; members, payments,
events, webhook deliveries and shares are generated on first use. The generators
live beside this module (``customers.py``, ``activity.py``, ``shares.py``,
``webhook_data.py``); their public names are importable from here too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cached_property
from typing import TYPE_CHECKING

from rapidly_tui.demo.activity import (
    CARD_BRANDS,
    DECLINES,
    PAYMENT_METHODS,
    make_events,
    make_payments,
)
from rapidly_tui.demo.common import BASE_TIME, JSON, _rng, _with_members, iso, public
from rapidly_tui.demo.customers import (
    ACME_SLUG,
    ADA_EMAIL,
    ADA_EXTERNAL_ID,
    CHARLES_EMAIL,
    GLOBEX_SLUG,
    HOSTILE_NAMES,
    LONG_NAME,
    UNICODE_NAMES,
    _make_customers,
    _special_customers,
    _workspace,
    make_members,
)
from rapidly_tui.demo.shares import make_shares

if TYPE_CHECKING:
    from rapidly_tui.demo.webhook_data import WebhookData

__all__ = [
    "ACME_SLUG",
    "ADA_EMAIL",
    "ADA_EXTERNAL_ID",
    "BASE_TIME",
    "CARD_BRANDS",
    "CHARLES_EMAIL",
    "DECLINES",
    "GLOBEX_SLUG",
    "HOSTILE_NAMES",
    "JSON",
    "LONG_NAME",
    "PAYMENT_METHODS",
    "UNICODE_NAMES",
    "DemoData",
    "build_dataset",
    "iso",
    "public",
]


@dataclass
class DemoData:
    """The records behind the demo API. Build it with :func:`build_dataset`."""

    seed: int
    base_time: datetime
    workspaces: list[JSON]
    #: Every customer, soft-deleted ones included (the API hides those).
    customers: list[JSON]
    #: Ids of the live team customers (the ones with members).
    team_ids: list[str] = field(default_factory=list, repr=False)

    # --- lookups -------------------------------------------------------------------

    @cached_property
    def workspace_by_id(self) -> dict[str, JSON]:
        return {w["id"]: w for w in self.workspaces}

    @cached_property
    def workspace_by_slug(self) -> dict[str, JSON]:
        return {w["slug"]: w for w in self.workspaces}

    @property
    def acme(self) -> JSON:
        return self.workspace_by_slug[ACME_SLUG]

    @property
    def globex(self) -> JSON:
        return self.workspace_by_slug[GLOBEX_SLUG]

    @cached_property
    def customer_by_id(self) -> dict[str, JSON]:
        return {c["id"]: c for c in self.customers}

    @cached_property
    def live_customers(self) -> list[JSON]:
        """Customers the API shows (not soft-deleted)."""
        return [c for c in self.customers if c["deleted_at"] is None]

    def customer_by_email(self, email: str) -> JSON:
        """The live customer with this email (case-insensitive); KeyError if none."""
        wanted = email.lower()
        for customer in self.live_customers:
            if customer["email"].lower() == wanted:
                return customer
        raise KeyError(email)

    @property
    def ada(self) -> JSON:
        return self.customer_by_email(ADA_EMAIL)

    @cached_property
    def deleted_customers(self) -> list[JSON]:
        return [c for c in self.customers if c["deleted_at"] is not None]

    def customer_json(self, customer: JSON, *, include_members: bool) -> JSON:
        """A customer as ``CustomerWithMembers``; members only when asked (like the server)."""
        members = self.members_by_customer.get(customer["id"], []) if include_members else []
        return _with_members(customer, [public(m) for m in members])

    # --- lazily generated records (newest first where the API lists them) --------------

    @cached_property
    def members_by_customer(self) -> dict[str, list[JSON]]:
        return make_members(self)

    @cached_property
    def members(self) -> list[JSON]:
        return [m for ms in self.members_by_customer.values() for m in ms]

    @cached_property
    def payments(self) -> list[JSON]:
        """Payments, newest first; ``_customer_email`` links each to a customer."""
        return make_payments(self)

    @cached_property
    def events(self) -> list[JSON]:
        """System (customer.*) and user events; each embeds its customer."""
        return make_events(self)

    @cached_property
    def shares(self) -> list[JSON]:
        return make_shares(self)

    # --- webhooks (rapidly_tui/demo/webhook_data.py) ------------------------------------

    @cached_property
    def webhooks(self) -> WebhookData:
        """Endpoints (with secrets) and their deliveries, generated per endpoint."""
        from rapidly_tui.demo.webhook_data import WebhookData

        return WebhookData(self)

    @property
    def webhook_endpoints(self) -> list[JSON]:
        return self.webhooks.endpoints

    @property
    def deliveries(self) -> list[JSON]:
        """Every endpoint's deliveries, newest first (builds them all: tests only)."""
        return self.webhooks.all_deliveries


DEFAULT_SEED = 1337
DEFAULT_ACME_CUSTOMERS = 1214


def build_dataset(
    *, seed: int = DEFAULT_SEED, acme_customers: int = DEFAULT_ACME_CUSTOMERS
) -> DemoData:
    """The deterministic demo data set (see the module docstring).

    The default one, which every ``--demo`` start builds, is read back from the
    user's cache directory when a true copy is stored there (rapidly_tui/demo/stored.py).
    """
    if (seed, acme_customers) == (DEFAULT_SEED, DEFAULT_ACME_CUSTOMERS):
        from rapidly_tui.demo.stored import load_or_build

        workspaces, customers, team_ids = load_or_build(
            lambda: _records(seed, acme_customers), seed, acme_customers
        )
    else:
        workspaces, customers, team_ids = _records(seed, acme_customers)
    return DemoData(
        seed=seed,
        base_time=BASE_TIME,
        workspaces=workspaces,
        customers=customers,
        team_ids=team_ids,
    )


def _records(seed: int, acme_customers: int) -> tuple[list[JSON], list[JSON], list[str]]:
    """The workspaces, the customers and the team customers' ids, generated."""
    rng = _rng(seed)
    base = BASE_TIME
    acme = _workspace(
        rng,
        "Acme Files",
        ACME_SLUG,
        status="active",
        currency="usd",
        created=base - timedelta(days=700),
    )
    globex = _workspace(
        rng,
        "Globex Sandbox",
        GLOBEX_SLUG,
        status="onboarding_started",
        currency="eur",
        created=base - timedelta(days=40),
    )
    specials = _special_customers()
    acme_count = max(acme_customers, len(specials))
    acme_rows, acme_teams = _make_customers(
        rng,
        acme,
        acme_count,
        specials,
        newest=base - timedelta(minutes=42),
        # About a year and a half of sign-ups, whatever the count.
        spacing=timedelta(seconds=max(60, 45_000_000 // acme_count)),
        email_domain="acme-customers.test",
        deleted=3,
    )
    globex_rows, globex_teams = _make_customers(
        rng,
        globex,
        40,
        [{"name": f"Globex Customer {n}", "metadata": {"ws": "globex"}} for n in range(40, 0, -1)],
        newest=base - timedelta(days=1, minutes=7),
        spacing=timedelta(hours=19),
        email_domain="globex-customers.test",
        deleted=1,
    )
    return [acme, globex], acme_rows + globex_rows, acme_teams + globex_teams
