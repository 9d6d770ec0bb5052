"""Saving the sheets officers kept in Excel before the portal: the roster and the 協力隊
register. Each function writes all rows or none (the kernel's import engine calls it inside
one transaction, after every row passed its form and the officer's scope)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from portal.workflow import audit, run_transition

from ..models import Person, Volunteer
from ..permissions import requests as permissions
from ..workflows.kyoryokutai import VOLUNTEER_WORKFLOW

PERSON_FIELDS = ("kind", "name", "kana", "organisation", "email", "home_bureau")


def roster_import(*, actor, rows: list[dict]) -> int:
    """Add each row to the roster, or update the entry with the same email address."""
    if not permissions.is_staff(actor):
        raise PermissionDenied
    with transaction.atomic():
        for row in rows:
            existing = row.get("existing")
            person = (
                Person.objects.select_for_update().get(pk=existing.pk) if existing else Person()
            )
            if existing is not None and not permissions.can_manage_person(actor, person):
                raise PermissionDenied
            for name in PERSON_FIELDS:
                setattr(person, name, row.get(name) or ("" if name != "home_bureau" else None))
            person.capacity = row.get("capacity") or person.capacity or 3
            if existing is None and not permissions.can_manage_person(actor, person):
                raise PermissionDenied
            person.save()
            if row.get("skills"):
                person.skills.set(row["skills"])
            audit(
                person,
                actor=actor,
                action="edit" if existing else "create",
                extra={"source": "excel"},
            )
    return len(rows)


def volunteers_import(*, actor, rows: list[dict]) -> int:
    """Enter each row as a member commissioned for the term (委嘱), in the row's
    municipality; the municipality keeps the entry from then on."""
    with transaction.atomic():
        for row in rows:
            municipality = row["municipality"]
            if not permissions.can_import_register(actor, municipality.bureau_id):
                raise PermissionDenied
            volunteer = Volunteer.objects.create(
                municipality=municipality,
                bureau_id=municipality.bureau_id,
                created_by=actor,
                activity=row.get("activity") or "",
            )
            audit(
                volunteer,
                actor=actor,
                action="create",
                to_status=volunteer.status,
                extra={"source": "excel"},
            )

            def apply(obj, row=row):
                for name in ("name", "kana", "email", "phone", "moved_from"):
                    setattr(obj, name, (row.get(name) or "").strip())
                obj.commissioned_on = row["commissioned_on"]
                obj.term_start, obj.term_end = row["term_start"], row["term_end"]
                return [
                    "name",
                    "kana",
                    "email",
                    "phone",
                    "moved_from",
                    "commissioned_on",
                    "term_start",
                    "term_end",
                ]

            run_transition(
                VOLUNTEER_WORKFLOW,
                volunteer,
                "import_commissioned",
                actor=actor,
                allowed=lambda obj: permissions.can_import_register(actor, obj.bureau_id),
                apply=apply,
            )
    return len(rows)
