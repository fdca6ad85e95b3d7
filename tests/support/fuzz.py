"""Hypothesis strategies for hostile API responses, shared by the headless and TUI fuzzers.

* :func:`valid_bodies` generates JSON bodies from the spec's component schemas
  (``tests/fixtures/rapidly-openapi.json``) with hypothesis-jsonschema, ``$ref``\\ s
  resolved. Objects are closed (no keys the spec does not list) because the real
  server's 200 bodies match the spec exactly (``tests/fixtures/real-api/NOTES.md``);
  unknown keys are one of the mutations instead.
* :func:`mutants` takes a valid body and breaks it slightly, in one place: a dropped
  key, a wrong type, a null, an unknown enum value, an unknown key, a hostile string.
* :data:`RESOURCES` names the resources the explorer shows, with the schema of their
  response and the client call that fetches them; :func:`fetch_through_client` runs
  that call against a body over ``httpx.MockTransport``, the client's real path.

Generation choices (they keep ~1,000 examples per resource within seconds):

* a page holds one item and every array inside a resource at most one: the per-item
  code is the same for 1 item or 100, pagination has its own tests, and every extra
  item would cost as much generation time as the whole body;
* ``uuid4`` (the spec's custom format) is a random version-4 UUID; ``date-time`` is
  what the real server sends (UTC, ``Z``, microseconds when non-zero) over years
  1..9999 (other RFC 3339 forms have their own test);
* leaves (strings, numbers, enums, consts, formats) come from hypothesis-jsonschema;
  objects, arrays and unions are composed here (see :func:`strategy_for`);
* annotations (``title``, ``description``, ``examples``, ``x-*``...) and the OpenAPI
  ``discriminator`` are dropped (``oneOf`` still decides).
"""

from __future__ import annotations

import asyncio
import copy
import json
import warnings
import zlib
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timezone
from functools import cache
from typing import Any

import httpx
from hypothesis import strategies as st
from hypothesis.errors import HypothesisWarning
from hypothesis_jsonschema import from_schema

from rapidly_tui.api import RapidlyClient, errors
from tests.support.fixtures import openapi

JSON = Any
Path = tuple[str | int, ...]

#: Longest generated array inside a resource (``members``, ``prices``, ``socials``...).
MAX_ITEMS = 1
#: Items on a generated page.
PAGE_ITEMS = 1
_ANNOTATIONS = frozenset(
    {
        "title",
        "description",
        "examples",
        "default",
        "readOnly",
        "writeOnly",
        "deprecated",
        "discriminator",
        "$comment",
    }
)
# Keywords whose value maps names to subschemas (not keywords themselves).
_SCHEMA_MAPS = frozenset({"properties", "patternProperties", "$defs", "definitions"})


# --- the resources -----------------------------------------------------------------

Call = Callable[[RapidlyClient], Awaitable[Any]]


@dataclass(frozen=True)
class Resource:
    """One kind of response the explorer parses."""

    name: str
    #: Component schema of the 200 body.
    schema: str
    #: The client method that fetches (and decodes) it.
    call: Call
    #: Whether the body is a page (``data`` + ``meta``).
    paged: bool


RESOURCES: dict[str, Resource] = {
    resource.name: resource
    for resource in (
        Resource("workspace", "Workspace", lambda c: c.get_workspace("ws"), paged=False),
        Resource(
            "customers page",
            "PaginatedList_CustomerWithMembers_",
            lambda c: c.list_customers(),
            paged=True,
        ),
        Resource(
            "customer state", "CustomerState", lambda c: c.get_customer_state("c"), paged=False
        ),
        Resource("members page", "PaginatedList_Member_", lambda c: c.list_members(), paged=True),
        Resource(
            "payments page",
            "PaginatedList_Annotated_Union_CardPayment__GenericPayment___SetSchemaReference__",
            lambda c: c.list_payments(),
            paged=True,
        ),
        Resource(
            "metrics",
            "MetricsResponse",
            lambda c: c.get_metrics(start_date=date(2026, 1, 1), end_date=date(2026, 1, 31)),
            paged=False,
        ),
        Resource("events page", "PaginatedList_Event_", lambda c: c.list_events(), paged=True),
        Resource(
            "webhook deliveries page",
            "PaginatedList_WebhookDelivery_",
            lambda c: c.list_webhook_deliveries(),
            paged=True,
        ),
        Resource("shares page", "PaginatedList_Share_", lambda c: c.list_shares(), paged=True),
    )
}


