"""Browser tests drive Debian's Chromium through Playwright against a live server."""

import os
import shutil
import sys

import pytest

from tests.conftest import in_ci


def _chromium() -> str:
    """Debian's Chromium for the journeys: its headless shell (package
    chromium-headless-shell, the same Blink without the browser's window machinery) when it
    is installed, as in CI, else the browser itself. The shell renders the same pages with
    about a quarter less CPU, which is most of what the journeys cost. PORTAL_CHROMIUM
    chooses another binary."""
    chosen = os.environ.get("PORTAL_CHROMIUM")
    if chosen:
        return chosen
    return (
        shutil.which("chromium-headless-shell") or shutil.which("chromium") or "/usr/bin/chromium"
    )


CHROMIUM = _chromium()
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    if os.path.exists(CHROMIUM):
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


def sign_in(page, live_server, user):
    """Sign ``user`` in (the factories' password) with a fresh session, in the Japanese UI."""
    from tests.factories import PASSWORD

    page.context.clear_cookies()
    page.context.add_cookies([{"name": "django_language", "value": "ja", "url": live_server.url}])
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_login", user.email)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()


def assert_accessible(page, label: str = ""):
    """axe-core finds no WCAG 2.x A/AA violation on the current page.

    axe runs inside the page and hands back only its violations: asking for every result type
    (the wrapper's ``Axe().run`` with options) made Chromium serialise each passing node of
    every page across the wire, which cost about twice the audit itself."""
    state = _page_state(page)
    if state and state in _AUDITED:
        return
    violations = _axe_violations(page)
    assert not violations, f"{label or page.url}\n{_axe_report(violations)}"
    assert_reflows(page, label)
    if state:
        _AUDITED.add(state)


# The page states this worker's journeys found accessible (axe and reflow). A journey that comes
# back to a page it (or another journey) already checked, unchanged, is not checked again: the
# same markup at the same size with the same stylesheets gives the same answer, and the audit
# is most of what a journey costs (about one page in eight recurs).
_AUDITED: set[str] = set()
# What axe would see: the markup without the per-response CSRF tokens (64 letters and digits),
# the width, the focused element; hashed in the page, so a 700 KB page is not sent back.
_STATE_PROBE = r"""async () => {
    const markup = document.documentElement.outerHTML.replace(/"[A-Za-z0-9]{64}"/g, '""');
    const focus = document.activeElement;
    const key = [location.pathname, window.innerWidth, window.innerHeight,
        focus ? focus.tagName + "#" + focus.id + "@" + (focus.name || "") : "", markup].join("\n");
    const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(key));
    return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}"""


def _page_state(page) -> str:
    page.wait_for_load_state("load")
    try:
        return page.evaluate(_STATE_PROBE)
    except Exception:  # a page still being replaced, or no secure context: audited anyway
        return ""


def _axe_violations(page, attempts: int = 3) -> list[dict]:
    """Run axe once the page has loaded.

    A click that navigates returns once the new document commits, before it has parsed: axe
    started then finds no ``document.documentElement``, or its context is torn down under it.
    Waiting for the load event, and trying again if the page was still being replaced, audits
    the page the test is looking at rather than a half-built one."""
    from axe_playwright_python.base import AXE_SCRIPT
    from playwright.sync_api import Error as PlaywrightError

    for attempt in range(attempts):
        page.wait_for_load_state("load")
        try:
            if not page.evaluate("() => typeof window.axe !== 'undefined'"):
                page.evaluate(AXE_SCRIPT)
            return page.evaluate(
                "options => axe.run(document, options).then(results => results.violations)",
                {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]},
            )
        except PlaywrightError as error:
            navigating = "documentElement" in str(error) or "context was destroyed" in str(error)
            if not navigating or attempt == attempts - 1:
                raise
    raise AssertionError("unreachable")


def _axe_report(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation.get('impact')}): {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {', '.join(map(str, node['target']))}: {node['html'][:200]}")
    return "\n".join(lines)


# WCAG 1.4.10: usable at 320 CSS px (and a common phone's 390) without scrolling sideways.
REFLOW_WIDTHS = (390, 320)
# The outermost elements that stick out on the right, widest first, skipping content inside
# its own scroll container (a <pre> that scrolls inside itself is fine).
_REFLOW_PROBE = """() => {
    const width = window.innerWidth;
    const scrollWidth = document.documentElement.scrollWidth;
    if (scrollWidth <= width) return {fits: true, scrollWidth, offenders: []};
    const clips = (el) => {
        for (let a = el.parentElement; a; a = a.parentElement) {
            if (getComputedStyle(a).overflowX !== "visible") return true;
        }
        return false;
    };
    const sticksOut = (el) => el.getBoundingClientRect().right > width + 0.5;
    const offenders = [...document.body.querySelectorAll("*")]
        .filter((el) => sticksOut(el) && !(el.parentElement && sticksOut(el.parentElement)))
        .filter((el) => !clips(el))
        .map((el) => {
            const classes = [...el.classList].map((c) => "." + c).join("");
            const text = (el.innerText || "").trim().replace(/\\s+/g, " ").slice(0, 60);
            const right = Math.round(el.getBoundingClientRect().right);
            const what = el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + classes;
            return {right, what, text};
        })
        .sort((a, b) => b.right - a.right)
        .slice(0, 5);
    return {fits: false, scrollWidth, offenders};
}"""


def assert_reflows(page, label: str = ""):
    """The page needs no horizontal scrolling at 390 and 320 CSS px (no navigation, no reload)."""
    original = page.viewport_size or {"width": 1280, "height": 720}
    try:
        for width in REFLOW_WIDTHS:
            page.set_viewport_size({"width": width, "height": original["height"]})
            probe = page.evaluate(_REFLOW_PROBE)
            offenders = "\n".join(
                f"  {o['what']} reaches {o['right']}px: {o['text']!r}" for o in probe["offenders"]
            )
            assert probe["fits"], (
                f"{label or page.url}: {probe['scrollWidth']}px wide at a {width}px viewport "
                f"(WCAG 1.4.10)\n{offenders}"
            )
    finally:
        page.set_viewport_size(original)


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
