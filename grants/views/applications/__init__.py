"""Municipal staff (and local groups): apply for a grant through web forms, then follow it.

Every view is thin: the scoped selector fetches (outside scope: 404), a form validates, one
service writes, and the browser is redirected. What a service refuses comes back as an
error on the form or as a message, never as a server error. Whether a button is shown is
decided with the same predicates the services check, but the services decide.

- listing.py: start an application from a call; the municipality's list
- detail.py: one application's task list or status page, the confirmation, notices as PDF
- sections.py: the task list's sections and the check-your-answers page
- budget.py: the budget section (経費と申請額): rows, recalculation, the arithmetic
- actions.py: withdraw, forward, partner confirmation; change request, report, claim
- common.py: what they share
"""

from .actions import (
    application_change,
    application_claim,
    application_forward,
    application_partner_confirm,
    application_report,
    application_withdraw,
)
from .detail import application_confirmation, application_detail, notice_pdf
from .listing import application_list, application_start
from .sections import application_check, application_section

__all__ = [
    "application_change",
    "application_check",
    "application_claim",
    "application_confirmation",
    "application_detail",
    "application_forward",
    "application_list",
    "application_partner_confirm",
    "application_report",
    "application_section",
    "application_start",
    "application_withdraw",
    "notice_pdf",
]
