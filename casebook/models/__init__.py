"""Models of the information pillar (I). Issue 5 adds the journal「創る」and the public
case-study library; challenges, liaison meetings, cooperatives and plans (issue 6) sit beside
them in modules of their own and may share ``Theme``."""

from .case_studies import CaseStudy, FundingSource, ResultFigure
from .challenge_sharing import ChallengeEcho
from .challenges import (
    Challenge,
    ChallengeLink,
    ChallengeStatus,
    LinkKind,
    Sharing,
    SupportKind,
    Urgency,
)
from .choices import Origin, Pillar, PopulationBand, Status
from .cooperative_applications import CertificationApplication
from .cooperative_changes import AnnualReport, ChangeNotification
from .cooperatives import Cooperative
from .editors import Editor
from .journal import Article, JournalIssue
from .meetings import ActionItem, LiaisonMeeting, StrategyMeetingAttendance
from .notices import Notice, NoticeCategory, NoticeReceipt, NoticeStatus, NoticeVisibility
from .photos import Photo
from .plan_councils import CouncilRole, PlanCouncil, PlanCouncilMeeting, PlanCouncilMember
from .plans import Plan, PlanComment, PlanRevisionReminder, PlanStatus, PlanType
from .search import SearchTerm
from .survey_questions import ColumnKind, QuestionKind, SurveyQuestion
from .surveys import (
    ReminderStage,
    ResponseStatus,
    Survey,
    SurveyReminder,
    SurveyResponse,
    SurveyStatus,
)
from .themes import Theme

__all__ = [
    "ActionItem",
    "AnnualReport",
    "Article",
    "CaseStudy",
    "CertificationApplication",
    "Challenge",
    "ChallengeEcho",
    "ChallengeLink",
    "ChallengeStatus",
    "ChangeNotification",
    "ColumnKind",
    "Cooperative",
    "CouncilRole",
    "Editor",
    "FundingSource",
    "JournalIssue",
    "LiaisonMeeting",
    "LinkKind",
    "Notice",
    "NoticeCategory",
    "NoticeReceipt",
    "NoticeStatus",
    "NoticeVisibility",
    "Origin",
    "Photo",
    "Pillar",
    "Plan",
    "PlanComment",
    "PlanCouncil",
    "PlanCouncilMeeting",
    "PlanCouncilMember",
    "PlanRevisionReminder",
    "PlanStatus",
    "PlanType",
    "PopulationBand",
    "QuestionKind",
    "ReminderStage",
    "ResponseStatus",
    "ResultFigure",
    "SearchTerm",
    "Sharing",
    "Status",
    "StrategyMeetingAttendance",
    "SupportKind",
    "Survey",
    "SurveyQuestion",
    "SurveyReminder",
    "SurveyResponse",
    "SurveyStatus",
    "Theme",
    "Urgency",
]
