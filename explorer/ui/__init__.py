"""The Textual user interface: `create_app` in `explorer.ui.app`, `run_tui` in `explorer.ui.run`.

Frame rate: Textual draws at most TEXTUAL_FPS frames a second (60 by default), so a change
waits up to 1/60 s for its frame, and a change that lands just after a frame waits that long
again. The explorer asks for 120 (a lookup shows ~10 ms sooner); it draws only when something
changed, so an idle screen costs nothing more. A TEXTUAL_FPS set by the user wins. Set here,
before anything imports Textual, because Textual reads it once, on import.
"""

import os

FRAME_RATE = 120
os.environ.setdefault("TEXTUAL_FPS", str(FRAME_RATE))
