"""Changing the register: round-trip YAML edits, checked in memory, written atomically.

- `document`: splice a changed field into a file and keep everything else byte for byte.
- `check`: an edit checked in memory, as tsp validate would, before it is written.
- `set`, `status`, `fund`, `log`: one change to one record (tsp set, status, fund, log).
- `new`, `questions`, `quick_yaml`, `constructs`: new records (tsp new).
- `tracker_*`: a programme tracker spreadsheet read into new packages (tsp import).
- `figures_*`, `new_measure`: figures into data/figures/ (tsp figures import, fetch) and
  new counting rules (tsp new measure).
- `atomic`: every file tsp writes into the register, or as a report or workbook, goes
  through here (the site is written into a staging folder, swapped in whole: tsp.reporting.site).
"""