# --- schemas -----------------------------------------------------------------------


def _resolve(node: JSON, schemas: dict[str, Any], seen: tuple[str, ...] = ()) -> JSON:
    """``node`` with every local ``$ref`` inlined, annotations dropped, objects closed
    and arrays capped."""
    if isinstance(node, list):
        return [_resolve(item, schemas, seen) for item in node]
    if not isinstance(node, dict):
        return node
    resolved: dict[str, Any] = {}
    ref = node.get("$ref")
    if isinstance(ref, str):
        name = ref.rsplit("/", 1)[-1]
        if name in seen:
            raise ValueError(f"recursive schema: {' -> '.join((*seen, name))}")
        resolved.update(_resolve(schemas[name], schemas, (*seen, name)))
    for key, value in node.items():
        if key == "$ref" or key in _ANNOTATIONS or key.startswith("x-"):
            continue
        if key in _SCHEMA_MAPS:
            resolved[key] = {name: _resolve(sub, schemas, seen) for name, sub in value.items()}
        elif key in ("enum", "const"):
            resolved[key] = value  # literal values, not schemas
        else:
            resolved[key] = _resolve(value, schemas, seen)
    if "properties" in resolved and "additionalProperties" not in resolved:
        resolved["additionalProperties"] = False
    if resolved.get("type") == "array":
        resolved["maxItems"] = min(resolved.get("maxItems", MAX_ITEMS), MAX_ITEMS)
    return resolved


@cache
def resolved_schema(name: str) -> dict[str, Any]:
    """The component schema ``name``, self-contained (see the module notes)."""
    schemas = openapi()["components"]["schemas"]
    resolved: dict[str, Any] = _resolve(schemas[name], schemas, (name,))
    return resolved


def _collect_enum_values(node: JSON, found: set[str]) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "enum" and isinstance(value, list):
                found.update(v for v in value if isinstance(v, str))
            elif key == "const" and isinstance(value, str):
                found.add(value)
            elif key not in ("enum", "const"):
                _collect_enum_values(value, found)
    elif isinstance(node, list):
        for item in node:
            _collect_enum_values(item, found)


@cache
def enum_values(name: str) -> frozenset[str]:
    """Every string an ``enum`` or ``const`` of the schema allows."""
    found: set[str] = set()
    _collect_enum_values(resolved_schema(name), found)
    return frozenset(found)


def _server_timestamp(seconds: int, microseconds: int) -> str:
    """A timestamp as the real server writes it: UTC, ``Z``, microseconds unless zero."""
    moment = datetime.fromtimestamp(seconds, timezone.utc).replace(microsecond=microseconds)
    return moment.replace(tzinfo=None).isoformat() + "Z"


#: Strategies for ``format`` values. ``uuid4`` is the spec's own format. ``date-time``
#: is drawn the way the server writes it, in one draw: hypothesis-jsonschema's RFC 3339
#: strategy (any offset) costs a quarter of the whole run, so it gets a test of its own
#: (tests/unit/test_fuzz_responses.py).
FORMATS: dict[str, st.SearchStrategy[str]] = {
    "uuid4": st.uuids(version=4).map(str),
    "date-time": st.builds(
        _server_timestamp,
        st.integers(min_value=-62_135_596_800, max_value=253_402_300_799),  # years 1..9999
        st.sampled_from([0, 0, 1, 123_456, 999_999]),
    ),
    # hypothesis' domains() strategy is slow to draw; the client never parses URLs.
    "uri": st.builds(
        "{}://{}/{}".format,
        st.sampled_from(["https", "http"]),
        st.sampled_from(["example.com", "x.com", "127.0.0.1:8000", "xn--bcher-kva.example"]),
        st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-._~%/?=&", max_size=20),
    ),
}


_SCALAR_TYPES = frozenset({"string", "integer", "number", "boolean", "null"})


def _leaf(schema: dict[str, Any]) -> st.SearchStrategy[JSON]:
    with warnings.catch_warnings():
        # "Overriding standard format 'date-time'": on purpose, see FORMATS.
        warnings.simplefilter("ignore", HypothesisWarning)
        return from_schema(schema, custom_formats=FORMATS)


