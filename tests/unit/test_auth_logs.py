"""Debug logs never hold a token: the redacting filter and ``setup_logging``."""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from rapidly_tui import logs
from rapidly_tui.api.client import RapidlyClient
from rapidly_tui.demo import DEMO_TOKEN, create_app, demo_transport
from rapidly_tui.demo.app import TOKENS, Principal

# A token in use whose shape matches no pattern: only the registered secret finds it.
ODD_TOKEN = "odd-shaped-secret-5f2b9c71e4"
CANARY = "rapidly_oat_CANARYlogs0123456789abcdef"


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


@pytest.mark.parametrize(
    "text",
    [
        f"Authorization: Bearer {ODD_TOKEN}",
        f"{{'authorization': 'Bearer {ODD_TOKEN}', 'accept': 'json'}}",
        f"(b'authorization', b'Bearer {ODD_TOKEN}')",
        f"curl -H 'authorization: bearer {ODD_TOKEN}'",
        f"got token={CANARY}; retrying",
        f"Bearer {CANARY}",
    ],
)
def test_redact_removes_credentials_in_every_shape(text: str) -> None:
    redacted = logs.redact(text)
    assert ODD_TOKEN not in redacted
    assert CANARY not in redacted
    assert logs.REDACTED in redacted


def test_redact_removes_registered_secrets_whatever_their_shape() -> None:
    assert ODD_TOKEN in logs.redact(f"value {ODD_TOKEN}")
    logs.add_secret(ODD_TOKEN)
    assert logs.redact(f"value {ODD_TOKEN} end") == f"value {logs.REDACTED} end"


def test_short_secrets_are_not_registered() -> None:
    """Registering "abc" would shred unrelated log text."""
    logs.add_secret("abc")
    assert logs.redact("abcdef") == "abcdef"


def test_log_file_is_private_and_redacted(tmp_path: Path, restore_logging: None) -> None:
    path = tmp_path / "debug.log"
    logs.setup_logging(str(path), [ODD_TOKEN])
    logger = logging.getLogger("rapidly_tui.test")
    logger.debug("headers %s", {"Authorization": f"Bearer {ODD_TOKEN}"})
    logger.info("the token is %s", CANARY)
    try:
        raise ValueError(f"bad token {CANARY}")
    except ValueError:
        logger.exception("failed with %s", ODD_TOKEN)
    logger.warning("stack", stack_info=True, extra={"note": "x"})
    text = path.read_text()
    assert ODD_TOKEN not in text
    assert CANARY not in text
    assert "ValueError: bad token [REDACTED]" in text  # the traceback is kept, redacted
    assert "headers {'Authorization': '[REDACTED]'" in text
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_setup_logging_twice_keeps_one_handler(tmp_path: Path, restore_logging: None) -> None:
    first, second = tmp_path / "a.log", tmp_path / "b.log"
    logs.setup_logging(str(first))
    logs.setup_logging(str(second))
    logging.getLogger("rapidly_tui.test").debug("only in the second")
    assert "only in the second" not in first.read_text()
    assert "only in the second" in second.read_text()


def test_a_command_without_a_log_file_after_one_with_logs_nothing_at_debug(
    tmp_path: Path, restore_logging: None
) -> None:
    # Commands run one after another in one process (tests do): the second, without
    # --log, must not keep the first one's debug logging of every request.
    logs.setup_logging(str(tmp_path / "first.log"))
    assert logging.getLogger("httpcore").isEnabledFor(logging.DEBUG)
    logs.setup_logging(None)
    for name in ("httpx", "httpcore", "rapidly_tui.api"):
        assert not logging.getLogger(name).isEnabledFor(logging.INFO), name


def test_unwritable_log_path_is_a_clear_error(tmp_path: Path, restore_logging: None) -> None:
    with pytest.raises(logs.ConfigError, match="Cannot write the log file"):
        logs.setup_logging(str(tmp_path / "missing-dir" / "x.log"))


def test_without_a_path_nothing_reaches_stderr(
    restore_logging: None, capsys: pytest.CaptureFixture[str]
) -> None:
    """No --log: logging's last-resort stderr handler must not scribble on the screen."""
    logs.setup_logging(None)
    logging.getLogger("some.library").warning("token %s", CANARY)
    assert capsys.readouterr().err == ""


async def test_http_debug_logs_of_real_requests_are_redacted(
    tmp_path: Path, restore_logging: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(TOKENS, CANARY, Principal(None, None))
    path = tmp_path / "http.log"
    logs.setup_logging(str(path), [CANARY])

    async def log_request(request: object) -> None:
        # What a curious developer might add while debugging.
        logging.getLogger("httpx").debug("sending %r %s", request, request.headers.raw)  # type: ignore[attr-defined]

    transport = demo_transport(create_app())
    async with RapidlyClient(
        "http://demo.rapidly.invalid",
        CANARY,
        transport=transport,
        event_hooks={"request": [log_request]},
    ) as client:
        page = await client.list_workspaces()
    assert page.data
    text = path.read_text()
    assert "HTTP Request: GET" in text  # httpx's own log line made it
    assert "authorization" in text.lower()
    assert CANARY not in text
    assert DEMO_TOKEN not in text
