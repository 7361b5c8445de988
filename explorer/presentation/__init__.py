"""Pure presentation: safe text, content blocks, wrapping, table cells, metadata sections (no textual)."""
