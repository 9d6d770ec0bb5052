"""The grants pillar's routed acts (決裁): what a municipality and a bureau decide on an
application. Registered with the kernel from ``plugins.py``; ``portal.kessai`` drafts and
performs them."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.actions import Action
from portal.kessai import BUREAU, MUNICIPALITY, RoutedAct, register_routed_act
from portal.models import Role

from .admin.situation import Situation
from .admin.steps import APPLICATION_ACTIONS
from .forms.applications import SubmitForm
from .services import applications as services

SUBMIT_KIND = "grants.application_submit"
APPROVE_KIND = "grants.application_approve"


def _run_submit(request, application, form, target):
    services.application_submit(application=application, actor=request.user)
    return _("The application was submitted to the bureau (申請を提出しました).")


# The check-your-answers page's submission, as an action (it has no admin step page).
SUBMIT_ACTION = Action(
    "submit",
    _("Submit the application"),
    _run_submit,
    form=lambda data, files, **kw: SubmitForm(data, files),
    kessai_kind=SUBMIT_KIND,
)


def _object_url(user, application) -> str:
    if user.role in (Role.BUREAU, Role.HQ):
        return reverse("admin:grants_application_change", args=[application.pk])
    return reverse("grants:application_detail", args=[application.pk])


def _title(application) -> str:
    return f"{application.call.title} {application.title or ''}".strip()


def _admin_step_url(name):
    def url(application, target_kwargs) -> str:
        return reverse(f"admin:grants_application_{name}", args=[application.pk])

    return url


def register() -> None:
    register_routed_act(
        RoutedAct(
            kind=SUBMIT_KIND,
            label=_("Submission of a grant application"),
            model=None,
            action=SUBMIT_ACTION,
            side=MUNICIPALITY,
            title=lambda a: _("Submission of the application: %(title)s") % {"title": _title(a)},
            object_url=_object_url,
            draft_url=lambda a, kw: reverse("grants:application_check", args=[a.pk]),
            precheck=lambda a, user: services.application_submit_check(application=a, actor=user),
        )
    )
    register_routed_act(
        RoutedAct(
            kind=APPROVE_KIND,
            label=_("Grant decision (交付決定)"),
            model=None,
            action=APPLICATION_ACTIONS.get("approve"),
            side=BUREAU,
            title=lambda a: _("Grant decision (交付決定): %(title)s") % {"title": _title(a)},
            object_url=_object_url,
            draft_url=_admin_step_url("approve"),
            form_kwargs=lambda request, a: {"situation": Situation(request.user, a)},
        )
    )
