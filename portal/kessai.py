"""Routed acts: the actions that are legal acts of an organisation, and 決裁 on them.

A pillar registers each such action here (``register_routed_act``) by a kind string, with
the organisation it belongs to (the object's municipality, or its bureau). The action's page
then asks ``draft_instead`` before running it: when the organisation's route for the kind
needs approvers beyond the drafter, the submitted form is kept as a draft (起案) and nothing
else happens; the last approval calls ``perform_act``, which binds the action's form to the
stored data again, validates it and runs the action as the final approver. Without a route
(or when the drafter alone satisfies it) the action runs at once, as it always did.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

MUNICIPALITY = "municipality"
BUREAU = "bureau"
HQ = "hq"
# The audit actions of the stamps (portal.services.kessai): an object's history shows them to
# the organisation whose 決裁 it is; ``others_stamps_q`` keeps them from the other side.
STAMP_AUDIT_ACTIONS = frozenset(
    {"kessai_approve_step", "kessai_return", "kessai_proxy", "kessai_afterwards"}
)
# Fields of an action page that are not the act's data (the 案's confirmation box).
_NOT_DATA = frozenset({"csrfmiddlewaretoken", "preview-confirmed"})


@dataclass(frozen=True)
class RoutedAct:
    """One kind of routed act: which action, of which model, whose act it is.

    ``action`` is a ``portal.actions.Action``; ``side`` says whether the act is the object's
    municipality's, its bureau's or HQ's; ``form_kwargs(request, obj)`` gives the action's form
    what its page gives it; ``object_url(user, obj)`` is where ``user`` sees the object;
    ``draft_url(obj, target_kwargs)`` the page where the drafter corrects and resubmits.
    """

    kind: str
    label: Any
    model: Any
    action: Any
    side: str
    title: Callable[[Any], str]
    object_url: Callable[[Any, Any], str]
    draft_url: Callable[[Any, dict], str]
    form_kwargs: Callable[[Any, Any], dict] | None = None
    # ``precheck(obj, user)`` raises what the act's service would raise now, so that a
    # draft is only made of an act that could be performed (a complete application).
    precheck: Callable[[Any, Any], None] | None = None

    def organisation(self, obj) -> tuple[int | None, int | None]:
        """(municipality_id, bureau_id) of the organisation whose act this is."""
        if self.side == MUNICIPALITY:
            return obj.municipality_id, None
        if self.side == BUREAU:
            return None, obj.bureau_id
        return None, None

    def bound_form(self, request, obj, data):
        action = self.action
        if action.form is None:
            return None
        kwargs = self.form_kwargs(request, obj) if self.form_kwargs else {}
        return action.form(data, None, **kwargs)


_acts: dict[str, RoutedAct] = {}


def register_routed_act(act: RoutedAct) -> None:
    if act.side not in (MUNICIPALITY, BUREAU, HQ):
        raise ValueError(f"{act.kind}: side must be {MUNICIPALITY!r}, {BUREAU!r} or {HQ!r}")
    _acts[act.kind] = act


def routed_act(kind: str) -> RoutedAct | None:
    return _acts.get(kind)


def routed_acts(side: str | None = None) -> list[RoutedAct]:
    return [a for a in _acts.values() if side is None or a.side == side]


def others_stamps_q(side: str):
    """Audit events that are stamps on another side's 決裁 (for ``side``'s view of an
    object's history: a municipality does not read how its bureau deliberated)."""
    kinds = [act.kind for act in _acts.values() if act.side != side]
    return Q(action__in=STAMP_AUDIT_ACTIONS, extra__kind__in=kinds)


def history_seen_by(user, events):
    """An object's history (audit events) as ``user`` reads it: the 決裁 stamps of another
    organisation's acts left out — a municipality does not read how its bureau deliberated
    a decision, nor a bureau a municipality's submission, nor anyone outside government
    either; HQ reads everything."""
    from .models import Role

    if user.is_superuser or user.role == Role.HQ:
        return events
    side = {Role.MUNICIPAL: MUNICIPALITY, Role.BUREAU: BUREAU}.get(user.role)
    if side is None:
        return events.exclude(action__in=STAMP_AUDIT_ACTIONS)
    return events.exclude(others_stamps_q(side))


