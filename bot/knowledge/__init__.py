"""The knowledge base of known fixes: files, the search index, and search."""
