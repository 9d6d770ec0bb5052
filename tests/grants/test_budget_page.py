"""The budget page (経費と申請額) of an application, as municipal staff use it: rows added
without JavaScript, recalculation that leaves the requested amount alone, the requested
amount filled in with the maximum, the arithmetic written out, and opening the page again
without errors."""

import re
from html import unescape

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from grants.forms.budget import arithmetic
from grants.models import BudgetLine
from grants.rules.applications import Line, Rules, summarise
from tests.grants.factories import cost

pytestmark = pytest.mark.django_db

UNIT_TEXT = "rounded down to a multiple of 10万円"


@pytest.fixture(autouse=True)
def _english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def staff_client(client, sapporo_staff):
    client.force_login(sapporo_staff)
    return client


@pytest.fixture
def empty_draft(draft):
    """The draft without a budget yet."""
    draft.budget_lines.all().delete()
    draft.requested_amount = None
    draft.save(update_fields=["requested_amount"])
    return draft


def budget_url(application, **query):
    url = reverse("grants:application_section", args=[application.pk, "budget"])
    return f"{url}?{'&'.join(f'{k}={v}' for k, v in query.items())}" if query else url


def page_text(content: str) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", content))).strip()


def text(response) -> str:
    return page_text(response.content.decode())


def arithmetic_text(response) -> str:
    """The arithmetic paragraph as a reader meets it (hidden steps left out)."""
    content = response.content.decode()
    paragraph = re.search(r'<p class="arithmetic"[^>]*>(.*?)</p>', content, re.S).group(1)
    paragraph = re.sub(r"<span data-cap hidden>.*?</span>", "", paragraph, flags=re.S)
    return page_text(paragraph)


def rows_of(response) -> list[str]:
    """The budget table's rows on the page (not the template of a new row)."""
    content = response.content.decode()
    content = re.sub(r"<template.*?</template>", "", content, flags=re.S)
    return re.findall(r"<tr id=\"line-\d+\".*?</tr>", content, re.S)


def post(lines, requested="", action="continue", total=None, **extra):
    data = {
        "lines-TOTAL_FORMS": str(total if total is not None else len(lines)),
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "100",
        "requested_amount": requested,
        "action": action,
        **extra,
    }
    for index, (code, description, amount) in enumerate(lines):
        data[f"lines-{index}-cost_category"] = str(cost(code).pk) if code else ""
        data[f"lines-{index}-description"] = description
        data[f"lines-{index}-amount"] = amount
    return data


# --- Opening the page -------------------------------------------------------------------------


def test_a_get_never_shows_errors_even_after_a_failed_save(staff_client, empty_draft):
    response = staff_client.post(
        budget_url(empty_draft), post([("honorarium", "", "abc")], "700,000")
    )
    assert "There is a problem" in text(response)
    again = staff_client.get(budget_url(empty_draft))
    assert "There is a problem" not in text(again)
    assert "Error:" not in text(again)
    # … and what was typed is there.
    assert 'value="abc"' in again.content.decode()
    assert 'value="700,000"' in again.content.decode()


def test_the_requested_amount_is_filled_in_with_the_maximum(staff_client, empty_draft):
    BudgetLine.objects.create(
        application=empty_draft,
        cost_category=cost("honorarium"),
        description="謝金",
        amount=1_580_000,
    )
    response = staff_client.get(budget_url(empty_draft))
    assert re.search(r'name="requested_amount" value="700,000"', response.content.decode())


def test_a_requested_amount_already_saved_is_not_replaced(staff_client, draft):
    draft.requested_amount = 500_000
    draft.save(update_fields=["requested_amount"])
    response = staff_client.get(budget_url(draft))
    assert re.search(r'name="requested_amount" value="500,000"', response.content.decode())


# --- Recalculating ----------------------------------------------------------------------------


