"""Exports of a generation: Markdown and JSON texts (`formats`) and writing them to files (`files`)."""
