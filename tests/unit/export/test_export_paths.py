"""Export paths (pure): the default file name, and the format by extension."""

from __future__ import annotations

from explorer.export.files import default_export_path, format_for_path, with_format


def test_default_names_and_formats():
    assert default_export_path("gen-1795-abc") == "./gen-1795-abc.md"
    assert default_export_path("gen-odd id&x=1/..", "json") == "./gen-odd_id_x_1.json"
    assert format_for_path("x.JSON") == "json" and format_for_path("x.md") == "markdown"
    assert format_for_path("report.txt") == "markdown"
    assert with_format("./a.md", "json") == "./a.json"
    assert with_format("./a", "markdown") == "./a.md"
