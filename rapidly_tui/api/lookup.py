"""Resolving what a person types (an id, a slug, an email, an external id).

Shared by the TUI's ``--customer``/``:`` lookup and the command-line commands, so both
resolve a reference the same way. A reference is read in order of evidence: an id,
then an email, then an external id, for every reading its shape allows. A UUID is
an id, or an external id (they are often UUIDs of another system); a value with ``@``
is an email, or an external id (``user@example.test`` is a common external id); any
other value can only be an external id. The match says how it was read, so that a
reading other than the obvious one can be said.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rapidly_tui.api import errors

if TYPE_CHECKING:
    from rapidly_tui.api.client import RapidlyClient
    from rapidly_tui.api.models import Customer, Workspace

#: How each reading is named in messages.
READING_NAMES = {"id": "id", "email": "email", "external_id": "external id"}


class AmbiguousReference(errors.RapidlyError):
    title = "Ambiguous reference"


def is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value.strip())
    except ValueError:
        return False
    return True


def customer_ref_kind(ref: str) -> str:
    """``"id"``, ``"email"`` or ``"external_id"``: the obvious reading of a reference."""
    return customer_ref_readings(ref)[0]


def customer_ref_readings(ref: str) -> tuple[str, ...]:
    """Every way ``ref`` could name a customer, in the order they are tried."""
    ref = ref.strip()
    if is_uuid(ref):
        return ("id", "external_id")
    if "@" in ref:
        return ("email", "external_id")
    return ("external_id",)


@dataclass(frozen=True)
class CustomerMatch:
    """The customer a reference named, and how the reference was read."""

    customer: Customer
    ref: str
    matched_as: str

    @property
    def note(self) -> str | None:
        """One line saying how ``ref`` was read, when not as its shape suggests."""
        readings = customer_ref_readings(self.ref)
        if self.matched_as == readings[0]:
            return None
        return (
            f"No customer has the {READING_NAMES[readings[0]]} {self.ref};"
            f" it matched an {READING_NAMES[self.matched_as]}."
        )


async def find_customer(
    client: RapidlyClient, ref: str, *, workspace_id: str | None = None
) -> Customer:
    """The one customer ``ref`` names, with members, or :class:`errors.NotFound`."""
    return (await lookup_customer(client, ref, workspace_id=workspace_id)).customer


async def lookup_customer(
    client: RapidlyClient, ref: str, *, workspace_id: str | None = None
) -> CustomerMatch:
    """:func:`find_customer`, saying how ``ref`` was read."""
    ref = ref.strip()
    if not ref:
        raise errors.NotFound("An empty customer reference names nobody.")
    readings = customer_ref_readings(ref)
    elsewhere = False
    # The last 404 from the server: its request id goes with the final answer.
    answer: errors.ApiError | None = None
    for reading in readings:
        try:
            customer = await _find_as(client, reading, ref, workspace_id)
        except (errors.NotFound, errors.Invalid) as error:
            if isinstance(error, errors.Invalid) and reading != "id":
                raise
            # Invalid: the real server refuses some UUIDs as ids (version 1).
            answer = error
            continue
        if customer is None:
            continue
        if workspace_id is not None and customer.workspace_id != workspace_id:
            elsewhere = True  # another reading may still name one in this workspace
            continue
        return CustomerMatch(customer, ref, reading)
    request_id = answer.request_id if answer is not None else None
    if elsewhere:
        raise errors.NotFound(f"Customer {ref} is not in this workspace.", request_id=request_id)
    names = " or ".join(READING_NAMES[reading] for reading in readings)
    raise errors.NotFound(f"No customer has the {names} {ref}.", request_id=request_id)


async def _find_as(
    client: RapidlyClient, reading: str, ref: str, workspace_id: str | None
) -> Customer | None:
    """The customer ``ref`` names when read as ``reading``; None (or the server's
    NotFound) when none is."""
    if reading == "email":
        page = await client.list_customers(
            workspace_id=workspace_id, email=ref, include_members=True, limit=2
        )
        if len(page.data) > 1:
            raise AmbiguousReference(
                f"{len(page.data)} customers have the email {ref}; pass a workspace or an id."
            )
        return page.data[0] if page.data else None
    if reading == "id":
        return await client.get_customer(ref)
    return await client.get_customer_by_external_id(ref)


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
