"""The pure domain: records and their rules. No I/O, no UI, nothing above it imported.

Each record lives in its own module, imported when first named: `from delegate.model import FollowUp`
imports the follow-up's module and what it needs, not every record, so a command that lists follow-ups
does not build every other record class first.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

# Where each name lives (its module under delegate.model).
_HOME = {
    "ActionItem": "minutes",
    "AgendaItem": "minutes",
    "Attendance": "workshop",
    "Audit": "audit",
    "Body": "body",
    "BodyKind": "body",
    "Budget": "honorarium",
    "COMMUNITY_MEMBER": "person",
    "Cost": "money",
    "DEFAULT_CURRENCY": "money",
    "DEFAULT_SPEAKING_LIMIT": "body",
    "DeadlineRule": "body",
    "DelegateError": "errors",
    "Delegation": "delegation",
    "DelegationStatus": "delegation",
    "Finding": "audit",
    "Feed": "body",
    "FollowUp": "followup",
    "FollowUpStatus": "followup",
    "Handout": "handout",
    "HistoryEntry": "delegation",
    "Honorarium": "honorarium",
    "LifecycleError": "errors",
    "Meeting": "meeting",
    "MeetingStatus": "meeting",
    "Minutes": "minutes",
    "MinutesStatus": "minutes",
    "PaymentMethod": "honorarium",
    "Person": "person",
    "Recommendation": "audit",
    "Rehearsal": "script",
    "Response": "audit",
    "ResponseStatus": "audit",
    "Script": "script",
    "Section": "script",
    "SectionTime": "script",
    "Signature": "body",
    "ValidationError": "errors",
    "WORKSHOP_FORMATS": "workshop",
    "count_words": "script",
    "format_money": "money",
    "split_sections": "script",
    "uncovered": "money",
}
# The records, in the order the union Record names them.
RECORD_NAMES = (
    "Body",
    "Meeting",
    "Delegation",
    "Script",
    "Rehearsal",
    "Handout",
    "Person",
    "Minutes",
    "FollowUp",
    "Audit",
    "Finding",
    "Recommendation",
    "Honorarium",
)


def __getattr__(name: str) -> Any:
    if name == "Record":
        classes = [__getattr__(record) for record in RECORD_NAMES]
        value: Any = classes[0]
        for cls in classes[1:]:
            value = value | cls
    elif name in _HOME:
        value = getattr(importlib.import_module(f"delegate.model.{_HOME[name]}"), name)
    else:
        raise AttributeError(f"module 'delegate.model' has no attribute {name!r}")
    globals()[name] = value  # once found, an ordinary attribute
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


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
