"""The casebook in the admin: bureau officers draft case studies, HQ editors review and
publish them and prepare the journal's issues; HQ and the bureaus write and send surveys
(照会・調査) and read the answers."""

from . import (  # noqa: F401
    case_studies,
    certification,
    challenges,
    cooperative_notifications,
    cooperatives,
    journal,
    meeting_attendance,
    meetings,
    notices,
    plans,
    reference,
    surveys,
)
