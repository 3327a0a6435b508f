"""Legal text: the article tree, parsing and writing, numerals and vocabulary, editing, terms, the NLP pipeline, .docx and diffs. Imports nothing else of the project."""
from lawtext.errors import register_messages
from lawtext.messages import MESSAGES

register_messages("lawtext", MESSAGES)   # the package's errors render their text from its catalogue
