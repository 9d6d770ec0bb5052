"""The 公印 rule of each bureau's notices: set by HQ in the admin, and by nobody else."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from portal.models import AuditEvent, Bureau, OfficialSeal
from portal.models.seals import SEAL_MAX_BYTES
from portal.selectors import notice_issuer
from portal.services.seals import official_seal_save
from tests.pdf_checks import seal_png

pytestmark = pytest.mark.django_db

ADD = reverse("admin:portal_officialseal_add")
LIST = reverse("admin:portal_officialseal_changelist")


def _png(name="seal.png", data=None):
    return SimpleUploadedFile(name, data or seal_png(), content_type="image/png")


@pytest.fixture
def oshima():
    return Bureau.objects.get(code="oshima")


@pytest.fixture
def seal(oshima, hq_user):
    return official_seal_save(
        seal=OfficialSeal(bureau=oshima, mode=OfficialSeal.Mode.IMAGE, image=_png()),
        actor=hq_user,
    )


def test_hq_uploads_a_seal_and_the_bureaus_notices_carry_it(client, hq_user, oshima):
    client.force_login(hq_user)
    assert client.get(ADD).status_code == 200
    response = client.post(ADD, {"bureau": oshima.pk, "mode": "image", "image": _png()})
    assert response.status_code == 302
    seal = OfficialSeal.objects.get(bureau=oshima)
    assert seal.updated_by == hq_user
    assert AuditEvent.objects.filter(object_id=str(seal.pk), action="create").exists()
    issuer = notice_issuer(oshima)
    assert issuer.title == "北海道渡島総合振興局長"
    assert issuer.seal_data_url.startswith("data:image/png;base64,")
    # The change page shows the seal inline: the private file has no URL to link.
    page = client.get(reverse("admin:portal_officialseal_change", args=[seal.pk]))
    assert page.status_code == 200
    assert 'src="data:image/png;base64,' in page.content.decode()


def test_a_bureau_without_a_seal_or_set_to_omit_prints_seal_omitted(client, hq_user, seal):
    ishikari = Bureau.objects.get(code="ishikari")
    assert notice_issuer(ishikari).seal_data_url == ""
    client.force_login(hq_user)
    url = reverse("admin:portal_officialseal_change", args=[seal.pk])
    response = client.post(url, {"bureau": seal.bureau_id, "mode": "omitted"})
    assert response.status_code == 302
    assert notice_issuer(seal.bureau).seal_data_url == ""


@pytest.mark.parametrize(
    ("who", "refused"),
    # Officers use the admin but not this page; municipal staff are sent to sign in.
    [("ishikari_officer", {403, 404}), ("oshima_officer", {403, 404}), ("sapporo_staff", {302})],
)
def test_only_hq_may_see_or_change_the_seals(client, request, seal, who, refused):
    client.force_login(request.getfixturevalue(who))
    change = reverse("admin:portal_officialseal_change", args=[seal.pk])
    for url in (LIST, ADD, change):
        assert client.get(url).status_code in refused, url
    response = client.post(change, {"bureau": seal.bureau_id, "mode": "omitted"})
    assert response.status_code in refused
    seal.refresh_from_db()
    assert seal.mode == "image"


def test_the_service_refuses_a_bureau_officer(oshima_officer, oshima):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        official_seal_save(seal=OfficialSeal(bureau=oshima), actor=oshima_officer)
    assert not OfficialSeal.objects.exists()


def _post_bad(client, hq_user, oshima, **data):
    client.force_login(hq_user)
    response = client.post(ADD, {"bureau": oshima.pk, "mode": "image", **data})
    assert response.status_code == 200
    assert not OfficialSeal.objects.exists()
    return response.context["adminform"].form.errors["image"]


def test_stamping_without_an_image_is_refused_with_a_message(client, hq_user, oshima):
    errors = _post_bad(client, hq_user, oshima)
    assert "公印省略" in errors[0]


def test_a_file_that_is_not_an_image_is_refused(client, hq_user, oshima):
    fake = SimpleUploadedFile("seal.png", b"not an image at all", content_type="image/png")
    assert _post_bad(client, hq_user, oshima, image=fake)


def test_a_gif_is_refused_png_and_jpeg_only(client, hq_user, oshima):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), "red").save(buffer, format="GIF")
    gif = SimpleUploadedFile("seal.gif", buffer.getvalue(), content_type="image/gif")
    assert _post_bad(client, hq_user, oshima, image=gif)


def _png_of_size(size: int) -> bytes:
    """A PNG padded to exactly ``size`` bytes (a text chunk after the image data)."""
    data = seal_png()
    return data + b"\0" * (size - len(data))


@pytest.mark.parametrize(
    ("size", "accepted"),
    [(SEAL_MAX_BYTES - 1, True), (SEAL_MAX_BYTES, True), (SEAL_MAX_BYTES + 1, False)],
)
def test_the_seal_image_size_limit(client, hq_user, oshima, size, accepted):
    client.force_login(hq_user)
    response = client.post(
        ADD, {"bureau": oshima.pk, "mode": "image", "image": _png("s.png", _png_of_size(size))}
    )
    assert OfficialSeal.objects.exists() is accepted
    if not accepted:
        assert "300" in response.context["adminform"].form.errors["image"][0]
