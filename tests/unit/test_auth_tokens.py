"""Token shapes: what login accepts, how tokens are shown."""

from __future__ import annotations

import pytest

from rapidly_tui.auth import InvalidToken, clean_token, mask_token, token_kind
from rapidly_tui.auth.tokens import unrecognised_prefix_warning

SECRET = "rapidly_oat_abcdefghijklmnopqrstuvwxyz0123a1b2"


@pytest.mark.parametrize(
    ("token", "kind"),
    [
        ("rapidly_oat_x", "workspace access token"),
        ("rapidly_at_u_x", "user OAuth token"),
        ("rapidly_at_o_x", "workspace OAuth token"),
        ("polar_oat_x", None),
        ("ghp_x", None),
    ],
)
def test_token_kinds_are_recognised_by_prefix(token: str, kind: str | None) -> None:
    assert token_kind(token) == kind
    assert (unrecognised_prefix_warning(token) is None) == (kind is not None)


def test_mask_shows_prefix_and_last_four_only() -> None:
    assert mask_token(SECRET) == "rapidly_oat_…a1b2"
    assert mask_token("rapidly_at_u_" + "z" * 30 + "9876") == "rapidly_at_u_…9876"


def test_mask_of_short_or_unknown_tokens_gives_little_away() -> None:
    assert mask_token("rapidly_oat_short") == "rapidly_oat_…"
    assert mask_token("abcdefgh") == "…"
    assert mask_token("x" * 40 + "WXYZ") == "…WXYZ"
    assert mask_token(None) == "(none)"


@pytest.mark.parametrize(
    "raw",
    [
        f"{SECRET}\n",
        f"  {SECRET}  \r\n",
        f"\n\n{SECRET}\n\n",
        f"Bearer {SECRET}",
        f"bearer   {SECRET}\n",
    ],
)
def test_clean_token_strips_what_paste_and_files_add(raw: str) -> None:
    assert clean_token(raw) == SECRET


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("", "empty"),
        ("   \n", "empty"),
        ("Bearer ", "empty"),
        (f"{SECRET}\n{SECRET}", "several lines"),
        ("rapidly_oat_with space", "spaces"),
        ("rapidly_oat_\x1b]52;c;x\x07", "control"),
        ("rapidly_oat_é", "non-ASCII"),
        ("rapidly_oat_" + "a" * 2000, "too long"),
    ],
)
def test_clean_token_refuses_what_cannot_be_a_token(raw: str, reason: str) -> None:
    with pytest.raises(InvalidToken) as caught:
        clean_token(raw)
    assert reason in caught.value.message
    # The refused input may be a real secret: it is never quoted back.
    assert "rapidly_oat_" not in caught.value.message
