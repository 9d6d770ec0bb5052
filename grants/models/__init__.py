from .applications import (
    Application,
    ApplicationRevision,
    BudgetLine,
    PartnerConfirmation,
)
from .furusato import Company, EventMaterial, Interest, SupportProject
from .furusato_consultations import ConsultationSlot, SlotBooking
from .furusato_portals import DonationFigure, JointCampaign, PortalSiteListing
from .national import FAQEntry, NationalConsultation, NationalGrantProgramme
from .notice_batches import NoticeBatch, NoticeBatchItem
from .post_decision import ChangeRequest, Payment, PerformanceReport
from .programmes import (
    Allocation,
    ApplicantKind,
    Call,
    CostCategory,
    GrantCategory,
    Programme,
    RequiredAttachment,
    RubricCriterion,
)
from .projects import (
    PolicyProject,
    PolicyTheme,
    ProjectBudgetLine,
    ProjectKPI,
    ProjectMilestone,
    ProjectPartner,
)
from .publication import DecisionPublication
from .review import Notice, ReviewerAssignment, Score

__all__ = [
    "Allocation",
    "ApplicantKind",
    "Application",
    "ApplicationRevision",
    "BudgetLine",
    "Call",
    "ChangeRequest",
    "Company",
    "ConsultationSlot",
    "CostCategory",
    "DecisionPublication",
    "DonationFigure",
    "EventMaterial",
    "FAQEntry",
    "GrantCategory",
    "Interest",
    "JointCampaign",
    "NationalConsultation",
    "NationalGrantProgramme",
    "Notice",
    "NoticeBatch",
    "NoticeBatchItem",
    "PartnerConfirmation",
    "Payment",
    "PerformanceReport",
    "PolicyProject",
    "PolicyTheme",
    "PortalSiteListing",
    "Programme",
    "ProjectBudgetLine",
    "ProjectKPI",
    "ProjectMilestone",
    "ProjectPartner",
    "RequiredAttachment",
    "ReviewerAssignment",
    "RubricCriterion",
    "Score",
    "SlotBooking",
    "SupportProject",
]
