"""A joint application (広域連携) led by one bureau, with a partner municipality in another:
the partner's bureau reads it (admin list and page, files, the site's status page) and can do
nothing else; a bureau with no partner in it gets 404; figures stay with the lead bureau."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from grants.admin.steps import ALL_STEPS
from grants.models import Application, ChangeRequest, Notice, ReviewerAssignment
from grants.selectors.applications import allocation_usage, applications_visible_to
from grants.services import after, applications, review
from grants.todos.applications import grant_todos
from portal import regional
from portal.models import AuditEvent, Municipality, Role
from portal.services.attachments import attachments_of
from tests.factories import UserFactory, bureau, municipality
from tests.grants.factories import AllocationFactory, ApplicationFactory, CallFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:grants_application_changelist")
PARTNER_MARK = "連携先として閲覧"


def change_url(application):
    return reverse("admin:grants_application_change", args=[application.pk])


def page(response) -> str:
    return response.content.decode()


def listed(response) -> set[int]:
    return {row.pk for row in response.context["cl"].result_list}


def results_table(response) -> str:
    content = page(response)
    start = content.index('id="result_list"')
    return content[start : content.index("</table>", start)]


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


@pytest.fixture
def tokachi_officer(db):
    return UserFactory(role=Role.BUREAU, is_staff=True, bureau=bureau("tokachi"))


@pytest.fixture
def joint(call, sapporo_staff, ishikari_officer, django_capture_on_commit_callbacks):
    """札幌市's application to 石狩振興局, with 函館市 (渡島) and 江別市 (石狩) as partners."""
    draft = ApplicationFactory(
        call=call, created_by=sapporo_staff, title="石狩・渡島広域観光連携事業"
    )
    draft.partners.add(municipality("012025"), municipality("012173"))
    with django_capture_on_commit_callbacks(execute=True):
        return applications.application_submit(application=draft, actor=sapporo_staff)


@pytest.fixture
def oshima_own(hakodate_staff, django_capture_on_commit_callbacks):
    """函館市's own application to 渡島総合振興局."""
    draft = ApplicationFactory(
        call=CallFactory(bureau=bureau("oshima")),
        municipality=municipality("012025"),
        created_by=hakodate_staff,
        title="函館朝市デジタル化事業",
    )
    with django_capture_on_commit_callbacks(execute=True):
        return applications.application_submit(application=draft, actor=hakodate_staff)


@pytest.fixture
def oshima_client(client, oshima_officer):
    client.force_login(oshima_officer)
    return client


def _approve(application, officer, callbacks):
    AllocationFactory()
    with callbacks(execute=True):
        review.application_start_review(application=application, actor=officer)
        return review.application_approve(application=application, actor=officer, amount=600_000)


def _snapshot(application) -> tuple:
    """Everything a step could change about the application."""
    row = Application.objects.get(pk=application.pk)
    return (
        row.status,
        row.lead_officer_id,
        row.recommended_amount,
        row.approved_amount,
        row.fixed_amount,
        Notice.objects.filter(application=application).count(),
        list(
            ReviewerAssignment.objects.filter(application=application).values_list("pk", flat=True)
        ),
        list(ChangeRequest.objects.filter(application=application).values_list("pk", "status")),
        application.payments.count(),
        AuditEvent.objects.for_object(application).count(),
    )


# --- the changelist --------------------------------------------------------------------------


def test_the_partner_bureau_lists_the_joint_application_marked_read_only(
    oshima_client, joint, oshima_own
):
    response = oshima_client.get(CHANGELIST)
    assert response.status_code == 200
    assert listed(response) == {joint.pk, oshima_own.pk}
    content = page(response)
    assert joint.reference in content
    assert "石狩・渡島広域観光連携事業" in content
    assert results_table(response).count(PARTNER_MARK) == 1
    # The bureau's own application is not marked; the joint one cannot be selected for actions.
    rows = {row.pk: row for row in response.context["cl"].result_list}
    assert rows[joint.pk].read_as_partner
    assert not rows[oshima_own.pk].read_as_partner
    assert f'value="{oshima_own.pk}"' in content
    assert f'name="_selected_action" value="{joint.pk}"' not in content


def test_a_filter_separates_the_bureau_applications_from_those_it_reads_as_partner(
    oshima_client, joint, oshima_own
):
    assert listed(oshima_client.get(CHANGELIST, {"share": "partner"})) == {joint.pk}
    assert listed(oshima_client.get(CHANGELIST, {"share": "lead"})) == {oshima_own.pk}
    # A value typed by hand is ignored, never a 500.
    response = oshima_client.get(CHANGELIST, {"share": "x"})
    assert response.status_code == 200
    assert listed(response) == {joint.pk, oshima_own.pk}


