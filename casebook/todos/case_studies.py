"""What each user must do next in the casebook (shown on my page)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from portal.models import Role
from portal.registry import TodoItem

from ..models import CaseStudy, Origin, Status
from ..permissions import case_studies as permissions

LIMIT = 20


def casebook_todos(user) -> list[TodoItem]:
    if not user.is_authenticated:
        return []
    items: list[TodoItem] = []
    fields = ("pk", "title", "status", "origin")
    if user.role == Role.BUREAU and user.bureau_id:
        # The bureau's drafts: proposals from its municipalities, and its own drafts (new,
        # or returned by an editor) still to be submitted for review.
        drafts = CaseStudy.objects.filter(bureau_id=user.bureau_id, status=Status.DRAFT).only(
            *fields
        )
        for case_study in drafts.order_by("created_at", "pk")[:LIMIT]:
            if case_study.origin == Origin.PROPOSAL:
                title = _("Prepare the proposed case study: %(title)s")
            else:
                title = _("Finish and submit the draft case study: %(title)s")
            items.append(
                TodoItem(
                    title % {"title": case_study.title},
                    reverse("admin:casebook_casestudy_change", args=[case_study.pk]),
                )
            )
    if permissions.is_editor(user):
        waiting = CaseStudy.objects.filter(status=Status.REVIEW).only(*fields)
        for case_study in waiting.order_by("updated_at")[:LIMIT]:
            items.append(
                TodoItem(
                    _("Review the case study: %(title)s") % {"title": case_study.title},
                    reverse("admin:casebook_casestudy_change", args=[case_study.pk]),
                )
            )
    return items
