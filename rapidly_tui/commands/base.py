"""What every data command shares: argument types, the registrar (formats, ``--limit``,
``--all``, ``--workspace``), the list and record writers, and customer references.

The command modules (:mod:`.workspaces`, :mod:`.payments`, :mod:`.webhooks`,
:mod:`.events`, :mod:`.shares`) only wire their arguments and bodies onto these. Only
argparse wiring runs at import: the client, httpx and pydantic are imported inside the
bodies, so ``rapidly-tui --help`` never loads them.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any, NamedTuple

from rapidly_tui import exitcodes
from rapidly_tui.commands.common import CommandBody, CommandContext, run_command
from rapidly_tui.output import Column
from rapidly_tui.present import resources, values
from rapidly_tui.present.resources import csv_fields
from rapidly_tui.present.spec import IDENTIFYING_KINDS, ResourceSpec
from rapidly_tui.present.spec import Column as SpecColumn
from rapidly_tui.text import neutralize

if TYPE_CHECKING:
    from rapidly_tui.api.models import Customer
    from rapidly_tui.output import ListWriter

#: Rows a list shows without ``--limit``/``--all``: one screenful.
DEFAULT_LIMIT = 20
CUSTOMER_SORT_KEYS = tuple(
    dict.fromkeys(sort.sorting.lstrip("-") for sort in resources.CUSTOMER.sorts)
)

FORMATS_EPILOG = """output:
  A table by default (on a terminal and in a pipe). --json writes one document (an
  array), --jsonl one object per line; both carry the API's exact values (webhook
  secrets masked). --csv writes a header and one row per item with exact values, except
  that text starting with =, +, -, @, a tab or a CR gets a leading ' (a spreadsheet
  would run it as a formula) and, on a terminal, control characters show as in the
  table. Data goes to stdout, messages to stderr."""
#: A single item's: it has no --jsonl or --csv.
RECORD_EPILOG = """output:
  One "Label  value" line per field by default (a customer's members as a table).
  --json writes one document with the API's exact values (webhook secrets masked).
  Data goes to stdout, messages to stderr."""

# --- arguments ----------------------------------------------------------------------

_DURATION = re.compile(r"(\d+)([smhdw])")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


def parse_duration(value: str) -> timedelta:
    """``30m``, ``24h``, ``7d``, ``1h30m`` -> a timedelta (argparse type)."""
    text = value.strip().lower()
    parts = _DURATION.findall(text)
    if not parts or "".join(number + unit for number, unit in parts) != text:
        raise argparse.ArgumentTypeError(
            f"not a duration: {value!r} (use e.g. 30m, 24h, 7d or 1h30m)"
        )
    seconds = sum(int(number) * _UNIT_SECONDS[unit] for number, unit in parts)
    if seconds <= 0:
        raise argparse.ArgumentTypeError("the duration must be longer than zero")
    if seconds > 3650 * 86400:
        raise argparse.ArgumentTypeError("the duration must be at most ten years")
    return timedelta(seconds=seconds)


def _positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


def sort_keys(value: str) -> list[str]:
    """``-created_at,email`` -> ``["-created_at", "email"]`` (the API wants the key
    repeated, not comma-separated)."""
    keys = [key.strip() for key in value.split(",") if key.strip()]
    for key in keys:
        if key.lstrip("-") not in CUSTOMER_SORT_KEYS:
            raise argparse.ArgumentTypeError(
                f"unknown sort key {key!r} (one of {', '.join(CUSTOMER_SORT_KEYS)}, "
                "with - for descending)"
            )
    if not keys:
        raise argparse.ArgumentTypeError("empty sort key")
    return keys


# --- registration -------------------------------------------------------------------


def _runner(
    body: CommandBody, parser: argparse.ArgumentParser
) -> Callable[[argparse.Namespace], int]:
    def handler(args: argparse.Namespace) -> int:
        # A usage error the command finds itself is followed by this command's usage,
        # as argparse does for its own (a value the server refused is not).
        args.command_usage = parser.format_usage()
        return run_command(args, body)

    handler.__doc__ = body.__doc__
    return handler


class Registrar:
    """Adds command groups and commands with the options every data command shares."""

    def __init__(self, subparsers: Any, common: argparse.ArgumentParser) -> None:
        self._subparsers = subparsers
        self._common = common
        self._groups: dict[str, Any] = {}

    def group(self, name: str, alias: str, help_text: str) -> Any:
        """The group ``name`` (``payments``), answering to ``alias`` (``payment``) too;
        asked twice, the same group."""
        if name in self._groups:
            return self._groups[name]
        parser = self._subparsers.add_parser(
            name,
            aliases=[alias],
            help=help_text,
            description=help_text,
            parents=[self._common],
            epilog=exitcodes.EPILOG,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        # Required: `rapidly-tui customers` alone is a usage error (exit 2) that lists
        # the actions.
        group = parser.add_subparsers(dest=f"{name}_action", metavar="ACTION", required=True)
        self._groups[name] = group
        return group

    def command(
        self,
        group: Any,
        name: str,
        help_text: str,
        body: CommandBody,
        *,
        is_list: bool,
        workspace: bool = True,
        markdown: bool = False,
    ) -> argparse.ArgumentParser:
        """A command with its output formats: a list takes ``--json/--jsonl/--csv``,
        ``--limit``/``--all``; one item ``--json`` (and ``--format markdown`` when it
        has an incident note). ``--format F`` names any of them."""
        parser: argparse.ArgumentParser = group.add_parser(
            name,
            help=help_text,
            description=help_text,
            parents=[self._common],
            epilog=f"{FORMATS_EPILOG if is_list else RECORD_EPILOG}\n\n{exitcodes.EPILOG}",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        parser.set_defaults(handler=_runner(body, parser))
        formats = parser.add_argument_group("output").add_mutually_exclusive_group()
        choices = ["table", "json"]
        formats.add_argument(
            "--json",
            dest="output_format",
            action="store_const",
            const="json",
            help="one JSON document" + (" (an array)" if is_list else ""),
        )
        if is_list:
            choices += ["jsonl", "csv"]
            formats.add_argument(
                "--jsonl",
                dest="output_format",
                action="store_const",
                const="jsonl",
                help="one JSON object per line, streamed page by page",
            )
            formats.add_argument(
                "--csv",
                dest="output_format",
                action="store_const",
                const="csv",
                help="CSV with a header row (formula-like text gets a leading ')",
            )
            count = parser.add_mutually_exclusive_group()
            count.add_argument(
                "--limit",
                type=_positive_int,
                default=DEFAULT_LIMIT,
                metavar="N",
                help=f"show at most N items (default {DEFAULT_LIMIT})",
            )
            count.add_argument(
                "--all", action="store_true", help="every item, fetched page by page"
            )
        if markdown:
            choices.append("markdown")
        formats.add_argument(
            "--format",
            dest="output_format",
            choices=choices,
            help="the output format by name"
            + (" (markdown: an incident note to paste)" if markdown else ""),
        )
        parser.set_defaults(output_format="table")
        if workspace:
            parser.add_argument(
                "--workspace",
                metavar="REF",
                # SUPPRESS keeps a --workspace given before the command.
                default=argparse.SUPPRESS,
                help="workspace id or slug (default: the profile's, or the only one)",
            )
        return parser


def add_customer_filter(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--customer",
        metavar="REF",
        default=argparse.SUPPRESS,
        help="only this customer (id, email or external id)",
    )


def add_since(parser: argparse.ArgumentParser, *, follow: bool = False) -> None:
    parser.add_argument(
        "--since",
        type=parse_duration,
        metavar="DURATION",
        help="only the last DURATION (30m, 24h, 7d)"
        + ("; with --follow, what to print before following (default: nothing)" if follow else ""),
    )


# --- what a list looks like ---------------------------------------------------------


class Listing(NamedTuple):
    """How one kind of resource is shown as a list."""

    plural: str
    columns: Sequence[Column]
    #: Dotted paths into the item's JSON data, for ``--csv``.
    csv_fields: Sequence[str]


def _column(spec: ResourceSpec, column: SpecColumn) -> Column:
    """A table column over a spec's column: the cell reads as the TUI's, to the second."""
    spec_field = spec.field(column.field)

    def cell(item: Any) -> str:
        return values.of_field(spec_field, item, seconds=True)

    return Column(
        column.header,
        cell,
        max_width=column.preferred_width,
        min_width=column.min_width,
        align_right=column.align_right,
        identifying=spec_field.kind in IDENTIFYING_KINDS,
        # Priority 1 is always shown; a higher priority is left out first.
        drop_order=column.priority - 1,
    )


def listing(spec: ResourceSpec) -> Listing:
    """A list's table columns and CSV fields, read from the resource's spec."""
    return Listing(
        spec.plural, [_column(spec, column) for column in spec.columns], csv_fields(spec)
    )


# --- writing ------------------------------------------------------------------------


def to_json(item: Any) -> Any:
    return item.to_json_dict()


def list_writer(context: CommandContext, listing: Listing) -> ListWriter:
    from rapidly_tui import output

    fmt = context.args.output_format
    out = context.stdout
    if fmt == "json":
        return output.JsonArrayWriter(out, to_json)
    if fmt == "jsonl":
        return output.JsonLinesWriter(out, to_json)
    if fmt == "csv":
        return output.CsvWriter(out, listing.csv_fields, to_json)
    return output.TableWriter(
        listing.columns, out, width=output.output_width(out), notices=context.stderr
    )


class _Progress:
    """``fetched 300 of 1,214 customers`` on stderr, redrawn in place; only when
    stderr is a terminal (a log file should not fill with progress)."""

    def __init__(self, context: CommandContext, plural: str, *, enabled: bool) -> None:
        self._stderr = context.stderr
        self._plural = plural
        self._shown = False
        try:
            self._enabled = enabled and self._stderr.isatty()
        except (AttributeError, ValueError):
            self._enabled = False

    def update(self, done: int, total: int | None) -> None:
        if not self._enabled:
            return
        of_total = f" of {total:,}" if total else ""
        self._stderr.write(f"\rfetched {done:,}{of_total} {self._plural}\x1b[K")
        self._stderr.flush()
        self._shown = True

    def clear(self) -> None:
        if self._shown:
            self._stderr.write("\r\x1b[K")
            self._stderr.flush()
            self._shown = False


#: ``fetch(page, limit, sorting)``, as :class:`rapidly_tui.present.paging.PagedList` asks.
FetchPage = Callable[[int, int, tuple[str, ...]], "Any"]


async def write_list(
    context: CommandContext,
    listing: Listing,
    fetch: FetchPage,
    sorting: Sequence[str] = (),
    *,
    older: Callable[[Any], bool] | None = None,
    pages_of: str | None = None,
) -> None:
    """Stream ``fetch``'s pages to stdout in the chosen format, page by page, keeping
    no rows: ``--all`` over any number of items uses constant memory.

    ``older``: for a time window the API cannot apply (payments' ``--since``), the list
    is read newest first and ends at the first item ``older`` says is outside it.
    ``pages_of``: the pages are pages of those (a workspace's members come a page of
    its customers at a time), whose number the API's total is, of 100 each."""
    from rapidly_tui.present.paging import PagedList

    wanted: int | None = None if context.args.all else context.args.limit
    writer = list_writer(context, listing)
    progress = _Progress(context, listing.plural, enabled=wanted is None)
    written = 0
    pages: PagedList[Any] = PagedList(
        fetch,
        sorting=sorting,
        page_size=100 if wanted is None else min(wanted, 100),
        keep=False,
        empty_pages=pages_of is not None,
    )
    window_ended = cut_short = False
    try:
        while not window_ended and not pages.exhausted and (wanted is None or written < wanted):
            loaded = await pages.load_next()
            if loaded is None:
                break
            items = loaded.items
            if older is not None:
                inside = [item for item in items if not older(item)]
                window_ended = len(inside) < len(items)
                items = inside
            shown = items if wanted is None else items[: wanted - written]
            cut_short = len(shown) < len(items)
            writer.write_page(shown)
            written += len(shown)
            progress.update(written, None if older or pages_of else pages.total)
    finally:
        progress.clear()
    writer.finish()
    # The paged list keeps the first page's total when a page beyond the last says 0.
    total = pages.total
    if written == 0:
        if context.args.output_format == "table":  # the machine formats say it themselves
            context.note(f"no {listing.plural}")
    elif older is not None:
        if cut_short or (
            wanted is not None and written >= wanted and not window_ended and not pages.exhausted
        ):
            context.note(
                f"showing the latest {written:,} {listing.plural} of the window; "
                "use --limit N or --all for more"
            )
    elif pages_of is not None:
        if total and (cut_short or not pages.exhausted):
            read = min(pages.pages_read * 100, total)
            context.note(
                f"showing {written:,} {listing.plural}, read from {pages_of} "
                f"1–{read:,} of {total:,}; use --limit N or --all for more"
            )
    elif wanted is not None and total is not None and total > written:
        # For every format: a script that forgot --all should hear it on stderr.
        context.note(
            f"showing {written:,} of {total:,} {listing.plural}; use --limit N or --all for more"
        )


def write_one(context: CommandContext, item: Any, fields: list[tuple[str, object]]) -> None:
    from rapidly_tui import output

    if context.args.output_format == "json":
        output.write_json(context.stdout, item.to_json_dict())
    else:
        output.write_record(context.stdout, fields, width=output.output_width(context.stdout))


async def find_customer_ref(context: CommandContext, ref: str) -> Customer:
    """Resolve a customer REF. An email or external id is looked up in the chosen
    workspace (``--workspace`` or the profile's default), since emails repeat across
    workspaces; an id is unique and is only checked against an explicit
    ``--workspace``."""
    from rapidly_tui.api.lookup import customer_ref_kind, lookup_customer

    scoped = context.explicit_workspace is not None or (
        customer_ref_kind(ref) != "id" and context.connection.default_workspace is not None
    )
    workspace_id = (await context.workspace()).id if scoped else None
    match = await lookup_customer(context.client, ref, workspace_id=workspace_id)
    if match.note is not None:
        # Not the reading its shape suggests: say so (stderr: stdout stays data).
        context.note(neutralize(match.note, max_chars=300))
    return match.customer


def since(context: CommandContext) -> datetime | None:
    duration: timedelta | None = context.args.since
    return None if duration is None else datetime.now(timezone.utc) - duration


def customer_ref(context: CommandContext) -> str | None:
    ref = getattr(context.args, "customer", None)
    return ref if isinstance(ref, str) and ref.strip() else None


def add_filter(
    parser: argparse.ArgumentParser,
    spec: ResourceSpec,
    key: str,
    help_text: str,
    *,
    metavar: str | None = None,
    strict: bool = True,
) -> None:
    """The flag of the spec's filter ``key``. ``strict``: only the choices the spec
    knows (an open list, such as payment methods, is offered in the help instead)."""
    found = next(f for f in spec.filters if f.key == key)
    choices = list(found.choices) if strict else []
    if found.choices and not strict:
        help_text += f" (e.g. {', '.join(found.choices)})"
    parser.add_argument(
        found.flag,
        dest=key,
        choices=choices or None,
        metavar=None if choices else metavar or key.upper(),
        help=help_text,
    )


def spec_record(spec: ResourceSpec, item: Any) -> list[tuple[str, object]]:
    """``Label  value`` lines of ``item``, section by section as the spec declares them,
    each value as the TUI shows it (a secret masked, a time in UTC to the second)."""
    record: list[tuple[str, object]] = []
    for section in spec.sections:
        for key in section.fields:
            spec_field = spec.field(key)
            record.append((spec_field.label, values.of_field(spec_field, item, seconds=True)))
    return record


def older_than(
    cutoff: datetime | None, when: Callable[[Any], datetime]
) -> Callable[[Any], bool] | None:
    """For :func:`write_list`'s ``older``: outside a ``--since`` window."""
    if cutoff is None:
        return None
    limit = cutoff
    return lambda item: when(item) < limit
