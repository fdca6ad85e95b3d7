"""A demo data set whose every displayed field is hostile, shared by the hostile-input
TUI tests and snapshots (``from tests.tui.test_hostile_dataset import ...``).

The newest Acme customers (first in every list) carry one hostile string per field:
name, email, external id, type (an open enum), metadata keys and values, billing
address; the newest one (``HOSTILE_ADA``, Ada's record) also has hostile members,
payments (status, decline reason), events (name, label), and the workspace, its
settings, webhook deliveries and the metric's name are hostile too. The test here
checks that the strings survive the demo API and the models byte for byte, so the
display tests really receive them.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from rapidly_tui.demo import ADA_EMAIL, DemoData, FaultPlan, build_dataset
from rapidly_tui.loads import METRIC

#: Strings built to break a terminal, a markup parser or a layout, by name.
HOSTILE: dict[str, str] = {
    "markup close": "[/]",
    "markup style": "[bold red]not bold[/bold red]",
    "markup link": "[link=https://evil.example]pay here[/link]",
    "click action": "[@click=app.quit]quit[/]",
    "CSI": "\x1b[31mred\x1b[0m\x1b[2J\x1b[H",
    "OSC 52": "\x1b]52;c;cm0gLXJmIH4=\x07",
    "OSC 8": "\x1b]8;;https://evil.example\x1b\\click me\x1b]8;;\x1b\\",
    "C1": "\x9b31mC1\x9d52;c;aGk=\x9c\x85end",
    "C0": "a\x00b\x07c\x08d\x7fe\rf\x0bg\x0ch\ti",
    "bidi": "\u202eexe.txt\u202c \u2066iso\u2069",
    "zero width": "zero\u200bwidth\u200c\u200d\ufeffsoft\u00adhyphen",
    "combining": "Z\u0338a\u0335l\u0336g\u0337o\u0334 e" + "\u0301" * 40,
    "wide": "山田太郎 🦄 👩\u200d👩\u200d👧 ｆｕｌｌ",
    "newlines": "line1\nline2\r\nline3\u2028line4",
    "long": "W" * 10_000,
    "long wide": "界" * 10_000,
}
KINDS = list(HOSTILE)
VALUES = list(HOSTILE.values())

#: Ada's new email: hostile, and still usable as a query value (no NUL).
HOSTILE_ADA_EMAIL = "[@click=app.quit]\x1b]52;c;aGk=\x07ada@example.com"
HOSTILE_WORKSPACE_NAME = (
    "[b]Acme[/b] \x1b]8;;https://evil.example\x1b\\Files\x1b]8;;\x1b\\ \u202eevil"
)
HOSTILE_METRIC_NAME = "[red]Sessions[/red]\x1b[5m\u202e"
#: Error bodies for the error tests (``detail`` is shown, as an untrusted string).
HOSTILE_DETAIL = "[@click=app.quit]Not [b]found[/b]\x1b]52;c;aGk=\x07\x1b[2J\u202eevil" + (
    "!" * 2_000
)


def _pick(index: int) -> str:
    return VALUES[index % len(VALUES)]


def hostile_dataset() -> DemoData:
    """A fresh data set (small: 60 Acme customers) with the hostile fields above."""
    data = build_dataset(acme_customers=60)
    # Members, payments, events and deliveries are generated on first use from the
    # customers (by email, names...): generate them from the original values first.
    for lazy in ("members_by_customer", "payments", "events", "deliveries", "shares"):
        getattr(data, lazy)
    acme = data.acme
    acme["name"] = HOSTILE_WORKSPACE_NAME
    acme["email"] = HOSTILE["OSC 52"]
    acme["website"] = HOSTILE["markup link"]
    acme["socials"] = [{"platform": HOSTILE["click action"], "url": HOSTILE["OSC 8"]}]
    acme["feature_settings"][HOSTILE["CSI"] + "_enabled"] = True
    acme["feature_settings"]["note"] = HOSTILE["bidi"]

    newest = sorted(
        (c for c in data.live_customers if c["workspace_id"] == acme["id"]),
        key=lambda c: -c["_ts"],
    )
    ada = newest[0]
    assert ada["email"] == ADA_EMAIL
    for index, customer in enumerate(newest[: len(VALUES)]):
        customer["name"] = _pick(index)
        customer["email"] = f"{_pick(index + 1)}@hostile{index}.example"
        customer["external_id"] = _pick(index + 2)
        customer["type"] = _pick(index + 3)
        customer["metadata"] = {_pick(index + 4): _pick(index + 5), "n": index}
        customer["billing_address"] = {
            "line1": _pick(index + 6),
            "line2": _pick(index + 7),
            "postal_code": _pick(index + 8),
            "city": _pick(index + 9),
            "state": _pick(index + 10),
            "country": _pick(index + 11),
        }

    # Ada: every field kind at once, all hostile strings in her metadata.
    ada["name"] = HOSTILE["markup link"] + " " + HOSTILE["OSC 8"] + " " + HOSTILE["wide"]
    ada["email"] = HOSTILE_ADA_EMAIL
    ada["external_id"] = HOSTILE["click action"] + HOSTILE["C1"]
    ada["type"] = HOSTILE["CSI"] + "team"
    ada["metadata"] = {f"{kind} {value}": value for kind, value in HOSTILE.items()}
    for payment in data.payments:
        if payment["_customer_email"] == ADA_EMAIL:
            payment["_customer_email"] = HOSTILE_ADA_EMAIL
    ada_payments = [p for p in data.payments if p["_customer_email"] == HOSTILE_ADA_EMAIL]
    for index, payment in enumerate(ada_payments[:6]):
        payment["status"] = "failed" if index else HOSTILE["OSC 52"] + "failed"
        payment["decline_reason"] = _pick(index)
        payment["decline_message"] = _pick(index + 1)
    for index, member in enumerate(data.members_by_customer[ada["id"]]):
        member["name"] = _pick(index + 3)
        member["email"] = _pick(index + 4) + "@member.example"
        member["role"] = _pick(index + 5)
        member["external_id"] = _pick(index + 6)
    for index, event in enumerate(e for e in data.events if e["customer_id"] == ada["id"]):
        event["name"] = _pick(index)
        event["label"] = _pick(index + 1)
    for index, delivery in enumerate(data.deliveries):
        delivery["response"] = _pick(index)
        delivery["webhook_event"]["type"] = _pick(index + 2)
    return data


def hostile_faults() -> FaultPlan:
    """Fault rules for the hostile strings the data set cannot hold (the metric's name)."""
    faults = FaultPlan()

    def rename_metric(body: Any) -> Any:
        body["metrics"][METRIC]["display_name"] = HOSTILE_METRIC_NAME
        return body

    faults.mutate("/api/metrics/", rename_metric)
    return faults


# --- the data set really carries them -------------------------------------------------


async def test_hostile_strings_reach_the_models_unchanged() -> None:
    from rapidly_tui.api import RapidlyClient
    from rapidly_tui.demo import DEMO_TOKEN, create_app, demo_transport

    data = hostile_dataset()
    transport = demo_transport(create_app(data, hostile_faults()))
    async with RapidlyClient("http://demo.invalid", DEMO_TOKEN, transport=transport) as client:
        workspace = (await client.list_workspaces(slug="acme")).data[0]
        assert workspace.name == HOSTILE_WORKSPACE_NAME
        page = await client.list_customers(workspace_id=workspace.id, include_members=True)
        shown = page.data[: len(VALUES)]
        # Every hostile string arrives in every field kind, byte for byte.
        for field in ("name", "external_id"):
            values = {getattr(c, field) for c in shown[1:]}
            assert set(VALUES) - values <= {_pick(0 if field == "name" else 2)}
        assert {str(c.type) for c in shown[1:]} >= set(VALUES) - {_pick(3)}
        ada = shown[0]
        assert ada.email == HOSTILE_ADA_EMAIL
        assert set(ada.metadata.values()) == set(VALUES)
        assert {m.name for m in ada.members} <= set(VALUES)
        payments = await client.list_payments(customer_email=ada.email, limit=100)
        assert {p.decline_reason for p in payments.data} >= set(VALUES[:5])
        events = await client.list_events(customer_id=ada.id, limit=100)
        assert {e.name for e in events.data} >= set(VALUES[:5])
        deliveries = await client.list_webhook_deliveries(succeeded=False)
        assert {d.response for d in deliveries.data} & set(VALUES)
        metrics = await client.get_metrics(
            start_date=date(2026, 11, 1),
            end_date=date(2026, 11, 20),
            interval="day",
            workspace_id=workspace.id,
            metrics=[METRIC],
        )
        metric = metrics.metrics.get(METRIC)
        assert metric is not None
        assert metric.display_name == HOSTILE_METRIC_NAME
