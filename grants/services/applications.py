"""Municipal side: start, fill in, submit, forward, withdraw and confirm applications."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.concurrency import bump_version
from portal.japanese import nendo_short, wareki_date, wareki_datetime
from portal.services.attachments import attachment_store, attachments_of
from portal.services.numbering import next_number
from portal.services.strategy_links import check_measures
from portal.tasklist import draft_drop, draft_keep
from portal.workflow import audit, run_transition

from ..models import Application, ApplicationRevision, BudgetLine, PartnerConfirmation
from ..models.applications import SECTIONS, Status
from ..permissions import applications as permissions
from ..selectors.applications import application_readiness
from ..workflows.applications import APPLICATION_WORKFLOW
from .common import notify_applicant, notify_bureau


def application_create(*, call, actor, applicant_kind, applicant_name: str = "") -> Application:
    """Start a draft for ``call``. Municipal staff apply for their municipality; a local
    group applies through the municipality it is registered with."""
    if not call.is_open():
        raise ValidationError(_("This call is not open for applications."), code="closed")
    if not permissions.can_start_application(actor, call, applicant_kind):
        raise PermissionDenied
    if not call.eligible_applicant_kinds.filter(pk=applicant_kind.pk).exists():
        raise ValidationError(
            _("%(kind)s cannot apply to this call.") % {"kind": applicant_kind.name},
            code="kind",
        )
    with transaction.atomic():
        application = Application.objects.create(
            call=call,
            municipality=actor.municipality,
            bureau_id=call.bureau_id,
            fiscal_year=call.fiscal_year,
            applicant_kind=applicant_kind,
            applicant_name=applicant_name,
            group_user=actor if applicant_kind.via_municipality else None,
            contact_name=actor.name,
            contact_department=actor.department,
            contact_email=actor.email,
            created_by=actor,
        )
        audit(application, actor=actor, action="create", to_status=application.status)
    return application


def _check_editable(application: Application, actor) -> Application:
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if not permissions.can_edit_application(actor, locked):
        if locked.status not in (Status.DRAFT, Status.RETURNED):
            raise ValidationError(
                _("The application can no longer be changed (status: %(status)s).")
                % {"status": locked.get_status_display()},
                code="not_editable",
            )
        raise PermissionDenied
    return locked


def _bump_section_version(application: Application, section: str, version: int | None) -> None:
    """Move the section's version on, or raise StaleVersion if the page was opened at an
    older one (see portal.concurrency). Before any write: a stale save writes nothing."""
    field = f"{section}_version"
    bump_version(Application, pk=application.pk, expected=version, field=field)
    application.refresh_from_db(fields=[field])


def application_save_section(
    *, application: Application, actor, section: str, data: dict, version: int | None = None
) -> Application:
    """Save a section's validated fields and drop its kept draft.

    ``version``: the section's version the page was opened at; if someone saved the section
    since, raises ``StaleVersion`` and saves nothing. None (the demo, scripts): not checked.
    Only the section's own columns are written, so saves of other sections are never lost.
    """
    spec = SECTIONS.get(section)
    if spec is None:
        raise ValidationError(_("Unknown section."), code="section")
    with transaction.atomic():
        locked = _check_editable(application, actor)
        if locked.section_version(section) is not None:
            _bump_section_version(locked, section, version)
        fields = []
        for name, value in data.items():
            if name == "partners":
                locked.partners.set([m for m in value if m.pk != locked.municipality_id])
                continue
            if name == "measures":
                locked.measures.set(check_measures(locked.municipality, value))
                continue
            if name in spec.fields:
                setattr(locked, name, value)
                fields.append(name)
        if (
            section == "schedule"
            and locked.end_date
            and locked.call.project_end_limit
            and locked.end_date > locked.call.project_end_limit
        ):
            raise ValidationError(
                {
                    "end_date": _("Projects of this call must finish by %(date)s.")
                    % {"date": wareki_date(locked.call.project_end_limit)}
                },
            )
        if draft_drop(locked, section):
            fields.append("section_drafts")
        locked.save(update_fields=[*fields, "updated_at"])
    return locked


def application_keep_draft(*, application: Application, actor, section: str, raw: dict) -> None:
    """Keep what was typed in a section that did not validate, so nothing is lost."""
    with transaction.atomic():
        locked = _check_editable(application, actor)
        draft_keep(locked, section, raw)
        locked.save(update_fields=["section_drafts", "updated_at"])


def application_save_budget(
    *,
    application: Application,
    actor,
    lines: list[dict],
    requested_amount: int | None,
    version: int | None = None,
) -> Application:
    """Save the budget table in place. Lines: dicts with cost_category, description, amount
    and, for a line already saved, its id.

    A line with the id of one of this application's lines updates that line (only if it
    changed); any other line is added; saved lines no longer in the table are deleted. Ids
    therefore stay the same across saves, and whatever refers to a line by id (the report's
    actual cost per line) keeps pointing at it. ``version``: the budget's version the page
    was opened at; if someone saved the budget since, raises ``StaleVersion`` and saves
    nothing.
    """
    with transaction.atomic():
        locked = _check_editable(application, actor)
        _bump_section_version(locked, "budget", version)
        saved = {line.pk: line for line in locked.budget_lines.all()}
        kept, changed, added = set(), [], []
        for order, line in enumerate(lines):
            values = {
                "cost_category_id": line["cost_category"].pk,
                "description": line["description"],
                "amount": line["amount"],
                "order": order,
            }
            current = saved.get(line.get("id"))
            if current is None or current.pk in kept:
                added.append(BudgetLine(application=locked, **values))
                continue
            kept.add(current.pk)
            if any(getattr(current, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(current, name, value)
                changed.append(current)
        locked.budget_lines.exclude(pk__in=kept).delete()
        BudgetLine.objects.bulk_update(changed, ["cost_category", "description", "amount", "order"])
        BudgetLine.objects.bulk_create(added)
        locked.requested_amount = requested_amount
        draft_drop(locked, "budget")
        locked.save(update_fields=["requested_amount", "section_drafts", "updated_at"])
    return locked


def application_add_attachment(*, application: Application, actor, upload, label: str):
    with transaction.atomic():
        locked = _check_editable(application, actor)
        return attachment_store(upload=upload, owner=locked, uploaded_by=actor, label=label)


def application_remove_attachment(*, application: Application, actor, attachment_id) -> None:
    with transaction.atomic():
        locked = _check_editable(application, actor)
        attachment = attachments_of(locked).filter(pk=attachment_id).first()
        if attachment is not None:
            attachment.file.delete(save=False)
            attachment.delete()


def snapshot(application: Application) -> dict:
    """What the application says now: compared between revisions by officers."""
    data = {}
    for section in SECTIONS:
        for name in section.fields:
            if name == "partners":
                data[name] = sorted(m.name for m in application.partners.all())
            else:
                value = getattr(application, name)
                data[name] = value.isoformat() if hasattr(value, "isoformat") else value
    data["budget_lines"] = [
        {
            "cost_category": line.cost_category.name,
            "description": line.description,
            "amount": line.amount,
        }
        for line in application.budget_lines.select_related("cost_category")
    ]
    data["attachments"] = sorted(
        f"{a.label}: {a.original_name}" for a in attachments_of(application)
    )
    return data


def _require_ready(application: Application) -> None:
    readiness = application_readiness(application)
    if readiness["complete"]:
        return
    problems = [
        _("Complete the section “%(title)s”.") % {"title": s["section"].title}
        for s in readiness["sections"]
        if s["status"] != "completed"
    ]
    raise ValidationError(problems + list(readiness["budget_problems"]), code="incomplete")


def application_submit_check(*, application: Application, actor) -> None:
    """Raise what ``application_submit`` would raise now, changing nothing: a submission
    drafted for the municipality's 決裁 must be one that could go out."""
    with transaction.atomic():
        locked = _check_editable(application, actor)
        _require_ready(locked)
        if locked.status == Status.DRAFT and not locked.call.is_open():
            raise ValidationError(
                _("The call closed on %(date)s; the application can no longer be submitted.")
                % {"date": wareki_datetime(locked.call.closes_at)},
                code="closed",
            )


