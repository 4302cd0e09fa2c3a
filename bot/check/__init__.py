"""The check: find what a draft says that a customer should not hear, and rewrite it."""
