"""Pydantic models of the Rapidly resources the explorer shows.

Parsing is tolerant of the API evolving and strict about its contract:

* unknown extra fields are kept (``extra="allow"``), so the raw JSON view shows them;
* enums are *open*: a value this version does not know (a new workspace status, a
  new currency) is kept as a plain string instead of failing the whole response;
* a missing required field or a wrong type still fails, and the client turns that
  into :class:`~rapidly_tui.api.errors.DecodeError` naming the field.
"""

from __future__ import annotations

import hmac
from datetime import datetime
from enum import Enum
from typing import Annotated, Any, Generic, Literal, TypeVar, Union

from pydantic import BaseModel, ConfigDict, Discriminator, Field, GetCoreSchemaHandler, Tag
from pydantic_core import core_schema


class OpenEnum(str, Enum):
    """A str enum whose str() is its value (``str(WorkspaceStatus.active) == "active"``)."""

    def __str__(self) -> str:
        return str(self.value)


class WorkspaceStatus(OpenEnum):
    created = "created"
    onboarding_started = "onboarding_started"
    initial_review = "initial_review"
    ongoing_review = "ongoing_review"
    denied = "denied"
    active = "active"


class PresentmentCurrency(OpenEnum):
    aud = "aud"
    brl = "brl"
    cad = "cad"
    chf = "chf"
    eur = "eur"
    inr = "inr"
    gbp = "gbp"
    jpy = "jpy"
    sek = "sek"
    usd = "usd"


class CustomerType(OpenEnum):
    individual = "individual"
    team = "team"


class MemberRole(OpenEnum):
    owner = "owner"
    billing_manager = "billing_manager"
    member = "member"


class PaymentStatus(OpenEnum):
    pending = "pending"
    succeeded = "succeeded"
    failed = "failed"


class EventSource(OpenEnum):
    system = "system"
    user = "user"


class ShareVisibility(OpenEnum):
    draft = "draft"
    private = "private"
    public = "public"


# ``left_to_right`` tries the enum first and falls back to the plain string, which is
# what makes these enums open. (The default "smart" mode would pick ``str`` for JSON.)
OpenWorkspaceStatus = Annotated[Union[WorkspaceStatus, str], Field(union_mode="left_to_right")]
OpenCurrency = Annotated[Union[PresentmentCurrency, str], Field(union_mode="left_to_right")]
OpenCustomerType = Annotated[Union[CustomerType, str], Field(union_mode="left_to_right")]
OpenMemberRole = Annotated[Union[MemberRole, str], Field(union_mode="left_to_right")]
OpenPaymentStatus = Annotated[Union[PaymentStatus, str], Field(union_mode="left_to_right")]
OpenEventSource = Annotated[Union[EventSource, str], Field(union_mode="left_to_right")]
OpenShareVisibility = Annotated[Union[ShareVisibility, str], Field(union_mode="left_to_right")]

MetadataValue = Union[str, int, float, bool]
Metadata = dict[str, MetadataValue]


class ApiModel(BaseModel):
    """Base of every resource: keeps unknown fields, never mutates."""

    model_config = ConfigDict(extra="allow", frozen=True, defer_build=True)

    def to_json_dict(self) -> dict[str, Any]:
        """The resource as JSON-compatible data, unknown fields included."""
        return self.model_dump(mode="json", by_alias=True)


# --- Workspaces -------------------------------------------------------------------


class WorkspaceSocialLink(ApiModel):
    platform: str
    url: str


class WorkspaceFeatureSettings(ApiModel):
    member_model_enabled: bool = False
    seat_based_pricing_enabled: bool = False
    tinybird_read: bool = False
    tinybird_compare: bool = False


class WorkspaceNotificationSettings(ApiModel):
    new_payment: bool


class WorkspaceCustomerEmailSettings(ApiModel):
    payment_confirmation: bool


class CustomerPortalUsageSettings(ApiModel):
    show: bool


class WorkspaceCustomerPortalSettings(ApiModel):
    usage: CustomerPortalUsageSettings


class Workspace(ApiModel):
    id: str
    created_at: datetime
    modified_at: datetime | None
    name: str
    slug: str
    avatar_url: str | None
    email: str | None
    website: str | None
    socials: list[WorkspaceSocialLink]
    status: OpenWorkspaceStatus
    details_submitted_at: datetime | None
    default_presentment_currency: OpenCurrency
    feature_settings: WorkspaceFeatureSettings | None
    notification_settings: WorkspaceNotificationSettings
    customer_email_settings: WorkspaceCustomerEmailSettings
    customer_portal_settings: WorkspaceCustomerPortalSettings


