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
