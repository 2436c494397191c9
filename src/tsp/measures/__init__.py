"""The SEND data challenge: counting rules (measures) and the figures counted by them.

A measure is a YAML record in data/measures/; its figures are one tidy CSV per measure in
data/figures/. `model` holds the records, `figures` reads and writes the CSVs, `load` reads
both with every problem at file:line:column, `checks` checks them against each other and the
register, `dfe` imports Explore Education Statistics files, `compare` ranks the authorities.
"""
