"""`looks_like_markdown`: Markdown answers render, scripts and programs stay as they are."""

from __future__ import annotations

import pytest

from explorer.presentation.markdown_signals import looks_like_markdown

BACKUP_SCRIPT = """\
# Back up the database every night
# Keeps 7 days of dumps.
BACKUP_DIR=/var/backups/db
mkdir -p "$BACKUP_DIR"
pg_dump --format=custom \\
    --file="$BACKUP_DIR/db-$(date +%F).dump" \\
    mydb
# Remove old dumps
find "$BACKUP_DIR" -name '*.dump' -mtime +7 -delete
"""

PYTHON = """\
# Parse the config
import json


class Config:
    def __init__(self, **options):
        self.options = options  # **kwargs stay as given

    def get(self, name):
        return self.options.get(name)
"""

MARKDOWN = {
    "heading and list": "# Steps\n\n1. Open the file\n2. Save it\n",
    "heading and bold": "# Weather\n\nIt is **21 °C** and clear in Paris.\n",
    "fenced code": "Run this:\n\n```bash\n# Back up\ntar czf a.tgz dir \\\n  other\n```\n",
    "a link": "See [the docs](https://example.com/docs) for details.",
    "inline code": "Set `timeout` to 30 seconds.",
    "a table": "| a | b |\n|---|---|\n| 1 | 2 |\n",
    "a quote": "> Premature optimisation is the root of all evil.\n\nIndeed.",
    "a bullet list": "Options:\n- fast\n- cheap\n",
    "italic": "# Title\n\nSome *prose* here.",
}

RAW = {
    "a bash script with # comments and \\ continuations": BACKUP_SCRIPT,
    "a script with a shebang": "#!/bin/sh\n# Print\n- echo **hi**\n",
    "python with # comments and **kwargs": PYTHON,
    "a heading alone (a comment)": "# Back up everything\nrsync -a src/ dst/\n",
    "plain prose": "The answer is 42. Nothing more to say.",
    "#hashtag is not a heading": "#weekend plans\nnothing special",
    "empty": "",
    "C pointers and globs": "int *p, *q;\nls *.txt *.md\n",
}


@pytest.mark.parametrize("text", MARKDOWN.values(), ids=MARKDOWN.keys())
def test_markdown_is_recognised(text):
    assert looks_like_markdown(text)


@pytest.mark.parametrize("text", RAW.values(), ids=RAW.keys())
def test_anything_else_stays_raw(text):
    assert not looks_like_markdown(text)
