"""``workspaces list``, ``workspace get``, ``customers list``, ``customer get|members|state``
and ``members list``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rapidly_tui.commands.base import (
    CUSTOMER_SORT_KEYS,
    Registrar,
    add_customer_filter,
    customer_ref,
    find_customer_ref,
    listing,
    sort_keys,
    write_list,
    write_one,
)
from rapidly_tui.commands.common import CommandContext
from rapidly_tui.output import format_time
from rapidly_tui.present import resources

if TYPE_CHECKING:
    from rapidly_tui.api.models import Page

WORKSPACES = listing(resources.WORKSPACE)
CUSTOMERS = listing(resources.CUSTOMER)
MEMBERS = listing(resources.MEMBER)


def register(add: Registrar) -> None:
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
        type=sort_keys,
        action="extend",
        metavar="KEY",
        help=f"{', '.join(CUSTOMER_SORT_KEYS)}; -KEY for descending (default -created_at)",
    )
    get_customer = add.command(
        customers,
        "get",
        "show one customer with its members",
        _customer_get,
        is_list=False,
        markdown=True,
    )
    get_customer.add_argument("ref", metavar="REF", help="customer id, email or external id")
    for name, help_text, body, is_list in (
        ("members", "list a customer's members", _customer_members, True),
        ("state", "show a customer's state", _customer_state, False),
    ):
        parser = add.command(customers, name, help_text, body, is_list=is_list)
        parser.add_argument("ref", metavar="REF", help="customer id, email or external id")

    members = add.group("members", "member", "list members")
    members_list = add.command(
        members,
        "list",
        "list the members of the workspace's customers, or of one customer",
        _members_list,
        is_list=True,
    )
    add_customer_filter(members_list)


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

    await write_list(context, CUSTOMERS, fetch, sorting)


async def _customer_get(context: CommandContext) -> None:
    """Show one customer with its members."""
    from rapidly_tui import output

    customer = await find_customer_ref(context, context.args.ref)
    if context.args.output_format == "markdown":
        from rapidly_tui.commands.notes import write_customer_note

        await write_customer_note(context, customer)
        return
    write_one(context, customer, _customer_fields(customer))
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
    customer = await find_customer_ref(context, context.args.ref)

    async def fetch(page: int, limit: int, _sorting: tuple[str, ...]) -> Page[Any]:
        return await context.client.list_members(customer_id=customer.id, page=page, limit=limit)

    await write_list(context, MEMBERS, fetch)


async def _customer_state(context: CommandContext) -> None:
    """Show a customer's state."""
    customer = await find_customer_ref(context, context.args.ref)
    state = await context.client.get_customer_state(customer.id)
    write_one(context, state, _customer_fields(state))


# --- workspaces ---------------------------------------------------------------------


async def _workspaces_list(context: CommandContext) -> None:
    """List the workspaces the token sees."""

    async def fetch(page: int, limit: int, _sorting: tuple[str, ...]) -> Page[Any]:
        return await context.client.list_workspaces(page=page, limit=limit)

    await write_list(context, WORKSPACES, fetch)


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
    write_one(context, workspace, fields)


async def _members_list(context: CommandContext) -> None:
    """List members: a customer's, or the workspace's.

    The API has no workspace filter for members: the workspace's are those of its
    customers, read a page of customers (with their members) at a time, as the
    members browser reads them (``members_page``): customer by customer, newest
    customer first. The total the API says counts those customers, not members."""
    from rapidly_tui.api.workspace_scope import PAGE, members_page

    ref = customer_ref(context)
    if ref is not None:
        customer_id = (await find_customer_ref(context, ref)).id

        async def fetch(page: int, limit: int, _sorting: tuple[str, ...]) -> Page[Any]:
            return await context.client.list_members(
                customer_id=customer_id, page=page, limit=limit
            )

        await write_list(context, MEMBERS, fetch)
        return
    workspace_id = (await context.workspace()).id

    async def fetch_customers(page: int, _limit: int, _sorting: tuple[str, ...]) -> Page[Any]:
        # Pages of 100 customers whatever --limit says: a page's members may be fewer.
        return await members_page(context.client, workspace_id, page, PAGE)

    await write_list(context, MEMBERS, fetch_customers, pages_of="customers")
