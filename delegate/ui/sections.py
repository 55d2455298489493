"""Every screen other than the dashboard, for the app to import on first use: each screen's module
is imported when the screen is first asked for (the first key to a section pays for that section
only)."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from delegate.ui.screens.audit_detail import AuditScreen
    from delegate.ui.screens.audits import AuditsScreen
    from delegate.ui.screens.bodies import BodiesScreen, BodyScreen
    from delegate.ui.screens.delegations import DelegationScreen, DelegationsScreen
    from delegate.ui.screens.followups import FollowUpsScreen
    from delegate.ui.screens.handouts import HandoutScreen, HandoutsScreen
    from delegate.ui.screens.honoraria import HonorariaScreen
    from delegate.ui.screens.meetings import MeetingScreen, MeetingsScreen
    from delegate.ui.screens.minutes import MinutesListScreen, MinutesScreen
    from delegate.ui.screens.scripts import ScriptScreen, ScriptsScreen
    from delegate.ui.screens.timer import TimerScreen

_HOME = {
    "AuditScreen": "audit_detail",
    "AuditsScreen": "audits",
    "BodiesScreen": "bodies",
    "BodyScreen": "bodies",
    "DelegationScreen": "delegations",
    "DelegationsScreen": "delegations",
    "FollowUpsScreen": "followups",
    "HandoutScreen": "handouts",
    "HandoutsScreen": "handouts",
    "HonorariaScreen": "honoraria",
    "MeetingScreen": "meetings",
    "MeetingsScreen": "meetings",
    "MinutesListScreen": "minutes",
    "MinutesScreen": "minutes",
    "ScriptScreen": "scripts",
    "ScriptsScreen": "scripts",
    "TimerScreen": "timer",
}


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module 'delegate.ui.sections' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"delegate.ui.screens.{_HOME[name]}"), name)
    globals()[name] = value
    return value


__all__ = [
    "AuditScreen",
    "AuditsScreen",
    "BodiesScreen",
    "BodyScreen",
    "DelegationScreen",
    "DelegationsScreen",
    "FollowUpsScreen",
    "HandoutScreen",
    "HandoutsScreen",
    "HonorariaScreen",
    "MeetingScreen",
    "MeetingsScreen",
    "MinutesListScreen",
    "MinutesScreen",
    "ScriptScreen",
    "ScriptsScreen",
    "TimerScreen",
]
