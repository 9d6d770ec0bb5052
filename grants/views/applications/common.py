"""What the applicant's pages share: fetching in scope, refusing with a message, the
application's content as the check-your-answers, status and forwarding pages show it, and
a section's page, draft and "saved" redirect."""

from __future__ import annotations

import contextlib

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import prefetch_related_objects
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.selectors.kessai import open_kessai_of
from portal.services.attachments import attachments_of

from ...models import Application
from ...models.applications import SECTIONS, Status
from ...permissions import applications as permissions
from ...rules.applications import Line, Rules, summarise
from ...selectors.applications import application_get_for
from ...services import applications as services
from ...workflows.applications import APPLICATION_WORKFLOW

REFUSED = gettext_lazy("You cannot do this with this application now.")


def to_detail(application):
    return redirect("grants:application_detail", pk=application.pk)


def is_possible(application, action: str) -> bool:
    """The workflow table allows ``action`` from the application's status."""
    return application.status in APPLICATION_WORKFLOW.get(action).sources


def refuse(request, application, message=None):
    messages.error(request, message or str(REFUSED))
    return to_detail(application)


def editable_or_refusal(request, application):
    """None if the user may edit; otherwise the redirect that explains why not."""
    if open_kessai_of(application) is not None:
        # Approvers are reading this very text: it stays as drafted until they decide.
        return refuse(
            request,
            application,
            _("The application is awaiting approval (決裁中) and cannot be changed now."),
        )
    if permissions.can_edit_application(request.user, application):
        return None
    if application.status not in (Status.DRAFT, Status.RETURNED) and (
        permissions.is_applicant_staff(request.user, application)
        or permissions.is_group_applicant(request.user, application)
    ):
        return refuse(
            request,
            application,
            _("The application can no longer be changed (status: %(status)s).")
            % {"status": application.get_status_display()},
        )
    return refuse(request, application, _("You can view this application but not change it."))


def budget_lines_of(application):
    return list(application.budget_lines.select_related("cost_category"))


def content_of(application, sections=None) -> dict:
    """Everything the application says (every section's answers, the budget with its
    summary under the call's rules, the documents), for the check-your-answers, status and
    forwarding pages. ``sections``: the task list's statuses, where they are shown."""
    partners = list(application.partners.all())
    answers = []
    for item in sections or [{"section": s, "status": None} for s in SECTIONS]:
        rows = []
        for name in item["section"].fields:
            if name == "applicant_name" and not (
                application.applicant_kind.via_municipality or application.applicant_name
            ):
                continue
            if name == "strategy_measure":
                # #21: the tagged measures; the old free text only where it was kept.
                rows.append(_measures_row(application))
                if not application.strategy_measure:
                    continue
            field = Application._meta.get_field(name)
            rows.append(
                {
                    "label": _("Entry before migration")
                    if name == "strategy_measure"
                    else capfirst(field.verbose_name),
                    "value": partners if name == "partners" else getattr(application, name),
                    "kind": field.get_internal_type(),
                }
            )
        answers.append({**item, "rows": rows})
    rules = Rules.for_call(application.call)
    lines = budget_lines_of(application)
    attachments = list(attachments_of(application))
    requirements = list(application.call.required_attachments.all())
    names = {r.name for r in requirements}
    return {
        "answers": answers,
        "rules": rules,
        "summary": summarise([Line(line.cost_category_id, line.amount) for line in lines], rules),
        "budget": [
            {"line": line, "ineligible": line.cost_category_id in rules.ineligible_categories}
            for line in lines
        ],
        "attachment_rows": [
            {"requirement": r, "files": [a for a in attachments if a.label == r.name]}
            for r in requirements
        ],
        "other_files": [a for a in attachments if a.label not in names],
        "partners": partner_rows(application),
    }


def _measures_row(application) -> dict:
    return {
        "label": capfirst(Application._meta.get_field("measures").verbose_name),
        "value": [
            f"{m.strategy.title}：{m.title}"
            for m in application.measures.select_related("strategy")
        ],
        "kind": "Measures",
    }


def get_application(request, pk):
    application = application_get_for(request.user, pk)
    # Permission predicates walk the partners; fetch them once.
    prefetch_related_objects([application], "partners")
    return application


def partner_rows(application) -> list[dict]:
    confirmations = {c.municipality_id: c for c in application.partner_confirmations.all()}
    return [
        {"municipality": m, "confirmation": confirmations.get(m.pk)}
        for m in application.partners.all()
    ]


# --- A section of the task list ------------------------------------------------------------


def keep_draft(request, application, section: str, raw: dict) -> None:
    # If it is no longer editable (changed in another tab), the save failed for that
    # reason and the page says so already.
    with contextlib.suppress(ValidationError, PermissionDenied):
        services.application_keep_draft(
            application=application, actor=request.user, section=section, raw=raw
        )


def next_url(request, application, section: str) -> str:
    action = request.POST.get("action", "continue")
    if action == "stay":
        return reverse("grants:application_section", args=[application.pk, section])
    if action == "return":
        return reverse("grants:application_detail", args=[application.pk])
    following = SECTIONS.next_key(section)
    if following is not None:
        return reverse("grants:application_section", args=[application.pk, following])
    return reverse("grants:application_check", args=[application.pk])


def saved(request, application, section):
    messages.success(request, _("“%(title)s” has been saved.") % {"title": section.title})
    return redirect(next_url(request, application, section.key))


def section_page(request, application, spec, context):
    return render(
        request,
        f"grants/application_section_{spec.key}.html"
        if spec.key in ("budget", "attachments")
        else "grants/application_section.html",
        {
            "application": application,
            "section": spec,
            **SECTIONS.position(spec.key),
            **context,
        },
    )