# --- Customers --------------------------------------------------------------------


class Address(ApiModel):
    line1: str | None = None
    line2: str | None = None
    postal_code: str | None = None
    city: str | None = None
    state: str | None = None
    # The spec lists ISO country codes; a code it does not list is kept, not refused.
    country: str


class Member(ApiModel):
    id: str
    created_at: datetime
    modified_at: datetime | None
    customer_id: str
    email: str
    name: str | None
    external_id: str | None
    role: OpenMemberRole


class CustomerBase(ApiModel):
    id: str
    created_at: datetime
    modified_at: datetime | None
    metadata: Metadata
    external_id: str | None
    email: str
    email_verified: bool
    # A null type is a legacy customer; the real API treats it as an individual.
    type: OpenCustomerType | None = None
    name: str | None
    billing_address: Address | None
    workspace_id: str
    deleted_at: datetime | None
    avatar_url: str

    @property
    def effective_type(self) -> str:
        """The customer type, with legacy ``null`` read as ``individual``."""
        return str(self.type) if self.type is not None else str(CustomerType.individual)


class Customer(CustomerBase):
    """A customer with its members (``CustomerWithMembers`` in the spec).

    The real API returns ``members: []`` unless asked with ``include_members=true``,
    so the client asks for them whenever it fetches one customer.
    """

    members: list[Member] = Field(default_factory=list)


class CustomerState(CustomerBase):
    """``GET /api/customers/{id}/state``: on the real server, the customer fields only."""


# --- Pagination -------------------------------------------------------------------


class PageMeta(ApiModel):
    total: int
    page: int
    per_page: int
    pages: int


T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    model_config = ConfigDict(extra="allow", frozen=True, defer_build=True)

    data: list[T]
    meta: PageMeta


# --- Payments ---------------------------------------------------------------------


class CardPaymentMetadata(ApiModel):
    brand: str
    last4: str


class PaymentBase(ApiModel):
    id: str
    created_at: datetime
    modified_at: datetime | None
    processor: str
    status: OpenPaymentStatus
    amount: int
    currency: str
    method: str
    decline_reason: str | None
    decline_message: str | None
    workspace_id: str
    processor_metadata: dict[str, Any] = Field(default_factory=dict)


class CardPayment(PaymentBase):
    method: Literal["card"]
    method_metadata: CardPaymentMetadata


class GenericPayment(PaymentBase):
    """Any non-card payment; the real API omits ``method_metadata`` for these."""


def _payment_kind(value: Any) -> str:
    if isinstance(value, dict):
        # The spec's GenericPayment allows any method string, "card" included: only a
        # body with card details is a CardPayment.
        card = value.get("method") == "card" and "method_metadata" in value
    else:
        card = isinstance(value, CardPayment)
    return "card" if card else "generic"


Payment = Annotated[
    Union[Annotated[CardPayment, Tag("card")], Annotated[GenericPayment, Tag("generic")]],
    Discriminator(_payment_kind),
]


# --- Metrics ----------------------------------------------------------------------


class Metric(ApiModel):
    slug: str
    display_name: str
    type: str


class MetricPeriod(ApiModel):
    """One period; every metric value is an extra field (``periods[i].costs``)."""

    timestamp: datetime

    def value(self, slug: str) -> float | None:
        raw = (self.model_extra or {}).get(slug)
        return float(raw) if isinstance(raw, (int, float)) and not isinstance(raw, bool) else None


class MetricsResponse(ApiModel):
    periods: list[MetricPeriod]
    totals: dict[str, float | int | None]
    metrics: dict[str, Metric | None]

    def series(self, slug: str) -> list[float]:
        """The values of one metric over the periods, missing values as 0."""
        return [period.value(slug) or 0.0 for period in self.periods]


# --- Events -----------------------------------------------------------------------


class EventCustomer(CustomerBase):
    """The customer embedded in an event (``Customer`` in the spec, no members)."""


