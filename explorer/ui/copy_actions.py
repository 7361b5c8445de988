"""`CopyActions`: the copy keys of `ExplorerApp` (tab text, ID, metadata JSON, curl command).

pyperclip first; where it has no clipboard (SSH, headless) the terminal's OSC 52 is used and
the notification says so. The curl command reads the key from $MODELGATES_API_KEY.
"""

from __future__ import annotations

from textual import work

from explorer.api.errors import ApiError
from explorer.ui.clipboard import curl_command, metadata_json
from explorer.presentation.safe_text import one_line


class CopyActions:
    """Mixin of `ExplorerApp`: uses its `lookup`, `_generation_id`, `_copy_text`, `ensure_client`."""

    def action_copy_tab(self) -> None:
        viewer = self._viewer
        if self.lookup is None:
            self._nothing_to_copy("load a generation first")
        elif not (text := viewer.current_text()):
            self._nothing_to_copy(f"the {viewer.current_tab_title()} tab is empty")
        else:
            self._copy(text, f"the {viewer.current_tab_title()} tab ({len(text):,} characters)")

    def action_copy_id(self) -> None:
        if self._generation_id is None:
            self._nothing_to_copy("enter a generation ID first")
        else:
            self._copy(self._generation_id, f"the ID {one_line(self._generation_id, limit=80)}")

    def action_copy_metadata(self) -> None:
        if self.lookup is None:
            self._nothing_to_copy("load a generation first")
        else:
            self._copy(metadata_json(self.lookup.raw_generation), "the metadata JSON")

    def action_copy_curl(self) -> None:
        if self._generation_id is None:
            self._nothing_to_copy("enter a generation ID first")
        else:
            self._copy_curl(self._generation_id)

    @work(group="copy", exit_on_error=False)
    async def _copy_curl(self, generation_id: str) -> None:
        try:
            client = await self.ensure_client()
        except ApiError as error:
            self.notify(one_line(error.one_line()), severity="error", markup=False)
            return
        command = curl_command(client.base_url, generation_id)
        self._copy(command, "a curl command (the key stays in $MODELGATES_API_KEY)")

    def _copy(self, text: str, what: str) -> None:
        if self._copy_text(text):
            self.notify(f"Copied {what}.", title="Copied", markup=False)
        else:
            self.copy_to_clipboard(text)
            self.notify(f"Copied {what} via terminal (OSC 52) — pyperclip has no clipboard here.",
                        title="Copied", markup=False)

    def _nothing_to_copy(self, reason: str) -> None:
        self.notify(f"Nothing to copy: {reason}.", severity="warning", markup=False)
