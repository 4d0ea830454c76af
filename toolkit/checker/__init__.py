"""The compliance checker: judge a Document against the requirement catalogue."""
