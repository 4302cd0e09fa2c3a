"""What the Slack app keeps: retries seen, tips, feedback, mutes, the audit log."""
