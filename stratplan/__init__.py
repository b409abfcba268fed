"""StratPlan: build one strategic programme together, offline first."""

__version__ = "0.1.0"
