"""Advice on national revitalisation grants (F3): asking through the kernel's desk with a
link to an application or project, tagging programmes, bringing HQ in, the knowledge base
search and the anonymised FAQ."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from grants.models import FAQEntry, NationalConsultation, NationalGrantProgramme
from grants.services import national as services
from grants.todos.support import support_todos
from portal.models import Consultation, ConsultationCategory, Role
from portal.services.consultations import consultation_open, consultation_reply
from tests.factories import UserFactory
from tests.grants.factories import ApplicationFactory
from tests.grants.support_factories import PolicyProjectFactory, programme

pytestmark = pytest.mark.django_db

ASK = reverse("grants:national_ask")
PROGRAMMES = reverse("grants:national_programme_list")
FAQ = reverse("grants:national_faq")
CONSULTATIONS = reverse("grants:national_consultation_list")


def desk(consultation):
    return reverse("grants:national_consultation_detail", args=[consultation.pk])


@pytest.fixture
def second_generation(db):
    return programme()


@pytest.fixture
def asked(sapporo_staff, second_generation):
    return services.national_consultation_open(
        actor=sapporo_staff,
        subject="商店街のキャッシュレス化",
        question="札幌 太郎です。国の交付金の対象になりますか。連絡先 011-211-2111",
        programmes=[second_generation],
    )


@pytest.fixture
def answered(asked, ishikari_officer):
    consultation_reply(
        consultation=asked, actor=ishikari_officer, body="地域再生計画に位置付けてください。"
    )
    asked.refresh_from_db()
    return asked


# --- Asking ---------------------------------------------------------------------------------


def test_asking_about_an_application_links_it_and_notifies_the_bureau(
    sapporo_staff, ishikari_officer, second_generation, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(created_by=sapporo_staff)
    with django_capture_on_commit_callbacks(execute=True):
        consultation = services.national_consultation_open(
            actor=sapporo_staff,
            subject="この事業は国の交付金でも支援されるか",
            question="？",
            related=application,
            programmes=[second_generation],
        )
    assert consultation.category.code == "national-grants"
    assert consultation.bureau_id == ishikari_officer.bureau_id
    assert consultation.related == application
    assert list(consultation.national_info.programmes.all()) == [second_generation]
    assert [m.to for m in mail.outbox] == [[ishikari_officer.email]]


def test_a_question_cannot_be_linked_to_another_municipalitys_records(
    sapporo_staff, hakodate_staff
):
    theirs = ApplicationFactory(municipality=hakodate_staff.municipality, created_by=hakodate_staff)
    project = PolicyProjectFactory(oshima=True, municipalities=["012025"])
    for related in (theirs, project):
        with pytest.raises(ValidationError):
            services.national_consultation_open(
                actor=sapporo_staff, subject="x", question="y", related=related
            )
    assert not Consultation.objects.exists()


def test_the_ask_page_offers_the_municipalitys_records_and_keeps_the_input(
    client, sapporo_staff, hakodate_staff
):
    mine = PolicyProjectFactory(title="札幌の研究会")
    PolicyProjectFactory(title="函館の事業", oshima=True, municipalities=["012025"])
    client.force_login(sapporo_staff)
    page = client.get(ASK).content.decode()
    assert "札幌の研究会" in page
    assert "函館の事業" not in page
    response = client.post(ASK, {"subject": "", "question": "交付金について", "about": ""})
    assert response.status_code == 200
    assert "交付金について" in response.content.decode()
    response = client.post(
        ASK, {"subject": "件名", "question": "質問", "about": f"project:{mine.pk}"}
    )
    consultation = Consultation.objects.get()
    assert response["Location"] == reverse("portal:consultation_detail", args=[consultation.pk])
    assert consultation.related == mine


@pytest.mark.parametrize("who", ["ishikari_officer", "hq_user", "newcomer", "advisor"])
def test_only_municipal_staff_ask(request, client, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(ASK).status_code == 404
    with pytest.raises(PermissionDenied):
        services.national_consultation_open(
            actor=request.getfixturevalue(who), subject="x", question="y"
        )


# --- The desk side --------------------------------------------------------------------------


def test_the_bureau_tags_programmes_and_other_bureaus_get_404(
    client, asked, ishikari_officer, oshima_officer, sapporo_staff
):
    other = programme(name="デジタル田園都市国家構想交付金", keywords="DX デジタル")
    client.force_login(ishikari_officer)
    assert client.get(desk(asked)).status_code == 200
    response = client.post(
        reverse("grants:national_consultation_tag", args=[asked.pk]),
        {"programmes": [str(other.pk)]},
    )
    assert response.status_code == 302
    assert list(asked.national_info.programmes.all()) == [other]
    client.force_login(oshima_officer)
    assert client.get(desk(asked)).status_code == 404
    assert (
        client.post(reverse("grants:national_consultation_tag", args=[asked.pk])).status_code == 404
    )
    # The asker reads the page but does not tag.
    client.force_login(sapporo_staff)
    page = client.get(desk(asked))
    assert page.status_code == 200
    assert page.context["can_handle"] is False
    response = client.post(
        reverse("grants:national_consultation_tag", args=[asked.pk]), {"programmes": []}
    )
    assert response.status_code == 404


def test_bringing_hq_in_notifies_hq_once_and_lands_on_its_to_do_list(
    client, asked, ishikari_officer, hq_user, django_capture_on_commit_callbacks
):
    client.force_login(ishikari_officer)
    url = reverse("grants:national_consultation_refer", args=[asked.pk])
    response = client.post(url, {"note": ""})
    assert response.status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"note": "制度の解釈について本庁の見解をお願いします。"})
        services.national_consultation_refer_to_hq(
            consultation=asked, actor=ishikari_officer, note="再送"
        )
    assert [m.to for m in mail.outbox if hq_user.email in m.to] == [[hq_user.email]]
    info = NationalConsultation.objects.get(pk=asked.pk)
    assert info.hq_referred_by == ishikari_officer
    todos = support_todos(hq_user)
    assert any(asked.reference in item.title for item in todos)
    # HQ answers on the kernel's page like the bureau would.
    consultation_reply(consultation=asked, actor=hq_user, body="本庁から回答します。")
    asked.refresh_from_db()
    assert asked.status == "answered"


def test_municipal_staff_cannot_bring_hq_in(asked, sapporo_staff):
    with pytest.raises(PermissionDenied):
        services.national_consultation_refer_to_hq(
            consultation=asked, actor=sapporo_staff, note="x"
        )


def test_a_consultation_of_another_category_is_not_on_this_desk(
    client, sapporo_staff, ishikari_officer
):
    general = consultation_open(
        actor=sapporo_staff,
        category=ConsultationCategory.objects.get(code="general"),
        subject="一般",
        question="？",
    )
    client.force_login(ishikari_officer)
    assert client.get(desk(general)).status_code == 404
    with pytest.raises(ValidationError):
        services.national_consultation_tag(
            consultation=general, actor=ishikari_officer, programmes=[]
        )


def test_the_desk_page_links_what_the_question_is_about(client, sapporo_staff, ishikari_officer):
    application = ApplicationFactory(created_by=sapporo_staff)
    consultation = services.national_consultation_open(
        actor=sapporo_staff, subject="x", question="y", related=application
    )
    client.force_login(sapporo_staff)
    related = client.get(desk(consultation)).context["related"]
    assert related["url"] == reverse("grants:application_detail", args=[application.pk])
    client.force_login(ishikari_officer)
    related = client.get(desk(consultation)).context["related"]
    assert related["url"] == reverse("admin:grants_application_change", args=[application.pk])


# --- The FAQ --------------------------------------------------------------------------------


def test_the_faq_refuses_personal_data_and_publishes_an_anonymised_copy(
    client, answered, ishikari_officer, sapporo_staff
):
    url = reverse("grants:national_faq_publish", args=[answered.pk])
    client.force_login(ishikari_officer)
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["form"].initial["answer"] == "地域再生計画に位置付けてください。"
    base = {"answer": "地域再生計画に位置付けてください。", "anonymised": "on"}
    for question in (
        f"{sapporo_staff.name}です。対象になりますか。",
        "対象になりますか。連絡先 011-211-2111",
        "対象になりますか。 taro@example.jp まで",
        f"{ishikari_officer.name.replace(' ', '')}さんに聞きました。",
    ):
        response = client.post(url, {**base, "question": question})
        assert response.status_code == 200, question
        assert response.context["form"].non_field_errors(), question
        assert question in response.content.decode()  # everything typed comes back
    assert not FAQEntry.objects.exists()
    response = client.post(url, {**base, "question": "商店街のキャッシュレス化は対象ですか。"})
    assert response["Location"] == FAQ
    entry = FAQEntry.objects.get()
    assert entry.bureau_id == ishikari_officer.bureau_id
    faq = client.get(FAQ).content.decode()
    assert "商店街のキャッシュレス化は対象ですか。" in faq
    assert sapporo_staff.name not in faq
    assert answered.reference not in faq
    # Once is enough.
    with pytest.raises(ValidationError):
        services.faq_publish(
            consultation=answered, actor=ishikari_officer, question="q", answer="a"
        )


def test_an_open_consultation_cannot_go_to_the_faq(client, asked, ishikari_officer):
    client.force_login(ishikari_officer)
    response = client.get(reverse("grants:national_faq_publish", args=[asked.pk]))
    assert response.status_code == 404


def test_faq_admin_scope_and_corrections(client, answered, ishikari_officer, oshima_officer):
    entry = services.faq_publish(
        consultation=answered, actor=ishikari_officer, question="対象ですか。", answer="はい。"
    )
    change = reverse("admin:grants_faqentry_change", args=[entry.pk])
    client.force_login(oshima_officer)
    assert client.get(change).status_code == 404
    client.force_login(ishikari_officer)
    response = client.post(change, {"question": f"{answered.asker_name}の質問", "answer": "はい。"})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    response = client.post(change, {"question": "対象になりますか。", "answer": "なります。"})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.answer == "なります。"
    services.faq_set_published(entry=entry, actor=ishikari_officer, published=False)
    assert client.get(FAQ).context["page"].paginator.count == 0


# --- The knowledge base ---------------------------------------------------------------------


def test_search_matches_every_word_full_width_too(client, second_generation):
    digital = programme(
        name="デジタル田園都市国家構想交付金", keywords="DX デジタル実装", rate="1/2"
    )
    response = client.get(PROGRAMMES, {"q": "ＤＸ　実装"})
    assert [p.pk for p in response.context["page"]] == [digital.pk]
    response = client.get(PROGRAMMES, {"q": "地域再生計画"})
    assert [p.pk for p in response.context["page"]] == [second_generation.pk]
    response = client.get(PROGRAMMES, {"q": "dx 第2世代"})
    assert list(response.context["page"]) == []
    response = client.get(PROGRAMMES, {"ministry": "内閣府"})
    assert response.context["page"].paginator.count == 2


def test_the_programme_page_shows_only_the_users_consultations(
    client, asked, second_generation, hakodate_staff, ishikari_officer
):
    theirs = services.national_consultation_open(
        actor=hakodate_staff, subject="函館の相談", question="?", programmes=[second_generation]
    )
    url = reverse("grants:national_programme_detail", args=[second_generation.pk])
    client.force_login(hakodate_staff)
    response = client.get(url)
    assert response.context["consultation_total"] == 2
    assert response.context["consultations"] == [theirs]
    client.logout()
    response = client.get(url)
    assert response.context["consultations"] == []
    assert "函館の相談" not in response.content.decode()


def test_unpublished_programmes_are_404(client):
    hidden = programme(is_published=False)
    url = reverse("grants:national_programme_detail", args=[hidden.pk])
    assert client.get(url).status_code == 404


def test_an_officer_adds_a_programme_in_the_admin_and_it_is_searchable(client, ishikari_officer):
    client.force_login(ishikari_officer)
    response = client.post(
        reverse("admin:grants_nationalgrantprogramme_add"),
        {
            "name": "地方創生拠点整備交付金",
            "ministry": "内閣府",
            "purpose": "拠点施設の整備を支援する。",
            "rate": "1/2",
            "is_published": "on",
        },
    )
    assert response.status_code == 302
    assert NationalGrantProgramme.objects.get().search_text
    assert client.get(PROGRAMMES, {"q": "拠点"}).context["page"].paginator.count == 1


# --- Lists: query counts --------------------------------------------------------------------


def test_programme_list_query_count_is_pinned(client, django_assert_num_queries):
    programme()
    # Ministry choices, count, page, consultation counts.
    with django_assert_num_queries(4):
        client.get(PROGRAMMES)
    for n in range(25):
        programme(name=f"交付金{n}")
    with django_assert_num_queries(4):
        response = client.get(PROGRAMMES)
    assert len(response.context["rows"]) == 20


def test_faq_list_query_count_is_pinned(
    client, answered, ishikari_officer, django_assert_num_queries
):
    services.faq_publish(
        consultation=answered, actor=ishikari_officer, question="対象ですか。", answer="はい。"
    )
    # Programme choices, count, page.
    with django_assert_num_queries(3):
        client.get(FAQ)
    for n in range(25):
        FAQEntry.objects.create(
            question=f"質問{n}", answer="回答", published_at=answered.created_at
        )
    with django_assert_num_queries(3):
        client.get(FAQ)


def test_consultation_list_is_scoped_and_its_query_count_pinned(
    client, asked, ishikari_officer, oshima_officer, django_assert_num_queries
):
    client.force_login(oshima_officer)
    assert client.get(CONSULTATIONS).context["page"].paginator.count == 0
    client.force_login(ishikari_officer)
    # session, user, unread, session save (3); programme choices, count, page, infos with
    # their programmes (2).
    with django_assert_num_queries(11):
        response = client.get(CONSULTATIONS)
    assert response.context["page"].paginator.count == 1
    staff = UserFactory(sapporo=True)
    for n in range(25):
        services.national_consultation_open(actor=staff, subject=f"相談{n}", question="?")
    with django_assert_num_queries(11):
        response = client.get(CONSULTATIONS, {"status": "open"})
    assert len(response.context["rows"]) == 20


@pytest.mark.parametrize("role", [Role.COMPANY, Role.NONE, Role.ADVISOR])
def test_the_consultation_list_is_404_without_a_scope(client, role):
    client.force_login(UserFactory(role=role))
    assert client.get(CONSULTATIONS).status_code == 404


def test_other_bureaus_cannot_publish_or_refer(client, answered, oshima_officer):
    client.force_login(oshima_officer)
    for name in ("grants:national_faq_publish", "grants:national_consultation_refer"):
        response = client.post(reverse(name, args=[answered.pk]), {"note": "x"})
        assert response.status_code == 404
    with pytest.raises(PermissionDenied):
        services.faq_publish(consultation=answered, actor=oshima_officer, question="q", answer="a")
