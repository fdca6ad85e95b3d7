"""Following a list from the command line: ``events tail``, ``webhooks deliveries
--follow``, ``payments list --follow``.

What exists within ``--since`` is printed first (oldest first; by default nothing
before now), then each new item as it arrives, as table lines or ``--jsonl``. New items
are found by :class:`rapidly_tui.follow.Follower` (pages newest first until a row
already seen, bounded memory) at the intervals of :class:`rapidly_tui.follow.PollSchedule`
(3 s, backing off to 30 s while nothing happens, honouring Retry-After). A retryable
failure is said on stderr and the follow goes on; Ctrl-C ends it with exit 0.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime, timezone
from typing import Any

from rapidly_tui.commands.base import Listing, list_writer, since
from rapidly_tui.commands.common import CommandContext, CommandError, error_message
from rapidly_tui.follow import Follower, PollSchedule

#: Rows asked for per request while following.
PAGE_SIZE = 100
#: Pages read before following starts (``--since``): at most this many rows are printed
#: from before the start, the newest ones, and the command says when it left some out.
BACKLOG_PAGES = 10
#: Pages one poll reads at most; more new rows than that between two polls is a gap.
POLL_PAGES = 10

#: ``fetch(page, limit)``: one page of the list, newest first, with the filters applied.
FetchRows = Callable[[int, int], Awaitable[Sequence[Any]]]


def check_follow_format(context: CommandContext) -> None:
    """A follow never ends, so it cannot close a JSON array or be a CSV file."""
    if context.args.output_format in ("json", "csv"):
        raise CommandError(
            f"--follow prints table lines or --jsonl, not --{context.args.output_format} "
            "(a follow never ends, so the document would never be complete)."
        )


async def follow_list(
    context: CommandContext,
    listing: Listing,
    fetch: FetchRows,
    *,
    when: Callable[[Any], datetime],
    schedule: PollSchedule | None = None,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> int:
    """Print the backlog, then new rows until Ctrl-C (exit 0) or a failure that
    retrying cannot mend (raised: the runner reports it with its exit code)."""
    check_follow_format(context)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    handled = False
    try:
        # Ctrl-C ends the follow as its normal end: no traceback, no "interrupted".
        loop.add_signal_handler(signal.SIGINT, stop.set)
        handled = True
    except (NotImplementedError, RuntimeError, ValueError):  # Windows, or not the main thread
        pass
    task = asyncio.ensure_future(
        _follow(context, listing, fetch, when=when, schedule=schedule, sleep=sleep)
    )
    stopper = asyncio.ensure_future(stop.wait())
    try:
        done, _pending = await asyncio.wait({task, stopper}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        if handled:
            loop.remove_signal_handler(signal.SIGINT)
    if task in done:
        stopper.cancel()
        task.result()  # a failure: raised for the runner
        return 0
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
    return 0


async def _follow(
    context: CommandContext,
    listing: Listing,
    fetch: FetchRows,
    *,
    when: Callable[[Any], datetime],
    schedule: PollSchedule | None,
    sleep: Callable[[float], Awaitable[None]],
) -> None:
    from rapidly_tui.api import errors

    writer = list_writer(context, listing)
    cutoff = since(context) or datetime.now(timezone.utc)
    follower: Follower[Any] = Follower(
        lambda page: fetch(page, PAGE_SIZE),
        key=lambda row: row.id,
        page_size=PAGE_SIZE,
        max_pages=POLL_PAGES,
    )
    backlog = await _backlog(context, listing, fetch, when=when, cutoff=cutoff)
    follower.remember(backlog.seen)
    writer.write_page(list(reversed(backlog.shown)))
    del backlog
    schedule = schedule or PollSchedule()
    delay = schedule.start
    while True:
        await sleep(delay)
        try:
            result = await follower.poll()
        except errors.RapidlyError as exc:
            if not exc.retryable:
                raise
            delay = schedule.after_failure(getattr(exc, "retry_after", None))
            context.note(f"{error_message(exc)}; still following, next try in {delay:.0f} s")
            continue
        if result.gap:
            context.note(
                f"more than {POLL_PAGES * PAGE_SIZE:,} new {listing.plural} since the last "
                "look: the older of them were not shown"
            )
        if result.new:
            writer.write_page(list(reversed(result.new)))
            delay = schedule.after_new_rows()
        else:
            delay = schedule.after_nothing()


class _Backlog:
    def __init__(self) -> None:
        #: Rows within the window, newest first (printed reversed).
        self.shown: list[Any] = []
        #: Every row read, newest first: none of them may come back as new.
        self.seen: list[Any] = []


async def _backlog(
    context: CommandContext,
    listing: Listing,
    fetch: FetchRows,
    *,
    when: Callable[[Any], datetime],
    cutoff: datetime,
) -> _Backlog:
    """The rows since ``cutoff``, newest first, at most ``BACKLOG_PAGES`` pages of them."""
    found = _Backlog()
    for page in range(1, BACKLOG_PAGES + 1):
        rows = await fetch(page, PAGE_SIZE)
        found.seen.extend(rows)
        inside = [row for row in rows if when(row) >= cutoff]
        found.shown.extend(inside)
        if len(rows) < PAGE_SIZE or len(inside) < len(rows):
            return found
    context.note(
        f"showing the latest {len(found.shown):,} {listing.plural} of the --since window, "
        "then following"
    )
    return found
