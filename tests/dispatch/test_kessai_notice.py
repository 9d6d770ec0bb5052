"""派遣決定 as a routed act (決裁, #20): with the bureau's route, the officer's issue drafts;
the 局長's approval numbers and sends the notice, once."""

import pytest
from django.urls import reverse

from dispatch.models import DispatchNotice
from portal.models import Kessai, Position
from portal.services.kessai_routes import approval_route_set
from tests.dispatch.factories import assigned_request
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_dispatch_notice_is_issued_at_the_heads_approval(
    client, sapporo_staff, ishikari_officer, advisor_person, hq_user
):
    obj = assigned_request(sapporo_staff, ishikari_officer, advisor_person)
    head = UserFactory(ishikari_officer=True, position=Position.HEAD)
    approval_route_set(
        kind="dispatch.notice_issue",
        bureau_id=obj.bureau_id,
        steps=[{"position": Position.HEAD, "unit_id": None}],
        actor=hq_user,
    )
    client.force_login(ishikari_officer)
    client.post(reverse("dispatch:notice_issue", args=[obj.pk]), {"confirmed": "on"})
    kessai = Kessai.objects.get()
    assert not DispatchNotice.objects.exists()  # no number before the decision
    client.force_login(head)
    client.post(
        reverse("portal:kessai_detail", args=[kessai.pk]), {"op": "approve", "comment": "局長了"}
    )
    # The bureau's stamps are in its own history, not in the municipality's view of it.
    detail = reverse("dispatch:request_detail", args=[obj.pk])
    client.force_login(ishikari_officer)
    assert "局長了" in client.get(detail).content.decode()
    client.force_login(sapporo_staff)
    assert "局長了" not in client.get(detail).content.decode()
    kessai.refresh_from_db()
    assert kessai.status == "approved"
    notice = DispatchNotice.objects.get()
    assert notice.document_number
