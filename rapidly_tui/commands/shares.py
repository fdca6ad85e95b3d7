"""``shares list`` and ``share get ID``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rapidly_tui.commands.base import Registrar, listing, spec_record, write_list, write_one
from rapidly_tui.commands.common import CommandContext
from rapidly_tui.present import resources

if TYPE_CHECKING:
    from rapidly_tui.api.models import Page

SHARES = listing(resources.SHARE)


def register(add: Registrar) -> None:
    shares = add.group("shares", "share", "list and show shares")
    add.command(shares, "list", "list a workspace's shares", _shares_list, is_list=True)
    get = add.command(shares, "get", "show one share", _share_get, is_list=False)
    get.add_argument("id", metavar="ID", help="share id")


async def _shares_list(context: CommandContext) -> None:
    """List the workspace's shares."""
    workspace_id = (await context.workspace()).id

    async def fetch(page: int, limit: int, _sorting: tuple[str, ...]) -> Page[Any]:
        return await context.client.list_shares(workspace_id=workspace_id, page=page, limit=limit)

    await write_list(context, SHARES, fetch)


async def _share_get(context: CommandContext) -> None:
    """Show one share."""
    share = await context.client.get_share(context.args.id.strip())
    write_one(context, share, spec_record(resources.SHARE, share))
