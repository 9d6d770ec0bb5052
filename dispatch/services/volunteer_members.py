"""A 協力隊 member's own account (H3): the municipality invites the member from their entry
of the register (the kernel's invitation, role member); the member files a short activity
report per period, says near the end of the term what comes next, and after the term may be
listed as an OB/OG contact for prospective members.

The kernel's invitation does the link, its expiry, sending again and cancelling; here the
entry remembers which invitation was sent from it, so whoever accepted it is its member."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.models import GroupInvitation, Role, User
from portal.services import groups as invitations
from portal.services.notifications import notify_many
from portal.workflow import audit

from ..models import (
    IntendedActivity,
    IntendedPlace,
    MemberReport,
    ReportCadence,
    Settlement,
    Volunteer,
)
from ..permissions import kyoryokutai as permissions
from ..permissions import requests as register
from ..rules import kyoryokutai as rules


def member_invite(*, volunteer: Volunteer, email: str, actor: User) -> GroupInvitation:
    """The municipality's staff invite the member of this entry to their own account.

    Preconditions: the actor keeps the register; the entry has a member (commissioned,
    active or ended) and no account yet. A waiting invitation sent from the entry before is
    cancelled (one live link per member). Side effects: the kernel's invitation (audit,
    mail after commit); an audit event on the entry.
    """
    with transaction.atomic():
        locked = (
            Volunteer.objects.select_for_update(of=("self",))
            .select_related("invitation")
            .get(pk=volunteer.pk)
        )
        if not permissions.can_invite_member(actor, locked):
            raise PermissionDenied
        previous = locked.invitation
        if previous is not None and previous.status == GroupInvitation.Status.PENDING:
            invitations.group_invitation_cancel(invitation=previous, actor=actor)
        invitation = invitations.group_invitation_create(
            municipality=locked.municipality,
            group_name=locked.name,
            email=email,
            actor=actor,
            role=GroupInvitation.Role.MEMBER,
        )
        locked.invitation = invitation
        locked.save(update_fields=["invitation", "updated_at"])
        audit(locked, actor=actor, action="invite_member", extra={"invitation": invitation.pk})
    return invitation


def member_settings_save(
    *,
    volunteer: Volunteer,
    actor: User,
    report_cadence: str,
    contact_name: str = "",
    contact_phone: str = "",
    contact_email: str = "",
) -> Volunteer:
    """The municipality sets how often the member reports and whom the member contacts."""
    if report_cadence not in ReportCadence.values:
        raise ValidationError({"report_cadence": _("Choose how often the member reports.")})
    with transaction.atomic():
        locked = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
        if not register.can_keep_register(actor, locked):
            raise PermissionDenied
        locked.report_cadence = report_cadence
        locked.contact_name = contact_name
        locked.contact_phone = contact_phone
        locked.contact_email = contact_email
        locked.save(
            update_fields=[
                "report_cadence",
                "contact_name",
                "contact_phone",
                "contact_email",
                "updated_at",
            ]
        )
        audit(locked, actor=actor, action="member_settings", extra={"cadence": report_cadence})
    return locked


def member_report_file(
    *,
    volunteer: Volunteer,
    actor: User,
    period_start,
    activities: str,
    plans: str = "",
    concerns: str = "",
) -> MemberReport:
    """The member files the report of one period of their term that has begun.

    One report per period: a second one is refused with a clear message. Filed more than
    ``rules.REPORT_GRACE_DAYS`` days after the period ended, it is marked late. Side
    effects: an audit event; the municipality's staff are told after commit.
    """
    today = timezone.localdate()
    if not activities.strip():
        raise ValidationError({"activities": _("Write what you did in this period.")})
    with transaction.atomic():
        locked = (
            Volunteer.objects.select_for_update(of=("self",))
            .select_related("invitation", "municipality")
            .get(pk=volunteer.pk)
        )
        if not permissions.can_file_report(actor, locked):
            raise PermissionDenied
        start, end = rules.period_of(period_start, locked.report_cadence)
        open_periods = rules.periods(
            locked.term_start, min(today, locked.term_end), locked.report_cadence
        )
        if (start, end) not in open_periods:
            raise ValidationError(
                {"period": _("Choose a period of your term that has begun.")}, code="period"
            )
        try:
            with transaction.atomic():
                report = MemberReport.objects.create(
                    volunteer=locked,
                    cadence=locked.report_cadence,
                    period_start=start,
                    period_end=end,
                    due_on=rules.due_on(end),
                    activities=activities.strip(),
                    plans=plans.strip(),
                    concerns=concerns.strip(),
                    late=rules.is_late(today, end),
                    submitted_by=actor,
                )
        except IntegrityError:
            raise ValidationError(
                {"period": _("The report for this period has already been filed.")},
                code="duplicate",
            ) from None
        audit(locked, actor=actor, action="member_report", extra={"period": start.isoformat()})
        notify_many(
            User.objects.filter(
                role=Role.MUNICIPAL, municipality_id=locked.municipality_id, is_active=True
            ),
            kind="kyoryokutai.member_report",
            subject=_("%(name)s filed an activity report"),
            subject_params={"name": locked.name},
            template="dispatch/email/kyoryokutai_member_report.txt",
            context={"volunteer": locked, "report": report},
            dedupe_key=f"kyoryokutai:member-report:{report.pk}",
            url=reverse("dispatch:kyoryokutai_member_report", args=[report.pk]),
        )
    return report


def member_intention_save(
    *,
    volunteer: Volunteer,
    actor: User,
    intended_place: str,
    intended_activity: str,
    intention_note: str = "",
) -> Volunteer:
    """The member says what comes next after the term (the national survey's categories),
    from ``rules.INTENTION_OPENS_DAYS`` days before the term ends until the municipality
    has recorded where they settled. Saying it again corrects it. Side effects: an audit
    event; the municipality's staff are told after commit (it plans the support)."""
    if intended_place not in IntendedPlace.values:
        raise ValidationError({"intended_place": _("Choose where you mean to live.")})
    if intended_activity not in IntendedActivity.values:
        raise ValidationError({"intended_activity": _("Choose what you mean to do.")})
    today = timezone.localdate()
    with transaction.atomic():
        locked = (
            Volunteer.objects.select_for_update(of=("self",))
            .select_related("invitation")
            .get(pk=volunteer.pk)
        )
        if not permissions.is_member_of(actor, locked):
            raise PermissionDenied
        if (
            not rules.intention_open(locked.term_end, today)
            or Settlement.objects.filter(volunteer=locked).exists()
        ):
            raise ValidationError(
                _("You can say what comes next in the last six months of your term."),
                code="not_open",
            )
        locked.intended_place = intended_place
        locked.intended_activity = intended_activity
        locked.intention_note = intention_note.strip()
        locked.intention_at = timezone.now()
        locked.save(
            update_fields=[
                "intended_place",
                "intended_activity",
                "intention_note",
                "intention_at",
                "updated_at",
            ]
        )
        audit(
            locked,
            actor=actor,
            action="intention",
            extra={"place": intended_place, "activity": intended_activity},
        )
        notify_many(
            User.objects.filter(
                role=Role.MUNICIPAL, municipality_id=locked.municipality_id, is_active=True
            ),
            kind="kyoryokutai.intention",
            subject=_("%(name)s said what comes after the term"),
            subject_params={"name": locked.name},
            template="dispatch/email/kyoryokutai_intention.txt",
            context={"volunteer": locked},
            dedupe_key=f"kyoryokutai:intention:{locked.pk}:{locked.intention_at:%s}",
            url=reverse("dispatch:kyoryokutai_volunteer_detail", args=[locked.pk]),
        )
    return locked


def member_alumni_save(
    *,
    volunteer: Volunteer,
    actor: User,
    alumni_listed: bool,
    alumni_name: str = "",
    alumni_profile: str = "",
) -> Volunteer:
    """A former member chooses (opt-in) to be listed as an OB/OG contact for prospective
    members, under the name they choose. Only after the term; never an address: people
    write to them through the one-stop window."""
    alumni_name = alumni_name.strip()
    if alumni_listed and not alumni_name:
        raise ValidationError({"alumni_name": _("Enter the name to show.")})
    with transaction.atomic():
        locked = (
            Volunteer.objects.select_for_update(of=("self",))
            .select_related("invitation")
            .get(pk=volunteer.pk)
        )
        if not permissions.is_member_of(actor, locked):
            raise PermissionDenied
        if alumni_listed and not locked.has_ended:
            raise ValidationError(
                _("You can be listed as an OB/OG once your term has ended."), code="serving"
            )
        locked.alumni_listed = alumni_listed
        locked.alumni_name = alumni_name
        locked.alumni_profile = alumni_profile.strip()
        locked.save(update_fields=["alumni_listed", "alumni_name", "alumni_profile", "updated_at"])
        audit(locked, actor=actor, action="alumni", extra={"listed": alumni_listed})
    return locked
