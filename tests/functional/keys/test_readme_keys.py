"""The README's key tables list exactly the keys the help lists, screen by screen (the help is
read from the bindings: a key added to the app without a README row fails here, and so does a
README row for a key the app does not bind)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from explorer.ui.dialogs.help import screen_key_help
from explorer.ui.lines.row_list import RowList
from tests.functional.keys.conftest import SCREENS, app_for, open_screen
from tests.support.sizes import APP_SIZE

README = Path(__file__).resolve().parents[3] / "README.md"
KEY_NAMES = {"?": "question_mark", "/": "slash", "esc": "escape", "↑": "up", "↓": "down",
             "←": "left", "→": "right", "pgup": "pageup", "pgdn": "pagedown"}
"""README spellings of Textual's key names (the others are spelled alike: `ctrl+l`, `enter`)."""
EVERY_VIEW, LISTS = "Every view", "Lists"


def readme_key_tables() -> dict[str, set[str]]:
    """The key tables under the README's "### Keys": title (up to any parenthesis) → the keys
    in the first column (Textual's names)."""
    text = README.read_text(encoding="utf-8")
    section = text.split("\n### Keys\n", 1)[1].split("\n## ", 1)[0]
    tables: dict[str, set[str]] = {}
    title = None
    for line in section.splitlines():
        if line.startswith("#### "):
            title = line[5:].split(" (")[0].strip()
            tables[title] = set()
        elif line.startswith("| `") and title is not None:
            first_column = line.split("|")[1]
            tables[title] |= {KEY_NAMES.get(key, key) for key in re.findall(r"`([^`]+)`",
                                                                              first_column)}
    return tables


def test_the_readme_has_a_key_table_per_screen():
    assert set(readme_key_tables()) == {*SCREENS, EVERY_VIEW, LISTS}


@pytest.mark.parametrize("name", SCREENS)
async def test_the_readme_lists_the_keys_the_help_lists(make_app, store, name):
    tables = readme_key_tables()
    app = app_for(make_app, store, name)
    async with app.run_test(size=APP_SIZE) as pilot:
        screen = await open_screen(pilot, name)
        helped = {key for line in screen_key_help(screen) for key, _ in line.bound}
        readme = set(tables[name])
        if name != "Main screen":
            readme |= tables[EVERY_VIEW]
            if screen.query(RowList):
                readme |= tables[LISTS]
        assert helped - readme == set(), f"keys of {name} missing from the README"
        assert readme - helped == set(), f"README keys of {name} not bound there"
