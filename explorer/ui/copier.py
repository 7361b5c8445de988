"""`Copier`: the main screen's copy keys (tab text, ID, metadata JSON, curl command).

pyperclip first; where it has no clipboard (SSH, headless) the terminal's OSC 52 is used and
the notification says so, up to `OSC52_MAX_BYTES`: a longer text is not sent (the terminal would
drop it in silence) and the notification offers the export instead. The curl command reads the
key from $MODELGATES_API_KEY.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from explorer.api.errors import ApiError
from explorer.presentation.safe_text import one_line
from explorer.ui.clipboard import CopyText, curl_command, metadata_json
from explorer.ui.server_label import DEMO_SERVE_BASE_URL, demo_curl_command, is_in_process_demo

# A terminal drops an OSC 52 sequence longer than it takes, without a word, and nothing tells
# the app. 100,000 bytes is the common cap (hterm's, and the one OSC 52 helper scripts for tmux
# keep under); 74,994 bytes of UTF-8 are 99,992 base64 characters, and with `ESC ] 52 ; c ;`
# before them and BEL after, 100,000. (A few terminals take less still; none can be asked.)
OSC52_MAX_BYTES = 74_994

if TYPE_CHECKING:
    from textual.widget import Widget

    from explorer.api.client import Lookup
    from explorer.services import Services
    from explorer.ui.widgets.content_viewer import ContentViewer


class Copier:
    """Copies what the main screen shows and says so in a notification from `owner`.

    `copy_text` is the injected clipboard: it returns False when it has none (then OSC 52).
    """

    def __init__(self, owner: Widget, services: Services, copy_text: CopyText) -> None:
        self.owner = owner
        self.services = services
        self.copy_text = copy_text

    def copy_tab(self, lookup: Lookup | None, viewer: ContentViewer | None) -> None:
        """The text of the content tab on show."""
        if lookup is None or viewer is None:
            self.nothing_to_copy("load a generation first")
        elif not (text := viewer.current_text()):
            self.nothing_to_copy(f"the {viewer.current_tab_title()} tab is empty")
        else:
            self.copy(text, f"the {viewer.current_tab_title()} tab ({len(text):,} characters)")

    def copy_id(self, generation_id: str | None) -> None:
        """The generation ID."""
        if generation_id is None:
            self.nothing_to_copy("enter a generation ID first")
        else:
            self.copy(generation_id, f"the ID {one_line(generation_id, limit=80)}")

    def copy_metadata(self, lookup: Lookup | None) -> None:
        """The metadata exactly as the API sent it, pretty-printed."""
        if lookup is None:
            self.nothing_to_copy("load a generation first")
        else:
            self.copy(metadata_json(lookup.raw_generation), "the metadata JSON")

    def copy_curl(self, generation_id: str | None) -> None:
        """A curl command repeating the lookup (the client, hence the base URL, may still be
        on its way: the copy happens in a worker)."""
        if generation_id is None:
            self.nothing_to_copy("enter a generation ID first")
        else:
            self.owner.run_worker(self._copy_curl(generation_id), group="copy",
                                  exit_on_error=False)

    async def _copy_curl(self, generation_id: str) -> None:
        try:
            client = await self.services.client()
        except ApiError as error:
            self.owner.notify(one_line(error.one_line()), severity="error", markup=False)
            return
        if is_in_process_demo(client.base_url):
            # The in-process demo has no address: the command is for the demo server instead
            # (which takes any non-empty key), and says so.
            self.copy(demo_curl_command(generation_id),
                      f"a curl command for the demo server at {DEMO_SERVE_BASE_URL}: it needs "
                      "`modelgates-explorer serve-demo` running (this demo runs in-process)")
            return
        command = curl_command(client.base_url, generation_id)
        self.copy(command, "a curl command (the key stays in $MODELGATES_API_KEY)")

    def copy(self, text: str, what: str) -> None:
        """Copy `text` and say `what` was copied, and how (or that it was not, and why)."""
        if self.copy_text(text):
            self.owner.notify(f"Copied {what}.", title="Copied", markup=False)
        elif len(text.encode("utf-8", "surrogatepass")) > OSC52_MAX_BYTES:
            self.owner.notify(
                f"Too large for the terminal clipboard ({len(text):,} characters, limit "
                f"{OSC52_MAX_BYTES:,} bytes): press e to export it to a file instead.",
                title="Not copied", severity="warning", markup=False)
        else:
            self.owner.app.copy_to_clipboard(text)
            self.owner.notify(f"Copied {what} via terminal (OSC 52) — pyperclip has no clipboard "
                              "here.", title="Copied", markup=False)

    def nothing_to_copy(self, reason: str) -> None:
        """Say why nothing was copied."""
        self.owner.notify(f"Nothing to copy: {reason}.", severity="warning", markup=False)