def strategy_for(schema: JSON) -> st.SearchStrategy[JSON]:
    """Values valid against a resolved, closed schema.

    Composition (objects, arrays, ``anyOf``/``oneOf``) is built here once, with
    Hypothesis' own ``fixed_dictionaries`` and ``lists``; every leaf (strings with
    their formats and lengths, numbers, enums, consts) comes from hypothesis-jsonschema.
    hypothesis-jsonschema's own object strategy rebuilds its sub-strategies on every
    draw, which made one page body cost up to a second; this way a body costs
    milliseconds.
    """
    if schema is True or schema == {}:
        return json_values()
    if not isinstance(schema, dict):
        raise TypeError(f"not a schema: {schema!r}")
    if "enum" in schema or "const" in schema:
        return _leaf(schema)
    for keyword in ("anyOf", "oneOf"):
        if keyword in schema:
            # The spec's oneOf branches are told apart by a const discriminator or, for
            # payments, by a required key one closed branch does not allow: at most one
            # branch ever matches, so oneOf generates like anyOf (checked by a test).
            rest = {k: v for k, v in schema.items() if k != keyword}
            branches = [strategy_for({**rest, **branch}) for branch in schema[keyword]]
            return st.one_of(branches)
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        properties: dict[str, Any] = schema.get("properties", {})
        required = set(schema.get("required", []))
        extra = schema.get("additionalProperties", {})
        if properties or extra is False:
            return st.fixed_dictionaries(
                {name: strategy_for(sub) for name, sub in properties.items() if name in required},
                optional={
                    name: strategy_for(sub)
                    for name, sub in properties.items()
                    if name not in required
                },
            )
        return st.dictionaries(st.text(max_size=12), strategy_for(extra), max_size=MAX_ITEMS)
    if kind == "array":
        return st.lists(
            strategy_for(schema.get("items", {})),
            min_size=schema.get("minItems", 0),
            max_size=schema.get("maxItems", MAX_ITEMS),
        )
    if kind in _SCALAR_TYPES or (isinstance(kind, list) and set(kind) <= _SCALAR_TYPES):
        return _leaf(schema)
    raise ValueError(f"unsupported schema shape: {sorted(schema)}")


@cache
def valid_bodies(schema_name: str) -> st.SearchStrategy[JSON]:
    """Bodies the spec allows for ``schema_name`` (a component schema name).

    A page carries :data:`PAGE_ITEMS` items, never none: Hypothesis favours empty
    lists, and an empty page exercises nothing per item (empty pages have their own
    e2e tests).
    """
    schema = resolved_schema(schema_name)
    data = schema.get("properties", {}).get("data")
    if isinstance(data, dict) and data.get("type") == "array":
        data = {**data, "minItems": 1, "maxItems": PAGE_ITEMS}
        schema = {**schema, "properties": {**schema["properties"], "data": data}}
    return strategy_for(schema)


# --- hostile values ----------------------------------------------------------------

#: Strings built to break terminals, markup parsers and naive code.
HOSTILE_STRINGS: tuple[str, ...] = (
    "[/]",
    "[bold red]not bold[/bold red]",
    "[@click=app.quit]quit[/]",
    "[link=https://evil.example]click[/link]",
    "\x1b[2J\x1b[H",  # clear screen
    "\x1b]52;c;aGFja2Vk\x07",  # OSC 52: write the clipboard
    "\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\",  # OSC 8 hyperlink
    "\x9b31m C1 CSI",
    "a\x00b\x07c\x08d\x7f",
    "\u202etxt.exe",  # right-to-left override
    "zero\u200bwidth\ufeff",
    "line\nbreak\rreturn\u2028sep",
    '=HYPERLINK("https://evil.example")',
    "𝕦𝕟𝕚𝕔𝕠𝕕𝕖 漢字 👩‍👩‍👧",
    "'; DROP TABLE customers; --",
    "%s%n{0}{}",
    "",
    " " * 50,
)


@cache
def hostile_strings() -> st.SearchStrategy[str]:
    """One hostile string: a known nasty one, a huge one, or random text with controls."""
    return st.one_of(
        st.sampled_from(HOSTILE_STRINGS),
        st.builds(lambda s, n: s * n, st.sampled_from(HOSTILE_STRINGS[:6]), st.integers(1, 2000)),
        st.text(
            alphabet=st.characters(codec="utf-8", categories=["Cc", "Cf", "Zl", "Zp", "L", "S"]),
            max_size=64,
        ),
        st.just("x" * 200_000),
    )


