"""Qt item models: adapters over the plain data the services return."""
