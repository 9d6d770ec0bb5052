"""Reading the status panel of an admin page (portal/status_panel.py) in tests."""

import re

PANEL = re.compile(r'<section class="status-panel"[^>]*>.*?</section>', re.S)
BUTTON = re.compile(
    r'<(a|button)\b[^>]*class="([^"]*status-action[^"]*)"[^>]*data-action="([\w-]+)"[^>]*>'
    r"(.*?)</\1>",
    re.S,
)


def panel(content: str) -> str:
    found = PANEL.search(content)
    assert found, "no status panel on the page"
    return found.group(0)


def buttons(content: str) -> dict[str, dict]:
    """The panel's buttons by action name: the element, its classes and its name."""
    return {
        action: {"tag": tag, "classes": classes.split(), "text": text.strip()}
        for tag, classes, action, text in BUTTON.findall(panel(content))
    }


def assert_panel_first(content: str) -> None:
    """The panel is the first thing in #content after the page's title, before the form."""
    start = content.index('id="content"')
    at = content.index('class="status-panel"')
    title = content.index("<h1", start)
    assert start < title < at < content.index('id="content-main"')
    section = panel(content)
    # A landmark with a name: the section is labelled by its own heading.
    assert 'aria-labelledby="status-panel-heading"' in section
    assert '<h2 id="status-panel-heading">' in section
