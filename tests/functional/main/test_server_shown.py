"""Which server is in use (issue #12): named in the title; in demo mode `u` copies a command
for the demo server that can answer it, and says that server must be running."""

from __future__ import annotations

from explorer.api.client import GenerationsClient
from explorer.ui.widgets.id_entry import IdEntry
from tests.support.app import FALLBACK_ID, demo_transport
from tests.support.pilot import settle
from tests.support.screen import notifications, screen_text
from tests.support.sizes import APP_SIZE

GATEWAY = "https://gateway.example.test:8443/api/v1"


def gateway_client(clock) -> GenerationsClient:
    """A client for another server (answered in-process by the demo API)."""
    return GenerationsClient(GATEWAY, "sk-test-key", transport=demo_transport(clock),
                             clock=clock.time, sleep=clock.sleep)


async def test_the_title_names_the_in_process_demo(make_app):
    app = make_app()
    async with app.run_test(size=APP_SIZE) as pilot:
        await settle(pilot)
        assert app.sub_title == "demo"
        assert app.query_one(IdEntry).border_subtitle == "server: demo"
        assert "server: demo" in screen_text(app)


async def test_the_title_names_the_servers_host(make_app, clock):
    app = make_app(gateway_client(clock))
    async with app.run_test(size=APP_SIZE) as pilot:
        await settle(pilot)
        assert app.sub_title == "gateway.example.test"
        assert "server: gateway.example.test" in screen_text(app)


async def test_u_in_demo_mode_copies_a_command_for_the_demo_server_and_says_so(make_app,
                                                                              clipboard):
    app = make_app(ids=[FALLBACK_ID], demo=True)
    async with app.run_test(size=APP_SIZE) as pilot:
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        assert clipboard.copied == [
            'curl -s -H "Authorization: Bearer demo-key" '
            f'"http://127.0.0.1:8787/api/v1/generation?id={FALLBACK_ID}"']
        said = notifications(app)[-1].message
        assert "modelgates-explorer serve-demo" in said and "127.0.0.1:8787" in said


async def test_u_for_a_real_server_keeps_the_key_in_the_environment(make_app, clipboard, clock):
    app = make_app(gateway_client(clock), ids=[FALLBACK_ID])
    async with app.run_test(size=APP_SIZE) as pilot:
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        assert clipboard.copied == [
            'curl -s -H "Authorization: Bearer $MODELGATES_API_KEY" '
            f'"{GATEWAY}/generation?id={FALLBACK_ID}"']
        assert "sk-test-key" not in clipboard.copied[0]
        assert "serve-demo" not in notifications(app)[-1].message
