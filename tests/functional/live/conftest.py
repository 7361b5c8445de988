"""Fixtures of the live view's tests: the history stores of the history views' tests."""

from tests.functional.history.conftest import empty_store, store  # noqa: F401  (pytest fixtures)
