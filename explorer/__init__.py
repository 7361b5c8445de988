"""ModelGates Explorer: inspect one LLM generation from the terminal."""

__version__ = "0.1.0"
APP_NAME = "modelgates-explorer"
