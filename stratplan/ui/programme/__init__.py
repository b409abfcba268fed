"""The programme window: sections and releases, this organisation's local plan, exports."""
