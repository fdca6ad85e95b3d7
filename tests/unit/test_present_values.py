"""How each kind of value reads (rapidly_tui/present/values.py)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from rapidly_tui.api.models import PaymentStatus
from rapidly_tui.present import values
from rapidly_tui.present.spec import Field, Kind


@pytest.mark.parametrize(
    ("amount", "currency", "shown"),
    [
        (1000, "pyg", "1,000 PYG"),
        (1000, "JPY", "1,000 JPY"),
        (123456, "krw", "123,456 KRW"),
        (12345, "kwd", "12.345 KWD"),
        (1000, "bhd", "1.000 BHD"),
        (5, "jod", "0.005 JOD"),
        (1500, "omr", "1.500 OMR"),
        (1, "tnd", "0.001 TND"),
        (1, "lyd", "0.001 LYD"),
        (1, "iqd", "0.001 IQD"),
        (123456, "clf", "12.3456 CLF"),
        (10000, "uyw", "1.0000 UYW"),
        (1000, "usd", "10.00 USD"),
        (123456789, "eur", "1,234,567.89 EUR"),
        (-5, "eur", "-0.05 EUR"),
        (-12345, "kwd", "-12.345 KWD"),
        (-1000, "pyg", "-1,000 PYG"),
        (250, "xyz", "2.50 XYZ"),  # an unknown code: 2 decimals
        (250, None, "2.50"),
        (None, "usd", "—"),
    ],
)
def test_money_uses_the_iso_4217_minor_units(
    amount: int | None, currency: str | None, shown: str
) -> None:
    assert values.money(amount, currency) == shown


def test_an_overlong_currency_code_is_cut_visibly() -> None:
    assert values.money(100, "abcdefghijkl") == "1.00 ABCDEFG…"


def test_timestamps_are_utc_with_or_without_seconds() -> None:
    paris = timezone(timedelta(hours=2))
    moment = datetime(2026, 11, 20, 14, 0, 9, 123, tzinfo=paris)
    assert values.timestamp(moment) == "2026-11-20 12:00 UTC"
    assert values.timestamp(moment, seconds=True) == "2026-11-20 12:00:09 UTC"
    assert values.minute(moment) == "2026-11-20 12:00"
    assert values.day(moment) == "2026-11-20"
    assert values.timestamp(None) == "—"


def test_counts_flags_and_enums() -> None:
    assert values.count(1214) == "1,214"
    assert values.count(None) == "—"
    assert values.flag(True) == "yes"
    assert values.flag(False, yes="ok", no="FAILED") == "FAILED"
    assert values.enum(PaymentStatus.failed) == "failed"
    assert values.enum("card_declined") == "card_declined"
    assert values.enum(None) == "—"


def test_json_keeps_the_order_sent_on_one_line_and_pretty() -> None:
    data = {"zeta": 1, "alpha": {"é": [1, 2]}}
    assert values.json_line(data) == '{"zeta": 1, "alpha": {"é": [1, 2]}}'
    assert values.json_pretty(data) == (
        '{\n  "zeta": 1,\n  "alpha": {\n    "é": [\n      1,\n      2\n    ]\n  }\n}'
    )


@pytest.mark.parametrize(
    ("secret", "shown"),
    [
        ("rapidly_whs_ovyN6cPrTv56AApvzCaJno08SSmGJmgbWilb33N2x7Qz", "rapidly_whs_…x7Qz"),
        ("rapidly_oat_abcdefghijklmnop", "rapidly_oat_…mnop"),
        ("rapidly_whs_short", "rapidly_whs_…"),  # the tail would give too much away
        ("whsec_abcdefghijklmnopq", "…nopq"),
        ("", "—"),
        (None, "—"),
    ],
)
def test_secrets_are_masked_like_tokens(secret: str | None, shown: str) -> None:
    assert values.secret(secret) == shown
    assert values.show(Kind.SECRET, secret) == shown


def test_a_field_reads_through_its_kind() -> None:
    payment = {"amount": 12345, "currency": "kwd", "ok": False, "n": 1234}
    amount = Field(
        "amount", "Amount", Kind.MONEY, lambda p: p["amount"], currency=lambda p: p["currency"]
    )
    assert values.of_field(amount, payment) == "12.345 KWD"
    result = Field("ok", "Result", Kind.FLAG, lambda p: p["ok"], words=("ok", "FAILED"))
    assert values.of_field(result, payment) == "FAILED"
    assert values.show(Kind.COUNT, 1234) == "1,234"
    assert values.show(Kind.NUMBER, 1234) == "1234"
    assert values.show(Kind.CURRENCY, "usd") == "USD"
    assert values.show(Kind.TEXT, "") == "—"
    assert values.show(Kind.JSON, {"a": 1}) == '{"a": 1}'


def test_the_tui_and_the_commands_read_money_the_same() -> None:
    from rapidly_tui import output
    from rapidly_tui.widgets import format as fmt

    for amount, currency in ((1000, "pyg"), (12345, "kwd"), (1000, "usd"), (1000, "jpy")):
        assert fmt.money(amount, currency).plain == output.format_amount(amount, currency)
