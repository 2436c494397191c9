"""tsp: the register and reporting tool of a regional programme of targeted support.

Use it from Python through its modules: `tsp.register` holds the `Register` (records, their
problems and where each was read), `tsp.load` reads data/ into one (`load`, `load_checked`,
`sound_part`), `tsp.checks` finds the problems across records, and `tsp.queries`, `tsp.plan`
and `tsp.counting` answer the questions the commands ask. Importing `tsp` itself imports none
of them.
"""

__version__ = "0.1.0"
