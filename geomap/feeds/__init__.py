"""News feeds and lists of article URLs as a source of articles: fetched politely, read once."""
