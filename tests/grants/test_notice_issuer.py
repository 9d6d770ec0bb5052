"""The issuer of a grant notice: 「北海道○○総合振興局長」 or 「北海道○○振興局長」, with the 公印 as
HQ set it (「公印省略」 printed, or the seal image stamped over the name)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from grants.models import Notice
from grants.services import applications, review
from portal.models import Bureau, OfficialSeal, Role
from portal.services.seals import official_seal_save
from tests.factories import UserFactory
from tests.grants.factories import AllocationFactory, ApplicationFactory, CallFactory
from tests.pdf_checks import assert_tagged, pdf_reader, pdf_text, response_bytes, seal_png

pytestmark = pytest.mark.django_db

CONFIRMED = {"preview-confirmed": "on"}
MUNICIPALITY_OF = {"ishikari": ("011002", "sapporo"), "oshima": ("012025", "hakodate")}


def _decision_pdf(client, django_capture_on_commit_callbacks, bureau_code: str) -> bytes:
    """A decision notice of ``bureau_code``, decided by one of its officers in the admin."""
    bureau = Bureau.objects.get(code=bureau_code)
    code, trait = MUNICIPALITY_OF[bureau_code]
    staff = UserFactory(**{trait: True})
    call = CallFactory(bureau=bureau)
    AllocationFactory(bureau=bureau)
    application = ApplicationFactory(call=call, created_by=staff, municipality_id=code)
    officer = UserFactory(role=Role.BUREAU, is_staff=True, bureau=bureau)
    submitted = applications.application_submit(application=application, actor=staff)
    review.application_start_review(application=submitted, actor=officer)
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:grants_application_approve", args=[application.pk]),
            {"amount": "600,000", "conditions": "", **CONFIRMED},
        )
    assert response.status_code == 302
    notice = application.notices.get(kind=Notice.Kind.DECISION)
    url = reverse("admin:grants_application_notice", args=[application.pk, notice.pk])
    return response_bytes(client.get(url))


def _stamp(bureau_code: str, hq_user) -> None:
    official_seal_save(
        seal=OfficialSeal(
            bureau=Bureau.objects.get(code=bureau_code),
            mode=OfficialSeal.Mode.IMAGE,
            image=SimpleUploadedFile("seal.png", seal_png(), content_type="image/png"),
        ),
        actor=hq_user,
    )


@pytest.mark.parametrize(
    ("bureau_code", "issuer"),
    [("ishikari", "北海道石狩振興局長"), ("oshima", "北海道渡島総合振興局長")],
)
def test_the_issuer_is_the_bureau_chief_under_the_official_name(
    client, django_capture_on_commit_callbacks, bureau_code, issuer
):
    data = _decision_pdf(client, django_capture_on_commit_callbacks, bureau_code)
    text = pdf_text(data)
    assert issuer in text
    # No seal configured: the notice says the seal is omitted, and carries no image.
    assert "（公印省略）" in text
    assert not pdf_reader(data).pages[0].images


def test_a_seal_set_by_hq_is_stamped_on_the_notice_instead_of_seal_omitted(
    client, hq_user, django_capture_on_commit_callbacks
):
    _stamp("oshima", hq_user)
    data = _decision_pdf(client, django_capture_on_commit_callbacks, "oshima")
    text = pdf_text(data)
    assert "北海道渡島総合振興局長" in text
    assert "公印省略" not in text
    assert len(pdf_reader(data).pages[0].images) == 1


def test_the_seal_of_one_bureau_is_not_stamped_on_another_bureaus_notice(
    client, hq_user, django_capture_on_commit_callbacks
):
    _stamp("oshima", hq_user)
    data = _decision_pdf(client, django_capture_on_commit_callbacks, "ishikari")
    assert "（公印省略）" in pdf_text(data)
    assert not pdf_reader(data).pages[0].images


def test_the_notice_is_a_tagged_pdf_with_its_title_and_language(
    client, django_capture_on_commit_callbacks
):
    data = _decision_pdf(client, django_capture_on_commit_callbacks, "ishikari")
    assert_tagged(data, title="地域づくり総合交付金交付決定通知書")
