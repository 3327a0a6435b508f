"""The regulation corpus: import (importer), storage (store), the article index (index), search
(search) and conflict search against 上位法 and peer regulations (conflicts)."""
from lawtext.errors import register_messages
from corpus.messages import MESSAGES

register_messages("corpus", MESSAGES)   # the package's errors render their text from its catalogue
