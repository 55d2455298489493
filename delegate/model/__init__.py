"""The pure domain: records and their rules. No I/O, no UI, nothing above it imported."""

from delegate.model.audit import Audit, Finding, Recommendation, Response, ResponseStatus
from delegate.model.body import DEFAULT_SPEAKING_LIMIT, Body, BodyKind, DeadlineRule, Feed, Signature
from delegate.model.delegation import Delegation, DelegationStatus, HistoryEntry
from delegate.model.errors import DelegateError, LifecycleError, ValidationError
from delegate.model.followup import FollowUp, FollowUpStatus
from delegate.model.handout import Handout
from delegate.model.honorarium import Budget, Honorarium, PaymentMethod
from delegate.model.meeting import Meeting, MeetingStatus
from delegate.model.minutes import ActionItem, AgendaItem, Minutes, MinutesStatus
from delegate.model.money import DEFAULT_CURRENCY, Cost, format_money, uncovered
from delegate.model.person import COMMUNITY_MEMBER, Person
from delegate.model.script import Rehearsal, Script, Section, SectionTime, count_words, split_sections
from delegate.model.workshop import WORKSHOP_FORMATS, Attendance

Record = (
    Body
    | Meeting
    | Delegation
    | Script
    | Rehearsal
    | Handout
    | Person
    | Minutes
    | FollowUp
    | Audit
    | Finding
    | Recommendation
    | Honorarium
)

__all__ = [
    "COMMUNITY_MEMBER",
    "DEFAULT_CURRENCY",
    "DEFAULT_SPEAKING_LIMIT",
    "WORKSHOP_FORMATS",
    "ActionItem",
    "AgendaItem",
    "Attendance",
    "Audit",
    "Body",
    "BodyKind",
    "Budget",
    "Cost",
    "DeadlineRule",
    "DelegateError",
    "Delegation",
    "DelegationStatus",
    "Feed",
    "Finding",
    "FollowUp",
    "FollowUpStatus",
    "Handout",
    "HistoryEntry",
    "Honorarium",
    "LifecycleError",
    "Meeting",
    "MeetingStatus",
    "Minutes",
    "MinutesStatus",
    "PaymentMethod",
    "Person",
    "Recommendation",
    "Record",
    "Rehearsal",
    "Response",
    "ResponseStatus",
    "Script",
    "Section",
    "SectionTime",
    "Signature",
    "ValidationError",
    "count_words",
    "format_money",
    "split_sections",
    "uncovered",
]
