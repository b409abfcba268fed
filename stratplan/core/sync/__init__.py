"""Sharing between laptops: bundle files (more to come: roster, shared folder, hub)."""
