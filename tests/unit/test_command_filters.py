"""The commands' filter flags are the resource specs' (rapidly_tui/present/resources.py):
the same flag names and the same fixed choices, so the TUI and the commands agree."""

from __future__ import annotations

import argparse
from typing import Any

import pytest

from rapidly_tui.cli import build_parser
from rapidly_tui.present import resources
from rapidly_tui.present.spec import ResourceSpec


def _subparser(*words: str) -> argparse.ArgumentParser:
    parser: Any = build_parser()
    for word in words:
        action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        parser = action.choices[word]
    return parser  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("words", "spec", "keys"),
    [
        (("payments", "list"), resources.PAYMENT, ("status", "customer", "since")),
        (("events", "list"), resources.EVENT, ("name", "source", "customer", "since")),
        (("events", "tail"), resources.EVENT, ("name", "source", "customer", "since")),
        (
            ("webhooks", "deliveries"),
            resources.WEBHOOK_DELIVERY,
            ("endpoint", "http", "event_type", "since", "succeeded"),
        ),
        (("members", "list"), resources.MEMBER, ("customer",)),
    ],
)
def test_command_flags_are_the_spec_filters(
    words: tuple[str, ...], spec: ResourceSpec, keys: tuple[str, ...]
) -> None:
    options = {
        flag: action for action in _subparser(*words)._actions for flag in action.option_strings
    }
    for key in keys:
        spec_filter = next(f for f in spec.filters if f.key == key)
        assert spec_filter.flag in options, (words, spec_filter.flag)
        choices = options[spec_filter.flag].choices
        if spec_filter.choices and key != "succeeded":  # --failed is the one flag of two
            assert list(choices or ()) == list(spec_filter.choices)


def test_http_class_is_the_api_parameter_and_its_four_classes() -> None:
    http = next(f for f in resources.WEBHOOK_DELIVERY.filters if f.key == "http")
    assert (http.flag, http.param) == ("--http-class", "http_code_class")
    assert http.choices == ("2xx", "3xx", "4xx", "5xx")


def test_payment_methods_are_open_the_api_takes_any() -> None:
    options = {
        flag: action
        for action in _subparser("payments", "list")._actions
        for flag in action.option_strings
    }
    assert options["--method"].choices is None
    args = build_parser().parse_args(["payments", "list", "--method", "ideal"])
    assert args.method == "ideal"