def test_a_bureau_with_no_partner_neither_lists_nor_opens_it(
    client, tokachi_officer, joint, oshima_own
):
    client.force_login(tokachi_officer)
    response = client.get(CHANGELIST)
    assert listed(response) == set()
    assert "石狩・渡島広域観光連携事業" not in page(response)
    assert client.get(change_url(joint)).status_code == 404
    assert client.get(CHANGELIST, {"share": "partner"}).context["cl"].result_count == 0


def test_the_lead_bureau_is_unchanged(client, ishikari_officer, joint, oshima_own):
    client.force_login(ishikari_officer)
    response = client.get(CHANGELIST)
    assert listed(response) == {joint.pk}
    assert not response.context["cl"].result_list[0].read_as_partner
    assert PARTNER_MARK not in results_table(response)
    content = page(client.get(change_url(joint)))
    assert reverse("admin:grants_application_start_review", args=[joint.pk]) in content
    assert PARTNER_MARK not in content
    response = client.post(
        reverse("admin:grants_application_start_review", args=[joint.pk]), follow=True
    )
    assert Application.objects.get(pk=joint.pk).status == "under_review"


def test_a_joint_draft_is_not_shown_to_the_partner_bureau(oshima_client, call, sapporo_staff):
    draft = ApplicationFactory(call=call, created_by=sapporo_staff)
    draft.partners.add(municipality("012025"))
    assert listed(oshima_client.get(CHANGELIST)) == set()
    assert oshima_client.get(change_url(draft)).status_code == 404


def test_the_changelist_queries_do_not_grow_with_joint_applications(
    oshima_client, call, oshima_own, django_assert_num_queries
):
    with CaptureQueriesContext(connection) as without_joint:
        response = oshima_client.get(CHANGELIST)
    assert listed(response) == {oshima_own.pk}
    hakodate = municipality("012025")
    for number in range(1, 31):
        application = ApplicationFactory(
            call=call,
            attachments=False,
            status="submitted",
            reference=f"R8-石狩-{number:04d}",
            submitted_at=timezone.now(),
        )
        # Two partners in 渡島 (函館, 北斗) and one in 石狩: still one row.
        application.partners.add(hakodate, municipality("012360"), municipality("012173"))
    # As many as the lead bureau's list (test_admin pins it): the partner check adds none.
    assert len(without_joint) == 15
    with django_assert_num_queries(len(without_joint)):
        response = oshima_client.get(CHANGELIST)
    assert response.context["cl"].result_count == 31
    with django_assert_num_queries(len(without_joint)):
        response = oshima_client.get(CHANGELIST, {"share": "partner"})
    assert response.context["cl"].result_count == 30


# --- the application page: read only ---------------------------------------------------------


def test_the_partner_bureau_reads_the_page_with_no_button(oshima_client, joint):
    response = oshima_client.get(change_url(joint))
    assert response.status_code == 200
    assert not response.context["has_change_permission"]
    assert not response.context["has_delete_permission"]
    content = page(response)
    for text in (
        "石狩・渡島広域観光連携事業",
        "講師謝金",
        "事業計画書.pdf",
        "函館市",
        PARTNER_MARK,
    ):
        assert text in content, text
    assert "石狩振興局" in content  # the lead bureau is named
    for step in ALL_STEPS:
        assert f"/{joint.pk}/{step.route.split('<')[0]}" not in content, step.name
    assert 'name="_save"' not in content
    assert 'name="_continue"' not in content


