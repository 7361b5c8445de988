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
