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
from .services import payments
from .workflows.applications import APPROVE_KIND, CLAIM_KIND, SUBMIT_KIND


def _run_submit(request, application, form, target):
    services.application_submit(application=application, actor=request.user)
    return _("The application was submitted to the bureau (申請を提出しました).")


def _run_claim(request, application, form, target):
    payments.payment_claim(application=application, actor=request.user)
    return _("Your payment claim has been sent to the bureau.")


def _no_fields(data, files, **kwargs):
    return SubmitForm(data, files)


# The applicant's pages that are legal acts of the municipality, as actions (they have no
# admin step page): the check-your-answers page's submission, and the 請求.
SUBMIT_ACTION = Action(
    "submit", _("Submit the application"), _run_submit, form=_no_fields, kessai_kind=SUBMIT_KIND
)
CLAIM_ACTION = Action(
    "claim", _("Claim the payment (請求)"), _run_claim, form=_no_fields, kessai_kind=CLAIM_KIND
)


def _object_url(user, application) -> str:
    if user.role in (Role.BUREAU, Role.HQ):
        return reverse("admin:grants_application_change", args=[application.pk])
    return reverse("grants:application_detail", args=[application.pk])


def _title(application) -> str:
    return f"{application.call.title} {application.title or ''}".strip()


# The bureau's acts on an application: (kind, step name, label); the change request's two
# are on a target row (the change request), whose page the drafter corrects.
BUREAU_ACTS = (
    (APPROVE_KIND, "approve", _("Grant decision (交付決定)")),
    ("grants.application_reject", "reject", _("Decision not to grant (不交付)")),
    ("grants.amount_fix", "fix_amount", _("Fixing of the amount (額の確定)")),
    ("grants.change_approve", "changerequest_approve", _("Approval of a change (変更承認)")),
    ("grants.change_reject", "changerequest_reject", _("Refusal of a change (変更不承認)")),
)


def _bureau_title(label):
    return lambda a: f"{label}: {_title(a)}"


def _step_url(name):
    def url(application, target_kwargs) -> str:
        args = [application.pk, *target_kwargs.values()]
        return reverse(f"admin:grants_application_{name}", args=args)

    return url


def _situation(request, application):
    return {"situation": Situation(request.user, application)}


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
            kind=CLAIM_KIND,
            label=_("Payment claim (請求)"),
            model=None,
            action=CLAIM_ACTION,
            side=MUNICIPALITY,
            title=lambda a: _("Payment claim (請求): %(title)s") % {"title": _title(a)},
            object_url=_object_url,
            draft_url=lambda a, kw: reverse("grants:application_claim", args=[a.pk]),
        )
    )
    for kind, name, label in BUREAU_ACTS:
        register_routed_act(
            RoutedAct(
                kind=kind,
                label=label,
                model=None,
                action=APPLICATION_ACTIONS.get(name),
                side=BUREAU,
                title=_bureau_title(label),
                object_url=_object_url,
                draft_url=_step_url(name),
                form_kwargs=_situation,
            )
        )
