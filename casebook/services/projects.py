"""Drafting a case study from a bureau policy project (地域政策推進事業, grants F2) that its
bureau proposed for the journal. The grants pillar publishes the project's material
(``grants.api.project_case_study_material``, plain data); the casebook reads it and never
writes the grants pillar's data.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from grants import api as grants_api
from portal.models import Municipality
from portal.workflow import audit

from ..models import CaseStudy, FundingSource, Pillar, ResultFigure, Theme
from ..permissions import case_studies as permissions
from .case_studies import case_study_content_saved, case_study_save

# The grants pillar's policy themes → the casebook's themes (the same where the codes match).
THEME_CODES = {
    "primary": "primary-industry",
    "children": "childcare-education",
    "welfare": "health-welfare",
    "culture": "culture-sports",
    "community": "town-planning",
}


def _number(value) -> str:
    if value is None:
        return ""
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def case_study_for_project(project_id: int) -> CaseStudy | None:
    source = (
        FundingSource.objects.filter(policy_project_id=project_id)
        .select_related("case_study")
        .first()
    )
    return source.case_study if source else None


def _budget(material: grants_api.ProjectMaterial) -> int | None:
    budget = material.budget_spent or material.budget_planned or None
    return int(budget) if budget else None


def _case_study_of(material: grants_api.ProjectMaterial) -> CaseStudy:
    """The unsaved draft: the project's purpose, work, results (with its evaluation) and
    budget, in the first municipality it names."""
    municipality = Municipality.objects.select_related("bureau").get(
        code=material.municipalities[0].code
    )
    results = material.results or "（成果を記入してください）"
    if material.evaluation:
        results = f"{results}\n\n【評価】{material.evaluation}"
    names = "、".join(m.name for m in material.municipalities)
    return CaseStudy(
        municipality=municipality,
        title=material.title[:200],
        summary=material.summary[:400],
        fiscal_year=material.fiscal_year,
        pillar=Pillar.MONEY,
        challenge=material.summary[:5000],
        actions=(material.description or material.summary)[:10000],
        results=results[:5000],
        budget_total=_budget(material),
        budget_note=f"{material.bureau.name}の地域政策推進事業（{names}）"[:300],
        contact_department=material.bureau.name[:200],
    )


def _figures_and_funding(case_study: CaseStudy, material: grants_api.ProjectMaterial) -> None:
    """The project's KPIs as result figures, and the funding source that links the project's
    public results page."""
    for order, kpi in enumerate(material.kpis):
        note = f"目標 {_number(kpi.target)}{kpi.unit}"
        if kpi.baseline is not None:
            note += f"（基準 {_number(kpi.baseline)}{kpi.unit}）"
        ResultFigure.objects.create(
            case_study=case_study,
            label=kpi.name[:100],
            value=_number(kpi.result) or "—",
            unit=kpi.unit[:20],
            note=note[:200],
            order=order,
        )
    FundingSource.objects.create(
        case_study=case_study,
        name=f"地域政策推進事業（{material.bureau.name}）"[:200],
        amount=_budget(material),
        policy_project_id=material.id,
    )


def case_study_draft_from_project(*, project_id: int, actor) -> CaseStudy:
    """A draft case study written from a proposed, finished policy project: its purpose,
    work and results, KPIs as figures, the budget spent, and a funding source linked to the
    project's public results page. Editors only. Safe to call twice: the case study already
    drafted from the project is returned.

    Raises ``ValidationError`` (code ``not_proposed``) for a project that was not proposed
    or is not finished, and (code ``no_municipality``) for one without a municipality.
    """
    if not permissions.is_editor(actor):
        raise PermissionDenied
    existing = case_study_for_project(project_id)
    if existing is not None:
        return existing
    material = grants_api.project_case_study_material(project_id)
    if material is None:
        raise ValidationError(
            _("This project was not proposed as a case study, or is not finished."),
            code="not_proposed",
        )
    if not material.municipalities:
        raise ValidationError(
            _("The project names no municipality: a case study needs one."),
            code="no_municipality",
        )
    try:
        with transaction.atomic():
            theme_code = THEME_CODES.get(material.theme.code, material.theme.code)
            case_study = case_study_save(
                case_study=_case_study_of(material),
                actor=actor,
                themes=list(Theme.objects.filter(code=theme_code)),
            )
            _figures_and_funding(case_study, material)
            audit(
                case_study,
                actor=actor,
                action="from_project",
                extra={"policy_project": material.id, "title": material.title},
            )
            case_study_content_saved(case_study=case_study)
    except IntegrityError:
        # Another editor drafted it at the same moment: theirs is the one.
        existing = case_study_for_project(project_id)
        if existing is None:
            raise
        return existing
    return case_study