def test_every_step_is_refused_to_the_partner_bureau_and_nothing_changes(
    client,
    oshima_officer,
    joint,
    ishikari_officer,
    sapporo_staff,
    django_capture_on_commit_callbacks,
):
    reviewer = UserFactory(ishikari_officer=True)
    review.application_assign(
        application=joint,
        actor=ishikari_officer,
        lead_officer=ishikari_officer,
        reviewers=[reviewer],
    )
    assignment = joint.reviewer_assignments.get()
    approved = _approve(joint, ishikari_officer, django_capture_on_commit_callbacks)
    change = after.change_request_submit(
        application=approved,
        actor=sapporo_staff,
        kind="content",
        reason="変更",
        new_description="x",
    )
    before = _snapshot(joint)
    client.force_login(oshima_officer)
    data = {
        "amount": "600000",
        "reason": "x",
        "note": "x",
        "lead_officer": oshima_officer.pk,
        "paid_on": "2026-12-01",
    }
    for step in ALL_STEPS:
        extra = []
        if "change_pk" in step.route:
            extra = [change.pk]
        elif "assignment_pk" in step.route:
            extra = [assignment.pk]
        url = reverse(f"admin:{step.url_name}", args=[joint.pk, *extra])
        # Like HQ, who also only reads: in scope, so 403 rather than 404.
        assert client.get(url).status_code == 403, step.name
        assert client.post(url, data).status_code == 403, step.name
    # The admin's own change and delete pages refuse too.
    assert client.post(change_url(joint), {"title": "書き換え"}).status_code == 403
    delete = reverse("admin:grants_application_delete", args=[joint.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert _snapshot(joint) == before


def test_the_bulk_action_leaves_joint_applications_of_other_bureaus_alone(
    oshima_client, joint, oshima_own
):
    response = oshima_client.post(
        CHANGELIST,
        {"action": "start_review_selected", "_selected_action": [joint.pk, oshima_own.pk]},
        follow=True,
    )
    assert Application.objects.get(pk=joint.pk).status == "submitted"
    assert Application.objects.get(pk=oshima_own.pk).status == "under_review"
    assert any(PARTNER_MARK in m for m in messages_of(response))
    # Only the joint application selected (a hand-made POST): refused, nothing changes.
    response = oshima_client.post(
        CHANGELIST,
        {"action": "start_review_selected", "_selected_action": [joint.pk]},
        follow=True,
    )
    assert Application.objects.get(pk=joint.pk).status == "submitted"
    assert any(PARTNER_MARK in m for m in messages_of(response))


# --- files -----------------------------------------------------------------------------------


def test_the_partner_bureau_downloads_attachments_and_notices_others_get_404(
    client,
    oshima_officer,
    tokachi_officer,
    joint,
    ishikari_officer,
    django_capture_on_commit_callbacks,
):
    approved = _approve(joint, ishikari_officer, django_capture_on_commit_callbacks)
    notice = approved.notices.get()
    attachment = attachments_of(approved).get()
    urls = [
        reverse("portal:attachment_download", args=[attachment.pk]),
        reverse("admin:grants_application_notice", args=[approved.pk, notice.pk]),
        reverse("grants:notice_pdf", args=[notice.pk]),
    ]
    client.force_login(oshima_officer)
    content = page(client.get(change_url(approved)))
    for url in urls[:2]:
        assert url in content
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"] == "application/pdf"
    client.force_login(tokachi_officer)
    for url in urls:
        assert client.get(url).status_code == 404, url


# --- the site's status page ------------------------------------------------------------------


def test_the_partner_bureau_reads_the_status_page_and_cannot_act(
    client, oshima_officer, tokachi_officer, joint
):
    detail = reverse("grants:application_detail", args=[joint.pk])
    client.force_login(oshima_officer)
    response = client.get(detail)
    assert response.status_code == 200
    assert "石狩・渡島広域観光連携事業" in page(response)
    before = _snapshot(joint)
    for name in ("application_withdraw", "application_partner_confirm", "application_forward"):
        response = client.post(
            reverse(f"grants:{name}", args=[joint.pk]), {"reason": "x", "comment": "x"}
        )
        # As for the lead bureau and HQ, who also only read there: back to the page, refused.
        assert response.status_code == 302, name
        assert response["Location"] == detail
    assert _snapshot(joint) == before
    client.force_login(tokachi_officer)
    assert client.get(detail).status_code == 404


# --- figures stay with the lead bureau -------------------------------------------------------


def test_allocation_sums_dashboard_and_regional_counts_stay_with_the_lead_bureau(
    client, oshima_officer, ishikari_officer, joint, django_capture_on_commit_callbacks
):
    AllocationFactory(bureau=bureau("oshima"), amount=20_000_000)
    _approve(joint, ishikari_officer, django_capture_on_commit_callbacks)
    oshima, ishikari = bureau("oshima"), bureau("ishikari")
    assert allocation_usage(oshima.pk, 2026)["committed"] == 0
    assert allocation_usage(ishikari.pk, 2026)["committed"] == 600_000

    client.force_login(oshima_officer)
    rows = client.get(CHANGELIST, {"fiscal_year": "2026"}).context["allocation_rows"]
    assert [(r["amount"], r["committed"], r["remaining"]) for r in rows] == [
        (20_000_000, 0, 20_000_000)
    ]
    dashboard = client.get(reverse("grants:dashboard"), {"fiscal_year": "2026"})
    assert dashboard.context["totals"]["count"] == 0
    assert dashboard.context["by_municipality"] == []
    assert all(a["committed"] == 0 for a in dashboard.context["allocations"])
    assert not applications_visible_to(oshima_officer).exists()
    assert grant_todos(oshima_officer) == []

    table = regional.compute([2026], Municipality.objects.select_related("bureau"))
    measure = next(m for m in regional.measures() if m.key == "grants.applications")
    committed = next(m for m in regional.measures() if m.key == "grants.committed")
    assert table.for_bureau(oshima.pk, 2026).get(measure) == 0
    assert table.for_bureau(ishikari.pk, 2026).get(measure) == 1
    assert table.for_bureau(oshima.pk, 2026).get(committed) == 0
    assert table.for_all(2026).get(measure) == 1
    assert table.for_all(2026).get(committed) == 600_000
