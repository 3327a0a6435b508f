"""法规起草与审查工作台: the domain core (no Streamlit imports here)."""
__version__ = "0.1.0"
