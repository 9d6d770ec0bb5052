"""The kernel's decision-with-note shape (portal.services.decisions)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from grants.workflows.furusato import COMPANY_WORKFLOW
from portal.models import AuditEvent
from portal.services.decisions import decide, required_note
from tests.grants.support_factories import CompanyFactory

pytestmark = pytest.mark.django_db


def test_a_required_note_is_stripped_and_refused_when_blank():
    assert required_note("  理由  ") == "理由"
    with pytest.raises(ValidationError) as plain:
        required_note("   ")
    assert plain.value.code == "reason_required"
    with pytest.raises(ValidationError) as on_field:
        required_note(None, "理由を書いてください。", field="reason")
    assert on_field.value.message_dict == {"reason": ["理由を書いてください。"]}


def test_a_decision_records_who_when_and_the_note_once(hq_user):
    company = CompanyFactory(pending=True)
    result = decide(COMPANY_WORKFLOW, company, "decline", actor=hq_user, note="書類不備")
    assert result.changed
    company.refresh_from_db()
    assert (company.status, company.decided_by, company.decision_note) == (
        "declined",
        hq_user,
        "書類不備",
    )
    assert company.decided_at is not None
    event = AuditEvent.objects.for_object(company).get()
    assert (event.action, event.comment) == ("decline", "書類不備")
    again = decide(COMPANY_WORKFLOW, company, "decline", actor=hq_user, note="別の理由")
    assert not again.changed
    company.refresh_from_db()
    assert company.decision_note == "書類不備"


def test_a_decision_checks_the_locked_row_and_the_predicate(hq_user):
    company = CompanyFactory(pending=True)

    def check(locked):
        raise ValidationError("確認できません。")

    with pytest.raises(ValidationError):
        decide(COMPANY_WORKFLOW, company, "approve", actor=hq_user, check=check)
    with pytest.raises(PermissionDenied):
        decide(COMPANY_WORKFLOW, company, "approve", actor=hq_user, allowed=lambda obj: False)
    company.refresh_from_db()
    assert (company.status, company.decided_by) == ("pending", None)
