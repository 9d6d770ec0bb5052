"""The journeys' accessibility check itself: it must fail on a page with violations, or every
journey's axe pass would prove nothing."""

import pytest

from tests.e2e.conftest import assert_accessible

pytestmark = [pytest.mark.e2e]

PAGE = (
    '<html lang="ja"><head><title>確認</title></head>'
    "<body><main><h1>確認</h1>{}</main></body></html>"
)


def test_a_page_with_violations_fails_and_names_them(page):
    page.set_content(PAGE.format('<img src="a.png"><button></button>'))
    with pytest.raises(AssertionError) as failure:
        assert_accessible(page, "broken page")
    report = str(failure.value)
    assert "broken page" in report
    assert "image-alt" in report and "button-name" in report


def test_a_clean_page_passes_and_axe_is_injected_once(page):
    page.set_content(PAGE.format("<p>本文</p>"))
    assert_accessible(page)
    assert_accessible(page)
    assert page.evaluate("() => typeof window.axe") == "object"


def _serve(page, body: str) -> str:
    """``body`` at a localhost address (a secure context, as the live server's pages are)."""
    url = "http://localhost:9/axe-helper-check/"
    page.route(url, lambda route: route.fulfill(body=body, content_type="text/html; charset=utf-8"))
    page.goto(url)
    return url


def test_an_unchanged_page_is_audited_once_and_a_changed_one_again(page):
    _serve(page, PAGE.format("<p>一度だけ確認する本文</p>"))
    assert_accessible(page)
    page.evaluate(
        """() => {
            window.audits = 0;
            const run = axe.run;
            axe.run = function (...args) { window.audits += 1; return run.apply(this, args); };
        }"""
    )
    assert_accessible(page)
    assert page.evaluate("() => window.audits") == 0
    page.evaluate(
        "() => document.querySelector('main').insertAdjacentHTML('beforeend', '<button></button>')"
    )
    with pytest.raises(AssertionError) as failure:
        assert_accessible(page, "changed page")
    assert "button-name" in str(failure.value)
    assert page.evaluate("() => window.audits") == 1
