"""The small base: coded errors, the Beijing-date clock, dates from users, the SQLite connection/transaction helper, the audit chain."""