def application_submit(*, application: Application, actor) -> Application:
    """Submit (or resubmit after 差戻し) to the bureau; a group sends it to its municipality.

    Preconditions: every section complete, the call still open (a resubmission may come
    after the window closes), the actor may edit. Assigns the reference number (e.g.
    R7-石狩-0001) on first submission, keeps a revision for the officers' diff, notifies.
    """
    with transaction.atomic():
        locked = _check_editable(application, actor)
        _require_ready(locked)
        if locked.status == Status.DRAFT and not locked.call.is_open():
            raise ValidationError(
                _("The call closed on %(date)s; the application can no longer be submitted.")
                % {"date": wareki_datetime(locked.call.closes_at)},
                code="closed",
            )
        if locked.status == Status.RETURNED:
            action = "resubmit"
        elif locked.group_user_id:
            action = "send_to_municipality"
        else:
            action = "submit"

        def apply(obj):
            fields = ["revision"]
            if not obj.reference:
                number = next_number("grants.application", obj.bureau_id, obj.fiscal_year)
                obj.reference = (
                    f"{nendo_short(obj.fiscal_year)}-{obj.bureau.short_name}-{number:04d}"
                )
                fields.append("reference")
            if action != "send_to_municipality":
                obj.submitted_at = timezone.now()
                fields.append("submitted_at")
            obj.revision += 1
            return fields

        result = run_transition(APPLICATION_WORKFLOW, locked, action, actor=actor, apply=apply)
        app = result.obj
        if result.changed:
            ApplicationRevision.objects.create(
                application=app, number=app.revision, data=snapshot(app), created_by=actor
            )
            if action == "send_to_municipality":
                notify_applicant(
                    app,
                    kind="grant.sent_to_municipality",
                    subject=gettext_lazy("A group's application %(ref)s awaits your view"),
                    template="grants/email/sent_to_municipality.txt",
                    key=f"r{app.revision}:sent",
                )
            else:
                notify_bureau(
                    app,
                    kind="grant.submitted",
                    subject=gettext_lazy("Application %(ref)s from %(municipality)s"),
                    template="grants/email/submitted.txt",
                    key=f"r{app.revision}:submitted",
                )
    application.refresh_from_db()
    return app


