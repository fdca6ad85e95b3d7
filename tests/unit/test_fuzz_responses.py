"""Fuzzing the client's response path with bodies generated from the spec.

For every resource the explorer shows, 1,000 examples (``RAPIDLY_FUZZ_EXAMPLES``
changes that), each sending two bodies through the real client path
(``RapidlyClient`` over ``httpx.MockTransport``):

1. a body generated from the spec's schema: it must parse;
2. the same body broken in one place (tests/support/fuzz.py ``MUTATIONS``): it must
   parse or raise :class:`DecodeError` naming the broken field, never anything else;
   an unknown enum value or an unknown key must parse and be kept as sent;
3. (100 examples, three resources) the valid body's bytes cut short or corrupted:
   always :class:`DecodeError`.

Parsed pages are also written with the command-line writers (table, JSON Lines, CSV):
hostile strings must not crash them and no control character reaches a table.

``derandomize=True``: the examples are the same on every run, so CI is reproducible
and a failure reproduces locally with the same command. Run:
``uv run pytest tests/unit/test_fuzz_responses.py -q -p no:cacheprovider``.
"""

from __future__ import annotations

import io
import json
import os
import re
from collections import Counter
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema
from pydantic import BaseModel

from rapidly_tui import output
from rapidly_tui.api import errors
from rapidly_tui.api.models import MetricsResponse
from rapidly_tui.commands import data
from tests.support.fixtures import recording
from tests.support.fuzz import (
    MUTATIONS,
    RESOURCES,
    ClientRunner,
    Mutant,
    Resource,
    corruptions,
    encode,
    fetch_through_client,
    get_path,
    mutants,
    resource_paths,
    valid_bodies,
)
from tests.support.schemas import schema_errors

EXAMPLES = int(os.environ.get("RAPIDLY_FUZZ_EXAMPLES", "1000"))

FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
    ],
)

#: How each paged resource is listed by the command-line commands.
LISTINGS: dict[str, data.Listing] = {
    "customers page": data.CUSTOMERS,
    "members page": data.MEMBERS,
    "payments page": data.PAYMENTS,
    "events page": data.EVENTS,
    "webhook deliveries page": data.DELIVERIES,
}

# A table cell may hold nothing a terminal would act on: no C0/C1 control (except the
# row's own newline), no bidi override or zero-width character.
_TERMINAL_UNSAFE = re.compile(
    r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]"
)


@pytest.fixture(scope="module")
def runner() -> Iterator[ClientRunner]:
    with ClientRunner() as client_runner:
        yield client_runner


def _dump(parsed: BaseModel) -> Any:
    return parsed.model_dump(mode="json", by_alias=True)


def _assert_names_the_field(error: errors.DecodeError, mutant: Mutant) -> None:
    assert error.message.startswith("The response does not match the API")
    assert error.fields, error.message
    assert error.request_id == "fuzz-request"
    path = mutant.dotted_path
    assert any(
        field == path or field.startswith(path + ".") or path.startswith(field + ".")
        for field in error.fields
    ), (path, error.fields)


def _check_writers(resource: Resource, parsed: Any) -> None:
    """Every CLI format writes the parsed page without error; tables stay safe."""
    listing = LISTINGS.get(resource.name)
    if listing is None:
        return
    items = parsed.data
    table = io.StringIO()
    writer = output.TableWriter(listing.columns, table, width=120)
    writer.write_page(items)
    writer.finish()
    assert not _TERMINAL_UNSAFE.search(table.getvalue())
    lines = io.StringIO()
    jsonl = output.JsonLinesWriter(lines, lambda item: item.to_json_dict())
    jsonl.write_page(items)
    decoded = [json.loads(line) for line in lines.getvalue().splitlines()]
    assert decoded == [item.to_json_dict() for item in items]
    csv_out = io.StringIO()
    csv_writer = output.CsvWriter(csv_out, listing.csv_fields, lambda item: item.to_json_dict())
    csv_writer.write_page(items)
    csv_writer.finish()


def _check_valid(runner: ClientRunner, resource: Resource, body: Any) -> Any:
    parsed = fetch_through_client(runner, resource, encode(body))
    assert not isinstance(parsed, errors.DecodeError), parsed.message
    dumped = _dump(parsed)
    # Nothing the server sent is lost: the raw JSON view shows every key.
    for path in resource_paths(body, paged=resource.paged):
        assert get_path(dumped, path).keys() >= get_path(body, path).keys()
    if isinstance(parsed, MetricsResponse):
        for slug in parsed.metrics:
            assert len(parsed.series(slug)) == len(parsed.periods)
    _check_writers(resource, parsed)
    return parsed


def _check_mutant(runner: ClientRunner, resource: Resource, mutant: Mutant) -> str:
    """Check one broken body; return what became of it ("parsed" or "DecodeError")."""
    outcome = fetch_through_client(runner, resource, encode(mutant.body))
    if mutant.kind in ("unknown_enum", "extra_key"):
        # Open enums and extra="allow": the API may grow without breaking the explorer.
        assert not isinstance(outcome, errors.DecodeError), (mutant.path, outcome.message)
        assert get_path(_dump(outcome), mutant.path) == mutant.value
    if isinstance(outcome, errors.DecodeError):
        _assert_names_the_field(outcome, mutant)
        return "DecodeError"
    if mutant.kind == "hostile_string":
        # Kept exactly, not cleaned: neutralising is the display's job.
        assert get_path(_dump(outcome), mutant.path) == mutant.value
    _check_writers(resource, outcome)
    return "parsed"


