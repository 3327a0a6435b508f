"""合法性审核: the one review pipeline, stored reviews with dispositions and sign-off, the 合法性审核意见书."""
