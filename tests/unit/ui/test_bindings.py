"""Every key of every view has an ID (for the keymap) and a tooltip (for the help), read from
the classes without an app."""

from __future__ import annotations

from explorer.ui.screens.history import HistoryScreen
from tests.support.app import all_bindings_have_ids_and_tooltips


async def test_every_view_binding_has_an_id_and_a_tooltip():
    from explorer.ui.dialogs.export import ExportDialog
    from explorer.ui.screens.batch import BatchScreen
    from explorer.ui.screens.compare import CompareScreen
    from explorer.ui.screens.provider_stats import ProviderStatsScreen
    from explorer.ui.widgets.batch_table import BatchTable
    from explorer.ui.widgets.history_table import HistoryTable

    for owner in (HistoryScreen, BatchScreen, CompareScreen, ProviderStatsScreen, ExportDialog,
                  BatchTable, HistoryTable):
        assert all_bindings_have_ids_and_tooltips(owner.BINDINGS), owner


def test_a_class_has_its_own_keys_over_its_bases_and_the_rest_of_theirs():
    from explorer.ui.dialogs.help import class_bindings
    from explorer.ui.widgets.history_table import HistoryTable

    actions: dict[str, list[str]] = {}
    for key, binding in class_bindings(HistoryTable):
        actions.setdefault(key, []).append(binding.action)
    assert actions["enter"] == ["screen.open"]  # its own
    assert actions["up"] == actions["k"] == ["cursor(-1)"]  # the list's, over Textual's scroll
    assert actions["left"] == ["scroll_left"]  # Textual's, not bound again
    assert list(actions)[0] == "enter"  # the class's own keys first


def test_every_view_goes_to_the_entry_with_ctrl_l_before_the_next_key():
    from explorer.ui.screens.view_screen import VIEW_KEYS

    (entry,) = [binding for binding in VIEW_KEYS if binding.key == "ctrl+l"]
    # A priority key runs as it arrives: the keys behind it find the entry focused.
    assert entry.priority and entry.action == "app.focus_entry"
