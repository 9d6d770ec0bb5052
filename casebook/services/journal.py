"""The journal「創る」: issues are prepared by editors and published when their case
studies are public."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.workflow import audit, run_transition

from ..models import JournalIssue, Status
from ..models.choices import ArticleKind, IssueStatus
from ..permissions import case_studies as permissions
from ..workflows.case_studies import ISSUE_WORKFLOW
from .common import public_content_changed


def issue_save(*, issue: JournalIssue, actor, changed_fields=None) -> JournalIssue:
    """Create or update an issue's own fields (articles are rows of their own)."""
    if not permissions.can_edit_issue(actor, issue):
        raise PermissionDenied
    with transaction.atomic():
        creating = issue.pk is None
        if not creating:
            stored = JournalIssue.objects.select_for_update().get(pk=issue.pk)
            issue.status = stored.status  # only the transitions move it
            issue.published_at = stored.published_at
        issue.full_clean()
        if creating:
            issue.created_by = actor
            issue.save()
            audit(issue, actor=actor, action="create", to_status=issue.status)
        else:
            issue.save()
            audit(issue, actor=actor, action="edit", extra={"fields": sorted(changed_fields or [])})
            if issue.status == IssueStatus.PUBLISHED:
                public_content_changed()
    return issue


def issue_content_saved(*, issue: JournalIssue) -> None:
    """After an issue's articles or photos changed. (A case study that is not public is
    listed in a published issue's contents without its link.)"""
    if issue.status == IssueStatus.PUBLISHED:
        public_content_changed()


def _check_articles_public(issue: JournalIssue) -> None:
    articles = list(issue.articles.select_related("case_study"))
    if not articles:
        raise ValidationError(
            _("An issue needs at least one article before it is published."), code="empty_issue"
        )
    hidden = [
        a.case_study.title
        for a in articles
        if a.kind == ArticleKind.CASE_STUDY and a.case_study.status != Status.PUBLISHED
    ]
    if hidden:
        raise ValidationError(
            _("Publish these case studies first: %(titles)s") % {"titles": "、".join(hidden)},
            code="case_studies_not_public",
        )


def issue_publish(*, issue: JournalIssue, actor) -> JournalIssue:
    """Draft → published. Every case study it contains must already be published."""
    with transaction.atomic():
        _check_articles_public(issue)

        def apply(locked):
            if locked.published_at is None:
                locked.published_at = timezone.now()
                return ["published_at"]
            return []

        result = run_transition(
            ISSUE_WORKFLOW,
            issue,
            "publish",
            actor=actor,
            allowed=lambda locked: permissions.can_edit_issue(actor, locked),
            apply=apply,
        )
        if result.changed:
            public_content_changed()
    return result.obj


def issue_unpublish(*, issue: JournalIssue, actor, reason: str = "") -> JournalIssue:
    with transaction.atomic():
        result = run_transition(
            ISSUE_WORKFLOW,
            issue,
            "unpublish",
            actor=actor,
            comment=reason,
            allowed=lambda locked: permissions.can_edit_issue(actor, locked),
        )
        if result.changed:
            public_content_changed()
    return result.obj
