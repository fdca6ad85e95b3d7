"""``rapidly-tui auth login|logout|status|doctor`` and ``rapidly-tui info``.

Imports stay light: the client (httpx, pydantic) and keyring are imported inside the
handlers, so ``--help`` does not pay for them. Messages go to stderr, data to stdout;
expected failures end with one line (or a short paragraph) and an exit code from
:mod:`rapidly_tui.exitcodes`, never a traceback.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rapidly_tui import exitcodes
from rapidly_tui.text import neutralize

if TYPE_CHECKING:
    from rapidly_tui.auth.verify import TokenCheck
    from rapidly_tui.connection import Connection

PROG = "rapidly-tui"
#: Most that is read from stdin for a token: far more than any token, far less than
#: a file piped in by mistake.
_MAX_STDIN_CHARS = 64 * 1024

log = logging.getLogger("rapidly_tui.commands.auth")

Handler = Callable[[argparse.Namespace], int]


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    auth = subparsers.add_parser(
        "auth",
        help="log in, log out, show or diagnose credentials",
        description=(
            "Manage the access token of a profile. Tokens are read from "
            "RAPIDLY_ACCESS_TOKEN first, then from the OS keyring (service 'rapidly-tui', "
            "one entry per profile). A plain-text file is used only with --insecure-storage."
        ),
        parents=[common],
        epilog=exitcodes.EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = auth.add_subparsers(dest="auth_command", metavar="ACTION")

    login = actions.add_parser(
        "login",
        help="check a token against the API and store it",
        description=(
            "Read a token (hidden prompt, or stdin when it is not a terminal), check it by "
            "listing workspaces, then store it in the OS keyring for the profile. A token "
            "the server rejects is not stored. Tokens are never accepted as arguments."
        ),
        parents=[common],
        epilog=exitcodes.EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    login.add_argument(
        "--with-token",
        action="store_true",
        help="read the token from stdin (e.g. `--with-token < tokenfile`)",
    )
    login.set_defaults(handler=_guarded(login_command))

    logout = actions.add_parser(
        "logout",
        help="remove the stored token of the profile",
        parents=[common],
        epilog=exitcodes.EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    logout.set_defaults(handler=_guarded(logout_command))

    status = actions.add_parser(
        "status",
        help="show profile, server, token source (masked) and visible workspaces",
        parents=[common],
        epilog=exitcodes.EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    status.set_defaults(handler=_guarded(status_command))

    doctor = actions.add_parser(
        "doctor",
        help="explain the keyring situation (backend, D-Bus, SSH) and what to do",
        description=(
            "Diagnose the OS keyring: which backend keyring uses, whether the D-Bus session "
            "bus / Secret Service is reachable, whether this is an SSH session, and what to "
            "do. Exits 0 when the keyring is usable, 3 when it is not."
        ),
        parents=[common],
        epilog=exitcodes.EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    doctor.set_defaults(handler=_guarded(doctor_command))

    info = subparsers.add_parser(
        "info",
        help="print the config, log and state paths and the active profile and server",
        parents=[common],
        epilog=exitcodes.EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    info.set_defaults(handler=_guarded(info_command))


# --- plumbing ---------------------------------------------------------------------


def _say(message: str) -> None:
    """A message for the person, on stderr."""
    print(message, file=sys.stderr, flush=True)


def _fail(message: str) -> None:
    _say(f"{PROG}: {message}")


def _out(line: str = "") -> None:
    """Data, on stdout."""
    print(line, flush=True)


def _guarded(command: Handler) -> Handler:
    """Run ``command`` with logging set up; every failure becomes a message and an
    exit code, never a traceback."""

    def run(args: argparse.Namespace) -> int:
        from rapidly_tui import logs
        from rapidly_tui.auth.errors import CredentialsError
        from rapidly_tui.auth.store import env_token

        try:
            logs.setup_logging(getattr(args, "log", None), [env_token() or ""])
            return command(args)
        except CredentialsError as exc:
            _fail(exc.message)
            return exc.exit_code
        except KeyboardInterrupt:
            _fail("interrupted")
            return 130
        except BrokenPipeError:
            return exitcodes.OK
        except Exception as exc:
            log.error("unexpected error in %s", command.__name__, exc_info=exc)
            where = (
                f"details are in {args.log}"
                if getattr(args, "log", None)
                else "run with --log FILE"
            )
            _fail(f"unexpected error ({type(exc).__name__}); {neutralize(where)}")
            return exitcodes.UNEXPECTED

    run.__name__ = command.__name__
    return run


def _connection(args: argparse.Namespace, *, read_token: bool) -> Connection:
    from rapidly_tui.connection import ConnectionOptions, resolve_connection

    return resolve_connection(ConnectionOptions.from_args(args), read_token=read_token)


def _api_failure(exc: Exception, *, doing: str) -> int:
    """Report an API client error met while ``doing`` something; the exit code."""
    from rapidly_tui.api import errors

    if not isinstance(exc, errors.RapidlyError):
        raise exc
    text = f"{doing}: {exc.title}: {exc.message}"
    if exc.request_id:
        text += f" (request id {exc.request_id})"
    _fail(neutralize(text, max_chars=1000))
    if isinstance(exc, (errors.Unauthorized, errors.Forbidden)):
        return exitcodes.AUTH
    if isinstance(exc, errors.NotFound):
        return exitcodes.NOT_FOUND
    return exitcodes.RETRYABLE if exc.retryable else exitcodes.UNEXPECTED


def _check(connection: Connection, token: str | None = None) -> TokenCheck:
    """List workspaces with the token, printing retry notices on stderr."""
    import asyncio

    from rapidly_tui.api.client import RetryNotice, retry_listener
    from rapidly_tui.auth.verify import check_token

    def on_retry(notice: RetryNotice) -> None:
        _say(f"{notice.error.title.lower()}, retrying in {notice.delay:.1f} s")

    async def run() -> TokenCheck:
        retry_listener.set(on_retry)
        return await check_token(connection, token)

    return asyncio.run(run())


def _server_line(connection: Connection) -> str:
    origin = {
        "env": "from RAPIDLY_SERVER_URL",
        "option": "from --server",
        "profile": "from the profile",
        "default": "default",
        "demo": "built-in demo",
    }.get(connection.server_source, connection.server_source)
    return f"{neutralize(connection.server_url)} ({connection.server_label}, {origin})"


# --- auth login ---------------------------------------------------------------------


def login_command(args: argparse.Namespace) -> int:
    from rapidly_tui.api import errors
    from rapidly_tui.auth import store
    from rapidly_tui.auth.tokens import mask_token, token_kind, unrecognised_prefix_warning
    from rapidly_tui.connection import SERVER_ALIASES, SERVER_OVERRIDE_WARNING

    if args.demo:
        _fail("the demo needs no login: run `rapidly-tui --demo`.")
        return exitcodes.USAGE
    connection = _connection(args, read_token=False)
    if SERVER_OVERRIDE_WARNING in connection.warnings:
        # (The other warning, an unknown profile, is moot: login creates it.)
        _say(f"warning: {SERVER_OVERRIDE_WARNING}")
    if not connection.insecure_storage:
        # Fail before the person pastes a token, not after.
        _require_usable_keyring()
    if store.env_token() is not None:
        _say(
            f"note: {store.TOKEN_ENV} is set; it takes precedence over the token stored "
            "now until you unset it."
        )
    token = _read_token(use_stdin=bool(args.with_token) or not _stdin_is_terminal())
    warning = unrecognised_prefix_warning(token)
    if warning:
        _say(warning)
    _say(f"Checking the token against {neutralize(connection.server_url)} ...")
    try:
        check = _check(connection, token)
    except errors.RapidlyError as exc:
        if isinstance(exc, errors.Unauthorized):
            _fail(
                "the server rejected this token (expired, revoked or mistyped); nothing was stored."
            )
            return exitcodes.AUTH
        code = _api_failure(exc, doing="could not check the token")
        _say("Nothing was stored.")
        return code
    if check.warning:
        _say(f"warning: {neutralize(check.warning, max_chars=500)}")
    server_setting = None
    if args.server:
        alias = args.server.strip().lower()
        server_setting = alias if alias in SERVER_ALIASES else connection.server_url
    where = store.store_token(
        token,
        profile=connection.profile,
        insecure_storage=connection.insecure_storage,
        server=server_setting,
        config=connection.config,
    )
    kind = token_kind(token) or "token"
    _say(
        f"Logged in to {connection.server_label} as profile {connection.profile!r} with a "
        f"{kind} ({mask_token(token)})."
    )
    _say(f"Token stored in {neutralize(where)}.")
    if check.total is not None:
        _say(f"It can see {check.total} workspace{'s' if check.total != 1 else ''}:")
        for line in check.describe_workspaces():
            _out(line)
    return exitcodes.OK


def _require_usable_keyring() -> None:
    from rapidly_tui.auth import keyring_store
    from rapidly_tui.auth.errors import KeyringUnavailable

    info = keyring_store.backend_info()
    if info.refusal is not None:
        raise KeyringUnavailable(info.refusal)


def _stdin_is_terminal() -> bool:
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (ValueError, OSError):  # closed stdin
        return False


def _read_token(*, use_stdin: bool) -> str:
    """The token, from stdin (piped) or a hidden prompt. Raises InvalidToken."""
    from rapidly_tui.auth.tokens import clean_token

    if use_stdin and not _stdin_is_terminal():
        try:
            raw = sys.stdin.read(_MAX_STDIN_CHARS + 1) if sys.stdin is not None else ""
        except (OSError, ValueError, UnicodeDecodeError):
            raw = ""
        if len(raw) > _MAX_STDIN_CHARS:
            from rapidly_tui.auth.errors import InvalidToken

            raise InvalidToken("stdin holds far more than a token; pipe only the token.")
        return clean_token(raw)
    import getpass

    try:
        raw = getpass.getpass("Paste your Rapidly access token (input is hidden): ")
    except EOFError:
        raw = ""
    return clean_token(raw)


# --- auth logout --------------------------------------------------------------------


def logout_command(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from rapidly_tui.auth import store
    from rapidly_tui.config import load_config, save_config

    if args.demo:
        _fail("the demo has no stored token.")
        return exitcodes.USAGE
    connection = _connection(args, read_token=False)
    removed = store.remove_token(connection.profile, insecure_storage=connection.insecure_storage)
    config = connection.config or load_config()
    profile = config.profiles.get(connection.profile)
    if profile is not None and profile.insecure_storage:
        # The next login goes back to the keyring unless --insecure-storage is chosen again.
        save_config(config.with_profile(replace(profile, insecure_storage=False)))
    if removed:
        for where in removed:
            _say(f"Removed the token of profile {connection.profile!r} from {neutralize(where)}.")
        _say("The token itself stays valid until you revoke it in the Rapidly dashboard.")
    else:
        _say(f"No token was stored for profile {connection.profile!r}.")
    if store.env_token() is not None:
        _say(f"note: {store.TOKEN_ENV} is still set in this environment; unset it too.")
    return exitcodes.OK


# --- auth status --------------------------------------------------------------------


def status_command(args: argparse.Namespace) -> int:
    from rapidly_tui.api import errors
    from rapidly_tui.auth.store import load_token
    from rapidly_tui.auth.tokens import token_kind

    connection = _connection(args, read_token=False)
    for warning in connection.warnings:
        _say(f"warning: {neutralize(warning)}")
    _out(f"profile:    {connection.profile}")
    _out(f"server:     {_server_line(connection)}")
    if not connection.demo:
        loaded = load_token(connection.profile, insecure_storage=connection.insecure_storage)
        connection = connection.with_token(loaded.token, loaded.source, loaded.location)
    if connection.token is None:
        _out("token:      none")
        _fail(
            "not logged in: run `rapidly-tui auth login` "
            f"(profile {connection.profile!r}) or set RAPIDLY_ACCESS_TOKEN."
        )
        return exitcodes.AUTH
    kind = token_kind(connection.token) or "unrecognised prefix"
    _out(f"token:      {connection.masked_token} ({kind})")
    _out(f"source:     {connection.token_source}: {neutralize(connection.token_location)}")
    if connection.token_source == "file":  # noqa: S105 - a source name
        _out("storage:    PLAIN TEXT file (opted in with --insecure-storage)")
    try:
        check = _check(connection)
    except errors.RapidlyError as exc:
        _out("workspaces: unknown")
        return _api_failure(exc, doing="could not check the token")
    if check.warning:
        _out("workspaces: unknown")
        _say(f"warning: {neutralize(check.warning, max_chars=500)}")
        return exitcodes.OK
    _out(f"workspaces: {check.total}")
    for line in check.describe_workspaces():
        _out(f"  {line}")
    return exitcodes.OK


# --- auth doctor --------------------------------------------------------------------


def doctor_command(args: argparse.Namespace) -> int:
    from rapidly_tui.auth.doctor import diagnose

    report = diagnose(profile=_profile_name(args), insecure_storage=bool(args.insecure_storage))
    for line in report.lines:
        _out(line)
    _out()
    _out("What to do:")
    for advice in report.advice:
        _out(f"  - {advice}")
    return exitcodes.OK if report.keyring_usable else exitcodes.AUTH


def _profile_name(args: argparse.Namespace) -> str:
    from rapidly_tui.config import DEFAULT_PROFILE, validate_profile_name

    return validate_profile_name(getattr(args, "profile", None) or DEFAULT_PROFILE)


# --- info ---------------------------------------------------------------------------


def info_command(args: argparse.Namespace) -> int:
    from rapidly_tui import __version__
    from rapidly_tui.config import app_paths

    paths = app_paths()
    config_note = "" if paths.config_file.exists() else " (not created yet)"
    _out(f"rapidly-tui {__version__}")
    _out(f"config file: {neutralize(str(paths.config_file))}{config_note}")
    _out(f"token file:  {neutralize(str(paths.token_file))} (only with --insecure-storage)")
    _out(f"state dir:   {neutralize(str(paths.state_dir))}")
    _out(f"cache dir:   {neutralize(str(paths.cache_dir))}")
    _out(f"log dir:     {neutralize(str(paths.log_dir))}")
    log_path = getattr(args, "log", None)
    if log_path:
        _out(f"log file:    {neutralize(log_path)} (--log)")
    else:
        _out(f"log file:    none (use --log FILE, e.g. {neutralize(str(paths.default_log_file))})")
    # The connection without the token: info never touches the keyring.
    connection = _connection(args, read_token=False)
    profiles = sorted(connection.config.profiles) if connection.config else []
    known = f" (profiles: {', '.join(profiles)})" if profiles else " (no profiles saved)"
    _out(f"profile:     {connection.profile}{known}")
    _out(f"server:      {_server_line(connection)}")
    if connection.default_workspace:
        _out(f"workspace:   {neutralize(connection.default_workspace)} (profile default)")
    for warning in connection.warnings:
        _say(f"warning: {neutralize(warning)}")
    return exitcodes.OK
