"""Vote counting for coalition rounds: approval, Schulze and Borda rankings, scores."""