@cache
def json_values() -> st.SearchStrategy[JSON]:
    """Small arbitrary JSON values (for unknown fields)."""
    scalars = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(2**63), max_value=2**63),
        st.floats(allow_nan=False, allow_infinity=False),
        hostile_strings(),
    )
    return st.recursive(
        scalars,
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
        max_leaves=6,
    )


# --- mutations ---------------------------------------------------------------------

#: The ways :func:`mutants` breaks a body.
MUTATIONS = (
    "drop_key",  # remove one key anywhere
    "null",  # a value becomes null
    "wrong_type",  # a value becomes a value of another JSON type
    "unknown_enum",  # an enum/const string becomes a value the spec does not list
    "extra_key",  # the resource (or each page item) gets an unknown key
    "hostile_string",  # a string becomes a hostile one
)


@dataclass(frozen=True)
class Mutant:
    """A valid body, the same body broken in one place, and what was done to it."""

    original: JSON
    body: JSON
    kind: str  # one of MUTATIONS, or "none" when the body had no place for it
    #: Where: the dropped key's path, the replaced value's path, the added key's path.
    path: Path = ()
    #: The value put there (``unknown_enum``, ``hostile_string``, ``extra_key``...).
    value: JSON = None

    @property
    def dotted_path(self) -> str:
        """The path as :class:`~rapidly_tui.api.errors.DecodeError` names fields."""
        return ".".join(str(step) for step in self.path)


def walk(body: JSON, path: Path = ()) -> Iterator[tuple[Path, JSON]]:
    """Every (path, value) below ``body`` (the root excluded), depth first."""
    if isinstance(body, dict):
        for key, value in body.items():
            yield (*path, key), value
            yield from walk(value, (*path, key))
    elif isinstance(body, list):
        for index, value in enumerate(body):
            yield (*path, index), value
            yield from walk(value, (*path, index))


def get_path(body: JSON, path: Path) -> JSON:
    for step in path:
        body = body[step]
    return body


def _set(body: JSON, path: Path, value: JSON) -> None:
    get_path(body, path[:-1])[path[-1]] = value


def resource_paths(body: JSON, *, paged: bool) -> list[Path]:
    """Where the resources of a body are: the root, or each item of a page."""
    if paged and isinstance(body, dict) and isinstance(body.get("data"), list):
        return [("data", i) for i, item in enumerate(body["data"]) if isinstance(item, dict)]
    return [()] if isinstance(body, dict) else []


def _other_type(value: JSON) -> st.SearchStrategy[JSON]:
    """A value of another JSON type than ``value`` (one pydantic's lax mode does not
    convert back: no numeric strings, no 0/1 for booleans)."""
    if isinstance(value, bool):
        return st.sampled_from(["yes", [], {}])
    if isinstance(value, (int, float)):
        return st.sampled_from(["twelve", [1], {"n": 1}])
    if isinstance(value, str):
        return st.sampled_from([[value], {"value": value}, 12345, 1.5])
    if isinstance(value, list):
        return st.sampled_from(["list", {"0": None}, 7])
    if isinstance(value, dict):
        return st.sampled_from(["object", [value], 0])
    return st.sampled_from(["null?", [], {}])


