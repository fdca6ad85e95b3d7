"""The types a resource is declared with (see :mod:`rapidly_tui.present`).

Specs hold functions that read a value from an API object (a pydantic model, or a dict
for the raw JSON); they never format. Formatting is :mod:`rapidly_tui.present.values`'s,
by :class:`Kind`, so a money amount or a timestamp reads the same everywhere.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

# Kind lives in its own module: the first screen needs it without the specs' classes
# (rapidly_tui/present/kinds.py); it is part of this module's interface too.
from rapidly_tui.present.kinds import IDENTIFYING_KINDS, Kind

__all__ = [
    "IDENTIFYING_KINDS",
    "Column",
    "Field",
    "Filter",
    "Kind",
    "Link",
    "ResourceSpec",
    "Section",
    "SortKey",
]


@dataclass(frozen=True)
class Field:
    """One value of a resource: a stable key (CSV header, sort name), a label for people,
    how to read it from the object, and its kind."""

    key: str
    label: str
    kind: Kind
    read: Callable[[Any], Any]
    #: For :attr:`Kind.MONEY`: the currency code of the same object.
    currency: Callable[[Any], str | None] | None = None
    #: For :attr:`Kind.FLAG`: the words for true and false (``ok``/``FAILED``).
    words: tuple[str, str] = ("yes", "no")
    #: A column of ``--csv``: ``key`` is then a dotted path into the API's JSON, and the
    #: cell is the exact value sent. Derived fields (a customer's email read from an
    #: embedded object) are not.
    csv: bool = True


@dataclass(frozen=True)
class Column:
    """A list column over a :class:`Field` (by key).

    ``priority``: 1 is kept longest when the width is short; a higher number is dropped
    first (and the table says it dropped it). ``min_width``: narrower than this the
    column is dropped rather than cut. ``preferred_width``: what it gets when there is
    room; identifying columns (ids, emails, URLs) then get spare width up to their
    longest value, so an identifier is whole whenever the terminal has room for it.
    """

    field: str
    header: str
    priority: int
    min_width: int
    preferred_width: int
    align_right: bool = False


@dataclass(frozen=True)
class Filter:
    """A filter the API applies (``param``), offered as a flag and in the TUI."""

    key: str
    label: str
    param: str  # the API's query parameter
    flag: str  # the command-line flag, e.g. "--status"
    choices: Sequence[str] = ()  # fixed choices, when the API has them
    #: Applied on the client (e.g. a time window on created_at) rather than sent.
    client_side: bool = False


@dataclass(frozen=True)
class SortKey:
    """A sort the list offers: a label and the API's ``sorting`` value."""

    label: str
    sorting: str


@dataclass(frozen=True)
class Section:
    """A group of fields on a detail screen (by field key)."""

    title: str
    fields: Sequence[str]


@dataclass(frozen=True)
class Link:
    """From one resource to another: ``read`` gives the target's id (or ``None``)."""

    label: str
    target: str  # the target resource's name
    read: Callable[[Any], str | None]


@dataclass(frozen=True)
class ResourceSpec:
    """A resource declared once."""

    name: str  # "payment": the `:` command's word in singular
    plural: str  # "payments"
    title: str  # "Payments": headings
    fields: Sequence[Field]
    columns: Sequence[Column] = ()
    filters: Sequence[Filter] = ()
    sorts: Sequence[SortKey] = ()
    sections: Sequence[Section] = ()
    links: Sequence[Link] = ()
    #: The API takes ``query`` for a server-side search on this list.
    searchable: bool = False
    #: The API's list path (``/api/payments/``); empty when the resource has no list.
    path: str = ""
    #: How an object is identified in a sentence ("payment 1a2b…"): its id by default.
    ident: Callable[[Any], str] = field(default=lambda obj: str(obj.id))

    def field(self, key: str) -> Field:
        for candidate in self.fields:
            if candidate.key == key:
                return candidate
        raise KeyError(f"{self.name} has no field {key!r}")
