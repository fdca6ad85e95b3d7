"""jump_problem: what a ``:`` text that starts like a list but opens none lacks."""

from __future__ import annotations

from rapidly_tui.screens.browsers import jump_problem


def test_a_bad_payments_filter_names_the_statuses_and_methods() -> None:
    said = jump_problem("payments bogus")
    assert said is not None
    assert "'bogus'" in said
    assert "pending, succeeded, failed" in said
    assert "card" in said


def test_deliveries_and_lists_without_arguments_say_what_they_take() -> None:
    assert "failed or succeeded" in (jump_problem(":deliveries maybe") or "")
    assert ":members alone" in (jump_problem("members ada") or "")


def test_what_opens_a_list_or_is_a_customer_reference_is_no_problem() -> None:
    for text in ("payments failed", "payments card", "events customer.created", "deliveries"):
        assert jump_problem(text) is None, text
    for text in ("ada@example.com", "usr_1337", "customers ada"):
        assert jump_problem(text) is None, text


def test_the_typed_text_is_neutralized() -> None:
    said = jump_problem("payments \x1b[31mred")
    assert said is not None
    assert "\x1b" not in said
