"""Every screen other than the dashboard, gathered for the app to import on first use."""

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
