"""The phrasebook: load rule files, check them thoroughly, and edit them for leads."""
