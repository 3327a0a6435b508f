"""Legal text: the article tree, parsing and writing, numerals and vocabulary, editing, terms, the NLP pipeline, .docx and diffs. Imports nothing else of the project."""
