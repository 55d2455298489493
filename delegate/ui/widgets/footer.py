"""Textual's footer, re-made only when the keys it shows have changed."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer as TextualFooter

Shown = tuple[tuple[str, str, str, bool, str], ...]  # (key, action, description, enabled, tooltip)


class Footer(TextualFooter):
    """The footer every screen shows (the same name, so the same styles apply).

    Textual's footer re-composes itself each time the screen's bindings may have changed, and showing
    a screen signals that a dozen times (mounting, focusing its table, refreshing its keys): each time
    every key is made and styled again, most of a section's first paint. Here it is re-made once
    after a refresh, and only if the keys it would show differ from those it shows.
    """

    _recompose_pending = False
    _shown: Shown | None = None

    def bindings_changed(self, screen: Screen[object]) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus or not (self.is_attached and screen is self.screen):
            return
        if not self._recompose_pending:
            self._recompose_pending = True
            self.call_after_refresh(self._recompose_if_changed)

    def _keys(self) -> Shown:
        return tuple(
            (binding.key, binding.action, binding.description, enabled, tooltip)
            for _node, binding, enabled, tooltip in self.screen.active_bindings.values()
            if binding.show
        )

    async def _recompose_if_changed(self) -> None:
        self._recompose_pending = False
        if not self.is_attached:
            return
        keys = self._keys()
        if keys != self._shown:
            self._shown = keys
            await self.recompose()
