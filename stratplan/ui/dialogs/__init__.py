"""Dialogs; each offers a class method `ask(...)` so tests can replace it."""