def application_forward(*, application: Application, actor, comment: str = "") -> Application:
    """The municipality adds its view to a group's application and sends it to the bureau."""
    if not permissions.can_forward_application(actor, application):
        raise PermissionDenied

    def apply(obj):
        obj.municipal_comment = comment
        obj.submitted_at = timezone.now()
        return ["municipal_comment", "submitted_at"]

    with transaction.atomic():
        result = run_transition(
            APPLICATION_WORKFLOW, application, "forward", actor=actor, comment=comment, apply=apply
        )
        if result.changed:
            notify_bureau(
                result.obj,
                kind="grant.submitted",
                subject=gettext_lazy("Application %(ref)s from %(municipality)s"),
                template="grants/email/submitted.txt",
                key=f"r{result.obj.revision}:forwarded",
            )
    return result.obj


def application_return_to_group(*, application: Application, actor, comment: str) -> Application:
    if not permissions.can_forward_application(actor, application):
        raise PermissionDenied
    if not comment.strip():
        raise ValidationError(_("Tell the group what to change."), code="comment")
    with transaction.atomic():
        result = run_transition(
            APPLICATION_WORKFLOW, application, "return_to_group", actor=actor, comment=comment
        )
        if result.changed:
            notify_applicant(
                result.obj,
                kind="grant.returned_to_group",
                subject=gettext_lazy("Application %(ref)s was returned by the municipality"),
                template="grants/email/returned.txt",
                extra={"reason": comment},
                key=f"r{result.obj.revision}:returned_to_group",
            )
    return result.obj


def application_withdraw(*, application: Application, actor, reason: str = "") -> Application:
    if not permissions.can_withdraw_application(actor, application):
        raise PermissionDenied
    with transaction.atomic():
        result = run_transition(
            APPLICATION_WORKFLOW, application, "withdraw", actor=actor, comment=reason
        )
        if result.changed and result.obj.submitted_at:
            notify_bureau(
                result.obj,
                kind="grant.withdrawn",
                subject=gettext_lazy("Application %(ref)s was withdrawn"),
                template="grants/email/withdrawn.txt",
                extra={"reason": reason},
                key="withdrawn",
            )
    return result.obj


def partner_confirm(*, application: Application, actor, comment: str = "") -> PartnerConfirmation:
    """A partner municipality of a joint application confirms its participation."""
    if not permissions.can_confirm_as_partner(actor, application):
        raise PermissionDenied
    with transaction.atomic():
        confirmation, created = PartnerConfirmation.objects.get_or_create(
            application=application,
            municipality_id=actor.municipality_id,
            defaults={"confirmed_by": actor, "comment": comment},
        )
        if created:
            audit(
                application,
                actor=actor,
                action="partner_confirm",
                comment=comment,
                extra={"municipality": actor.municipality_id},
            )
    return confirmation
