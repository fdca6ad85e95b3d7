"""The shared runner of the non-interactive commands.

:func:`run_command` builds the connection and the client, runs one command body on
an event loop, prints retry notices to stderr and turns every failure into one line
on stderr and an exit code from :mod:`rapidly_tui.exitcodes`. No traceback ever
reaches the terminal: unexpected errors go to the ``--log`` file, with the token
redacted.

This module imports neither httpx, pydantic nor the client at import time, so the
command modules can import it and ``--help`` stays fast.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import threading
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, TextIO

from rapidly_tui import exitcodes
from rapidly_tui.exitcodes import exit_code_for
from rapidly_tui.text import neutralize

if TYPE_CHECKING:
    from rapidly_tui.api.client import RapidlyClient, RetryNotice
    from rapidly_tui.api.models import Workspace
    from rapidly_tui.connection import Connection

PROG = "rapidly-tui"
NO_TOKEN_MESSAGE = "no token: run `rapidly-tui auth login` or set RAPIDLY_ACCESS_TOKEN"  # noqa: S105
LOG_HINT = "run with --log FILE for details"


class CommandError(Exception):
    """A failure a command detects itself (several workspaces and none chosen...).

    Carries the message and exit code to report, like the API errors do.
    """

    def __init__(self, message: str, exit_code: int = exitcodes.USAGE) -> None:
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code


class CommandContext:
    """What a command body works with. ``stdout`` carries data only; everything
    else (notes, progress, errors) goes to ``stderr``."""

    def __init__(
        self,
        args: argparse.Namespace,
        connection: Connection,
        client: RapidlyClient,
        stdout: TextIO,
        stderr: TextIO,
    ) -> None:
        self.args = args
        self.connection = connection
        self.client = client
        self.stdout = stdout
        self.stderr = stderr
        self._workspace: Workspace | None = None
        #: The ``x-request-id`` of the last response (an incident note quotes it).
        self.last_request_id: str | None = None

    def note(self, message: str) -> None:
        """One line for the person, on stderr (``message`` must be neutralised)."""
        self.stderr.write(message + "\n")
        self.stderr.flush()

    @property
    def explicit_workspace(self) -> str | None:
        ref = getattr(self.args, "workspace", None)
        return ref.strip() if isinstance(ref, str) and ref.strip() else None

    async def workspace(self) -> Workspace:
        """The workspace the command works in: ``--workspace``, else the profile's
        default workspace, else the only workspace the token sees."""
        if self._workspace is None:
            self._workspace = await self._resolve_workspace()
        return self._workspace

    async def _resolve_workspace(self) -> Workspace:
        from rapidly_tui.api import errors
        from rapidly_tui.api.lookup import find_workspace

        ref = self.explicit_workspace or self.connection.default_workspace
        if ref:
            return await find_workspace(self.client, ref)
        page = await self.client.list_workspaces(limit=10)
        if len(page.data) == 1:
            return page.data[0]
        if not page.data:
            raise errors.NotFound("This token sees no workspace.")
        slugs = ", ".join(neutralize(w.slug, max_chars=40) for w in page.data)
        more = ", ..." if page.meta.total > len(page.data) else ""
        raise CommandError(
            f"This token sees {max(page.meta.total, len(page.data))} workspaces: "
            f"pass --workspace SLUG (one of {slugs}{more})."
        )


CommandBody = Callable[[CommandContext], Awaitable[int | None]]


def run_command(
    args: argparse.Namespace,
    body: CommandBody,
    *,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    require_token: bool = True,
) -> int:
    """Run ``body`` with a client for the connection ``args`` ask for; return the
    process exit code. Every exception ends as one line on stderr.

    Without a token (and not ``--demo``) this exits 3 before running ``body``, unless
    ``require_token`` is False (commands that report on credentials).
    """
    out = stdout if stdout is not None else sys.stdout
    err = stderr if stderr is not None else sys.stderr
    log_path: str | None = getattr(args, "log", None)
    import asyncio

    from rapidly_tui import logs
    from rapidly_tui.api.plugins import disable_pydantic_plugins

    disable_pydantic_plugins()

    try:
        # Always configured: without a handler, Python's last-resort handler would
        # print warnings and tracebacks to stderr.
        logs.setup_logging(log_path, [os.environ.get("RAPIDLY_ACCESS_TOKEN") or ""])
        connection = _connect(args)
    except Exception as exc:
        return report_error(exc, err, log_path=log_path)
    try:
        logs.add_secret(connection.token)
        if require_token and connection.token is None and not connection.demo:
            _fail(err, NO_TOKEN_MESSAGE)
            return exitcodes.AUTH
        try:
            return asyncio.run(_run(args, connection, body, out=out, err=err, log_path=log_path))
        except KeyboardInterrupt:
            if getattr(args, "follow", False):
                # Ctrl-C is how a follow ends, even before it started following.
                return exitcodes.OK
            _fail(err, "interrupted")
            return 130
    finally:
        if log_path:
            # Close the log file (the next command in this process may log elsewhere).
            logs.setup_logging(None)


def _connect(args: argparse.Namespace) -> Connection:
    from rapidly_tui.connection import ConnectionOptions, resolve_connection

    return resolve_connection(ConnectionOptions.from_args(args))


async def _run(
    args: argparse.Namespace,
    connection: Connection,
    body: CommandBody,
    *,
    out: TextIO,
    err: TextIO,
    log_path: str | None,
) -> int:
    from rapidly_tui.api.client import retry_listener

    retry_listener.set(_retry_printer(err))
    for warning in getattr(connection, "warnings", ()):
        _write_line(err, f"{PROG}: warning: {neutralize(warning, max_chars=1000)}")
    contexts: list[CommandContext] = []

    async def remember_request_id(response: Any) -> None:
        for context in contexts:
            context.last_request_id = response.headers.get("x-request-id")

    answers = _AnswerImports()

    async def first_request_going(request: Any) -> None:
        if not answers.started:
            # httpcore's trace: told when the request is on the wire (connected and
            # sent), the moment from which the loop only waits.
            request.extensions = {**request.extensions, "trace": answers.on_trace}

    try:
        async with connection.make_client(
            event_hooks={"request": [first_request_going], "response": [remember_request_id]}
        ) as client:
            context = CommandContext(args, connection, client, out, err)
            contexts.append(context)
            code = await body(context)
            return exitcodes.OK if code is None else code
    except Exception as exc:
        code = report_error(exc, err, log_path=log_path, stdout=out)
        usage = getattr(args, "command_usage", None)
        if isinstance(exc, CommandError) and code == exitcodes.USAGE and usage:
            _write_line(err, usage.rstrip("\n"))
        return code
    finally:
        answers.join()


#: What reading the first answer needs and the command path has not imported yet:
#: pydantic itself (~100 ms), the models, the list pager.
ANSWER_MODULES = ("rapidly_tui.api.models", "pydantic.type_adapter", "rapidly_tui.present.paging")


class _AnswerImports:
    """Imports :data:`ANSWER_MODULES` in a thread once the first request is sent.

    Imported when the first answer is decoded, they came after its round trip, one
    after the other; imported while it waits for the network, where the GIL is free,
    they cost (almost) nothing. Started only then so that they do not slow the
    request's own preparation (the connection, its imports). With a transport that
    does not trace (the in-process demo) they are imported where first needed. Joined
    before the command returns: no import is left running while the interpreter exits.
    """

    def __init__(self) -> None:
        self._thread: threading.Thread | None = None

    @property
    def started(self) -> bool:
        return self._thread is not None

    async def on_trace(self, event: str, _info: Any) -> None:
        if event == "http11.send_request_body.complete":
            self.start()

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(
                target=_import_modules, name="rapidly-tui-imports", daemon=True
            )
            self._thread.start()

    def join(self) -> None:
        if self._thread is not None:
            self._thread.join()


def _import_modules() -> None:
    import importlib

    for name in ANSWER_MODULES:
        try:
            importlib.import_module(name)
        except Exception:  # imported again where needed, which reports it
            return


# --- errors -------------------------------------------------------------------------


def error_message(exc: BaseException, *, log_path: str | None = None) -> str:
    """One neutralised line saying what went wrong (and the request id, if any)."""
    from rapidly_tui.api import errors

    if isinstance(exc, errors.RapidlyError):
        title = exc.title if exc.status is not None else re.sub(r" \(\d{3}\)$", "", exc.title)
        text = f"{title}: {exc.message}"
        if isinstance(exc, errors.Unauthorized):
            text += " Run `rapidly-tui auth login` or check RAPIDLY_ACCESS_TOKEN."
        if exc.request_id:
            text += f" (request id {exc.request_id})"
        return neutralize(text, max_chars=1000)
    message = getattr(exc, "message", None)
    if isinstance(getattr(exc, "exit_code", None), int) and isinstance(message, str):
        # Our own text (credential errors list the choices on separate lines).
        return neutralize(message, max_chars=2000, newlines=True)
    where = f"details are in {log_path}" if log_path else LOG_HINT
    return f"unexpected error ({type(exc).__name__}); {neutralize(where)}"


def report_error(
    exc: BaseException,
    stderr: TextIO,
    *,
    log_path: str | None = None,
    stdout: TextIO | None = None,
) -> int:
    """Log ``exc``, print its one line to ``stderr`` and return its exit code."""
    if isinstance(exc, BrokenPipeError):
        # The reader went away (``| head``): that is how pipes end, not an error.
        _detach_stdout(stdout)
        return exitcodes.OK
    import logging

    log = logging.getLogger("rapidly_tui.commands")
    code = exit_code_for(exc)
    if code == exitcodes.UNEXPECTED:
        log.error("unexpected error", exc_info=exc)
    else:
        log.info("command failed: %s", type(exc).__name__, exc_info=exc)
    _fail(stderr, error_message(exc, log_path=log_path))
    return code


def _fail(stderr: TextIO, message: str) -> None:
    from rapidly_tui.logs import redact

    try:
        # Messages quote what the server or the person sent (an error detail, a
        # mistyped server URL), and either may hold the token.
        stderr.write(f"{PROG}: {redact(message)}\n")
        stderr.flush()
    except (OSError, ValueError):
        pass


def _detach_stdout(stdout: TextIO | None) -> None:
    """Point stdout at /dev/null so the interpreter's final flush does not raise."""
    if stdout is None or stdout is not sys.stdout:
        return
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


# --- retries ------------------------------------------------------------------------


def _retry_printer(stderr: TextIO) -> Callable[[RetryNotice], None]:
    def on_retry(notice: RetryNotice) -> None:
        _write_line(stderr, retry_message(notice))

    return on_retry


def retry_message(notice: RetryNotice) -> str:
    """``rate limited, retrying in 30 s (attempt 1/3)``."""
    from rapidly_tui.api import errors

    error = notice.error
    if isinstance(error, errors.RateLimited):
        reason = "rate limited"
    elif isinstance(error, errors.ServerError):
        reason = f"server error (HTTP {error.status})"
    elif isinstance(error, errors.Timeout):
        reason = "timed out"
    elif isinstance(error, errors.ConnectionFailed):
        reason = "connection failed"
    else:
        reason = error.title.lower()
    delay = notice.delay
    shown = f"{delay:.0f}" if delay >= 10 or float(delay).is_integer() else f"{delay:.1f}"
    return f"{reason}, retrying in {shown} s (attempt {notice.attempt}/{notice.max_attempts})"


def _write_line(stream: TextIO, line: str) -> None:
    from rapidly_tui.logs import redact

    try:
        stream.write(redact(line) + "\n")
        stream.flush()
    except (OSError, ValueError):
        pass
