"""Stories: copies of one piece of news found among articles by near-duplicate detection."""
