"""What still stands between a request and its completion report, as one list.

The request's page shows it as a checklist (each item linking to where it is settled) and
the completion service refuses with the same list, so the page and the service never
disagree and the municipality sees every blocker at once, before writing the report.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from portal.japanese import wareki_datetime

from ..models import ReportStatus

# The codes the service's ValidationError carries, one per kind of blocker.
REPORT_TO_CONFIRM = "report_to_confirm"
REPORT_TO_CORRECT = "report_to_correct"
SESSION_TO_COME = "session_to_come"


@dataclass(frozen=True)
class Blocker:
    code: str
    message: str
    url: str  # where it is settled
    link_text: str


def completion_blockers(sessions: Iterable, *, now) -> list[Blocker]:
    """The blockers of a request's completion report, in the order of its sessions.

    ``sessions`` are the request's sessions with their reports (and the reports' person)
    at hand, as ``selectors.requests.sessions_of`` gives them. A report awaiting the
    municipality's confirmation, a report returned for correction and a session still to
    come each block; a cancelled session does not.
    """
    blockers: list[Blocker] = []
    for session in sessions:
        if session.cancelled_at is not None:
            continue
        when = wareki_datetime(session.starts_at)
        if session.starts_at > now:
            blockers.append(
                Blocker(
                    SESSION_TO_COME,
                    _("The session of %(when)s is still to come: hold it or cancel it.")
                    % {"when": when},
                    reverse("dispatch:session_detail", args=[session.pk]),
                    _("Open the session"),
                )
            )
            continue
        for report in session.reports.all():
            values = {"name": report.person.name, "when": when}
            if report.status == ReportStatus.SUBMITTED:
                blockers.append(
                    Blocker(
                        REPORT_TO_CONFIRM,
                        _(
                            "The activity report of %(name)s on the session of %(when)s "
                            "awaits your confirmation."
                        )
                        % values,
                        reverse("dispatch:report_confirm", args=[report.pk]),
                        _("Confirm or return the activity report"),
                    )
                )
            elif report.status == ReportStatus.RETURNED:
                blockers.append(
                    Blocker(
                        REPORT_TO_CORRECT,
                        _(
                            "The activity report of %(name)s on the session of %(when)s "
                            "was returned and awaits their correction."
                        )
                        % values,
                        reverse("dispatch:session_detail", args=[session.pk]),
                        _("Open the session"),
                    )
                )
    return blockers