class Event(ApiModel):
    id: str
    timestamp: datetime
    workspace_id: str
    customer_id: str | None = None
    customer: EventCustomer | None = None
    external_customer_id: str | None = None
    member_id: str | None = None
    external_member_id: str | None = None
    child_count: int = 0
    parent_id: str | None = None
    label: str
    name: str
    source: OpenEventSource
    metadata: dict[str, Any] = Field(default_factory=dict)


class SystemEvent(Event):
    """An event the platform emitted (``customer.created``...)."""


class UserEvent(Event):
    """An event ingested by the workspace's own code."""


def _event_kind(value: Any) -> str:
    source = value.get("source") if isinstance(value, dict) else getattr(value, "source", None)
    return "system" if source == "system" else "user"


AnyEvent = Annotated[
    Union[Annotated[SystemEvent, Tag("system")], Annotated[UserEvent, Tag("user")]],
    Discriminator(_event_kind),
]


# --- Webhooks ---------------------------------------------------------------------

WEBHOOK_SECRET_PREFIX = "rapidly_whs_"  # noqa: S105 - a prefix, not a secret
# Below this many characters after the prefix, the last 4 would give too much away.
_MIN_SECRET_CHARS_TO_SHOW_TAIL = 12


def mask_webhook_secret(value: str) -> str:
    """``rapidly_whs_…x7Qz``: the prefix and the last 4 characters, as tokens are masked."""
    prefix = WEBHOOK_SECRET_PREFIX if value.startswith(WEBHOOK_SECRET_PREFIX) else ""
    rest = value[len(prefix) :]
    return f"{prefix}…{rest[-4:]}" if len(rest) >= _MIN_SECRET_CHARS_TO_SHOW_TAIL else f"{prefix}…"


class WebhookSecret:
    """A webhook endpoint's signing secret: a credential, so it never shows.

    ``str``, ``repr``, ``model_dump`` (any mode) and ``model_dump_json`` all give the
    masked form; only :meth:`get_secret_value` gives the value. Decoding one registers
    it with the log redactor, so a debug log never prints it either.
    """

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value
        from rapidly_tui import logs

        logs.add_secret(value)

    def get_secret_value(self) -> str:
        return self._value

    @property
    def masked(self) -> str:
        return mask_webhook_secret(self._value)

    def __str__(self) -> str:
        return self.masked

    def __repr__(self) -> str:
        return f"WebhookSecret({self.masked!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, WebhookSecret):
            return NotImplemented
        return hmac.compare_digest(self._value.encode(), other._value.encode())

    def __hash__(self) -> int:
        return hash((WebhookSecret, self._value))

    @classmethod
    def _validate(cls, value: object) -> WebhookSecret:
        if isinstance(value, WebhookSecret):
            return value
        if not isinstance(value, str):
            raise ValueError("a webhook secret is a string")  # never quote the value
        return cls(value)

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            cls._validate,
            serialization=core_schema.plain_serializer_function_ser_schema(
                lambda secret: secret.masked, when_used="always"
            ),
        )


class WebhookEndpoint(ApiModel):
    """A registered endpoint; its ``secret`` is a :class:`WebhookSecret`."""

    id: str
    created_at: datetime
    modified_at: datetime | None
    url: str
    format: str
    secret: WebhookSecret
    workspace_id: str
    events: list[str]
    enabled: bool


class WebhookEvent(ApiModel):
    id: str
    created_at: datetime
    modified_at: datetime | None
    last_http_code: int | None = None
    succeeded: bool | None = None
    skipped: bool
    # A JSON *string* on the real server, not an object.
    payload: str | None
    type: str
    is_archived: bool


class WebhookDelivery(ApiModel):
    id: str
    created_at: datetime
    modified_at: datetime | None
    succeeded: bool
    http_code: int | None
    response: str | None
    webhook_event: WebhookEvent


# --- Shares -----------------------------------------------------------------------


class SharePrice(ApiModel):
    id: str
    amount_type: str
    price_currency: str
    is_archived: bool
    price_amount: int | None = None
    minimum_amount: int | None = None


class ShareMedia(ApiModel):
    id: str
    name: str
    mime_type: str
    size: int


class Share(ApiModel):
    id: str
    created_at: datetime
    modified_at: datetime | None
    name: str
    description: str | None
    visibility: OpenShareVisibility
    is_archived: bool
    workspace_id: str
    metadata: Metadata
    prices: list[SharePrice]
    medias: list[ShareMedia]
    attached_custom_fields: list[dict[str, Any]]
