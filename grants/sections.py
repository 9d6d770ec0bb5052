"""The application's task list: short sections, each with a status derived from its data.

A section is complete when its required data are there and nothing typed is waiting in a
draft (input that did not validate is kept on the server, see Application.section_drafts).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

NOT_STARTED = "not_started"
IN_PROGRESS = "in_progress"
COMPLETED = "completed"

STATUS_LABELS = {
    NOT_STARTED: _("Not started"),
    IN_PROGRESS: _("In progress"),
    COMPLETED: _("Completed"),
}


@dataclass(frozen=True)
class Section:
    key: str
    title: object
    fields: tuple[str, ...]
    required: tuple[str, ...]


SECTIONS = (
    Section(
        "overview",
        _("Overview and purpose"),
        ("applicant_name", "title", "purpose", "description", "partners"),
        ("title", "purpose", "description"),
    ),
    Section(
        "strategy",
        _("Comprehensive strategy and KPI"),
        ("strategy_name", "strategy_measure", "kpi_name", "kpi_baseline", "kpi_target"),
        ("strategy_name", "kpi_name", "kpi_target"),
    ),
    Section(
        "schedule",
        _("Schedule"),
        ("start_date", "end_date", "schedule_notes"),
        ("start_date", "end_date"),
    ),
    Section("budget", _("Budget"), ("requested_amount",), ("requested_amount",)),
    Section("attachments", _("Attachments"), (), ()),
    Section(
        "contact",
        _("Contact"),
        ("contact_name", "contact_department", "contact_phone", "contact_email"),
        ("contact_name", "contact_department", "contact_phone", "contact_email"),
    ),
)
SECTION_KEYS = tuple(s.key for s in SECTIONS)


def get_section(key: str) -> Section | None:
    return next((s for s in SECTIONS if s.key == key), None)


def _filled(value) -> bool:
    return value not in (None, "", [])


def section_status(application, section: Section, *, budget_ok: bool, attachments_ok: bool) -> str:
    if section.key in (application.section_drafts or {}):
        return IN_PROGRESS
    required = list(section.required)
    if section.key == "overview" and application.applicant_kind.via_municipality:
        required.append("applicant_name")
    values = [getattr(application, name) for name in section.fields if name != "partners"]
    if section.key == "budget":
        return COMPLETED if budget_ok else (IN_PROGRESS if budget_ok is not None else NOT_STARTED)
    if section.key == "attachments":
        return COMPLETED if attachments_ok else NOT_STARTED
    if all(_filled(getattr(application, name)) for name in required):
        return COMPLETED
    return IN_PROGRESS if any(_filled(v) for v in values) else NOT_STARTED
