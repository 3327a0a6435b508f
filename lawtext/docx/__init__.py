"""Word documents: reading (numbering, tracked changes), writing in 公文 style, 对照表 and tracked-changes redlines."""
