"""Services: keyword-only operations on a session that return plain dataclasses."""
