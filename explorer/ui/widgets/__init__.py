"""Widgets of the explorer screen; each one only renders what the app gives it."""
