"""References resolve the way a person means them: an id, then an email, then an
external id, for every reading the reference's shape allows, saying which matched when
it was not the obvious one (the library, and the commands' line on stderr)."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from rapidly_tui import exitcodes
from rapidly_tui.api import RapidlyClient
from rapidly_tui.api.errors import NotFound
from rapidly_tui.api.lookup import lookup_customer
from rapidly_tui.cli import main
from rapidly_tui.demo import ADA_EMAIL, ADA_EXTERNAL_ID, DEMO_ACME_TOKEN
from tests.support.server import DemoServer

pytestmark = pytest.mark.e2e

#: The demo customer whose external id looks like an email (as on the real server,
#: ``GET /api/customers/?email=`` does not find it; the external-id route does).
EMAIL_LIKE = "user@example.test"


def _paths(server: DemoServer) -> list[str]:
    return [r.path for r in server.faults.requests if r.path.startswith("/api/customers")]


async def test_an_at_reference_that_is_no_email_is_tried_as_an_external_id(
    client: RapidlyClient, demo_server: DemoServer
) -> None:
    match = await lookup_customer(client, EMAIL_LIKE)
    assert match.customer.email == "nora@example.com"
    assert match.customer.external_id == EMAIL_LIKE
    assert match.matched_as == "external_id"
    assert match.note == ("No customer has the email user@example.test; it matched an external id.")
    # The email first, then the external id: in that order, once each.
    assert _paths(demo_server) == ["/api/customers/", f"/api/customers/external/{EMAIL_LIKE}"]


async def test_obvious_readings_say_nothing(client: RapidlyClient, demo_server: DemoServer) -> None:
    ada_id = demo_server.dataset.ada["id"]
    for ref, reading in ((ada_id, "id"), (ADA_EMAIL, "email"), (ADA_EXTERNAL_ID, "external_id")):
        match = await lookup_customer(client, ref)
        assert match.customer.id == ada_id
        assert match.matched_as == reading
        assert match.note is None


async def test_a_uuid_that_is_no_id_is_tried_as_an_external_id(
    client: RapidlyClient, demo_server: DemoServer
) -> None:
    ref = str(uuid.UUID(int=7, version=4))
    ada = dict(demo_server.dataset.ada)
    demo_server.faults.status("/api/customers/external/", 200, body={**ada, "external_id": ref})
    match = await lookup_customer(client, ref)
    assert match.matched_as == "external_id"
    assert match.note == f"No customer has the id {ref}; it matched an external id."
    assert _paths(demo_server) == [f"/api/customers/{ref}", f"/api/customers/external/{ref}"]


async def test_nothing_matches_names_every_reading_tried(
    client: RapidlyClient, demo_server: DemoServer
) -> None:
    with pytest.raises(
        NotFound, match=r"^No customer has the email or external id a@b\.c\.$"
    ) as raised:
        await lookup_customer(client, "a@b.c")
    # The request id of the server's last answer comes along (support asks for it).
    assert raised.value.request_id
    ref = str(uuid.UUID(int=8, version=4))
    with pytest.raises(NotFound, match=r"^No customer has the id or external id "):
        await lookup_customer(client, ref)
    with pytest.raises(NotFound, match=r"^No customer has the external id Zoë Müller\.$"):
        await lookup_customer(client, "Zoë Müller")


def test_customer_get_finds_an_email_like_external_id_and_says_how(
    demo_server: DemoServer,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(name, str(tmp_path / name.lower()))
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyrings.alt.file.PlaintextKeyring")
    monkeypatch.setenv("RAPIDLY_SERVER_URL", demo_server.base_url)
    monkeypatch.setenv("RAPIDLY_ACCESS_TOKEN", DEMO_ACME_TOKEN)
    code = main(["customer", "get", EMAIL_LIKE, "--json"])
    captured = capsys.readouterr()
    assert code == exitcodes.OK, captured.err
    assert '"email": "nora@example.com"' in captured.out
    assert captured.err == (
        "No customer has the email user@example.test; it matched an external id.\n"
    )
