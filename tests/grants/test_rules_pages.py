"""The budget page at the call's limits, as an applicant sees it in the Japanese UI."""

import re
from html import unescape

import pytest
from django.urls import reverse

from tests.grants.factories import ApplicationFactory, CallFactory, cost

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, sapporo_staff):
    client.force_login(sapporo_staff)
    return client


def budget_url(application):
    return reverse("grants:application_section", args=[application.pk, "budget"])


def post_budget(client, application, amount: str, requested: str):
    data = {
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "100",
        "action": "stay",
        "requested_amount": requested,
        "lines-0-cost_category": str(cost("honorarium").pk),
        "lines-0-description": "講師謝金",
        "lines-0-amount": amount,
    }
    return client.post(budget_url(application), data)


def text(response) -> str:
    page = response.content.decode()
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def test_a_request_of_exactly_the_lower_limit_is_saved(staff_client, draft):
    # 1/2 of 200,000円 is 100,000円: the maximum is exactly the 下限額, and so is the request.
    response = post_budget(staff_client, draft, "200,000", "100,000")
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.requested_amount == 100_000


def test_one_yen_short_of_the_lower_limit_says_the_eligible_cost_needed(staff_client, draft):
    response = post_budget(staff_client, draft, "199,999", "100,000")
    assert response.status_code == 200
    page = text(response)
    assert (
        "募集の下限額100,000円を下回っています。補助対象経費を200,000円以上にしてください。" in page
    )
    assert 'value="199,999"' in response.content.decode()  # what was typed is kept
    assert 199_999 not in [line.amount for line in draft.budget_lines.all()]  # not saved


def test_a_call_whose_lower_limit_cannot_be_reached_answers_at_once(staff_client, sapporo_staff):
    # Both limits 150,000円 in units of 100,000円: the subsidy never exceeds 100,000円.
    # This used to loop for ever while looking for the eligible cost needed.
    call = CallFactory(upper_limit=150_000, lower_limit=150_000)
    application = ApplicationFactory(call=call, created_by=sapporo_staff)
    response = post_budget(staff_client, application, "1,000,000", "100,000")
    assert response.status_code == 200
    page = text(response)
    assert "150,000円" in page
    assert "補助対象経費を" not in page  # no eligible cost is suggested: none would do
