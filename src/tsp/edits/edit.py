"""Older home of the edit machinery, kept so code that imports it still runs.

`tsp.edits.check` checks an edit in memory; `tsp.edits.set` is tsp set; `tsp.edits.values`
turns typed text into values.
"""

from __future__ import annotations

from tsp.dates import partial_date_value
from tsp.edits.check import Edit, check_text, checked_edit, find_record
from tsp.edits.set import (
    FieldShape,
    change_items,
    field_shape,
    item_value,
    scalar_value,
    set_field,
    unset_field,
)
from tsp.edits.values import choose

__all__ = ["Edit", "FieldShape", "change_items", "check_text", "checked_edit", "choose",
           "field_shape", "find_record", "item_value", "partial_date_value", "scalar_value",
           "set_field", "unset_field"]
