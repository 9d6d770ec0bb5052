"""Two people editing one plan, one section of a cooperative's certification application, or
one case study in the admin, at the same time: the save based on a page someone else has
changed since is refused with what changed, and what was typed comes back. Different
sections both save."""

import pytest
from django.urls import reverse

from casebook.models import CertificationApplication
from casebook.services import cooperatives as services
from tests.browser_forms import STALE_EN, STALE_JA, form_values, opened, panel, says, signed_in
from tests.casebook import cooperative_helpers as h
from tests.casebook.factories import CaseStudyFactory
from tests.casebook.factories_challenges import PlanFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_stale_plan_edit_is_refused_with_what_changed(sapporo_staff):
    colleague = UserFactory(sapporo=True)
    plan = PlanFactory(municipality=sapporo_staff.municipality)
    url = reverse("casebook:plan_edit", args=[plan.pk])
    a, b = signed_in(sapporo_staff), signed_in(colleague)
    page_a, page_b = opened(a, url), opened(b, url)

    page_a["summary"] = "路線バスの再編と、デマンド交通の導入。"
    assert a.post(url, page_a).status_code == 302

    page_b["title"] = "札幌市地域公共交通計画（第2次）"
    response = b.post(url, page_b)
    assert response.status_code == 200
    page = response.content.decode()
    assert says(page, STALE_JA, STALE_EN)
    assert form_values(page)["title"] == "札幌市地域公共交通計画（第2次）"
    assert "デマンド交通の導入" in panel(response)
    plan.refresh_from_db()
    assert plan.title != "札幌市地域公共交通計画（第2次）"

    assert b.post(url, form_values(page)).status_code == 302
    plan.refresh_from_db()
    assert plan.title == "札幌市地域公共交通計画（第2次）"


@pytest.fixture
def application(hq_user):
    coop = h.cooperative(hq_user)
    return services.application_start(cooperative=coop, actor=coop.user, kind="initial")


def section_url(application, key):
    return reverse("casebook:cooperative_application_section", args=[application.pk, key])


def test_a_stale_cooperative_section_is_refused_and_another_section_still_saves(application):
    user = application.cooperative.user
    # Two clerks of the cooperative (or two tabs).
    a, b = signed_in(user), signed_in(user)
    page_a = opened(a, section_url(application, "officers"))
    page_b = opened(b, section_url(application, "officers"))
    business = opened(b, section_url(application, "business"))

    page_a["officers"] = "代表理事 山田 太郎\n理事 佐藤 花子"
    assert a.post(section_url(application, "officers"), page_a).status_code == 302

    page_b["officers"] = "代表理事 山田 太郎\n監事 鈴木 一郎"
    response = b.post(section_url(application, "officers"), page_b)
    assert response.status_code == 200
    page = response.content.decode()
    assert says(page, STALE_JA, STALE_EN)
    assert "監事 鈴木 一郎" in form_values(page)["officers"]
    assert "理事 佐藤 花子" in panel(response)

    # The business section, opened before A saved the officers, is not affected.
    business.update(
        business_plan="通年雇用の計画",
        dispatches_workers="on",
        planned_workers="4",
        budget_income="20,000,000",
        budget_expenditure="19,000,000",
    )
    assert b.post(section_url(application, "business"), business).status_code == 302
    application = CertificationApplication.objects.get(pk=application.pk)
    assert application.business_plan == "通年雇用の計画"
    assert "佐藤 花子" in application.officers


def test_a_stale_case_study_draft_in_the_admin_is_refused_with_what_changed(ishikari_officer):
    colleague = UserFactory(ishikari_officer=True)
    case_study = CaseStudyFactory()
    url = reverse("admin:casebook_casestudy_change", args=[case_study.pk])
    a, b = signed_in(ishikari_officer), signed_in(colleague)
    page_a, page_b = opened(a, url), opened(b, url)

    page_a["results"] = "参加者の市内就職率は45％に上がった。"
    response = a.post(url, page_a)
    assert response.status_code == 302, response.content.decode()[:2000]

    page_b["title"] = "大学と連携した若者の定着（改訂）"
    response = b.post(url, page_b)
    assert response.status_code == 200
    page = response.content.decode()
    assert says(page, STALE_JA, STALE_EN)
    assert form_values(page)["title"] == "大学と連携した若者の定着（改訂）"
    assert "45％に上がった" in panel(response)
    case_study.refresh_from_db()
    assert case_study.title != "大学と連携した若者の定着（改訂）"

    response = b.post(url, form_values(page))
    assert response.status_code == 302
    case_study.refresh_from_db()
    assert case_study.title == "大学と連携した若者の定着（改訂）"
