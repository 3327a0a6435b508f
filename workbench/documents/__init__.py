"""Documents and their immutable versions, the working copy of the drafting editor, live help, renumbering as a new version."""
