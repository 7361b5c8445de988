"""The lookup states' transitions that keep the generation shown before a lookup: on failure
(of another ID), on cancel, and after the loading delay."""

from __future__ import annotations

from datetime import datetime, timezone
from types import SimpleNamespace

from explorer.api.errors import NotFoundError
from explorer.ui.lookup_state import (
    Failed, Idle, Loaded, Loading, Pending, after_cancel, after_loading_delay, kept_after_failure,
)

SHOWN = SimpleNamespace(id="gen-shown")  # stands for a Lookup: only its ID matters here
STARTED = datetime(2026, 12, 1, tzinfo=timezone.utc)


def test_a_failure_of_another_id_keeps_the_generation_on_screen():
    loading = Loading("gen-other", SHOWN, showing_previous=False, started=STARTED)
    assert kept_after_failure(loading, "gen-other") is SHOWN
    failed = Failed("gen-other", NotFoundError("no"), kept_after_failure(loading, "gen-other"))
    assert failed.on_screen is SHOWN and failed.generation_id == "gen-other"


def test_a_failure_of_the_id_on_screen_replaces_it():
    again = Loading("gen-shown", SHOWN, showing_previous=True)
    assert kept_after_failure(again, "gen-shown") is None
    assert kept_after_failure(Loading("gen-x"), "gen-x") is None  # nothing was shown


def test_a_pending_countdown_carries_the_generation_to_keep():
    pending = Pending("gen-young", NotFoundError("young", pending=True), 3, 1, 5, 0, SHOWN)
    assert pending.on_screen is None  # the countdown shows meanwhile
    assert kept_after_failure(pending, "gen-young") is SHOWN


def test_cancel_goes_back_to_what_was_shown_or_to_the_start():
    back = after_cancel(Loading("gen-other", SHOWN))
    assert isinstance(back, Loaded) and back.lookup is SHOWN
    assert isinstance(after_cancel(Loading("gen-other")), Idle)


def test_after_the_loading_delay_another_generation_makes_way():
    loading = Loading("gen-other", SHOWN, showing_previous=True, started=STARTED)
    assert loading.on_screen is SHOWN
    later = after_loading_delay(loading)
    assert isinstance(later, Loading) and later.on_screen is None
    assert later.previous is SHOWN and later.started == STARTED
    assert after_loading_delay(Loading("gen-shown", SHOWN, showing_previous=True)) is None
    assert after_loading_delay(later) is None
