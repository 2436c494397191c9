"""The floor app (floor_app.py), run the way the `tsp` command runs: the cyclic garbage
collector off while it starts, and everything frozen at exit (see tsp.cli.entry). Unlike tsp,
the collector stays off for the command too: its one small file makes too little to collect
(timed both ways, the same).

tsp's entry point does this to skip collections that find no garbage; timing the floor app
the same way gives the like-for-like ratio, so the benchmarks can show how much of tsp's
lead over the floor is that arrangement and how much is tsp doing less.

    python benchmarks/floor_app_like_tsp.py --file data/authorities/reading.yaml
"""

import gc

gc.disable()
try:
    # (this folder is first on sys.path when run as a script)
    from floor_app import app

    app()
finally:
    gc.freeze()
