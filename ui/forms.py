"""Forms bound to a record: widget keys derived from the record, and a record picker that keeps its pick.

Streamlit remembers a keyed widget's value across reruns and ignores its ``index``/``value`` once
the key is in the session. A form that shows one record (a user's role, a project's linked
document, the label of the next version) must therefore key its widgets by that record — and by
the stored value it shows, so that a change saved elsewhere is shown too — or it keeps showing, and
saving, the previous record's values. ``record_key`` builds such keys; every page form bound to a
record uses it (tests/app/test_record_forms.py walks them).
"""
from __future__ import annotations

from collections.abc import Callable, Hashable

import streamlit as st


def record_key(name: str, record_id: Hashable, *values: Hashable) -> str:
    """The widget key of field ``name`` of the record ``record_id`` showing stored ``values``:
    another record, or a new stored value, gives a new widget that starts from the stored value."""
    return "__".join([name, str(record_id), *(str(v) for v in values)])


def pick_record(label: str, records: dict, *, key: str, format_func: Callable[[Hashable], str], where=st,
                help: str | None = None) -> Hashable:
    """A selectbox over ``records`` (id → record) that keeps the chosen id when its label changes
    (Streamlit matches a selectbox's value by its label: saving a user's role renames the option,
    and a plain selectbox would fall back to the first user)."""
    state = st.session_state
    chosen_key = key + "__chosen"
    ids = list(records)
    if state.get(chosen_key) in records:
        state[key] = state[chosen_key]
    elif state.get(key) not in records:
        state[key] = ids[0]
    picked = where.selectbox(label, ids, key=key, format_func=format_func, help=help,
                             on_change=lambda: state.update({chosen_key: state[key]}))
    state[chosen_key] = picked
    return picked


NONE = "\u2205"   # the option meaning "none" or "all": never ``None``, see select_or_none


def select_or_none(label: str, options: list, *, none_label: str, format_func: Callable[[Hashable], str],
                   key: str, chosen: Hashable | None = None, where=st, help: str | None = None) -> Hashable | None:
    """A selectbox whose first option (``none_label``: 全部, （无）, 整体意见) stands for "none";
    returns the picked option or ``None``.

    The "none" option is a sentinel, not ``None``: Streamlit serialises a ``None`` value as "no
    selection", so when it resets a box whose stored pick left the options (the last 草案审议
    document moved on) the browser showed an empty box with its English placeholder."""
    opts = [NONE, *options]
    index = opts.index(chosen) if chosen in opts else 0
    picked = where.selectbox(label, opts, index=index, key=key, help=help,
                             format_func=lambda o: none_label if o == NONE else format_func(o))
    return none_if_unset(picked)


def none_if_unset(picked: Hashable | None) -> Hashable | None:
    """The value of a box offering ``NONE``: ``None`` for the sentinel, else the pick."""
    return None if picked == NONE else picked
