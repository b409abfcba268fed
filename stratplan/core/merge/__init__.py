"""Three-way merging of concurrent plan-point revisions: texts by paragraph or line, and fields."""
