"""The reflow check in assert_accessible fails on a page wider than a phone, names the culprit,
passes a page that reflows (a <pre> scrolling inside itself included), and restores the
viewport it changed."""

from pathlib import Path

import pytest
from django.conf import settings

from tests.e2e.conftest import assert_reflows

pytestmark = pytest.mark.e2e

PAGE = """<!doctype html><html lang="en"><head><title>t</title>
<style>body {{ margin: 0 }} pre {{ overflow-x: auto }}</style></head>
<body><main><h1>Reflow</h1>{body}</main></body></html>"""


def test_a_too_wide_table_fails_and_names_the_table(page):
    page.set_viewport_size({"width": 1024, "height": 700})
    page.set_content(
        PAGE.format(body='<table id="budget" style="width: 623px"><tr><td>x</td></tr></table>')
    )
    with pytest.raises(AssertionError) as failure:
        assert_reflows(page, "budget page")
    message = str(failure.value)
    assert "budget page: 623px wide at a 390px viewport" in message
    assert "table#budget reaches 623px" in message
    assert page.viewport_size == {"width": 1024, "height": 700}


def test_a_page_too_wide_only_at_320_fails_at_320(page):
    page.set_content(PAGE.format(body='<div class="card" style="width: 350px">card</div>'))
    with pytest.raises(AssertionError, match="at a 320px viewport") as failure:
        assert_reflows(page)
    assert "div.card reaches 350px" in str(failure.value)


def test_a_page_that_reflows_passes(page):
    long_line = "x" * 400
    page.set_content(PAGE.format(body=f"<p>Short text.</p><pre><code>{long_line}</code></pre>"))
    assert_reflows(page)


def test_the_portals_responsive_tables_turn_into_cards_that_fit(page):
    """The same wide table fails as a plain table and passes with class="responsive", its
    cells labelled by their column headers."""
    css = (Path(settings.BASE_DIR) / "static" / "css" / "portal.css").read_text()
    headers = [f"Column heading {n}" for n in range(7)]
    head = "".join(f'<th scope="col">{h}</th>' for h in headers)
    cells = "".join(
        f'<td class="nowrap" data-label="{h}">a value that does not wrap {n}</td>'
        for n, h in enumerate(headers)
    )
    table = (
        "<table{cls}><thead><tr>"
        + head
        + "</tr></thead><tbody><tr>"
        + cells
        + "</tr></tbody></table>"
    )
    page.set_viewport_size({"width": 1024, "height": 700})
    plain = PAGE.format(body=table.format(cls="")).replace(
        "</head>", f"<style>{css} .nowrap {{ white-space: nowrap }}</style></head>"
    )
    page.set_content(plain)
    with pytest.raises(AssertionError, match="table reaches"):
        assert_reflows(page)
    page.set_content(plain.replace("<table>", '<table class="responsive">'))
    assert_reflows(page)
    page.set_viewport_size({"width": 320, "height": 700})
    label = page.evaluate("getComputedStyle(document.querySelector('td'), '::before').content")
    assert label == '"Column heading 0"'
