"""Article feeds: RSS 2.0, Atom 1.0 and JSON Feed 1.1 of the latest articles, filtered like
the article list, built with Django's syndication framework and served as API views."""
