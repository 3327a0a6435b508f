"""Who is who and who may do what: roles, users (argon2), the role × action matrix, document/version visibility."""
