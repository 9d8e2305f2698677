"""The knowledge base: articles, their moderation, engagement and search."""
