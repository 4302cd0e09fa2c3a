"""The Slack edge: the only package that knows Slack."""
