"""Comparing versions: article alignment, word-level inline diff, redlines, renumbering with reference rewriting."""
