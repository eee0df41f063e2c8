"""Browser tests: Playwright for Python driving Debian's Chromium (never a downloaded browser)
against the live test server, with axe-core from npm injected into each page."""

import os
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.clock import TODAY
from upward.demo.seed import DEMO_PASSWORD, build_demo

# Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test
# itself are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "e2e" / "artifacts"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if not executable:
        pytest.fail("Chromium is not installed: run scripts/install-system-deps")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    # bypass_csp lets the test inject axe-core; the app's own pages never need it.
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def demo(transactional_db: None) -> list[object]:
    return build_demo(today=TODAY, seed=2026)


def sign_in(page: Page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Email or username").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base_url}/")


def check_accessibility(page: Page, label: str) -> None:
    """Run axe-core at WCAG 2.2 AA and save a screenshot; fail with the violations listed."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(
        path=str(ARTIFACTS / f"{re.sub(r'[^a-z0-9-]+', '-', label.lower())}.png"), full_page=True
    )
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    problems = [
        f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
    ]
    assert problems == [], f"{label}: accessibility violations:\n" + "\n".join(problems)


PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1440, "height": 900}
Person = Callable[[str, dict[str, int]], Page]


@pytest.fixture
def person(browser: Browser, live_server) -> Iterator[Person]:
    """`person("lead", PHONE)`: a signed-in page for that demo login at that size."""
    contexts = []

    def open_as(username: str, viewport: dict[str, int]) -> Page:
        context = browser.new_context(bypass_csp=True, viewport=viewport)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        sign_in(page, live_server.url, username)
        return page

    yield open_as
    for context in contexts:
        context.close()


def look_at_both(page: Page, label: str) -> None:
    """axe and a screenshot at the current size, a screenshot at the other; a phone page never
    scrolls sideways. Saved as e2e/artifacts/<label>-<phone|desktop>.png."""
    size = page.viewport_size
    for view, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        page.set_viewport_size(viewport)
        if view == "phone":
            assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
        if viewport == size:
            check_accessibility(page, f"{label}-{view}")
        else:
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / f"{label}-{view}.png"), full_page=True)
    page.set_viewport_size(size)  # type: ignore[arg-type]
