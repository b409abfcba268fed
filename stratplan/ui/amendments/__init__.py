"""The amendments tab of the main window."""
