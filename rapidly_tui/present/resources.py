"""Every resource the explorer shows, declared once (see :mod:`rapidly_tui.present`).

Readers take attributes or dict keys alike (:func:`attr`), so a spec reads a pydantic
model, a model another module adds later, or the raw JSON. Field keys are the API's JSON
paths: ``--csv`` writes them as headers with the values sent (formula-like text
prefixed with ``'``). Filters and sort keys are the API's query parameters and
``sorting`` values (checked against the OpenAPI spec by
``tests/unit/test_resource_specs.py``).
"""

from __future__ import annotations

from collections.abc import Iterable

from rapidly_tui.present.readers import (
    _address,
    _customer_type,
    _enum_list,
    _event_customer,
    _f,
    _id_of,
    attr,
    delivery_customer_id,
)
from rapidly_tui.present.spec import (
    Column,
    Filter,
    Kind,
    Link,
    ResourceSpec,
    Section,
    SortKey,
)

# --- shared fields and columns ------------------------------------------------------

ID = _f("id", "ID", Kind.ID)
CREATED = _f("created_at", "Created", Kind.TIMESTAMP)
MODIFIED = _f("modified_at", "Modified", Kind.TIMESTAMP)
WORKSPACE_ID = _f("workspace_id", "Workspace", Kind.ID)
METADATA = _f("metadata", "Metadata", Kind.JSON)

#: Ids are 36-character UUIDs: never cut. A person reads a row by its other columns
#: (when, name, email, status), so on a narrow terminal the id is the first column
#: left out (and named as such); a wider one, the detail, --csv and --json show it.
ID_COLUMN = Column("id", "ID", priority=9, min_width=36, preferred_width=36)
#: An event name tells its kind at the end (``customer.created``/``customer.deleted``),
#: so it is not cut narrower than this (``file_sharing_session.payment_received``
#: keeps ``…payment_r…``); narrower, the column is left out and named instead.
EVENT_NAME_WIDTH = 32
#: ``2026-11-20 11:17:59 UTC``
TIME_WIDTH = 23
#: Real emails run 30 to 45 characters.
EMAIL_WIDTH = 45


def _created_column(priority: int, key: str = "created_at", header: str = "CREATED") -> Column:
    return Column(key, header, priority=priority, min_width=TIME_WIDTH, preferred_width=TIME_WIDTH)


def _newest(field: str, label: str = "Newest first") -> tuple[SortKey, SortKey]:
    return (SortKey(label, f"-{field}"), SortKey("Oldest first", field))


# --- resources ----------------------------------------------------------------------

WORKSPACE = ResourceSpec(
    name="workspace",
    plural="workspaces",
    title="Workspaces",
    path="/api/workspaces/",
    fields=(
        ID,
        _f("slug", "Slug", Kind.TEXT),
        _f("name", "Name", Kind.TEXT),
        _f("status", "Status", Kind.ENUM),
        _f("default_presentment_currency", "Currency", Kind.CURRENCY),
        _f("email", "Email", Kind.EMAIL),
        CREATED,
        _f("website", "Website", Kind.URL, csv=False),
        _f("modified_at", "Modified", Kind.TIMESTAMP, csv=False),
        _f("details_submitted_at", "Details submitted", Kind.TIMESTAMP, csv=False),
    ),
    columns=(
        ID_COLUMN,
        Column("slug", "SLUG", priority=1, min_width=6, preferred_width=30),
        Column("name", "NAME", priority=1, min_width=6, preferred_width=40),
        Column("status", "STATUS", priority=2, min_width=6, preferred_width=20),
        Column(
            "default_presentment_currency", "CURRENCY", priority=3, min_width=6, preferred_width=8
        ),
        _created_column(4),
    ),
    filters=(
        Filter("slug", "Slug", param="slug", flag="--slug"),
        Filter("name", "Name", param="name", flag="--name"),
    ),
    sorts=(
        SortKey("Name A–Z", "name"),
        SortKey("Slug A–Z", "slug"),
        *_newest("created_at"),
    ),
    sections=(
        Section("Workspace", ("id", "slug", "name", "status", "default_presentment_currency")),
        Section("Contact", ("email", "website")),
        Section("Dates", ("created_at", "modified_at", "details_submitted_at")),
    ),
)

_CUSTOMER_FIELDS = (
    ID,
    _f("email", "Email", Kind.EMAIL),
    _f("name", "Name", Kind.TEXT),
    _f("external_id", "External ID", Kind.ID),
    _f("type", "Type", Kind.ENUM, read=_customer_type),
    _f("email_verified", "Email verified", Kind.FLAG),
    WORKSPACE_ID,
    CREATED,
    MODIFIED,
    _f("deleted_at", "Deleted", Kind.TIMESTAMP),
    METADATA,
    _f("billing_address", "Billing address", Kind.TEXT, read=_address, csv=False),
)
_CUSTOMER_SECTIONS = (
    Section(
        "Customer",
        ("id", "email", "email_verified", "name", "external_id", "type", "workspace_id"),
    ),
    Section("Dates", ("created_at", "modified_at", "deleted_at")),
    Section("Billing", ("billing_address",)),
    Section("Metadata", ("metadata",)),
)

