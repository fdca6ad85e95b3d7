"""Read-only data commands for scripts, pipes and incident notes.

``workspaces list``, ``workspace get``, ``customers list``, ``customer get|members|state``,
``payments list``, ``webhooks deliveries`` and ``events list``. Each group also answers
to its singular or plural name (``customer list`` works too).

Only argparse wiring lives at module level: the client, httpx and pydantic are imported
inside the command bodies, so ``rapidly-tui --help`` never loads them.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any, NamedTuple

from rapidly_tui import exitcodes
from rapidly_tui.commands.common import CommandBody, CommandContext, run_command
from rapidly_tui.output import Column, format_time
from rapidly_tui.present import resources, values
from rapidly_tui.present.resources import csv_fields
from rapidly_tui.present.spec import IDENTIFYING_KINDS, ResourceSpec
from rapidly_tui.present.spec import Column as SpecColumn
from rapidly_tui.text import neutralize

if TYPE_CHECKING:
    from rapidly_tui.api.models import Customer, Page
    from rapidly_tui.output import ListWriter

#: Rows a list shows without ``--limit``/``--all``: one screenful.
DEFAULT_LIMIT = 20
CUSTOMER_SORT_KEYS = tuple(
    dict.fromkeys(sort.sorting.lstrip("-") for sort in resources.CUSTOMER.sorts)
)
PAYMENT_STATUSES = resources.PAYMENT_STATUSES

FORMATS_EPILOG = """output:
  A table by default (on a terminal and in a pipe). --json writes one document (a list
  is an array), --jsonl one object per line, --csv a header and one row per item; these
  carry the API's exact values. Data goes to stdout, messages to stderr."""

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


def _sort_keys(value: str) -> list[str]:
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


def _runner(body: CommandBody) -> Callable[[argparse.Namespace], int]:
    def handler(args: argparse.Namespace) -> int:
        return run_command(args, body)

    handler.__doc__ = body.__doc__
    return handler


