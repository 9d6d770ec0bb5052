from .applications import (
    Application,
    ApplicationRevision,
    BudgetLine,
    PartnerConfirmation,
)
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
from .review import Notice, NumberSequence, ReviewerAssignment, Score

__all__ = [
    "Allocation",
    "ApplicantKind",
    "Application",
    "ApplicationRevision",
    "BudgetLine",
    "Call",
    "ChangeRequest",
    "CostCategory",
    "GrantCategory",
    "Notice",
    "NumberSequence",
    "PartnerConfirmation",
    "Payment",
    "PerformanceReport",
    "Programme",
    "RequiredAttachment",
    "ReviewerAssignment",
    "RubricCriterion",
    "Score",
]
