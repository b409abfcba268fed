"""The command-line sub-commands, one module per area."""
