from .accounts import AccessRequest, Role, User
from .advice import Advice, AdviceKind
from .attachments import Attachment
from .audit import AuditEvent
from .consultations import Consultation, ConsultationCategory, ConsultationReply
from .documents import Document
from .events import Event, Registration
from .invitations import GroupInvitation
from .issues import DocumentIssue
from .kessai import (
    ApprovalRoute,
    ApprovalRouteStep,
    Delegation,
    Kessai,
    KessaiStamp,
    KessaiStatus,
    StampKind,
)
from .notifications import Notification
from .numbering import NumberSequence
from .reference import Bureau, Municipality, Region
from .reports import AnnualReport
from .rotation import MoveKind, RosterBatch, RosterBatchStatus, RosterMove
from .seals import OfficialSeal
from .strategy import (
    Kpi,
    KpiYear,
    Strategy,
    StrategyGoal,
    StrategyKind,
    StrategyMeasure,
    StrategyStatus,
)
from .units import Position, Unit, UnitKind

__all__ = [
    "AccessRequest",
    "Advice",
    "AdviceKind",
    "AnnualReport",
    "ApprovalRoute",
    "ApprovalRouteStep",
    "Attachment",
    "AuditEvent",
    "Bureau",
    "Consultation",
    "ConsultationCategory",
    "ConsultationReply",
    "Delegation",
    "Document",
    "DocumentIssue",
    "Event",
    "GroupInvitation",
    "Kessai",
    "KessaiStamp",
    "KessaiStatus",
    "Kpi",
    "KpiYear",
    "MoveKind",
    "Municipality",
    "Notification",
    "NumberSequence",
    "OfficialSeal",
    "Position",
    "Region",
    "Registration",
    "Role",
    "RosterBatch",
    "RosterBatchStatus",
    "RosterMove",
    "StampKind",
    "Strategy",
    "StrategyGoal",
    "StrategyKind",
    "StrategyMeasure",
    "StrategyStatus",
    "Unit",
    "UnitKind",
    "User",
]