def _fuzz(resource: Resource, outcomes: Counter[tuple[str, str]]) -> Any:
    @FUZZ
    @given(mutant=mutants(resource))
    def run(runner: ClientRunner, mutant: Mutant) -> None:
        _check_valid(runner, resource, mutant.original)
        result = _check_mutant(runner, resource, mutant)
        outcomes[mutant.kind, result] += 1

    return run


@pytest.mark.parametrize("resource_name", sorted(RESOURCES))
def test_any_response_parses_or_is_a_decode_error(runner: ClientRunner, resource_name: str) -> None:
    before = runner.server.requests
    outcomes: Counter[tuple[str, str]] = Counter()
    _fuzz(RESOURCES[resource_name], outcomes)(runner)
    # Two bodies per example went over the transport, each once (nothing retried).
    assert runner.server.requests - before == 2 * EXAMPLES
    # The run was not vacuous: every mutation happened, and both outcomes occurred.
    if EXAMPLES >= 200:
        assert {kind for kind, _ in outcomes} >= set(MUTATIONS), outcomes
        assert {result for _, result in outcomes} == {"parsed", "DecodeError"}


#: Byte-level corruption is about the JSON reader, the same for every resource.
CORRUPTED_RESOURCES = ("customers page", "payments page", "workspace")


@pytest.mark.parametrize("resource_name", CORRUPTED_RESOURCES)
def test_corrupted_bytes_are_always_a_decode_error(
    runner: ClientRunner, resource_name: str
) -> None:
    resource = RESOURCES[resource_name]

    @settings(FUZZ, max_examples=min(EXAMPLES, 100))
    @given(st.data())
    def run(data: st.DataObject) -> None:
        body = data.draw(valid_bodies(resource.schema))
        how, corrupted = data.draw(corruptions(encode(body)))
        outcome = fetch_through_client(runner, resource, corrupted)
        assert isinstance(outcome, errors.DecodeError), how
        assert outcome.message.startswith("The response does not match the API")

    run()


@pytest.mark.parametrize("resource_name", sorted(RESOURCES))
def test_generated_bodies_follow_the_spec_strictly(resource_name: str) -> None:
    # The generator's own check: what it calls valid is valid against the spec, with
    # objects closed as the real server's bodies are.
    resource = RESOURCES[resource_name]

    @settings(FUZZ, max_examples=25)
    @given(valid_bodies(resource.schema))
    def run(body: Any) -> None:
        assert schema_errors(body, resource.schema) == []

    run()


def test_a_card_method_without_card_details_is_a_generic_payment(runner: ClientRunner) -> None:
    # Valid per the spec (GenericPayment's method is any string); the client must not
    # insist on card details the body does not claim to have.
    body = {
        "data": [
            {
                "created_at": "2026-01-01T00:00:00Z",
                "modified_at": None,
                "id": "5f0c1e2a-8d4b-4c3e-9f6a-1b2c3d4e5f60",
                "processor": "stripe",
                "status": "succeeded",
                "amount": 1000,
                "currency": "usd",
                "method": "card",
                "decline_reason": None,
                "decline_message": None,
                "workspace_id": "0b9d7f6e-5c4b-4a3e-8d2c-1f0e9d8c7b6a",
                "processor_metadata": {},
            }
        ],
        "meta": {"total": 1, "page": 1, "per_page": 10, "pages": 1},
    }
    resource = RESOURCES["payments page"]
    assert schema_errors(body, resource.schema) == []
    parsed = _check_valid(runner, resource, body)
    assert parsed.data[0].method == "card"


def test_deeply_nested_json_is_a_decode_error(runner: ClientRunner) -> None:
    # A hostile server could nest arrays until a recursive parser overflows the stack.
    body = b'{"data": ' + b"[" * 100_000 + b"]" * 100_000 + b', "meta": {}}'
    outcome = fetch_through_client(runner, RESOURCES["customers page"], body)
    assert isinstance(outcome, errors.DecodeError)


@pytest.mark.parametrize(
    "body",
    [b"", b"null", b"[]", b'"text"', b"0", b"<html>oops</html>", b"\xef\xbb\xbf{}", b"{}" * 2],
)
def test_bodies_that_are_not_a_resource_are_decode_errors(
    runner: ClientRunner, body: bytes
) -> None:
    for resource in RESOURCES.values():
        outcome = fetch_through_client(runner, resource, body)
        assert isinstance(outcome, errors.DecodeError), (resource.name, body)


RFC3339 = from_schema({"type": "string", "format": "date-time"})


@settings(FUZZ, max_examples=min(EXAMPLES, 150))
@given(created_at=RFC3339, modified_at=RFC3339)
def test_timestamps_in_any_rfc3339_form_parse(
    runner: ClientRunner, created_at: str, modified_at: str
) -> None:
    # The bodies above use the server's own form (UTC, Z); the spec allows any offset.
    body = recording("customers_get_state")["body"] | {
        "created_at": created_at,
        "modified_at": modified_at,
    }
    outcome = fetch_through_client(runner, RESOURCES["customer state"], encode(body))
    assert not isinstance(outcome, errors.DecodeError), outcome.message
    # The same instant, offset included (never read as local time).
    assert outcome.created_at == datetime.fromisoformat(created_at.replace("Z", "+00:00"))
    assert outcome.modified_at == datetime.fromisoformat(modified_at.replace("Z", "+00:00"))
