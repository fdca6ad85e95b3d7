"""Terminal-injection safety: hostile API strings in every widget of every screen.

The data (tests/tui/test_hostile_dataset.py) puts Rich/Textual markup, CSI, OSC 52,
OSC 8, C0/C1 controls, bidi overrides, zero-width and combining characters, wide
CJK/emoji and 10,000-character strings into every displayed field. For each screen
(overview, customers browser, detail, raw JSON, a row's JSON, command palette,
notifications, error panels, the lookup modal, the start-up message) the test renders
the whole screen the way the driver would and proves:

* no escape sequence from the data reaches the terminal: no segment's text holds a
  control, format (bidi, zero-width), separator or unassigned character, and the
  bytes written contain nothing but Textual's own colour and cursor sequences (no
  OSC at all, no BEL, no C1);
* no hyperlink and no ``@click`` action comes out of API text (no segment style has
  a link or a click meta);
* the layout holds: every line is exactly the terminal's width, and in every table
  each column starts at the same cell on every row as in the header;
* the strings are shown literally (markup as typed) or visibly neutralised, and the
  app keeps running (a click on ``[@click=app.quit]`` opens the row).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from textual._compositor import CompositorUpdate
from textual.pilot import Pilot
from textual.strip import Strip
from textual.widgets import DataTable

from rapidly_tui.app import RapidlyApp
from rapidly_tui.screens.customers import CustomersScreen
from rapidly_tui.screens.detail import CustomerDetailScreen
from rapidly_tui.screens.modals import ErrorModal, JsonModal, LookupModal
from rapidly_tui.screens.overview import OverviewScreen
from rapidly_tui.text import neutralize
from rapidly_tui.widgets.field_list import FieldList
from rapidly_tui.widgets.header import TopBar
from rapidly_tui.widgets.panel import Panel
from rapidly_tui.widgets.tables import RowTable
from tests.tui.harness import SIZE, Harness, make_harness, screen_named, wait_until
from tests.tui.test_hostile_dataset import (
    HOSTILE,
    HOSTILE_ADA_EMAIL,
    HOSTILE_DETAIL,
    HOSTILE_METRIC_NAME,
    HOSTILE_WORKSPACE_NAME,
    VALUES,
    hostile_dataset,
    hostile_faults,
)

#: Characters that must never be written inside text: controls (C0, DEL, C1), format
#: characters (bidi overrides, zero-width), line/paragraph separators, surrogates and
#: unassigned code points. (Private-use characters are glyphs, e.g. icon fonts.)
FORBIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs", "Cn"})
#: The only sequences Textual writes for a repaint: cursor moves and SGR colours.
TEXTUAL_SEQUENCES = re.compile(r"\x1b\[\d+;\d+H|\x1b\[[\d;]*m")
#: Scrollbars carry Textual's own mouse actions; nothing else may carry one.
TEXTUAL_MOUSE_META = frozenset({"@mouse.down", "@mouse.up", "@mouse.move"})


def hostile_harness(**kwargs: Any) -> Harness:
    """The app on the hostile data set; add fault rules to ``.faults`` before running."""
    return make_harness(dataset=hostile_dataset(), faults=hostile_faults(), **kwargs)


# --- what reaches the terminal ----------------------------------------------------------


def screen_strips(app: RapidlyApp) -> list[Strip]:
    """The screen as composited for the terminal (modals over their background)."""
    return list(app.screen._compositor.render_strips())


def terminal_output(app: RapidlyApp) -> str:
    """The bytes the driver would write to repaint the whole screen."""
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    assert isinstance(update, CompositorUpdate)
    return update.render_segments(app.console)


def forbidden(text: str) -> list[str]:
    return sorted(
        {
            f"U+{ord(char):04X}"
            for char in text
            if char != "\n" and unicodedata.category(char) in FORBIDDEN_CATEGORIES
        }
    )


def assert_terminal_safe(app: RapidlyApp, where: str, *, output: bool = True) -> None:
    """The checks of the module docstring on the current screen. ``output=False``
    skips rendering the bytes (the segment checks already imply them)."""
    width = app.size.width
    strips = screen_strips(app)
    assert len(strips) == app.size.height, where
    for y, strip in enumerate(strips):
        assert strip.cell_length == width, f"{where}: line {y} is {strip.cell_length} cells"
        for segment in strip:
            bad = forbidden(segment.text)
            assert not bad, f"{where}: line {y} writes {bad} in {segment.text[:80]!r}"
            style = segment.style
            if style is None:
                continue
            assert not style.link, f"{where}: line {y} has a hyperlink to {style.link!r}"
            actions = {key for key in style.meta if key.startswith("@")}
            assert actions <= TEXTUAL_MOUSE_META, f"{where}: line {y} has actions {actions}"
    assert_tables_aligned(app, strips, where)
    if output:
        written = terminal_output(app)
        assert "\x1b]" not in written, f"{where}: an OSC sequence is written"
        leftover = TEXTUAL_SEQUENCES.sub("", written)
        assert not forbidden(leftover), f"{where}: {forbidden(leftover)} written"


def column_starts(strip: Strip) -> tuple[int | None, dict[int, int]]:
    """(row, {column: first cell}) of one rendered DataTable line."""
    x = 0
    row: int | None = None
    starts: dict[int, int] = {}
    for segment in strip:
        meta = segment.style.meta if segment.style is not None else {}
        column = meta.get("column")
        if isinstance(column, int) and column not in starts:
            starts[column] = x
            row = meta.get("row")
        x += segment.cell_length
    return row, starts


def assert_tables_aligned(app: RapidlyApp, strips: list[Strip], where: str) -> int:
    """Each visible table's columns start at the header's cells on every line.
    Returns how many table lines were checked."""
    rows_checked = 0
    for table in app.screen.query(DataTable):
        region = table.region
        if not table.display or not region.area or not table.row_count:
            continue
        header: dict[int, int] | None = None
        for y in range(region.y, min(region.bottom, len(strips))):
            # Only this table's cells (two tables may share a line).
            row, starts = column_starts(strips[y].crop(region.x, region.right))
            if not starts:
                continue
            if row == -1:
                header = starts
                continue
            rows_checked += 1
            assert header is not None, f"{where}: #{table.id} has no header line"
            assert starts == {k: v for k, v in header.items() if k in starts}, (
                f"{where}: #{table.id} row {row} columns at {starts}, header at {header}"
            )
    return rows_checked


def assert_running(app: RapidlyApp, where: str) -> None:
    assert app.is_running, where
    assert app.return_code is None, where
    assert not any(isinstance(s, ErrorModal) for s in app.screen_stack), where


def shown(value: str, max_chars: int) -> str:
    """How a value reads on screen: neutralised, cut to ``max_chars`` with a count."""
    return neutralize(value, max_chars=max_chars)


async def settle(pilot: Pilot[Any], app: RapidlyApp, screen_type: type) -> None:
    await wait_until(
        pilot,
        lambda: (
            isinstance(app.screen, screen_type)
            and not app.screen.loading_keys  # type: ignore[attr-defined]
            and all(p.state in ("ready", "error") for p in app.screen.query(Panel))
        ),
        what=screen_type.__name__,
    )
    await pilot.pause()


# --- the screens --------------------------------------------------------------------------


async def test_overview_shows_a_hostile_workspace_literally() -> None:
    h = hostile_harness()
    app = h.app
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app, OverviewScreen)
        screen = app.screen
        assert isinstance(screen, OverviewScreen)
        assert_terminal_safe(app, "overview")
        trail = screen.query_one(TopBar).trail_plain
        assert shown(HOSTILE_WORKSPACE_NAME, 40) in trail
        fields = screen.query_one("#workspace-fields", FieldList)
        assert fields.value_plain("Email") == shown(HOSTILE["OSC 52"], 500)
        assert fields.value_plain("Website") == HOSTILE["markup link"]
        assert fields.value_plain("Socials").startswith("[@click=app.quit]quit[/]: ␛]8;;")
        settings = str(screen.query_one("#settings-fields", FieldList).rows)
        assert "␛[31mred␛[0m" in settings
        assert "⟨U+202E⟩exe.txt" in settings
        latest = screen.query_one("#latest-customers", RowTable)
        names = [latest.cell_plain(i, "name") for i in range(latest.row_count)]
        assert names[1:] == [shown(v, 120) for v in VALUES[1:10]]
        assert screen.metric_label.startswith("[red]Sessions[/red]␛[5m⟨U+202E⟩ per day")
        assert HOSTILE_METRIC_NAME not in screen.metric_label
        webhooks = screen.query_one("#failed-webhooks", RowTable)
        responses = {webhooks.cell_plain(i, "response") for i in range(webhooks.row_count)}
        assert responses & {shown(v, 120) for v in VALUES}
        assert_running(app, "overview")
        await pilot.press("q")
    assert app.return_code == 0


async def test_customers_browser_rows_are_literal_and_columns_hold() -> None:
    h = hostile_harness()
    app = h.app
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app, OverviewScreen)
        await pilot.press("c")
        await settle(pilot, app, CustomersScreen)
        assert_terminal_safe(app, "customers browser")
        # Every row on screen was checked for its column positions.
        assert assert_tables_aligned(app, screen_strips(app), "customers browser") >= 30
        table = app.screen.query_one("#customers-table", RowTable)
        for row, value in enumerate(VALUES[1:], start=1):
            assert table.cell_plain(row, "name") == shown(value, 120), row
            email = f"{VALUES[(row + 1) % len(VALUES)]}@hostile{row}.example"
            assert table.cell_plain(row, "email") == shown(email, 120), row
        long_name = table.cell_plain(VALUES.index(HOSTILE["long"]), "name")
        assert long_name == "W" * 120 + "… (+9,880 chars)"

        # A click on the cell showing "[@click=app.quit]quit[/]" opens that customer.
        row = VALUES.index(HOSTILE["click action"])
        assert table.cell_plain(row, "name") == "[@click=app.quit]quit[/]"
        await pilot.click(table, offset=(36, 1 + row))
        await wait_until(pilot, screen_named(app, "CustomerDetailScreen"))
        assert app.screen.customer.name == HOSTILE["click action"]  # type: ignore[attr-defined]
        assert_running(app, "after clicking a hostile row")
        await settle(pilot, app, CustomerDetailScreen)
        assert_terminal_safe(app, "detail of the click-action customer")
        await pilot.press("q")
    assert app.return_code == 0


async def test_detail_sections_raw_json_and_row_json_are_safe() -> None:
    h = hostile_harness()
    app = h.app
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app, OverviewScreen)
        await pilot.press("enter")  # the newest customer: Ada, hostile everywhere
        await settle(pilot, app, CustomerDetailScreen)
        screen = app.screen
        assert isinstance(screen, CustomerDetailScreen)
        assert screen.customer.email == HOSTILE_ADA_EMAIL
        assert_terminal_safe(app, "detail")
        profile = screen.query_one("#profile", FieldList)
        assert profile.value_plain("Email").startswith(shown(HOSTILE_ADA_EMAIL, 500))
        assert profile.value_plain("Type") == "␛[31mred␛[0m␛[2J␛[Hteam"
        assert profile.value_plain("External ID") == shown(ada_external_id(), 500)
        trail = screen.query_one(TopBar).trail_plain
        assert trail.endswith(shown(screen.customer.name or "", 40))
        metadata = screen.query_one("#metadata", RowTable)
        keys = [metadata.cell_plain(i, "key") for i in range(metadata.row_count)]
        values = [metadata.cell_plain(i, "value") for i in range(metadata.row_count)]
        assert values == [shown(v, 200) for v in VALUES]
        assert keys[3] == "click action [@click=app.quit]quit[/]"
        members = screen.query_one("#members", RowTable)
        assert members.row_count == 3
        assert members.cell_plain(0, "name") == shown(VALUES[3], 100)
        assert members.cell_plain(0, "role") == shown(VALUES[5], 30)
        payments = screen.query_one("#payments", RowTable)
        statuses = {payments.cell_plain(i, "status") for i in range(payments.row_count)}
        assert shown(HOSTILE["OSC 52"] + "failed", 20) in statuses
        # A page scrolled into view is as safe as the first: scroll every section.
        for selector in ("#payments", "#events", "#metadata", "#members"):
            screen.query_one(selector, RowTable).scroll_end(animate=False)
        await pilot.pause()
        assert_terminal_safe(app, "detail, tables scrolled to the end")

        await pilot.press("j")
        await pilot.pause()
        assert screen.showing_json
        assert_terminal_safe(app, "raw JSON view")
        assert '"email": "[@click=app.quit]\\u001b]52;c;aGk=\\u0007ada' in screen.json_text
        await pilot.press("j")

        screen.query_one("#payments", RowTable).focus()
        await pilot.press("home", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, JsonModal))
        await pilot.pause()
        assert_terminal_safe(app, "payment JSON modal")
        await pilot.press("escape")
        assert_running(app, "detail")
        await pilot.press("q")
    assert app.return_code == 0


def ada_external_id() -> str:
    return HOSTILE["click action"] + HOSTILE["C1"]


async def test_command_palette_hits_are_safe() -> None:
    h = hostile_harness()
    app = h.app
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app, OverviewScreen)
        await pilot.press("ctrl+p")
        await wait_until(pilot, screen_named(app, "CommandPalette"))
        await pilot.press(*"hostile")
        options = app.screen.query_one("OptionList")
        await wait_until(pilot, lambda: options.option_count >= 8, what="palette hits")  # type: ignore[attr-defined]
        await pilot.pause(0.2)
        assert_terminal_safe(app, "command palette")
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]  # type: ignore[attr-defined]
        assert any("[@click=app.quit]quit[/]" in prompt for prompt in prompts)
        await pilot.press("escape")
        assert_running(app, "palette")
        await pilot.press("q")
    assert app.return_code == 0


# --- errors, notifications, modals -------------------------------------------------------

#: A customer id nobody has.
GHOST = "00000000-0000-4000-8000-00000000dead"


async def test_hostile_error_details_in_panels_toasts_and_the_lookup() -> None:
    h = hostile_harness(start_workspace="acme", start_customer=GHOST)
    # A start-up deep link the server refuses: the notification quotes the server. (A
    # 404 would not be quoted: the id is then tried as an external id, and the lookup
    # says it found neither.)
    h.faults.status(f"/api/customers/{GHOST}", 409, body={"detail": HOSTILE_DETAIL})
    app = h.app
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app, OverviewScreen)
        await wait_until(pilot, lambda: app._notifications, what="the notification")
        await pilot.pause(0.3)
        assert_terminal_safe(app, "overview with a hostile notification")
        toast = next(iter(app._notifications))
        assert toast.message.startswith(
            f"Customer {GHOST}: Unexpected HTTP 409: [@click=app.quit]Not [b]found[/b]"
        )
        assert "␛]52;c;aGk=␇␛[2J⟨U+202E⟩evil" in toast.message
        app.clear_notifications()

        # A panel error quoting a hostile 404, 409 and 422 from the server.
        screen = app.screen
        h.faults.status("/api/payments/", 404, body={"detail": HOSTILE_DETAIL})
        h.faults.status(
            "/api/webhooks/", 409, body={"detail": HOSTILE["OSC 8"] + HOSTILE["markup link"]}
        )
        h.faults.status(
            "/api/customers/",
            422,
            body={
                "detail": [
                    {"loc": ["query", HOSTILE["CSI"]], "msg": HOSTILE["click action"]},
                    {"loc": [HOSTILE["bidi"]], "msg": HOSTILE["long"]},
                ]
            },
        )
        await pilot.press("r")
        for selector in ("#panel-payments", "#panel-webhooks", "#panel-customers"):
            panel = screen.query_one(selector, Panel)
            await wait_until(pilot, lambda p=panel: p.state == "error", what=selector)  # type: ignore[misc]
        await pilot.pause()
        assert_terminal_safe(app, "overview with hostile errors")
        payments = screen.query_one("#panel-payments", Panel).status_text
        assert "[@click=app.quit]Not [b]found[/b]␛]52;c;aGk=␇␛[2J⟨U+202E⟩evil!!!" in payments
        assert "… (+" in payments  # 2,000 characters are cut
        webhooks = screen.query_one("#panel-webhooks", Panel).status_text
        assert "Unexpected HTTP 409: ␛]8;;https://evil.example␛\\click me" in webhooks
        customers = screen.query_one("#panel-customers", Panel).status_text
        assert "query.␛[31mred␛[0m␛[2J␛[H: [@click=app.quit]quit[/]" in customers
        h.faults.clear()

        # The lookup modal quotes the error too.
        h.faults.status(f"/api/customers/{GHOST}", 409, body={"detail": HOSTILE_DETAIL})
        await pilot.press("colon")
        await wait_until(pilot, lambda: isinstance(app.screen, LookupModal))
        await pilot.press(*GHOST, "enter")
        modal = app.screen
        assert isinstance(modal, LookupModal)
        await wait_until(pilot, lambda: "Unexpected" in modal.status_plain)
        assert_terminal_safe(app, "lookup modal with a hostile error")
        assert "[@click=app.quit]Not [b]found[/b]␛]52" in modal.status_plain
        await pilot.press("escape")
        assert_running(app, "errors")
        await pilot.press("q")
    assert app.return_code == 0


async def test_hostile_error_at_start_up_is_a_safe_message() -> None:
    h = hostile_harness(default_workspace=None)
    h.faults.status("/api/workspaces/", 409, body={"detail": HOSTILE_DETAIL})
    app = h.app
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, screen_named(app, "MessageScreen"))
        await pilot.pause()
        assert_terminal_safe(app, "start-up message")
        body = app.screen.body_plain  # type: ignore[attr-defined]
        assert "Unexpected HTTP 409: [@click=app.quit]Not [b]found[/b]␛]52;c;aGk=␇" in body
        assert app.is_running
        await pilot.press("q")
    assert app.return_code == 1  # an unexpected status (README's table)
