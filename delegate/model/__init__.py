"""The pure domain: records and their rules. No I/O, no UI, nothing above it imported."""

from delegate.model.body import DEFAULT_SPEAKING_LIMIT, Body, BodyKind, DeadlineRule
from delegate.model.delegation import Delegation, DelegationStatus, HistoryEntry
from delegate.model.errors import DelegateError, LifecycleError, ValidationError
from delegate.model.followup import FollowUp, FollowUpStatus
from delegate.model.handout import Handout
from delegate.model.meeting import Meeting, MeetingStatus
from delegate.model.minutes import ActionItem, AgendaItem, Minutes, MinutesStatus
from delegate.model.person import COMMUNITY_MEMBER, Person
from delegate.model.script import Rehearsal, Script, Section, SectionTime, count_words, split_sections

Record = Body | Meeting | Delegation | Script | Rehearsal | Handout | Person | Minutes | FollowUp

__all__ = [
    "COMMUNITY_MEMBER",
    "DEFAULT_SPEAKING_LIMIT",
    "ActionItem",
    "AgendaItem",
    "Body",
    "BodyKind",
    "DeadlineRule",
    "DelegateError",
    "Delegation",
    "DelegationStatus",
    "FollowUp",
    "FollowUpStatus",
    "Handout",
    "HistoryEntry",
    "LifecycleError",
    "Meeting",
    "MeetingStatus",
    "Minutes",
    "MinutesStatus",
    "Person",
    "Record",
    "Rehearsal",
    "Script",
    "Section",
    "SectionTime",
    "ValidationError",
    "count_words",
    "split_sections",
]
