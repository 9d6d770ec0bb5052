"""Companies of ほっかいどう応援団会議: a signed-up account registers its company, HQ approves
it in the admin (the account gets the company role) or declines it with a reason."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from grants.models import Company
from grants.rules.furusato import corporate_number_check_digit, corporate_number_is_valid
from grants.services import companies as services
from grants.todos.support import support_todos
from portal.models import Role
from tests.factories import UserFactory
from tests.grants.support_factories import CompanyFactory, InterestFactory

pytestmark = pytest.mark.django_db

REGISTER = reverse("grants:company_register")
HOME = reverse("grants:company_home")

FORM = {
    "name": "株式会社ほっかいどう応援",
    "name_kana": "カブシキガイシャホッカイドウオウエン",
    "corporate_number": "１１８０３０１０１８７７１",  # full-width is fine
    "head_office_address": "東京都千代田区丸の内1-1-1",
    "head_office_municipality": "",
    "industry": "情報通信業",
    "website": "https://www.example.com/",
    "description": "子育て支援を応援したい。",
    "contact_department": "経営企画部",
    "contact_phone": "03-0000-0000",
}
# The same, as the service takes it (the form has cleaned it).
FIELDS = {
    **FORM,
    "corporate_number": "1180301018771",
    "head_office_municipality": None,
    "website": "",
}


def test_the_corporate_number_check_digit():
    # Published numbers: the National Tax Agency and a large company.
    assert corporate_number_is_valid("7000012050002")
    assert corporate_number_is_valid("1180301018771")
    assert not corporate_number_is_valid("2180301018771")
    assert not corporate_number_is_valid("118030101877")
    assert not corporate_number_is_valid("11803010187a1")
    assert corporate_number_check_digit("000012050002") == 7


def test_a_new_account_registers_its_company_and_hq_is_told(
    client, newcomer, hq_user, django_capture_on_commit_callbacks
):
    client.force_login(newcomer)
    assert client.get(REGISTER).status_code == 200
    bad = client.post(REGISTER, {**FORM, "corporate_number": "1234567890123"})
    assert bad.status_code == 200
    text = bad.content.decode()
    assert "1234567890123" in text and "株式会社ほっかいどう応援" in text
    assert bad.context["form"].errors["corporate_number"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(REGISTER, FORM)
    assert response["Location"] == HOME
    company = Company.objects.get()
    assert (company.status, company.corporate_number) == ("pending", "1180301018771")
    assert [m.to for m in mail.outbox] == [[hq_user.email]]
    assert "1180301018771" in mail.outbox[0].body
    # The pending registration is on HQ's to-do list and the company's own.
    assert any(company.name in item.title for item in support_todos(hq_user))
    assert any(company.name in item.title for item in support_todos(newcomer))
    # Registering again while it is pending leads to the status page.
    assert client.get(REGISTER)["Location"] == HOME
    assert client.get(HOME).context["registration"] == company


def test_a_corporate_number_is_registered_once(newcomer):
    CompanyFactory(corporate_number="1180301018771")
    with pytest.raises(ValidationError, match="すでに登録されています"):
        services.company_register(user=newcomer, **FIELDS)


@pytest.mark.parametrize("who", ["sapporo_staff", "ishikari_officer", "hq_user"])
def test_accounts_with_a_role_do_not_register_companies(request, client, who):
    user = request.getfixturevalue(who)
    client.force_login(user)
    assert client.get(REGISTER).status_code == 302
    with pytest.raises(PermissionDenied):
        services.company_register(user=user, **FIELDS)


def test_hq_approves_in_the_admin_and_the_account_becomes_a_company(
    client, hq_user, django_capture_on_commit_callbacks
):
    company = CompanyFactory(pending=True)
    change = reverse("admin:grants_company_change", args=[company.pk])
    client.force_login(hq_user)
    page = client.get(change)
    assert page.status_code == 200
    assert reverse("admin:grants_company_approve", args=[company.pk]) in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("admin:grants_company_approve", args=[company.pk]))
        client.post(reverse("admin:grants_company_approve", args=[company.pk]))
    company.refresh_from_db()
    company.user.refresh_from_db()
    assert company.status == "approved"
    assert company.decided_by == hq_user
    assert company.user.role == Role.COMPANY
    assert not company.user.is_staff
    assert [m.to for m in mail.outbox] == [[company.user.email]]


def test_hq_declines_with_a_reason_and_the_company_may_register_again(
    client, hq_user, django_capture_on_commit_callbacks
):
    company = CompanyFactory(pending=True)
    decline = reverse("admin:grants_company_decline", args=[company.pk])
    client.force_login(hq_user)
    response = client.post(decline, {"note": ""})
    assert response.status_code == 200
    assert response.context["form"].errors
    with django_capture_on_commit_callbacks(execute=True):
        client.post(decline, {"note": "法人番号と商号が一致しません。"})
    company.refresh_from_db()
    assert company.status == "declined"
    assert "法人番号と商号が一致しません。" in mail.outbox[-1].body
    client.force_login(company.user)
    assert "法人番号と商号が一致しません。" in client.get(HOME).content.decode()
    assert client.get(REGISTER).status_code == 200
    services.company_register(user=company.user, **FIELDS)
    assert Company.objects.filter(user=company.user).count() == 2


def test_an_account_that_took_another_role_cannot_be_approved(hq_user, sapporo_staff):
    company = CompanyFactory(pending=True, user=sapporo_staff)
    with pytest.raises(ValidationError):
        services.company_approve(company=company, actor=hq_user)
    company.refresh_from_db()
    assert company.status == "pending"


@pytest.mark.parametrize("who", ["ishikari_officer", "oshima_officer"])
def test_companies_are_hqs_business_in_the_admin(request, client, who):
    company = CompanyFactory(pending=True)
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("admin:grants_company_change", args=[company.pk])).status_code in (
        403,
        404,
    )
    client.post(reverse("admin:grants_company_approve", args=[company.pk]))
    company.refresh_from_db()
    assert company.status == "pending"
    with pytest.raises(PermissionDenied):
        services.company_approve(company=company, actor=request.getfixturevalue(who))


def test_the_company_page_lists_its_interest_with_a_pinned_query_count(
    client, django_assert_num_queries
):
    company = CompanyFactory()
    InterestFactory(company=company)
    InterestFactory()  # another company's
    client.force_login(company.user)
    response = client.get(HOME)
    assert response.context["page"].paginator.count == 1
    # session, user, unread, session save (3); registration, its themes; count; page.
    with django_assert_num_queries(10):
        client.get(HOME, {"status": "expressed"})
    for _n in range(25):
        InterestFactory(company=company)
    with django_assert_num_queries(10):
        response = client.get(HOME, {"status": "expressed"})
    assert len(response.context["page"]) == 20


def test_a_user_without_a_registration_is_sent_to_register(client, newcomer):
    client.force_login(newcomer)
    assert client.get(HOME)["Location"] == REGISTER
    client.force_login(UserFactory(sapporo=True))
    assert client.get(HOME)["Location"] == reverse("grants:furusato_index")
