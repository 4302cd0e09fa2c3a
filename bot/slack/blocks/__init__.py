"""Block Kit builders: kit.py holds the limits, escaping and fitting; one module per feature."""
