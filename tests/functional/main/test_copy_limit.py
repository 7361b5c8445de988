"""Copying through the terminal (OSC 52, when there is no system clipboard) stops at what
terminals take: a longer text is not sent and never reported as copied; the notification says
why and offers the export instead."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from explorer.demo.data import DEMO_CASES
from explorer.ui.copier import OSC52_MAX_BYTES, Copier
from tests.support.app import CopyRecorder
from tests.support.pilot import settle
from tests.support.screen import notifications
from tests.support.sizes import APP_SIZE

LARGE_ID = DEMO_CASES["large-content"]  # a 928,281-character completion


async def test_the_huge_completion_is_not_sent_to_the_terminal_and_export_is_offered(make_app):
    no_clipboard = CopyRecorder(works=False)
    app = make_app(ids=[LARGE_ID], copy_text=no_clipboard)
    async with app.run_test(size=APP_SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("c")
        await pilot.pause()
        [completion] = no_clipboard.copied  # the system clipboard was tried: it has none
        assert len(completion) == 928_281
        said = notifications(app)[-1]
        assert said.message == ("Too large for the terminal clipboard (928,281 characters, "
                                "limit 74,994 bytes): press e to export it to a file instead.")
        assert (said.title, said.severity) == ("Not copied", "warning")
        assert app.clipboard == ""  # nothing went out through OSC 52
        assert not any("Copied" in n.message or n.title == "Copied" for n in notifications(app))


class Owner(SimpleNamespace):
    """The copier's owner: records notifications and what went out through OSC 52."""

    def __init__(self) -> None:
        super().__init__(said=[], app=SimpleNamespace(sent=[]))
        self.app.copy_to_clipboard = self.app.sent.append

    def notify(self, message: str, **options) -> None:
        self.said.append((message, options))


@pytest.mark.parametrize(("text", "sent"), [
    ("x" * OSC52_MAX_BYTES, True),
    ("x" * (OSC52_MAX_BYTES + 1), False),
    ("é" * (OSC52_MAX_BYTES // 2), True),  # 2 bytes each: the limit is in encoded bytes
    ("é" * (OSC52_MAX_BYTES // 2 + 1), False),
])
def test_the_limit_is_the_encoded_size(text, sent):
    owner = Owner()
    Copier(owner, services=None, copy_text=CopyRecorder(works=False)).copy(text, "the text")
    assert owner.app.sent == ([text] if sent else [])
    [(message, options)] = owner.said
    assert message.startswith("Copied the text via terminal (OSC 52)" if sent
                              else "Too large for the terminal clipboard")


def test_a_system_clipboard_has_no_such_limit():
    owner = Owner()
    huge = "x" * (10 * OSC52_MAX_BYTES)
    Copier(owner, services=None, copy_text=CopyRecorder()).copy(huge, "the text")
    assert owner.said == [("Copied the text.", {"title": "Copied", "markup": False})]
    assert owner.app.sent == []
