"""The Textual user interface: `create_app` in `explorer.ui.app`, `run_tui` in `explorer.ui.run`."""
