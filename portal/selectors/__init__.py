"""Scoped reads. One place decides who sees what; views and the admin both ask here.

A user's scope follows from their role: HQ sees everything, a bureau officer the objects of
their bureau's municipalities, municipal staff their own municipality's, others nothing
(unless a selector adds objects they own, e.g. an advisor's assignments).
"""

from __future__ import annotations

import base64
import hmac
import logging
import mimetypes
from dataclasses import dataclass

from django.core import signing
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from ..models import (
    AccessRequest,
    Bureau,
    Consultation,
    Event,
    GroupInvitation,
    Municipality,
    Notification,
    OfficialSeal,
    Region,
    Registration,
    Role,
    User,
)
from ..models.invitations import INVITATION_LINK_SALT

NOTHING = Q(pk__in=[])
logger = logging.getLogger(__name__)


def scope_q(user, *, municipality: str | None = "municipality", bureau: str | None = None) -> Q:
    """A filter restricting a queryset to what ``user`` may see.

    ``municipality`` is the lookup path from the model to its Municipality, ``bureau`` the
    path to its Bureau (defaults to the municipality's bureau). Pass ``None`` for a path the
    model does not have.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return NOTHING
    if user.is_superuser or user.role == Role.HQ:
        return Q()
    if bureau is None and municipality is not None:
        bureau = f"{municipality}__bureau"
    if user.role == Role.BUREAU and bureau is not None:
        return Q(**{f"{bureau}_id": user.bureau_id})
    if user.role == Role.MUNICIPAL and municipality is not None:
        return Q(**{f"{municipality}_id": user.municipality_id})
    return NOTHING


def get_in_scope(queryset: QuerySet, **lookup):
    """Fetch one object from an already scoped queryset; outside scope is 404 (no leak)."""
    try:
        return queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


# --- Reference data (public) --------------------------------------------------------------


def regions_with_bureaus() -> QuerySet[Region]:
    return Region.objects.prefetch_related("bureaus")


def bureaus_with_municipalities() -> QuerySet[Bureau]:
    return (
        Bureau.objects.select_related("region", "seat")
        .prefetch_related("municipalities")
        .annotate(municipality_count=Count("municipalities"))
    )


def municipality_get(code: str) -> Municipality:
    return get_in_scope(Municipality.objects.select_related("bureau__region"), code=code)


def municipalities_visible_to(user) -> QuerySet[Municipality]:
    """Municipalities whose internal records the user may see (not the public reference)."""
    return Municipality.objects.filter(_municipality_scope(user))


def _municipality_scope(user) -> Q:
    if user is None or not user.is_authenticated or not user.is_active:
        return NOTHING
    if user.is_superuser or user.role == Role.HQ:
        return Q()
    if user.role == Role.BUREAU:
        return Q(bureau_id=user.bureau_id)
    if user.role == Role.MUNICIPAL:
        return Q(pk=user.municipality_id)
    return NOTHING


# --- Access requests ----------------------------------------------------------------------


def access_requests_visible_to(user) -> QuerySet[AccessRequest]:
    own = Q(user_id=user.pk) if user.is_authenticated else NOTHING
    return AccessRequest.objects.filter(scope_q(user) | own).select_related(
        "user", "municipality__bureau", "decided_by"
    )


def access_request_pending_for(user) -> AccessRequest | None:
    if not user.is_authenticated:
        return None
    return (
        AccessRequest.objects.filter(user=user, status=AccessRequest.Status.PENDING)
        .select_related("municipality")
        .first()
    )


# --- Local groups: their access requests, invitations and accounts ------------------------


def _group_scope(user, municipality: str = "municipality") -> Q:
    """A municipality's own staff (and HQ) see its groups; bureau officers do not: a group's
    admission is the municipality's business."""
    if user is None or not user.is_authenticated or not user.is_active:
        return NOTHING
    if user.is_superuser or user.role == Role.HQ:
        return Q()
    if user.role == Role.MUNICIPAL and user.municipality_id:
        return Q(**{f"{municipality}_id": user.municipality_id})
    return NOTHING


def group_requests_visible_to(user) -> QuerySet[AccessRequest]:
    return AccessRequest.objects.filter(_group_scope(user), role=Role.GROUP).select_related(
        "user", "municipality", "decided_by"
    )


def group_requests_pending_for(user) -> QuerySet[AccessRequest]:
    """Local groups' requests waiting for this user's municipality (the to-do list)."""
    return group_requests_visible_to(user).filter(status=AccessRequest.Status.PENDING)


def group_request_get_for(user, pk) -> AccessRequest:
    return get_in_scope(group_requests_visible_to(user), pk=pk)


def group_invitations_visible_to(user) -> QuerySet[GroupInvitation]:
    return GroupInvitation.objects.filter(_group_scope(user)).select_related(
        "municipality", "invited_by", "accepted_by"
    )


def group_invitation_get_for(user, pk) -> GroupInvitation:
    return get_in_scope(group_invitations_visible_to(user), pk=pk)


