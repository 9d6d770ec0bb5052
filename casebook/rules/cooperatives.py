"""I3: the certification application's task list (portal.tasklist) and its statutory
attachments checklist (施行規則第1条), as data the pages, the services and the tests share."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from portal.tasklist import (
    COMPLETED,
    IN_PROGRESS,
    NOT_STARTED,
    Section,
    TaskList,
    fields_status,
    filled,
    has_draft,
)

from ..models.cooperative_applications import ApplicationKind

ORGANISATION = Section(
    "organisation",
    _("The cooperative"),
    ("name", "address", "representative", "office"),
    ("name", "address", "representative", "office"),
)
OFFICERS = Section("officers", _("Officers"), ("officers",), ("officers",))
AREA = Section(
    "area", _("Area (地区)"), ("main_municipality", "area", "area_reason"), ("main_municipality",)
)
BUSINESS = Section(
    "business",
    _("Business plan and budget"),
    (
        "business_plan",
        "dispatches_workers",
        "planned_workers",
        "budget_income",
        "budget_expenditure",
    ),
    ("business_plan", "budget_income", "budget_expenditure"),
)
CHANGE = Section("change", _("What changes"), ("change_summary",), ("change_summary",))
ATTACHMENTS = Section("attachments", _("Attachments"), (), ())

SECTIONS = {
    ApplicationKind.INITIAL: TaskList(ORGANISATION, OFFICERS, AREA, BUSINESS, ATTACHMENTS),
    ApplicationKind.CHANGE: TaskList(CHANGE, AREA, BUSINESS, ATTACHMENTS),
}


def sections_for(application) -> TaskList:
    return SECTIONS[application.kind]


def get_section(application, key: str) -> Section | None:
    return sections_for(application).get(key)


@dataclass(frozen=True)
class Requirement:
    code: str
    title: str  # the document's statutory name, in Japanese as on the form
    hint: object
    initial: bool = True  # required for a certification
    change: bool = False  # required for a change certification
    dispatch_only: bool = False  # required only where the cooperative dispatches workers


REQUIREMENTS = (
    Requirement("articles", "定款", _("The articles of association in force.")),
    Requirement(
        "registry",
        "登記事項証明書",
        _("Issued within the last three months."),
    ),
    Requirement(
        "officer_residence",
        "役員の住民票の写し",
        _("One for each officer; one file or several."),
    ),
    Requirement("officer_resumes", "役員の履歴書", _("One for each officer.")),
    Requirement(
        "plan_budget",
        "事業計画書及び収支予算書",
        _("For the business years covered by the application."),
        change=True,
    ),
    Requirement(
        "financials",
        "直近の貸借対照表及び損益計算書",
        _("For a newly founded cooperative, its opening balance sheet."),
    ),
    Requirement(
        "resolution",
        "変更を決議した総会又は理事会の議事録",
        _("The minutes of the meeting that decided the change."),
        initial=False,
        change=True,
    ),
    Requirement(
        "career_support",
        "派遣労働者のキャリア形成支援制度に関する規程",
        _("Training and career consultation for dispatched workers."),
        dispatch_only=True,
    ),
    Requirement(
        "dismissal_rules",
        "解雇に関する事項を定めた規程（就業規則等）",
        _("Rules on dismissal, e.g. the work rules."),
        dispatch_only=True,
    ),
    Requirement(
        "responsible_person",
        "派遣元責任者の住民票の写し及び履歴書",
        _("Of the person responsible for dispatch (派遣元責任者)."),
        dispatch_only=True,
    ),
    Requirement(
        "other",
        "その他参考となる書類",
        _("Optional: population figures, letters of support from municipalities, …"),
        initial=False,
    ),
)
REQUIREMENTS_BY_CODE = {r.code: r for r in REQUIREMENTS}
ATTACHMENT_TITLES = {r.code: r.title for r in REQUIREMENTS}


def is_required(requirement: Requirement, application) -> bool:
    if requirement.code == "other":
        return False
    if requirement.dispatch_only:
        # Only a change that concerns the business needs the dispatch documents again.
        return application.dispatches_workers and application.kind == ApplicationKind.INITIAL
    if application.kind == ApplicationKind.CHANGE:
        return requirement.change
    return requirement.initial


def requirements_for(application) -> list[dict]:
    """The checklist: the documents this application needs, and the optional one."""
    rows = []
    for r in REQUIREMENTS:
        required = is_required(r, application)
        if required or r.code == "other":
            rows.append({"requirement": r, "required": required})
    return rows


def missing_attachments(application, labels: set[str]) -> list[Requirement]:
    """Required documents with no file yet (``labels``: the codes of the files attached)."""
    return [
        row["requirement"]
        for row in requirements_for(application)
        if row["required"] and row["requirement"].code not in labels
    ]


def section_status(application, section: Section, *, area_count: int, labels: set[str]) -> str:
    if has_draft(application, section.key):
        return IN_PROGRESS
    if section.key == "attachments":
        if not missing_attachments(application, labels):
            return COMPLETED
        return IN_PROGRESS if labels else NOT_STARTED
    if section.key == "area":
        required_ok = all(filled(getattr(application, name)) for name in section.required)
        if required_ok and area_count:
            return COMPLETED
        return (
            IN_PROGRESS if (area_count or required_ok or application.area_reason) else NOT_STARTED
        )
    # A boolean always has a value: it does not make a section started.
    return fields_status(application, section, skip=("dispatches_workers",))
