"""``payments list [--status S] [--method M] [--customer REF] [--since DURATION] [--follow]``
and ``payment get ID``.

The API has no time filter on payments: ``--since`` reads the list newest first and
stops at the first payment older than the window (client-side on ``created_at``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rapidly_tui.commands.base import (
    Registrar,
    add_customer_filter,
    add_filter,
    add_since,
    customer_ref,
    find_customer_ref,
    listing,
    older_than,
    since,
    spec_record,
    write_list,
    write_one,
)
from rapidly_tui.commands.common import CommandContext
from rapidly_tui.present import resources

if TYPE_CHECKING:
    from rapidly_tui.api.models import Page

PAYMENTS = listing(resources.PAYMENT)


def register(add: Registrar) -> None:
    payments = add.group("payments", "payment", "list and show payments")
    payments_list = add.command(
        payments, "list", "list a workspace's payments, newest first", _payments_list, is_list=True
    )
    add_customer_filter(payments_list)
    add_filter(payments_list, resources.PAYMENT, "status", "only this status")
    add_filter(
        payments_list,
        resources.PAYMENT,
        "method",
        "only this payment method",
        metavar="M",
        strict=False,
    )
    add_since(payments_list, follow=True)
    payments_list.add_argument(
        "--follow",
        action="store_true",
        help="then print each new payment as it arrives, until Ctrl-C",
    )
    get = add.command(
        payments, "get", "show one payment", _payment_get, is_list=False, markdown=True
    )
    get.add_argument("id", metavar="ID", help="payment id")


async def _payments_list(context: CommandContext) -> int | None:
    """List payments, of one customer or of the workspace."""
    args = context.args
    ref = customer_ref(context)
    customer_email: str | None = None
    if ref is not None:
        customer = await find_customer_ref(context, ref)
        workspace_id, customer_email = customer.workspace_id, customer.email
    else:
        workspace_id = (await context.workspace()).id

    async def fetch(page: int, limit: int, _sorting: tuple[str, ...]) -> Page[Any]:
        return await context.client.list_payments(
            workspace_id=workspace_id,
            customer_email=customer_email,
            status=args.status,
            method=args.method,
            sorting=("-created_at",),
            page=page,
            limit=limit,
        )

    async def fetch_rows(page: int, limit: int) -> Sequence[Any]:
        return (await fetch(page, limit, ())).data

    if args.follow:
        from rapidly_tui.commands.tail import follow_list

        return await follow_list(context, PAYMENTS, fetch_rows, when=lambda p: p.created_at)

    await write_list(
        context,
        PAYMENTS,
        fetch,
        ("-created_at",),
        older=older_than(since(context), lambda p: p.created_at),
    )
    return None


async def _payment_get(context: CommandContext) -> None:
    """Show one payment (the API does not say whose it is)."""
    payment = await context.client.get_payment(context.args.id.strip())
    if context.args.output_format == "markdown":
        from rapidly_tui.commands.notes import write_payment_note

        await write_payment_note(context, payment)
        return
    record = spec_record(resources.PAYMENT, payment)
    record.append(("Customer", "not given by the API (a payment names no customer)"))
    write_one(context, payment, record)
