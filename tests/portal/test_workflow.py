import re
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied

from portal.models import AccessRequest, AuditEvent
from portal.workflow import (
    ACCESS_REQUEST_WORKFLOW,
    InvalidTransition,
    Transition,
    Workflow,
    run_transition,
)
from tests.factories import AccessRequestFactory

pytestmark = pytest.mark.django_db


def test_a_legal_move_changes_status_and_writes_an_audit_event(ishikari_officer):
    request = AccessRequestFactory()
    result = run_transition(
        ACCESS_REQUEST_WORKFLOW, request, "approve", actor=ishikari_officer, comment="確認済み"
    )
    assert result.changed
    request.refresh_from_db()
    assert request.status == "approved"
    event = AuditEvent.objects.for_object(request).get()
    assert (event.actor, event.action, event.from_status, event.to_status, event.comment) == (
        ishikari_officer,
        "approve",
        "pending",
        "approved",
        "確認済み",
    )


def test_an_illegal_move_raises_and_changes_nothing(ishikari_officer):
    request = AccessRequestFactory(status="declined")
    with pytest.raises(InvalidTransition):
        run_transition(ACCESS_REQUEST_WORKFLOW, request, "approve", actor=ishikari_officer)
    request.refresh_from_db()
    assert request.status == "declined"
    assert not AuditEvent.objects.for_object(request).exists()


def test_an_unknown_action_is_an_invalid_transition(ishikari_officer):
    with pytest.raises(InvalidTransition):
        run_transition(
            ACCESS_REQUEST_WORKFLOW, AccessRequestFactory(), "explode", actor=ishikari_officer
        )


def test_a_role_not_in_the_table_is_refused(sapporo_staff):
    request = AccessRequestFactory()
    with pytest.raises(PermissionDenied):
        run_transition(ACCESS_REQUEST_WORKFLOW, request, "approve", actor=sapporo_staff)
    request.refresh_from_db()
    assert request.status == "pending"


def test_the_callers_predicate_is_checked_on_the_locked_row(oshima_officer):
    request = AccessRequestFactory()
    with pytest.raises(PermissionDenied):
        run_transition(
            ACCESS_REQUEST_WORKFLOW,
            request,
            "approve",
            actor=oshima_officer,
            allowed=lambda locked: locked.municipality.bureau_id == 0,
        )


def test_calling_twice_is_harmless(ishikari_officer):
    request = AccessRequestFactory()
    first = run_transition(ACCESS_REQUEST_WORKFLOW, request, "approve", actor=ishikari_officer)
    second = run_transition(ACCESS_REQUEST_WORKFLOW, request, "approve", actor=ishikari_officer)
    assert first.changed and not second.changed
    assert AuditEvent.objects.for_object(request).count() == 1


def test_the_callers_instance_is_updated(ishikari_officer):
    request = AccessRequestFactory()
    run_transition(
        ACCESS_REQUEST_WORKFLOW,
        request,
        "decline",
        actor=ishikari_officer,
        apply=lambda locked: (setattr(locked, "decision_note", "理由"), ["decision_note"])[1],
    )
    assert request.status == "declined"
    assert request.decision_note == "理由"


def test_available_moves_depend_on_status_and_role(ishikari_officer, sapporo_staff):
    request = AccessRequestFactory()
    assert [t.action for t in ACCESS_REQUEST_WORKFLOW.available(request, ishikari_officer)] == [
        "approve",
        "decline",
    ]
    assert ACCESS_REQUEST_WORKFLOW.available(request, sapporo_staff) == []


def test_a_table_cannot_declare_an_action_twice():
    t = Transition("go", frozenset({"a"}), "b", frozenset(), "go")
    with pytest.raises(ValueError, match="declared twice"):
        Workflow(name="broken", transitions=[t, t])


def test_audit_events_are_append_only(ishikari_officer):
    request = AccessRequestFactory()
    run_transition(ACCESS_REQUEST_WORKFLOW, request, "approve", actor=ishikari_officer)
    event = AuditEvent.objects.get()
    event.comment = "改ざん"
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.all().update(comment="x")
    with pytest.raises(TypeError):
        AuditEvent.objects.all().delete()


def test_audit_events_cannot_be_changed_or_deleted_in_the_admin(client, hq_user, ishikari_officer):
    request = AccessRequestFactory()
    run_transition(ACCESS_REQUEST_WORKFLOW, request, "approve", actor=ishikari_officer)
    event = AuditEvent.objects.get()
    client.force_login(hq_user)
    assert client.get(f"/admin/portal/auditevent/{event.pk}/change/").status_code == 200
    assert (
        client.post(f"/admin/portal/auditevent/{event.pk}/change/", {"comment": "x"}).status_code
        == 403
    )
    assert (
        client.post(f"/admin/portal/auditevent/{event.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert AuditEvent.objects.filter(pk=event.pk, comment="").exists()


def test_the_database_refuses_to_rewrite_history_on_postgresql(ishikari_officer):
    from django.db import connection, transaction

    if connection.vendor != "postgresql":
        pytest.skip("the append-only trigger exists on PostgreSQL only")
    request = AccessRequestFactory()
    run_transition(ACCESS_REQUEST_WORKFLOW, request, "approve", actor=ishikari_officer)
    with (
        pytest.raises(Exception, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE portal_auditevent SET comment = 'x'")
    assert AccessRequest.objects.filter(status="approved").count() == 1


def test_no_code_assigns_a_workflow_status_outside_the_engine():
    root = Path(__file__).resolve().parents[2]
    pattern = re.compile(r"\.status\s*=[^=]")
    offenders = []
    for path in root.rglob("*.py"):
        name = path.relative_to(root).as_posix()
        if name.startswith(("tests/", ".venv/", "build/")) or "/migrations/" in name:
            continue
        # Services (and the engine they call) are where status changes belong.
        if name == "portal/workflow.py" or name.endswith("services.py") or "/services/" in name:
            continue
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if pattern.search(line) and not line.strip().startswith("#"):
                offenders.append(f"{name}:{number}: {line.strip()}")
    assert offenders == []
