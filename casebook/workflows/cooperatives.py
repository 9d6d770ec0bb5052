"""I3: the tables of allowed moves of a cooperative's registration, of its certification
applications and of its change notifications (届出). Nothing else changes their status."""

from django.utils.translation import gettext_lazy as _

from portal.models import Role
from portal.workflow import Transition, Workflow

from ..models.cooperative_applications import ApplicationStatus as S
from ..models.cooperative_changes import NotificationStatus as N
from ..models.cooperatives import RegistrationStatus as R

STAFF = frozenset({Role.BUREAU, Role.HQ})
HQ = frozenset({Role.HQ})
COOPERATIVE = frozenset({Role.COOPERATIVE})

REGISTRATION_WORKFLOW = Workflow(
    name="cooperative_registration",
    transitions=[
        Transition("approve", frozenset({R.PENDING}), R.APPROVED, HQ, _("Registration approved")),
        Transition("decline", frozenset({R.PENDING}), R.DECLINED, HQ, _("Registration declined")),
    ],
    labels={"submit": _("Registration sent")},
)

CERTIFICATION_WORKFLOW = Workflow(
    name="cooperative_certification",
    transitions=[
        Transition(
            "submit",
            frozenset({S.DRAFT}),
            S.SUBMITTED,
            COOPERATIVE,
            _("Submitted"),
            _("You submitted the application"),
        ),
        Transition(
            "resubmit",
            frozenset({S.RETURNED}),
            S.SUBMITTED,
            COOPERATIVE,
            _("Resubmitted after correction"),
            _("You resubmitted the application"),
        ),
        Transition(
            "start_review",
            frozenset({S.SUBMITTED}),
            S.UNDER_REVIEW,
            STAFF,
            _("Review started"),
            _("The bureau started its review"),
        ),
        Transition(
            "return",
            frozenset({S.SUBMITTED, S.UNDER_REVIEW, S.FORWARDED}),
            S.RETURNED,
            STAFF,
            _("Returned for correction"),
            _("Returned to you for correction"),
        ),
        Transition(
            "forward",
            frozenset({S.UNDER_REVIEW}),
            S.FORWARDED,
            STAFF,
            _("Sent to HQ with the bureau's opinion"),
            _("The bureau sent the application to HQ"),
        ),
        Transition(
            "certify",
            frozenset({S.FORWARDED}),
            S.CERTIFIED,
            HQ,
            _("Certified"),
            _("Certified by the governor"),
        ),
        Transition(
            "refuse",
            frozenset({S.FORWARDED}),
            S.REFUSED,
            HQ,
            _("Refused"),
            _("Not certified"),
        ),
        Transition(
            "withdraw",
            frozenset({S.DRAFT, S.SUBMITTED, S.RETURNED}),
            S.WITHDRAWN,
            COOPERATIVE,
            _("Withdrawn by the cooperative"),
            _("You withdrew the application"),
        ),
        # Done in place by the reviewing staff: the criteria checklist and review comments.
        Transition(
            "checklist",
            frozenset({S.UNDER_REVIEW, S.FORWARDED}),
            None,
            STAFF,
            _("Check the certification criteria"),
        ),
        Transition(
            "comment",
            frozenset(set(S) - {S.DRAFT}),
            None,
            STAFF,
            _("Add a review comment"),
        ),
    ],
    labels={
        "create": _("Application started"),
        "comment": _("Review comment"),
        "checklist": _("Criteria checklist updated"),
    },
)

NOTIFICATION_WORKFLOW = Workflow(
    name="cooperative_notification",
    transitions=[
        Transition(
            "file",
            frozenset({N.DRAFT, N.RETURNED}),
            N.FILED,
            COOPERATIVE,
            _("Filed"),
            _("You filed the notification"),
        ),
        Transition(
            "accept",
            frozenset({N.FILED}),
            N.ACCEPTED,
            STAFF,
            _("Accepted"),
            _("The notification was accepted"),
        ),
        Transition(
            "return",
            frozenset({N.FILED}),
            N.RETURNED,
            STAFF,
            _("Returned for correction"),
            _("Returned to you for correction"),
        ),
    ],
    labels={"create": _("Change recorded")},
)
