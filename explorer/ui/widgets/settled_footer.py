"""`SettledFooter`: Textual's Footer, rebuilt only when what it shows has changed."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


class SettledFooter(Footer):
    """A Footer that rebuilds at most once per refresh, and only if its keys changed.

    Textual's Footer rebuilds all its key widgets on every bindings update, and one lookup
    moves focus and toggles bindings several times: that cost more than the lookup itself.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._rebuild_scheduled = False
        self._shown: tuple | None = None

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus or not self.is_attached or screen is not self.screen:
            return
        if not self._rebuild_scheduled:
            self._rebuild_scheduled = True
            self.call_after_refresh(self._rebuild_if_changed)

    def _signature(self) -> tuple:
        """What the footer shows, except which keys are enabled (hidden bindings of the
        focused widget, such as scrolling keys, change with focus and are not shown)."""
        return tuple(
            (key, active.binding.description, active.binding.group, active.tooltip)
            for key, active in self.screen.active_bindings.items() if active.binding.show
        )

    async def _rebuild_if_changed(self) -> None:
        self._rebuild_scheduled = False
        signature = self._signature()
        if signature != self._shown:
            self._shown = signature
            await self.recompose()
            return
        # Only enabled states changed (they do twice per lookup): dim or undim in place.
        enabled = {active.binding.action: active.enabled
                   for active in self.screen.active_bindings.values()}
        for key in self.query(FooterKey):
            if key.action in enabled:
                key.set_class(not enabled[key.action], "-disabled")
                key._disabled = not enabled[key.action]
