"""Sentence vectors: the offline multilingual encoder, and vectors kept on disk by content.

The meaning tier (bot.check.meaning) and the knowledge search (bot.knowledge) both embed text
here; nothing else imports the encoder.
"""