def test_recalculating_with_no_requested_amount_saves_the_lines(staff_client, empty_draft):
    response = staff_client.post(
        budget_url(empty_draft),
        post(
            [("honorarium", "講師謝金", "580,000"), ("commission", "委託", "100万円")], "", "stay"
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == budget_url(empty_draft)
    empty_draft.refresh_from_db()
    assert [line.amount for line in empty_draft.budget_lines.all()] == [580_000, 1_000_000]
    assert empty_draft.requested_amount is None
    page = staff_client.get(budget_url(empty_draft))
    assert "Requested amount (yen):" not in text(page)
    assert "There is a problem" not in text(page)
    assert re.search(r'name="requested_amount" value="700,000"', page.content.decode())


def test_recalculating_says_nothing_about_an_unreadable_amount(staff_client, empty_draft):
    response = staff_client.post(
        budget_url(empty_draft), post([("honorarium", "講師謝金", "580,000")], "たくさん", "stay")
    )
    assert response.status_code == 200
    page = text(response)
    assert "Requested amount (yen):" not in page
    assert "There is a problem" not in page
    assert 'value="たくさん"' in response.content.decode()  # kept as typed
    assert "Maximum subsidy 200,000円" in page


def test_saving_to_move_on_still_needs_the_requested_amount(staff_client, empty_draft):
    response = staff_client.post(
        budget_url(empty_draft), post([("honorarium", "講師謝金", "580,000")], "", "continue")
    )
    assert response.status_code == 200
    assert "Requested amount (yen): This field is required." in text(response)


# --- Adding a row without JavaScript ----------------------------------------------------------


def test_adding_a_row_saves_and_comes_back_with_one_more_row(staff_client, empty_draft):
    lines = [("honorarium", "講師謝金", "300,000"), ("commission", "委託", "900,000")]
    response = staff_client.post(budget_url(empty_draft), post(lines, "", "add_row", total=3))
    assert response.status_code == 302
    assert response["Location"] == budget_url(empty_draft, rows=4) + "#line-4"
    page = staff_client.get(response["Location"])
    rows = rows_of(page)
    assert len(rows) == 4
    assert 'value="講師謝金"' in rows[0] and 'value="900,000"' in rows[1]
    assert "A row has been added." in text(page)


def test_adding_a_row_to_lines_with_a_problem_loses_nothing(staff_client, empty_draft):
    lines = [("honorarium", "講師謝金", "300,000"), ("commission", "", "abc")]
    response = staff_client.post(budget_url(empty_draft), post(lines, "600,000", "add_row"))
    assert response.status_code == 200
    rows = rows_of(response)
    assert len(rows) == 3
    assert 'value="講師謝金"' in rows[0] and 'value="abc"' in rows[1]
    assert 'value="600,000"' in response.content.decode()
    assert not BudgetLine.objects.filter(application=empty_draft).exists()
    # The draft keeps the extra row too.
    again = staff_client.get(budget_url(empty_draft))
    assert len(rows_of(again)) >= 3
    assert 'value="abc"' in again.content.decode()


def test_the_page_carries_the_empty_row_for_the_script(staff_client, empty_draft):
    content = staff_client.get(budget_url(empty_draft)).content.decode()
    template = re.search(r'<template id="budget-empty-row">(.*?)</template>', content, re.S)
    assert 'name="lines-__prefix__-amount"' in template.group(1)
    assert '<script src="/static/js/budget.js" defer></script>' in content or "js/budget" in content
    assert 'data-rounding-unit="100000"' in content


# --- The arithmetic -------------------------------------------------------------------------


def test_the_arithmetic_is_written_out_on_the_page(staff_client, empty_draft):
    staff_client.post(
        budget_url(empty_draft),
        post(
            [("honorarium", "講師謝金", "580,000"), ("commission", "委託", "1,000,000")], "", "stay"
        ),
    )
    page = staff_client.get(budget_url(empty_draft))
    assert arithmetic_text(page) == (
        f"How it is calculated: 1,580,000円 × 1/2 = 790,000円 → {UNIT_TEXT} → 700,000円"
    )


@pytest.mark.parametrize(
    ("eligible", "expected"),
    [
        # At the unit, one yen of subsidy below it, one above (the Japanese UI, as the issue
        # writes it: 「1,580,000円×1/2＝790,000円 → 10万円未満切捨て → 700,000円」).
        (200_000, "200,000円×1/2＝100,000円 → 10万円未満切捨て → 100,000円"),
        (199_998, "199,998円×1/2＝99,999円 → 10万円未満切捨て → 0円"),
        (200_002, "200,002円×1/2＝100,001円 → 10万円未満切捨て → 100,000円"),
        (1_580_000, "1,580,000円×1/2＝790,000円 → 10万円未満切捨て → 700,000円"),
        # Above the upper limit, its step shows.
        (
            7_000_000,
            "7,000,000円×1/2＝3,500,000円 → 上限3,000,000円 → 10万円未満切捨て → 3,000,000円",
        ),
    ],
)
def test_the_arithmetic_follows_the_rule(eligible, expected):
    rules = Rules(
        rate_numerator=1,
        rate_denominator=2,
        upper_limit=3_000_000,
        lower_limit=100_000,
        rounding_unit=100_000,
    )
    summary = summarise([Line(1, eligible)], rules)
    with translation.override("ja"):
        html = str(arithmetic(summary, rules))
    html = re.sub(r"<span data-cap hidden>.*?</span>", "", html)
    assert unescape(re.sub(r"<[^>]+>", "", html)) == expected
    assert summary.maximum == rules.subsidy_for(eligible)


def test_adding_a_row_below_the_lower_limit_is_not_an_error(staff_client, empty_draft):
    # 150,000円 × 1/2 is below the call's 下限額: the next row is how one gets there.
    response = staff_client.post(
        budget_url(empty_draft), post([("honorarium", "講師謝金", "150,000")], "", "add_row")
    )
    assert response.status_code == 302
    page = staff_client.get(response["Location"])
    assert "There is a problem" not in text(page)
    assert len(rows_of(page)) == 2


def test_adding_a_row_on_a_page_saved_elsewhere_since_is_refused(staff_client, empty_draft):
    content = staff_client.get(budget_url(empty_draft)).content.decode()
    version = re.search(r'name="version" value="(\d+)"', content).group(1)
    base = re.search(r'name="base" value="([^"]+)"', content).group(1)
    lines = [("honorarium", "講師謝金", "300,000")]
    data = post(lines, "", "stay", version=version, base=base)
    assert staff_client.post(budget_url(empty_draft), data).status_code == 302
    # The same page (same version) adds a row: someone saved since, nothing is lost.
    stale = post([("commission", "委託", "900,000")], "", "add_row", version=version, base=base)
    response = staff_client.post(budget_url(empty_draft), stale)
    assert response.status_code == 200
    assert "There is a problem" in text(response)
    assert 'value="委託"' in response.content.decode()
    assert [line.description for line in empty_draft.budget_lines.all()] == ["講師謝金"]