@st.composite
def mutants(draw: st.DrawFn, resource: Resource) -> Mutant:
    """A valid body of ``resource`` and a copy broken in one place (see :data:`MUTATIONS`)."""
    original = draw(valid_bodies(resource.schema))
    body = copy.deepcopy(original)
    # Not sampled_from alone: Hypothesis favours small choices (the first mutation got
    # half the examples). Mixing in a checksum of the body spreads them evenly and
    # stays a function of the draws, so failures still replay and shrink.
    spread = zlib.crc32(encode(original)) + draw(st.integers(min_value=0, max_value=255))
    kind = MUTATIONS[spread % len(MUTATIONS)]
    every = list(walk(body))
    if kind == "drop_key":
        keys = [path for path, _ in every if isinstance(path[-1], str)]
        if keys:
            path = draw(st.sampled_from(keys))
            del get_path(body, path[:-1])[path[-1]]
            return Mutant(original, body, kind, path)
    elif kind == "null":
        present = [path for path, value in every if value is not None]
        if present:
            path = draw(st.sampled_from(present))
            _set(body, path, None)
            return Mutant(original, body, kind, path)
    elif kind == "wrong_type":
        if every:
            path, value = draw(st.sampled_from(every))
            replacement = draw(_other_type(value))
            _set(body, path, replacement)
            return Mutant(original, body, kind, path, replacement)
    elif kind == "unknown_enum":
        known = enum_values(resource.schema)
        enums = [path for path, value in every if isinstance(value, str) and value in known]
        if enums:
            path = draw(st.sampled_from(enums))
            unknown = "zz_" + draw(st.text(alphabet="abcdefghijklmnopqrstuvwxyz_.", max_size=12))
            _set(body, path, unknown)
            return Mutant(original, body, kind, path, unknown)
    elif kind == "extra_key":
        targets = resource_paths(body, paged=resource.paged)
        if targets:
            target = draw(st.sampled_from(targets))
            # The prefix keeps the key clear of optional fields the body left out.
            key = "x_unknown_" + draw(st.text(max_size=12))
            value = draw(json_values())
            get_path(body, target)[key] = value
            return Mutant(original, body, kind, (*target, key), value)
    elif kind == "hostile_string":
        strings = [path for path, value in every if isinstance(value, str)]
        if strings:
            path = draw(st.sampled_from(strings))
            hostile = draw(hostile_strings())
            _set(body, path, hostile)
            return Mutant(original, body, kind, path, hostile)
    return Mutant(original, body, "none")


#: Ways :func:`corruptions` breaks the bytes of a body.
CORRUPTIONS = ("truncate", "invalid_utf8", "stray_byte")


@st.composite
def corruptions(draw: st.DrawFn, encoded: bytes) -> tuple[str, bytes]:
    """``encoded`` (a JSON object) broken at the byte level: cut short, an invalid
    UTF-8 byte, or a stray structural byte. None of them can be valid JSON."""
    kind = draw(st.sampled_from(CORRUPTIONS))
    if kind == "truncate" or len(encoded) < 2:
        # No proper prefix of an object's text is a complete JSON value.
        cut = draw(st.integers(min_value=1, max_value=max(1, len(encoded) - 1)))
        return kind, encoded[:cut]
    offset = draw(st.integers(min_value=1, max_value=len(encoded) - 1))
    if kind == "invalid_utf8":
        return kind, encoded[:offset] + b"\xff" + encoded[offset:]
    # A byte that breaks the structure wherever it lands (even inside a string).
    return kind, encoded[:offset] + b'"}\x01' + encoded[offset:]


# --- the client path ---------------------------------------------------------------


def encode(body: JSON) -> bytes:
    """The body as the server would send it (raw UTF-8, controls escaped)."""
    return json.dumps(body, ensure_ascii=False).encode("utf-8")


class BodyServer:
    """An ``httpx.MockTransport`` that answers every request with ``body`` (200, JSON).

    One client over it serves a whole fuzz run: set :attr:`body` per example.
    """

    def __init__(self) -> None:
        self.body = b"{}"
        self.requests = 0
        self.transport = httpx.MockTransport(self._answer)

    def _answer(self, request: httpx.Request) -> httpx.Response:
        self.requests += 1
        return httpx.Response(
            200,
            content=self.body,
            headers={"content-type": "application/json", "x-request-id": "fuzz-request"},
        )


class ClientRunner:
    """A RapidlyClient over a :class:`BodyServer`, on its own event loop, for sync
    hypothesis tests. Use as a context manager."""

    def __init__(self) -> None:
        self.server = BodyServer()
        self._loop = asyncio.new_event_loop()
        self.client = self._loop.run_until_complete(self._make_client())

    async def _make_client(self) -> RapidlyClient:
        return RapidlyClient(
            "http://fuzz.invalid", "rapidly_oat_fuzz", transport=self.server.transport
        )

    def fetch(self, resource: Resource, body: bytes) -> Any:
        """What ``resource``'s client call returns for ``body`` (or raises)."""
        self.server.body = body
        return self._loop.run_until_complete(resource.call(self.client))

    def close(self) -> None:
        self._loop.run_until_complete(self.client.aclose())
        self._loop.close()

    def __enter__(self) -> ClientRunner:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def fetch_through_client(runner: ClientRunner, resource: Resource, body: bytes) -> Any:
    """The parsed model, or the :class:`~rapidly_tui.api.errors.DecodeError` raised.

    Any other exception propagates: that is the bug a fuzzer looks for.
    """
    try:
        return runner.fetch(resource, body)
    except errors.DecodeError as error:
        return error
