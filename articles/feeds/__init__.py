"""RSS and Atom feed import: safe fetching, safe parsing, ingestion entry by entry."""