CUSTOMER = ResourceSpec(
    name="customer",
    plural="customers",
    title="Customers",
    path="/api/customers/",
    searchable=True,
    fields=_CUSTOMER_FIELDS,
    columns=(
        ID_COLUMN,
        Column("email", "EMAIL", priority=1, min_width=12, preferred_width=EMAIL_WIDTH),
        Column("name", "NAME", priority=1, min_width=6, preferred_width=30),
        Column("external_id", "EXTERNAL ID", priority=2, min_width=6, preferred_width=24),
        Column("type", "TYPE", priority=4, min_width=6, preferred_width=10),
        _created_column(3),
    ),
    filters=(
        Filter("query", "Search", param="query", flag="--query"),
        Filter("email", "Email", param="email", flag="--email"),
    ),
    sorts=(
        *_newest("created_at"),
        SortKey("Email A–Z", "email"),
        SortKey("Email Z–A", "-email"),
        SortKey("Name A–Z", "name"),
        SortKey("Name Z–A", "-name"),
    ),
    sections=_CUSTOMER_SECTIONS,
    links=(Link("Workspace", "workspace", _id_of("workspace_id")),),
)

CUSTOMER_STATE = ResourceSpec(
    name="customer state",
    plural="customer states",
    title="Customer state",
    fields=_CUSTOMER_FIELDS,
    sections=_CUSTOMER_SECTIONS,
    links=(Link("Customer", "customer", _id_of("id")),),
)

MEMBER = ResourceSpec(
    name="member",
    plural="members",
    title="Members",
    path="/api/members/",
    fields=(
        ID,
        _f("customer_id", "Customer", Kind.ID),
        _f("email", "Email", Kind.EMAIL),
        _f("name", "Name", Kind.TEXT),
        _f("role", "Role", Kind.ENUM),
        _f("external_id", "External ID", Kind.ID),
        CREATED,
    ),
    columns=(
        ID_COLUMN,
        Column("email", "EMAIL", priority=1, min_width=12, preferred_width=EMAIL_WIDTH),
        Column("name", "NAME", priority=1, min_width=6, preferred_width=30),
        Column("role", "ROLE", priority=2, min_width=6, preferred_width=16),
        Column("external_id", "EXTERNAL ID", priority=3, min_width=6, preferred_width=24),
        _created_column(4),
    ),
    filters=(Filter("customer", "Customer", param="customer_id", flag="--customer"),),
    sorts=_newest("created_at"),
    sections=(Section("Member", ("id", "email", "name", "role", "external_id", "created_at")),),
    links=(Link("Customer", "customer", _id_of("customer_id")),),
)

PAYMENT_STATUSES = ("pending", "succeeded", "failed")
#: The methods the API answers with today; the API's filter takes any string.
PAYMENT_METHODS = ("card", "sepa_debit", "bank_transfer")

PAYMENT = ResourceSpec(
    name="payment",
    plural="payments",
    title="Payments",
    path="/api/payments/",
    fields=(
        ID,
        CREATED,
        _f("status", "Status", Kind.ENUM),
        _f("amount", "Amount", Kind.MONEY, currency=attr("currency")),
        _f("currency", "Currency", Kind.CURRENCY),
        _f("method", "Method", Kind.ENUM),
        _f("decline_reason", "Decline reason", Kind.ENUM),
        _f("decline_message", "Decline message", Kind.TEXT),
        WORKSPACE_ID,
        _f("processor", "Processor", Kind.ENUM, csv=False),
        _f("method_metadata.brand", "Card brand", Kind.ENUM, csv=False),
        _f("method_metadata.last4", "Card last 4", Kind.TEXT, csv=False),
        _f("processor_metadata", "Processor metadata", Kind.JSON, csv=False),
    ),
    columns=(
        ID_COLUMN,
        _created_column(2),
        Column("status", "STATUS", priority=1, min_width=9, preferred_width=10),
        Column("amount", "AMOUNT", priority=1, min_width=10, preferred_width=18, align_right=True),
        # sepa_debit and bank_transfer whole: a method cut to `sepa_…` reads as a guess.
        Column("method", "METHOD", priority=4, min_width=13, preferred_width=13),
        Column("decline_reason", "DECLINE", priority=3, min_width=6, preferred_width=30),
    ),
    filters=(
        Filter("status", "Status", param="status", flag="--status", choices=PAYMENT_STATUSES),
        Filter("method", "Method", param="method", flag="--method", choices=PAYMENT_METHODS),
        Filter("customer", "Customer", param="customer_email", flag="--customer"),
        # The API has no time filter on payments: read newest first until older.
        Filter("since", "Since", param="created_at", flag="--since", client_side=True),
    ),
    sorts=(
        *_newest("created_at"),
        SortKey("Largest first", "-amount"),
        SortKey("Smallest first", "amount"),
        SortKey("Status", "status"),
        SortKey("Method", "method"),
    ),
    sections=(
        Section("Payment", ("id", "status", "amount", "method", "created_at")),
        Section("Decline", ("decline_reason", "decline_message")),
        Section("Card", ("method_metadata.brand", "method_metadata.last4")),
        Section("Processor", ("processor", "processor_metadata", "workspace_id")),
    ),
    links=(Link("Workspace", "workspace", _id_of("workspace_id")),),
)

