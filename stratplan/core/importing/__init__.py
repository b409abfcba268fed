"""Reading proposals in from files people bring: Word documents and Markdown."""
