"""Writers and readers of documents: Markdown, HTML, Word."""
