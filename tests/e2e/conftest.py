"""Browser tests drive Debian's Chromium through Playwright against a live server."""

import os
import shutil
import sys

import pytest

from tests.conftest import in_ci

CHROMIUM = os.environ.get("PORTAL_CHROMIUM", "/usr/bin/chromium")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    if os.path.exists(CHROMIUM) or shutil.which("chromium"):
        return
    if in_ci():
        # In CI a missing browser is a failure, not a skip.
        return
    skip = pytest.mark.skip(reason=f"Chromium not found at {CHROMIUM}: apt-get install chromium")
    for item in items:
        if "e2e" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "ja-JP", "timezone_id": "Asia/Tokyo"}


def assert_accessible(page, label: str = ""):
    """axe-core finds no WCAG 2.x A/AA violation on the current page."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    assert results.violations_count == 0, f"{label or page.url}\n{results.generate_report()}"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


@pytest.fixture(autouse=True)
def _page_on_failure(request, page):
    """When a journey fails, the report shows where the browser was and what it saw."""
    yield
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        try:
            text = page.locator("body").inner_text(timeout=2000)
        except Exception as exc:  # diagnostics must not mask the failure
            text = f"(page text unavailable: {exc})"
        sys.stderr.write(f"\n--- browser at {page.url}\n{text[:4000]}\n")
