"""Entry point of the interactive explorer (``rapidly-tui`` without a command).

Start-up is ordered for speed. The connection is resolved (config, keyring) and the
first screen's requests are sent (rapidly_tui/preload.py) before Textual is imported;
the import, most of a cold start, then runs in a thread while those requests wait for
the network. The app starts with the client, and its first screen finds the answers
under way or already there.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import importlib
import os
import sys
import threading
from collections.abc import Callable
from datetime import date, datetime, timezone
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    import ssl

    import httpx

    from rapidly_tui.connection import Connection, ConnectionOptions
    from rapidly_tui.preload import Start
    from rapidly_tui.refcache import RefCache


T = TypeVar("T")


async def in_daemon_thread(work: Callable[[], T]) -> T:
    """Run ``work`` in a thread of its own that does not hold up the exit.

    A keyring waiting on an unlock prompt keeps its thread busy until its ~3 s deadline;
    in asyncio's default executor, quitting at that moment would wait for it.
    """
    loop = asyncio.get_running_loop()
    future: asyncio.Future[T] = loop.create_future()

    def settle(outcome: Callable[[], None]) -> None:
        if not future.done():  # cancelled if the person quit meanwhile
            outcome()

    def run() -> None:
        try:
            result = work()
        except BaseException as error:
            if not isinstance(error, Exception):  # not for a future; say what happened
                error = RuntimeError(f"{type(error).__name__} while connecting")
            answer = partial(settle, partial(future.set_exception, error))
        else:
            answer = partial(settle, partial(future.set_result, result))
        with contextlib.suppress(RuntimeError):  # the loop is closed: nobody is waiting
            loop.call_soon_threadsafe(answer)

    threading.Thread(target=run, name="rapidly-tui-connect", daemon=True).start()
    return await future


async def prepare(
    options: ConnectionOptions,
    *,
    workspace_ref: str | None = None,
    customer_ref: str | None = None,
    today: date | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
) -> Start:
    """Resolve the connection (off the loop: the keyring may block for seconds) and
    send the first screen's requests. Never raises for a credentials problem: the app
    shows it."""
    from rapidly_tui.connection import resolve_connection
    from rapidly_tui.preload import Preloads, Start, preload_start

    start = Start(options)

    def resolve() -> tuple[Connection, RefCache | None, ssl.SSLContext | None]:
        connection = resolve_connection(options)
        if connection.demo:
            return connection, None, None  # in-process: nothing to save, nothing to write
        from rapidly_tui.api.tls import tls_context
        from rapidly_tui.refcache import RefCache

        refs = RefCache.in_cache_dir(connection.server_url)
        refs.load()  # here, off the event loop
        if transport is not None:
            return connection, refs, None  # the transport brings its own TLS
        # Loading the trusted certificates (~20 ms) releases Python's lock: here it
        # overlaps the client's import below.
        return connection, refs, tls_context(connection.server_url)

    resolving = asyncio.ensure_future(in_daemon_thread(resolve))
    await asyncio.sleep(0)  # the thread starts
    # Needed next whatever the thread finds (httpx, the client): imported meanwhile.
    importlib.import_module("rapidly_tui.api.client")
    try:
        connection, refs, tls = await resolving
    except Exception as error:  # shown by the app, with what to do
        start.error = error
        return start
    start.connection = connection
    if not connection.token:
        return start  # the app shows its login screen
    start.client = (
        connection.make_client(transport=transport)
        if transport is not None
        else connection.make_client(ssl_context=tls)
    )
    start.preloads = Preloads()
    preload_start(
        start.preloads,
        start.client,
        workspace_ref=workspace_ref,
        customer_ref=customer_ref,
        default_workspace=connection.default_workspace,
        today=today or datetime.now(timezone.utc).date(),
        refs=refs,
        token=connection.token,
    )
    if refs is not None:
        token = connection.token
        start.preloads.on_workspace_opened = lambda workspace_id: refs.remember_last_workspace(
            token, workspace_id
        )
    return start


def run_tui(args: Any) -> int:
    """Run the TUI with the parsed command-line ``args``; returns the exit code."""
    # Textual draws at most 60 frames a second, so a keypress waits up to 17 ms for the
    # next frame before anything is drawn; at 120 that wait halves. Only frames with
    # changes are drawn, so an idle screen still sends nothing. TEXTUAL_FPS overrides.
    os.environ.setdefault("TEXTUAL_FPS", "120")
    # Start-up allocates hundreds of thousands of long-lived objects (Textual, pydantic,
    # the first screen); the cyclic collector would scan them again and again for
    # nothing (~10 % of a cold start). The app turns it back on, after freezing what
    # start-up built, once the first screen is painted (RapidlyApp.startup_finished).
    gc.disable()

    from rapidly_tui.api.plugins import disable_pydantic_plugins
    from rapidly_tui.auth.errors import CredentialsError
    from rapidly_tui.logs import setup_logging

    # The explorer uses no pydantic plugins; looking for them scans every installed
    # package's metadata on the first validator (rapidly_tui/api/plugins.py).
    disable_pydantic_plugins()

    try:
        # Without --log nothing is written anywhere (and nothing reaches the terminal).
        setup_logging(getattr(args, "log", None))
    except CredentialsError as error:
        print(f"rapidly-tui: {error.message}", file=sys.stderr)
        return error.exit_code
    try:
        return asyncio.run(_run(args))
    except KeyboardInterrupt:
        return 130


def _import_app(customer: bool = False) -> Any:
    # Everything the first screen needs, so that none of it is imported on the event
    # loop while the first frame waits (the screens are imported lazily by the app).
    importlib.import_module("rapidly_tui.api.models")
    module = importlib.import_module("rapidly_tui.app")
    importlib.import_module("rapidly_tui.screens.overview")
    if customer:
        importlib.import_module("rapidly_tui.screens.detail")
    return module


#: How long start-up waits for the connection (config, keyring) before it paints
#: anyway. A keyring may take seconds to answer, or never (it times out after ~3 s);
#: the terminal must not stay blank meanwhile.
SLOW_START_SECONDS = 0.25


async def _run(args: Any) -> int:
    from rapidly_tui.connection import ConnectionOptions
    from rapidly_tui.preload import Start

    options = ConnectionOptions.from_args(args)
    preparing = asyncio.ensure_future(
        prepare(
            options,
            workspace_ref=getattr(args, "workspace", None),
            customer_ref=getattr(args, "customer", None),
        )
    )
    await asyncio.wait({preparing}, timeout=SLOW_START_SECONDS)
    # Only now, with the first requests under way: while they wait for the network the
    # GIL is free, and the models (needed first, to read the answers) then Textual
    # import at full speed instead of delaying those requests.
    module = await asyncio.get_running_loop().run_in_executor(
        None, _import_app, bool(getattr(args, "customer", None))
    )
    start = preparing.result() if preparing.done() else Start(options)
    app = module.RapidlyApp(
        start.options,
        connection=start.connection,
        client=start.client,
        preloads=start.preloads,
        startup_error=start.error,
        start_workspace=getattr(args, "workspace", None),
        start_customer=getattr(args, "customer", None),
        refresh_seconds=getattr(args, "refresh", None),
        pending_start=None if preparing.done() else preparing,
    )
    result = await app.run_async()
    if app.return_code:
        return int(app.return_code)
    return result if isinstance(result, int) else 0
