"""Amendments: line numbers of a revision's text, changes to its passages, and their merging."""
