"""Municipal staff propose a case study of their municipality: it arrives as a draft for
their bureau, whose officers are notified; their page lists their municipality's."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from casebook.models import CaseStudy, Origin, Status
from tests.casebook.factories import CaseStudyFactory, theme

pytestmark = pytest.mark.django_db

PROPOSE = reverse("casebook:proposal_create")
LIST = reverse("casebook:proposal_list")


def form_data(**overrides):
    data = {
        "title": "空き家を活用したお試し移住住宅",
        "summary": "空き家を改修し、移住希望者が暮らしを体験できるようにした。",
        "fiscal_year": "2025",
        "themes": [str(theme("migration").pk)],
        "challenge": "移住の相談はあるが定住につながらない。",
        "actions": "空き家を改修してお試し住宅とした。",
        "results": "3年間で11世帯が移住した。",
        "contact_department": "企画課",
        "contact_phone": "０１１-２１１-２１１１",
        "contact_email": "kikaku@example.jp",
    }
    data.update(overrides)
    return data


def test_a_proposal_arrives_as_a_draft_for_the_bureau(
    client, sapporo_staff, ishikari_officer, oshima_officer, django_capture_on_commit_callbacks
):
    client.force_login(sapporo_staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(PROPOSE, form_data())
    assert response.status_code == 302 and response["Location"] == LIST
    case_study = CaseStudy.objects.get()
    assert case_study.status == Status.DRAFT
    assert case_study.origin == Origin.PROPOSAL
    assert case_study.municipality == sapporo_staff.municipality
    assert case_study.bureau.code == "ishikari"
    assert case_study.proposed_by == sapporo_staff
    assert case_study.contact_phone == "011-211-2111"  # full-width digits accepted
    assert [m.to for m in mail.outbox] == [[ishikari_officer.email]]
    listing = client.get(LIST).content.decode()
    assert "空き家を活用したお試し移住住宅" in listing


def test_errors_keep_everything_typed(english, sapporo_staff):
    english.force_login(sapporo_staff)
    response = english.post(PROPOSE, form_data(title="", contact_phone="abc"))
    html = response.content.decode()
    assert response.status_code == 200
    assert CaseStudy.objects.count() == 0
    assert 'class="error-summary"' in html
    assert html.index('class="error-summary"') < html.index("<h1")
    assert "空き家を改修し、移住希望者が暮らしを体験できるようにした。" in html
    assert 'value="abc"' in html
    assert re.search(r"<title>\s*Error:", html)


@pytest.mark.parametrize("user", ["ishikari_officer", "hq_user", "advisor", "newcomer"])
def test_only_municipal_staff_propose(client, request, user):
    client.force_login(request.getfixturevalue(user))
    assert client.get(PROPOSE).status_code == 403
    assert client.post(PROPOSE, form_data()).status_code == 403
    assert CaseStudy.objects.count() == 0


def test_the_public_is_asked_to_sign_in(client):
    assert client.get(PROPOSE).status_code == 302


def test_the_list_shows_only_the_own_municipality(
    english, sapporo_staff, django_assert_num_queries
):
    from tests.factories import municipality

    CaseStudyFactory(title="札幌の下書き")
    CaseStudyFactory(title="江別の事例", municipality=municipality("012173"))
    english.force_login(sapporo_staff)
    response = english.get(LIST)
    html = response.content.decode()
    assert "札幌の下書き" in html and "江別の事例" not in html
    assert re.search(r'role="status"[^>]*>\s*1 case study', html)
    filtered = english.get(LIST, {"status": "published"}).content.decode()
    assert "札幌の下書き" not in filtered


def test_the_list_query_count_is_fixed(client, sapporo_staff, django_assert_num_queries):
    """A signed-in request's own queries (session, user, notifications), the count and the
    page: the same for 1 and 11 rows."""
    client.force_login(sapporo_staff)
    CaseStudyFactory()
    client.get(LIST)
    with django_assert_num_queries(8):
        client.get(LIST)
    for _ in range(10):
        CaseStudyFactory()
    with django_assert_num_queries(8):
        client.get(LIST)
