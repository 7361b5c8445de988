"""Pure computations over the API models (no I/O, no textual): tests call them directly."""
