"""Consolidation aids for working groups: finding proposals that duplicate or overlap."""
