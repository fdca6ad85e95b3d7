"""The demo's workspaces, customers and members: believable, hostile and awkward.

Customers are made up front (everything else refers to them); members of team
customers are made on first use by :func:`make_members`.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING

from rapidly_tui.demo.common import JSON, _avatar, _rng, _uuid4, iso

if TYPE_CHECKING:
    from rapidly_tui.demo.data import DemoData

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


def make_members(data: DemoData) -> dict[str, list[JSON]]:
    """The members of each team customer (Ada's three by name), by customer id."""
    rng = _rng(f"{data.seed}:members")
    ada = data.ada
    found: dict[str, list[JSON]] = {}
    for customer_id in data.team_ids:
        customer = data.customer_by_id[customer_id]
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
