"""Standard representations of articles besides the API's own JSON: IPTC ninjs."""
