"""PDF versions: a case study, and a whole journal issue. The kernel renders the HTML now
(its hash decides reuse: the same content gives the same file) and typesets it in a task."""

from __future__ import annotations

from django.conf import settings

from portal.services.documents import document_request

from ..selectors.case_studies import case_study_page_relations
from ..selectors.journal import issue_contents


def case_study_pdf(*, case_study, requested_by=None):
    return document_request(
        owner=case_study,
        kind="casebook_case_study",
        title=f"先進事例 {case_study.title}"[:200],
        template_name="casebook/pdf/case_study.html",
        context={
            "case_study": case_study,
            "site_url": settings.SITE_URL,
            **case_study_page_relations(case_study),
        },
        requested_by=requested_by,
    )


def issue_pdf(*, issue, requested_by=None):
    return document_request(
        owner=issue,
        kind="casebook_issue",
        title=f"北海道創生ジャーナル「創る」第{issue.number}号",
        template_name="casebook/pdf/issue.html",
        context={"issue": issue, "site_url": settings.SITE_URL, **issue_contents(issue)},
        requested_by=requested_by,
    )