def kind_label(kind: str):
    act = _acts.get(kind)
    return act.label if act else kind


def kind_choices(side: str | None = None) -> list[tuple[str, Any]]:
    return [(a.kind, a.label) for a in routed_acts(side)]


def _payload(request, target_kwargs: dict | None) -> dict:
    data = {key: request.POST.getlist(key) for key in request.POST if key not in _NOT_DATA}
    if target_kwargs:
        data["_target"] = dict(target_kwargs.items())
    return data


def _has_uploads(form) -> bool:
    return form is not None and any(isinstance(f, forms.FileField) for f in form.fields.values())


def draft_instead(request, act: RoutedAct, obj, form, *, target_kwargs=None):
    """Draft the act instead of running it when its route needs approvers; returns the
    ``Kessai`` drafted, or None when the action should run now. Raises ``ValidationError``
    when the route cannot be followed (no approver in the drafter's chain)."""
    from .permissions.kessai import same_organisation
    from .services import kessai as services

    municipality_id, bureau_id = act.organisation(obj)
    if not same_organisation(request.user, municipality_id, bureau_id):
        return None  # HQ standing in, a local group: not the organisation's own act
    steps = services.route_steps_for(
        kind=act.kind, municipality_id=municipality_id, bureau_id=bureau_id, drafter=request.user
    )
    if not steps:
        return None
    if act.precheck is not None:
        act.precheck(obj, request.user)
    if _has_uploads(form):
        # Uploaded files are not kept on a draft: such an act cannot be routed (README).
        raise ValidationError(_("This act carries files and cannot go through a 決裁 route."))
    return services.kessai_draft(
        obj=obj,
        kind=act.kind,
        action=act.action.name,
        title=act.title(obj),
        municipality_id=municipality_id,
        bureau_id=bureau_id,
        payload=_payload(request, target_kwargs),
        steps=steps,
        actor=request.user,
    )


def drafted_text(kessai) -> str:
    return _("Drafted (起案しました). It now awaits approval: %(title)s") % {"title": kessai.title}


def warn_if_awaiting(request, action, obj) -> None:
    """On an action's page (GET): say so when this very act already awaits approval."""
    if not action.kessai_kind or request.method != "GET":
        return
    from .selectors.kessai import open_kessai_of

    kessai = open_kessai_of(obj, action.kessai_kind)
    if kessai is not None:
        messages.warning(
            request,
            _("This act is already awaiting approval (決裁中): %(title)s")
            % {"title": kessai.title},
        )


def run_or_draft(request, action, obj, form, target, *, target_kwargs=None):
    """What an action page calls instead of ``action.run``: drafts the act when it is a
    routed act whose route needs approvers (returning the message), else runs it."""
    act = routed_act(action.kessai_kind) if action.kessai_kind else None
    if act is not None:
        kessai = draft_instead(request, act, obj, form, target_kwargs=target_kwargs)
        if kessai is not None:
            return drafted_text(kessai)
    return action.run(request, obj, form, target)


def perform_act(request, kessai):
    """Run the drafted act as the final approver (``request.user``): the action's form bound
    to the stored data again and validated, then the action itself. Returns its message;
    raises the service's errors (and a ValidationError for data no longer valid)."""
    act = routed_act(kessai.kind)
    if act is None:
        raise ValidationError(_("This kind of act is no longer known."))
    obj = kessai.subject
    payload = dict(kessai.payload)
    target_kwargs = payload.pop("_target", None)
    data = QueryDict(mutable=True)
    for key, values in payload.items():
        data.setlist(key, values)
    form = act.bound_form(request, obj, data)
    if form is not None and not form.is_valid():
        raise ValidationError(
            [str(e) for errors in form.errors.values() for e in errors]
            or [_("The drafted data is no longer valid.")]
        )
    target = act.action.target(obj, target_kwargs or {}) if act.action.target else None
    return act.action.run(request, obj, form, target)
