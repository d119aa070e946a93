"""The headless Chromium the browser tests drive (a pytest plugin: the `browser` and `page`
fixtures)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 60_000


def require_chromium() -> None:
    """Skip without Chromium, except in CI, where the browser tests must run."""
    if CHROMIUM.is_file():
        return
    reason = f"no Chromium at {CHROMIUM} (install it with `apt-get install chromium`)"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}: the browser tests must run in CI")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A page in a fresh browser context (no cookies, no history)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="sv-SE")
    context.set_default_timeout(TIMEOUT_MS)
    yield context.new_page()
    context.close()
