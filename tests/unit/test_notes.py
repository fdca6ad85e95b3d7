"""Incident notes in Markdown (rapidly_tui/present/notes.py): what they say, and that
untrusted text can neither inject Markdown nor reach the terminal raw, and that no
webhook secret or token gets in."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

import pytest
from pydantic import TypeAdapter

from rapidly_tui.api import models
from rapidly_tui.present import notes
from rapidly_tui.present.notes import NoteSource, md

NOW = datetime(2026, 11, 28, 4, 50, 7, tzinfo=timezone.utc)
SOURCE = NoteSource(
    server="https://api.rapidly.tech",
    loaded_at=NOW,
    request_id="req_123",
    dashboard="https://rapidly.tech/dashboard/acme/customers",
)
CANARY_SECRET = "rapidly_whs_CANARYnote0123456789abcdefghQz7x"
CANARY_TOKEN = "rapidly_oat_CANARYtoken0123456789abcdefgh"


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("**x**", "\\*\\*x\\*\\*"),
        ("[a](b)", "\\[a\\]\\(b\\)"),
        ("`rm -rf`", "\\`rm -rf\\`"),
        ("# heading", "\\# heading"),
        ("<script>", "\\<script\\>"),
        ("_em_", "\\_em\\_"),
        ("usr_1337", "usr_1337"),  # inside a word, _ is inert and stays readable
        ("line\nbreak", "line\u240abreak"),  # one value, one line
        ("\x1b]52;c;aGk=\x07", "\u241b\\]52;c;aGk=\u2407"),  # no escape sequence
        (None, "—"),
    ],
)
def test_md_escapes_markdown_and_neutralises_the_terminal(raw: Any, escaped: str) -> None:
    assert md(raw) == escaped


def _customer(name: str, **extra: Any) -> models.Customer:
    return models.Customer.model_validate(
        {
            "id": "623a7a75-5531-4e6d-930a-286ec6737b8b",
            "created_at": "2026-11-20T11:17:59Z",
            "modified_at": None,
            "metadata": {},
            "external_id": "usr_1337",
            "email": "ada@example.com",
            "email_verified": True,
            "type": "team",
            "name": name,
            "billing_address": None,
            "workspace_id": "b5bab1cd-8884-47a5-acef-e37b9e250d03",
            "deleted_at": None,
            "avatar_url": "https://example.invalid/a.png",
            "members": [
                {
                    "id": "87654b81-ff93-4064-9e5f-b3126584a8e7",
                    "created_at": "2026-11-20T11:17:59Z",
                    "modified_at": None,
                    "customer_id": "623a7a75-5531-4e6d-930a-286ec6737b8b",
                    "email": "charles@example.com",
                    "name": "[Charles](http://evil.example)",
                    "external_id": None,
                    "role": "billing_manager",
                }
            ],
            **extra,
        }
    )


def _payment(**extra: Any) -> Any:
    data = {
        "created_at": "2026-11-15T10:59:59Z",
        "modified_at": None,
        "id": "ad5c059c-2633-4b7d-9c07-e6b903df00ce",
        "processor": "stripe",
        "status": "failed",
        "amount": 1500,
        "currency": "usd",
        "method": "card",
        "decline_reason": "expired_card",
        "decline_message": "Your card has **expired**.",
        "workspace_id": "b5bab1cd-8884-47a5-acef-e37b9e250d03",
        "processor_metadata": {},
        "method_metadata": {"brand": "visa", "last4": "4242"},
        **extra,
    }
    return TypeAdapter(models.Payment).validate_python(data)


def test_customer_note_names_the_customer_members_and_latest_failed_payment() -> None:
    note = notes.customer_note(_customer("Ada Lovelace"), _payment(), SOURCE)
    assert note.startswith("## Customer Ada Lovelace\n")
    assert "- **External ID:** usr_1337" in note
    assert "- **ID:** 623a7a75-5531-4e6d-930a-286ec6737b8b" in note
    assert "- **Email:** ada@example.com (verified)" in note
    assert "- **Type:** team" in note
    assert "### Members (1)" in note
    assert "\\[Charles\\]\\(http://evil.example\\), charles@example.com, billing_manager" in note
    assert "15.00 USD" in note
    assert "expired_card: Your card has \\*\\*expired\\*\\*." in note
    # UTC timestamps, the server, the request id and the dashboard link.
    assert "- **Loaded:** 2026-11-28 04:50:07 UTC" in note
    assert "- **Request ID:** req_123" in note
    assert "- **Server:** https://api.rapidly.tech" in note
    assert "- **Dashboard:** https://rapidly.tech/dashboard/acme/customers" in note


def test_a_hostile_customer_name_cannot_inject_markup_or_escapes() -> None:
    hostile = "**x** [a](b) `c` \x1b[31mred\u202e"
    note = notes.customer_note(_customer(hostile), None, SOURCE)
    title = note.splitlines()[0]
    assert title == "## Customer \\*\\*x\\*\\* \\[a\\]\\(b\\) \\`c\\` \u241b\\[31mred⟨U+202E⟩"
    assert "\x1b" not in note
    assert "\u202e" not in note
    assert "**x**" not in note
    assert "](" not in note.replace("\\](", "")
    assert "### Latest failed payment\n\nNone." in note


def _endpoint() -> models.WebhookEndpoint:
    return models.WebhookEndpoint.model_validate(
        {
            "id": "c75ffa84-b79e-4eb9-81d0-579253a9a42b",
            "created_at": "2026-01-01T00:00:00Z",
            "modified_at": None,
            "url": "https://billing.acme.example/webhooks/rapidly",
            "format": "raw",
            "secret": CANARY_SECRET,
            "workspace_id": "b5bab1cd-8884-47a5-acef-e37b9e250d03",
            "events": ["customer.created", "customer.updated"],
            "enabled": True,
        }
    )


def _delivery(number: int, *, succeeded: bool, code: int | None) -> models.WebhookDelivery:
    payload = json.dumps(
        {
            "type": "customer.created",
            "data": {"id": "8161701f-10ba-43d8-a66e-b1186613c33d", "email": "larry@example.com"},
        }
    )
    return models.WebhookDelivery.model_validate(
        {
            "id": f"00000000-0000-4000-8000-{number:012d}",
            "created_at": f"2026-11-20T{number % 24:02d}:00:00Z",
            "modified_at": None,
            "succeeded": succeeded,
            "http_code": code,
            "response": None if succeeded else "<h1>502 Bad Gateway</h1>",
            "webhook_event": {
                "id": "6fd8ed39-e9b4-465b-a0a4-face07c608cb",
                "created_at": "2026-11-20T07:59:59Z",
                "modified_at": None,
                "succeeded": succeeded,
                "skipped": False,
                "payload": payload,
                "type": "customer.created",
                "is_archived": False,
            },
        }
    )


def test_endpoint_note_gives_the_failure_share_and_the_last_failure_without_the_secret() -> None:
    latest = [
        _delivery(n, succeeded=n % 4 != 1, code=200 if n % 4 != 1 else 502) for n in range(120)
    ]
    note = notes.endpoint_note(_endpoint(), latest, SOURCE)
    assert "- **URL:** https://billing.acme.example/webhooks/rapidly" in note
    # Over the latest 100 only (n = 1, 5, 9 ... 97: 25 of them).
    assert "- **Failures:** 25 of the latest 100 deliveries failed (25%)" in note
    assert "### Last failure" in note
    assert "- **Delivery ID:** 00000000-0000-4000-8000-000000000001" in note
    assert "- **HTTP code:** 502" in note
    assert CANARY_SECRET not in note
    assert CANARY_SECRET[-8:] not in note
    assert CANARY_TOKEN not in note


def test_delivery_note_names_the_customer_from_its_payload() -> None:
    note = notes.delivery_note(_delivery(3, succeeded=False, code=None), _endpoint(), SOURCE)
    assert "- **HTTP code:** none (no answer)" in note
    assert "- **Result:** FAILED" in note
    assert "- **Event type:** customer.created" in note
    assert "- **Response:** \\<h1\\>502 Bad Gateway\\</h1\\>" in note
    assert "- **Customer:** 8161701f-10ba-43d8-a66e-b1186613c33d (larry@example.com)" in note
    assert "- **Time:** 2026-11-20 03:00:00 UTC" in note
    assert CANARY_SECRET not in note


def test_payment_note_says_the_api_names_no_customer() -> None:
    note = notes.payment_note(_payment(), SOURCE)
    assert "- **Amount:** 15.00 USD" in note
    assert "- **Card:** visa …4242" in note
    assert "- **Customer:** not given by the API" in note
