"""The demo workspace for the fictional 示例市 (SEED_STEPS)."""
