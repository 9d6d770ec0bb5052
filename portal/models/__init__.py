from .accounts import AccessRequest, Role, User
from .attachments import Attachment
from .audit import AuditEvent
from .consultations import Consultation, ConsultationCategory, ConsultationReply
from .documents import Document
from .events import Event, Registration
from .invitations import GroupInvitation
from .issues import DocumentIssue
from .notifications import Notification
from .numbering import NumberSequence
from .reference import Bureau, Municipality, Region
from .reports import AnnualReport
from .seals import OfficialSeal

__all__ = [
    "AccessRequest",
    "AnnualReport",
    "Attachment",
    "AuditEvent",
    "Bureau",
    "Consultation",
    "ConsultationCategory",
    "ConsultationReply",
    "Document",
    "DocumentIssue",
    "Event",
    "GroupInvitation",
    "Municipality",
    "Notification",
    "NumberSequence",
    "OfficialSeal",
    "Region",
    "Registration",
    "Role",
    "User",
]
