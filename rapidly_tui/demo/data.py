"""The demo data set: two workspaces of believable, hostile and awkward records.

Everything is derived from a seed, so two builds with the same seed are identical
(ids, names, timestamps). Records are plain JSON-ready dicts shaped like the real
server's responses; keys starting with ``_`` are internal (sort keys, owners) and
are stripped by :func:`public` before a record leaves the demo API.

Building is cheap because only the customers are made up front; members, payments,
events, webhook deliveries and shares are generated on first use.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from functools import cached_property
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rapidly_tui.demo.webhook_data import WebhookData

JSON = dict[str, Any]

#: "Now" for the demo: every timestamp is before it, so output never depends on the clock.
BASE_TIME = datetime(2026, 11, 20, 12, 0, 0, tzinfo=timezone.utc)

ACME_SLUG = "acme"
GLOBEX_SLUG = "globex"
ADA_EMAIL = "ada@example.com"
ADA_EXTERNAL_ID = "usr_1337"
CHARLES_EMAIL = "charles@example.com"

#: The hostile customer names the app must show literally (Rich markup, Textual
#: actions, raw ESC/OSC sequences: colour, clipboard write, hyperlink).
HOSTILE_NAMES = (
    "[bold red]Mallory[/]",
    "[/]",
    "[link=https://evil.example]pay here[/link]",
    "[@click=app.quit]",
    "\x1b[31mRed\x1b[0m \x1b]52;c;aGk=\x07 \x1b]8;;https://evil.example\x07click\x1b]8;;\x07",
)

UNICODE_NAMES = (
    "José Álvarez-Núñez",
    "Zoë Ørsted",
    "山田 太郎",
    "李小龙",
    "🦄 Unicorn Labs 🚀",
    "محمد العربي",
    "שרה כהן",
    "Ȿ̷t̶r̷a̴n̵g̶e̷ Z̸a̵l̶g̷o̴",
    "right\u202eto\u202cleft override",
    "zero\u200bwidth\u200djoiner",
)

LONG_NAME = ("Wolfeschlegelsteinhausenbergerdorff " * 15)[:500]

_FIRST = (
    "Alice", "Bob", "Carol", "Dave", "Emma", "Frank", "Grace", "Heidi", "Ivan", "Judy",
    "Karl", "Liam", "Mallory", "Nina", "Oscar", "Peggy", "Quinn", "Rupert", "Sybil",
    "Trent", "Uma", "Victor", "Wendy", "Xavier", "Yara", "Zack", "Lucas", "Mia",
)  # fmt: skip
_LAST = (
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis",
    "Martinez", "Anderson", "Taylor", "Thomas", "Lee", "Walker", "Young", "King",
)  # fmt: skip
#: Names in the scripts real customers use (every ninth generated customer).
_WORLD_NAMES = (
    "Zoë Müller", "François Lefèvre", "Søren Kierkegård", "佐藤 花子", "김민준",
    "Αλέξανδρος Παπαδόπουλος", "Иван Петров", "ज़ैन खान", "สมชาย ใจดี",
    "Nguyễn Thị Minh Khai", "Łukasz Żółkiewski", "أحمد منصور", "דוד לוי", "Ana 😀 Silva",
)  # fmt: skip
_COMPANY = ("Umbrella", "Globex", "Initech", "Cyberdyne", "Hooli", "Stark", "Wayne", "Tyrell")
_COMPANY_SUFFIX = ("Inc", "GmbH", "KK", "SAS", "Ltd", "AB", "LLC")

_ADDRESSES: tuple[JSON, ...] = (
    {"line1": "12 Rue de Rivoli", "line2": None, "postal_code": "75001", "city": "Paris",
     "state": None, "country": "FR"},
    {"line1": "Drottninggatan 1", "line2": None, "postal_code": "111 51", "city": "Stockholm",
     "state": None, "country": "SE"},
    {"line1": "1 Infinite Loop", "line2": "Building 3", "postal_code": "95014",
     "city": "Cupertino", "state": "US-CA", "country": "US"},
    {"line1": "Unter den Linden 5", "line2": None, "postal_code": "10117", "city": "Berlin",
     "state": None, "country": "DE"},
    {"line1": "1-1 Chiyoda", "line2": None, "postal_code": "100-0001", "city": "東京",
     "state": None, "country": "JP"},
)  # fmt: skip

_HOSTILE_ADDRESS: JSON = {
    "line1": "[red]1 Evil Street[/red]",
    "line2": "\x1b]52;c;cm0gLXJmIH4=\x07 floor \x1b[5mblink\x1b[0m",
    "postal_code": "[@click=app.quit]",
    "city": "\u202eLondon",
    "state": None,
    "country": "GB",
}

_HOSTILE_METADATA: JSON = {
    "[b]key[/b]": "[link=https://evil.example]value[/link]",
    "\x1b[2Jclear": "\x1b]52;c;aGk=\x07",
    "note": "line one\nline two\ttabbed",
    "[@click=app.quit]": True,
}

PAYMENT_METHODS = ("card", "card", "card", "sepa_debit", "bank_transfer")
CARD_BRANDS = ("visa", "mastercard", "amex", "discover")
DECLINES = (
    ("card_declined", "Your card was declined."),
    ("insufficient_funds", "Your card has insufficient funds."),
    ("expired_card", "Your card has expired."),
    ("[red]fraudulent[/red]", "\x1b[31mDeclined\x1b[0m by the issuer."),
)


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


@dataclass
class DemoData:
    """The records behind the demo API. Build it with :func:`build_dataset`."""

    seed: int
    base_time: datetime
    workspaces: list[JSON]
    #: Every customer, soft-deleted ones included (the API hides those).
    customers: list[JSON]
    _team_ids: list[str] = field(default_factory=list, repr=False)

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

    # --- lazily generated records -----------------------------------------------------

    @cached_property
    def members_by_customer(self) -> dict[str, list[JSON]]:
        rng = _rng(f"{self.seed}:members")
        ada = self.ada
        found: dict[str, list[JSON]] = {}
        for customer_id in self._team_ids:
            customer = self.customer_by_id[customer_id]
            created = datetime.fromtimestamp(customer["_ts"], timezone.utc)
            if customer is ada:
                people = [
                    ("Ada Lovelace", ADA_EMAIL, ADA_EXTERNAL_ID, "owner"),
                    ("Charles Babbage", CHARLES_EMAIL, None, "billing_manager"),
                    ("Mary Somerville", "mary@example.com", None, "member"),
                ]
            else:
                count = rng.randint(1, 4)
                number = customer_id[:8]
                people = [
                    (
                        f"Owner of {customer['name'] or 'team'}",
                        f"owner.{number}@teams.example-mail.test",
                        customer["external_id"],
                        "owner",
                    )
                ]
                for index in range(1, count):
                    people.append(
                        (
                            f"{rng.choice(_FIRST)} {rng.choice(_LAST)}",
                            f"member{index}.{number}@teams.example-mail.test",
                            None,
                            "billing_manager" if index == 1 else "member",
                        )
                    )
            members = []
            for offset, (name, email, external_id, role) in enumerate(people):
                when = created + timedelta(minutes=5 + offset, microseconds=rng.randrange(10**6))
                members.append(
                    {
                        "id": _uuid4(rng),
                        "created_at": iso(when),
                        "modified_at": None,
                        "customer_id": customer_id,
                        "email": email,
                        "name": name,
                        "external_id": external_id,
                        "role": role,
                        "_ts": when.timestamp(),
                    }
                )
            found[customer_id] = members
        return found

    @cached_property
    def members(self) -> list[JSON]:
        return [m for ms in self.members_by_customer.values() for m in ms]

    @cached_property
    def payments(self) -> list[JSON]:
        """Payments, newest first; ``_customer_email`` links each to a customer."""
        rng = _rng(f"{self.seed}:payments")
        records: list[JSON] = []
        ada = self.ada
        for workspace, count in ((self.acme, 150), (self.globex, 12)):
            payers = [c for c in self.live_customers if c["workspace_id"] == workspace["id"]][:60]
            if workspace is self.acme:
                payers = [ada, *payers]
            currency = workspace["default_presentment_currency"]
            for index in range(count):
                when = self.base_time - timedelta(
                    hours=index * 5 + rng.randint(0, 4), microseconds=rng.randrange(10**6)
                )
                payer = payers[index % len(payers)] if index % 4 else payers[0]
                method = rng.choice(PAYMENT_METHODS)
                failed = index % 7 == 3
                status = "failed" if failed else ("pending" if index % 23 == 5 else "succeeded")
                decline = rng.choice(DECLINES) if failed else (None, None)
                record: JSON = {
                    "created_at": iso(when),
                    "modified_at": None,
                    "id": _uuid4(rng),
                    "processor": "stripe",
                    "status": status,
                    "amount": rng.choice((500, 1500, 2500, 4200, 9900, 99900)),
                    "currency": currency,
                    "method": method,
                    "decline_reason": decline[0],
                    "decline_message": decline[1],
                    "workspace_id": workspace["id"],
                    "processor_metadata": {"charge_id": f"ch_demo_{index:04d}"},
                    "_ts": when.timestamp(),
                    "_customer_email": payer["email"],
                }
                if method == "card":
                    record["method_metadata"] = {
                        "brand": rng.choice(CARD_BRANDS),
                        "last4": f"{rng.randrange(10_000):04d}",
                    }
                records.append(record)
        self._currency_payments(records, ada)
        return records

    @staticmethod
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

    @cached_property
    def events(self) -> list[JSON]:
        """System (customer.*) and user events; each embeds its customer."""
        rng = _rng(f"{self.seed}:events")
        records: list[JSON] = []

        def embed(customer: JSON) -> JSON:
            return public(customer)

        def add(when: datetime, customer: JSON, source: str, name: str, metadata: JSON) -> None:
            label = name if source == "user" else name.replace("customer.", "Customer ").title()
            records.append(
                {
                    "id": _uuid4(rng),
                    "timestamp": iso(when),
                    "workspace_id": customer["workspace_id"],
                    "customer_id": customer["id"],
                    "customer": embed(customer),
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
            )

        def system_metadata(customer: JSON) -> JSON:
            return {
                "customer_id": customer["id"],
                "customer_email": customer["email"],
                "customer_name": customer["name"],
                "customer_external_id": customer["external_id"],
            }

        live = self.live_customers
        recent = sorted(live, key=lambda c: -c["_ts"])[:120]
        for customer in recent:
            created = datetime.fromtimestamp(customer["_ts"], timezone.utc)
            add(created, customer, "system", "customer.created", system_metadata(customer))
        for index, customer in enumerate(recent[:30]):
            when = self.base_time - timedelta(hours=index * 3 + 1, seconds=rng.randrange(3600))
            metadata = system_metadata(customer)
            metadata["updated_fields"] = {"name": customer["name"], "metadata": {"plan": "pro"}}
            add(when, customer, "system", "customer.updated", metadata)
        user_names = ("file.uploaded", "file.downloaded", "api.request", "share.viewed")
        for index in range(260):
            customer = recent[index % len(recent)] if index % 9 else self.ada
            when = self.base_time - timedelta(
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
            add(when, customer, "user", rng.choice(user_names), extra)
        records.sort(key=lambda e: -e["_ts"])
        return records

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

    @cached_property
    def shares(self) -> list[JSON]:
        rng = _rng(f"{self.seed}:shares")
        specs = (
            (self.acme, "Quarterly report Q3", "public", "fixed", 4200),
            (self.acme, "Données privées — 機密", "private", "fixed", 99900),
            (self.acme, "Draft deliverable", "draft", "free", None),
            (self.acme, "[b]Pay what you want[/b]", "public", "custom", 500),
            (self.globex, "Sandbox sample", "private", "free", None),
        )
        records = []
        for index, (workspace, name, visibility, amount_type, amount) in enumerate(specs):
            when = self.base_time - timedelta(days=index * 3 + 1, microseconds=rng.randrange(10**6))
            share_id = _uuid4(rng)
            price: JSON = {
                "created_at": iso(when),
                "modified_at": None,
                "id": _uuid4(rng),
                "source": "catalog",
                "amount_type": amount_type,
                "price_currency": workspace["default_presentment_currency"],
                "is_archived": False,
                "share_id": share_id,
            }
            if amount_type == "fixed":
                price["price_amount"] = amount
            elif amount_type == "custom":
                price.update(minimum_amount=amount, maximum_amount=None, preset_amount=None)
            records.append(
                {
                    "id": share_id,
                    "created_at": iso(when),
                    "modified_at": None,
                    "name": name,
                    "description": f"Demo share: {name}",
                    "visibility": visibility,
                    "is_archived": False,
                    "workspace_id": workspace["id"],
                    "metadata": {"demo": True},
                    "prices": [price],
                    "medias": [],
                    "attached_custom_fields": [],
                    "_ts": when.timestamp(),
                }
            )
        return records


def _workspace(
    rng: random.Random, name: str, slug: str, *, status: str, currency: str, created: datetime
) -> JSON:
    submitted = created + timedelta(minutes=3) if status == "active" else None
    return {
        "created_at": iso(created),
        "modified_at": iso(created + timedelta(days=2, seconds=17)),
        "id": _uuid4(rng),
        "name": name,
        "slug": slug,
        "avatar_url": None,
        "email": f"billing@{slug}.example",
        "website": f"https://{slug}.example",
        "socials": [],
        "status": status,
        "details_submitted_at": iso(submitted) if submitted else None,
        "default_presentment_currency": currency,
        "feature_settings": {
            "member_model_enabled": True,
            "seat_based_pricing_enabled": False,
            "tinybird_read": False,
            "tinybird_compare": False,
        },
        "notification_settings": {"new_payment": True},
        "customer_email_settings": {"payment_confirmation": True},
        "customer_portal_settings": {"usage": {"show": True}},
    }


def _special_customers() -> list[JSON]:
    """The hand-written customers (fields beyond these are filled in by the builder)."""
    specials: list[JSON] = [
        {
            "name": "Ada Lovelace",
            "email": ADA_EMAIL,
            "external_id": ADA_EXTERNAL_ID,
            "type": "team",
            "email_verified": True,
            "metadata": {"plan": "pro", "seats": 3},
            "billing_address": {
                "line1": "12 St James's Square",
                "line2": None,
                "postal_code": "SW1Y 4JH",
                "city": "London",
                "state": None,
                "country": "GB",
            },
        },
        {"name": None, "email": "nameless@example.com", "type": "individual"},
        # An external id shaped like an email (common; found only as an external id).
        {
            "name": "Nora Noaddress",
            "email": "nora@example.com",
            "billing_address": None,
            "external_id": "user@example.test",
        },
        {"name": "Larry Legacy", "email": "legacy@example.com", "type": None},
        {"name": LONG_NAME, "email": "long.name@example.com"},
        {
            "name": "Hostile Metadata",
            "email": "metadata@example.com",
            "metadata": _HOSTILE_METADATA,
            "external_id": "[b]ext[/b]\x1b[2J",
            "billing_address": _HOSTILE_ADDRESS,
        },
        {"name": "Spacey Colon", "email": "spacey@example.com", "external_id": "a b:c@d"},
    ]
    for index, name in enumerate(HOSTILE_NAMES):
        specials.append({"name": name, "email": f"hostile{index}@example.com", "type": "team"})
    for index, name in enumerate(UNICODE_NAMES):
        specials.append(
            {"name": name, "email": f"unicode{index}@example.com", "external_id": f"ü-{index}"}
        )
    return specials


def _metadata(rng: random.Random, index: int) -> JSON:
    kind = index % 5
    if kind == 0:
        return {
            "plan": rng.choice(("free", "pro", "team", "enterprise")),
            "seats": rng.randint(1, 50),
        }
    if kind == 1:
        return {"beta": True, "score": round(rng.uniform(0, 5), 2), "source": "日本語"}
    if kind == 2:
        return {}
    if kind == 3:
        return {
            "crm_id": f"crm-{index:05d}",
            "region": rng.choice(("eu", "us", "apac")),
            "vip": rng.random() < 0.2,
        }
    return {"note": 'Has "quotes", commas, and ünïcödé ✓', "tier": rng.randint(1, 3)}  # fmt: skip


def _email(index: int, first: str, last: str, domain: str) -> str:
    """A generated customer's email, 30 to 45 characters like real ones: plain, with
    plus-addressing, on subdomains (``customer249@acme-customers.test``)."""
    if first and index % 8 == 3:
        email = f"{first[0]}.{last}+billing{index:03d}@eu.mail.example.org".lower()
    elif first and index % 8 == 6:
        email = f"{first}.{last}+tag{index:03d}@sub.example-mail.test"
        if len(email) > 45:
            email = f"{first[0]}.{last}+tag{index:03d}@sub.example-mail.test"
    elif index % 8 == 7:
        email = f"ap+{index:03d}@billing.{domain}"
    else:
        email = f"customer{index:03d}@{domain}"
    return email


def _external_id(index: int) -> str | None:
    """Most like ``usr_0245``; some look like emails or carry a colon; some are unset."""
    if index % 5 == 4:
        return None
    if index % 23 == 7:
        return f"user{index:04d}@example.test"
    if index % 31 == 11:
        return f"acme:{index}"
    external_id = f"usr_{index:04d}"
    return f"{external_id}-2" if external_id == ADA_EXTERNAL_ID else external_id


def _make_customers(
    rng: random.Random,
    workspace: JSON,
    count: int,
    specials: Iterable[JSON],
    *,
    newest: datetime,
    spacing: timedelta,
    email_domain: str,
    deleted: int,
) -> tuple[list[JSON], list[str]]:
    """``count`` live customers (specials first, i.e. newest) plus ``deleted`` soft-deleted."""
    customers: list[JSON] = []
    team_ids: list[str] = []
    specials = list(specials)
    workspace_id = workspace["id"]
    for index in range(count + deleted):
        created = newest - spacing * index - timedelta(microseconds=rng.randrange(10**6))
        if index % 10 == 9:
            created = created.replace(microsecond=0)  # the server drops a zero fraction
        base: JSON = specials[index] if index < len(specials) else {}
        first, last = "", ""
        if "name" in base:
            name = base["name"]
        elif index % 6 == 5:
            name = f"{rng.choice(_COMPANY)} {rng.choice(_COMPANY_SUFFIX)}"
        else:
            first, last = rng.choice(_FIRST), rng.choice(_LAST)
            name = f"{first} {last}"
            if index % 9 == 4:  # (the choices above keep the random stream as it was)
                name = _WORLD_NAMES[index // 9 % len(_WORLD_NAMES)]
        email = base.get("email") or _email(index, first, last, email_domain)
        if "type" in base:
            kind = base["type"]
        else:
            kind = None if index % 17 == 16 else ("team" if index % 4 == 1 else "individual")
        address = (
            base["billing_address"]
            if "billing_address" in base
            else None
            if index % 7 == 6
            else _ADDRESSES[index % len(_ADDRESSES)]
        )
        is_deleted = index >= count
        customer: JSON = {
            "id": _uuid4(rng),
            "created_at": iso(created),
            "modified_at": (
                iso(min(created + timedelta(days=1), newest + timedelta(minutes=30)))
                if index % 3 == 0
                else None
            ),
            "metadata": base.get("metadata", _metadata(rng, index)),
            "external_id": base.get("external_id", _external_id(index)),
            "email": email,
            "email_verified": base.get("email_verified", index % 3 != 0),
            "type": kind,
            "name": name,
            "billing_address": dict(address) if address is not None else None,
            "workspace_id": workspace_id,
            "deleted_at": iso(newest - timedelta(hours=index)) if is_deleted else None,
            "avatar_url": _avatar(email),
            "_ts": created.timestamp(),
        }
        if is_deleted:
            customer["name"] = f"Deleted Customer {index - count + 1}"
            customer["email"] = f"deleted{index - count + 1}@{email_domain}"
            customer["avatar_url"] = _avatar(customer["email"])
        customers.append(customer)
        if kind == "team" and not is_deleted:
            team_ids.append(customer["id"])
    return customers, team_ids


def build_dataset(*, seed: int = 1337, acme_customers: int = 1214) -> DemoData:
    """The deterministic demo data set (see the module docstring)."""
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
    return DemoData(
        seed=seed,
        base_time=base,
        workspaces=[acme, globex],
        customers=acme_rows + globex_rows,
        _team_ids=acme_teams + globex_teams,
    )
