"""The SEND data challenge's questions: the places a figure can be for, and what the figures say.

A measure (counting rule) is a YAML record in data/measures/ (tsp.models.measure); its
figures are one tidy CSV per measure in data/figures/ (value types in tsp.models.figures,
read by tsp.load.figures). Here: `places` says which places a figure can be for, `compare`
ranks the authorities on a rule, `impact` sets a package's figures beside it, and `words`
says a rule in plain words. Writing figures (tsp figures import, fetch, a return workbook,
tsp new measure) is tsp.edits'; their checks are tsp.checks.measures; the data report is
tsp.reporting's.
"""