EVENT_SOURCES = ("system", "user")

EVENT = ResourceSpec(
    name="event",
    plural="events",
    title="Events",
    path="/api/events/",
    searchable=True,
    fields=(
        ID,
        _f("timestamp", "Time", Kind.TIMESTAMP),
        _f("name", "Name", Kind.TEXT),
        _f("source", "Source", Kind.ENUM),
        _f("customer_id", "Customer ID", Kind.ID),
        _f("external_customer_id", "External customer ID", Kind.ID),
        _f("label", "Label", Kind.TEXT),
        WORKSPACE_ID,
        METADATA,
        _f("customer", "Customer", Kind.EMAIL, read=_event_customer, csv=False),
        _f("parent_id", "Parent", Kind.ID, csv=False),
        _f("child_count", "Children", Kind.COUNT, csv=False),
    ),
    columns=(
        ID_COLUMN,
        _created_column(1, "timestamp", "TIMESTAMP"),
        Column("name", "NAME", priority=1, min_width=EVENT_NAME_WIDTH, preferred_width=40),
        Column("source", "SOURCE", priority=3, min_width=6, preferred_width=8),
        Column("customer", "CUSTOMER", priority=2, min_width=12, preferred_width=EMAIL_WIDTH),
    ),
    filters=(
        Filter("name", "Name", param="name", flag="--name"),
        Filter("source", "Source", param="source", flag="--source", choices=EVENT_SOURCES),
        Filter("customer", "Customer", param="customer_id", flag="--customer"),
        Filter("since", "Since", param="start_timestamp", flag="--since"),
    ),
    sorts=_newest("timestamp"),
    sections=(
        Section("Event", ("id", "name", "label", "source", "timestamp")),
        Section("Customer", ("customer", "customer_id", "external_customer_id")),
        Section("Tree", ("parent_id", "child_count")),
        Section("Metadata", ("metadata",)),
    ),
    links=(Link("Customer", "customer", _id_of("customer_id")),),
)

WEBHOOK_ENDPOINT = ResourceSpec(
    name="webhook endpoint",
    plural="webhook endpoints",
    title="Webhook endpoints",
    path="/api/webhooks/endpoints",
    fields=(
        ID,
        _f("url", "URL", Kind.URL),
        _f("format", "Format", Kind.ENUM),
        _f("enabled", "Enabled", Kind.FLAG),
        _f("events", "Events", Kind.TEXT, read=_enum_list("events")),
        WORKSPACE_ID,
        CREATED,
        MODIFIED,
        # A credential: masked wherever it is shown, never a CSV column.
        _f("secret", "Signing secret", Kind.SECRET, csv=False),
    ),
    columns=(
        ID_COLUMN,
        Column("url", "URL", priority=1, min_width=20, preferred_width=60),
        Column("enabled", "ENABLED", priority=2, min_width=7, preferred_width=7),
        Column("format", "FORMAT", priority=3, min_width=6, preferred_width=8),
        Column("events", "EVENTS", priority=4, min_width=10, preferred_width=40),
    ),
    filters=(Filter("url", "URL", param="url", flag="--url"),),
    sections=(
        Section("Endpoint", ("id", "url", "format", "enabled", "secret")),
        Section("Events", ("events",)),
        Section("Dates", ("created_at", "modified_at")),
    ),
    links=(Link("Workspace", "workspace", _id_of("workspace_id")),),
)

HTTP_CODE_CLASSES = ("2xx", "3xx", "4xx", "5xx")

