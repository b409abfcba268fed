"""The progress window: our reports, reminders and the coalition's view of progress."""
