"""Helpers shared by the dispatch services: the bureau's desk and who is told what."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.urls import reverse

from portal.models import Role, User
from portal.services.notifications import notify, notify_many, officers_of_bureau

from ..models import DispatchDesk, DispatchRequest


def desk_for(bureau) -> DispatchDesk:
    """The bureau's dispatch desk, created with defaults the first time it is needed."""
    try:
        with transaction.atomic():
            desk, _created = DispatchDesk.objects.get_or_create(bureau=bureau)
    except IntegrityError:
        desk = DispatchDesk.objects.get(bureau=bureau)
    return desk


def municipality_users(request: DispatchRequest) -> list[User]:
    return list(
        User.objects.filter(
            role=Role.MUNICIPAL, municipality_id=request.municipality_id, is_active=True
        )
    )


def request_url(request: DispatchRequest) -> str:
    return reverse("dispatch:request_detail", args=[request.pk])


def _params(request: DispatchRequest) -> dict:
    return {
        "ref": request.reference or "",
        "title": request.title,
        "municipality": request.municipality.name,
    }


def notify_municipality(
    request: DispatchRequest,
    *,
    kind: str,
    subject,
    template: str,
    key: str,
    extra: dict | None = None,
    url: str | None = None,
) -> None:
    notify_many(
        municipality_users(request),
        kind=f"dispatch.{kind}",
        subject=subject,
        subject_params=_params(request),
        template=template,
        context={"request": request, **(extra or {})},
        dedupe_key=f"dispatch:{request.pk}:{key}",
        url=url or request_url(request),
    )


def notify_bureau(
    request: DispatchRequest,
    *,
    kind: str,
    subject,
    template: str,
    key: str,
    extra: dict | None = None,
) -> None:
    notify_many(
        officers_of_bureau(request.bureau_id),
        kind=f"dispatch.{kind}",
        subject=subject,
        subject_params=_params(request),
        template=template,
        context={"request": request, **(extra or {})},
        dedupe_key=f"dispatch:{request.pk}:{key}",
        url=request_url(request),
    )


def notify_people(
    request: DispatchRequest,
    people,
    *,
    kind: str,
    subject,
    template: str,
    key: str,
    extra: dict | None = None,
    url: str | None = None,
) -> None:
    """Tell people on the roster: in the portal if they have an account, else by email;
    someone with neither is told by the bureau in person."""
    for person in people:
        user = person.user if person.user_id and person.user.is_active else None
        # The account's address is the verified one; the roster's is for people without.
        email = user.email if user is not None else person.email
        if user is None and not email:
            continue
        notify(
            recipient=user,
            email=email,
            kind=f"dispatch.{kind}",
            subject=subject,
            subject_params=_params(request),
            template=template,
            context={"request": request, "person": person, **(extra or {})},
            dedupe_key=f"dispatch:{request.pk}:{key}:p{person.pk}",
            # Without an account the portal's pages are closed to them: no link.
            url=(url or request_url(request)) if user is not None else "",
        )
