"""Resolving what a person types (an id, a slug, an email, an external id).

Shared by the TUI's ``--customer``/``:`` lookup and the command-line commands, so both
resolve a reference the same way, in order of evidence: a UUID is an id, a value with
``@`` is an email, anything else is an external id.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from rapidly_tui.api import errors

if TYPE_CHECKING:
    from rapidly_tui.api.client import RapidlyClient
    from rapidly_tui.api.models import Customer, Workspace


class AmbiguousReference(errors.RapidlyError):
    title = "Ambiguous reference"


def is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value.strip())
    except ValueError:
        return False
    return True


def customer_ref_kind(ref: str) -> str:
    """``"id"``, ``"email"`` or ``"external_id"``: how a customer reference is read."""
    ref = ref.strip()
    if is_uuid(ref):
        return "id"
    if "@" in ref:
        return "email"
    return "external_id"


async def find_customer(
    client: RapidlyClient, ref: str, *, workspace_id: str | None = None
) -> Customer:
    """The one customer ``ref`` names, with members, or :class:`errors.NotFound`."""
    ref = ref.strip()
    if not ref:
        raise errors.NotFound("An empty customer reference names nobody.")
    kind = customer_ref_kind(ref)
    if kind == "id":
        customer = await client.get_customer(ref)
    elif kind == "email":
        page = await client.list_customers(
            workspace_id=workspace_id, email=ref, include_members=True, limit=2
        )
        if not page.data:
            raise errors.NotFound(f"No customer has the email {ref}.")
        if len(page.data) > 1:
            raise AmbiguousReference(
                f"{len(page.data)} customers have the email {ref}; pass a workspace or an id."
            )
        customer = page.data[0]
    else:
        try:
            customer = await client.get_customer_by_external_id(ref)
        except errors.NotFound:
            raise errors.NotFound(f"No customer has the external id {ref}.") from None
    if workspace_id is not None and customer.workspace_id != workspace_id:
        raise errors.NotFound(f"Customer {ref} is not in this workspace.")
    return customer


async def find_workspace(client: RapidlyClient, ref: str) -> Workspace:
    """The workspace with id or slug ``ref``."""
    ref = ref.strip()
    if is_uuid(ref):
        return await client.get_workspace(ref)
    page = await client.list_workspaces(slug=ref, limit=2)
    matches = [w for w in page.data if w.slug == ref]
    if not matches:
        raise errors.NotFound(f"No workspace with the slug {ref} is visible to this token.")
    return matches[0]
