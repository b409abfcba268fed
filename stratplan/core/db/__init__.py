"""Store access: typed models, engine set-up and migrations."""