class _Registrar:
    def __init__(self, subparsers: Any, common: argparse.ArgumentParser) -> None:
        self._subparsers = subparsers
        self._common = common

    def group(self, name: str, alias: str, help_text: str) -> Any:
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
        return parser.add_subparsers(dest=f"{name}_action", metavar="ACTION", required=True)

    def command(
        self,
        group: Any,
        name: str,
        help_text: str,
        body: CommandBody,
        *,
        is_list: bool,
        workspace: bool = True,
    ) -> argparse.ArgumentParser:
        parser: argparse.ArgumentParser = group.add_parser(
            name,
            help=help_text,
            description=help_text,
            parents=[self._common],
            epilog=f"{FORMATS_EPILOG}\n\n{exitcodes.EPILOG}",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        parser.set_defaults(handler=_runner(body))
        formats = parser.add_argument_group("output").add_mutually_exclusive_group()
        formats.add_argument(
            "--json",
            dest="output_format",
            action="store_const",
            const="json",
            help="one JSON document" + (" (an array)" if is_list else ""),
        )
        if is_list:
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


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    add = _Registrar(subparsers, common)

    workspaces = add.group("workspaces", "workspace", "list and show workspaces")
    add.command(
        workspaces,
        "list",
        "list the workspaces the token sees",
        _workspaces_list,
        is_list=True,
        workspace=False,
    )
    get = add.command(
        workspaces,
        "get",
        "show one workspace (default: the profile's, or the only one)",
        _workspace_get,
        is_list=False,
        workspace=False,
    )
    get.add_argument("ref", nargs="?", metavar="REF", help="workspace id or slug")

    customers = add.group("customers", "customer", "list and show customers")
    customers_list = add.command(
        customers, "list", "list a workspace's customers", _customers_list, is_list=True
    )
    customers_list.add_argument("--query", metavar="Q", help="match name, email or external id")
    customers_list.add_argument("--email", metavar="E", help="exact email (any case)")
    customers_list.add_argument(
        "--sort",
        type=_sort_keys,
        action="extend",
        metavar="KEY",
        help="created_at, email or name; -KEY for descending (default -created_at)",
    )
    for name, help_text, body, is_list in (
        ("get", "show one customer with its members", _customer_get, False),
        ("members", "list a customer's members", _customer_members, True),
        ("state", "show a customer's state", _customer_state, False),
    ):
        parser = add.command(customers, name, help_text, body, is_list=is_list)
        parser.add_argument("ref", metavar="REF", help="customer id, email or external id")

    payments = add.group("payments", "payment", "list payments")
    payments_list = add.command(
        payments, "list", "list a workspace's payments", _payments_list, is_list=True
    )
    _add_customer_filter(payments_list)
    payments_list.add_argument("--status", choices=PAYMENT_STATUSES, help="only this status")

    webhooks = add.group("webhooks", "webhook", "webhook deliveries")
    deliveries = add.command(
        webhooks,
        "deliveries",
        "list webhook deliveries, newest first",
        _webhook_deliveries,
        is_list=True,
        workspace=False,
    )
    deliveries.add_argument("--failed", action="store_true", help="only failed deliveries")
    _add_since(deliveries)

    events = add.group("events", "event", "list events")
    events_list = add.command(
        events, "list", "list a workspace's events, newest first", _events_list, is_list=True
    )
    _add_customer_filter(events_list)
    _add_since(events_list)


def _add_customer_filter(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--customer",
        metavar="REF",
        default=argparse.SUPPRESS,
        help="only this customer (id, email or external id)",
    )


def _add_since(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--since",
        type=parse_duration,
        metavar="DURATION",
        help="only the last DURATION (30m, 24h, 7d)",
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


WORKSPACES = listing(resources.WORKSPACE)
CUSTOMERS = listing(resources.CUSTOMER)
MEMBERS = listing(resources.MEMBER)
PAYMENTS = listing(resources.PAYMENT)
DELIVERIES = listing(resources.WEBHOOK_DELIVERY)
EVENTS = listing(resources.EVENT)


# --- writing ------------------------------------------------------------------------


def _to_json(item: Any) -> Any:
    return item.to_json_dict()


def _list_writer(context: CommandContext, listing: Listing) -> ListWriter:
    from rapidly_tui import output

    fmt = context.args.output_format
    out = context.stdout
    if fmt == "json":
        return output.JsonArrayWriter(out, _to_json)
    if fmt == "jsonl":
        return output.JsonLinesWriter(out, _to_json)
    if fmt == "csv":
        return output.CsvWriter(out, listing.csv_fields, _to_json)
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


async def _write_list(
    context: CommandContext, listing: Listing, fetch: FetchPage, sorting: Sequence[str] = ()
) -> None:
    """Stream ``fetch``'s pages to stdout in the chosen format, page by page, keeping
    no rows: ``--all`` over any number of items uses constant memory."""
    from rapidly_tui.present.paging import PagedList

    wanted: int | None = None if context.args.all else context.args.limit
    writer = _list_writer(context, listing)
    progress = _Progress(context, listing.plural, enabled=wanted is None)
    written = 0
    pages: PagedList[Any] = PagedList(
        fetch, sorting=sorting, page_size=100 if wanted is None else min(wanted, 100), keep=False
    )
    try:
        while not pages.exhausted and (wanted is None or written < wanted):
            loaded = await pages.load_next()
            if loaded is None:
                break
            shown = loaded.items if wanted is None else loaded.items[: wanted - written]
            writer.write_page(shown)
            written += len(shown)
            progress.update(written, pages.total)
    finally:
        progress.clear()
    writer.finish()
    # The paged list keeps the first page's total when a page beyond the last says 0.
    total = pages.total
    if written == 0:
        if context.args.output_format == "table":  # the machine formats say it themselves
            context.note(f"no {listing.plural}")
    elif wanted is not None and total is not None and total > written:
        # For every format: a script that forgot --all should hear it on stderr.
        context.note(
            f"showing {written:,} of {total:,} {listing.plural}; use --limit N or --all for more"
        )


def _write_one(context: CommandContext, item: Any, fields: list[tuple[str, object]]) -> None:
    from rapidly_tui import output

    if context.args.output_format == "json":
        output.write_json(context.stdout, item.to_json_dict())
    else:
        output.write_record(context.stdout, fields, width=output.output_width(context.stdout))


# --- customers ----------------------------------------------------------------------


async def _find_customer(context: CommandContext, ref: str) -> Customer:
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


def _customer_fields(customer: Any) -> list[tuple[str, object]]:
    verified = " (verified)" if customer.email_verified else " (not verified)"
    fields: list[tuple[str, object]] = [
        ("ID", customer.id),
        ("Email", f"{customer.email}{verified}"),
        ("Name", customer.name),
        ("External ID", customer.external_id),
        ("Type", customer.effective_type),
        ("Workspace", customer.workspace_id),
        ("Created", format_time(customer.created_at)),
        ("Modified", format_time(customer.modified_at)),
    ]
    if customer.deleted_at is not None:
        fields.append(("Deleted", format_time(customer.deleted_at)))
    address = customer.billing_address
    if address is None:
        fields.append(("Billing address", None))
    else:
        parts = [
            address.line1,
            address.line2,
            " ".join(p for p in (address.postal_code, address.city) if p),
            address.state,
            address.country,
        ]
        fields.append(("Billing address", ", ".join(p for p in parts if p)))
    if not customer.metadata:
        fields.append(("Metadata", None))
    for index, (key, value) in enumerate(customer.metadata.items()):
        fields.append(("Metadata" if index == 0 else "", f"{key} = {value}"))
    return fields


async def _customers_list(context: CommandContext) -> None:
    """List a workspace's customers."""
    args = context.args
    workspace = await context.workspace()
    sorting = tuple(args.sort) if args.sort else ("-created_at",)

    async def fetch(page: int, limit: int, sorting: tuple[str, ...]) -> Page[Any]:
        return await context.client.list_customers(
            workspace_id=workspace.id,
            query_text=args.query,
            email=args.email,
            sorting=sorting,
            page=page,
            limit=limit,
        )

    await _write_list(context, CUSTOMERS, fetch, sorting)


async def _customer_get(context: CommandContext) -> None:
    """Show one customer with its members."""
    from rapidly_tui import output

    customer = await _find_customer(context, context.args.ref)
    _write_one(context, customer, _customer_fields(customer))
    if context.args.output_format != "table":
        return
    out = context.stdout
    out.write(f"\nMembers ({len(customer.members)})\n")
    if customer.members:
        table = output.TableWriter(
            MEMBERS.columns, out, width=output.output_width(out), notices=context.stderr
        )
        table.write_page(customer.members)
        table.finish()
    out.flush()


async def _customer_members(context: CommandContext) -> None:
    """List a customer's members."""
    customer = await _find_customer(context, context.args.ref)

    async def fetch(page: int, limit: int, _sorting: tuple[str, ...]) -> Page[Any]:
        return await context.client.list_members(customer_id=customer.id, page=page, limit=limit)

    await _write_list(context, MEMBERS, fetch)


async def _customer_state(context: CommandContext) -> None:
    """Show a customer's state."""
    customer = await _find_customer(context, context.args.ref)
    state = await context.client.get_customer_state(customer.id)
    _write_one(context, state, _customer_fields(state))


# --- workspaces ---------------------------------------------------------------------


async def _workspaces_list(context: CommandContext) -> None:
    """List the workspaces the token sees."""

    async def fetch(page: int, limit: int, _sorting: tuple[str, ...]) -> Page[Any]:
        return await context.client.list_workspaces(page=page, limit=limit)

    await _write_list(context, WORKSPACES, fetch)


async def _workspace_get(context: CommandContext) -> None:
    """Show one workspace."""
    from rapidly_tui.api.lookup import find_workspace

    ref = context.args.ref
    if ref and ref.strip():
        workspace = await find_workspace(context.client, ref)
    else:
        workspace = await context.workspace()
    fields: list[tuple[str, object]] = [
        ("ID", workspace.id),
        ("Slug", workspace.slug),
        ("Name", workspace.name),
        ("Status", workspace.status),
        ("Currency", str(workspace.default_presentment_currency).upper()),
        ("Email", workspace.email),
        ("Website", workspace.website),
        ("Created", format_time(workspace.created_at)),
        ("Modified", format_time(workspace.modified_at)),
        ("Details submitted", format_time(workspace.details_submitted_at)),
    ]
    _write_one(context, workspace, fields)


# --- payments, deliveries, events ---------------------------------------------------


def _since(context: CommandContext) -> datetime | None:
    duration: timedelta | None = context.args.since
    return None if duration is None else datetime.now(timezone.utc) - duration


def _customer_ref(context: CommandContext) -> str | None:
    ref = getattr(context.args, "customer", None)
    return ref if isinstance(ref, str) and ref.strip() else None


async def _payments_list(context: CommandContext) -> None:
    """List payments, of one customer or of the workspace."""
    ref = _customer_ref(context)
    customer_email: str | None = None
    if ref is not None:
        customer = await _find_customer(context, ref)
        workspace_id, customer_email = customer.workspace_id, customer.email
    else:
        workspace_id = (await context.workspace()).id
    status = context.args.status

    async def fetch(page: int, limit: int, sorting: tuple[str, ...]) -> Page[Any]:
        return await context.client.list_payments(
            workspace_id=workspace_id,
            customer_email=customer_email,
            status=status,
            sorting=sorting,
            page=page,
            limit=limit,
        )

    await _write_list(context, PAYMENTS, fetch, ("-created_at",))


async def _webhook_deliveries(context: CommandContext) -> None:
    """List webhook deliveries."""
    succeeded = False if context.args.failed else None
    start = _since(context)

    async def fetch(page: int, limit: int, _sorting: tuple[str, ...]) -> Page[Any]:
        return await context.client.list_webhook_deliveries(
            succeeded=succeeded, start_timestamp=start, page=page, limit=limit
        )

    await _write_list(context, DELIVERIES, fetch)


async def _events_list(context: CommandContext) -> None:
    """List events, of one customer or of the workspace."""
    ref = _customer_ref(context)
    customer_id: str | None = None
    if ref is not None:
        customer = await _find_customer(context, ref)
        workspace_id, customer_id = customer.workspace_id, customer.id
    else:
        workspace_id = (await context.workspace()).id
    start = _since(context)

    async def fetch(page: int, limit: int, sorting: tuple[str, ...]) -> Page[Any]:
        return await context.client.list_events(
            workspace_id=workspace_id,
            customer_id=customer_id,
            start_timestamp=start,
            sorting=sorting,
            page=page,
            limit=limit,
        )

    await _write_list(context, EVENTS, fetch, ("-timestamp",))
