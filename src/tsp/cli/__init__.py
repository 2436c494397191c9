"""The command line: the only package that knows about Typer, Rich, printing and exit codes."""
