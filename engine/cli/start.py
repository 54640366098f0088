"""The `jobzone` program's entry point: `--version` is answered before typer is imported,
and `check` and `score` by a running check server when there is one.

The app (`jobzone.engine.cli.app`) imports typer and Click when it is imported, since its
options are typer objects made at definition time; with the early pool start that is
about 0.1 s of CPU a version query does not need (issue 17: `--version` <= 0.15 s).
"""

from __future__ import annotations

import sys


def version() -> str:
    from importlib.metadata import version as installed

    return f"jobzone {installed('jobzone')}"


def main() -> None:
    """The program; a Ctrl-C while it starts ends it as one during a command does (130,
    no traceback), and a closed standard output is said, not a traceback."""
    try:
        _main()
    except KeyboardInterrupt:
        raise SystemExit(130) from None


def _main() -> None:
    if sys.stdout is None:  # started with `>&-`: nowhere to print a finding
        if sys.stderr is not None:
            print("jobzone: standard output is closed", file=sys.stderr)
        raise SystemExit(2)
    if sys.argv[1:] in (["--version"], ["-V"]):
        print(version())
        raise SystemExit(0)
    from jobzone.engine.cli.server_client import forward

    served = forward(sys.argv[1:])  # a running check server: `jobzone server start`
    if served is not None:
        raise SystemExit(served)
    from jobzone.engine.cli.app import main as run

    run()
