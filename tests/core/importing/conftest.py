"""Fixtures shared with the export tests: importing reads back what the exporters wrote."""

from tests.core.export.conftest import written

__all__ = ["written"]
