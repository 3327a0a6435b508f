"""The small base: coded errors, the Beijing-date clock, dates from users, the SQLite connection/transaction helper, the audit chain."""
from lawtext.errors import register_messages
from base.messages import MESSAGES

register_messages("base", MESSAGES)   # the package's errors render their text from its catalogue