WEBHOOK_DELIVERY = ResourceSpec(
    name="webhook delivery",
    plural="webhook deliveries",
    title="Webhook deliveries",
    path="/api/webhooks/deliveries",
    searchable=True,
    fields=(
        ID,
        CREATED,
        _f("succeeded", "Result", Kind.FLAG, words=("ok", "FAILED")),
        _f("http_code", "HTTP", Kind.NUMBER),
        _f("webhook_event.type", "Event", Kind.ENUM),
        _f("webhook_event.id", "Event ID", Kind.ID),
        _f("response", "Response", Kind.TEXT),
        _f("webhook_event.payload", "Payload", Kind.JSON, csv=False),
    ),
    columns=(
        ID_COLUMN,
        _created_column(1),
        Column("succeeded", "RESULT", priority=1, min_width=6, preferred_width=6),
        Column("http_code", "HTTP", priority=1, min_width=4, preferred_width=4, align_right=True),
        Column(
            "webhook_event.type",
            "EVENT",
            priority=1,
            min_width=EVENT_NAME_WIDTH,
            preferred_width=40,
        ),
    ),
    filters=(
        # The flag only asks for failures (succeeded=false).
        Filter(
            "succeeded", "Result", param="succeeded", flag="--failed", choices=("true", "false")
        ),
        Filter(
            "http",
            "HTTP code",
            param="http_code_class",
            flag="--http-class",
            choices=HTTP_CODE_CLASSES,
        ),
        Filter("event_type", "Event type", param="event_type", flag="--event-type"),
        Filter("since", "Since", param="start_timestamp", flag="--since"),
        Filter("endpoint", "Endpoint", param="endpoint_id", flag="--endpoint"),
    ),
    sections=(
        Section("Delivery", ("id", "created_at", "succeeded", "http_code", "response")),
        Section("Event", ("webhook_event.type", "webhook_event.id", "webhook_event.payload")),
    ),
    links=(
        # A delivery does not name its endpoint (NOTES.md): known only from the list's
        # endpoint_id scope, which a caller may have attached.
        Link("Endpoint", "webhook endpoint", _id_of("endpoint_id")),
        Link("Customer", "customer", delivery_customer_id),
    ),
)

SHARE_VISIBILITIES = ("public", "private")

SHARE = ResourceSpec(
    name="share",
    plural="shares",
    title="Shares",
    path="/api/shares/",
    searchable=True,
    fields=(
        ID,
        _f("name", "Name", Kind.TEXT),
        _f("visibility", "Visibility", Kind.ENUM),
        _f("is_archived", "Archived", Kind.FLAG),
        _f("description", "Description", Kind.TEXT),
        WORKSPACE_ID,
        CREATED,
        MODIFIED,
        METADATA,
        _f("prices", "Prices", Kind.JSON, csv=False),
        _f("medias", "Files", Kind.JSON, csv=False),
    ),
    columns=(
        ID_COLUMN,
        Column("name", "NAME", priority=1, min_width=10, preferred_width=40),
        Column("visibility", "VISIBILITY", priority=2, min_width=7, preferred_width=10),
        Column("is_archived", "ARCHIVED", priority=3, min_width=8, preferred_width=8),
        _created_column(4),
    ),
    filters=(
        Filter("query", "Search", param="query", flag="--query"),
        Filter(
            "visibility",
            "Visibility",
            param="visibility",
            flag="--visibility",
            choices=SHARE_VISIBILITIES,
        ),
        Filter(
            "archived",
            "Archived",
            param="is_archived",
            flag="--archived",
            choices=("true", "false"),
        ),
    ),
    sorts=(
        *_newest("created_at"),
        SortKey("Name A–Z", "name"),
        SortKey("Name Z–A", "-name"),
        SortKey("Price", "price_amount"),
    ),
    sections=(
        Section("Share", ("id", "name", "visibility", "is_archived", "description")),
        Section("Dates", ("created_at", "modified_at")),
        Section("Prices and files", ("prices", "medias")),
        Section("Metadata", ("metadata",)),
    ),
    links=(Link("Workspace", "workspace", _id_of("workspace_id")),),
)


def _registry(specs: Iterable[ResourceSpec]) -> dict[str, ResourceSpec]:
    found: dict[str, ResourceSpec] = {}
    for spec in specs:
        found[spec.name] = spec
        found[spec.plural] = spec
    return found


ALL: tuple[ResourceSpec, ...] = (
    WORKSPACE,
    CUSTOMER,
    CUSTOMER_STATE,
    MEMBER,
    PAYMENT,
    EVENT,
    WEBHOOK_ENDPOINT,
    WEBHOOK_DELIVERY,
    SHARE,
)
#: Every spec by its name and by its plural (``"payment"``, ``"payments"``).
SPECS: dict[str, ResourceSpec] = _registry(ALL)


def csv_fields(spec: ResourceSpec) -> list[str]:
    """The ``--csv`` header: the JSON paths of the spec's CSV fields, in order."""
    return [f.key for f in spec.fields if f.csv]