def group_invitation_get_by_token(token: str) -> GroupInvitation:
    """The invitation a mailed link leads to, whatever its state (the page explains an
    expired, used or cancelled one). A link that is not ours, or whose secret was replaced by
    sending the invitation again, is 404."""
    try:
        data = signing.loads(token, salt=INVITATION_LINK_SALT)
        pk, secret = int(data["i"]), str(data["s"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise Http404 from None
    invitation = (
        GroupInvitation.objects.select_related("municipality", "invited_by").filter(pk=pk).first()
    )
    if invitation is None or not hmac.compare_digest(invitation.secret, secret):
        raise Http404
    return invitation


def group_accounts_visible_to(user) -> QuerySet[User]:
    return User.objects.filter(_group_scope(user), role=Role.GROUP).select_related("municipality")


# --- Consultations ------------------------------------------------------------------------


def _consultation_scope(user) -> Q:
    if user is None or not user.is_authenticated or not user.is_active:
        return NOTHING
    if user.is_superuser or user.role == Role.HQ:
        return Q()
    own = Q(asker_id=user.pk)
    if user.role == Role.BUREAU:
        return (
            own
            | Q(bureau_id=user.bureau_id)
            | Q(municipality__bureau_id=user.bureau_id)
            | Q(answering_municipality__bureau_id=user.bureau_id)
        )
    if user.role == Role.MUNICIPAL:
        return (
            own
            | Q(municipality_id=user.municipality_id)
            | Q(answering_municipality_id=user.municipality_id)
        )
    return own


def consultations_visible_to(user) -> QuerySet[Consultation]:
    return Consultation.objects.filter(_consultation_scope(user)).select_related(
        "category", "municipality", "bureau", "asker", "assigned_to"
    )


def consultation_get_for(user, pk: int) -> Consultation:
    return get_in_scope(consultations_visible_to(user), pk=pk)


def consultation_get_by_token(token: str) -> Consultation:
    """For people without an account: the private link mailed to them."""
    if not token or len(token) < 20:
        raise Http404
    return get_in_scope(
        Consultation.objects.select_related("category", "municipality", "bureau"),
        access_token=token,
    )


# --- Notifications ------------------------------------------------------------------------


def notifications_for(user) -> QuerySet[Notification]:
    if not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(recipient=user)


def unread_count(user) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


# --- Events -------------------------------------------------------------------------------


def events_public(category: str | None = None) -> QuerySet[Event]:
    events = Event.objects.filter(is_published=True).select_related("bureau")
    return events.filter(category=category) if category else events


def events_upcoming(now=None) -> QuerySet[Event]:
    """Published events not yet over and not cancelled, soonest first (the home page)."""
    from django.utils import timezone

    now = now or timezone.now()
    return events_public().filter(ends_at__gte=now, is_cancelled=False).order_by("starts_at", "pk")


def events_index(*, past: bool, now=None) -> QuerySet[Event]:
    """The /events/ index: coming events soonest first, or the archive latest first."""
    from django.utils import timezone

    now = now or timezone.now()
    events = events_public().defer("description", "online_details")
    if past:
        return events.filter(ends_at__lt=now).order_by("-starts_at", "-pk")
    return events.filter(ends_at__gte=now).order_by("starts_at", "pk")


def event_get_public(pk) -> Event:
    return get_in_scope(events_public(), pk=pk)


def event_seats(event: Event) -> dict:
    counts = {
        row["status"]: row["n"]
        for row in event.registrations.values("status").annotate(n=Count("pk"))
    }
    confirmed = counts.get(Registration.Status.CONFIRMED, 0)
    return {
        "capacity": event.capacity,
        "confirmed": confirmed,
        "left": max(event.capacity - confirmed, 0),
        "waiting": counts.get(Registration.Status.WAITLISTED, 0),
    }


def registration_get_by_link(pk, token: str) -> Registration:
    """The registration a private link leads to: its number and its secret, compared in
    constant time (the secret is never used as a lookup key). Anything else is 404."""
    registration = Registration.objects.select_related("event").filter(pk=pk).first()
    if (
        registration is None
        or not token
        or not hmac.compare_digest(registration.token.encode(), str(token).encode())
    ):
        raise Http404
    return registration


def user_email_taken(email: str, *, user=None) -> bool:
    """Whether an account other than ``user`` signs in with ``email`` (any letter case)."""
    from allauth.account.models import EmailAddress

    others = User.objects.filter(email__iexact=email)
    addresses = EmailAddress.objects.filter(email__iexact=email)
    if user is not None:
        others = others.exclude(pk=user.pk)
        addresses = addresses.exclude(user_id=user.pk)
    return others.exists() or addresses.exists()


# --- The issuer of official notices ----------------------------------------------------------


@dataclass(frozen=True)
class NoticeIssuer:
    """The issuer block of a bureau's notice: 「北海道石狩振興局長 氏名」 and the 公印 rule HQ
    set for the bureau. ``seal_data_url`` is the seal's image inline (a data: URL), so the
    document's hash changes with the seal and the private file needs no URL; empty when the
    notice prints 「公印省略」."""

    title: str
    name: str
    seal_data_url: str = ""


def notice_issuer(bureau: Bureau) -> NoticeIssuer:
    seal = OfficialSeal.objects.filter(bureau=bureau, mode=OfficialSeal.Mode.IMAGE).first()
    data_url = ""
    if seal is not None and seal.image:
        try:
            with seal.image.open("rb") as file:
                data = file.read()
        except OSError:
            # The notice is issued inside the decision: a lost file must not undo it. It
            # prints 「公印省略」, and the log says why.
            logger.exception("the seal image of bureau %s could not be read", bureau.pk)
        else:
            mime_type = mimetypes.guess_type(seal.image.name)[0] or "image/png"
            data_url = f"data:{mime_type};base64,{base64.b64encode(data).decode('ascii')}"
    return NoticeIssuer(title=bureau.issuer_title, name=bureau.chief_name, seal_data_url=data_url)
