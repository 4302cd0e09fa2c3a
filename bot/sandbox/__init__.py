"""phrasebot sandbox: a Slack look-alike on one local page that drives the real app."""
