"""The SEND data challenge's questions: what the figures say, rule by rule.

A measure (counting rule) is a YAML record in data/measures/ (tsp.models.measure); its
figures are one tidy CSV per measure in data/figures/ (value types in tsp.models.figures,
read by tsp.load.figures), for the places tsp.places knows. Here: `compare` ranks the
authorities on a rule, `impact` sets a package's figures beside it, and `words` says a rule
in plain words. Writing figures (tsp figures import, fetch, a return workbook,
tsp new measure) is tsp.edits'; their checks are tsp.checks.measures; the data report is
tsp.reporting's.
"""
