"""tsp status: move a package on through its lifecycle, recording the move in status_history.

Only forward moves (skipping stages is fine) or a withdrawal before closing are allowed; a
mistake is corrected by hand. The move is an Edit (tsp.edits.check), checked in memory
before anything is written.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ruamel.yaml.comments import CommentedMap

from tsp.edits.check import Edit, checked_edit, find_package
from tsp.edits.document import TopLevelEditor, plain_or_quoted, read_for_edit, styled_like
from tsp.errors import UsageError
from tsp.kinds import RecordKind
from tsp.models import LIFECYCLE, Package, Status
from tsp.register import Register


def allowed_moves(current: Status) -> list[Status]:
    """Forward through the lifecycle (skipping stages is fine), or withdrawn until closed."""
    if current in (Status.CLOSED, Status.WITHDRAWN):
        return []
    later = list(LIFECYCLE[LIFECYCLE.index(current) + 1:])
    return [*later, Status.WITHDRAWN]


def change_status(register: Register, package_id: str, new: Status, on: dt.date,
                  note: str | None = None) -> Edit:
    """Move a package to `new`, recording the move in status_history."""
    package = find_package(register, package_id)
    current = package.status
    if new == current:
        raise UsageError(f"{package_id} is already '{current}'; nothing to change.")
    allowed = allowed_moves(current)
    if new not in allowed:
        if not allowed:
            raise UsageError(
                f"{package_id} is '{current}', the end of its lifecycle: it cannot move to "
                f"'{new}'.",
                hint="To correct a mistake, edit the file by hand and explain it in the pull "
                "request.",
            )
        raise UsageError(
            f"{package_id} cannot move from '{current}' back to '{new}'. From '{current}' it "
            f"can move to: {', '.join(allowed)}.",
            hint="The lifecycle runs " + " → ".join(LIFECYCLE) + "; withdrawn is possible "
            "from any stage before closed. If the status was recorded by mistake, edit the "
            "file by hand (status, and its latest status_history entry) and explain it in the "
            "pull request.",
        )
    history = package.status_history
    if history and on < history[-1].on:
        raise UsageError(
            f"--on {on} is before the last recorded change ({history[-1].on}: "
            f"{history[-1].status}); status_history is kept oldest first.",
        )
    path = register.path_of(RecordKind.PACKAGE, package.id)
    old_text, bom = read_for_edit(path)
    editor = TopLevelEditor(old_text, list(Package.model_fields), path.name)
    text = editor.set("status", styled_like(editor.doc.get("status"), str(new)))
    entry: dict[str, Any] = {"status": str(new), "on": on}
    if note:
        entry["note"] = plain_or_quoted(note)
    text = TopLevelEditor(text, list(Package.model_fields), path.name).append(
        "status_history", CommentedMap(list(entry.items())))
    changes: tuple[str, ...] = (
        f"status: {current} → {new}",
        f"status_history: + {new} on {on.isoformat()}" + (f" ({note})" if note else ""))
    if package.status_basis is not None:
        # status_basis says how a status was read from a document; one recorded as it
        # happened, with its date, has none (the field's own description), so the old
        # basis would mark the new status † in reports as a reading it is not
        text = TopLevelEditor(text, list(Package.model_fields), path.name).delete(
            "status_basis")
        changes += (f"status_basis: {package.status_basis} → (none: recorded as it happened)",)
    return checked_edit(register, RecordKind.PACKAGE, package.id, path, text, changes, bom,
                         old_text=old_text)
