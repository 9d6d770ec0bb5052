"""Bureau policy projects (F2): record, move through 計画 → 実施中 → 完了 → 評価済, the
one-page project sheet, and the case-study proposal the casebook pillar reads.

Published function for other pillars: ``project_case_study_material(project)``.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.japanese import nendo, wareki_date
from portal.pagecache import invalidate_on_commit
from portal.services.documents import document_request
from portal.services.notifications import hq_staff, notify_many
from portal.workflow import audit, run_transition

from ..models.projects import PolicyProject
from ..permissions import applications as permissions
from ..selectors.projects import policy_project_parts
from ..workflows.projects import PROJECT_WORKFLOW

# Fields of the record an officer keeps; the status and the case-study proposal are not.
RECORD_FIELDS = (
    "bureau",
    "fiscal_year",
    "title",
    "theme",
    "region",
    "summary",
    "description",
    "start_date",
    "end_date",
    "results",
    "evaluation",
)


def policy_project_save(*, project: PolicyProject, actor, changed=()) -> PolicyProject:
    """Create or update the record of a project (the admin form calls this; its partners,
    budget lines, milestones and KPIs are rows of the same record).

    Preconditions: the actor is an officer of the bureau that runs the project (a new
    project always belongs to the officer's bureau) and the project is not yet evaluated.
    Writes an audit event naming the changed fields.
    """
    creating = project.pk is None
    if creating:
        if not permissions.can_record_policy_projects(actor):
            raise PermissionDenied
        project.bureau_id = actor.bureau_id
        project.created_by = actor
    with transaction.atomic():
        if not creating:
            locked = PolicyProject.objects.select_for_update().get(pk=project.pk)
            if not permissions.can_edit_policy_project(actor, locked):
                raise PermissionDenied
            if project.bureau_id != locked.bureau_id:
                raise ValidationError(
                    _("A project stays with the bureau that recorded it."), code="bureau"
                )
            project.save(update_fields=[*RECORD_FIELDS, "updated_at"])
        else:
            project.save()
        audit(
            project,
            actor=actor,
            action="create" if creating else "update",
            to_status=project.status if creating else "",
            extra={"fields": sorted(set(changed))} if changed else None,
        )
    return project


def _owned(actor):
    return lambda locked: permissions.can_move_policy_project(actor, locked)


def policy_project_start(*, project: PolicyProject, actor) -> PolicyProject:
    """計画 → 実施中. The project must have at least one municipality it serves."""
    PROJECT_WORKFLOW.ensure_possible(project, "start")
    if not project.municipalities.exists():
        raise ValidationError(
            _("Name the municipalities the project serves before starting it."),
            code="municipalities",
        )
    return run_transition(
        PROJECT_WORKFLOW, project, "start", actor=actor, allowed=_owned(actor)
    ).obj


def policy_project_complete(*, project: PolicyProject, actor, results: str) -> PolicyProject:
    """実施中 → 完了, with the results residents will read on the public page."""
    PROJECT_WORKFLOW.ensure_possible(project, "complete")
    results = (results or "").strip()
    if not results:
        raise ValidationError(
            _("Describe what the project achieved: residents read it on the public page."),
            code="results",
        )

    def apply(locked):
        locked.results = results
        return ["results"]

    result = run_transition(
        PROJECT_WORKFLOW, project, "complete", actor=actor, allowed=_owned(actor), apply=apply
    ).obj
    invalidate_on_commit()  # now on the served municipalities' public pages
    return result


def policy_project_evaluate(*, project: PolicyProject, actor, evaluation: str) -> PolicyProject:
    """完了 → 評価済. Every KPI needs its result first; the record is then final."""
    PROJECT_WORKFLOW.ensure_possible(project, "evaluate")
    evaluation = (evaluation or "").strip()
    if not evaluation:
        raise ValidationError(_("Write the evaluation."), code="evaluation")
    missing = list(project.kpis.filter(result__isnull=True).values_list("name", flat=True))
    if missing:
        raise ValidationError(
            _("Enter the result of every KPI before the evaluation: %(kpis)s.")
            % {"kpis": "、".join(missing)},
            code="kpi_results",
        )

    def apply(locked):
        locked.evaluation = evaluation
        return ["evaluation"]

    return run_transition(
        PROJECT_WORKFLOW, project, "evaluate", actor=actor, allowed=_owned(actor), apply=apply
    ).obj


CASE_STUDY_SUBJECT = gettext_lazy("Proposed case study for the journal: %(title)s")


def policy_project_propose_case_study(
    *, project: PolicyProject, actor, note: str = ""
) -> PolicyProject:
    """Propose a finished project as a case study for the journal 「創る」 (HQ edits it).

    Safe to call twice: a project proposed once stays proposed. HQ is notified after commit.
    """
    with transaction.atomic():
        locked = PolicyProject.objects.select_for_update().get(pk=project.pk)
        if not permissions.can_propose_case_study(actor, locked):
            raise PermissionDenied
        if locked.case_study_proposed_at is not None:
            return locked
        locked.case_study_proposed_at = timezone.now()
        locked.case_study_note = note.strip()
        locked.save(update_fields=["case_study_proposed_at", "case_study_note"])
        audit(locked, actor=actor, action="propose_case_study", comment=locked.case_study_note)
        notify_many(
            hq_staff(),
            kind="policy_project.case_study_proposed",
            subject=CASE_STUDY_SUBJECT,
            subject_params={"title": locked.title},
            template="grants/email/case_study_proposed.txt",
            context={"project": locked, "bureau": locked.bureau},
            dedupe_key=f"policy_project:{locked.pk}:case_study",
            url=reverse("grants:project_detail", args=[locked.pk]),
        )
    project.case_study_proposed_at = locked.case_study_proposed_at
    project.case_study_note = locked.case_study_note
    return locked


def project_case_study_material(project: PolicyProject) -> dict:
    """Everything the casebook pillar needs to draft a case study of a finished project.

    Published for other pillars (casebook calls it; it must not import grants' models).
    Plain data only: strings, integers, dates and lists of dicts, in Japanese as recorded;
    no personal names. Raises ``ValueError`` for a project that is not finished.
    """
    from ..models.projects import PUBLIC_PROJECT_STATUSES

    if project.status not in PUBLIC_PROJECT_STATUSES:
        raise ValueError("only completed or evaluated projects are case-study material")
    parts = policy_project_parts(project)
    municipalities = list(project.municipalities.select_related("bureau").order_by("code"))
    return {
        "source": "grants.policy_project",
        "id": project.pk,
        "title": project.title,
        "fiscal_year": project.fiscal_year,
        "fiscal_year_label": nendo(project.fiscal_year),
        "status": project.status,
        "bureau": {"code": project.bureau.code, "name": project.bureau.name},
        "partner_bureaus": [
            {"code": b.code, "name": b.name} for b in project.partner_bureaus.order_by("order")
        ],
        "region": {"code": project.region.code, "name": project.region.name},
        "theme": {"code": project.theme.code, "name": project.theme.name},
        "municipalities": [{"code": m.code, "name": m.name} for m in municipalities],
        "period": {"start": project.start_date, "end": project.end_date},
        "summary": project.summary,
        "description": project.description,
        "results": project.results,
        "evaluation": project.evaluation,
        "partners": [
            {
                "name": p.name,
                "kind": p.kind,
                "kind_label": PARTNER_KINDS_JA.get(p.kind, p.kind),
                "role": p.role,
            }
            for p in parts["partners"]
        ],
        "kpis": [
            {
                "name": k.name,
                "unit": k.unit,
                "baseline": k.baseline,
                "target": k.target,
                "result": k.result,
                "achievement_percent": k.achievement,
            }
            for k in parts["kpis"]
        ],
        "budget": {"planned": parts["budget_planned"], "spent": parts["budget_spent"]},
        "milestones": [
            {"title": m.title, "due_on": m.due_on, "done_on": m.done_on}
            for m in parts["milestones"]
        ],
        "proposal": {
            "proposed_at": project.case_study_proposed_at,
            "note": project.case_study_note,
        },
        "public_url": reverse("grants:project_result_detail", args=[project.pk]),
    }


# --- The one-page project sheet (PDF) -------------------------------------------------------

# Official documents and journal material are in Japanese whatever the UI language.
PARTNER_KINDS_JA = {
    "company": "企業",
    "npo": "NPO",
    "university": "大学・研究機関",
    "residents": "住民団体",
    "other": "その他",
}

# The sheet is one page: long texts are cut and long lists summarised.
SHEET_TEXT_LIMIT = 200
SHEET_ROWS = 5


def policy_project_sheet(*, project: PolicyProject, actor):
    """The one-page project sheet (事業概要シート) for council briefings, as a document the
    worker typesets (reused while the project does not change)."""
    if not permissions.can_view_policy_project(actor, project):
        raise PermissionDenied
    parts = policy_project_parts(project)
    today = timezone.localdate()
    return document_request(
        owner=project,
        kind="policy_project_sheet",
        title=f"地域政策推進事業 事業概要シート（{project.title}）",
        template_name="grants/pdf/project_sheet.html",
        context={
            "project": project,
            "municipalities": list(project.municipalities.order_by("code")),
            "partner_bureaus": list(project.partner_bureaus.order_by("order")),
            "partners": [
                {"name": p.name, "kind": PARTNER_KINDS_JA.get(p.kind, p.kind), "role": p.role}
                for p in parts["partners"][:SHEET_ROWS]
            ],
            "more_partners": max(len(parts["partners"]) - SHEET_ROWS, 0),
            "budget": parts["budget"][:SHEET_ROWS],
            "more_budget": max(len(parts["budget"]) - SHEET_ROWS, 0),
            "budget_planned": parts["budget_planned"],
            "budget_spent": parts["budget_spent"],
            "milestones": parts["milestones"][:SHEET_ROWS],
            "more_milestones": max(len(parts["milestones"]) - SHEET_ROWS, 0),
            "kpis": parts["kpis"][:SHEET_ROWS],
            "more_kpis": max(len(parts["kpis"]) - SHEET_ROWS, 0),
            "limit": SHEET_TEXT_LIMIT,
            "status_label": _status_ja(project.status),
            "today": wareki_date(today, language="ja"),
        },
        requested_by=actor,
    )


def _status_ja(status: str) -> str:
    return {
        "planned": "計画",
        "in_progress": "実施中",
        "completed": "完了",
        "evaluated": "評価済",
    }[status]
