"""The command line: `phrasebot check | lint | fixes | kb lint | serve | start | stats | demo`."""

EXIT_PROBLEMS = 1  # the command ran and found problems (lint), or no answer (fixes)
EXIT_USAGE = 2  # the command could not run as asked
