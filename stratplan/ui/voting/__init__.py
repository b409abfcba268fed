"""The voting window: rounds, this organisation's ballot, results with charts, the ballots."""
