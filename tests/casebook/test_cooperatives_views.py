"""I3 pages: the cooperative's task list (sections, checklist, submit refused with what is
missing), scoping (another cooperative's or another bureau's: 404, also in the admin), the
pre-consultation, and the public register with its CSV (only certified cooperatives)."""

import pytest
from django.conf import settings
from django.urls import reverse

from casebook.models import CertificationApplication
from casebook.models.cooperative_applications import ApplicationStatus
from casebook.services import cooperative_changes as changes
from casebook.services import cooperatives as services
from portal.models import Bureau, Consultation, Role
from tests.casebook import cooperative_helpers as h
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def kamikawa_officer(db):
    return UserFactory(role=Role.BUREAU, is_staff=True, bureau=Bureau.objects.get(code="kamikawa"))


@pytest.fixture
def coop(hq_user):
    return h.cooperative(hq_user)


@pytest.fixture
def coop_client(client, coop):
    client.force_login(coop.user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _start(client):
    response = client.post(reverse("casebook:cooperative_application_start"))
    assert response.status_code == 302
    return CertificationApplication.objects.latest("pk")


def test_signup_page_registers_a_cooperative(client, newcomer):
    client.force_login(newcomer)
    url = reverse("casebook:cooperative_signup")
    assert client.get(url).status_code == 200
    data = {
        "name": "テスト組合",
        "name_kana": "テスト",
        "corporate_number": "",
        "address": "北海道上川郡下川町",
        "municipality": h.SHIMOKAWA,
        "representative": "代表理事 山田 太郎",
        "contact_phone": "０１６５５－４",
    }
    bad = client.post(url, {**data, "corporate_number": "123"})
    assert bad.status_code == 200
    assert bad.context["form"].errors["corporate_number"]
    assert "テスト組合" in bad.content.decode()  # nothing typed is lost
    response = client.post(url, data)
    assert response.status_code == 302
    assert newcomer.cooperative_registrations.get().status == "pending"


def test_municipal_staff_cannot_register_a_cooperative(client, sapporo_staff):
    client.force_login(sapporo_staff)
    response = client.get(reverse("casebook:cooperative_signup"))
    assert response.status_code == 302


def test_the_task_list_saves_sections_and_refuses_an_incomplete_submission(coop_client, coop):
    application = _start(coop_client)
    detail = coop_client.get(
        reverse("casebook:cooperative_application_detail", args=[application.pk])
    )
    assert detail.status_code == 200
    assert "Sections" in detail.content.decode()
    section = reverse("casebook:cooperative_application_section", args=[application.pk, "area"])
    assert coop_client.get(section).status_code == 200
    # Main municipality outside the ticked area: the page again, with what was typed.
    bad = coop_client.post(
        section, {"main_municipality": h.SHIMOKAWA, "area": [h.NAYORO], "area_reason": "理由"}
    )
    assert bad.status_code == 200
    assert bad.context["form"].errors["area"]
    assert "理由" in bad.content.decode()
    ok = coop_client.post(
        section,
        {"main_municipality": h.SHIMOKAWA, "area": [h.SHIMOKAWA, h.NAYORO], "action": "return"},
    )
    assert ok.status_code == 302
    assert application.area.count() == 2
    # Submitting now is refused, naming what is missing; nothing changes.
    check = reverse("casebook:cooperative_application_check", args=[application.pk])
    refused = coop_client.post(check)
    assert refused.status_code == 200
    body = refused.content.decode()
    assert "Error:" in body
    assert "定款" in body and "登記事項証明書" in body
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT


def test_uploading_the_checklist_and_submitting(coop_client, coop):
    application = _start(coop_client)
    h.fill(application, dispatches=False)
    url = reverse("casebook:cooperative_application_section", args=[application.pk, "attachments"])
    page = coop_client.get(url)
    assert page.status_code == 200
    assert "役員の履歴書" in page.content.decode()
    assert "派遣元責任者" not in page.content.decode()
    files = {
        f"document_{code}": h.pdf(f"{code}.pdf")
        for code in ("articles", "registry", "officer_residence", "officer_resumes", "plan_budget")
    }
    response = coop_client.post(url, {**files, "action": "stay"})
    assert response.status_code == 302
    refused = coop_client.post(
        reverse("casebook:cooperative_application_check", args=[application.pk])
    )
    assert "直近の貸借対照表及び損益計算書" in refused.content.decode()
    coop_client.post(url, {"document_financials": h.pdf("bs.pdf")})
    done = coop_client.post(
        reverse("casebook:cooperative_application_check", args=[application.pk])
    )
    assert done.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


def test_a_bad_file_is_refused_with_a_message(coop_client, coop):
    from django.core.files.uploadedfile import SimpleUploadedFile

    application = _start(coop_client)
    url = reverse("casebook:cooperative_application_section", args=[application.pk, "attachments"])
    response = coop_client.post(
        url, {"document_articles": SimpleUploadedFile("x.exe", b"MZ\x90\x00" * 10)}
    )
    assert response.status_code == 200
    assert response.context["form"].errors


@pytest.mark.parametrize(
    "name",
    [
        "casebook:cooperative_application_detail",
        "casebook:cooperative_application_check",
        "casebook:cooperative_application_withdraw",
    ],
)
def test_another_cooperatives_application_is_404(client, hq_user, name):
    mine = h.cooperative(hq_user)
    other = h.cooperative(hq_user, name="別の組合")
    application = services.application_start(cooperative=other, actor=other.user, kind="initial")
    client.force_login(mine.user)
    assert client.get(reverse(name, args=[application.pk])).status_code == 404
    section = reverse("casebook:cooperative_application_section", args=[application.pk, "officers"])
    assert client.post(section, {"officers": "x"}).status_code == 404


def test_municipal_staff_and_the_public_cannot_see_applications(client, hq_user, sapporo_staff):
    app = h.submitted(h.cooperative(hq_user))
    url = reverse("casebook:cooperative_application_detail", args=[app.pk])
    assert client.get(url).status_code == 302  # sign in first
    client.force_login(sapporo_staff)
    assert client.get(url).status_code == 404


def test_admin_scopes_applications_to_the_reviewing_bureau(
    client, hq_user, kamikawa_officer, ishikari_officer
):
    app = h.submitted(h.cooperative(hq_user))
    draft_coop = h.cooperative(hq_user, name="下書きの組合")
    draft = services.application_start(
        cooperative=draft_coop, actor=draft_coop.user, kind="initial"
    )
    change = reverse("admin:casebook_certificationapplication_change", args=[app.pk])
    client.force_login(ishikari_officer)
    assert client.get(change).status_code == 404
    step = reverse("admin:casebook_certificationapplication_step", args=[app.pk, "start_review"])
    assert client.post(step).status_code == 404
    client.force_login(kamikawa_officer)
    assert client.get(change).status_code == 200
    # The cooperative's draft is its own until submitted.
    assert (
        client.get(
            reverse("admin:casebook_certificationapplication_change", args=[draft.pk])
        ).status_code
        == 404
    )
    assert client.post(step).status_code == 302
    app.refresh_from_db()
    assert app.status == ApplicationStatus.UNDER_REVIEW


def test_admin_review_steps(client, hq_user, kamikawa_officer):
    app = h.submitted(h.cooperative(hq_user))
    client.force_login(kamikawa_officer)
    base = "admin:casebook_certificationapplication_step"
    client.post(reverse(base, args=[app.pk, "start_review"]))
    assert client.get(reverse(base, args=[app.pk, "checklist"])).status_code == 200
    client.post(
        reverse(base, args=[app.pk, "checklist"]),
        dict.fromkeys(CertificationApplication.CRITERIA, "on"),
    )
    empty = client.post(reverse(base, args=[app.pk, "forward"]), {"note": ""})
    assert empty.status_code == 200 and empty.context["form"].errors
    client.post(reverse(base, args=[app.pk, "forward"]), {"note": "認定が適当"})
    app.refresh_from_db()
    assert app.status == ApplicationStatus.FORWARDED
    assert app.bureau_opinion == "認定が適当"
    # The officer cannot certify: the service refuses, the status stays.
    client.post(reverse(base, args=[app.pk, "certify"]), {"preview-confirmed": "on"})
    app.refresh_from_db()
    assert app.status == ApplicationStatus.FORWARDED
    client.force_login(hq_user)
    page = client.get(reverse("admin:casebook_certificationapplication_change", args=[app.pk]))
    assert page.status_code == 200
    client.post(reverse(base, args=[app.pk, "certify"]), {"preview-confirmed": "on"})
    app.refresh_from_db()
    assert app.status == ApplicationStatus.CERTIFIED


def test_admin_cooperative_registration_is_hq_and_bureau_scoped(
    client, hq_user, ishikari_officer, kamikawa_officer
):
    coop = h.cooperative(hq_user)
    url = reverse("admin:casebook_cooperative_change", args=[coop.pk])
    client.force_login(ishikari_officer)
    assert client.get(url).status_code == 404
    client.force_login(kamikawa_officer)
    assert client.get(url).status_code == 200


def test_preconsultation_goes_to_the_desk(coop_client, coop):
    url = reverse("casebook:cooperative_preconsultation")
    assert coop_client.get(url).status_code == 200
    response = coop_client.post(url, {"subject": "地区について", "question": "2町で組めますか。"})
    assert response.status_code == 302
    consultation = Consultation.objects.get()
    assert consultation.asker == coop.user
    assert consultation.category.code == "cooperative"
    assert consultation.bureau.code == "kamikawa"
    assert coop_client.get(response["Location"]).status_code == 200
    # The office's municipality is not a party to it: its staff get 404.
    neighbour = UserFactory(role=Role.MUNICIPAL, municipality=coop.municipality)
    client = type(coop_client)()
    client.force_login(neighbour)
    assert client.get(response["Location"]).status_code == 404


def test_the_preconsultation_is_for_cooperatives_only(client, sapporo_staff):
    client.force_login(sapporo_staff)
    assert client.get(reverse("casebook:cooperative_preconsultation")).status_code == 404


def test_the_home_page_of_a_cooperative(coop_client, coop):
    response = coop_client.get(reverse("casebook:cooperative_home"))
    assert response.status_code == 200
    assert coop.name in response.content.decode()


# --- The public register --------------------------------------------------------------------


def test_the_register_lists_only_certified_cooperatives(client, hq_user):
    certified, _app = h.certified(hq_user)
    h.submitted(h.cooperative(hq_user, name="審査中の組合"))
    h.cooperative(hq_user, name="未申請の組合")
    response = client.get(reverse("casebook:cooperative_register_list"))
    assert response.status_code == 200
    body = response.content.decode()
    assert certified.name in body
    assert "審査中の組合" not in body and "未申請の組合" not in body
    detail = client.get(reverse("casebook:cooperative_register_detail", args=[certified.pk]))
    assert detail.status_code == 200
    assert "公表する" in detail.content.decode()
    uncertified = h.cooperative(hq_user, name="別")
    assert (
        client.get(
            reverse("casebook:cooperative_register_detail", args=[uncertified.pk])
        ).status_code
        == 404
    )


def test_the_register_filters_by_municipality_and_bureau(client, hq_user):
    _certified, _app = h.certified(hq_user)
    url = reverse("casebook:cooperative_register_list")
    assert client.get(url, {"municipality": h.NAYORO}).context["page"].paginator.count == 1
    assert client.get(url, {"municipality": "011002"}).context["page"].paginator.count == 0
    assert client.get(url, {"bureau": "kamikawa"}).context["page"].paginator.count == 1
    assert client.get(url, {"bureau": "ishikari"}).context["page"].paginator.count == 0
    # Nonsense in the URL is not a 500.
    assert client.get(url, {"municipality": "x", "bureau": "y", "page": "z"}).status_code == 200


def test_the_register_csv_is_utf8_with_bom(client, hq_user):
    certified, _app = h.certified(hq_user)
    h.submitted(h.cooperative(hq_user, name="審査中の組合"))
    response = client.get(reverse("casebook:cooperative_register_export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    data = response.content
    assert data.startswith("\ufeff".encode())
    text = data.decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert lines[0].startswith("名称,")
    assert len(lines) == 2
    assert certified.name in lines[1] and "名寄市、下川町" in lines[1]
    assert "令和" in lines[1]


def test_register_query_count_does_not_grow_with_rows(client, hq_user, django_assert_num_queries):
    h.certified(hq_user)
    url = reverse("casebook:cooperative_register_list")
    client.get(url)  # warm the session-less caches (content types …)
    # count, page, area prefetch
    with django_assert_num_queries(3):
        client.get(url)
    h.certified(hq_user, name="二つ目の組合")
    h.certified(hq_user, name="三つ目の組合")
    with django_assert_num_queries(3):
        response = client.get(url)
    assert response.context["page"].paginator.count == 3
    export = reverse("casebook:cooperative_register_export")
    with django_assert_num_queries(2):
        client.get(export)


def test_a_full_choices_cache_keeps_what_the_page_just_read(
    client, hq_user, django_assert_num_queries
):
    """The filter's reference choices are cached per process, least recently used out first.
    When the cache was full it used to be emptied as a whole, dropping the municipalities
    the page had just read: the next request read them again (an extra query that came and
    went with the tests run before this one in the same process)."""
    from casebook.templatetags import casebook_tags

    h.certified(hq_user)
    url = reverse("casebook:cooperative_register_list")
    for n in range(casebook_tags.CHOICES_KEPT):  # full, with another generation's lists
        casebook_tags._choices_cache[("region", "ja", -n)] = []
    client.get(url)
    with django_assert_num_queries(3):  # count, page, area prefetch: no choices read again
        client.get(url)
    assert len(casebook_tags._choices_cache) == casebook_tags.CHOICES_KEPT


def _queries(client, url, django_assert_max_num_queries) -> int:
    with django_assert_max_num_queries(100) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_admin_lists_and_the_cooperatives_page_do_not_grow_with_rows(
    client, hq_user, django_assert_max_num_queries
):
    from datetime import timedelta

    from django.utils import timezone

    coop, _app = h.certified(hq_user)

    def notify(n):
        for _i in range(n):
            changes.notification_create(
                cooperative=coop,
                actor=coop.user,
                kind="officers",
                changed_on=timezone.localdate() - timedelta(days=3),
                new_value="理事 鈴木",
            )

    notify(1)
    urls = [
        reverse("admin:casebook_certificationapplication_changelist"),
        reverse("admin:casebook_changenotification_changelist"),
        reverse("admin:casebook_cooperative_changelist"),
    ]
    client.force_login(hq_user)
    for url in urls:
        client.get(url)
    before = [_queries(client, url, django_assert_max_num_queries) for url in urls]
    client.force_login(coop.user)
    home = reverse("casebook:cooperative_home")
    client.get(home)
    home_before = _queries(client, home, django_assert_max_num_queries)
    notify(3)
    h.certified(hq_user, name="二つ目の組合")
    client.force_login(hq_user)
    after = [_queries(client, url, django_assert_max_num_queries) for url in urls]
    assert after == before
    client.force_login(coop.user)
    assert _queries(client, home, django_assert_max_num_queries) == home_before


def test_todos_and_sitemap(client, hq_user, newcomer):
    from portal.registry import todos_for

    coop = h.cooperative(hq_user)
    titles = [item.url for item in todos_for(coop.user)]
    assert reverse("casebook:cooperative_home") in titles
    services.cooperative_register(
        user=newcomer,
        name="承認待ちの組合",
        name_kana="ショウニンマチ",
        corporate_number="",
        address="北海道",
        municipality=h.Municipality.objects.get(code=h.SHIMOKAWA),
        representative="代表",
        contact_phone="0",
    )
    assert any("承認待ちの組合" in str(item.title) for item in todos_for(hq_user))
    certified, _app = h.certified(hq_user, name="公開の組合")
    body = client.get("/sitemap.xml").content.decode()
    assert reverse("casebook:cooperative_register_detail", args=[certified.pk]) in body


def test_what_did_not_validate_is_kept_as_a_draft(coop_client, coop):
    application = _start(coop_client)
    section = reverse("casebook:cooperative_application_section", args=[application.pk, "business"])
    coop_client.post(
        section,
        {"business_plan": "通年雇用の計画", "budget_income": "二千万", "budget_expenditure": ""},
    )
    application.refresh_from_db()
    assert application.section_drafts["business"]["business_plan"] == "通年雇用の計画"
    # Coming back later: what was typed, with its errors; the section is in progress.
    page = coop_client.get(section)
    assert "通年雇用の計画" in page.content.decode()
    assert page.context["form"].errors["budget_income"]
    detail = coop_client.get(
        reverse("casebook:cooperative_application_detail", args=[application.pk])
    )
    statuses = {r["section"].key: r["status"] for r in detail.context["readiness"]["sections"]}
    assert statuses["business"] == "in_progress"
    coop_client.post(
        section,
        {
            "business_plan": "通年雇用の計画",
            "budget_income": "20,000,000",
            "budget_expenditure": "0",
        },
    )
    application.refresh_from_db()
    assert application.section_drafts == {}
    assert application.budget_income == 20_000_000
