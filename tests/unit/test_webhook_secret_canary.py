"""A webhook secret is a credential: a canary secret, decoded by the client, appears
nowhere in a repr, a str, a dump (any mode), the JSON the commands print, or a log."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

from rapidly_tui import logs
from rapidly_tui.api import DecodeError, RapidlyClient, models
from rapidly_tui.api.client import decode_error
from rapidly_tui.demo import DEMO_TOKEN, build_dataset, create_app, demo_transport

CANARY = "rapidly_whs_CANARYwhs0123456789abcdefghijklmnopQz7x"
# A secret whose shape matches no pattern: only its registration hides it in logs.
ODD_CANARY = "odd-shaped-CANARY-secret-5e1f9a"


@pytest.fixture
def restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    levels = {name: logging.getLogger(name).level for name in logs.DEBUG_LOGGERS}
    yield
    for handler in list(root.handlers):
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)
    for name, old in levels.items():
        logging.getLogger(name).setLevel(old)


def every_rendering(value: Any) -> str:
    """Everything a screen, a command or a crash report could print of ``value``."""
    parts = [repr(value), str(value), f"{value}", f"{value!r}"]
    if isinstance(value, models.ApiModel):
        parts += [
            repr(value.model_dump()),
            json.dumps(value.model_dump(mode="json")),
            value.model_dump_json(),
            json.dumps(value.to_json_dict()),
            repr(value.model_copy()),
        ]
    if isinstance(value, models.Page):
        parts += [repr(value.model_dump()), value.model_dump_json()]
    return "\n".join(parts)


async def test_a_decoded_secret_never_shows(tmp_path: Path, restore_logging: None) -> None:
    data = build_dataset(acme_customers=60)
    endpoints = data.webhook_endpoints
    endpoints[0]["secret"] = CANARY
    endpoints[1]["secret"] = ODD_CANARY
    log_file = tmp_path / "debug.log"
    logs.setup_logging(str(log_file))
    probe = logging.getLogger("rapidly_tui.test")
    transport = demo_transport(create_app(data))
    async with RapidlyClient("http://demo.test", DEMO_TOKEN, transport=transport) as client:
        page = await client.list_webhook_endpoints(workspace_id=data.acme["id"])
        one = await client.get_webhook_endpoint(endpoints[0]["id"])
        odd = await client.get_webhook_endpoint(endpoints[1]["id"])
        # As careless code might: log the objects and the values themselves.
        probe.debug("page %r endpoint %s secret %s", page, one, one.secret.get_secret_value())
        probe.debug("odd secret %s", odd.secret.get_secret_value())
    logs.setup_logging(None)

    assert one.secret.get_secret_value() == CANARY  # the value is there, for who asks
    assert odd.secret.get_secret_value() == ODD_CANARY
    assert str(one.secret) == "rapidly_whs_…" + CANARY[-4:]
    assert one.to_json_dict()["secret"] == "rapidly_whs_…" + CANARY[-4:]
    assert str(odd.secret) == "…" + ODD_CANARY[-4:]
    shown = "\n".join(
        every_rendering(v) for v in (page, one, odd, one.secret, odd.secret, *page.data)
    )
    logged = log_file.read_text(encoding="utf-8")
    assert "rapidly_tui.test" in logged  # the probe's lines were written, redacted
    for canary in (CANARY, ODD_CANARY):
        assert canary not in shown
        assert canary not in logged
        assert canary[len("rapidly_whs_") :] not in shown


def test_a_malformed_secret_does_not_quote_it_in_the_error() -> None:
    adapter = TypeAdapter(models.WebhookEndpoint)
    body = {
        "created_at": "2026-11-20T12:00:00Z", "modified_at": None,
        "id": "872a809a-ac3e-4f0f-94e5-8439f0d10772", "url": "https://x.example",
        "format": "raw", "secret": [CANARY], "workspace_id": "w", "events": [],
        "enabled": True,
    }  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        adapter.validate_python(body)
    error = decode_error(caught.value)
    assert isinstance(error, DecodeError)
    assert "secret" in str(error)
    assert CANARY not in str(error)


def test_short_secrets_show_no_tail() -> None:
    assert models.mask_webhook_secret("rapidly_whs_abc") == "rapidly_whs_…"
    assert models.mask_webhook_secret("rapidly_whs_abcdefghijklmnop") == "rapidly_whs_…mnop"


def test_redact_hides_a_webhook_secret_never_decoded() -> None:
    # e.g. an error body quoting one: no client model saw it, its shape gives it away.
    text = 'body {"secret":"rapidly_whs_neverDecoded0123456789abcdef"} end'
    redacted = logs.redact(text)
    assert "neverDecoded" not in redacted
    assert redacted == f'body {{"secret":"{logs.REDACTED}"}} end'
    assert logs.redact("rapidly_whs_…x7Qz") == "rapidly_whs_…x7Qz"  # the masked form stays
