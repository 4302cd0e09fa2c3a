"""The command line: `phrasebot check | lint | fixes | kb lint | serve | stats | demo`."""
