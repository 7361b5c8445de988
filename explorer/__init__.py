"""ModelGates Explorer: inspect LLM generations from the terminal."""

__version__ = "0.1.0"
