"""The command palette finds records too (type a topic, a body, a role): a Textual command Provider
over `services.search`, built for the audience of the screen the palette was opened on."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from rich.text import Text
from textual.command import Hit, Hits, Provider
from textual.fuzzy import Matcher

from delegate.services.audience import Audience
from delegate.services.search import Found, searchable

if TYPE_CHECKING:
    from delegate.ui.app import DelegateApp

LEAST_SCORE = 0.0


class RecordsProvider(Provider):
    """Meetings, delegations, people (by role in public), scripts, minutes and open follow-ups."""

    _found: list[Found] | None = None

    @property
    def _audience(self) -> Audience:
        from delegate.ui.screens.base import DataScreen

        screen = self.screen
        return screen.audience if isinstance(screen, DataScreen) else Audience.PUBLIC

    async def startup(self) -> None:
        app: DelegateApp = self.app  # type: ignore[assignment]
        self._found = searchable(app.store, self._audience)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for found in self._found or ():
            score = matcher.match(found.text)
            if score > LEAST_SCORE:
                # The help line goes into the display, not Hit.help: the palette reads that as markup.
                shown = _highlight(matcher, found.text)
                if found.help:
                    shown.append(Text("\n" + found.help, style="dim"))
                yield Hit(score, shown, partial(self._open, found), found.text)

    def _open(self, found: Found) -> None:
        app: DelegateApp = self.app  # type: ignore[assignment]
        if found.kind == "person":
            app.notify(found.text.removeprefix("Person: "), title="Person")
        else:
            app.open_record(found.kind, found.id)


def _highlight(matcher: Matcher, text: str) -> Text:
    """The matched letters underlined, the text never read as markup (a topic may hold '[b]')."""
    shown = Text(text)
    score, offsets = matcher.fuzzy_search.match(matcher.query, text)
    if score:
        for offset in offsets:
            shown.stylize("bold underline", offset, offset + 1)
    return shown
