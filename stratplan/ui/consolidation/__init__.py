"""The consolidation window: overlap suggestions, side-by-side merge, merges to undo."""
