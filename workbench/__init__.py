"""法规起草与审查工作台: the domain core (no Streamlit imports here)."""
from lawtext.errors import register_messages
from workbench.messages import MESSAGES

register_messages("workbench", MESSAGES)   # the package's errors render their text from its catalogue

__version__ = "0.1.0"
