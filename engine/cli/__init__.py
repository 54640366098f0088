"""The `jobzone` command line: `start` is the entry point (it answers `--version` before
typer is imported); `app` builds the typer app from `commands/`, one module a command;
`sources` expands SOURCES; `early_start` starts a pool's server from the raw arguments.
The top layer: nothing else in jobzone imports it.
"""
