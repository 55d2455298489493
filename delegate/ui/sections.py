"""Every screen other than the dashboard, gathered for the app to import on first use."""

from delegate.ui.screens.bodies import BodiesScreen, BodyScreen
from delegate.ui.screens.delegations import DelegationScreen, DelegationsScreen
from delegate.ui.screens.handouts import HandoutScreen, HandoutsScreen
from delegate.ui.screens.meetings import MeetingScreen, MeetingsScreen
from delegate.ui.screens.scripts import ScriptScreen, ScriptsScreen
from delegate.ui.screens.timer import TimerScreen

__all__ = [
    "BodiesScreen",
    "BodyScreen",
    "DelegationScreen",
    "DelegationsScreen",
    "HandoutScreen",
    "HandoutsScreen",
    "MeetingScreen",
    "MeetingsScreen",
    "ScriptScreen",
    "ScriptsScreen",
    "TimerScreen",
]
