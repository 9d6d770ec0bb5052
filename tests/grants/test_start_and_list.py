"""Starting an application says what is missing, with the municipality chosen in advance
for its staff; the list of applications offers a new one."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from grants.models import ApplicantKind, Application

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def start_url(call):
    return reverse("grants:application_start", args=[call.pk])


def test_starting_without_choosing_who_applies_shows_the_error(client, sapporo_staff, call):
    client.force_login(sapporo_staff)
    response = client.post(start_url(call), {"applicant_name": ""})
    assert response.status_code == 200
    content = response.content.decode()
    summary = re.search(r'<div class="error-summary".*?</div>', content, re.S).group(0)
    assert "Who applies: Choose who applies (申請者区分)." in re.sub(r"\s+", " ", summary)
    assert 'href="#id_applicant_kind_0"' in summary
    # The field's own message too, and the page title says there is an error.
    assert content.count("Choose who applies (申請者区分).") == 2
    assert "<title>" in content and "Error:" in content.split("</title>")[0]
    assert Application.objects.count() == 0


def test_the_municipality_is_chosen_in_advance_for_its_staff(client, sapporo_staff, call):
    client.force_login(sapporo_staff)
    content = client.get(start_url(call)).content.decode()
    kind = ApplicantKind.objects.get(code="municipality")
    checked = re.findall(r"<input[^>]*checked[^>]*>", content)
    assert len(checked) == 1
    assert f'value="{kind.pk}"' in checked[0]
    assert "There is a problem" not in content


def test_the_application_list_offers_a_new_application(client, sapporo_staff):
    client.force_login(sapporo_staff)
    content = client.get(reverse("grants:application_list")).content.decode()
    assert re.search(
        rf'<a class="button" href="{reverse("grants:call_list")}">\s*Apply for a new grant', content
    )
