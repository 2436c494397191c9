"""The SEND data challenge: counting rules (measures) and the figures counted by them.

A measure is a YAML record in data/measures/; its figures are one tidy CSV per measure in
data/figures/. `figures` reads the CSVs, `load` reads both with every problem at
file:line:column; `places` says which places a figure can be for, `compare` ranks the
authorities and `impact` sets a package's figures beside it. Writing figures (tsp figures
import, fetch, a return workbook, tsp new measure) is tsp.edits' work; their checks are
tsp.checks.measures.
"""
