"""Who sees what: out of scope is 404 in views and absent in the admin."""

import pytest
from django.urls import reverse

from portal import selectors
from portal.models import Consultation
from tests.factories import AccessRequestFactory, ConsultationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_consultations(sapporo_staff, hakodate_staff):
    return (
        ConsultationFactory(asker=sapporo_staff, subject="札幌の相談"),
        ConsultationFactory(asker=hakodate_staff, subject="函館の相談"),
    )


def test_selectors_scope_consultations_by_role(
    two_consultations,
    sapporo_staff,
    ebetsu_staff,
    ishikari_officer,
    oshima_officer,
    hq_user,
    advisor,
    newcomer,
):
    sapporo, hakodate = two_consultations

    def visible(user):
        return set(selectors.consultations_visible_to(user))

    assert visible(sapporo_staff) == {sapporo}
    assert visible(ebetsu_staff) == set()  # same bureau, other municipality
    assert visible(ishikari_officer) == {sapporo}
    assert visible(oshima_officer) == {hakodate}
    assert visible(hq_user) == {sapporo, hakodate}
    assert visible(advisor) == set()
    assert visible(newcomer) == set()


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("sapporo_staff", 200),
        ("ebetsu_staff", 404),
        ("hakodate_staff", 404),
        ("ishikari_officer", 200),
        ("oshima_officer", 404),
        ("hq_user", 200),
        ("advisor", 404),
        ("newcomer", 404),
    ],
)
def test_consultation_page_is_404_out_of_scope(client, request, two_consultations, who, status):
    client.force_login(request.getfixturevalue(who))
    sapporo, _ = two_consultations
    response = client.get(reverse("portal:consultation_detail", args=[sapporo.pk]))
    assert response.status_code == status


def test_anonymous_users_are_sent_to_sign_in(client, two_consultations):
    sapporo, _ = two_consultations
    response = client.get(reverse("portal:consultation_detail", args=[sapporo.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(
    ("who", "status"),
    [("ishikari_officer", 200), ("oshima_officer", 404), ("hq_user", 200)],
)
def test_consultation_admin_is_404_out_of_scope(client, request, two_consultations, who, status):
    client.force_login(request.getfixturevalue(who))
    sapporo, _ = two_consultations
    url = reverse("admin:portal_consultation_change", args=[sapporo.pk])
    assert client.get(url).status_code == status


def test_admin_changelist_lists_only_the_bureaus_consultations(
    client, two_consultations, oshima_officer
):
    client.force_login(oshima_officer)
    response = client.get(reverse("admin:portal_consultation_changelist"))
    html = response.content.decode()
    assert "函館の相談" in html
    assert "札幌の相談" not in html


@pytest.mark.parametrize(
    ("who", "status"),
    [("ishikari_officer", 200), ("oshima_officer", 404), ("hq_user", 200)],
)
def test_access_request_admin_is_scoped_to_the_bureau(client, request, who, status):
    access_request = AccessRequestFactory()  # 江別市, 石狩振興局
    client.force_login(request.getfixturevalue(who))
    url = reverse("admin:portal_accessrequest_change", args=[access_request.pk])
    assert client.get(url).status_code == status
    approve = reverse("admin:portal_accessrequest_approve", args=[access_request.pk])
    response = client.post(approve)
    assert response.status_code == (302 if status == 200 else 404)


def test_access_request_changelist_shows_only_the_bureaus_requests(client, oshima_officer):
    AccessRequestFactory(department="江別の依頼")
    client.force_login(oshima_officer)
    response = client.get(reverse("admin:portal_accessrequest_changelist"))
    assert response.status_code == 200
    assert "江別の依頼" not in response.content.decode()
    assert response.context["cl"].result_count == 0


@pytest.mark.parametrize("who", ["sapporo_staff", "advisor", "newcomer"])
def test_people_without_admin_roles_cannot_enter_the_admin(client, request, who):
    client.force_login(request.getfixturevalue(who))
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_only_hq_manages_users(client, ishikari_officer, hq_user):
    client.force_login(ishikari_officer)
    assert client.get(reverse("admin:portal_user_changelist")).status_code == 403
    client.force_login(hq_user)
    assert client.get(reverse("admin:portal_user_changelist")).status_code == 200


def test_hq_gives_a_role_in_the_admin_and_admin_access_follows(client, hq_user):
    user = UserFactory(email="new-officer@example.jp")
    client.force_login(hq_user)
    url = reverse("admin:portal_user_change", args=[user.pk])
    response = client.post(
        url,
        {
            "email": user.email,
            "name": "新任 職員",
            "department": "",
            "language": "ja",
            "is_active": "on",
            "role": "bureau",
            "bureau": "",
        },
    )
    assert response.status_code == 200  # missing bureau: the form again with the error
    assert response.context["adminform"].form.errors["bureau"]
    from portal.models import Bureau

    response = client.post(
        url,
        {
            "email": user.email,
            "name": "新任 職員",
            "department": "",
            "language": "ja",
            "is_active": "on",
            "role": "bureau",
            "bureau": Bureau.objects.get(code="oshima").pk,
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.role == "bureau" and user.is_staff and user.bureau.code == "oshima"


def test_attachment_download_is_404_out_of_scope(
    client, sapporo_staff, hakodate_staff, ishikari_officer
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from portal.services.attachments import attachment_store

    consultation = ConsultationFactory(asker=sapporo_staff)
    attachment = attachment_store(
        upload=SimpleUploadedFile(
            "計画書.pdf",
            b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\n"
            b"trailer<</Root 1 0 R>>\nstartxref\n0\n%%EOF\n",
        ),
        owner=consultation,
        uploaded_by=sapporo_staff,
    )
    url = reverse("portal:attachment_download", args=[attachment.pk])
    client.force_login(hakodate_staff)
    assert client.get(url).status_code == 404
    client.force_login(ishikari_officer)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    client.logout()
    assert client.get(url).status_code == 404
    assert Consultation.objects.count() == 1
