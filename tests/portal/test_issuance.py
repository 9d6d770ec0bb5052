"""The kernel's guard that a numbered document is issued once per (object, kind), and
re-issued only with a reason when what it states has changed."""

import pytest
from django.core.exceptions import ValidationError

from portal.models import AuditEvent, DocumentIssue, Municipality
from portal.services.issuance import (
    fingerprint,
    issue_claim,
    issue_numbered,
    reissue_audit,
    reissue_claim,
    reissue_offered,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def town():
    return Municipality.objects.get(code="011002")


def test_the_first_claim_issues_and_the_second_returns_it(town, ishikari_officer):
    first, created = issue_claim(owner=town, kind="k", fingerprint="a", actor=ishikari_officer)
    assert created
    issue_numbered(first, "第1号")
    again, created_again = issue_claim(owner=town, kind="k", fingerprint="b", actor=None)
    assert (again.pk, created_again, again.document_number) == (first.pk, False, "第1号")
    other_kind, created_other = issue_claim(owner=town, kind="other", fingerprint="a", actor=None)
    assert created_other and other_kind.pk != first.pk


def test_the_fingerprint_is_stable_and_follows_the_content():
    assert fingerprint({"b": 1, "a": [1, "案"]}) == fingerprint({"a": [1, "案"], "b": 1})
    assert fingerprint({"a": 1}) != fingerprint({"a": 2})


def test_a_reissue_needs_a_change_and_a_reason(town, ishikari_officer):
    with pytest.raises(ValidationError) as not_issued:
        reissue_claim(owner=town, kind="k", fingerprint="a", actor=None, reason="x")
    assert not_issued.value.code == "not_issued"
    first, _ = issue_claim(owner=town, kind="k", fingerprint="a", actor=None)
    issue_numbered(first, "第1号")
    assert not reissue_offered(town, "k", "a")
    assert reissue_offered(town, "k", "b")
    for reason, fp, code in (("", "b", "reason"), ("   ", "b", "reason"), ("x", "a", "unchanged")):
        with pytest.raises(ValidationError) as refused:
            reissue_claim(owner=town, kind="k", fingerprint=fp, actor=None, reason=reason)
        assert refused.value.code == code
    issue, previous = reissue_claim(
        owner=town, kind="k", fingerprint="b", actor=ishikari_officer, reason="記載誤り"
    )
    issue_numbered(issue, "第2号")
    reissue_audit(owner=town, actor=ishikari_officer, issue=issue, previous=previous)
    assert (issue.edition, issue.reason, previous.pk) == (2, "記載誤り", first.pk)
    assert not reissue_offered(town, "k", "b")
    event = AuditEvent.objects.for_object(town).get(action="document_reissued")
    assert (event.comment, event.extra["replaces"], event.extra["document_number"]) == (
        "記載誤り",
        "第1号",
        "第2号",
    )
    assert DocumentIssue.objects.filter(kind="k").count() == 2
