"""Changing the register: round-trip YAML edits, checked in memory, written atomically.

- `document`: splice a changed field into a file and keep everything else byte for byte.
- `edit`: one field of one record (tsp set), built and checked before it is written.
- `status`: the package lifecycle (tsp status).
- `new`, `questions`: new records (tsp new).
- `atomic`: every file tsp writes goes through here.
"""
