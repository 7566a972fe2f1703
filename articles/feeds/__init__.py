"""RSS and Atom feeds in: safe fetching and parsing, ingestion entry by entry, polling."""
