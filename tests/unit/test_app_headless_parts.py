"""What left the App for plain code, tested without Textual: logging in with a pasted
token, the remembered theme, the message after a copy through tmux, and what the
header calls the server."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from rapidly_tui import clipboard
from rapidly_tui.api.client import RapidlyClient
from rapidly_tui.api.errors import Unauthorized
from rapidly_tui.auth.login import TokenLogin
from rapidly_tui.config import load_config
from rapidly_tui.connection import DEMO_URL, PRODUCTION_URL, SANDBOX_URL, Connection
from rapidly_tui.demo import DEMO_TOKEN, create_app, demo_transport
from rapidly_tui.themes import ThemeMemory

SECRET = "rapidly_oat_neverprinted0123456789abcdef"


def demo_connection(**changes: Any) -> Connection:
    values: dict[str, Any] = {
        "server_url": DEMO_URL,
        "token": None,
        "token_source": "none",
        "profile": "work",
        "demo": True,
    }
    values.update(changes)
    return Connection(**values)


class Clients:
    """A client factory on the demo API that remembers what it built."""

    def __init__(self) -> None:
        self.transport = demo_transport(create_app())
        self.built: list[RapidlyClient] = []

    def __call__(self, connection: Connection) -> RapidlyClient:
        client = RapidlyClient(connection.server_url, connection.token, transport=self.transport)
        self.built.append(client)
        return client


# --- login --------------------------------------------------------------------------


async def test_an_accepted_token_says_how_many_workspaces_it_sees() -> None:
    clients = Clients()
    login = TokenLogin(demo_connection(), clients)
    assert await login.verify(DEMO_TOKEN) >= 1
    assert clients.built[0].is_closed  # one client per check, closed after it


async def test_a_rejected_token_raises_and_closes_its_client() -> None:
    clients = Clients()
    login = TokenLogin(demo_connection(), clients)
    with pytest.raises(Unauthorized):
        await login.verify(SECRET)
    assert clients.built[0].is_closed


def test_the_token_goes_to_the_given_store_for_the_profile() -> None:
    stored: list[tuple[str, str]] = []

    def store(token: str, *, profile: str) -> str:
        stored.append((token, profile))
        return "the test store"

    login = TokenLogin(demo_connection(), Clients(), store)
    assert login.store_token(SECRET) == "the test store"
    assert stored == [(SECRET, "work")]


@pytest.mark.parametrize(
    ("profile_opted_in", "option", "expected"),
    [(False, False, False), (True, False, True), (False, True, True)],
)
def test_the_plain_text_file_is_used_only_when_the_profile_or_the_option_says_so(
    monkeypatch: pytest.MonkeyPatch, profile_opted_in: bool, option: bool, expected: bool
) -> None:
    calls: list[dict[str, Any]] = []

    def store(token: str, **kwargs: Any) -> str:
        calls.append(kwargs)
        return "somewhere"

    monkeypatch.setattr("rapidly_tui.auth.store.store_token", store)
    connection = demo_connection(insecure_storage=profile_opted_in)
    TokenLogin(connection, Clients(), insecure_storage=option).store_token(SECRET)
    assert calls[0]["insecure_storage"] is expected
    assert calls[0]["profile"] == "work"


def test_logging_in_keeps_the_server_and_profile_and_never_shows_the_token() -> None:
    login = TokenLogin(demo_connection(), Clients())
    connection = login.logged_in(SECRET, "keyring")
    assert (connection.token, connection.token_source) == (SECRET, "keyring")
    assert (connection.server_url, connection.profile) == (DEMO_URL, "work")
    assert SECRET not in repr(connection)
    assert SECRET not in repr(TokenLogin(connection, Clients()))


# --- the remembered theme -------------------------------------------------------------


def config_connection(tmp_path: Path, theme: str | None) -> Connection:
    path = tmp_path / "config.toml"
    line = f'theme = "{theme}"\n' if theme else ""
    path.write_text(f'[profiles.work]\ndefault_workspace = "acme"\n{line}')
    return Connection(PRODUCTION_URL, SECRET, "keyring", profile="work", config=load_config(path))


def test_the_profiles_theme_is_used_once_unless_the_environment_decides(
    tmp_path: Path,
) -> None:
    connection = config_connection(tmp_path, "nord")
    assert ThemeMemory().remembered(connection, overridden=True) is None
    memory = ThemeMemory()
    assert memory.remembered(connection, overridden=False) == "nord"
    assert memory.remembered(connection, overridden=False) is None  # asked once


def test_a_chosen_theme_is_written_for_the_profile_only_when_it_changes(tmp_path: Path) -> None:
    connection = config_connection(tmp_path, "nord")
    assert connection.config is not None
    path = connection.config.path
    memory = ThemeMemory()
    memory.chosen(connection, "textual-light")  # before the start's theme is known
    assert load_config(path).profile("work").theme == "nord"
    memory.remembered(connection, overridden=False)
    memory.chosen(connection, "textual-light")
    assert load_config(path).profile("work").theme == "textual-light"
    path.write_text("[profiles.work]\n")  # written again only for a change
    memory.chosen(connection, "textual-light")
    assert load_config(path).profile("work").theme is None


def test_the_demo_has_no_config_so_no_theme_is_written() -> None:
    memory = ThemeMemory()
    demo = demo_connection()
    assert memory.remembered(demo, overridden=False) is None
    memory.chosen(demo, "nord")  # nothing to write to, and no error
    memory.chosen(None, "nord")


# --- copying through tmux -------------------------------------------------------------


@pytest.mark.parametrize(
    ("answer", "expected", "warning"),
    [
        (None, "Copied the token to tmux's buffer", False),
        (
            "tmux did not answer within 3 s",
            "tmux did not answer within 3 s. Sent the token to the terminal's clipboard "
            "(OSC 52): your terminal decides",
            True,
        ),
        (
            RuntimeError("\x1b]52;c;boom\x07"),
            "tmux failed (RuntimeError). Sent the token to the terminal's clipboard "
            "(OSC 52): your terminal decides",
            True,
        ),
        ("tmux: \x1b[2Jno server", "tmux: ␛[2Jno server. Sent the token to", True),
    ],
)
async def test_the_copy_message_says_what_tmux_did(
    monkeypatch: pytest.MonkeyPatch, answer: object, expected: str, warning: bool
) -> None:
    async def load_buffer(text: str, env: object) -> str | None:
        assert text == SECRET
        if isinstance(answer, BaseException):
            raise answer
        return answer if isinstance(answer, str) else None

    monkeypatch.setattr(clipboard, "tmux_load_buffer", load_buffer)
    message, is_warning = await clipboard.copy_to_tmux(SECRET, "token", {"TMUX": "x"})
    assert message.startswith(expected)
    assert is_warning is warning
    assert SECRET not in message
    assert "\x1b" not in message


# --- what the header calls the server -------------------------------------------------


@pytest.mark.parametrize(
    ("server", "profile", "demo", "kind", "crumb"),
    [
        (DEMO_URL, "demo", True, "demo", "demo"),
        (PRODUCTION_URL, "default", False, "production", "production"),
        (SANDBOX_URL, "work", False, "sandbox", "work @ sandbox"),
        ("https://rapidly.example.com", "default", False, "self-hosted", "rapidly.example.com"),
    ],
)
def test_the_server_badge_and_first_crumb(
    server: str, profile: str, demo: bool, kind: str, crumb: str
) -> None:
    connection = Connection(server, None, "none", profile=profile, demo=demo)
    assert (connection.kind, connection.crumb) == (kind, crumb)
