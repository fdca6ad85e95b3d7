"""Every screen stays readable in a light theme (textual-light).

Each scene of scripts/screenshots.py (every screen of the app) is drawn in textual-light
and every cell of text (a run of cells holding a letter or a digit) is checked against
the WCAG contrast ratio of its foreground and background as drawn:

- text: at least 4.5:1 (WCAG AA for body text);
- text the app dims on purpose (hints, "request id:", a legacy customer's type; Rich's
  ``dim``, which Textual draws by blending the colour towards the background and marks
  ``not dim``): at least 3:1 (WCAG AA for large text and interface components).

Behind a modal, the screen underneath is faded on purpose: only the modal is checked.
Borders, scrollbars and chart bars (no letter or digit) are not text.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from textual.geometry import Region
from textual.pilot import Pilot
from textual.screen import ModalScreen

from rapidly_tui.app import RapidlyApp
from rapidly_tui.auth.errors import ConfigError

ROOT = Path(__file__).resolve().parents[2]
THEME = "textual-light"
BODY = 4.5
DIMMED = 3.0


def _screenshots() -> ModuleType:
    spec = importlib.util.spec_from_file_location("screenshots", ROOT / "scripts/screenshots.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SHOTS = _screenshots()


def luminance(rgb: tuple[int, int, int]) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = rgb
    return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_ratio_is_wcag_s() -> None:
    assert contrast((0, 0, 0), (255, 255, 255)) == pytest.approx(21.0)
    assert contrast((118, 118, 118), (255, 255, 255)) == pytest.approx(4.54, abs=0.01)


def low_contrast_text(app: RapidlyApp) -> tuple[list[str], int]:
    """Every run of text drawn below its threshold, with where and what; and how many
    runs of text were checked."""
    screen = app.screen
    region: Region | None = None
    if isinstance(screen, ModalScreen):
        drawn = [widget.region for widget in screen.walk_children() if widget.region.area]
        region = Region.from_union(drawn)
    update: Any = screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    problems: list[str] = []
    checked = 0
    for y, line in enumerate(update.strips):
        x = 0
        for strip in line:
            for segment in strip:
                start, x = x, x + segment.cell_length
                text, style = segment.text, segment.style
                if segment.control or style is None or not any(c.isalnum() for c in text):
                    continue
                if region is not None and not region.contains(start, y):
                    continue
                assert style.color is not None, (text, style)
                assert style.bgcolor is not None, (text, style)
                foreground = style.color.get_truecolor()
                background = style.bgcolor.get_truecolor()
                if style.reverse:
                    foreground, background = background, foreground
                checked += 1
                ratio = contrast(tuple(foreground), tuple(background))
                dimmed = style.dim is False  # Textual's mark for a dim blended in
                if ratio < (DIMMED if dimmed else BODY):
                    problems.append(
                        f"{ratio:.2f}:1 at ({start},{y}) {text.strip()!r}"
                        f"{' (dimmed)' if dimmed else ''}: {foreground.hex} on {background.hex}"
                    )
    return problems, checked


async def _palette(pilot: Pilot[Any], app: RapidlyApp) -> None:
    await SHOTS.overview(pilot, app)
    await pilot.press("ctrl+p", *"theme")
    await SHOTS.until(pilot, lambda: type(app.screen).__name__ == "CommandPalette")
    await pilot.pause(0.3)


async def _unexpected_error(pilot: Pilot[Any], app: RapidlyApp) -> None:
    await SHOTS.overview(pilot, app)
    app.show_unexpected(RuntimeError("a bug"))
    await SHOTS.until(pilot, lambda: type(app.screen).__name__ == "ErrorModal")


async def _message(pilot: Pilot[Any], app: RapidlyApp) -> None:
    await SHOTS.until(pilot, lambda: type(app.screen).__name__ == "MessageScreen")


#: The screens scripts/screenshots.py has no picture of.
MORE_SCENES = {
    "command-palette": (SHOTS.make_app, _palette),
    "unexpected-error": (SHOTS.make_app, _unexpected_error),
    "cannot-start": (
        lambda: SHOTS.make_app(startup_error=ConfigError("The config file is broken.")),
        _message,
    ),
}
SCENES = {**SHOTS.SCENES, **MORE_SCENES}


@pytest.mark.parametrize("scene", list(SCENES))
async def test_every_screen_is_readable_in_the_light_theme(scene: str) -> None:
    factory, play = SCENES[scene]
    app = factory()
    async with app.run_test(size=(120, 40)) as pilot:
        app.theme = THEME
        await play(pilot, app)
        await pilot.pause(0.1)
        assert app.current_theme.dark is False
        problems, checked = low_contrast_text(app)
        assert problems == []
        assert checked >= 5, f"only {checked} runs of text on {type(app.screen).__name__}"
