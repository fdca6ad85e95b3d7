"""Regenerate screenshots/*.svg: every screen of rapidly-tui on the demo data.

Run: ``uv run python scripts/screenshots.py`` (``--size 200x50`` for another size).
Each scene runs the app headless against the in-process demo API, waits until its
data is on screen, and saves an SVG.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from textual.pilot import Pilot  # noqa: E402

from rapidly_tui.api.client import RapidlyClient  # noqa: E402
from rapidly_tui.app import RapidlyApp  # noqa: E402
from rapidly_tui.connection import DEMO_URL, Connection  # noqa: E402
from rapidly_tui.demo import DEMO_LIMITED_TOKEN, DEMO_TOKEN, create_app, demo_transport  # noqa: E402
from rapidly_tui.widgets.panel import Panel  # noqa: E402

TODAY = date(2026, 11, 20)
Scene = Callable[[Pilot[Any], RapidlyApp], Awaitable[None]]


def make_app(token: str | None = DEMO_TOKEN, **kwargs: Any) -> RapidlyApp:
    transport = demo_transport(create_app())
    connection = Connection(
        server_url=DEMO_URL,
        token=token,
        token_source="demo" if token else "none",
        profile="demo",
        demo=True,
        default_workspace=kwargs.pop("default_workspace", "acme"),
    )

    def client(conn: Connection) -> RapidlyClient:
        return RapidlyClient(conn.server_url, conn.token, transport=transport)

    return RapidlyApp(
        connection=connection, client_factory=client, today=TODAY, environ={}, **kwargs
    )


async def until(pilot: Pilot[Any], check: Callable[[], bool], timeout: float = 20) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        try:
            if check():
                await pilot.pause(0.1)
                return
        except Exception:  # noqa: S110 - half-built screen; look again
            pass
        await pilot.pause(0.05)
    raise TimeoutError("scene did not settle")


def settled(app: RapidlyApp, name: str) -> bool:
    screen = app.screen
    return (
        type(screen).__name__ == name
        and not getattr(screen, "loading_keys", [])
        and all(p.state in ("ready", "error", "idle") for p in screen.query(Panel))
    )


async def overview(pilot: Pilot[Any], app: RapidlyApp) -> None:
    await until(pilot, lambda: settled(app, "OverviewScreen"))


async def customers(pilot: Pilot[Any], app: RapidlyApp) -> None:
    await overview(pilot, app)
    await pilot.press("c")
    await until(pilot, lambda: settled(app, "CustomersScreen"))


async def search(pilot: Pilot[Any], app: RapidlyApp) -> None:
    await customers(pilot, app)
    await pilot.press("slash", *"hostile", "enter")
    await until(
        pilot,
        lambda: getattr(app.screen, "search", "") == "hostile" and settled(app, "CustomersScreen"),
    )


async def detail(pilot: Pilot[Any], app: RapidlyApp) -> None:
    await until(pilot, lambda: settled(app, "CustomerDetailScreen"))


async def detail_json(pilot: Pilot[Any], app: RapidlyApp) -> None:
    await detail(pilot, app)
    await pilot.press("j")


async def detail_light(pilot: Pilot[Any], app: RapidlyApp) -> None:
    app.theme = "textual-light"  # as chosen in the command palette (ctrl+p, "theme")
    await detail(pilot, app)


async def help_screen(pilot: Pilot[Any], app: RapidlyApp) -> None:
    await detail(pilot, app)
    await pilot.press("question_mark")
    await pilot.pause(0.2)


async def copy_menu(pilot: Pilot[Any], app: RapidlyApp) -> None:
    await detail(pilot, app)
    await pilot.press("y")
    await pilot.pause(0.2)


async def picker(pilot: Pilot[Any], app: RapidlyApp) -> None:
    await until(pilot, lambda: settled(app, "WorkspacePickerScreen"))


async def login(pilot: Pilot[Any], app: RapidlyApp) -> None:
    await until(pilot, lambda: type(app.screen).__name__ == "LoginScreen")


async def lookup(pilot: Pilot[Any], app: RapidlyApp) -> None:
    await overview(pilot, app)
    await pilot.press("colon", *"nobody@example.com", "enter")
    await until(pilot, lambda: "Not found" in getattr(app.screen, "status_plain", ""))


async def jump(pilot: Pilot[Any], app: RapidlyApp, text: str, screen: str) -> None:
    await overview(pilot, app)
    await pilot.press("colon", *text, "enter")
    await until(pilot, lambda: settled(app, screen) and getattr(app.screen, "pages_loaded", 1))


async def payments_failed(pilot: Pilot[Any], app: RapidlyApp) -> None:
    await jump(pilot, app, "payments failed", "BrowserScreen")


async def events(pilot: Pilot[Any], app: RapidlyApp) -> None:
    await jump(pilot, app, "events", "BrowserScreen")


async def webhook_endpoints(pilot: Pilot[Any], app: RapidlyApp) -> None:
    await jump(pilot, app, "webhooks", "WebhookEndpointsScreen")
    await until(pilot, lambda: len(getattr(app.screen, "endpoints", {})) == 4)
    await pilot.pause(0.5)  # each endpoint's health fills in as its answer comes


async def webhook_endpoint(pilot: Pilot[Any], app: RapidlyApp) -> None:
    await webhook_endpoints(pilot, app)
    await pilot.press("down", "enter")  # the billing endpoint, mostly failing
    await until(pilot, lambda: settled(app, "WebhookEndpointScreen"))


async def webhook_delivery(pilot: Pilot[Any], app: RapidlyApp) -> None:
    await webhook_endpoint(pilot, app)
    await pilot.press("f")  # failed only
    await until(pilot, lambda: settled(app, "WebhookEndpointScreen"))
    app.screen.query_one("#deliveries").focus()
    await pilot.press("enter")
    await until(pilot, lambda: settled(app, "WebhookDeliveryScreen"))


SCENES: dict[str, tuple[Callable[[], RapidlyApp], Scene]] = {
    "payments-failed": (make_app, payments_failed),
    "events": (make_app, events),
    "webhook-endpoints": (make_app, webhook_endpoints),
    "webhook-endpoint": (make_app, webhook_endpoint),
    "webhook-delivery": (make_app, webhook_delivery),
    "overview": (make_app, overview),
    "customers": (make_app, customers),
    "customers-search-hostile": (make_app, search),
    "customer-detail": (lambda: make_app(start_customer="ada@example.com"), detail),
    "customer-detail-json": (lambda: make_app(start_customer="hostile4@example.com"), detail_json),
    "customer-detail-light": (lambda: make_app(start_customer="ada@example.com"), detail_light),
    "copy-menu": (lambda: make_app(start_customer="ada@example.com"), copy_menu),
    "help": (lambda: make_app(start_customer="ada@example.com"), help_screen),
    "lookup-not-found": (make_app, lookup),
    "workspace-picker": (lambda: make_app(default_workspace=None), picker),
    "login": (lambda: make_app(token=None), login),
    "missing-scopes": (
        lambda: make_app(token=DEMO_LIMITED_TOKEN, default_workspace=None),
        overview,
    ),
}


async def shoot(name: str, size: tuple[int, int], out: Path) -> Path:
    factory, scene = SCENES[name]
    app = factory()
    path = out / f"{name}.svg"
    async with app.run_test(size=size) as pilot:
        await scene(pilot, app)
        await pilot.pause(0.1)
        path.write_text(app.export_screenshot(title=f"rapidly-tui — {name}"), encoding="utf-8")
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="120x40", help="WIDTHxHEIGHT (default 120x40)")
    parser.add_argument("--out", default=str(ROOT / "screenshots"), help="output directory")
    parser.add_argument("scenes", nargs="*", help=f"some of: {', '.join(SCENES)}")
    args = parser.parse_args()
    width, height = (int(part) for part in args.size.lower().split("x"))
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for name in args.scenes or list(SCENES):
        path = asyncio.run(shoot(name, (width, height), out))
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
