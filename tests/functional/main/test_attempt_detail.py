"""The attempt detail: enter or a click on an attempt row shows that attempt in full."""

from __future__ import annotations

from explorer.api.models import ContentError, ProviderAttempt
from explorer.demo.data import DEMO_CASES
from explorer.presentation.attempt_table import attempt_detail
from explorer.ui.dialogs.attempt_detail import AttemptDetailDialog
from explorer.ui.widgets.attempts_waterfall import AttemptsWaterfall
from tests.support.app import STORM_ID
from tests.support.pilot import settle, wait_until
from tests.support.screen import screen_text
from tests.support.sizes import APP_SIZE

FAILED_ID = DEMO_CASES["all-providers-failed"]


def detail(app) -> dict[str, str]:
    dialog = app.screen
    assert isinstance(dialog, AttemptDetailDialog)
    return dict(dialog.rows)


async def test_enter_on_an_attempt_opens_it_in_full_and_escape_closes(make_app):
    # Before: enter on the attempts pane did nothing (no cursor, no detail view).
    app = make_app(ids=[STORM_ID])
    async with app.run_test(size=APP_SIZE) as pilot:
        await settle(pilot)
        waterfall = app.query_one(AttemptsWaterfall)
        waterfall.focus()
        await pilot.press("down", "down")
        # The cursor shows on the third attempt's row (and on no other).
        top = len(waterfall.text.splitlines()) - len(waterfall.attempts)
        lines = [waterfall.render_line(top + row) for row in range(4)]
        backgrounds = [{segment.style.bgcolor for segment in line} for line in lines]
        assert "Novita" in lines[2].text
        assert backgrounds[2] != backgrounds[1] and backgrounds[1] == backgrounds[3]
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, AttemptDetailDialog))
        fields = detail(app)
        attempt = waterfall.attempts[2]
        assert fields["attempt"] == "3 of 20"
        assert fields["provider"] == attempt.provider_name == "Novita"
        assert fields["model"] == attempt.model_permaslug
        assert fields["status"] == "503"
        assert fields["latency"].startswith("118 ms")
        assert fields["endpoint"] == attempt.endpoint_id  # in full: the table cuts it
        assert fields["BYOK"] == "no"
        assert "routed tier" in fields
        text = screen_text(app)
        assert attempt.endpoint_id in text and "Novita" in text
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, AttemptDetailDialog))
        assert app.focused is waterfall  # back where the user was


async def test_click_on_an_attempt_row_opens_it(make_app):
    app = make_app(ids=[STORM_ID])
    async with app.run_test(size=APP_SIZE) as pilot:
        await settle(pilot)
        waterfall = app.query_one(AttemptsWaterfall)
        top = len(waterfall.text.splitlines()) - len(waterfall.attempts)  # summary, titles
        # Row 2 (DeepInfra): below the border and the top lines.
        await pilot.click(AttemptsWaterfall, offset=(20, 1 + top + 1))
        await wait_until(pilot, lambda: isinstance(app.screen, AttemptDetailDialog))
        assert detail(app)["provider"] == "DeepInfra"
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, AttemptDetailDialog))


async def test_the_detail_shows_the_errors_reported_for_the_attempt(make_app):
    app = make_app(ids=[FAILED_ID])
    async with app.run_test(size=APP_SIZE) as pilot:
        await settle(pilot)
        app.query_one(AttemptsWaterfall).focus()
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, AttemptDetailDialog))
        fields = detail(app)
        assert fields["provider"] == "Alibaba"
        assert "Rate limit reached for qwen3-coder-plus" in fields["reported error"]
        assert "Throttling.RateQuota" in fields["reported error"]  # the raw body too, in full
        assert "Throttling.RateQuota" in screen_text(app)


def test_detail_lists_unknown_fields_and_keeps_network_text_as_data():
    attempts = [ProviderAttempt.model_validate({
        "provider_name": "[bold]Quasar[/bold]", "status": 502, "latency": 2410.5,
        "routed_service_tier": "flex-2", "region": "us-east-2", "queue_ms": 84,
        "error": "line one\nline two \x1b[31m"})]
    error = ContentError(provider_name="[bold]Quasar[/bold]", status=502, message="upstream reset")
    fields = dict(attempt_detail(attempts, 0, error))
    assert fields["provider"].startswith("[bold]Quasar[/bold]")  # as sent, not as markup
    assert fields["routed tier"] == "flex-2  (new)"
    assert fields["region"] == "us-east-2" and fields["queue_ms"] == "84"
    assert "\x1b" not in fields["error"] and fields["error"].startswith("line one\nline two")
    assert fields["reported error"] == "upstream reset"
    assert fields["latency"].startswith("2.41 s")


async def test_the_dialog_draws_markup_like_text_as_it_is(make_app):
    rows = [("provider", "[red]not markup[/red]"), ("error", "first\nsecond")]
    app = make_app()
    async with app.run_test(size=APP_SIZE) as pilot:
        await app.push_screen(AttemptDetailDialog("Provider attempt 1", rows))
        await pilot.pause()
        text = screen_text(app)
        assert "[red]not markup[/red]" in text
        assert "second" in text
