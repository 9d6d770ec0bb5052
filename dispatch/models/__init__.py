"""Models of the human-support pillar. H1/H2 (dispatch, on-site support, DX advisors) live
in these modules; 地域おこし協力隊 support (H3) gets modules of its own beside them."""

from .kyoryokutai import (
    Housing,
    Mission,
    Position,
    PostingStatus,
    TrialKind,
    TrialProgramme,
    Vehicle,
)
from .people import (
    Availability,
    CalendarFeedToken,
    DispatchDesk,
    Person,
    PersonKind,
    RegionalFrame,
)
from .reference import Skill
from .requests import DispatchRequest, Kind, Status
from .volunteer_reports import MemberReport
from .volunteers import (
    Destination,
    IntendedActivity,
    IntendedPlace,
    ReportCadence,
    Settlement,
    Volunteer,
    VolunteerStatus,
)
from .work import (
    ActivityReport,
    Assignment,
    CompletionReport,
    DispatchNotice,
    ReportStatus,
    Session,
    SessionAttendance,
    SessionMode,
)

__all__ = [
    "ActivityReport",
    "Assignment",
    "Availability",
    "CalendarFeedToken",
    "CompletionReport",
    "Destination",
    "DispatchDesk",
    "DispatchNotice",
    "DispatchRequest",
    "Housing",
    "IntendedActivity",
    "IntendedPlace",
    "Kind",
    "MemberReport",
    "Mission",
    "Person",
    "PersonKind",
    "Position",
    "PostingStatus",
    "RegionalFrame",
    "ReportCadence",
    "ReportStatus",
    "Session",
    "SessionAttendance",
    "SessionMode",
    "Settlement",
    "Skill",
    "Status",
    "TrialKind",
    "TrialProgramme",
    "Vehicle",
    "Volunteer",
    "VolunteerStatus",
]
